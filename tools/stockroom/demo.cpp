#include "demo.hpp"

#include <cstdio>
#include <filesystem>
#include <stdexcept>
#include <string>
#include <string_view>

#include "command_line.hpp"
#include "generate/generator.hpp"
#include "main/connection.hpp"
#include "main/database.hpp"
#include "pipeline/pipeline.hpp"
#include "sql_shell.hpp"

namespace stockroom {

namespace {

namespace fs = std::filesystem;

constexpr const char* kDemoUsage =
    "stockroom demo: the e-commerce warehouse end to end. Generates the retailer's source\n"
    "exports (stockroom generate), runs the nightly pipeline of the project (stockroom pipeline\n"
    "run: load, models, data tests, materialized views) into a data directory, and prints an\n"
    "analyst's report from it. Run it again to reuse what is there: files already loaded load\n"
    "nothing, and the models are rebuilt.\n"
    "\n"
    "Usage:\n"
    "  stockroom demo [--sf N] [--dir DIR] [--project DIR]\n"
    "\n"
    "Options:\n"
    "  --sf N          scale factor of the generated data (default 0.1: 500 K orders)\n"
    "  --dir DIR       where the landing zone and the data directory go (default stockroom-demo)\n"
    "  --project DIR   the warehouse project (default models/ecommerce)\n"
    "  -h, --help      show this help\n";

// The analyst's report: what the team guide's first questions look like on this warehouse.
const char* kReport[] = {
    "\\echo '== Net revenue by month, last 12 months (analytics.monthly_sales_trends)'",
    "SELECT year_number, month_name, orders, total_revenue, avg_order_value, revenue_growth_percent"
    " FROM analytics.monthly_sales_trends ORDER BY year_number DESC, month_number DESC LIMIT 12;",
    "\\echo '== Top 10 customers by lifetime value (analytics.customer_360)'",
    "SELECT full_name, customer_segment, lifetime_value, total_orders, customer_status"
    " FROM analytics.customer_360 ORDER BY lifetime_value DESC, customer_key LIMIT 10;",
    "\\echo '== Best product of each category (analytics.product_performance)'",
    "SELECT category_name, product_name, total_revenue, gross_margin_percent"
    " FROM analytics.product_performance WHERE revenue_rank_in_category = 1 ORDER BY total_revenue DESC;",
    "\\echo '== Top 10 cities (analytics.geographic_sales)'",
    "SELECT revenue_rank, state, city, total_revenue, revenue_per_customer"
    " FROM analytics.geographic_sales WHERE revenue_rank <= 10 ORDER BY revenue_rank;",
    "\\echo '== The last run (pipeline.steps)'",
    "SELECT kind, count(*) AS steps, sum(seconds)::numeric(10,2) AS seconds, sum(rows_rejected) AS rejected"
    " FROM pipeline.steps WHERE run_id = (SELECT max(run_id) FROM pipeline.runs) GROUP BY kind ORDER BY kind;",
};

}  // namespace

int RunDemo(int argc, char** argv) {
  GenerateOptions generate;
  generate.sf = 0.1;
  std::string dir = "stockroom-demo";
  pipeline::RunOptions run;
  try {
    for (int i = 0; i < argc; i++) {
      std::string_view arg = argv[i];
      std::string value;
      auto take = [&](std::string_view long_name) { return TakeOptionValue(argc, argv, &i, "", long_name, &value); };
      if (arg == "-h" || arg == "--help") {
        std::fputs(kDemoUsage, stdout);
        return 0;
      } else if (take("--sf")) {
        generate.sf = ParseNumberOption(value, "--sf");
      } else if (take("--dir")) {
        dir = value;
      } else if (take("--project")) {
        run.project = value;
      } else {
        throw std::invalid_argument("unrecognized argument \"" + std::string(arg) + "\"");
      }
    }
  } catch (const std::invalid_argument& e) {
    std::fprintf(stderr, "stockroom demo: %s\nTry \"stockroom demo --help\" for more information.\n", e.what());
    return 1;
  }
  if (!fs::exists(fs::path(run.project) / "stockroom_project.yml")) {
    std::fprintf(stderr, "stockroom demo: no warehouse project in %s (run from the repository, or use --project DIR)\n",
                 run.project.c_str());
    return 1;
  }
  char sf_text[32];
  std::snprintf(sf_text, sizeof sf_text, "%g", generate.sf);
  generate.out = dir + "/landing-sf" + sf_text;
  std::string db_dir = dir + "/db";
  try {
    std::printf("The retailer's source exports, SF %s, in %s\n", sf_text, generate.out.c_str());
    if (auto summary = GenerateUnlessComplete(generate, stderr)) {
      std::printf("  generated %llu files, %llu rows, %.2f GB in %.1f s\n\n",
                  static_cast<unsigned long long>(summary->files), static_cast<unsigned long long>(summary->rows),
                  summary->bytes / 1e9, summary->seconds);
    }
    std::printf("Running the nightly pipeline of %s into %s ...\n", run.project.c_str(), db_dir.c_str());
    Database db(DatabaseConfig{db_dir});
    run.landing = generate.out;
    run.progress = stdout;
    pipeline::RunResult result = pipeline::RunPipeline(db, run);
    if (!result.ok) {
      std::fprintf(stderr, "stockroom demo: the pipeline failed at %s: %s\n", result.failed_step.c_str(),
                   result.message.c_str());
      return 1;
    }
    std::printf("\n");
    ShellOptions options;
    options.quiet = true;
    for (const char* line : kReport) options.actions.push_back({ShellOptions::Action::Kind::kCommand, line});
    Connection connection(db);
    int status = SqlShell(connection, std::move(options)).Run();
    std::printf(
        "\nThe warehouse is in %s. Explore it with\n"
        "  stockroom sql --db %s\n"
        "for example: \\d facts.fact_sales, SELECT * FROM metrics.daily_revenue LIMIT 10;\n"
        "Run the pipeline again after new extracts: stockroom pipeline run --landing %s --db %s\n",
        db_dir.c_str(), db_dir.c_str(), generate.out.c_str(), db_dir.c_str());
    return status;
  } catch (const std::exception& e) {
    std::fprintf(stderr, "stockroom demo: error: %s\n", e.what());
    return 1;
  }
}

}  // namespace stockroom
