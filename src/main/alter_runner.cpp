#include <algorithm>

#include "binder/binder.hpp"
#include "security/access_control.hpp"
#include "binder/type_coercion.hpp"
#include "catalog/catalog.hpp"
#include "catalog/catalog_sql.hpp"
#include "common/error/exception.hpp"
#include "execution/expression/expression_executor.hpp"
#include "main/column_assignment.hpp"
#include "main/database.hpp"
#include "main/statement_runner.hpp"
#include "main/table_rewrite.hpp"
#include "main/view_references.hpp"
#include "transaction/transaction.hpp"
#include "transaction/transaction_manager.hpp"

namespace stockroom {

namespace {

int Pos(int location) { return location >= 0 ? location + 1 : 0; }

const char* ObjectKeyword(ObjectKind kind) {
  switch (kind) {
    case ObjectKind::kView:
      return "VIEW";
    case ObjectKind::kMaterializedView:
      return "MATERIALIZED VIEW";
    case ObjectKind::kSchema:
      return "SCHEMA";
    default:
      return "TABLE";
  }
}

std::string Qualified(const std::string& schema, const std::string& name) {
  return QuoteIdentifier(schema) + "." + QuoteIdentifier(name);
}

// A copy of a table, view or materialized view named `schema`.`name`.
std::shared_ptr<CatalogEntry> CopyEntry(const CatalogEntry& entry, const std::string& schema, const std::string& name) {
  if (entry.kind == CatalogEntryKind::kView) return static_cast<const ViewEntry&>(entry).Copy(schema, name);
  return static_cast<const TableEntry&>(entry).Copy(schema, name);
}

std::vector<std::string>& MutableDependencies(CatalogEntry& entry) {
  if (entry.kind == CatalogEntryKind::kView) return static_cast<ViewEntry&>(entry).dependencies;
  return static_cast<TableEntry&>(entry).dependencies;
}

std::string& MutableQueryText(CatalogEntry& entry) {
  if (entry.kind == CatalogEntryKind::kView) return static_cast<ViewEntry&>(entry).query_text;
  return static_cast<TableEntry&>(entry).query_text;
}

// Splits a SORTKEY/DISTKEY option ("a,b") into names.
std::vector<std::string> KeyColumns(const std::string& list) {
  std::vector<std::string> out;
  size_t start = 0;
  while (start < list.size()) {
    size_t comma = list.find(',', start);
    out.push_back(list.substr(start, comma == std::string::npos ? std::string::npos : comma - start));
    if (comma == std::string::npos) break;
    start = comma + 1;
  }
  return out;
}

std::string JoinKeyColumns(const std::vector<std::string>& names) {
  std::string out;
  for (auto& n : names) out += (out.empty() ? "" : ",") + n;
  return out;
}

// Applies ALTER's changes to the catalog as one replacement of entries, after which the
// views they affect must still bind as before (else everything is put back and 2BP01).
class CatalogChange {
 public:
  CatalogChange(ClientContext& context, Catalog& catalog) : context_(context), catalog_(catalog) {}

