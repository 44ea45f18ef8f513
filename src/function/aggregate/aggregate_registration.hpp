#pragma once

#include "function/function_registry.hpp"

namespace stockroom {

// Registration of each aggregate family; RegisterAggregateFunctions (aggregate_registration.cpp)
// calls them all. Internal to function/aggregate/.
void RegisterCountSumAvg(FunctionRegistry& registry);
void RegisterMinMax(FunctionRegistry& registry);
void RegisterVarianceAggregates(FunctionRegistry& registry);
void RegisterRegressionAggregates(FunctionRegistry& registry);
void RegisterBoolAggregates(FunctionRegistry& registry);
void RegisterStringAgg(FunctionRegistry& registry);
void RegisterArrayAgg(FunctionRegistry& registry);
void RegisterOrderedSetAggregates(FunctionRegistry& registry);
void RegisterApproxCountDistinct(FunctionRegistry& registry);

}  // namespace stockroom
