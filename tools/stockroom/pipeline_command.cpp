#include "pipeline_command.hpp"

#include <cstdio>
#include <filesystem>
#include <exception>
#include <memory>
#include <stdexcept>
#include <string>
#include <string_view>

#include "command_line.hpp"
#include "common/memory/memory_tracker.hpp"
#include "common/error/exception.hpp"
#include "main/database.hpp"
#include "pipeline/pipeline.hpp"

namespace stockroom {

namespace {

constexpr const char* kPipelineUsage =
    "stockroom pipeline run: build the e-commerce warehouse from the landing zone. Loads the\n"
    "landing files not loaded yet into the project's raw tables, builds the models in\n"
    "dependency order, runs their data tests and records the run in schema pipeline\n"
    "(docs/ecommerce-warehouse.md).\n"
    "\n"
    "Usage:\n"
    "  stockroom pipeline run --landing DIR [OPTIONS]\n"
    "\n"
    "Options:\n"
    "  --landing DIR   the landing zone (stockroom generate --out)\n"
    "  --db PATH       data directory (default ./stockroom-data)\n"
    "  --memory-limit SIZE  memory for table data and queries (default 80% of RAM; e.g. 8GB)\n"
    "  --target URL    build on an external PostgreSQL-protocol warehouse instead of the\n"
    "                  embedded engine: postgresql://user[:password]@host[:port]/database\n"
    "                  (the password may also come from PGPASSWORD or ~/.pgpass)\n"
    "  --project DIR   the project (default models/ecommerce)\n"
    "  --resume        rerun the last failed run's failed and skipped steps; models that\n"
    "                  succeeded in it and whose inputs did not change are kept\n"
    "  --threads N     models built at once (default 2)\n"
    "  -q, --quiet     no progress lines\n"
    "  -h, --help      show this help\n"
    "\n"
    "Database sources: systems listed under database_sources: in the project's\n"
    "stockroom_project.yml are extracted from their PostgreSQL or MySQL database instead of\n"
    "the landing zone; each source's URL is read from the environment variable its url_env\n"
    "names (e.g. STOCKROOM_SHOP_URL=postgresql://user:password@host/db), never from a file.\n"
    "\n"
    "Exit status: 0 when the run succeeded, 1 when it failed (the failed step is named) or\n"
    "on a usage error, 2 when the database cannot be opened.\n";

}  // namespace

int RunPipelineCommand(int argc, char** argv) {
  if (argc < 1 || (std::string_view(argv[0]) != "run" && std::string_view(argv[0]) != "-h" &&
                   std::string_view(argv[0]) != "--help")) {
    std::fprintf(stderr, "stockroom pipeline: expected \"run\"\n\n%s", kPipelineUsage);
    return 1;
  }
  if (std::string_view(argv[0]) != "run") {
    std::fputs(kPipelineUsage, stdout);
    return 0;
  }
  pipeline::RunOptions options;
  DatabaseConfig config;
  config.path = "stockroom-data";
  bool quiet = false;
  bool db_given = false;
  try {
    for (int i = 1; i < argc; i++) {
      std::string_view arg = argv[i];
      std::string value;
      auto take = [&](std::string_view long_name) { return TakeOptionValue(argc, argv, &i, "", long_name, &value); };
      if (arg == "-h" || arg == "--help") {
        std::fputs(kPipelineUsage, stdout);
        return 0;
      } else if (take("--landing")) {
        options.landing = value;
      } else if (take("--db")) {
        config.path = value;
      } else if (take("--memory-limit")) {
        config.memory_limit = ParseBytes(value, "memory-limit");
        db_given = true;
      } else if (take("--target")) {
        options.target = value;
      } else if (take("--project")) {
        options.project = value;
      } else if (take("--threads")) {
        int threads = ParseIntegerOption(value, "--threads");
        if (threads < 1) throw std::invalid_argument("invalid value \"" + value + "\" for --threads");
        options.threads = threads;
      } else if (arg == "--resume") {
        options.resume = true;
      } else if (arg == "-q" || arg == "--quiet") {
        quiet = true;
      } else {
        throw std::invalid_argument("unrecognized argument \"" + std::string(arg) + "\"");
      }
    }
    if (options.landing.empty()) throw std::invalid_argument("--landing DIR is required");
    if (!options.target.empty() && db_given) throw std::invalid_argument("--db and --target exclude each other");
  } catch (const std::invalid_argument& e) {
    std::fprintf(stderr, "stockroom pipeline: %s\nTry \"stockroom pipeline run --help\" for more information.\n",
                 e.what());
    return 1;
  }
  options.progress = quiet ? nullptr : stderr;
  pipeline::RunResult result;
  if (!options.target.empty()) {
    result = pipeline::RunPipelineOnTarget(options);
    if (result.failed_step == "target") {
      std::fprintf(stderr, "stockroom: error: %s\n", result.message.c_str());
      return 2;
    }
  } else {
    if (config.path == ":memory:") {
      config.path.clear();
    } else {
      // Beside the database's own files, so that a failed extract can be looked at.
      options.extract_dir = (std::filesystem::path(config.path) / "source_extracts").string();
    }
    std::unique_ptr<Database> db;
    try {
      db = std::make_unique<Database>(config);
    } catch (const SqlError& e) {
      std::fprintf(stderr, "stockroom: error: %s\n", e.what());
      return 2;
    }
    result = pipeline::RunPipeline(*db, options);
  }
  if (!result.ok) {
    std::fprintf(stderr, "stockroom pipeline: run %lld failed at %s: %s\n", static_cast<long long>(result.run_id),
                 result.failed_step.c_str(), result.message.c_str());
    return 1;
  }
  return 0;  // the progress ends with the run's line; -q prints nothing

}

}  // namespace stockroom
