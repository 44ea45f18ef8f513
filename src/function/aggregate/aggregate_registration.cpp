// The built-in aggregate functions.
//
// How the core drives an AggregateFunction (the contract every file here implements):
//  - States are `state_size` bytes the core allocates, 8-byte aligned (so an int128 in a state
//    is a StateInt128), trivially relocatable; `initialize` prepares one.
//  - A states vector is a Vector of TypeId::kBigInt (there is no pointer PhysicalType)
//    whose 8-byte slots hold data_ptr_t state pointers; kernels reinterpret its data as
//    data_ptr_t* (see StatePointers in aggregate_executor.hpp). Grouped `update` adds input
//    row i to the state in slot i; `simple_update` adds all rows to one state (no GROUP BY).
//  - NULL inputs reach the kernels: functions with NullHandling::kDefault skip a row whose
//    input is NULL themselves; kSpecial ones (count(*), array_agg, string_agg) handle NULLs.
//  - `combine` merges source slot i into target slot i and leaves the source valid and
//    unchanged (parallel aggregation merges thread-local states, and window aggregates
//    combine and finalize partial states more than once). `finalize` may run more than once
//    on a state and does not consume it; it writes result row offset + i.
//  - `destroy` frees what a state owns (string_agg, array_agg, ordered-set and
//    approx_count_distinct states own heap memory); it is null when nothing is owned.
//  - Ordered-set aggregates (ordered_set = true) get their direct arguments (the percentile
//    fraction, constant per query) first and the WITHIN GROUP value last, and sort at
//    finalize. Order-sensitive ones (order_sensitive = true: string_agg, listagg, array_agg)
//    take rows in the order the core feeds them, which applies the aggregate's ORDER BY.
#include "function/aggregate/aggregate_registration.hpp"

namespace stockroom {

void RegisterAggregateFunctions(FunctionRegistry& registry) {
  RegisterCountSumAvg(registry);
  RegisterMinMax(registry);
  RegisterVarianceAggregates(registry);
  RegisterRegressionAggregates(registry);
  RegisterBoolAggregates(registry);
  RegisterStringAgg(registry);
  RegisterArrayAgg(registry);
  RegisterOrderedSetAggregates(registry);
  RegisterApproxCountDistinct(registry);
}

}  // namespace stockroom
