#pragma once

#include <cmath>
#include <cstddef>
#include <cstdint>
#include <vector>

namespace stockroom {

// What a random stream is for. Every entity draws from its own stream, keyed by
// (seed, what, id), so any part of the landing zone can be generated alone, in any order
// and on any thread, and still come out byte-identical.
enum class RandomStream : uint64_t {
  kCustomer = 1,
  kProduct,
  kSupplier,
  kOrder,
  kOrderCustomer,
  kLines,
  kTimeline,
  kReturns,
  kDirt,
  kInventory,
  kPurchaseOrder,
  kAccount,
  kPayment,
  kShipment,
  kTicket,
  kSession,
  kAds,
  kSheets,
};

// A small, fast generator (xoshiro256**), seeded through splitmix64 from the stream key.
// Not thread-safe: make one per use; construction is cheap.
class Rng {
 public:
  Rng(uint64_t seed, RandomStream stream, uint64_t id) {
    uint64_t x = seed * 0x9E3779B97F4A7C15ULL ^ (static_cast<uint64_t>(stream) << 56) ^ id;
    for (auto& s : state_) s = SplitMix(&x);
  }

  uint64_t Next() {
    uint64_t result = Rotl(state_[1] * 5, 7) * 9;
    uint64_t t = state_[1] << 17;
    state_[2] ^= state_[0];
    state_[3] ^= state_[1];
    state_[1] ^= state_[2];
    state_[0] ^= state_[3];
    state_[2] ^= t;
    state_[3] = Rotl(state_[3], 45);
    return result;
  }
  // Returns a double in [0, 1).
  double Uniform() { return static_cast<double>(Next() >> 11) * 0x1.0p-53; }
  // Returns an integer in [lo, hi] (inclusive).
  int64_t Range(int64_t lo, int64_t hi) {
    return lo + static_cast<int64_t>(Uniform() * static_cast<double>(hi - lo + 1));
  }
  bool Chance(double p) { return Uniform() < p; }
  double Normal(double mean, double sd) {
    double u1 = 1.0 - Uniform(), u2 = Uniform();
    return mean + sd * std::sqrt(-2.0 * std::log(u1)) * std::cos(6.283185307179586 * u2);
  }
  // Returns a log-normal value with the given median; sigma is the log's spread.
  double LogNormal(double median, double sigma) { return median * std::exp(Normal(0, sigma)); }
  double Exponential(double mean) { return -mean * std::log(1.0 - Uniform()); }
  // Picks an index by weight, given the running sums of the weights.
  size_t Pick(const std::vector<double>& cumulative) {
    double target = Uniform() * cumulative.back();
    size_t lo = 0, hi = cumulative.size() - 1;
    while (lo < hi) {
      size_t mid = (lo + hi) / 2;
      if (cumulative[mid] > target) hi = mid; else lo = mid + 1;
    }
    return lo;
  }
  template <typename T, size_t N>
  const T& Of(const T (&items)[N]) { return items[Next() % N]; }

 private:
  static uint64_t Rotl(uint64_t x, int k) { return (x << k) | (x >> (64 - k)); }
  static uint64_t SplitMix(uint64_t* x) {
    uint64_t z = (*x += 0x9E3779B97F4A7C15ULL);
    z = (z ^ (z >> 30)) * 0xBF58476D1CE4E5B9ULL;
    z = (z ^ (z >> 27)) * 0x94D049BB133111EBULL;
    return z ^ (z >> 31);
  }
  uint64_t state_[4];
};

// Returns the running sums of `weights`, for Rng::Pick.
inline std::vector<double> Cumulative(const std::vector<double>& weights) {
  std::vector<double> sums(weights.size());
  double total = 0;
  for (size_t i = 0; i < weights.size(); i++) sums[i] = total += weights[i];
  return sums;
}

}  // namespace stockroom
