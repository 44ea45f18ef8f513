#pragma once

#include "storage/table/data_table.hpp"

namespace stockroom {

// Widens `zone` by the minimum and maximum of rows [from, from + count) of `seg` (NULLs
// skipped; null_count is the caller's). Floats, intervals and unconstrained numerics keep
// no zone map: NaN ordering and per-value scales make min/max pruning unsafe.
void UpdateZoneMap(ZoneMap& zone, const ColumnSegment& seg, idx_t from, idx_t count);

// Widens `into` by `part` (both counts and extremes).
void MergeZone(ZoneMap& into, const ZoneMap& part);

}  // namespace stockroom
