#include "bench/serve/dashboard_mix.hpp"

#include <cstdio>

namespace bench {

namespace {

int Uniform(std::mt19937_64& rng, int low, int high) { return std::uniform_int_distribution<int>(low, high)(rng); }

std::string Int(int v) { return std::to_string(v); }

// First days of a random month of TPC-H's order dates (1992-01 .. 1998-07) and of the
// month `months` later: dashboards filter on calendar months.
std::pair<std::string, std::string> MonthRange(std::mt19937_64& rng, int months) {
  int index = Uniform(rng, 0, 6 * 12 + 6 - months);
  int from_year = 1992 + index / 12, from_month = 1 + index % 12;
  int to_index = index + months;
  int to_year = 1992 + to_index / 12, to_month = 1 + to_index % 12;
  char from[16], to[16];
  std::snprintf(from, sizeof(from), "%04d-%02d-01", from_year, from_month);
  std::snprintf(to, sizeof(to), "%04d-%02d-01", to_year, to_month);
  return {from, to};
}

std::vector<std::string> CustomerKey(const MixDomain& d, std::mt19937_64& rng) {
  return {Int(Uniform(rng, 1, d.customers))};
}

std::vector<std::string> OrderKey(const MixDomain& d, std::mt19937_64& rng) {
  return {d.order_keys[Uniform(rng, 0, static_cast<int>(d.order_keys.size()) - 1)]};
}

std::vector<std::string> SupplierKey(const MixDomain& d, std::mt19937_64& rng) {
  return {Int(Uniform(rng, 1, d.suppliers))};
}

std::vector<std::string> NationYear(const MixDomain&, std::mt19937_64& rng) {
  int year = Uniform(rng, 1992, 1997);
  return {Int(Uniform(rng, 0, 24)), Int(year) + "-01-01", Int(year + 1) + "-01-01"};
}

std::vector<std::string> BrandMonth(const MixDomain&, std::mt19937_64& rng) {
  auto [from, to] = MonthRange(rng, 1);
  return {"Brand#" + Int(Uniform(rng, 1, 5)) + Int(Uniform(rng, 1, 5)), from, to};
}

std::vector<std::string> OneMonth(const MixDomain&, std::mt19937_64& rng) {
  auto [from, to] = MonthRange(rng, 1);
  return {from, to};
}

std::vector<std::string> Q6Month(const MixDomain&, std::mt19937_64& rng) {
  auto [from, to] = MonthRange(rng, 1);
  int discount = Uniform(rng, 2, 9);
  return {from, to, "0.0" + Int(discount - 1), "0.0" + Int(discount + 1), Int(Uniform(rng, 24, 25))};
}

}  // namespace

const std::vector<QueryKind>& DashboardMix() {
  static const std::vector<QueryKind> mix = {
      {"customer_orders",
       "SELECT o_orderkey, o_orderdate, o_orderstatus, o_totalprice FROM orders WHERE o_custkey = $1 "
       "ORDER BY o_orderdate DESC, o_orderkey LIMIT 20",
       20, CustomerKey},
      {"order_lines",
       "SELECT l_linenumber, l_partkey, l_quantity, l_extendedprice, l_discount, l_shipdate, l_shipmode "
       "FROM lineitem WHERE l_orderkey = $1 ORDER BY l_linenumber",
       20, OrderKey},
      {"customer_profile",
       "SELECT c_name, c_phone, c_acctbal, c_mktsegment, n_name, r_name FROM customer "
       "JOIN nation ON n_nationkey = c_nationkey JOIN region ON r_regionkey = n_regionkey WHERE c_custkey = $1",
       10, CustomerKey},
      {"supplier_lookup",
       "SELECT s_suppkey, s_name, s_address, s_phone, s_acctbal, n_name FROM supplier "
       "JOIN nation ON n_nationkey = s_nationkey WHERE s_suppkey = $1",
       10, SupplierKey},
      {"nation_monthly_revenue",
       // As Tableau writes it: truncating the date as a timestamp (a date alone would be
       // promoted to timestamptz, whose truncation depends on the session's TimeZone).
       "SELECT date_trunc('month', o_orderdate::timestamp) AS month, count(*) AS orders, sum(o_totalprice) AS revenue "
       "FROM orders JOIN customer ON c_custkey = o_custkey "
       "WHERE c_nationkey = $1 AND o_orderdate >= $2 AND o_orderdate < $3 GROUP BY 1 ORDER BY 1",
       10, NationYear},
      {"order_priority_month",
       "SELECT o_orderpriority, count(*) AS orders FROM orders WHERE o_orderdate >= $1 AND o_orderdate < $2 "
       "GROUP BY o_orderpriority ORDER BY o_orderpriority",
       10, OneMonth},
      {"shipmode_counts",
       "SELECT l_shipmode, count(*) AS lines, sum(l_quantity) AS quantity FROM lineitem "
       "WHERE l_shipdate >= $1 AND l_shipdate < $2 GROUP BY l_shipmode ORDER BY l_shipmode",
       8, OneMonth},
      {"q6_month",
       "SELECT sum(l_extendedprice * l_discount) AS revenue FROM lineitem WHERE l_shipdate >= $1 "
       "AND l_shipdate < $2 AND l_discount BETWEEN $3 AND $4 AND l_quantity < $5",
       7, Q6Month},
      {"brand_top_parts",
       "SELECT p_partkey, p_name, sum(l_extendedprice * (1 - l_discount)) AS revenue FROM lineitem "
       "JOIN part ON p_partkey = l_partkey WHERE p_brand = $1 AND l_shipdate >= $2 AND l_shipdate < $3 "
       "GROUP BY p_partkey, p_name ORDER BY revenue DESC, p_partkey LIMIT 10",
       5, BrandMonth},
  };
  return mix;
}

size_t PickKind(std::mt19937_64& rng) {
  static const std::discrete_distribution<size_t> by_weight = [] {
    std::vector<int> weights;
    for (auto& kind : DashboardMix()) weights.push_back(kind.weight);
    return std::discrete_distribution<size_t>(weights.begin(), weights.end());
  }();
  auto pick = by_weight;  // distributions keep state: a copy per call keeps this thread-safe
  return pick(rng);
}

}  // namespace bench
