// Load benchmark: COPY of TPC-H's tables into a durable Stockroom data directory (CSV, and
// NDJSON made from the same rows) beside PostgreSQL 15's COPY of the same files; size on
// disk against the text; and a range scan on a SORTKEY that reads only the matching row
// groups. Prints medians of N runs (fresh data directory each run) as a markdown table.
//
//   load_bench [--sf 1] [--runs 3] [--shared ../shared] [--work build/bench] [--no-pg]
//              [--markdown FILE]
//
// Stockroom's times include the commit: the rows are encoded and fsynced to the write-ahead
// log before COPY returns. Its sizes are those of the segment files after a checkpoint.
// Not a test: run it by hand (make bench-load).
#include <algorithm>
#include <chrono>
#include <cmath>
#include <cstdio>
#include <filesystem>
#include <fstream>
#include <map>
#include <string>
#include <vector>

#include "bench/common/bench_options.hpp"
#include "bench/common/postgres_client.hpp"
#include "catalog/catalog.hpp"
#include "main/connection.hpp"
#include "main/database.hpp"
#include "storage/storage_manager.hpp"

namespace {

using Clock = std::chrono::steady_clock;

const char* kJsonTables[] = {"orders", "lineitem"};
const char* kRangeQuery =
    "SELECT count(*), sum(l_extendedprice) FROM %s WHERE l_shipdate BETWEEN DATE '1995-06-01' AND DATE '1995-06-30'";

uint64_t FileBytes(const std::string& path) { return std::filesystem::file_size(path); }

std::string Format(const char* pattern, const std::string& table) {
  char buffer[512];
  std::snprintf(buffer, sizeof(buffer), pattern, table.c_str());
  return buffer;
}

// Writes `table`'s '|' file as NDJSON (numbers unquoted, text as JSON strings), keyed by the
// column names of the schema.
void WriteNdjson(stockroom::Database& schema_db, const std::string& table, const std::string& in_path,
                 const std::string& out_path) {
  auto entry = std::static_pointer_cast<stockroom::TableEntry>(schema_db.catalog().GetEntry("public", table));
  std::vector<std::string> keys;
  std::vector<bool> numeric;
  for (auto& c : entry->columns) {
    keys.push_back("\"" + c.name + "\":");
    auto id = c.type.id();
    numeric.push_back(id == stockroom::TypeId::kInteger || id == stockroom::TypeId::kBigInt ||
                      id == stockroom::TypeId::kNumeric || id == stockroom::TypeId::kDouble);
  }
  std::ifstream in(in_path);
  std::ofstream out(out_path + ".tmp");
  std::string line, json;
  while (std::getline(in, line)) {
    json = "{";
    size_t start = 0;
    for (size_t c = 0; c < keys.size(); c++) {
      size_t bar = line.find('|', start);
      std::string_view field(line.data() + start, (bar == std::string::npos ? line.size() : bar) - start);
      if (c) json += ", ";
      json += keys[c];
      if (numeric[c]) {
        json += field;
      } else {
        json += '"';
        for (char ch : field) {
          if (ch == '"' || ch == '\\') json += '\\';
          json += ch;
        }
        json += '"';
      }
      start = bar + 1;
    }
    json += "}\n";
    out << json;
  }
  out.close();
  std::filesystem::rename(out_path + ".tmp", out_path);
}

}  // namespace

