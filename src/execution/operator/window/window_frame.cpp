#include "execution/operator/window/window_frame.hpp"

#include <charconv>
#include <cmath>

#include "common/error/exception.hpp"
#include "common/types/date_time.hpp"
#include "common/types/numeric.hpp"
#include "common/types/time_zone.hpp"
#include "main/client_context.hpp"

namespace stockroom {

namespace {

enum class KeyFamily { kInteger, kFloat, kNumeric, kTemporal, kUnsupported };

KeyFamily FamilyOf(TypeId id) {
  switch (id) {
    case TypeId::kSmallInt:
    case TypeId::kInteger:
    case TypeId::kBigInt:
      return KeyFamily::kInteger;
    case TypeId::kReal:
    case TypeId::kDouble:
      return KeyFamily::kFloat;
    case TypeId::kNumeric:
      return KeyFamily::kNumeric;
    case TypeId::kDate:
    case TypeId::kTimestamp:
    case TypeId::kTimestampTz:
    case TypeId::kInterval:
      return KeyFamily::kTemporal;
    default:
      return KeyFamily::kUnsupported;
  }
}

bool IsUntyped(TypeId id) { return id == TypeId::kUnknown || id == TypeId::kInvalid; }

Interval Negated(const Interval& iv) { return Interval{-iv.months, -iv.days, -iv.micros}; }

// Domains: how one key type computes PostgreSQL's in_range(val, base, offset, sub, less),
// split into Make (base +/- offset, once per current row) and Test (one candidate row).

template <class K>
struct IntegerDomain {
  using Key = K;
  using Bound = int128_t;
  int64_t offset;
  bool Invalid() const { return offset < 0; }
  Bound Make(K base, bool sub) const { return sub ? int128_t(base) - offset : int128_t(base) + offset; }
  bool Test(K val, const Bound& bound, bool less) const { return less ? val <= bound : val >= bound; }
};

template <class K>
struct FloatDomain {
  using Key = K;
  struct Bound {
    double sum;
    bool base_nan;
    bool infinite;  // base and offset infinite with base -/+ offset undefined
  };
  double offset;
  bool Invalid() const { return std::isnan(offset) || offset < 0; }
  Bound Make(K key, bool sub) const {
    double base = key;
    Bound b;
    b.base_nan = std::isnan(base);
    b.infinite = std::isinf(offset) && std::isinf(base) && (sub ? base > 0 : base < 0);
    b.sum = sub ? base - offset : base + offset;
    return b;
  }
  bool Test(K key, const Bound& b, bool less) const {
    double val = key;
    // NaN sorts above every number and equals NaN.
    if (std::isnan(val)) return b.base_nan ? true : !less;
    if (b.base_nan) return less;
    if (b.infinite) return !less;
    return less ? val <= b.sum : val >= b.sum;
  }
};

template <class K>
struct NumericDomain {
  using Key = K;
  using Bound = VarNumeric;
  VarNumeric offset;
  int32_t scale;  // of fixed-scale keys
  VarNumeric ToVar(const K& k) const {
    if constexpr (std::is_same_v<K, VarNumeric>) {
      return k;
    } else {
      return VarNumeric{static_cast<int128_t>(k), scale};
    }
  }
  bool Invalid() const { return numeric::Sign(offset) < 0; }
  Bound Make(const K& base, bool sub) const {
    return sub ? numeric::Subtract(ToVar(base), offset) : numeric::Add(ToVar(base), offset);
  }
  bool Test(const K& val, const Bound& bound, bool less) const {
    int c = numeric::Compare(ToVar(val), bound);
    return less ? c <= 0 : c >= 0;
  }
};

struct DateDomain {
  using Key = int32_t;
  using Bound = int64_t;
  Interval offset;
  static int64_t ToTimestamp(int32_t d) {
    if (d == date_time::kDateInfinity) return date_time::kTimestampInfinity;
    if (d == date_time::kDateNegInfinity) return date_time::kTimestampNegInfinity;
    return int64_t{d} * date_time::kMicrosPerDay;
  }
  bool Invalid() const { return offset.Span() < 0; }
  Bound Make(int32_t base, bool sub) const {
    return date_time::AddInterval(ToTimestamp(base), sub ? Negated(offset) : offset);
  }
  bool Test(int32_t val, Bound bound, bool less) const {
    return less ? ToTimestamp(val) <= bound : ToTimestamp(val) >= bound;
  }
};

struct TimestampDomain {
  using Key = int64_t;
  using Bound = int64_t;
  Interval offset;
  const TimeZone* zone;  // timestamptz: days and months move local time
  bool Invalid() const { return offset.Span() < 0; }
  Bound Make(int64_t base, bool sub) const {
    Interval iv = sub ? Negated(offset) : offset;
    return zone ? date_time::AddIntervalTz(base, iv, *zone) : date_time::AddInterval(base, iv);
  }
  bool Test(int64_t val, Bound bound, bool less) const { return less ? val <= bound : val >= bound; }
};

struct IntervalDomain {
  using Key = Interval;
  using Bound = int128_t;
  Interval offset;
  bool Invalid() const { return offset.Span() < 0; }
  Bound Make(const Interval& base, bool sub) const { return sub ? base.Span() - offset.Span() : base.Span() + offset.Span(); }
  bool Test(const Interval& val, Bound bound, bool less) const { return less ? val.Span() <= bound : val.Span() >= bound; }
};

template <class D>
class TypedRangeOffset final : public RangeOffset {
 public:
  explicit TypedRangeOffset(D domain) : domain_(std::move(domain)) {}

