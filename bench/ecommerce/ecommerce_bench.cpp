// E-commerce benchmark, first stage: generate the landing zone of spec §3 and load every
// landing table into typed tables, in a durable Stockroom data directory and in PostgreSQL
// 15 (COPY FROM STDIN) side by side: time, MB/s and rows/s per table, and size on disk
// against the files. Medians of N runs (fresh data directory each run).
//
//   ecommerce_bench [--sf 1] [--runs 3] [--work build/bench] [--no-pg] [--markdown FILE]
//
// Stockroom loads each table with one COPY of its files (glob over the extract folders,
// MAXERROR for the malformed lines the generator injects); its time includes the commit
// (rows fsynced to the write-ahead log), its size is the segment files after a checkpoint.
// PostgreSQL 15 has no MAXERROR, so it loads the same CSV files without the lines Stockroom
// rejected (copies written before the timing); NDJSON has no PostgreSQL COPY format and is
// Stockroom only. Not a test: run it by hand (make bench-ecommerce).
#include <chrono>
#include <cstdio>
#include <filesystem>
#include <fstream>
#include <map>
#include <set>
#include <string>
#include <vector>

#include "bench/common/bench_options.hpp"
#include "bench/common/postgres_client.hpp"
#include "catalog/catalog.hpp"
#include "generate/generator.hpp"
#include "main/connection.hpp"
#include "main/database.hpp"
#include "storage/storage_manager.hpp"

