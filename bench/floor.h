// The storage floor: what SQLite alone costs for the bytes and index entries
// that leads need, with none of leadsd's parsing, validation, tagging or
// rendering. bench/run.sh prints it beside the import and intake figures, the
// way nginx on the same bytes stands beside the list figures.
#pragma once

#include <cstddef>
#include <string>
#include <vector>

namespace leads::bench {

struct FloorOptions {
  std::string db;       // a new SQLite file (WAL, synchronous=NORMAL, 64 MB cache, a checkpoint every 10,000 pages: leadsd's settings)
  bool keys = false;    // also the index entries a lead needs (see floor.cc)
  std::string intake;   // "" or a file stored after the others, `batch` rows per commit (as intake)
  size_t batch = 500;
};

struct FloorResult {
  size_t rows = 0;              // of the import files
  double rows_per_s = 0;        // import files, one transaction each (as `leadsd leads import`)
  size_t intake_rows = 0;
  double intake_rows_per_s = 0;  // the intake file, into the store the import files filled
};

// Stores each line of each file as one row, then the intake file's. Prints
// nothing; throws std::runtime_error on a SQLite or file error.
FloorResult RunFloor(const FloorOptions& o, const std::vector<std::string>& files);

}  // namespace leads::bench
