#include <algorithm>

#include "binder/binder.hpp"
#include "binder/expression_binder.hpp"
#include "binder/type_coercion.hpp"
#include "catalog/catalog.hpp"
#include "catalog/catalog_sql.hpp"
#include "catalog/constraint_names.hpp"
#include "catalog/pg_catalog/pg_object_ids.hpp"
#include "common/error/exception.hpp"
#include "execution/operator/insert/physical_insert.hpp"
#include "execution/pipeline/task_scheduler.hpp"
#include "main/database.hpp"
#include "main/statement_runner.hpp"
#include "security/access_control.hpp"
#include "storage/encode_hint.hpp"
#include "storage/storage_manager.hpp"
#include "storage/table/data_table.hpp"
#include "transaction/transaction.hpp"
#include "transaction/transaction_manager.hpp"

namespace stockroom {
namespace {

// Records what a FOREIGN KEY's REFERENCES names as PostgreSQL does at CREATE TABLE: the
// table found along the search path now (so the schema is kept when the path changes) and,
// when no columns are written, its primary key's columns. A reference to a table not
// found keeps the text as written.
void ResolveForeignKeyTargetsOn(const Catalog& catalog, const std::vector<std::string>& search_path,
                                TableEntry& table) {
  for (auto& k : table.constraints) {
    if (k.kind != TableConstraint::Kind::kForeignKey) continue;
    const TableEntry* target = nullptr;
    std::shared_ptr<CatalogEntry> found;
    bool self = (k.referenced_table.schema.empty() || k.referenced_table.schema == table.schema) &&
                k.referenced_table.name == table.name;
    if (self) {
      target = &table;
    } else {
      found = catalog.Lookup(k.referenced_table.schema, k.referenced_table.name, search_path);
      if (found && found->kind != CatalogEntryKind::kView) target = static_cast<const TableEntry*>(found.get());
    }
    if (!target) continue;
    k.referenced_table.schema = target->schema;
    for (size_t j = 0; k.referenced_columns.empty() && j < target->constraints.size(); j++) {
      if (target->constraints[j].kind == TableConstraint::Kind::kPrimaryKey) {
        k.referenced_columns = target->constraints[j].columns;
      }
    }
  }
}

}  // namespace

namespace {

int Pos(int location) { return location >= 0 ? location + 1 : 0; }

std::string SchemaFor(const QualifiedName& name, const SessionSettings& settings, Catalog& catalog) {
  if (!name.schema.empty()) {
    if (!catalog.SchemaExists(name.schema)) {
      throw SqlError(ErrorCode::kInvalidSchemaName, "schema \"" + name.schema + "\" does not exist", Pos(name.location));
    }
    return name.schema;
  }
  for (auto& s : settings.search_path) {
    if (catalog.SchemaExists(s) && s != "pg_catalog") return s;
  }
  throw SqlError(ErrorCode::kInvalidSchemaName, "no schema has been selected to create in");
}

// Creating a relation in a schema needs CREATE on it (PostgreSQL points at the name).
void CheckCreateIn(ClientContext& context, const std::string& schema, const QualifiedName& name) {
  try {
    CheckSchemaPrivilege(context, schema, kPrivCreate);
  } catch (SqlError& e) {
    e.WithPosition(Pos(name.location));
    throw;
  }
}

}  // namespace

std::unique_ptr<QueryResult> StatementRunner::RunCreateTable(CreateTableStatement& stmt,
                                                             const CreateViewStatement* materialized) {
  Catalog& catalog = context_.db().catalog();
  std::string schema = SchemaFor(stmt.table, settings_, catalog);
  CheckCreateIn(context_, schema, stmt.table);
  if (catalog.GetEntry(schema, stmt.table.name)) {
    if (stmt.if_not_exists) {
      context_.AddNotice(MessageLevel::kNotice, SqlError(ErrorCode::kDuplicateTable, "relation \"" + stmt.table.name +
                                                                                         "\" already exists, skipping"));
      return Command(stmt.as_query ? "SELECT 0" : "CREATE TABLE");
    }
    throw SqlError(ErrorCode::kDuplicateTable, "relation \"" + stmt.table.name + "\" already exists",
                   Pos(stmt.table.location));
  }
  std::vector<ColumnInfo> columns;
  std::unique_ptr<PhysicalOperator> plan;
  if (stmt.as_query) {
    QueryResult shape;
    plan = PlanQuery(*stmt.as_query, shape);
    if (stmt.as_column_names.size() > shape.names.size()) {
      throw SqlError(ErrorCode::kSyntaxError, "too many column names were specified");
    }
    for (size_t i = 0; i < shape.names.size(); i++) {
      ColumnInfo info;
      info.name = i < stmt.as_column_names.size() ? stmt.as_column_names[i] : shape.names[i];
      info.type = shape.types[i].id() == TypeId::kUnknown ? LogicalType(TypeId::kText) : shape.types[i];
      if (info.type.id() == TypeId::kRecord) {  // records exist only within a query
        throw SqlError(ErrorCode::kInvalidTableDefinition, "column \"" + info.name + "\" has pseudo-type record");
      }
      for (auto& c : columns) {
        if (c.name == info.name) {
          throw SqlError(ErrorCode::kDuplicateColumn, "column \"" + info.name + "\" specified more than once");
        }
      }
      columns.push_back(info);
    }
    if (stmt.with_no_data) plan.reset();
  } else {
    for (auto& def : stmt.columns) {
      for (auto& c : columns) {
        if (c.name == def.name) {
          throw SqlError(ErrorCode::kDuplicateColumn, "column \"" + def.name + "\" specified more than once",
                         Pos(def.location));
        }
      }
      ColumnInfo info;
      info.name = def.name;
      info.type = ResolveTypeName(def.type);
      info.not_null = def.not_null;
      auto enc = stmt.options.find("encode:" + def.name);
      if (enc != stmt.options.end()) {
        // A log or manifest written before hints were checked may hold any word: it opens.
        StorageManager* storage = context_.db().storage();
        if (!ParseEncodeHint(enc->second) && !(storage && storage->replaying())) {
          throw SqlError(ErrorCode::kInvalidParameterValue,
                         "invalid encoding type \"" + enc->second + "\" specified for column \"" + def.name + "\"",
                         Pos(def.location))
              .WithHint("Use one of raw, az64, bytedict, delta, delta32k, lz4, lzo, mostly8, mostly16, mostly32, "
                        "runlength, text255, text32k, zstd.");
        }
        info.encode = enc->second;
      }
      if (def.default_value) {
        // Check the default now: it must bind without columns and convert to the type.
        Binder binder(context_);
        auto bound = binder.BindExpression(*def.default_value, ExpressionClause::kDefault);
        if (!AssignmentCastAllowed(bound->type, info.type) && bound->type.id() != TypeId::kUnknown) {
          throw SqlError(ErrorCode::kDatatypeMismatch,
                         "column \"" + def.name + "\" is of type " + info.type.ToString() +
                             " but default expression is of type " + bound->type.ToString(),
                         Pos(def.default_value->location))
              .WithHint("You will need to rewrite or cast the expression.");
        }
        info.default_sql = def.default_value->ToString();
      }
      columns.push_back(info);
    }
    // Recorded constraints must name real columns.
    for (auto& c : stmt.constraints) {
      for (auto& name : c.columns) {
        bool found = std::any_of(columns.begin(), columns.end(), [&](const ColumnInfo& i) { return i.name == name; });
        if (!found) {
          throw SqlError(ErrorCode::kUndefinedColumn, "column \"" + name + "\" named in key does not exist");
        }
      }
    }
  }
  for (auto& key : {std::string("sortkey"), std::string("distkey")}) {
    auto it = stmt.options.find(key);
    if (it == stmt.options.end()) continue;
    size_t start = 0;
    std::string list = it->second;
    while (start <= list.size()) {
      size_t end = list.find(',', start);
      std::string name = list.substr(start, end == std::string::npos ? std::string::npos : end - start);
      bool found = std::any_of(columns.begin(), columns.end(), [&](const ColumnInfo& i) { return i.name == name; });
      if (!name.empty() && !found) {
        throw SqlError(ErrorCode::kUndefinedColumn, "column \"" + name + "\" named in " + key + " does not exist");
      }
      if (end == std::string::npos) break;
      start = end + 1;
    }
  }
  auto entry = std::make_shared<TableEntry>(
      schema, stmt.table.name, columns,
      materialized ? CatalogEntryKind::kMaterializedView : CatalogEntryKind::kTable);
  entry->constraints = stmt.constraints;
  NameConstraints(entry->name, entry->constraints);
  ResolveForeignKeyTargetsOn(context_.db().catalog(), settings_.search_path, *entry);
  if (materialized) {
    entry->query_text = materialized->query_text;
    Binder binder(context_);
    binder.BindQuery(*stmt.as_query);
    entry->dependencies = binder.referenced_relations();
  }
  for (auto& [k, v] : stmt.options) {
    if (k.rfind("encode:", 0) != 0) entry->options[k] = v;
  }
  entry->storage = std::make_shared<DataTable>(entry->Types());
  idx_t inserted = 0;
  if (plan) {
    // The query's rows go straight into the new table's row groups, as INSERT ... SELECT's
    // do, instead of being collected as a result first (which held them twice, and counted
    // a large table against memory_limit as if it were a query result).
    std::vector<int64_t> all_columns;
    for (size_t c = 0; c < columns.size(); c++) all_columns.push_back(static_cast<int64_t>(c));
    auto insert = std::make_unique<PhysicalInsert>(entry, std::move(all_columns), BoundExpressionList{}, std::move(plan));
    auto count = Execute(std::move(insert));
    inserted = static_cast<idx_t>(count->GetChunk(0).GetValue(0, 0).GetInt64());
  }
  std::unique_lock<std::mutex> ddl;
  if (context_.db().storage()) ddl = context_.db().storage()->LockDdl();
  catalog.CreateEntry(entry);
  RecordRelationOwner(context_, *entry);
  LogDdl(TableDefinitionSql(*entry));
  if (stmt.as_query) return Command("SELECT " + std::to_string(inserted));
  return Command("CREATE TABLE");
}

std::unique_ptr<QueryResult> StatementRunner::RunCreateView(CreateViewStatement& stmt) {
  if (stmt.materialized) {
    // A table made by its query (CREATE TABLE AS), which REFRESH makes again.
    if (stmt.or_replace) throw SqlError(ErrorCode::kSyntaxError, "CREATE OR REPLACE MATERIALIZED VIEW is not supported");
    CreateTableStatement as_table;
    as_table.text = stmt.text;
    as_table.table = stmt.view;
    as_table.if_not_exists = stmt.if_not_exists;
    as_table.as_query = stmt.query;
    as_table.as_column_names = stmt.column_names;
    as_table.with_no_data = stmt.with_no_data;
    return RunCreateTable(as_table, &stmt);
  }
  Catalog& catalog = context_.db().catalog();
  std::string schema = SchemaFor(stmt.view, settings_, catalog);
  CheckCreateIn(context_, schema, stmt.view);
  Binder binder(context_);
  BoundQuery bound = binder.BindQuery(*stmt.query);
  auto view = std::make_shared<ViewEntry>(schema, stmt.view.name);
  view->query_text = stmt.query_text;
  view->column_names = bound.names;
  if (stmt.column_names.size() > bound.names.size()) {
    throw SqlError(ErrorCode::kSyntaxError, "CREATE VIEW specifies more column names than columns");
  }
  for (size_t i = 0; i < stmt.column_names.size(); i++) view->column_names[i] = stmt.column_names[i];
  for (auto& t : bound.types) view->column_types.push_back(t.id() == TypeId::kUnknown ? LogicalType(TypeId::kText) : t);
  view->dependencies = binder.referenced_relations();
  auto existing = catalog.GetEntry(schema, stmt.view.name);
  if (existing && stmt.or_replace && existing->kind == CatalogEntryKind::kView) {
    CheckRelationOwner(context_, *existing);
    // PostgreSQL lets OR REPLACE add columns but not drop or retype them.
    auto& old = static_cast<ViewEntry&>(*existing);
    if (view->column_names.size() < old.column_names.size()) {
      throw SqlError(ErrorCode::kInvalidTableDefinition, "cannot drop columns from view");
    }
    for (size_t i = 0; i < old.column_names.size(); i++) {
      if (old.column_names[i] != view->column_names[i]) {
        throw SqlError(ErrorCode::kInvalidTableDefinition, "cannot change name of view column \"" +
                                                               old.column_names[i] + "\" to \"" +
                                                               view->column_names[i] + "\"");
      }
      if (old.column_types[i] != view->column_types[i]) {
        throw SqlError(ErrorCode::kInvalidTableDefinition, "cannot change data type of view column \"" +
                                                               old.column_names[i] + "\" from " +
                                                               old.column_types[i].ToString() + " to " +
                                                               view->column_types[i].ToString());
      }
    }
  }
  catalog.CreateEntry(view, stmt.or_replace);
  // A replaced view keeps its oid, owner and grants.
  if (!(existing && stmt.or_replace)) RecordRelationOwner(context_, *view);
  LogDdl(stmt.text);
  return Command("CREATE VIEW");
}

void StatementRunner::DiscardOwnChanges(const CatalogEntry& entry) {
  if (HasRows(entry)) context_.transaction().Discard(static_cast<const TableEntry&>(entry));
}

std::unique_ptr<QueryResult> StatementRunner::RunDrop(DropStatement& stmt) {
  Catalog& catalog = context_.db().catalog();
  const char* what = "TABLE";
  switch (stmt.object) {
    case ObjectKind::kSchema: {
      std::lock_guard<std::mutex> commits(context_.db().transactions().commit_mutex());
      for (auto& name : stmt.names) {
        if (catalog.SchemaExists(name.name)) CheckSchemaOwner(context_, name.name);
      }
      for (auto& name : stmt.names) {
        if (stmt.if_exists && !catalog.SchemaExists(name.name)) {
          context_.AddNotice(MessageLevel::kNotice, SqlError(ErrorCode::kSuccessfulCompletion,
                                                             "schema \"" + name.name + "\" does not exist, skipping"));
          continue;
        }
        auto entries = catalog.Entries(name.name);
        for (auto& entry : entries) DiscardOwnChanges(*entry);
        uint64_t schema_oid = catalog.SchemaOid(name.name);
        catalog.DropSchema(name.name, stmt.if_exists, stmt.cascade);
        if (catalog.SchemaExists(name.name)) continue;
        if (schema_oid) context_.db().comments().ForgetObject(kPgNamespaceOid, schema_oid);
        for (auto& entry : entries) ForgetRelation(context_.db(), *entry);
        ForgetSchema(context_.db(), name.name);
      }
      LogDdl(stmt.text);
      return Command("DROP SCHEMA");
    }
    case ObjectKind::kTable:
      what = "TABLE";
      break;
    case ObjectKind::kView:
      what = "VIEW";
      break;
    case ObjectKind::kMaterializedView:
      what = "MATERIALIZED VIEW";
      break;
    default:
      throw SqlError(ErrorCode::kFeatureNotSupported, "DROP of this object kind is not supported");
  }
  CatalogEntryKind expected = stmt.object == ObjectKind::kTable  ? CatalogEntryKind::kTable
                              : stmt.object == ObjectKind::kView ? CatalogEntryKind::kView
                                                                 : CatalogEntryKind::kMaterializedView;
  const char* noun = stmt.object == ObjectKind::kTable ? "table" : stmt.object == ObjectKind::kView ? "view" : "materialized view";
  // Check every name first so a failing DROP drops nothing.
  std::vector<std::shared_ptr<CatalogEntry>> targets;
  for (auto& name : stmt.names) {
    auto entry = catalog.Lookup(name.schema, name.name, settings_.search_path);
    if (!entry) {
      if (stmt.if_exists) {
        context_.AddNotice(MessageLevel::kNotice,
                           SqlError(ErrorCode::kSuccessfulCompletion,
                                    std::string(noun) + " \"" + name.name + "\" does not exist, skipping"));
        continue;
      }
      throw SqlError(ErrorCode::kUndefinedTable, std::string(noun) + " \"" + name.name + "\" does not exist");
    }
    if (entry->kind != expected) {
      const char* hint = entry->kind == CatalogEntryKind::kTable  ? "Use DROP TABLE to remove a table."
                         : entry->kind == CatalogEntryKind::kView ? "Use DROP VIEW to remove a view."
                                                                  : "Use DROP MATERIALIZED VIEW to remove a materialized view.";
      throw SqlError(ErrorCode::kWrongObjectType, "\"" + name.name + "\" is not a " + noun).WithHint(hint);
    }
    CheckRelationOwner(context_, *entry);
    targets.push_back(entry);
  }
  // Under the commit lock: a commit either finishes before the drop or sees it (and fails).
  std::lock_guard<std::mutex> commits(context_.db().transactions().commit_mutex());
  for (auto& entry : targets) {
    for (auto& dropped : catalog.DropEntry(entry->schema, entry->name, stmt.cascade)) {
      DiscardOwnChanges(*dropped);
      ForgetRelation(context_.db(), *dropped);
    }
  }
  LogDdl(stmt.text);
  return Command(std::string("DROP ") + what);
}

std::unique_ptr<QueryResult> StatementRunner::RunAnalyze(AnalyzeStatement& stmt) {
  Catalog& catalog = context_.db().catalog();
  std::vector<std::shared_ptr<CatalogEntry>> entries;
  if (stmt.tables.empty()) {
    entries = catalog.AllEntries();
  } else {
    for (auto& name : stmt.tables) {
      auto entry = catalog.Lookup(name.schema, name.name, settings_.search_path);
      if (!entry) throw SqlError(ErrorCode::kUndefinedTable, "relation \"" + name.ToString() + "\" does not exist");
      entries.push_back(entry);
    }
  }
  TaskScheduler& scheduler = context_.db().scheduler();
  auto parallel_for = [&](size_t n, const std::function<void(size_t)>& fn) { scheduler.ParallelFor(n, fn); };
  for (auto& e : entries) {
    if (HasRows(*e)) static_cast<TableEntry&>(*e).storage->Analyze(parallel_for);
  }
  return Command("ANALYZE");
}

std::unique_ptr<QueryResult> StatementRunner::RunCheckpoint() {
  CheckSuperuser(context_, "must be superuser or have privileges of pg_checkpoint to do CHECKPOINT");
  if (StorageManager* storage = context_.db().storage()) storage->Checkpoint();
  return Command("CHECKPOINT");
}

}  // namespace stockroom
