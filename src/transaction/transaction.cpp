#include "transaction/transaction.hpp"

#include "storage/table/row_group_sort.hpp"

#include <algorithm>
#include <functional>

#include "catalog/catalog_entry.hpp"
#include "common/error/exception.hpp"

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

LocalTableChanges::LocalTableChanges(std::shared_ptr<TableEntry> table, RowGroupWriter writer)
    : table_(std::move(table)),
      sort_keys_(table_->SortKeyColumns()),
      writer_(std::move(writer)),
      inserted_(table_->Types(), sort_keys_.empty() ? writer_ : nullptr) {}

bool LocalTableChanges::Delete(row_t row) {
  auto& bits = deleted_[row / kRowGroupSize];
  if (bits.empty()) bits.assign(ValidityMask::Words(kRowGroupSize), 0);
  idx_t i = row % kRowGroupSize;
  if (BitSet(bits, i)) return false;
  bits[i >> 6] |= uint64_t(1) << (i & 63);
  return true;
}

namespace {

// The key columns `columns` of `rows`, as a chunk of their own (no copy).
DataChunk KeyColumns(const DataChunk& rows, const std::vector<idx_t>& columns) {
  std::vector<LogicalType> types;
  for (idx_t c : columns) types.push_back(rows.column(c).type());
  DataChunk keys;
  keys.Initialize(types, 0);
  for (size_t k = 0; k < columns.size(); k++) keys.column(k).Reference(rows.column(columns[k]));
  keys.SetCardinality(rows.size());
  return keys;
}

}  // namespace

void LocalTableChanges::ClaimKeys(const std::vector<idx_t>& columns, const DataChunk& rows) {
  auto claim =
      std::find_if(claimed_.begin(), claimed_.end(), [&](const ClaimedKeys& c) { return c.columns == columns; });
  if (claim == claimed_.end()) {
    std::vector<idx_t> positions;
    for (size_t k = 0; k < columns.size(); k++) positions.push_back(k);
    claimed_.push_back({columns, std::make_unique<KeyGroups>(positions)});
    claim = claimed_.end() - 1;
  }
  std::vector<int64_t> groups;
  claim->keys->Find(KeyColumns(rows, columns), true, groups);
}

void LocalTableChanges::CheckClaimedKeys(uint64_t snapshot) const {
  if (claimed_.empty()) return;
  DataTable& storage = *table_->storage;
  DataTable::Snapshot before = storage.GetSnapshot(snapshot);
  DataTable::Snapshot now = storage.GetSnapshot();
  std::vector<int64_t> groups;
  for (idx_t g = 0; g < now.groups.size(); g++) {
    idx_t start = g < before.groups.size() ? before.counts[g] : 0;
    idx_t end = now.counts[g];
    // Whole vectors from the one holding `start` (ScanColumn reads from vector boundaries).
    for (idx_t offset = start / kVectorSize * kVectorSize; offset < end; offset += kVectorSize) {
      idx_t count = std::min<idx_t>(kVectorSize, end - offset);
      for (auto& claim : claimed_) {
        std::vector<LogicalType> types;
        for (idx_t c : claim.columns) types.push_back(table_->columns[c].type);
        DataChunk keys;
        keys.Initialize(types, 0);
        for (size_t k = 0; k < claim.columns.size(); k++) {
          DataTable::ScanColumn(now.groups[g], claim.columns[k], offset, count, keys.column(k));
        }
        keys.SetCardinality(count);
        claim.keys->Find(keys, false, groups);
        for (idx_t i = offset < start ? start - offset : 0; i < count; i++) {
          if (groups[i] < 0) continue;
          throw SqlError(ErrorCode::kSerializationFailure, "could not serialize access due to concurrent update")
              .WithDetail("Another transaction committed a row with a key this INSERT ... ON CONFLICT wrote to "
                          "table \"" + table_->name + "\".");
        }
      }
    }
  }
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
  if (sort_keys_.empty() || rows.empty()) return rows;
  // The sorted rows are paged out as they fill groups (the commit record names them).
  return SortRowGroups(rows, table_->Types(), sort_keys_, writer_);
}

std::vector<std::shared_ptr<RowGroup>> LocalTableChanges::SurvivingInsertedRows() const {
  const auto& inserted = inserted_.groups();
  if (deleted_.lower_bound(kFirstLocalGroup) == deleted_.end()) return inserted;
  // Some inserted rows were deleted (or updated) again: copy the survivors (paged out
  // again as they fill up; the groups they come from are deleted with the transaction).
  DataTable::Builder survivors(table_->Types(), sort_keys_.empty() ? writer_ : nullptr);
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
  if (!slot) slot = std::make_unique<LocalTableChanges>(table, writers_ ? writers_(table) : nullptr);
  return *slot;
}

RowGroupWriter Transaction::GroupWriter(const std::shared_ptr<TableEntry>& table) const {
  if (!writers_ || !table->SortKeyColumns().empty()) return nullptr;
  return writers_(table);
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
