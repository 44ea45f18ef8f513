#pragma once

#include <cstdint>
#include <map>
#include <memory>
#include <optional>
#include <string>
#include <vector>

#include "sql/ast/query_node.hpp"

namespace stockroom {

enum class StatementKind : uint8_t {
  kSelect,
  kInsert,
  kUpdate,
  kDelete,
  kTruncate,
  kCreateTable,
  kCreateView,
  kCreateSchema,
  kDrop,
  kSet,
  kShow,
  kExplain,
  kCopy,
  kTransaction,
  kAnalyze,
  kRefresh,
  kCheckpoint,
  kVacuum,
  kMerge,
  kAlter,
  kPrepare,
  kExecute,
  kDeallocate,
  kSecurity,  // roles, GRANT/REVOKE, ALTER ... OWNER TO (security_statement.hpp)
  kComment,
  kDeclareCursor,
  kFetch,
  kCloseCursor,
};

// A parsed statement. `text` is the statement's own SQL text and `location` its byte offset
// in the string the client sent (positions in nodes are relative to that string).
class Statement {
 public:
  explicit Statement(StatementKind kind) : kind(kind) {}
  virtual ~Statement() = default;
  StatementKind kind;
  std::string text;
  int location = 0;
};

// A qualified name as written ("s.t" or "t").
struct QualifiedName {
  std::string schema;
  std::string name;
  int location = -1;
  std::string ToString() const { return schema.empty() ? name : schema + "." + name; }
};

class SelectStatement : public Statement {
 public:
  SelectStatement() : Statement(StatementKind::kSelect) {}
  std::shared_ptr<QueryNode> query;
};

// SET column = expression, ... of UPDATE, ON CONFLICT DO UPDATE and MERGE's UPDATE (a
// DEFAULT expression for SET column = DEFAULT).
using SetList = std::vector<std::pair<std::string, std::unique_ptr<ParsedExpression>>>;

// INSERT's ON CONFLICT [(columns) | ON CONSTRAINT name] DO NOTHING | DO UPDATE SET ... [WHERE].
struct OnConflictClause {
  bool do_update = false;
  std::vector<std::string> target_columns;  // empty with no target or ON CONSTRAINT
  std::string constraint_name;              // ON CONSTRAINT name
  SetList set;
  std::unique_ptr<ParsedExpression> where;
  int location = -1;
};

class InsertStatement : public Statement {
 public:
  InsertStatement() : Statement(StatementKind::kInsert) {}
  QualifiedName table;
  std::string alias;
  std::vector<std::string> columns;
  std::shared_ptr<QueryNode> query;  // VALUES or SELECT; null for DEFAULT VALUES
  std::unique_ptr<OnConflictClause> on_conflict;
  ParsedExpressionList returning;
};

// One WHEN [NOT] MATCHED [AND condition] THEN action of MERGE.
struct MergeWhenClause {
  enum class Action : uint8_t { kUpdate, kDelete, kInsert, kNothing };
  bool matched = true;
  Action action = Action::kNothing;
  std::unique_ptr<ParsedExpression> condition;  // may be null
  SetList set;                                  // kUpdate
  std::vector<std::string> insert_columns;      // kInsert: empty for all columns
  ParsedExpressionList values;                  // kInsert: empty for DEFAULT VALUES
  bool default_values = false;
};

// MERGE INTO table [AS alias] USING source ON condition WHEN ... (PostgreSQL 15).
class MergeStatement : public Statement {
 public:
  MergeStatement() : Statement(StatementKind::kMerge) {}
  QualifiedName table;
  std::string alias;
  std::shared_ptr<TableRef> source;
  std::unique_ptr<ParsedExpression> condition;
  std::vector<MergeWhenClause> clauses;
};

class UpdateStatement : public Statement {
 public:
  UpdateStatement() : Statement(StatementKind::kUpdate) {}
  QualifiedName table;
  std::string alias;
  SetList set;
  std::vector<std::shared_ptr<TableRef>> from;
  std::unique_ptr<ParsedExpression> where;
  ParsedExpressionList returning;
};

class DeleteStatement : public Statement {
 public:
  DeleteStatement() : Statement(StatementKind::kDelete) {}
  QualifiedName table;
  std::string alias;
  std::vector<std::shared_ptr<TableRef>> using_tables;
  std::unique_ptr<ParsedExpression> where;
  ParsedExpressionList returning;
};

// TRUNCATE: deletes every row of the tables, inside the transaction like DELETE.
class TruncateStatement : public Statement {
 public:
  TruncateStatement() : Statement(StatementKind::kTruncate) {}
  std::vector<QualifiedName> tables;
};

struct ColumnDefinition {
  std::string name;
  TypeName type;
  bool not_null = false;
  bool primary_key = false;
  bool unique = false;
  std::unique_ptr<ParsedExpression> default_value;
  std::string encode;  // Redshift ENCODE hint
  int location = -1;
};

// Table-level constraints are recorded, not enforced (as Redshift does), except NOT NULL.
struct TableConstraint {
  enum class Kind : uint8_t { kPrimaryKey, kUnique, kForeignKey, kCheck } kind = Kind::kPrimaryKey;
  std::string name;  // as written (CONSTRAINT name), else PostgreSQL's default name at CREATE TABLE
  std::vector<std::string> columns;
  QualifiedName referenced_table;
  std::vector<std::string> referenced_columns;
};

class CreateTableStatement : public Statement {
 public:
  CreateTableStatement() : Statement(StatementKind::kCreateTable) {}
  QualifiedName table;
  bool if_not_exists = false;
  bool temporary = false;
  std::vector<ColumnDefinition> columns;
  std::vector<TableConstraint> constraints;
  std::shared_ptr<QueryNode> as_query;     // CREATE TABLE AS
  std::vector<std::string> as_column_names;
  bool with_no_data = false;
  // Redshift attributes taken out before parsing: "sortkey" -> "a,b", "distkey" -> "a",
  // "diststyle" -> "even".
  std::map<std::string, std::string> options;
};

class CreateViewStatement : public Statement {
 public:
  CreateViewStatement() : Statement(StatementKind::kCreateView) {}
  QualifiedName view;
  bool or_replace = false;
  bool materialized = false;
  bool if_not_exists = false;
  std::vector<std::string> column_names;
  std::shared_ptr<QueryNode> query;
  std::string query_text;  // the SELECT as written, stored in the catalog
  bool with_no_data = false;
};

class CreateSchemaStatement : public Statement {
 public:
  CreateSchemaStatement() : Statement(StatementKind::kCreateSchema) {}
  std::string name;
  bool if_not_exists = false;
};

enum class ObjectKind : uint8_t { kTable, kView, kMaterializedView, kSchema, kIndex, kFunction, kType, kSequence };

class DropStatement : public Statement {
 public:
  DropStatement() : Statement(StatementKind::kDrop) {}
  ObjectKind object = ObjectKind::kTable;
  std::vector<QualifiedName> names;
  bool if_exists = false;
  bool cascade = false;
};

// COMMENT ON TABLE|VIEW|MATERIALIZED VIEW|COLUMN|SCHEMA x IS 'text' | NULL.
class CommentStatement : public Statement {
 public:
  enum class Target : uint8_t { kTable, kView, kMaterializedView, kColumn, kSchema };
  CommentStatement() : Statement(StatementKind::kComment) {}
  Target target = Target::kTable;
  QualifiedName relation;  // the relation (also a column's)
  std::string column;      // kColumn
  std::string schema;      // kSchema
  std::optional<std::string> comment;  // none: IS NULL (removes the comment)
};

class SetStatement : public Statement {
 public:
  SetStatement() : Statement(StatementKind::kSet) {}
  std::string name;              // lower-cased setting name
  std::vector<Value> values;     // empty with reset = true for RESET / SET x TO DEFAULT
  bool reset = false;
  bool reset_all = false;
  bool local = false;
};

class ShowStatement : public Statement {
 public:
  ShowStatement() : Statement(StatementKind::kShow) {}
  std::string name;  // "all" for SHOW ALL
};

class ExplainStatement : public Statement {
 public:
  ExplainStatement() : Statement(StatementKind::kExplain) {}
  bool analyze = false;
  bool verbose = false;
  std::unique_ptr<Statement> statement;
};

class CopyStatement : public Statement {
 public:
  CopyStatement() : Statement(StatementKind::kCopy) {}
  QualifiedName table;
  std::vector<std::string> columns;
  std::shared_ptr<QueryNode> query;  // COPY (query) TO
  bool is_from = true;
  std::string filename;  // empty for STDIN/STDOUT
  bool is_program = false;
  // Options lower-cased: format, delimiter, header, null, quote, escape, encoding,
  // compression, ... Values as written (booleans "true"/"false").
  std::map<std::string, std::string> options;
};

class TransactionStatement : public Statement {
 public:
  enum class Kind : uint8_t { kBegin, kCommit, kRollback } txn = Kind::kBegin;
  TransactionStatement() : Statement(StatementKind::kTransaction) {}
};

// REFRESH MATERIALIZED VIEW name [WITH NO DATA]
class RefreshStatement : public Statement {
 public:
  RefreshStatement() : Statement(StatementKind::kRefresh) {}
  QualifiedName view;
  bool with_no_data = false;
};

// One action of an ALTER statement. RENAME and SET SCHEMA come alone (the grammar's
// rule); the column actions may be listed several to a statement, applied in order.
struct AlterAction {
  enum class Kind : uint8_t {
    kAddColumn,     // column
    kDropColumn,    // name, if_exists, cascade
    kRenameColumn,  // name -> new_name
    kRename,        // the relation (or schema) -> new_name
    kSetSchema,     // new_name is the schema
    kSetDefault,    // name, expression (null: DROP DEFAULT)
    kSetNotNull,    // name
    kDropNotNull,   // name
    kAlterType,     // name, column.type, expression (USING, may be null)
    kRedshiftKeys,  // Redshift's ALTER SORTKEY / DISTKEY / DISTSTYLE: options
  } kind = Kind::kAddColumn;
  std::string name;
  std::string new_name;
  ColumnDefinition column;
  std::unique_ptr<ParsedExpression> expression;
  bool if_exists = false;      // DROP COLUMN IF EXISTS
  bool if_not_exists = false;  // ADD COLUMN IF NOT EXISTS
  bool cascade = false;
  std::map<std::string, std::string> options;  // kRedshiftKeys: "sortkey" -> "a,b", ...
  int location = -1;
};

// ALTER TABLE / VIEW / MATERIALIZED VIEW / SCHEMA.
class AlterStatement : public Statement {
 public:
  AlterStatement() : Statement(StatementKind::kAlter) {}
  ObjectKind object = ObjectKind::kTable;
  QualifiedName name;  // a schema's name is in `name.name`
  bool if_exists = false;
  std::vector<AlterAction> actions;
};

class AnalyzeStatement : public Statement {
 public:
  AnalyzeStatement() : Statement(StatementKind::kAnalyze) {}
  std::vector<QualifiedName> tables;  // empty: all
};

// VACUUM [FULL] [ANALYZE] [tables] (main/vacuum.hpp).
class VacuumStatement : public Statement {
 public:
  VacuumStatement() : Statement(StatementKind::kVacuum) {}
  std::vector<QualifiedName> tables;  // empty: all
  bool analyze = false;
};

// DECLARE name [BINARY] [[NO] SCROLL] CURSOR [WITH[OUT] HOLD] FOR query. The Connection
// runs the query and keeps its rows for FETCH (main/cursors.hpp).
class DeclareCursorStatement : public Statement {
 public:
  DeclareCursorStatement() : Statement(StatementKind::kDeclareCursor) {}
  std::string name;
  std::unique_ptr<Statement> query;
  bool with_hold = false;
  bool binary = false;
};

// FETCH / MOVE [direction] [FROM | IN] name. PostgreSQL's grammar reduces every direction
// to one of four with a count: NEXT is FORWARD 1, PRIOR BACKWARD 1, FIRST ABSOLUTE 1, LAST
// ABSOLUTE -1, ALL FORWARD kFetchAll.
class FetchStatement : public Statement {
 public:
  enum class Direction : uint8_t { kForward, kBackward, kAbsolute, kRelative };
  static constexpr int64_t kFetchAll = INT64_MAX;
  FetchStatement() : Statement(StatementKind::kFetch) {}
  std::string name;
  Direction direction = Direction::kForward;
  int64_t count = 1;
  bool move = false;  // MOVE: repositions without returning rows
};

// CLOSE name | CLOSE ALL (name empty).
class CloseCursorStatement : public Statement {
 public:
  CloseCursorStatement() : Statement(StatementKind::kCloseCursor) {}
  std::string name;
};

// CHECKPOINT: writes the committed state to segment files now (storage/storage_manager.hpp).
class CheckpointStatement : public Statement {
 public:
  CheckpointStatement() : Statement(StatementKind::kCheckpoint) {}
};

// PREPARE name [(types)] AS statement. The statement is re-parsed from `text` (after AS)
// whenever it runs, so only its name and types are kept here.
class PrepareStatement : public Statement {
 public:
  PrepareStatement() : Statement(StatementKind::kPrepare) {}
  std::string name;
  std::vector<TypeName> types;
};

// EXECUTE name [(arguments)].
class ExecuteStatement : public Statement {
 public:
  ExecuteStatement() : Statement(StatementKind::kExecute) {}
  std::string name;
  ParsedExpressionList arguments;
  int location = -1;
};

// DEALLOCATE [PREPARE] name | ALL.
class DeallocateStatement : public Statement {
 public:
  DeallocateStatement() : Statement(StatementKind::kDeallocate) {}
  std::string name;  // empty: ALL
};

}  // namespace stockroom