  bool Invalid() const override { return domain_.Invalid(); }

  // Follows PostgreSQL's update_frameheadpos/update_frametailpos: one pointer that only moves
  // forward through the partition, stopping at the first row inside (start) or past (end).
  void FindBounds(const Vector& key, idx_t begin, idx_t end, bool is_start, bool preceding, bool ascending,
                  bool nulls_first, idx_t* out) const override {
    using K = typename D::Key;
    const K* data = key.Data<K>();
    const ValidityMask& valid = key.validity();
    bool sub = preceding;
    bool less = !is_start;
    if (!ascending) {
      sub = !sub;
      less = !less;
    }
    idx_t pos = begin;
    for (idx_t r = begin; r < end; r++) {
      bool cur_null = !valid.RowIsValid(r);
      bool have_bound = false;
      typename D::Bound bound{};
      while (pos < end) {
        bool pos_null = !valid.RowIsValid(pos);
        if (pos_null || cur_null) {
          // NULLs are peers of each other and sit at one end of the partition.
          bool stop = is_start ? (nulls_first ? (!pos_null || cur_null) : (pos_null || !cur_null))
                               : (nulls_first ? !pos_null : !cur_null);
          if (stop) break;
        } else {
          if (!have_bound) {
            if (domain_.Invalid()) ThrowInvalidRangeOffset();
            bound = domain_.Make(data[r], sub);
            have_bound = true;
          }
          bool inside = domain_.Test(data[pos], bound, less);
          if (is_start ? inside : !inside) break;
        }
        pos++;
      }
      out[r - begin] = pos;
    }
  }

