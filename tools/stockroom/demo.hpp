#pragma once

namespace stockroom {

// `stockroom demo`: loads TPC-H SF 0.1 (../shared/data/tpch/sf0.1, or --data DIR) into the
// embedded database and prints a short report. Returns the process exit status.
int RunDemo(int argc, char** argv);

}  // namespace stockroom