namespace {

namespace fs = std::filesystem;
using Clock = std::chrono::steady_clock;

double Seconds(Clock::time_point start) { return std::chrono::duration<double>(Clock::now() - start).count(); }

// A landing table and the typed table it loads into (named <system>_<table>). JSON tables
// name nested members with dots, which COPY's JSON 'auto' follows.
struct RawTable {
  const char* system;
  const char* table;
  bool json;
  const char* columns;
  const char* copy_options = "";  // beyond the format's, e.g. the source's date format
};

const RawTable kTables[] = {
    {"shop", "customers", false,
     "customer_id bigint, email text, first_name text, last_name text, phone text, customer_type text, company_name text,"
     " address_city text, address_state text, address_zip text, country text, marketing_opt_in boolean,"
     " created_at timestamptz, updated_at timestamptz"},
    {"shop", "products", false,
     "product_id int, sku text, product_name text, category text, subcategory text, brand text, supplier_id int,"
     " unit_cost numeric(12,2), list_price numeric(12,2), weight_kg numeric(8,2), is_active boolean,"
     " created_at timestamptz, updated_at timestamptz"},
    {"shop", "warehouses", false, "warehouse_id int, code text, name text, city text, state text, zip text"},
    {"shop", "orders", false,
     "order_id bigint, customer_id bigint, order_ts timestamptz, channel text, status text, warehouse_id int,"
     " ship_city text, ship_state text, ship_zip text, promo_code text, subtotal numeric(12,2),"
     " discount_total numeric(12,2), shipping_fee numeric(12,2), tax numeric(12,2), total numeric(12,2),"
     " ga_session_id bigint, updated_at timestamptz"},
    {"shop", "order_items", false,
     "order_item_id bigint, order_id bigint, product_id int, quantity int, unit_price numeric(12,2),"
     " discount numeric(12,2), line_total numeric(12,2), unit_cost numeric(12,2), updated_at timestamptz"},
    {"shop", "returns", false,
     "return_id bigint, order_item_id bigint, order_id bigint, quantity int, reason text, requested_at timestamptz,"
     " received_at timestamptz, refund_amount numeric(12,2), restocked boolean"},
    {"shop", "inventory_snapshots", false,
     "snapshot_date date, warehouse_id int, product_id int, on_hand int, reserved int, on_order int"},
    {"netsuite", "suppliers", false,
     "supplier_id int, supplier_name text, country text, lead_time_days int, updated_at timestamp",
     ", TIMEFORMAT 'MM/DD/YYYY HH:MI:SS'"},
    {"netsuite", "purchase_orders", false,
     "po_id bigint, po_line int, supplier_id int, warehouse_id int, product_id int, qty_ordered int,"
     " unit_cost numeric(12,2), ordered_at timestamp, expected_at date, received_at timestamp, qty_received int,"
     " status text, updated_at timestamp",
     ", TIMEFORMAT 'MM/DD/YYYY HH:MI:SS', DATEFORMAT 'MM/DD/YYYY'"},
    {"b2b_portal", "accounts", false,
     "account_id int, customer_id bigint, company_name text, tier text, credit_limit numeric(12,2),"
     " payment_terms_days int, sales_rep text, region text, created_at timestamp, updated_at timestamp"},
    {"stripe", "charges", true,
     "id text, object text, amount bigint, amount_refunded bigint, currency text, created bigint, status text,"
     " paid boolean, refunded boolean, \"metadata.order_id\" text, \"payment_method_details.card.brand\" text,"
     " \"payment_method_details.card.country\" text, \"outcome.risk_level\" text"},
    {"stripe", "refunds", true,
     "id text, charge text, amount bigint, created bigint, reason text, \"metadata.order_id\" text,"
     " \"metadata.return_id\" text"},
    {"stripe", "disputes", true, "id text, charge text, amount bigint, created bigint, reason text, status text"},
    {"shipstation", "shipments", true,
     "\"shipmentId\" bigint, \"orderNumber\" text, \"carrierCode\" text, \"serviceCode\" text, \"warehouseId\" int,"
     " \"shipDate\" timestamptz, \"promisedDate\" date, \"deliveryDate\" timestamptz, \"shipTo.postalCode\" text,"
     " \"shipTo.state\" text, \"shipmentCost\" numeric(10,2), voided boolean, \"trackingNumber\" text, exceptions json"},
    {"zendesk", "tickets", true,
     "id bigint, created_at timestamptz, updated_at timestamptz, status text, priority text, \"via.channel\" text,"
     " requester_email text, \"custom_fields.order_id\" text, tags json, category text, first_reply_time_minutes int,"
     " solved_at timestamptz, \"satisfaction_rating.score\" text"},
};

struct Load {
  uint64_t bytes = 0, rows = 0, rejected = 0, files = 0;
  std::vector<double> seconds, pg_seconds;
  uint64_t disk = 0, pg_disk = 0;
};

std::vector<std::string> LandingFiles(const std::string& landing, const RawTable& t) {
  std::vector<std::string> files;
  fs::path dir = fs::path(landing) / t.system / t.table;
  if (!fs::exists(dir)) return files;
  for (const auto& entry : fs::recursive_directory_iterator(dir)) {
    if (entry.is_regular_file()) files.push_back(entry.path().string());
  }
  std::sort(files.begin(), files.end());
  return files;
}

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

int main(int argc, char** argv) {
  bench::Options defaults;
  defaults.runs = 3;
  bench::Options opt = bench::ParseOptions(argc, argv, "ecommerce_bench", defaults);
  char sf_text[32];
  std::snprintf(sf_text, sizeof sf_text, "%g", opt.sf);
  std::string landing = opt.work + "/ecommerce-sf" + sf_text;
  double generate_s = -1;
  if (!fs::exists(landing + "/.complete")) {
    fs::remove_all(landing);
    stockroom::GenerateOptions g;
    g.sf = opt.sf;
    g.out = landing;
    auto start = Clock::now();
    auto summary = stockroom::Generate(g, stderr);
    generate_s = Seconds(start);
    std::ofstream(landing + "/.complete") << summary.files << " files\n";
    std::printf("generated SF %s: %llu files, %.2f GB in %.1f s\n", sf_text,
                static_cast<unsigned long long>(summary.files), summary.bytes / 1e9, generate_s);
  }

  std::vector<const RawTable*> tables;
  std::map<std::string, Load> loads;
  for (const RawTable& t : kTables) {
    auto files = LandingFiles(landing, t);
    if (files.empty()) continue;
    tables.push_back(&t);
    Load& load = loads[std::string(t.system) + "_" + t.table];
    load.files = files.size();
    for (const auto& f : files) load.bytes += fs::file_size(f);
  }

  std::string db_dir = opt.work + "/ecommerce-db";
  std::map<std::string, std::map<std::string, std::set<int64_t>>> rejected_lines;  // table -> file -> lines
  for (int run = 0; run < opt.runs; run++) {
    fs::remove_all(db_dir);
    stockroom::Database db(stockroom::DatabaseConfig{db_dir});
    stockroom::Connection con(db);
    for (const RawTable* t : tables) {
      std::string name = std::string(t->system) + "_" + t->table;
      con.Query("CREATE TABLE " + name + " (" + t->columns + ")");
      std::string glob = landing + "/" + t->system + "/" + t->table + "/*/*";
      std::string options =
          std::string(t->json ? "FORMAT json, MAXERROR 100000" : "FORMAT csv, HEADER, MAXERROR 100000") + t->copy_options;
      auto start = Clock::now();
      con.Query("COPY " + name + " FROM '" + glob + "' WITH (" + options + ")");
      loads[name].seconds.push_back(Seconds(start));
      loads[name].rows = std::stoull(con.Query("SELECT count(*) FROM " + name)->GetText(0, 0));
    }
    db.storage()->Checkpoint();
    for (const RawTable* t : tables) {
      std::string name = std::string(t->system) + "_" + t->table;
      auto entry = db.catalog().GetEntry("public", name);
      loads[name].disk = db.storage()->TableDiskUsage(static_cast<stockroom::TableEntry&>(*entry)).file_bytes;
      auto errors = con.Query("SELECT filename, line_number FROM stl_load_errors WHERE table_name = 'public." + name + "'");
      loads[name].rejected = errors->RowCount();
      if (run == 0) {
        for (stockroom::idx_t r = 0; r < errors->RowCount(); r++) {
          rejected_lines[name][errors->GetText(0, r)].insert(std::stoll(errors->GetText(1, r)));
        }
      }
    }
    std::printf("stockroom run %d: orders %.2f s, order_items %.2f s\n", run + 1, loads["shop_orders"].seconds.back(),
                loads["shop_order_items"].seconds.back());
  }
  fs::remove_all(db_dir);

  if (opt.pg) {
    bench::PostgresClient pg;
    if (!pg.Start(opt.work + "/pg")) {
      std::fprintf(stderr, "ecommerce_bench: could not start PostgreSQL\n");
      return 2;
    }
    // PostgreSQL reads the CSV files without the lines Stockroom rejected.
    std::string clean_dir = opt.work + "/ecommerce-clean";
    fs::remove_all(clean_dir);
    std::map<std::string, std::vector<std::string>> pg_files;
    for (const RawTable* t : tables) {
      if (t->json) continue;
      std::string name = std::string(t->system) + "_" + t->table;
      for (const auto& file : LandingFiles(landing, *t)) {
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
    for (int run = 0; run < opt.runs; run++) {
      pg.Exec("DROP SCHEMA public CASCADE; CREATE SCHEMA public");
      pg.Exec("SET TimeZone = 'UTC'");
      for (const RawTable* t : tables) {
        if (t->json) continue;
        std::string name = std::string(t->system) + "_" + t->table;
        pg.Exec("CREATE TABLE " + name + " (" + t->columns + ")");
        auto start = Clock::now();
        for (const auto& file : pg_files[name]) pg.CopyFile(name, file, "FORMAT csv, HEADER");
        loads[name].pg_seconds.push_back(Seconds(start));
      }
      pg.Exec("CHECKPOINT");
      std::printf("postgres run %d: orders %.2f s\n", run + 1, loads["shop_orders"].pg_seconds.back());
    }
    for (const RawTable* t : tables) {
      if (t->json) continue;
      std::string name = std::string(t->system) + "_" + t->table;
      loads[name].pg_disk = std::stoull(pg.Query("SELECT pg_total_relation_size('" + name + "')")[0][0]);
    }
    pg.Stop();
    fs::remove_all(clean_dir);
  }

  std::string md;
  char line[768];
  std::snprintf(line, sizeof line,
                "E-commerce SF %s (`stockroom generate`), %d runs (medians), 2 cores. Stockroom: durable data "
                "directory, one COPY per table over all its extract folders, including the commit; sizes after a "
                "checkpoint. PostgreSQL 15: COPY FROM STDIN per file.%s\n\n",
                sf_text, opt.runs,
                generate_s >= 0 ? (" Generating the landing zone took " + std::to_string(generate_s).substr(0, 5) + " s.").c_str()
                                : "");
  md += line;
  md += "| table | format | files | MB | rows | rejected | Stockroom load (s) | MB/s | rows/s | PostgreSQL COPY (s) | MB/s "
        "| Stockroom on disk (MB, % of file) | PostgreSQL on disk (MB) |\n";
  md += "|---|---|---|---|---|---|---|---|---|---|---|---|---|\n";
  double csv_mb = 0, csv_s = 0, csv_pg = 0, csv_disk = 0, csv_pg_disk = 0;
  uint64_t csv_rows = 0;
  for (const RawTable* t : tables) {
    std::string name = std::string(t->system) + "_" + t->table;
    const Load& l = loads[name];
    double mb = l.bytes / 1e6, s = bench::Median(l.seconds), p = bench::Median(l.pg_seconds);
    if (!t->json) {
      csv_mb += mb, csv_s += s, csv_pg += p, csv_rows += l.rows, csv_disk += l.disk / 1e6, csv_pg_disk += l.pg_disk / 1e6;
    }
    std::snprintf(line, sizeof line,
                  "| %s.%s | %s | %llu | %.1f | %llu | %llu | %.2f | %.0f | %.0f | %s | %s | %.1f (%.0f%%) | %s |\n",
                  t->system, t->table, t->json ? "NDJSON" : "CSV", static_cast<unsigned long long>(l.files), mb,
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
  std::printf("\n%s", md.c_str());
  if (!opt.markdown.empty()) std::ofstream(opt.markdown) << md;
  return 0;
}
