#pragma once

#include <cstdint>

#include "common/error/assert.hpp"
#include "common/types/int128.hpp"
#include "common/types/interval.hpp"
#include "common/types/logical_type.hpp"
#include "common/types/string_ref.hpp"
#include "common/types/var_numeric.hpp"

namespace stockroom {

// Calls `fn` with a value of the C++ type that holds `type` in a vector and returns what it
// returns, so one generic lambda replaces a switch over physical types.
template <class Fn>
decltype(auto) WithPhysicalType(PhysicalType type, Fn&& fn) {
  switch (type) {
    case PhysicalType::kBool:
      return fn(bool{});
    case PhysicalType::kInt16:
      return fn(int16_t{});
    case PhysicalType::kInt32:
      return fn(int32_t{});
    case PhysicalType::kInt64:
      return fn(int64_t{});
    case PhysicalType::kInt128:
      return fn(int128_t{});
    case PhysicalType::kFloat:
      return fn(float{});
    case PhysicalType::kDouble:
      return fn(double{});
    case PhysicalType::kString:
      return fn(StringRef{});
    case PhysicalType::kInterval:
      return fn(Interval{});
    case PhysicalType::kVarNumeric:
      return fn(VarNumeric{});
  }
  SR_UNREACHABLE();
}

}  // namespace stockroom