int main(int argc, char** argv) {
  bench::Options defaults;
  defaults.runs = 3;
  bench::Options opt = bench::ParseOptions(argc, argv, "load_bench", defaults);
  std::string tpch = opt.shared + "/data/tpch";
  std::string data_dir = bench::PrepareTpchData(opt);
  std::string schema = bench::ReadFile(tpch + "/schema.sql");
  {
    stockroom::Database schema_db;
    stockroom::Connection con(schema_db);
    con.Query(schema);
    for (const char* t : kJsonTables) {
      std::string path = data_dir + "/" + t + ".ndjson";
      if (!std::filesystem::exists(path)) WriteNdjson(schema_db, t, data_dir + "/" + t + ".tbl", path);
    }
  }
  // The range-scan table: lineitem again, sorted by ship date.
  std::string lineitem_sql = schema.substr(schema.find("CREATE TABLE lineitem"));
  lineitem_sql = lineitem_sql.substr(0, lineitem_sql.find(';'));
  std::string sorted_sql = "CREATE TABLE lineitem_by_shipdate" + lineitem_sql.substr(std::string("CREATE TABLE lineitem").size()) +
                           " SORTKEY (l_shipdate)";

  std::map<std::string, std::vector<double>> csv_s, json_s, pg_s;
  std::map<std::string, uint64_t> disk_bytes, pg_bytes;
  std::vector<double> checkpoint_s, sorted_load_s, range_sorted_s, range_plain_s;
  std::string range_groups_sorted, range_groups_plain, range_result;
  std::string db_dir = opt.work + "/load-db";
  for (int run = 0; run < opt.runs; run++) {
    std::filesystem::remove_all(db_dir);
    stockroom::Database db(stockroom::DatabaseConfig{db_dir});
    stockroom::Connection con(db);
    con.Query(schema);
    for (const char* t : bench::kTpchTables) {
      auto start = Clock::now();
      con.Query(std::string("COPY ") + t + " FROM '" + data_dir + "/" + t + ".tbl' WITH (FORMAT csv, DELIMITER '|')");
      csv_s[t].push_back(bench::SecondsSince(start));
    }
    auto start = Clock::now();
    db.storage()->Checkpoint();
    checkpoint_s.push_back(bench::SecondsSince(start));
    for (const char* t : bench::kTpchTables) {
      auto entry = db.catalog().GetEntry("public", t);
      disk_bytes[t] = db.storage()->TableDiskUsage(static_cast<stockroom::TableEntry&>(*entry)).file_bytes;
    }
    con.Query(sorted_sql);
    start = Clock::now();
    con.Query("COPY lineitem_by_shipdate FROM '" + data_dir + "/lineitem.tbl' WITH (FORMAT csv, DELIMITER '|')");
    sorted_load_s.push_back(bench::SecondsSince(start));
    for (auto [table, times, groups] :
         {std::tuple{"lineitem_by_shipdate", &range_sorted_s, &range_groups_sorted},
          std::tuple{"lineitem", &range_plain_s, &range_groups_plain}}) {
      std::string query = Format(kRangeQuery, table);
      auto result = con.Query(query);  // warm-up: the first query also gathers statistics
      range_result = result->GetText(0, 0) + " rows";
      for (int i = 0; i < 5; i++) {
        start = Clock::now();
        con.Query(query);
        times->push_back(bench::SecondsSince(start));
      }
      std::string plan;
      auto explain = con.Query("EXPLAIN ANALYZE " + query);
      for (stockroom::idx_t r = 0; r < explain->RowCount(); r++) plan += explain->GetText(0, r);
      size_t at = plan.find("[row groups: ");
      *groups = at == std::string::npos ? "?" : plan.substr(at + 13, plan.find(']', at) - at - 13);
    }
    // NDJSON into fresh tables of the same shape.
    for (const char* t : kJsonTables) {
      std::string copy = std::string(t) + "_json";
      std::string create = schema.substr(schema.find(std::string("CREATE TABLE ") + t + " "));
      create = "CREATE TABLE " + copy + create.substr(std::string("CREATE TABLE ").size() + std::string(t).size(),
                                                      create.find(';') - std::string("CREATE TABLE ").size() - std::string(t).size());
      con.Query(create);
      start = Clock::now();
      con.Query("COPY " + copy + " FROM '" + data_dir + "/" + t + ".ndjson' WITH (FORMAT json)");
      json_s[t].push_back(bench::SecondsSince(start));
    }
    std::printf("stockroom run %d: lineitem csv %.2f s, json %.2f s\n", run + 1, csv_s["lineitem"].back(),
                json_s["lineitem"].back());
  }
  std::filesystem::remove_all(db_dir);

  double pg_range = 0;
  if (opt.pg) {
    bench::PostgresClient pg;
    if (!pg.Start(opt.work + "/pg")) {
      std::fprintf(stderr, "load_bench: could not start PostgreSQL\n");
      return 2;
    }
    std::vector<double> range;
    for (int run = 0; run < opt.runs; run++) {
      pg.Exec("DROP SCHEMA public CASCADE; CREATE SCHEMA public");
      pg.Exec(schema);
      for (const char* t : bench::kTpchTables) {
        auto start = Clock::now();
        pg.CopyFile(t, data_dir + "/" + t + ".tbl");
        pg_s[t].push_back(bench::SecondsSince(start));
      }
      pg.Exec("CHECKPOINT");
      pg.Exec("CREATE INDEX ON lineitem (l_shipdate)");
      pg.Exec("ANALYZE lineitem");
      pg.Query(Format(kRangeQuery, "lineitem"));
      for (int i = 0; i < 5; i++) {
        auto start = Clock::now();
        pg.Query(Format(kRangeQuery, "lineitem"));
        range.push_back(bench::SecondsSince(start));
      }
      std::printf("postgres run %d: lineitem %.2f s\n", run + 1, pg_s["lineitem"].back());
    }
    for (const char* t : bench::kTpchTables) pg_bytes[t] = std::stoull(pg.Query(std::string("SELECT pg_total_relation_size('") + t + "')")[0][0]);
    pg_range = bench::Median(range);
    pg.Stop();
  }

  std::string md;
  char line[512];
  std::snprintf(line, sizeof(line),
                "TPC-H SF %g, %d runs (medians), 2 cores. Stockroom: durable data directory, COPY includes the commit "
                "(log fsync); sizes after a checkpoint.\n\n",
                opt.sf, opt.runs);
  md += line;
  md += "| table | CSV MB | Stockroom CSV load (s) | MB/s | rows/s | PostgreSQL COPY (s) | MB/s | Stockroom on disk (MB, % of CSV) | PostgreSQL on disk (MB) |\n";
  md += "|---|---|---|---|---|---|---|---|---|\n";
  double total_mb = 0, total_s = 0, total_pg = 0, total_disk = 0, total_pg_disk = 0;
  uint64_t total_rows = 0;
  for (const char* t : bench::kTpchTables) {
    std::string path = data_dir + "/" + t + ".tbl";
    double mb = FileBytes(path) / 1e6;
    uint64_t rows = 0;
    {
      std::ifstream in(path);
      rows = std::count(std::istreambuf_iterator<char>(in), std::istreambuf_iterator<char>(), '\n');
    }
    double s = bench::Median(csv_s[t]);
    double p = opt.pg ? bench::Median(pg_s[t]) : 0;
    total_mb += mb;
    total_s += s;
    total_pg += p;
    total_rows += rows;
    total_disk += disk_bytes[t] / 1e6;
    total_pg_disk += pg_bytes[t] / 1e6;
    std::snprintf(line, sizeof(line), "| %s | %.1f | %.2f | %.0f | %.0f | %.2f | %.0f | %.1f (%.0f%%) | %.1f |\n", t, mb, s,
                  mb / s, rows / s, p, p > 0 ? mb / p : 0, disk_bytes[t] / 1e6, 100.0 * disk_bytes[t] / 1e6 / mb,
                  pg_bytes[t] / 1e6);
    md += line;
  }
  std::snprintf(line, sizeof(line), "| **all** | %.1f | %.2f | %.0f | %.0f | %.2f | %.0f | %.1f (%.0f%%) | %.1f |\n\n",
                total_mb, total_s, total_mb / total_s, total_rows / total_s, total_pg, total_pg > 0 ? total_mb / total_pg : 0,
                total_disk, 100.0 * total_disk / total_mb, total_pg_disk);
  md += line;
  std::snprintf(line, sizeof(line), "Checkpoint after the load (encode and write all segment files): %.2f s.\n\n",
                bench::Median(checkpoint_s));
  md += line;
  md += "| NDJSON | MB | Stockroom load (s) | MB/s | rows/s |\n|---|---|---|---|---|\n";
  for (const char* t : kJsonTables) {
    std::string path = data_dir + "/" + t + ".ndjson";
    double mb = FileBytes(path) / 1e6;
    std::ifstream in(path);
    uint64_t rows = std::count(std::istreambuf_iterator<char>(in), std::istreambuf_iterator<char>(), '\n');
    double s = bench::Median(json_s[t]);
    std::snprintf(line, sizeof(line), "| %s | %.1f | %.2f | %.0f | %.0f |\n", t, mb, s, mb / s, rows / s);
    md += line;
  }
  md += "\n";
  std::snprintf(line, sizeof(line),
                "Range scan (%s, one month of l_shipdate; median of 5 after a warm-up): lineitem with SORTKEY (l_shipdate) %.4f s [row groups: %s]; "
                "lineitem without %.4f s [row groups: %s]; PostgreSQL with an index on l_shipdate %.4f s. Loading "
                "lineitem with the SORTKEY (sorting included): %.2f s.\n",
                range_result.c_str(), bench::Median(range_sorted_s), range_groups_sorted.c_str(), bench::Median(range_plain_s),
                range_groups_plain.c_str(), pg_range, bench::Median(sorted_load_s));
  md += line;
  std::printf("\n%s", md.c_str());
  if (!opt.markdown.empty()) std::ofstream(opt.markdown) << md;
  return 0;
}
