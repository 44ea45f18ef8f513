#include "execution/operator/window/window_layout.hpp"

#include <algorithm>
#include <iterator>

#include "common/error/exception.hpp"
#include "execution/operator/window/window_frame.hpp"

namespace stockroom {

namespace {

bool SameKey(const SortKey& a, const SortKey& b) {
  return a.column == b.column && a.descending == b.descending && a.nulls_first == b.nulls_first;
}

std::vector<SortKey> SpecSortKeys(const WindowSpecLayout& spec) {
  std::vector<SortKey> keys;
  for (idx_t c : spec.partitions) keys.push_back({c, false, false});
  keys.insert(keys.end(), spec.orders.begin(), spec.orders.end());
  return keys;
}

}  // namespace

WindowLayout BuildWindowLayout(const BoundExpressionList& windows, const std::vector<LogicalType>& types) {
  WindowLayout layout;
  layout.input_count = types.size() - windows.size();
  layout.payload_types.assign(types.begin(), types.begin() + layout.input_count);
  auto column_of = [&](const BoundExpression& e) -> idx_t {
    if (e.kind == BoundExprKind::kReference) {
      idx_t index = static_cast<const BoundReference&>(e).index;
      if (index < layout.input_count) return index;
    }
    for (size_t i = 0; i < layout.computed.size(); i++) {
      if (layout.computed[i]->Equals(e)) return layout.input_count + i;
    }
    layout.computed.push_back(&e);
    layout.payload_types.push_back(e.type);
    return layout.payload_types.size() - 1;
  };
  for (auto& w : windows) {
    if (w->kind != BoundExprKind::kWindow) throw InternalError("window operator given a non-window expression");
    const auto& window = static_cast<const BoundWindow&>(*w);
    WindowColumn column;
    column.expr = &window;
    WindowSpecLayout spec;
    for (auto& p : window.partitions) spec.partitions.push_back(column_of(*p));
    for (auto& o : window.orders) spec.orders.push_back({column_of(*o.expr), o.descending, o.nulls_first});
    for (auto& c : window.children) column.args.push_back(column_of(*c));
    if (window.filter) column.filter = static_cast<int64_t>(column_of(*window.filter));
    const BoundFrame& frame = window.frame;
    if (frame.mode == FrameMode::kGroups && window.orders.empty()) {
      throw SqlError(ErrorCode::kWindowingError, "GROUPS mode requires an ORDER BY clause",
                     window.location >= 0 ? window.location + 1 : 0);
    }
    if (frame.mode == FrameMode::kRange && (frame.start_offset || frame.end_offset) && !window.orders.empty()) {
      for (auto* offset : {frame.start_offset.get(), frame.end_offset.get()}) {
        if (offset) RangeOffset::CheckTypes(window.orders[0].expr->type, offset->type, offset->location);
      }
    }
    idx_t found = layout.specs.size();
    for (idx_t s = 0; s < layout.specs.size(); s++) {
      const WindowSpecLayout& other = layout.specs[s];
      if (other.partitions != spec.partitions || other.orders.size() != spec.orders.size()) continue;
      bool same = true;
      for (size_t k = 0; k < spec.orders.size(); k++) same = same && SameKey(other.orders[k], spec.orders[k]);
      if (same) {
        found = s;
        break;
      }
    }
    if (found == layout.specs.size()) layout.specs.push_back(std::move(spec));
    column.spec = found;
    column.slot = layout.specs[found].windows.size();
    layout.specs[found].windows.push_back(layout.windows.size());
    layout.windows.push_back(std::move(column));
  }
  // Sort groups: the specs with the most keys first, each joining a group it is a prefix of.
  std::vector<idx_t> by_keys(layout.specs.size());
  for (idx_t s = 0; s < by_keys.size(); s++) by_keys[s] = s;
  std::stable_sort(by_keys.begin(), by_keys.end(), [&](idx_t a, idx_t b) {
    return SpecSortKeys(layout.specs[a]).size() > SpecSortKeys(layout.specs[b]).size();
  });
  for (idx_t s : by_keys) {
    std::vector<SortKey> keys = SpecSortKeys(layout.specs[s]);
    idx_t group = layout.groups.size();
    for (idx_t g = 0; g < layout.groups.size(); g++) {
      const auto& have = layout.groups[g];
      bool prefix = keys.size() <= have.size();
      for (size_t k = 0; prefix && k < keys.size(); k++) prefix = SameKey(keys[k], have[k]);
      if (prefix) {
        group = g;
        break;
      }
    }
    if (group == layout.groups.size()) layout.groups.push_back(keys);
    layout.specs[s].group = group;
  }
  for (idx_t s = 0; s < layout.specs.size(); s++) {
    std::vector<idx_t> keys = layout.specs[s].partitions;
    std::sort(keys.begin(), keys.end());
    keys.erase(std::unique(keys.begin(), keys.end()), keys.end());
    if (s == 0) {
      layout.spill_keys = std::move(keys);
      continue;
    }
    std::vector<idx_t> common;
    std::set_intersection(layout.spill_keys.begin(), layout.spill_keys.end(), keys.begin(), keys.end(),
                          std::back_inserter(common));
    layout.spill_keys = std::move(common);
  }
  return layout;
}

}  // namespace stockroom