  // Replaces `old_entry` by `new_entry`.
  void Replace(std::shared_ptr<CatalogEntry> old_entry, std::shared_ptr<CatalogEntry> new_entry) {
    replacements_.emplace_back(std::move(old_entry), std::move(new_entry));
  }
  // Renames relations (old qualified name -> old entry, new schema, new name), rewriting
  // the text of each view and materialized view that names one, including the renamed
  // ones themselves.
  struct Rename {
    std::shared_ptr<CatalogEntry> entry;
    std::string schema;
    std::string name;
  };
  void RenameRelations(const std::vector<Rename>& renames) {
    std::map<std::string, std::pair<std::string, std::string>> renamed;
    for (auto& r : renames) renamed[r.entry->QualifiedName()] = {r.schema, r.name};
    // Every entry that changes: the renamed ones and the views that read one of them.
    std::vector<std::shared_ptr<CatalogEntry>> changed;
    auto add = [&](const std::shared_ptr<CatalogEntry>& e) {
      if (std::find(changed.begin(), changed.end(), e) == changed.end()) changed.push_back(e);
    };
    for (auto& r : renames) add(r.entry);
    for (auto& r : renames) {
      for (auto& dependent : catalog_.Dependents(r.entry->QualifiedName())) add(dependent);
    }
    for (auto& entry : changed) {
      auto target = renamed.find(entry->QualifiedName());
      std::string schema = target == renamed.end() ? entry->schema : target->second.first;
      std::string name = target == renamed.end() ? entry->name : target->second.second;
      auto copy = CopyEntry(*entry, schema, name);
      auto& dependencies = MutableDependencies(*copy);
      bool reads_renamed = std::any_of(dependencies.begin(), dependencies.end(),
                                       [&](const std::string& d) { return renamed.count(d) > 0; });
      if (reads_renamed) {
        BoundView before = BindView(context_, *entry);
        MutableQueryText(*copy) =
            RenameRelationsInText(ViewQueryText(*entry), before.references, renamed, entry->name);
        for (auto& d : dependencies) {
          auto it = renamed.find(d);
          if (it != renamed.end()) d = it->second.first + "." + it->second.second;
        }
        checks_.emplace_back(copy, std::move(before));
      }
      Replace(entry, copy);
    }
  }
  // Checks `view` (an entry that is not replaced) after the change.
  void CheckView(std::shared_ptr<CatalogEntry> view, BoundView before) {
    checks_.emplace_back(std::move(view), std::move(before));
  }

  // Applies the change; `altered` names what changed in the errors ("table t").
  void Apply(const std::string& altered, const std::pair<std::string, std::string>* renamed_schema = nullptr) {
    catalog_.ReplaceEntries(replacements_, renamed_schema);
    try {
      for (auto& [view, before] : checks_) CheckViewStillBinds(context_, *view, before, altered);
    } catch (...) {
      std::vector<Catalog::Replacement> undo;
      for (auto& [old_entry, new_entry] : replacements_) undo.emplace_back(new_entry, old_entry);
      std::pair<std::string, std::string> schema_back;
      if (renamed_schema) schema_back = {renamed_schema->second, renamed_schema->first};
      catalog_.ReplaceEntries(undo, renamed_schema ? &schema_back : nullptr);
      throw;
    }
    // Transactions that changed a replaced table fail at COMMIT instead of writing to it.
    for (auto& [old_entry, _] : replacements_) {
      if (HasRows(*old_entry)) static_cast<TableEntry&>(*old_entry).dropped = true;
    }
  }

