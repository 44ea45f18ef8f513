#include "raw_load.hpp"

#include <chrono>
#include <cstdlib>
#include <cstdio>
#include <filesystem>
#include <fstream>
#include <map>
#include <set>
#include <vector>

#include "bench/common/postgres_client.hpp"
#include "catalog/catalog.hpp"
#include "main/connection.hpp"
#include "main/database.hpp"
#include "pipeline/project.hpp"
#include "storage/storage_manager.hpp"

namespace ecommerce_bench {

namespace {

namespace fs = std::filesystem;
using Clock = std::chrono::steady_clock;
using stockroom::pipeline::RawTable;

bool Json(const RawTable& t) { return t.format == "json"; }

struct Load {
  uint64_t bytes = 0, rows = 0, rejected = 0, files = 0;
  std::vector<double> seconds, pg_seconds;
  uint64_t disk = 0, pg_disk = 0;
};

// Writes `path` without the 1-based line numbers in `skip` to `out`.
void CopyWithout(const std::string& path, const std::set<int64_t>& skip, const std::string& out) {
  std::ifstream in(path);
  std::ofstream o(out);
  std::string line;
  for (int64_t n = 1; std::getline(in, line); n++) {
    if (!skip.count(n)) o << line << '\n';
  }
}

}  // namespace

std::string BenchRawLoad(const bench::Options& opt, const LandingZone& zone, const std::string& project) {
  const std::string& landing = zone.root;
  stockroom::pipeline::Project p = stockroom::pipeline::ReadProject(project);
  std::vector<const RawTable*> tables;
  std::map<std::string, Load> loads;
  for (const RawTable& t : p.raw_tables) {
    auto files = LandingFiles(landing, t.landing);
    if (files.empty()) continue;
    tables.push_back(&t);
    Load& load = loads[t.relation];
    load.files = files.size();
    for (const auto& f : files) load.bytes += fs::file_size(f);
  }

  std::string db_dir = opt.work + "/ecommerce-db";
  std::map<std::string, std::map<std::string, std::set<int64_t>>> rejected_lines;  // table -> file -> lines
  for (int run = 0; run < opt.runs; run++) {
    fs::remove_all(db_dir);
    stockroom::Database db(stockroom::DatabaseConfig{db_dir});
    stockroom::Connection con(db);
    con.Query("CREATE SCHEMA raw");
    for (const RawTable* t : tables) {
      const std::string& name = t->relation;
      con.Query(t->create_sql);
      std::string glob = landing + "/" + t->landing + "/*/*";
      std::string options =
          std::string(Json(*t) ? "FORMAT json, MAXERROR 100000" : "FORMAT csv, HEADER, MAXERROR 100000") +
          (t->copy_options.empty() ? "" : ", " + t->copy_options);
      auto start = Clock::now();
      con.Query("COPY " + name + " FROM '" + glob + "' WITH (" + options + ")");
      loads[name].seconds.push_back(bench::SecondsSince(start));
      loads[name].rows = std::stoull(con.Query("SELECT count(*) FROM " + name)->GetText(0, 0));
    }
    db.storage()->Checkpoint();
    for (const RawTable* t : tables) {
      const std::string& name = t->relation;
      auto entry = db.catalog().GetEntry("raw", name.substr(4));
      loads[name].disk = db.storage()->TableDiskUsage(static_cast<stockroom::TableEntry&>(*entry)).file_bytes;
      auto errors = con.Query("SELECT filename, line_number FROM stl_load_errors WHERE table_name = '" + name + "'");
      loads[name].rejected = errors->RowCount();
      if (run == 0) {
        for (stockroom::idx_t r = 0; r < errors->RowCount(); r++) {
          rejected_lines[name][errors->GetText(0, r)].insert(std::stoll(errors->GetText(1, r)));
        }
      }
    }
    std::printf("stockroom run %d: orders %.2f s, order_items %.2f s\n", run + 1, loads["raw.shop_orders"].seconds.back(),
                loads["raw.shop_order_items"].seconds.back());
  }
  fs::remove_all(db_dir);

  if (opt.pg) {
    bench::PostgresClient pg;
    if (!pg.Start(opt.work + "/pg")) {
      std::fprintf(stderr, "ecommerce_bench: could not start PostgreSQL\n");
      std::exit(2);
    }
    // PostgreSQL reads the CSV files without the lines Stockroom rejected.
    std::string clean_dir = opt.work + "/ecommerce-clean";
    fs::remove_all(clean_dir);
    std::map<std::string, std::vector<std::string>> pg_files;
    for (const RawTable* t : tables) {
      if (Json(*t)) continue;
      const std::string& name = t->relation;
      for (const auto& file : LandingFiles(landing, t->landing)) {
        auto rejects = rejected_lines[name].find(file);
        if (rejects == rejected_lines[name].end()) {
          pg_files[name].push_back(file);
          continue;
        }
        std::string copy = clean_dir + "/" + fs::relative(file, landing).string();
        fs::create_directories(fs::path(copy).parent_path());
        CopyWithout(file, rejects->second, copy);
        pg_files[name].push_back(copy);
      }
    }
    for (int run = 0; run < opt.PgRuns(); run++) {
      pg.Exec("DROP SCHEMA IF EXISTS raw CASCADE; CREATE SCHEMA raw");
      pg.Exec("SET TimeZone = 'UTC'");
      for (const RawTable* t : tables) {
        if (Json(*t)) continue;
        const std::string& name = t->relation;
        pg.Exec(t->create_sql);
        auto start = Clock::now();
        for (const auto& file : pg_files[name]) pg.CopyFile(name, file, "FORMAT csv, HEADER");
        loads[name].pg_seconds.push_back(bench::SecondsSince(start));
      }
      pg.Exec("CHECKPOINT");
      std::printf("postgres run %d: orders %.2f s\n", run + 1, loads["raw.shop_orders"].pg_seconds.back());
    }
    for (const RawTable* t : tables) {
      if (Json(*t)) continue;
      const std::string& name = t->relation;
      loads[name].pg_disk = std::stoull(pg.Query("SELECT pg_total_relation_size('" + name + "')")[0][0]);
    }
    pg.Stop();
    fs::remove_all(clean_dir);
  }

  std::string md;
  char line[768];
  std::snprintf(line, sizeof line,
                "### Load stage\n\n%d runs, PostgreSQL %d (medians). Stockroom: durable data directory, one COPY per raw table over "
                "all its extract folders, including the commit; sizes after a checkpoint. PostgreSQL 15: COPY FROM "
                "STDIN per file.\n\n",
                opt.runs, opt.pg ? opt.PgRuns() : 0);
  md += line;
  md += "| table | format | files | MB | rows | rejected | Stockroom load (s) | MB/s | rows/s | PostgreSQL COPY (s) | MB/s "
        "| Stockroom on disk (MB, % of file) | PostgreSQL on disk (MB) |\n";
  md += "|---|---|---|---|---|---|---|---|---|---|---|---|---|\n";
  double csv_mb = 0, csv_s = 0, csv_pg = 0, csv_disk = 0, csv_pg_disk = 0;
  uint64_t csv_rows = 0;
  for (const RawTable* t : tables) {
    const std::string& name = t->relation;
    const Load& l = loads[name];
    double mb = l.bytes / 1e6, s = bench::Median(l.seconds), p = bench::Median(l.pg_seconds);
    if (!Json(*t)) {
      csv_mb += mb, csv_s += s, csv_pg += p, csv_rows += l.rows, csv_disk += l.disk / 1e6, csv_pg_disk += l.pg_disk / 1e6;
    }
    std::snprintf(line, sizeof line,
                  "| %s | %s | %llu | %.1f | %llu | %llu | %.2f | %.0f | %.0f | %s | %s | %.1f (%.0f%%) | %s |\n",
                  t->relation.c_str(), Json(*t) ? "NDJSON" : "CSV", static_cast<unsigned long long>(l.files), mb,
                  static_cast<unsigned long long>(l.rows), static_cast<unsigned long long>(l.rejected), s, mb / s,
                  l.rows / s, p > 0 ? std::to_string(p).substr(0, 5).c_str() : "-",
                  p > 0 ? std::to_string(static_cast<int>(mb / p)).c_str() : "-", l.disk / 1e6, 100.0 * l.disk / l.bytes,
                  l.pg_disk ? std::to_string(static_cast<int>(l.pg_disk / 1e6)).c_str() : "-");
    md += line;
  }
  std::snprintf(line, sizeof line,
                "| **all CSV** | CSV | | %.1f | %llu | | %.2f | %.0f | %.0f | %.2f | %.0f | %.1f (%.0f%%) | %.0f |\n",
                csv_mb, static_cast<unsigned long long>(csv_rows), csv_s, csv_mb / csv_s, csv_rows / csv_s, csv_pg,
                csv_pg > 0 ? csv_mb / csv_pg : 0, csv_disk, 100.0 * csv_disk / csv_mb, csv_pg_disk);
  md += line;
  return md;
}

}  // namespace ecommerce_bench
