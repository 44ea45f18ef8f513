#include "generate_command.hpp"

#include <cstdio>
#include <exception>
#include <stdexcept>
#include <string>
#include <string_view>

#include "command_line.hpp"
#include "common/types/date_time.hpp"
#include "generate/generator.hpp"
#include "ingest/external/database_loader.hpp"
#include "ingest/external/database_source.hpp"

namespace stockroom {

namespace {

constexpr const char* kGenerateUsage =
    "stockroom generate: write the landing zone of the e-commerce retailer's source systems\n"
    "(shop, b2b_portal, netsuite, stripe, ga4, ads, shipstation, zendesk, sheets) as\n"
    "<out>/<system>/<table>/<YYYY-MM-DD>/part-NNNNN.csv|ndjson: a backfill, then one folder\n"
    "per daily incremental extract. The same options give byte-identical files.\n"
    "\n"
    "Usage:\n"
    "  stockroom generate --out DIR [OPTIONS]\n"
    "\n"
    "Options:\n"
    "  --out DIR              where to write (must be empty or missing)\n"
    "  --sf N                 scale factor (default 1: 5 M orders, 800 K customers; 0.01 for tests)\n"
    "  --seed S               random seed (default 42)\n"
    "  --end-date YYYY-MM-DD  last day of the 3-year history (default 2025-12-31)\n"
    "  --event-days N         days of GA4 web events before the end date (default 30)\n"
    "  --increments K         daily incremental extracts after the backfill (default 0)\n"
    "  --threads N            worker threads (default: all cores)\n"
    "\n"
    "Source databases (for testing the pipeline's database sources):\n"
    "  --postgres URL         also load the shop tables into this PostgreSQL database (schema\n"
    "                         shop, re-created), applying the backfill and every increment\n"
    "  --mysql URL            also load b2b_portal.accounts into this MySQL/MariaDB database\n"
    "                         (mysql://user:password@host[:port]/database[?socket=path])\n"
    "  --load-only            do not generate: load the landing zone that --out holds already\n"
    "  --db-from YYYY-MM-DD   load only the extracts from this date on, into the existing tables\n"
    "  --db-through YYYY-MM-DD  load only the extracts up to this date\n"
    "  -q, --quiet            no progress\n"
    "  -h, --help             show this help\n";

std::string ParseDateOption(const std::string& value, const char* option) {
  try {
    date_time::ParseDate(value);
  } catch (const std::exception&) {
    throw std::invalid_argument("invalid value \"" + value + "\" for " + option + ": expected YYYY-MM-DD");
  }
  return value;
}

void PrintLoad(const char* what, const std::string& url, const DatabaseLoadSummary& summary) {
  std::string tables;
  for (const auto& [table, rows] : summary.table_rows) {
    tables += (tables.empty() ? "" : ", ") + table + " " + std::to_string(rows);
  }
  std::printf("loaded %llu files (%llu rows, %llu malformed lines left out) into %s %s: %s\n",
              static_cast<unsigned long long>(summary.files), static_cast<unsigned long long>(summary.rows_read),
              static_cast<unsigned long long>(summary.rows_rejected), what, RedactDatabaseUrl(url).c_str(),
              tables.c_str());
}

}  // namespace

int RunGenerate(int argc, char** argv) {
  GenerateOptions options;
  bool quiet = false;
  bool load_only = false;
  std::string postgres_url, mysql_url;
  DatabaseLoadOptions load;
  try {
    for (int i = 0; i < argc; i++) {
      std::string_view arg = argv[i];
      std::string value;
      auto take = [&](std::string_view long_name) { return TakeOptionValue(argc, argv, &i, "", long_name, &value); };
      if (arg == "-h" || arg == "--help") {
        std::fputs(kGenerateUsage, stdout);
        return 0;
      } else if (take("--out")) {
        options.out = value;
      } else if (take("--sf")) {
        options.sf = ParseNumberOption(value, "--sf");
      } else if (take("--seed")) {
        options.seed = static_cast<uint64_t>(ParseIntegerOption(value, "--seed"));
      } else if (take("--end-date")) {
        try {
          options.end_date = date_time::ParseDate(value);
        } catch (const std::exception&) {
          throw std::invalid_argument("invalid value \"" + value + "\" for --end-date: expected YYYY-MM-DD");
        }
      } else if (take("--event-days")) {
        options.event_days = ParseIntegerOption(value, "--event-days");
      } else if (take("--increments")) {
        options.increments = ParseIntegerOption(value, "--increments");
      } else if (take("--threads")) {
        options.threads = ParseIntegerOption(value, "--threads");
      } else if (take("--postgres")) {
        postgres_url = value;
      } else if (take("--mysql")) {
        mysql_url = value;
      } else if (arg == "--load-only") {
        load_only = true;
      } else if (take("--db-from")) {
        load.from = ParseDateOption(value, "--db-from");
        load.replace = false;
      } else if (take("--db-through")) {
        load.through = ParseDateOption(value, "--db-through");
      } else if (arg == "-q" || arg == "--quiet") {
        quiet = true;
      } else {
        throw std::invalid_argument("unrecognized argument \"" + std::string(arg) + "\"");
      }
    }
    if (options.out.empty()) throw std::invalid_argument("--out DIR is required");
    if (load_only && postgres_url.empty() && mysql_url.empty()) {
      throw std::invalid_argument("--load-only needs --postgres URL or --mysql URL");
    }
    if (!load_only) {
      GenerateSummary summary = Generate(options, quiet ? nullptr : stderr);
      std::printf("wrote %llu files, %llu rows (%llu malformed lines injected), %.2f GB in %.1f s to %s\n",
                  static_cast<unsigned long long>(summary.files), static_cast<unsigned long long>(summary.rows),
                  static_cast<unsigned long long>(summary.malformed), summary.bytes / 1e9, summary.seconds,
                  options.out.c_str());
    }
    load.progress = quiet ? nullptr : stderr;
    if (!postgres_url.empty()) {
      PrintLoad("PostgreSQL", postgres_url, LoadShopIntoPostgres(postgres_url, options.out, load));
    }
    if (!mysql_url.empty()) PrintLoad("MySQL", mysql_url, LoadB2bPortalIntoMysql(mysql_url, options.out, load));
    return 0;
  } catch (const std::invalid_argument& e) {
    std::fprintf(stderr, "stockroom generate: %s\nTry \"stockroom generate --help\" for more information.\n", e.what());
    return 1;
  } catch (const std::exception& e) {
    std::fprintf(stderr, "stockroom generate: error: %s\n", e.what());
    return 1;
  }
}

}  // namespace stockroom
