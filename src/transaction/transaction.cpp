#include "transaction/transaction.hpp"

#include "storage/table/row_group_sort.hpp"

#include <functional>

#include "catalog/catalog_entry.hpp"

namespace stockroom {

namespace {

bool BitSet(const std::vector<uint64_t>& bits, idx_t i) { return (bits[i >> 6] >> (i & 63)) & 1; }

// The committed row groups of a snapshot, without a transaction's own changes.
std::vector<ScanGroup> CommittedScanGroups(const DataTable::Snapshot& snap) {
  std::vector<ScanGroup> out;
  for (idx_t g = 0; g < snap.groups.size(); g++) {
    out.push_back({snap.groups[g], snap.counts[g], snap.deletes[g], nullptr, static_cast<row_t>(g * kRowGroupSize)});
  }
  return out;
}

}  // namespace

LocalTableChanges::LocalTableChanges(std::shared_ptr<TableEntry> table)
    : table_(std::move(table)), inserted_(table_->Types()) {}

bool LocalTableChanges::Delete(row_t row) {
  auto& bits = deleted_[row / kRowGroupSize];
  if (bits.empty()) bits.assign(ValidityMask::Words(kRowGroupSize), 0);
  idx_t i = row % kRowGroupSize;
  if (BitSet(bits, i)) return false;
  bits[i >> 6] |= uint64_t(1) << (i & 63);
  return true;
}

std::vector<ScanGroup> LocalTableChanges::ScanGroups(const DataTable::Snapshot& committed) const {
  auto local_deletes = [&](idx_t group_number) -> const std::vector<uint64_t>* {
    auto it = deleted_.find(group_number);
    return it == deleted_.end() ? nullptr : &it->second;
  };
  std::vector<ScanGroup> out = CommittedScanGroups(committed);
  for (idx_t g = 0; g < out.size(); g++) out[g].local_deletes = local_deletes(g);
  const auto& inserted = inserted_.groups();
  for (idx_t g = 0; g < inserted.size(); g++) {
    out.push_back({inserted[g], inserted[g]->count, nullptr, local_deletes(kFirstLocalGroup + g),
                   static_cast<row_t>((kFirstLocalGroup + g) * kRowGroupSize)});
  }
  return out;
}

std::vector<row_t> LocalTableChanges::DeletedCommittedRows() const {
  std::vector<row_t> rows;
  for (auto& [group, bits] : deleted_) {
    if (group >= kFirstLocalGroup) break;
    for (idx_t i = 0; i < kRowGroupSize; i++) {
      if (BitSet(bits, i)) rows.push_back(static_cast<row_t>(group * kRowGroupSize + i));
    }
  }
  return rows;
}

std::vector<std::shared_ptr<RowGroup>> LocalTableChanges::InsertedRows() const {
  std::vector<std::shared_ptr<RowGroup>> rows = SurvivingInsertedRows();
  std::vector<idx_t> keys = table_->SortKeyColumns();
  if (keys.empty() || rows.empty()) return rows;
  return SortRowGroups(rows, table_->Types(), keys);
}

std::vector<std::shared_ptr<RowGroup>> LocalTableChanges::SurvivingInsertedRows() const {
  const auto& inserted = inserted_.groups();
  if (deleted_.lower_bound(kFirstLocalGroup) == deleted_.end()) return inserted;
  // Some inserted rows were deleted (or updated) again: copy the survivors.
  DataTable::Builder survivors(table_->Types());
  for (idx_t g = 0; g < inserted.size(); g++) {
    auto it = deleted_.find(kFirstLocalGroup + g);
    std::function<bool(idx_t)> skip;
    if (it != deleted_.end()) skip = [&bits = it->second](idx_t row) { return BitSet(bits, row); };
    CopyRowGroup(inserted[g], table_->Types(), inserted[g]->count, skip,
                 [&](DataChunk& chunk) { survivors.Append(chunk); });
  }
  return survivors.Finish();
}

LocalTableChanges& Transaction::Changes(const std::shared_ptr<TableEntry>& table) {
  auto& slot = changes_[table.get()];
  if (!slot) slot = std::make_unique<LocalTableChanges>(table);
  return *slot;
}

std::vector<ScanGroup> Transaction::ScanGroups(const TableEntry& table) const {
  DataTable::Snapshot snap = table.storage->GetSnapshot(snapshot_);
  if (const LocalTableChanges* local = FindChanges(table)) return local->ScanGroups(snap);
  return CommittedScanGroups(snap);
}

const LocalTableChanges* Transaction::FindChanges(const TableEntry& table) const {
  auto it = changes_.find(&table);
  return it == changes_.end() ? nullptr : it->second.get();
}

}  // namespace stockroom
