# cmake -DBUILD_DIR=... -DSOURCE_DIR=... -DWORK_DIR=... -P consumer_test.cmake
# Installs the build into WORK_DIR/root/prefix, then configures, builds and
# runs the consumer project against it. Installed under DESTDIR: the server
# component's config has an absolute destination (/etc/leads), which
# --prefix alone would write to the machine's own /etc.
file(REMOVE_RECURSE ${WORK_DIR})
file(MAKE_DIRECTORY ${WORK_DIR})
macro(run)
  execute_process(COMMAND ${ARGN} RESULT_VARIABLE rc OUTPUT_VARIABLE out ERROR_VARIABLE err)
  if(NOT rc EQUAL 0)
    message(FATAL_ERROR "failed (${rc}): ${ARGN}\n${out}\n${err}")
  endif()
endmacro()
set(prefix ${WORK_DIR}/root/prefix)
run(${CMAKE_COMMAND} -E env DESTDIR=${WORK_DIR}/root ${CMAKE_COMMAND} --install ${BUILD_DIR} --prefix /prefix)
foreach(f include/leads/leads.h include/leads/client.h lib/cmake/leads/leadsConfig.cmake bin/leadsctl)
  if(NOT EXISTS ${prefix}/${f})
    message(FATAL_ERROR "not installed: ${f}")
  endif()
endforeach()
if(NOT EXISTS ${WORK_DIR}/root/etc/leads/leadsd.conf)
  message(FATAL_ERROR "the server config was not installed under DESTDIR")
endif()
run(${CMAKE_COMMAND} -S ${SOURCE_DIR} -B ${WORK_DIR}/build -DCMAKE_PREFIX_PATH=${prefix} -DCMAKE_BUILD_TYPE=Release)
run(${CMAKE_COMMAND} --build ${WORK_DIR}/build -j1)
run(${WORK_DIR}/build/consumer)
message(STATUS "consumer: ${out}")
file(REMOVE_RECURSE ${WORK_DIR})
