#include "common/types/hyperloglog.hpp"

#include <algorithm>
#include <cmath>
#include <cstring>
#include <limits>

namespace stockroom {

namespace {

// The largest register value: leading zeros of the 50 hash bits below the index, plus one.
constexpr int kMaxRank = 64 - HyperLogLog::kPrecision + 1;

// A final avalanche so that inputs hashed by weaker functions still spread over the bits.
uint64_t Remix(uint64_t h) {
  h ^= h >> 33;
  h *= 0xff51afd7ed558ccdULL;
  h ^= h >> 33;
  h *= 0xc4ceb9fe1a85ec53ULL;
  h ^= h >> 33;
  return h;
}

// Ertl's sigma and tau series ("New cardinality estimation algorithms for HyperLogLog
// sketches", 2017), which correct the raw estimate for empty and saturated registers.
double Sigma(double x) {
  if (x == 1.0) return std::numeric_limits<double>::infinity();
  double y = 1.0;
  double z = x;
  for (;;) {
    x *= x;
    double before = z;
    z += x * y;
    y += y;
    if (z == before) return z;
  }
}

double Tau(double x) {
  if (x == 0.0 || x == 1.0) return 0.0;
  double y = 1.0;
  double z = 1.0 - x;
  for (;;) {
    x = std::sqrt(x);
    double before = z;
    y *= 0.5;
    z -= (1.0 - x) * (1.0 - x) * y;
    if (z == before) return z / 3.0;
  }
}

}  // namespace

void HyperLogLog::Add(uint64_t hash) {
  hash = Remix(hash);
  if (registers_) {
    AddToRegisters(hash);
  } else {
    InsertExact(hash);
  }
}

void HyperLogLog::AddToRegisters(uint64_t hash) {
  uint32_t index = static_cast<uint32_t>(hash >> (64 - kPrecision));
  uint64_t rest = hash << kPrecision;
  int rank = rest == 0 ? kMaxRank : __builtin_clzll(rest) + 1;
  if (rank > kMaxRank) rank = kMaxRank;
  uint8_t& reg = registers_[index];
  if (rank > reg) reg = static_cast<uint8_t>(rank);
}

void HyperLogLog::InsertExact(uint64_t hash) {
  if (hash == 0) hash = 1;
  if (exact_.empty()) exact_.assign(16, 0);
  size_t mask = exact_.size() - 1;
  for (size_t slot = hash & mask;; slot = (slot + 1) & mask) {
    if (exact_[slot] == hash) return;
    if (exact_[slot] == 0) {
      exact_[slot] = hash;
      break;
    }
  }
  exact_count_++;
  if (exact_count_ > kExactLimit) {
    ToRegisters();
  } else if (exact_count_ * 2 > exact_.size()) {
    GrowExact();
  }
}

void HyperLogLog::GrowExact() {
  std::vector<uint64_t> old;
  old.swap(exact_);
  exact_.assign(old.size() * 2, 0);
  size_t mask = exact_.size() - 1;
  for (uint64_t h : old) {
    if (h == 0) continue;
    size_t slot = h & mask;
    while (exact_[slot] != 0) slot = (slot + 1) & mask;
    exact_[slot] = h;
  }
}

void HyperLogLog::ToRegisters() {
  registers_ = std::make_unique<uint8_t[]>(kRegisterCount);
  std::memset(registers_.get(), 0, kRegisterCount);
  for (uint64_t h : exact_) {
    if (h != 0) AddToRegisters(h);
  }
  std::vector<uint64_t>().swap(exact_);
  exact_count_ = 0;
}

void HyperLogLog::Merge(const HyperLogLog& other) {
  if (other.registers_) {
    if (!registers_) ToRegisters();
    for (uint32_t i = 0; i < kRegisterCount; i++) {
      if (other.registers_[i] > registers_[i]) registers_[i] = other.registers_[i];
    }
    return;
  }
  for (uint64_t h : other.exact_) {
    if (h == 0) continue;
    // Stored hashes are already remixed.
    if (registers_) {
      AddToRegisters(h);
    } else {
      InsertExact(h);
    }
  }
}

void HyperLogLog::Write(ByteWriter& out) const {
  out.Put(static_cast<uint8_t>(registers_ ? 1 : 0));
  if (registers_) {
    out.bytes().append(reinterpret_cast<const char*>(registers_.get()), kRegisterCount);
    return;
  }
  out.Put(exact_count_);
  for (uint64_t h : exact_) {
    if (h != 0) out.Put(h);
  }
}

HyperLogLog HyperLogLog::Read(ByteReader& in) {
  HyperLogLog sketch;
  if (in.Get<uint8_t>() == 1) {
    std::string_view registers = in.GetBytes(kRegisterCount);
    uint8_t highest = 0;
    for (char rank : registers) highest = std::max(highest, static_cast<uint8_t>(rank));
    if (highest > kMaxRank) throw SqlError(ErrorCode::kDataCorrupted, "\"" + in.where() + "\" holds an invalid sketch");
    sketch.registers_ = std::make_unique<uint8_t[]>(kRegisterCount);
    std::memcpy(sketch.registers_.get(), registers.data(), kRegisterCount);
    return sketch;
  }
  auto count = in.Get<uint32_t>();
  if (count > kExactLimit) throw SqlError(ErrorCode::kDataCorrupted, "\"" + in.where() + "\" holds an invalid sketch");
  for (uint32_t i = 0; i < count; i++) sketch.InsertExact(in.Get<uint64_t>());  // already remixed
  return sketch;
}

uint64_t HyperLogLog::Count() const {
  if (!registers_) return exact_count_;
  int histogram[kMaxRank + 1] = {};
  for (uint32_t i = 0; i < kRegisterCount; i++) histogram[registers_[i]]++;
  const double m = kRegisterCount;
  double z = m * Tau(1.0 - histogram[kMaxRank] / m);
  for (int k = kMaxRank - 1; k >= 1; k--) z = 0.5 * (z + histogram[k]);
  z += m * Sigma(histogram[0] / m);
  const double alpha_infinity = 0.5 / std::log(2.0);
  return static_cast<uint64_t>(std::llround(alpha_infinity * m * m / z));
}

}  // namespace stockroom
