#include "main/result_cache.hpp"

#include <vector>

#include "binder/expression/bound_expression.hpp"
#include "binder/statement_parameters.hpp"
#include "catalog/catalog_entry.hpp"
#include "common/types/column_data_collection.hpp"
#include "common/types/time_zone.hpp"
#include "main/client_context.hpp"
#include "planner/logical_operator.hpp"
#include "storage/table/data_table.hpp"
#include "transaction/transaction.hpp"

namespace stockroom {

ResultCache::ResultCache(uint64_t max_bytes, uint64_t max_rows) : max_bytes_(max_bytes), max_rows_(max_rows) {}

ResultCache::CatalogChange::CatalogChange(ResultCache& cache) : cache_(cache) {
  cache_.changes_running_.fetch_add(1);
  cache_.epoch_.fetch_add(1);
}

ResultCache::CatalogChange::~CatalogChange() {
  cache_.epoch_.fetch_add(1);
  cache_.changes_running_.fetch_sub(1);
}

std::optional<uint64_t> ResultCache::Epoch() const {
  uint64_t epoch = epoch_.load();
  if (changes_running_.load() != 0) return std::nullopt;
  return epoch;
}

std::shared_ptr<const ColumnDataCollection> ResultCache::Lookup(const std::string& key) {
  std::lock_guard<std::mutex> lock(mutex_);
  auto it = index_.find(key);
  if (it == index_.end()) {
    misses_.fetch_add(1);
    return nullptr;
  }
  lru_.splice(lru_.begin(), lru_, it->second);
  hits_.fetch_add(1);
  return it->second->rows;
}

namespace {

// About what the rows take: a value slot per cell plus string bytes beyond the inline ones.
uint64_t EstimateBytes(const ColumnDataCollection& rows) {
  uint64_t bytes = 256;
  for (idx_t c = 0; c < rows.ChunkCount(); c++) {
    const DataChunk& chunk = rows.GetChunk(c);
    bytes += static_cast<uint64_t>(chunk.size()) * chunk.ColumnCount() * 24;
  }
  return bytes;
}

}  // namespace

void ResultCache::Store(const std::string& key, std::shared_ptr<const ColumnDataCollection> rows) {
  uint64_t bytes = EstimateBytes(*rows) + key.size();
  if (bytes > max_bytes_ / 4) return;  // one result may not crowd out the rest
  std::lock_guard<std::mutex> lock(mutex_);
  if (index_.count(key)) return;  // another session stored the same result first
  lru_.push_front({key, std::move(rows), bytes});
  index_[key] = lru_.begin();
  bytes_ += bytes;
  while (bytes_ > max_bytes_ && !lru_.empty()) {
    bytes_ -= lru_.back().bytes;
    index_.erase(lru_.back().key);
    lru_.pop_back();
  }
}

size_t ResultCache::entries() const {
  std::lock_guard<std::mutex> lock(mutex_);
  return lru_.size();
}

namespace {

bool ExpressionReusable(const BoundExpression& expression) {
  bool reusable = true;
  VisitExpression(expression, [&](const BoundExpression& e) {
    switch (e.kind) {
      case BoundExprKind::kSubquery:   // its plan is not walked here
      case BoundExprKind::kParameter:  // executions bind parameters as constants
        reusable = false;
        break;
      case BoundExprKind::kFunction:
        if (static_cast<const BoundFunction&>(e).function.volatility != Volatility::kImmutable) reusable = false;
        break;
      default:
        break;
    }
  });
  return reusable;
}

// Appends the tables `op` reads; false when its result may not be reused.
bool CollectTables(LogicalOperator& op, std::vector<const DataTable*>& tables) {
  switch (op.kind) {
    case LogicalOperatorKind::kGet: {
      auto& get = static_cast<LogicalGet&>(op);
      if (!get.table || !get.table->storage) return false;
      tables.push_back(get.table->storage.get());
      break;
    }
    case LogicalOperatorKind::kTableFunction:  // system tables, generate_series, ...
    case LogicalOperatorKind::kRowSubquery:
    case LogicalOperatorKind::kInsert:
    case LogicalOperatorKind::kModify:
      return false;
    default:
      break;
  }
  bool reusable = true;
  op.ForEachExpression([&](std::unique_ptr<BoundExpression>& e) {
    if (e && !ExpressionReusable(*e)) reusable = false;
  });
  if (!reusable) return false;
  for (auto& child : op.children) {
    if (!CollectTables(*child, tables)) return false;
  }
  return true;
}

void AppendPart(std::string& key, const std::string& part) {
  key += std::to_string(part.size());
  key += ':';
  key += part;
}

}  // namespace

std::optional<std::string> ResultCacheKey(ClientContext& context, const std::string& sql, LogicalOperator& plan,
                                          uint64_t epoch) {
  if (!context.autocommit() || context.clock_read()) return std::nullopt;
  for (auto& [table, changes] : context.transaction().changes()) {
    if (changes && !changes->Empty()) return std::nullopt;
  }
  std::vector<const DataTable*> tables;
  if (!CollectTables(plan, tables)) return std::nullopt;
  std::string key;
  AppendPart(key, std::to_string(epoch));
  AppendPart(key, sql);
  const SessionSettings& settings = context.settings();
  AppendPart(key, settings.time_zone ? settings.time_zone->name() : "");
  for (auto& schema : settings.search_path) AppendPart(key, schema);
  key += '|';
  if (auto* parameters = context.parameters()) {
    if (!parameters->values) return std::nullopt;
    for (size_t i = 0; i < parameters->values->size(); i++) {
      const Value& value = (*parameters->values)[i];
      AppendPart(key, value.type().ToString());
      AppendPart(key, value.IsNull() ? std::string("\x01NULL") : value.ToString());
    }
  }
  key += '|';
  uint64_t snapshot = context.transaction().snapshot();
  for (const DataTable* table : tables) {
    DataTable::DataVersion version = table->GetDataVersion();
    // A change this statement's snapshot does not see: what it reads is not the table's
    // latest state, which is what the key names.
    if (version.change_seq > snapshot) return std::nullopt;
    AppendPart(key, std::to_string(version.table_id) + "@" + std::to_string(version.change_seq));
  }
  return key;
}

std::unique_ptr<ColumnDataCollection> CopyRows(const ColumnDataCollection& rows) {
  auto copy = std::make_unique<ColumnDataCollection>(rows.types());
  for (idx_t c = 0; c < rows.ChunkCount(); c++) copy->Append(rows.GetChunk(c));
  return copy;
}

}  // namespace stockroom