 private:
  ClientContext& context_;
  Catalog& catalog_;
  std::vector<Catalog::Replacement> replacements_;
  std::vector<std::pair<std::shared_ptr<CatalogEntry>, BoundView>> checks_;
};

// One column of the altered table: its definition and its value, an expression over a row
// of the table as it was.
struct NewColumn {
  ColumnInfo info;
  std::unique_ptr<BoundExpression> value;
  int64_t source = -1;  // the old column it is (possibly with a new type or name), or -1
  bool retyped = false;
};

}  // namespace

std::unique_ptr<QueryResult> StatementRunner::RunAlter(AlterStatement& stmt) {
  Catalog& catalog = context_.db().catalog();
  // ALTER applies at once (DDL is not transactional yet), so it cannot carry this
  // transaction's own uncommitted rows of the old shape along.
  auto HasChanges = [&](const CatalogEntry& entry) {
    if (!HasRows(entry)) return false;
    const LocalTableChanges* changes = context_.transaction().FindChanges(static_cast<const TableEntry&>(entry));
    return changes && !changes->Empty();
  };
  // Under the commit lock: a commit either finishes before the change or sees the table
  // it changed replaced (and fails).
  std::lock_guard<std::mutex> commits(context_.db().transactions().commit_mutex());
  CatalogChange change(context_, catalog);
  std::string tag = std::string("ALTER ") + ObjectKeyword(stmt.object);
  const AlterAction& first = stmt.actions.at(0);

  if (stmt.object == ObjectKind::kSchema) {
    const std::string& from = stmt.name.name;
    const std::string& to = first.new_name;
    if (!catalog.SchemaExists(from)) {
      throw SqlError(ErrorCode::kInvalidSchemaName, "schema \"" + from + "\" does not exist");
    }
    if (from == kSystemSchema || from == "information_schema" || to.rfind("pg_", 0) == 0) {
      throw SqlError(ErrorCode::kInsufficientPrivilege, "cannot rename schema \"" + from + "\"");
    }
    if (catalog.SchemaExists(to)) throw SqlError(ErrorCode::kDuplicateSchema, "schema \"" + to + "\" already exists");
    CheckSchemaOwner(context_, from);
    CheckSuperuser(context_, "permission denied for database stockroom");
    std::vector<CatalogChange::Rename> renames;
    for (auto& entry : catalog.Entries(from)) {
      if (HasChanges(*entry)) {
        throw SqlError(ErrorCode::kObjectInUse, "cannot ALTER SCHEMA \"" + from + "\" because table \"" +
                                                    entry->name + "\" has changes in this transaction");
      }
      renames.push_back({entry, to, entry->name});
    }
    change.RenameRelations(renames);
    std::pair<std::string, std::string> renamed_schema{from, to};
    change.Apply("schema " + from, &renamed_schema);
    context_.db().privileges().RenameSchema(from, to);
    LogDdl("ALTER SCHEMA " + QuoteIdentifier(from) + " RENAME TO " + QuoteIdentifier(to));
    return Command(tag);
  }

  auto entry = catalog.Lookup(stmt.name.schema, stmt.name.name, settings_.search_path);
  if (!entry) {
    if (stmt.if_exists) return Command(tag);
    throw SqlError(ErrorCode::kUndefinedTable, "relation \"" + stmt.name.ToString() + "\" does not exist",
                   Pos(stmt.name.location));
  }
  if (entry->schema == kSystemSchema) {
    throw SqlError(ErrorCode::kInsufficientPrivilege, "permission denied: \"" + entry->name + "\" is a system catalog");
  }
  // ALTER VIEW and ALTER MATERIALIZED VIEW name their kind; ALTER TABLE renames any relation.
  if ((stmt.object == ObjectKind::kView && entry->kind != CatalogEntryKind::kView) ||
      (stmt.object == ObjectKind::kMaterializedView && entry->kind != CatalogEntryKind::kMaterializedView)) {
    throw SqlError(ErrorCode::kWrongObjectType, "\"" + entry->name + "\" is not a " +
                                                    (stmt.object == ObjectKind::kView ? "view" : "materialized view"));
  }
  CheckRelationOwner(context_, *entry);
  if (HasChanges(*entry)) {
    throw SqlError(ErrorCode::kObjectInUse, "cannot ALTER TABLE \"" + entry->name +
                                                "\" because it has changes in this transaction")
        .WithHint("Commit or roll back first.");
  }
  std::string what = std::string(entry->KindName()) + " " + entry->name;
  std::string head = "ALTER " + std::string(ObjectKeyword(stmt.object)) + " " + Qualified(entry->schema, entry->name);

  if (first.kind == AlterAction::Kind::kRename || first.kind == AlterAction::Kind::kSetSchema) {
    std::string schema = entry->schema;
    std::string name = entry->name;
    if (first.kind == AlterAction::Kind::kRename) {
      name = first.new_name;
    } else {
      schema = first.new_name;
      if (!catalog.SchemaExists(schema)) {
        throw SqlError(ErrorCode::kInvalidSchemaName, "schema \"" + schema + "\" does not exist");
      }
      if (schema == kSystemSchema) {
        throw SqlError(ErrorCode::kFeatureNotSupported, "cannot move objects into or out of system schemas");
      }
      CheckSchemaPrivilege(context_, schema, kPrivCreate);
    }
    if (schema == entry->schema && name == entry->name) return Command(tag);
    change.RenameRelations({{entry, schema, name}});
    change.Apply(what);
    LogDdl(head + (first.kind == AlterAction::Kind::kRename ? " RENAME TO " + QuoteIdentifier(name)
                                                             : " SET SCHEMA " + QuoteIdentifier(schema)));
    return Command(tag);
  }

  if (first.kind == AlterAction::Kind::kRenameColumn && entry->kind == CatalogEntryKind::kView) {
    // A view's column names are its own; views reading it would need their text rewritten.
    auto view = std::static_pointer_cast<ViewEntry>(entry);
    auto it = std::find(view->column_names.begin(), view->column_names.end(), first.name);
    if (it == view->column_names.end()) {
      throw SqlError(ErrorCode::kUndefinedColumn,
                     "column \"" + first.name + "\" does not exist");
    }
    if (std::find(view->column_names.begin(), view->column_names.end(), first.new_name) != view->column_names.end()) {
      throw SqlError(ErrorCode::kDuplicateColumn,
                     "column \"" + first.new_name + "\" of relation \"" + view->name + "\" already exists");
    }
    auto dependents = catalog.Dependents(view->QualifiedName());
    if (!dependents.empty()) {
      throw SqlError(ErrorCode::kDependentObjectsStillExist,
                     "cannot rename column " + first.name + " of view " + view->name +
                         " because other objects depend on it")
          .WithDetail(std::string(dependents[0]->KindName()) + " " + dependents[0]->name + " depends on view " +
                      view->name);
    }
    auto copy = view->Copy(view->schema, view->name);
    copy->column_names[it - view->column_names.begin()] = first.new_name;
    change.Replace(view, copy);
    change.Apply(what);
    LogDdl(head + " RENAME COLUMN " + QuoteIdentifier(first.name) + " TO " + QuoteIdentifier(first.new_name));
    return Command(tag);
  }

  if (entry->kind != CatalogEntryKind::kTable) {
    throw SqlError(ErrorCode::kWrongObjectType, "ALTER action cannot be performed on relation \"" + entry->name + "\"")
        .WithDetail(std::string("This operation is not supported for ") +
                    (entry->kind == CatalogEntryKind::kView ? "views." : "materialized views."));
  }
  auto table = std::static_pointer_cast<TableEntry>(entry);
  std::vector<NewColumn> columns;
  for (size_t i = 0; i < table->columns.size(); i++) {
    NewColumn column;
    column.info = table->columns[i];
    column.value = std::make_unique<BoundReference>(column.info.type, i, column.info.name);
    column.source = static_cast<int64_t>(i);
    columns.push_back(std::move(column));
  }
  auto constraints = table->constraints;
  auto options = table->options;
  auto find = [&](const std::string& name) -> int64_t {
    for (size_t i = 0; i < columns.size(); i++) {
      if (columns[i].info.name == name) return static_cast<int64_t>(i);
    }
    return -1;
  };
  auto column_of = [&](const AlterAction& action) -> NewColumn& {
    int64_t index = find(action.name);
    if (index < 0) {
      throw SqlError(ErrorCode::kUndefinedColumn,
                     "column \"" + action.name + "\" of relation \"" + table->name + "\" does not exist");
    }
    return columns[index];
  };
  // Binds a DEFAULT for a column of `type`, as CREATE TABLE checks it.
  auto bind_default = [&](ParsedExpression& expr, const ColumnInfo& column) {
    Binder binder(context_);
    auto bound = binder.BindExpression(expr, ExpressionClause::kDefault);
    if (!AssignmentCastAllowed(bound->type, column.type) && bound->type.id() != TypeId::kUnknown) {
      throw SqlError(ErrorCode::kDatatypeMismatch,
                     "column \"" + column.name + "\" is of type " + column.type.ToString() +
                         " but default expression is of type " + bound->type.ToString(),
                     Pos(expr.location))
          .WithHint("You will need to rewrite or cast the expression.");
    }
    return AddCast(std::move(bound), column.type, false, &context_);
  };
  // Views that read a column which DROP COLUMN (with CASCADE or not) removes, or which
  // RENAME COLUMN / TYPE changes.
  std::vector<std::shared_ptr<CatalogEntry>> dependents = catalog.Dependents(table->QualifiedName());
  std::vector<BoundView> dependents_bound;
  for (auto& d : dependents) dependents_bound.push_back(BindView(context_, *d, table.get()));
  auto reader_of = [&](int64_t source) -> int64_t {
    if (source < 0) return -1;
    for (size_t i = 0; i < dependents.size(); i++) {
      if (dependents_bound[i].columns_read.count(static_cast<idx_t>(source))) return static_cast<int64_t>(i);
    }
    return -1;
  };
  std::vector<std::shared_ptr<CatalogEntry>> cascade_drops;
  std::vector<std::string> not_null_checks;
  std::vector<std::string> logged_actions;
  std::vector<std::string> logged_after;  // statements that follow (defaults evaluated once)
  bool rewrite = false;

  for (AlterAction& action : stmt.actions) {
    switch (action.kind) {
      case AlterAction::Kind::kAddColumn: {
        if (find(action.name) >= 0) {
          if (action.if_not_exists) break;
          throw SqlError(ErrorCode::kDuplicateColumn,
                         "column \"" + action.name + "\" of relation \"" + table->name + "\" already exists");
        }
        NewColumn column;
        column.info.name = action.name;
        column.info.type = ResolveTypeName(action.column.type);
        column.info.not_null = action.column.not_null;
        // The default is evaluated once for all existing rows (PostgreSQL evaluates a
        // volatile one per row) and logged as that value, so a replay gives the same rows.
        Value fill = Value::Null(column.info.type);
        std::string logged = "ADD COLUMN " + QuoteIdentifier(action.name) + " " + column.info.type.ToString();
        if (action.column.default_value) {
          auto bound = bind_default(*action.column.default_value, column.info);
          fill = ExpressionExecutor::EvaluateConstant(context_, *bound);
          column.info.default_sql = action.column.default_value->ToString();
          logged += " DEFAULT " + fill.ToSqlLiteral();
          if (fill.ToSqlLiteral() != column.info.default_sql) {
            logged_after.push_back(head + " ALTER COLUMN " + QuoteIdentifier(action.name) + " SET DEFAULT " +
                                   column.info.default_sql);
          }
        }
        if (column.info.not_null) {
          logged += " NOT NULL";
          not_null_checks.push_back(action.name);
        }
        column.value = std::make_unique<BoundConstant>(fill);
        columns.push_back(std::move(column));
        logged_actions.push_back(logged);
        rewrite = true;
        break;
      }
      case AlterAction::Kind::kDropColumn: {
        int64_t index = find(action.name);
        if (index < 0) {
          if (action.if_exists) break;
          column_of(action);
        }
        if (columns.size() == 1) {
          throw SqlError(ErrorCode::kFeatureNotSupported,
                         "cannot drop column \"" + action.name + "\", the last column of table \"" + table->name + "\"");
        }
        for (auto key : {"sortkey", "distkey"}) {
          auto it = options.find(key);
          if (it == options.end()) continue;
          auto names = KeyColumns(it->second);
          if (std::find(names.begin(), names.end(), action.name) != names.end()) {
            throw SqlError(ErrorCode::kFeatureNotSupported,
                           "cannot drop column \"" + action.name + "\" of table \"" + table->name + "\": it is in its " +
                               (std::string(key) == "sortkey" ? "SORTKEY" : "DISTKEY"));
          }
        }
        int64_t source = columns[index].source;
        for (int64_t reader = reader_of(source); reader >= 0; reader = reader_of(source)) {
          auto& view = dependents[reader];
          if (!action.cascade) {
            throw SqlError(ErrorCode::kDependentObjectsStillExist,
                           "cannot drop column " + action.name + " of table " + table->name +
                               " because other objects depend on it")
                .WithDetail(std::string(view->KindName()) + " " + view->name + " depends on column " + action.name +
                            " of table " + table->name)
                .WithHint("Use DROP ... CASCADE to drop the dependent objects too.");
          }
          cascade_drops.push_back(view);
          dependents.erase(dependents.begin() + reader);
          dependents_bound.erase(dependents_bound.begin() + reader);
        }
        // Keys that name the column go with it, as PostgreSQL drops their indexes.
        constraints.erase(std::remove_if(constraints.begin(), constraints.end(),
                                         [&](const TableConstraint& k) {
                                           return std::find(k.columns.begin(), k.columns.end(), action.name) !=
                                                  k.columns.end();
                                         }),
                          constraints.end());
        columns.erase(columns.begin() + index);
        logged_actions.push_back("DROP COLUMN " + QuoteIdentifier(action.name) + (action.cascade ? " CASCADE" : ""));
        rewrite = true;
        break;
      }
      case AlterAction::Kind::kRenameColumn: {
        NewColumn& column = column_of(action);
        if (find(action.new_name) >= 0) {
          throw SqlError(ErrorCode::kDuplicateColumn,
                         "column \"" + action.new_name + "\" of relation \"" + table->name + "\" already exists");
        }
        // Views name the column in their text; they are not rewritten (see
        // docs/storage-format.md, "ALTER").
        if (int64_t reader = reader_of(column.source); reader >= 0) {
          auto& view = dependents[reader];
          throw SqlError(ErrorCode::kDependentObjectsStillExist,
                         "cannot rename column " + action.name + " of table " + table->name +
                             " because other objects depend on it")
              .WithDetail(std::string(view->KindName()) + " " + view->name + " depends on column " + action.name +
                          " of table " + table->name)
              .WithHint("Drop the " + std::string(view->KindName()) + ", rename, and create it again.");
        }
        column.info.name = action.new_name;
        for (auto& k : constraints) std::replace(k.columns.begin(), k.columns.end(), action.name, action.new_name);
        for (auto key : {"sortkey", "distkey"}) {
          auto it = options.find(key);
          if (it == options.end()) continue;
          auto names = KeyColumns(it->second);
          std::replace(names.begin(), names.end(), action.name, action.new_name);
          it->second = JoinKeyColumns(names);
        }
        logged_actions.push_back("RENAME COLUMN " + QuoteIdentifier(action.name) + " TO " +
                                 QuoteIdentifier(action.new_name));
        break;
      }
      case AlterAction::Kind::kSetDefault: {
        NewColumn& column = column_of(action);
        if (action.expression) {
          bind_default(*action.expression, column.info);
          column.info.default_sql = action.expression->ToString();
          logged_actions.push_back("ALTER COLUMN " + QuoteIdentifier(action.name) + " SET DEFAULT " +
                                   column.info.default_sql);
        } else {
          column.info.default_sql.clear();
          logged_actions.push_back("ALTER COLUMN " + QuoteIdentifier(action.name) + " DROP DEFAULT");
        }
        break;
      }
      case AlterAction::Kind::kSetNotNull: {
        NewColumn& column = column_of(action);
        if (!column.info.not_null) not_null_checks.push_back(action.name);
        column.info.not_null = true;
        logged_actions.push_back("ALTER COLUMN " + QuoteIdentifier(action.name) + " SET NOT NULL");
        break;
      }
      case AlterAction::Kind::kDropNotNull: {
        NewColumn& column = column_of(action);
        for (auto& k : constraints) {
          if (k.kind == TableConstraint::Kind::kPrimaryKey &&
              std::find(k.columns.begin(), k.columns.end(), action.name) != k.columns.end()) {
            throw SqlError(ErrorCode::kInvalidTableDefinition, "column \"" + action.name + "\" is in a primary key");
          }
        }
        column.info.not_null = false;
        logged_actions.push_back("ALTER COLUMN " + QuoteIdentifier(action.name) + " DROP NOT NULL");
        break;
      }
      case AlterAction::Kind::kAlterType: {
        NewColumn& column = column_of(action);
        if (column.retyped) {
          throw SqlError(ErrorCode::kSyntaxError, "cannot alter type of column \"" + action.name + "\" twice");
        }
        if (int64_t reader = reader_of(column.source); reader >= 0) {
          auto& view = dependents[reader];
          throw SqlError(ErrorCode::kFeatureNotSupported, "cannot alter type of a column used by a view or rule")
              .WithDetail("rule _RETURN on " + std::string(view->KindName()) + " " + view->name +
                          " depends on column \"" + action.name + "\"");
        }
        LogicalType type = ResolveTypeName(action.column.type);
        std::string logged = "ALTER COLUMN " + QuoteIdentifier(action.name) + " TYPE " + type.ToString();
        std::unique_ptr<BoundExpression> value;
        if (action.expression) {
          value = BindRowExpression(context_, *table, *action.expression);
          if (value->type != type && value->type.id() != TypeId::kUnknown &&
              !AssignmentCastAllowed(value->type, type)) {
            throw SqlError(ErrorCode::kDatatypeMismatch, "result of USING clause for column \"" + action.name +
                                                             "\" cannot be cast automatically to type " +
                                                             type.ToString())
                .WithHint("You might need to add an explicit cast.");
          }
          logged += " USING (" + action.expression->ToString() + ")";
        } else {
          value = std::move(column.value);
          if (value->type != type && !AssignmentCastAllowed(value->type, type)) {
            throw SqlError(ErrorCode::kDatatypeMismatch, "column \"" + action.name +
                                                             "\" cannot be cast automatically to type " +
                                                             type.ToString())
                .WithHint("You might need to specify \"USING " + action.name + "::" + type.ToString() + "\".");
          }
        }
        column.value = value->type == type ? std::move(value) : AddCast(std::move(value), type, false, &context_);
        column.info.type = type;
        column.retyped = true;
        if (!column.info.default_sql.empty()) {
          try {
            BindColumnDefault(context_, column.info);
          } catch (const SqlError&) {
            throw SqlError(ErrorCode::kDatatypeMismatch, "default for column \"" + action.name +
                                                             "\" cannot be cast automatically to type " +
                                                             type.ToString());
          }
        }
        logged_actions.push_back(logged);
        rewrite = true;
        break;
      }
      case AlterAction::Kind::kRedshiftKeys: {
        for (auto& [key, value] : action.options) {
          if (key == "sortkey" || key == "distkey") {
            for (auto& name : KeyColumns(value)) {
              if (find(name) < 0) {
                throw SqlError(ErrorCode::kUndefinedColumn,
                               "column \"" + name + "\" named in " + key + " does not exist");
              }
            }
          }
          if (value.empty() || value == "none") {
            options.erase(key);
          } else {
            options[key] = value;
          }
        }
        break;
      }
      case AlterAction::Kind::kRename:
      case AlterAction::Kind::kSetSchema:
        throw InternalError("RENAME and SET SCHEMA come alone");
    }
  }
  if (stmt.actions.size() == 1 && stmt.actions[0].kind == AlterAction::Kind::kRedshiftKeys) {
    logged_actions.push_back("");  // logged as written, below
  }
  if (logged_actions.empty()) return Command(tag);  // every action was skipped (IF [NOT] EXISTS)

  auto altered = table->Copy(table->schema, table->name);
  altered->columns.clear();
  std::vector<std::unique_ptr<BoundExpression>> values;
  for (auto& column : columns) {
    altered->columns.push_back(column.info);
    values.push_back(std::move(column.value));
  }
  altered->constraints = std::move(constraints);
  altered->options = std::move(options);
  if (rewrite) altered->storage = RewriteRows(context_, *table->storage, altered->Types(), values);
  for (auto& name : not_null_checks) {
    int64_t index = altered->ColumnIndex(name);
    if (index >= 0 && altered->columns[index].not_null && ColumnHasNulls(*altered->storage, index)) {
      throw SqlError(ErrorCode::kNotNullViolation,
                     "column \"" + name + "\" of relation \"" + table->name + "\" contains null values");
    }
  }
  change.Replace(table, altered);
  for (size_t i = 0; i < dependents.size(); i++) change.CheckView(dependents[i], std::move(dependents_bound[i]));
  change.Apply(what);
  for (auto& view : cascade_drops) {
    for (auto& dropped : catalog.DropEntry(view->schema, view->name, true)) DiscardOwnChanges(*dropped);
  }
  std::string sql;
  if (stmt.actions[0].kind == AlterAction::Kind::kRedshiftKeys) {
    sql = stmt.text;
  } else {
    sql = head + " ";
    for (size_t i = 0; i < logged_actions.size(); i++) sql += (i ? ", " : "") + logged_actions[i];
    for (auto& after : logged_after) sql += "; " + after;
  }
  LogDdl(sql);
  return Command(tag);
}

}  // namespace stockroom
