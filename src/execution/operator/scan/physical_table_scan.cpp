#include "execution/operator/scan/physical_table_scan.hpp"

#include <atomic>

#include "catalog/catalog_entry.hpp"
#include "execution/expression/expression_executor.hpp"
#include "main/client_context.hpp"
#include "storage/buffer_pool.hpp"
#include "transaction/transaction.hpp"

namespace stockroom {

namespace {

// Rows per morsel: a few vectors, so two threads share even small tables.
constexpr idx_t kMorselVectors = 8;

struct Morsel {
  idx_t group;
  idx_t start;  // row offset in the group (multiple of kVectorSize)
  idx_t end;
};

struct ScanGlobalState : GlobalSourceState {
  std::vector<ScanGroup> groups;  // as the transaction sees them
  uint64_t snapshot = 0;
  std::vector<Morsel> morsels;
  std::atomic<idx_t> next{0};
  idx_t MaxThreads() const override { return std::max<idx_t>(1, morsels.size()); }
};

struct ScanLocalState : LocalSourceState {
  Morsel current{0, 0, 0};
  idx_t position = 0;
  bool has_morsel = false;
  SelectionVector sel{kVectorSize};
  SelectionVector filter_sel{kVectorSize};
  std::vector<Vector> filter_constants;  // one per filter (constant vectors)
  std::vector<std::vector<Vector>> in_lists;
};

}  // namespace

idx_t SelectLiveRows(const ScanGroup& group, uint64_t snapshot, idx_t offset, idx_t count, SelectionVector& sel) {
  idx_t n = 0;
  const DeleteVector* committed = group.committed_deletes.get();
  const uint64_t* local = group.local_deletes ? group.local_deletes->data() : nullptr;
  for (idx_t i = 0; i < count; i++) {
    idx_t row = offset + i;
    bool deleted = (committed && committed->IsDeleted(row, snapshot)) || (local && ((local[row >> 6] >> (row & 63)) & 1));
    sel.Set(n, i);
    n += !deleted;
  }
  return n;
}

bool ZoneMapExcludes(const ZoneMap& zone, const TableFilter& filter) {
  switch (filter.kind) {
    case TableFilter::Kind::kIsNull:
      return zone.null_count == 0;
    case TableFilter::Kind::kIsNotNull:
      return !zone.has_values;
    case TableFilter::Kind::kInList: {
      if (!zone.has_values) return true;
      for (auto& v : filter.in_list) {
        if (v.Compare(zone.min) >= 0 && v.Compare(zone.max) <= 0) return false;
      }
      return true;
    }
    case TableFilter::Kind::kComparison: {
      if (!zone.has_values) return true;
      const Value& c = filter.constant;
      switch (filter.comparison) {
        case ComparisonKind::kEqual:
          return c.Compare(zone.min) < 0 || c.Compare(zone.max) > 0;
        case ComparisonKind::kLess:
          return zone.min.Compare(c) >= 0;
        case ComparisonKind::kLessEqual:
          return zone.min.Compare(c) > 0;
        case ComparisonKind::kGreater:
          return zone.max.Compare(c) <= 0;
        case ComparisonKind::kGreaterEqual:
          return zone.max.Compare(c) < 0;
        default:
          return false;
      }
    }
  }
  return false;
}

PhysicalTableScan::PhysicalTableScan(std::vector<LogicalType> types, std::shared_ptr<TableEntry> table,
                                     std::vector<idx_t> column_ids, std::vector<TableFilter> filters,
                                     std::string description, double estimated_rows)
    : PhysicalOperator("SEQ_SCAN", std::move(types), estimated_rows),
      table_(std::move(table)),
      column_ids_(std::move(column_ids)),
      filters_(std::move(filters)),
      table_name_(std::move(description)) {}

std::unique_ptr<GlobalSourceState> PhysicalTableScan::GetGlobalSourceState(ClientContext& context) const {
  auto state = std::make_unique<ScanGlobalState>();
  state->groups = context.transaction().ScanGroups(*table_);
  state->snapshot = context.transaction().snapshot();
  for (idx_t g = 0; g < state->groups.size(); g++) {
    bool skip = false;
    for (auto& f : filters_) {
      if (ZoneMapExcludes(state->groups[g].group->columns[f.column_index].zone, f)) {
        skip = true;
        break;
      }
    }
    if (skip) {
      groups_skipped_.fetch_add(1);
      continue;
    }
    idx_t count = state->groups[g].count;
    std::optional<std::vector<uint32_t>> found = LookUp(*state->groups[g].group);
    if (!found) {
      groups_read_.fetch_add(1);
      for (idx_t start = 0; start < count; start += kMorselVectors * kVectorSize) {
        state->morsels.push_back({g, start, std::min(count, start + kMorselVectors * kVectorSize)});
      }
      continue;
    }
    // Only the vectors holding a row with the value (the filters still run on them).
    (found->empty() ? groups_looked_up_empty_ : groups_looked_up_).fetch_add(1);
    idx_t last_vector = ~idx_t(0);
    for (uint32_t offset : *found) {
      idx_t start = offset / kVectorSize * kVectorSize;
      if (start / kVectorSize == last_vector || start >= count) continue;
      last_vector = start / kVectorSize;
      state->morsels.push_back({g, start, std::min(count, start + kVectorSize)});
    }
  }
  return state;
}

std::optional<std::vector<uint32_t>> PhysicalTableScan::LookUp(const RowGroup& group) const {
  if (!group.paged) return std::nullopt;
  for (auto& f : filters_) {
    if (f.kind != TableFilter::Kind::kComparison || f.comparison != ComparisonKind::kEqual || f.constant.IsNull()) {
      continue;
    }
    const LogicalType& type = group.columns[f.column_index].type;
    if (!LookupIndex::Supports(type) || f.constant.type().id() != type.id()) continue;
    std::shared_ptr<const LookupIndex> index = group.paged->Lookup(f.column_index);
    if (index) return index->Find(f.constant.GetAsInt64());
  }
  return std::nullopt;
}

std::unique_ptr<LocalSourceState> PhysicalTableScan::GetLocalSourceState(ExecutionContext&,
                                                                         GlobalSourceState&) const {
  auto state = std::make_unique<ScanLocalState>();
  for (auto& f : filters_) {
    state->filter_constants.emplace_back(f.kind == TableFilter::Kind::kComparison ? Vector(f.constant) : Vector());
    std::vector<Vector> list;
    for (auto& v : f.in_list) list.emplace_back(v);
    state->in_lists.push_back(std::move(list));
  }
  return state;
}

SourceResult PhysicalTableScan::GetData(ExecutionContext& context, DataChunk& chunk, GlobalSourceState& gstate,
                                        LocalSourceState& lstate) const {
  auto& global = static_cast<ScanGlobalState&>(gstate);
  auto& local = static_cast<ScanLocalState&>(lstate);
  while (true) {
    if (!local.has_morsel || local.position >= local.current.end) {
      idx_t index = global.next.fetch_add(1);
      if (index >= global.morsels.size()) return SourceResult::kFinished;
      local.current = global.morsels[index];
      local.position = local.current.start;
      local.has_morsel = true;
    }
    const ScanGroup& scan_group = global.groups[local.current.group];
    const auto& group = scan_group.group;
    idx_t count = std::min(kVectorSize, local.current.end - local.position);
    idx_t offset = local.position;
    local.position += count;
    // Deleted rows first, then filters on their own columns, to know which rows survive.
    idx_t selected = count;
    bool sliced = false;
    if (scan_group.committed_deletes || scan_group.local_deletes) {
      selected = SelectLiveRows(scan_group, global.snapshot, offset, count, local.sel);
      sliced = selected < count;
      if (selected == 0) continue;
    }
    for (size_t f = 0; f < filters_.size() && selected > 0; f++) {
      const TableFilter& filter = filters_[f];
      Vector column;
      DataTable::ScanColumn(group, filter.column_index, offset, count, column);
      if (sliced) column.Slice(local.sel, selected);
      idx_t n = 0;
      switch (filter.kind) {
        case TableFilter::Kind::kComparison:
          n = SelectComparison(filter.comparison, column, local.filter_constants[f], selected, local.filter_sel);
          break;
        case TableFilter::Kind::kIsNull:
        case TableFilter::Kind::kIsNotNull: {
          bool want_null = filter.kind == TableFilter::Kind::kIsNull;
          UnifiedVectorFormat u;
          column.ToUnified(selected, u);
          for (idx_t i = 0; i < selected; i++) {
            if (u.validity->RowIsValid(u.Index(i)) != want_null) local.filter_sel.Set(n++, i);
          }
          break;
        }
        case TableFilter::Kind::kInList: {
          SelectionVector one(kVectorSize);
          std::vector<uint8_t> hit(selected, 0);
          for (auto& item : local.in_lists[f]) {
            idx_t m = SelectComparison(ComparisonKind::kEqual, column, item, selected, one);
            for (idx_t i = 0; i < m; i++) hit[one.Get(i)] = 1;
          }
          for (idx_t i = 0; i < selected; i++) {
            if (hit[i]) local.filter_sel.Set(n++, i);
          }
          break;
        }
      }
      // Compose: positions in the current selection -> rows of the vector range.
      for (idx_t i = 0; i < n; i++) {
        idx_t pos = local.filter_sel.Get(i);
        local.sel.Set(i, sliced ? local.sel.Get(pos) : pos);
      }
      sliced = true;
      selected = n;
    }
    if (selected == 0) continue;
    for (idx_t c = 0; c < column_ids_.size(); c++) {
      if (column_ids_[c] == kUnusedColumn) {
        chunk.column(c).SetConstantNull();
        continue;
      }
      if (column_ids_[c] == kRowIdColumn) {
        Vector ids{LogicalType(TypeId::kBigInt)};
        auto* data = ids.Data<int64_t>();
        for (idx_t i = 0; i < count; i++) data[i] = scan_group.first_row_id + static_cast<row_t>(offset + i);
        chunk.column(c).Reference(ids);
      } else {
        DataTable::ScanColumn(group, column_ids_[c], offset, count, chunk.column(c));
      }
      if (sliced && selected < count) chunk.column(c).Slice(local.sel, selected);
    }
    chunk.SetCardinality(selected);
    (void)context;
    return SourceResult::kHaveMoreOutput;
  }
}

std::string PhysicalTableScan::ParamsToString() const { return table_name_; }

std::string PhysicalTableScan::AnalyzeDetails() const {
  std::string details = "row groups: " + std::to_string(groups_read_.load()) + " read, " +
                        std::to_string(groups_skipped_.load()) + " skipped by zone maps";
  if (groups_looked_up_.load() || groups_looked_up_empty_.load()) {
    details += ", " + std::to_string(groups_looked_up_.load()) + " searched and " +
               std::to_string(groups_looked_up_empty_.load()) + " skipped by lookup index";
  }
  return details;
}

}  // namespace stockroom