 private:
  D domain_;
};

template <class D>
std::unique_ptr<RangeOffset> Make(D domain) {
  return std::make_unique<TypedRangeOffset<D>>(std::move(domain));
}

int64_t OffsetAsInt64(const Value& v) {
  if (v.type().IsInteger()) return v.GetAsInt64();
  const std::string& s = v.GetString();
  size_t b = s.find_first_not_of(" \t\n\r");
  size_t e = s.find_last_not_of(" \t\n\r");
  int64_t out = 0;
  if (b != std::string::npos) {
    const char* first = s.data() + b;
    if (*first == '+') first++;
    auto res = std::from_chars(first, s.data() + e + 1, out);
    if (res.ec == std::errc() && res.ptr == s.data() + e + 1) return out;
    if (res.ec == std::errc::result_out_of_range) {
      throw SqlError(ErrorCode::kNumericValueOutOfRange, "value \"" + s + "\" is out of range for type bigint");
    }
  }
  throw SqlError(ErrorCode::kInvalidTextRepresentation, "invalid input syntax for type bigint: \"" + s + "\"");
}

VarNumeric OffsetAsNumeric(const Value& v) {
  const LogicalType& t = v.type();
  if (t.IsInteger()) return VarNumeric{v.GetAsInt64(), 0};
  if (t.id() == TypeId::kNumeric) {
    if (t.width() == 0) return v.GetVarNumeric();
    if (t.physical() == PhysicalType::kInt64) return VarNumeric{v.GetInt64(), t.scale()};
    return VarNumeric{v.GetInt128(), t.scale()};
  }
  return numeric::Parse(v.GetString());
}

double OffsetAsDouble(const Value& v) {
  const LogicalType& t = v.type();
  switch (t.id()) {
    case TypeId::kReal:
      return v.GetFloat();
    case TypeId::kDouble:
      return v.GetDouble();
    case TypeId::kNumeric:
      return numeric::ToDouble(OffsetAsNumeric(v));
    default:
      if (t.IsInteger()) return static_cast<double>(v.GetAsInt64());
      return ParseDouble(v.GetString());
  }
}

Interval OffsetAsInterval(const Value& v) {
  if (v.type().id() == TypeId::kInterval) return v.GetInterval();
  return date_time::ParseInterval(v.GetString());
}

template <template <class> class Domain, class... Args>
std::unique_ptr<RangeOffset> ByPhysical(PhysicalType p, Args... args) {
  switch (p) {
    case PhysicalType::kInt16:
      return Make(Domain<int16_t>{args...});
    case PhysicalType::kInt32:
      return Make(Domain<int32_t>{args...});
    case PhysicalType::kInt64:
      return Make(Domain<int64_t>{args...});
    default:
      throw InternalError("unexpected RANGE key layout");
  }
}

}  // namespace

void ThrowInvalidRangeOffset() {
  throw SqlError(ErrorCode::kInvalidPrecedingOrFollowingSize, "invalid preceding or following size in window function");
}

void RangeOffset::CheckTypes(const LogicalType& key, const LogicalType& offset, int location) {
  KeyFamily family = FamilyOf(key.id());
  if (family == KeyFamily::kUnsupported) {
    throw SqlError(ErrorCode::kFeatureNotSupported,
                   "RANGE with offset PRECEDING/FOLLOWING is not supported for column type " + key.Name(),
                   location >= 0 ? location + 1 : 0);
  }
  TypeId o = offset.id();
  bool ok = IsUntyped(o);
  switch (family) {
    case KeyFamily::kInteger:
      ok = ok || offset.IsInteger();
      break;
    case KeyFamily::kFloat:
      ok = ok || offset.IsInteger() || o == TypeId::kNumeric || o == TypeId::kReal || o == TypeId::kDouble;
      break;
    case KeyFamily::kNumeric:
      ok = ok || offset.IsInteger() || o == TypeId::kNumeric;
      break;
    case KeyFamily::kTemporal:
      ok = ok || o == TypeId::kInterval;
      break;
    case KeyFamily::kUnsupported:
      break;
  }
  if (!ok) {
    throw SqlError(ErrorCode::kFeatureNotSupported,
                   "RANGE with offset PRECEDING/FOLLOWING is not supported for column type " + key.Name() +
                       " and offset type " + offset.Name(),
                   location >= 0 ? location + 1 : 0)
        .WithHint("Cast the offset value to an appropriate type.");
  }
}

std::unique_ptr<RangeOffset> RangeOffset::Create(const LogicalType& key, const Value& offset, ClientContext& context) {
  switch (key.id()) {
    case TypeId::kSmallInt:
    case TypeId::kInteger:
    case TypeId::kBigInt:
      return ByPhysical<IntegerDomain>(key.physical(), OffsetAsInt64(offset));
    case TypeId::kReal:
      return Make(FloatDomain<float>{OffsetAsDouble(offset)});
    case TypeId::kDouble:
      return Make(FloatDomain<double>{OffsetAsDouble(offset)});
    case TypeId::kNumeric: {
      VarNumeric off = OffsetAsNumeric(offset);
      switch (key.physical()) {
        case PhysicalType::kInt64:
          return Make(NumericDomain<int64_t>{off, key.scale()});
        case PhysicalType::kInt128:
          return Make(NumericDomain<int128_t>{off, key.scale()});
        default:
          return Make(NumericDomain<VarNumeric>{off, 0});
      }
    }
    case TypeId::kDate:
      return Make(DateDomain{OffsetAsInterval(offset)});
    case TypeId::kTimestamp:
      return Make(TimestampDomain{OffsetAsInterval(offset), nullptr});
    case TypeId::kTimestampTz:
      return Make(TimestampDomain{OffsetAsInterval(offset), &context.time_zone()});
    case TypeId::kInterval:
      return Make(IntervalDomain{OffsetAsInterval(offset)});
    default:
      throw InternalError("unexpected RANGE key type " + key.ToString());
  }
}

void ComputeFrames(const FrameDefinition& frame, const PeerGroups& peers, const Vector* key, idx_t first, idx_t last,
                   idx_t* begin, idx_t* end) {
  idx_t n = last - first;
  const idx_t* group_of = peers.group_of.data();
  idx_t g_first = group_of[first];
  idx_t g_last = group_of[last - 1];
  // One bound (start or end) for every row.
  auto fill = [&](FrameBoundKind kind, int64_t rows_offset, const RangeOffset* range, bool is_start, idx_t* out) {
    uint64_t o = static_cast<uint64_t>(rows_offset);
    switch (kind) {
      case FrameBoundKind::kUnboundedPreceding:
        for (idx_t i = 0; i < n; i++) out[i] = first;
        return;
      case FrameBoundKind::kUnboundedFollowing:
        for (idx_t i = 0; i < n; i++) out[i] = last;
        return;
      case FrameBoundKind::kCurrentRow:
        if (frame.mode == FrameMode::kRows) {
          for (idx_t i = 0; i < n; i++) out[i] = first + i + (is_start ? 0 : 1);
        } else {
          const idx_t* edge = is_start ? peers.begin.data() : peers.end.data();
          for (idx_t i = 0; i < n; i++) out[i] = edge[group_of[first + i]];
        }
        return;
      case FrameBoundKind::kOffsetPreceding:
      case FrameBoundKind::kOffsetFollowing: {
        bool preceding = kind == FrameBoundKind::kOffsetPreceding;
        if (frame.mode == FrameMode::kRange) {
          range->FindBounds(*key, first, last, is_start, preceding, frame.ascending, frame.nulls_first, out);
          return;
        }
        if (frame.mode == FrameMode::kRows) {
          for (idx_t i = 0; i < n; i++) {
            idx_t r = first + i;
            if (preceding) {
              out[i] = i >= o ? r - o + (is_start ? 0 : 1) : first;
            } else {
              out[i] = last - r > o ? r + o + (is_start ? 0 : 1) : last;
            }
          }
          return;
        }
        const idx_t* edge = is_start ? peers.begin.data() : peers.end.data();
        for (idx_t i = 0; i < n; i++) {
          idx_t g = group_of[first + i];
          if (preceding) {
            out[i] = g - g_first >= o ? edge[g - o] : first;
          } else {
            out[i] = g_last - g >= o ? edge[g + o] : last;
          }
        }
        return;
      }
    }
  };
  fill(frame.start, frame.start_rows, frame.start_range.get(), true, begin);
  fill(frame.end, frame.end_rows, frame.end_range.get(), false, end);
}

}  // namespace stockroom
