#pragma once

namespace stockroom {

// Runs `stockroom generate`: parses its options and writes the landing zone. Returns the
// exit status (0 on success, 1 on a usage or write error).
int RunGenerate(int argc, char** argv);

}  // namespace stockroom
