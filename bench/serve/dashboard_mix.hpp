#pragma once

#include <random>
#include <string>
#include <vector>

// The short dashboard queries the serving benchmark's clients send: what a BI dashboard
// over TPC-H's schema asks when someone opens a customer, an order, a nation's revenue or
// a month's shipping figures. Each kind is one SQL text with $n parameters (sent with the
// extended protocol, as BI tools and drivers do) and a generator of random parameters.
namespace bench {

// Values the generators draw keys from: real order keys (TPC-H's are sparse), and the
// sizes of the key ranges that are dense.
struct MixDomain {
  std::vector<std::string> order_keys;
  int customers = 150000;
  int suppliers = 10000;
};

struct QueryKind {
  std::string name;
  std::string sql;
  int weight;  // relative frequency in the mix
  // Text parameters for one execution.
  std::vector<std::string> (*parameters)(const MixDomain&, std::mt19937_64&);
};

// The mix, in the order the reports list it.
const std::vector<QueryKind>& DashboardMix();

// Picks a kind by weight.
size_t PickKind(std::mt19937_64& rng);

}  // namespace bench
