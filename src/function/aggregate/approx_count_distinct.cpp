// approx_count_distinct(any) -> bigint: a HyperLogLog estimate of the number of distinct
// non-NULL values (exact below HyperLogLog::kExactLimit distinct values, about 0.8%
// standard error above). The core maps Redshift's APPROXIMATE COUNT(DISTINCT x) here.
// Values are hashed with the engine's value hash, under which equal values (1.5 and 1.50,
// '1 day' and '24 hours', -0.0 and 0.0) hash equal. A state owns its sketch.
#include <memory>
#include <vector>

#include "common/types/hash.hpp"
#include "function/aggregate/aggregate_executor.hpp"
#include "function/aggregate/aggregate_registration.hpp"
#include "common/types/hyperloglog.hpp"

namespace stockroom {

namespace {

struct SketchState {
  HyperLogLog* sketch;
};

HyperLogLog& SketchOf(SketchState& s) {
  if (!s.sketch) s.sketch = new HyperLogLog();
  return *s.sketch;
}

// Hashes the input rows (a block at a time) and hands each non-NULL row's hash to `fn`.
template <class Fn>
void ForEachHash(Vector& input, idx_t count, Fn&& fn) {
  UnifiedVectorFormat f;
  input.ToUnified(count, f);
  uint64_t stack_hashes[kVectorSize];
  std::vector<uint64_t> heap_hashes;
  uint64_t* hashes = stack_hashes;
  if (count > kVectorSize) {
    heap_hashes.resize(count);
    hashes = heap_hashes.data();
  }
  HashVector(input, count, hashes);
  for (idx_t i = 0; i < count; i++) {
    if (f.IsValid(i)) fn(i, hashes[i]);
  }
}

void SketchInitialize(data_ptr_t state) { reinterpret_cast<SketchState*>(state)->sketch = nullptr; }

void SketchUpdate(Vector inputs[], AggregateInputData&, idx_t, Vector& states, idx_t count) {
  UnifiedVectorFormat sf = StatePointers(states, count);
  ForEachHash(inputs[0], count, [&](idx_t i, uint64_t h) { SketchOf(StateAt<SketchState>(sf, i)).Add(h); });
}

void SketchSimpleUpdate(Vector inputs[], AggregateInputData&, idx_t, data_ptr_t state, idx_t count) {
  auto& s = *reinterpret_cast<SketchState*>(state);
  ForEachHash(inputs[0], count, [&](idx_t, uint64_t h) { SketchOf(s).Add(h); });
}

void SketchCombine(Vector& source, Vector& target, AggregateInputData&, idx_t count) {
  UnifiedVectorFormat sf = StatePointers(source, count);
  UnifiedVectorFormat tf = StatePointers(target, count);
  for (idx_t i = 0; i < count; i++) {
    const HyperLogLog* from = StateAt<SketchState>(sf, i).sketch;
    if (from) SketchOf(StateAt<SketchState>(tf, i)).Merge(*from);
  }
}

void SketchFinalize(Vector& states, AggregateInputData&, Vector& result, idx_t count, idx_t offset) {
  UnifiedVectorFormat sf = StatePointers(states, count);
  auto* out = result.Data<int64_t>();
  for (idx_t i = 0; i < count; i++) {
    const HyperLogLog* sketch = StateAt<SketchState>(sf, i).sketch;
    out[offset + i] = sketch ? static_cast<int64_t>(sketch->Count()) : 0;
  }
}

void SketchDestroy(Vector& states, idx_t count) {
  UnifiedVectorFormat sf = StatePointers(states, count);
  for (idx_t i = 0; i < count; i++) {
    SketchState& s = StateAt<SketchState>(sf, i);
    delete s.sketch;
    s.sketch = nullptr;
  }
}

}  // namespace

void RegisterApproxCountDistinct(FunctionRegistry& registry) {
  AggregateFunction f;
  f.name = "approx_count_distinct";
  f.arguments = {LogicalType(TypeId::kInvalid)};
  f.return_type = TypeId::kBigInt;
  f.state_size = sizeof(SketchState);
  f.initialize = SketchInitialize;
  f.update = SketchUpdate;
  f.simple_update = SketchSimpleUpdate;
  f.combine = SketchCombine;
  f.finalize = SketchFinalize;
  f.destroy = SketchDestroy;
  registry.AddAggregate(f);
}

}  // namespace stockroom
