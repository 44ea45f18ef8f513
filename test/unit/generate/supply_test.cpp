// The generator's stock and purchasing exports (shop inventory_snapshots, netsuite suppliers
// and purchase_orders, b2b_portal accounts) as a user of the landing zone checks them: exact
// headers, one snapshot per SKU and day, stock that agrees with the purchase orders and the
// orders, NetSuite's duplicate rows, late-arriving receipts, the portal's accounts of B2B
// customers, and byte-identical output for any thread count.
#include <gtest/gtest.h>

#include <algorithm>
#include <filesystem>
#include <fstream>
#include <map>
#include <memory>
#include <regex>
#include <set>
#include <sstream>
#include <string>
#include <vector>

#include "generate/generator.hpp"
#include "support/temp_directory.hpp"

namespace stockroom {
namespace {

using Row = std::vector<std::string>;
namespace fs = std::filesystem;

constexpr int kIncrements = 3;
const char* kEndDate = "2025-12-31";
const char* kBackfillDate = "2025-12-28";

GenerateOptions Options(const std::string& out) {
  GenerateOptions options;
  options.sf = 0.01;
  options.increments = kIncrements;
  options.out = out;
  return options;
}

// Splits a CSV line as the generator quotes it (a quoted field may hold commas and "").
Row SplitCsv(const std::string& line) {
  Row fields(1);
  bool quoted = false;
  for (size_t i = 0; i < line.size(); i++) {
    char c = line[i];
    if (quoted && c == '"' && i + 1 < line.size() && line[i + 1] == '"') {
      fields.back() += '"';
      i++;
    } else if (c == '"') {
      quoted = !quoted;
    } else if (c == ',' && !quoted) {
      fields.emplace_back();
    } else {
      fields.back() += c;
    }
  }
  return fields;
}

// One landing table: its header and, per extract date, the raw lines of all its parts.
struct Table {
  std::string header;
  std::map<std::string, std::vector<std::string>> lines;
  std::vector<Row> Rows(const std::string& date) const {
    std::vector<Row> rows;
    auto it = lines.find(date);
    if (it != lines.end()) {
      for (const auto& line : it->second) rows.push_back(SplitCsv(line));
    }
    return rows;
  }
  std::vector<Row> AllRows() const {
    std::vector<Row> rows;
    for (const auto& [date, _] : lines) {
      for (auto& row : Rows(date)) rows.push_back(std::move(row));
    }
    return rows;
  }
};

Table ReadTable(const std::string& out, const std::string& system, const std::string& table) {
  Table result;
  fs::path dir = fs::path(out) / system / table;
  if (!fs::exists(dir)) return result;
  std::vector<fs::path> files;
  for (const auto& entry : fs::recursive_directory_iterator(dir)) {
    if (entry.is_regular_file()) files.push_back(entry.path());
  }
  std::sort(files.begin(), files.end());
  for (const auto& file : files) {
    std::ifstream in(file);
    std::string line;
    std::getline(in, result.header);
    auto& lines = result.lines[file.parent_path().filename().string()];
    while (std::getline(in, line)) lines.push_back(line);
  }
  return result;
}

// Turns NetSuite's "MM/DD/YYYY HH:MM:SS" into "YYYY-MM-DD HH:MM:SS", which sorts.
std::string SortableNetsuite(const std::string& text) {
  return text.substr(6, 4) + "-" + text.substr(0, 2) + "-" + text.substr(3, 2) + text.substr(10);
}

// The landing zone at SF 0.01 with three increments, generated once for the suite.
class GenerateSupplyTest : public ::testing::Test {
 protected:
  static void SetUpTestSuite() {
    temp_ = new TempDirectory();
    Generate(Options(temp_->path() + "/landing"), nullptr);
  }
  static void TearDownTestSuite() {
    delete temp_;
    temp_ = nullptr;
  }
  static std::string out() { return temp_->path() + "/landing"; }
  static TempDirectory* temp_;
};
TempDirectory* GenerateSupplyTest::temp_ = nullptr;

TEST_F(GenerateSupplyTest, HeadersAreTheContractsColumns) {
  EXPECT_EQ(ReadTable(out(), "shop", "inventory_snapshots").header,
            "snapshot_date,warehouse_id,product_id,on_hand,reserved,on_order");
  EXPECT_EQ(ReadTable(out(), "netsuite", "suppliers").header,
            "supplier_id,supplier_name,country,lead_time_days,updated_at");
  EXPECT_EQ(ReadTable(out(), "netsuite", "purchase_orders").header,
            "po_id,po_line,supplier_id,warehouse_id,product_id,qty_ordered,unit_cost,ordered_at,expected_at,"
            "received_at,qty_received,status,updated_at");
  EXPECT_EQ(ReadTable(out(), "b2b_portal", "accounts").header,
            "account_id,customer_id,company_name,tier,credit_limit,payment_terms_days,sales_rep,region,created_at,"
            "updated_at");
}

TEST_F(GenerateSupplyTest, OneSnapshotPerSkuPerDayForTheLastYear) {
  Table snapshots = ReadTable(out(), "shop", "inventory_snapshots");
  std::vector<Row> products = ReadTable(out(), "shop", "products").AllRows();
  std::map<std::string, std::string> launched;  // product_id -> local launch date
  for (const Row& p : products) launched[p[0]] = p[11].substr(0, 10);
  std::map<std::string, std::set<std::string>> by_date;
  std::map<std::string, std::string> warehouse_of;
  for (const Row& r : snapshots.AllRows()) {
    ASSERT_EQ(r.size(), 6u);
    EXPECT_TRUE(by_date[r[0]].insert(r[2]).second) << "two snapshots of " << r[2] << " on " << r[0];
    auto [it, fresh] = warehouse_of.emplace(r[2], r[1]);
    EXPECT_EQ(it->second, r[1]) << "product " << r[2] << " moved between warehouses";
    EXPECT_GE(r[1], "1");
    EXPECT_LE(r[1], "3");
  }
  EXPECT_EQ(by_date.size(), 365u);
  EXPECT_EQ(by_date.begin()->first, "2025-01-01");
  EXPECT_EQ(by_date.rbegin()->first, kEndDate);
  for (const auto& [date, skus] : by_date) {
    size_t expected = 0;
    for (const auto& [id, launch] : launched) expected += launch <= date;
    EXPECT_EQ(skus.size(), expected) << date;
  }
  // Each increment holds exactly its own day's snapshot.
  for (const char* date : {"2025-12-29", "2025-12-30", "2025-12-31"}) {
    for (const Row& r : snapshots.Rows(date)) ASSERT_EQ(r[0], date);
  }
}

TEST_F(GenerateSupplyTest, StockHasStockoutsAndReservesOnlyWhatIsOnHand) {
  int64_t rows = 0, stockouts = 0, reserved_rows = 0;
  std::set<std::string> skus_out;
  for (const Row& r : ReadTable(out(), "shop", "inventory_snapshots").AllRows()) {
    int64_t on_hand = std::stoll(r[3]), reserved = std::stoll(r[4]), on_order = std::stoll(r[5]);
    ASSERT_GE(on_hand, 0);
    ASSERT_GE(on_order, 0);
    ASSERT_GE(reserved, 0);
    ASSERT_LE(reserved, on_hand);
    rows++;
    reserved_rows += reserved > 0;
    if (on_hand == 0) {
      stockouts++;
      skus_out.insert(r[2]);
    }
  }
  // Stockouts happen, for some SKUs, on a few percent of SKU-days (docs: about 2%).
  EXPECT_GT(stockouts, 0);
  EXPECT_LT(static_cast<double>(stockouts) / rows, 0.06);
  EXPECT_GT(skus_out.size(), 10u);
  EXPECT_GT(reserved_rows, rows / 20);
}

TEST_F(GenerateSupplyTest, OnOrderIsWhatTheOpenPurchaseOrdersStillOwe) {
  // The latest version of every PO line (latest updated_at wins), after all increments.
  std::map<std::pair<std::string, std::string>, Row> latest;
  for (const Row& r : ReadTable(out(), "netsuite", "purchase_orders").AllRows()) {
    auto& slot = latest[{r[0], r[1]}];
    if (slot.empty() || SortableNetsuite(r[12]) >= SortableNetsuite(slot[12])) slot = r;
  }
  std::map<std::string, int64_t> owed;
  for (const auto& [key, r] : latest) {
    if (r[11] == "open" || r[11] == "partially_received") owed[r[4]] += std::stoll(r[5]) - std::stoll(r[10]);
  }
  int64_t checked = 0;
  for (const Row& r : ReadTable(out(), "shop", "inventory_snapshots").Rows(kEndDate)) {
    EXPECT_EQ(std::stoll(r[5]), owed[r[2]]) << "product " << r[2];
    checked++;
  }
  EXPECT_GT(checked, 1000);
}

TEST_F(GenerateSupplyTest, ReceiptsKeepUpWithWhatTheOrdersSell) {
  std::map<std::string, bool> cancelled;
  for (const Row& o : ReadTable(out(), "shop", "orders").AllRows()) cancelled[o[0]] = o[4] == "cancelled";
  int64_t sold = 0, received = 0;
  for (const Row& l : ReadTable(out(), "shop", "order_items").AllRows()) {
    if (!cancelled[l[1]]) sold += std::stoll(l[3]);
  }
  std::map<std::pair<std::string, std::string>, Row> latest;
  for (const Row& r : ReadTable(out(), "netsuite", "purchase_orders").AllRows()) {
    auto& slot = latest[{r[0], r[1]}];
    if (slot.empty() || SortableNetsuite(r[12]) >= SortableNetsuite(slot[12])) slot = r;
  }
  for (const auto& [key, r] : latest) received += std::stoll(r[10]);
  // Opening stock covers part of the sales and the stock at the end is a few weeks' worth.
  EXPECT_GT(received, sold * 7 / 10);
  EXPECT_LT(received, sold * 13 / 10);
}

TEST_F(GenerateSupplyTest, PurchaseOrdersFollowTheCatalogue) {
  std::map<std::string, Row> products;
  for (const Row& p : ReadTable(out(), "shop", "products").AllRows()) products[p[0]] = p;
  std::map<std::string, std::string> warehouse_of;
  for (const Row& r : ReadTable(out(), "shop", "inventory_snapshots").Rows(kEndDate)) warehouse_of[r[2]] = r[1];
  std::map<std::string, Row> po_header;  // po_id -> its first line
  std::regex timestamp(R"(\d\d/\d\d/\d{4} \d\d:\d\d:\d\d)"), date(R"(\d\d/\d\d/\d{4})");
  std::set<std::string> statuses;
  for (const Row& r : ReadTable(out(), "netsuite", "purchase_orders").AllRows()) {
    ASSERT_EQ(r.size(), 13u);
    ASSERT_TRUE(products.count(r[4])) << r[4];
    EXPECT_EQ(r[2], products[r[4]][6]) << "PO line of product " << r[4] << " to another supplier";
    if (warehouse_of.count(r[4])) {
      EXPECT_EQ(r[3], warehouse_of[r[4]]);
    }
    auto [it, fresh] = po_header.emplace(r[0], r);
    EXPECT_EQ(it->second[2], r[2]);  // one supplier, warehouse and order time per PO
    EXPECT_EQ(it->second[3], r[3]);
    EXPECT_EQ(it->second[7], r[7]);
    EXPECT_TRUE(std::regex_match(r[7], timestamp)) << r[7];
    EXPECT_TRUE(std::regex_match(r[8], date)) << r[8];
    EXPECT_TRUE(std::regex_match(r[12], timestamp)) << r[12];
    int64_t ordered = std::stoll(r[5]), got = std::stoll(r[10]);
    EXPECT_GT(ordered, 0);
    EXPECT_LE(got, ordered);
    statuses.insert(r[11]);
    if (r[11] == "open" || r[11] == "cancelled") {
      EXPECT_EQ(r[9], "");
      EXPECT_EQ(got, 0);
    } else {
      EXPECT_TRUE(std::regex_match(r[9], timestamp)) << r[9];
      EXPECT_GT(got, 0);
      EXPECT_EQ(r[12], r[9]);  // the last receipt is the last change
    }
  }
  EXPECT_EQ(statuses, (std::set<std::string>{"open", "partially_received", "received", "cancelled"}));
}

TEST_F(GenerateSupplyTest, NetsuiteExportsAboutHalfAPercentTwice) {
  Table pos = ReadTable(out(), "netsuite", "purchase_orders");
  const auto& lines = pos.lines.at(kBackfillDate);
  std::map<std::string, int> seen;
  for (const auto& line : lines) seen[line]++;
  int64_t duplicates = 0;
  for (const auto& [line, count] : seen) {
    EXPECT_LE(count, 2);
    duplicates += count - 1;
  }
  double rate = static_cast<double>(duplicates) / lines.size();
  EXPECT_GT(rate, 0.002) << duplicates << " of " << lines.size();
  EXPECT_LT(rate, 0.01) << duplicates << " of " << lines.size();
  // A duplicate follows its original: an exact copy of the line before it.
  for (size_t i = 0; i < lines.size(); i++) {
    if (seen[lines[i]] < 2 || (i > 0 && lines[i] == lines[i - 1])) continue;
    ASSERT_LT(i + 1, lines.size());
    EXPECT_EQ(lines[i], lines[i + 1]);
  }
}

TEST_F(GenerateSupplyTest, IncrementsReEmitReceivedPurchaseOrders) {
  Table pos = ReadTable(out(), "netsuite", "purchase_orders");
  std::map<std::pair<std::string, std::string>, Row> backfill;
  for (const Row& r : pos.Rows(kBackfillDate)) backfill[{r[0], r[1]}] = r;
  int64_t late_receipts = 0, new_lines = 0;
  for (const char* date : {"2025-12-29", "2025-12-30", "2025-12-31"}) {
    for (const Row& r : pos.Rows(date)) {
      // Every row of a day's extract was created or changed that day.
      std::string day = SortableNetsuite(r[12]).substr(0, 10);
      EXPECT_EQ(day, date) << r[0] << "/" << r[1];
      auto before = backfill.find({r[0], r[1]});
      if (before == backfill.end()) {
        new_lines++;
        continue;
      }
      EXPECT_GT(SortableNetsuite(r[12]), SortableNetsuite(before->second[12]));
      if (before->second[11] == "open" && r[11] != "open") late_receipts++;
    }
  }
  EXPECT_GT(late_receipts, 0);
  EXPECT_GT(new_lines, 0);
}

TEST_F(GenerateSupplyTest, SuppliersAreTheWorldsWithLeadTimes) {
  std::vector<Row> suppliers = ReadTable(out(), "netsuite", "suppliers").Rows(kBackfillDate);
  std::set<std::string> ids;
  for (const Row& s : suppliers) {
    ASSERT_EQ(s.size(), 5u);
    ids.insert(s[0]);
    int lead = std::stoi(s[3]);
    EXPECT_GE(lead, 5);
    EXPECT_LE(lead, 60);
  }
  std::set<std::string> referenced;
  for (const Row& p : ReadTable(out(), "shop", "products").AllRows()) referenced.insert(p[6]);
  for (const auto& id : referenced) EXPECT_TRUE(ids.count(id)) << "supplier " << id;
}

TEST_F(GenerateSupplyTest, OneAccountPerB2bCustomer) {
  std::map<std::string, std::string> b2b;  // customer_id -> company_name
  for (const Row& c : ReadTable(out(), "shop", "customers").AllRows()) {
    if (c[5] == "b2b") b2b[c[0]] = c[6];
  }
  Table accounts = ReadTable(out(), "b2b_portal", "accounts");
  std::map<std::string, std::string> account_of;  // customer_id -> account_id
  std::set<std::string> reps, tiers;
  std::regex mysql(R"(\d{4}-\d\d-\d\d \d\d:\d\d:\d\d)");
  int64_t changed = 0;
  for (const Row& a : accounts.AllRows()) {
    ASSERT_EQ(a.size(), 10u);
    ASSERT_TRUE(b2b.count(a[1])) << "account of a customer that is not B2B: " << a[1];
    EXPECT_EQ(a[2], b2b[a[1]]);
    auto [it, fresh] = account_of.emplace(a[1], a[0]);
    EXPECT_EQ(it->second, a[0]) << "customer " << a[1] << " has two accounts";
    tiers.insert(a[3]);
    reps.insert(a[6]);
    int terms = std::stoi(a[5]);
    EXPECT_TRUE(terms == 15 || terms == 30 || terms == 45 || terms == 60) << terms;
    EXPECT_GE(std::stod(a[4]), 5000);
    static const std::set<std::string> kRegions = {"Northeast", "Southeast", "Midwest", "Southwest", "West"};
    EXPECT_TRUE(kRegions.count(a[7])) << a[7];
    EXPECT_TRUE(std::regex_match(a[8], mysql)) << a[8];
    EXPECT_TRUE(std::regex_match(a[9], mysql)) << a[9];
    EXPECT_GE(a[9], a[8]);
    changed += a[9] > a[8];
  }
  // Accounts open a few minutes after the customer: only the last minutes' may be missing.
  EXPECT_GE(account_of.size() + 2, b2b.size());
  EXPECT_EQ(tiers, (std::set<std::string>{"bronze", "silver", "gold", "platinum"}));
  EXPECT_LE(reps.size(), 12u);
  EXPECT_GT(reps.size(), 6u);
  EXPECT_GT(changed, 0);  // tier reviews and credit raises
  // An increment holds the accounts opened or changed that day.
  for (const char* date : {"2025-12-29", "2025-12-30", "2025-12-31"}) {
    for (const Row& a : accounts.Rows(date)) {
      EXPECT_TRUE(a[8].substr(0, 10) == date || a[9].substr(0, 10) == date) << a[0];
    }
  }
}

}  // namespace
}  // namespace stockroom
