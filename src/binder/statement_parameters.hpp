#pragma once

#include <vector>

#include "common/types/logical_type.hpp"
#include "common/types/value.hpp"

namespace stockroom {

// The $n parameters of the statement being bound, reachable from its ClientContext.
// Preparing (`values` null): `$n` binds as a BoundParameter whose type is given or, while
// unknown, is set by the first context that types it the way an unknown-typed literal is
// typed (AddCast resolves it). Executing (`values` set): `$n` binds as a constant of its
// prepared type, so folding and zone-map pruning treat it exactly like a literal.
struct StatementParameters {
  // One per parameter, 1-based $n at index n-1; kUnknown while undetermined.
  std::vector<LogicalType> types;
  // Occurrences of each parameter bound while its type was unknown and not yet typed by
  // their context; left over after binding means PostgreSQL's 42P18/42P08.
  std::vector<int> untyped_uses;
  const std::vector<Value>* values = nullptr;

  bool describing() const { return values == nullptr; }
  // Makes room for $n (1-based).
  void Grow(size_t n) {
    if (types.size() < n) types.resize(n, LogicalType(TypeId::kUnknown));
    if (untyped_uses.size() < types.size()) untyped_uses.resize(types.size(), 0);
  }
  // An untyped occurrence of $index was coerced to `type` (modifiers dropped, as
  // PostgreSQL's parameters carry no typmod; the coercion to the modified type follows).
  void Resolve(size_t index, const LogicalType& type) {
    Grow(index);
    if (types[index - 1].id() == TypeId::kUnknown) types[index - 1] = type;
    if (untyped_uses[index - 1] > 0) untyped_uses[index - 1]--;
  }
};

// The type a parameter takes when coerced to `target`: the type without its modifiers.
inline LogicalType ParameterTypeFor(const LogicalType& target) {
  switch (target.id()) {
    case TypeId::kNumeric:
    case TypeId::kVarchar:
    case TypeId::kChar:
      return LogicalType(target.id());
    default:
      return target;
  }
}

}  // namespace stockroom
