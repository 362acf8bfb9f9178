# The Debian package (`cpack -G DEB` in the build directory): leadsd,
# leadsctl, the console's front end when built, the systemd unit, the
# default config (a conffile) and the deployment docs. Only the install
# component "server" goes in (not the client library's headers and archives).
set(LEADS_PACKAGING_DIR ${CMAKE_CURRENT_LIST_DIR})
install(FILES ${LEADS_PACKAGING_DIR}/leadsd.service DESTINATION lib/systemd/system COMPONENT server)
install(FILES ${LEADS_PACKAGING_DIR}/leadsd.conf DESTINATION /etc/leads COMPONENT server)
install(FILES ${PROJECT_SOURCE_DIR}/docs/DEPLOYMENT.md ${PROJECT_SOURCE_DIR}/README.md
        DESTINATION share/doc/leads COMPONENT server)

set(CPACK_GENERATOR DEB)
set(CPACK_PACKAGE_NAME leads)
set(CPACK_PACKAGE_VERSION ${PROJECT_VERSION})
set(CPACK_PACKAGE_CONTACT "leads maintainers <leads@example.org>")
set(CPACK_PACKAGE_DESCRIPTION_SUMMARY "self-hostable leads platform server, wire-compatible with the Tencent Ads leads platform")
set(CPACK_PACKAGING_INSTALL_PREFIX /usr)
set(CPACK_INSTALL_CMAKE_PROJECTS "${CMAKE_BINARY_DIR};leads;server;/")
set(CPACK_STRIP_FILES ON)
set(CPACK_DEBIAN_FILE_NAME DEB-DEFAULT)
set(CPACK_DEBIAN_PACKAGE_SECTION net)
set(CPACK_DEBIAN_PACKAGE_SHLIBDEPS ON)
set(CPACK_DEBIAN_PACKAGE_DEPENDS "adduser")
set(CPACK_DEBIAN_COMPRESSION_TYPE gzip)
set(CPACK_DEBIAN_PACKAGE_CONTROL_EXTRA ${LEADS_PACKAGING_DIR}/debian/conffiles ${LEADS_PACKAGING_DIR}/debian/postinst
    ${LEADS_PACKAGING_DIR}/debian/prerm ${LEADS_PACKAGING_DIR}/debian/postrm)
set(CPACK_DEBIAN_PACKAGE_CONTROL_STRICT_PERMISSION ON)
include(CPack)

if(LEADS_BUILD_TESTS)
  # Builds the .deb and checks it (a few seconds; needs leadsd and leadsctl built).
  add_test(NAME package_deb_test COMMAND ${LEADS_PACKAGING_DIR}/test-deb.sh ${CMAKE_BINARY_DIR})
  set_tests_properties(package_deb_test PROPERTIES LABELS package TIMEOUT 300)
endif()
