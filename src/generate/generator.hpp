#pragma once

#include <cstdint>
#include <cstdio>
#include <optional>

#include "generate/world.hpp"

namespace stockroom {

struct GenerateSummary {
  uint64_t files = 0, rows = 0, bytes = 0, malformed = 0;
  double seconds = 0;
};

// Writes the landing zone of spec §3 for all systems into options.out: the backfill,
// then options.increments daily extracts. Runs on options.threads threads (0: all cores);
// the files are byte-identical for the same options whatever the thread count. Prints
// progress to `progress` (nullptr: silent). Throws std::invalid_argument for bad options
// or an out directory that is not empty, SqlError for write errors.
GenerateSummary Generate(const GenerateOptions& options, std::FILE* progress);

// Generate, unless options.out already holds a complete landing zone made with the same
// options (the `.complete` file written last names them): then nothing is written and the
// result is empty. A zone made with other options, or left half-written, is replaced.
std::optional<GenerateSummary> GenerateUnlessComplete(const GenerateOptions& options, std::FILE* progress);

}  // namespace stockroom
