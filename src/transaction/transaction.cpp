#include "transaction/transaction.hpp"

#include "catalog/catalog_entry.hpp"

namespace stockroom {

namespace {

bool BitSet(const std::vector<uint64_t>& bits, idx_t i) { return (bits[i >> 6] >> (i & 63)) & 1; }

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
  std::vector<ScanGroup> out;
  auto local_deletes = [&](idx_t group_number) -> const std::vector<uint64_t>* {
    auto it = deleted_.find(group_number);
    return it == deleted_.end() ? nullptr : &it->second;
  };
  for (idx_t g = 0; g < committed.groups.size(); g++) {
    out.push_back({committed.groups[g], committed.counts[g], committed.deletes[g], local_deletes(g),
                   static_cast<row_t>(g * kRowGroupSize)});
  }
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
  const auto& inserted = inserted_.groups();
  if (deleted_.lower_bound(kFirstLocalGroup) == deleted_.end()) return inserted;
  // Some inserted rows were deleted (or updated) again: copy the survivors.
  const auto& types = table_->Types();
  DataTable::Builder survivors(types);
  DataChunk chunk(types);
  SelectionVector sel(kVectorSize);
  for (idx_t g = 0; g < inserted.size(); g++) {
    auto it = deleted_.find(kFirstLocalGroup + g);
    for (idx_t start = 0; start < inserted[g]->count; start += kVectorSize) {
      idx_t count = std::min(kVectorSize, inserted[g]->count - start);
      idx_t n = 0;
      for (idx_t i = 0; i < count; i++) {
        if (it == deleted_.end() || !BitSet(it->second, start + i)) sel.Set(n++, i);
      }
      if (n == 0) continue;
      chunk.Reset();
      for (idx_t c = 0; c < types.size(); c++) {
        DataTable::ScanColumn(inserted[g], c, start, count, chunk.column(c));
        if (n < count) chunk.column(c).Slice(sel, n);
      }
      chunk.SetCardinality(n);
      survivors.Append(chunk);
    }
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
  std::vector<ScanGroup> out;
  for (idx_t g = 0; g < snap.groups.size(); g++) {
    out.push_back({snap.groups[g], snap.counts[g], snap.deletes[g], nullptr, static_cast<row_t>(g * kRowGroupSize)});
  }
  return out;
}

const LocalTableChanges* Transaction::FindChanges(const TableEntry& table) const {
  auto it = changes_.find(&table);
  return it == changes_.end() ? nullptr : it->second.get();
}

}  // namespace stockroom
