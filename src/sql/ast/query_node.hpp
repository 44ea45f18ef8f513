#pragma once

#include <memory>
#include <string>
#include <vector>

#include "sql/ast/parsed_expression.hpp"

namespace stockroom {

class TableRef;

// One WITH entry.
struct CommonTableExpression {
  std::string name;
  std::vector<std::string> column_names;
  std::shared_ptr<QueryNode> query;
  bool recursive = false;  // from WITH RECURSIVE
  enum class Materialize : uint8_t { kDefault, kAlways, kNever } materialize = Materialize::kDefault;
  int location = -1;
};

struct WithClause {
  bool recursive = false;
  std::vector<CommonTableExpression> ctes;
};

// GROUP BY elements: plain expressions, ROLLUP, CUBE, GROUPING SETS, () (the empty set), and
// (a, b) inside GROUPING SETS (kSet: one set of several columns, in items[0]).
struct GroupingElement {
  enum class Kind : uint8_t { kExpression, kEmpty, kRollup, kCube, kSets, kSet } kind = Kind::kExpression;
  std::unique_ptr<ParsedExpression> expr;       // kExpression
  // kRollup/kCube: each entry is one "column" (a list, for ROLLUP((a, b))).
  std::vector<ParsedExpressionList> items;
  std::vector<GroupingElement> sets;            // kSets (nested elements)
  GroupingElement Copy() const;
};

enum class QueryNodeKind : uint8_t { kSelect, kSetOperation, kValues };
enum class SetOpKind : uint8_t { kUnion, kIntersect, kExcept };

// A query expression: SELECT block, set operation, or VALUES list, with the clauses that
// apply to the whole of it (WITH, ORDER BY, LIMIT, OFFSET).
class QueryNode {
 public:
  explicit QueryNode(QueryNodeKind kind) : kind(kind) {}
  virtual ~QueryNode() = default;

  QueryNodeKind kind;
  std::shared_ptr<WithClause> with;
  std::vector<OrderItem> order_by;
  std::unique_ptr<ParsedExpression> limit;
  std::unique_ptr<ParsedExpression> offset;
  int location = -1;
};

class SelectNode : public QueryNode {
 public:
  SelectNode() : QueryNode(QueryNodeKind::kSelect) {}
  bool distinct = false;
  ParsedExpressionList distinct_on;
  ParsedExpressionList select_list;
  std::vector<std::shared_ptr<TableRef>> from;  // comma-separated: cross joined
  std::unique_ptr<ParsedExpression> where;
  std::vector<GroupingElement> group_by;
  bool group_by_all_columns = false;  // not PostgreSQL 15; reserved
  std::unique_ptr<ParsedExpression> having;
  std::vector<std::shared_ptr<WindowSpec>> windows;  // WINDOW w AS (...)
};

class SetOperationNode : public QueryNode {
 public:
  SetOperationNode() : QueryNode(QueryNodeKind::kSetOperation) {}
  SetOpKind op = SetOpKind::kUnion;
  bool all = false;
  std::shared_ptr<QueryNode> left;
  std::shared_ptr<QueryNode> right;
};

class ValuesNode : public QueryNode {
 public:
  ValuesNode() : QueryNode(QueryNodeKind::kValues) {}
  std::vector<ParsedExpressionList> rows;
};

enum class TableRefKind : uint8_t { kBaseTable, kJoin, kSubquery, kFunction };
enum class JoinKind : uint8_t { kInner, kLeft, kRight, kFull, kCross };

// An item of a FROM clause.
class TableRef {
 public:
  explicit TableRef(TableRefKind kind) : kind(kind) {}
  virtual ~TableRef() = default;
  TableRefKind kind;
  std::string alias;
  std::vector<std::string> column_aliases;
  int location = -1;
};

class BaseTableRef : public TableRef {
 public:
  BaseTableRef() : TableRef(TableRefKind::kBaseTable) {}
  std::string catalog;
  std::string schema;
  std::string name;
};

class JoinRef : public TableRef {
 public:
  JoinRef() : TableRef(TableRefKind::kJoin) {}
  JoinKind join_kind = JoinKind::kInner;
  std::shared_ptr<TableRef> left;
  std::shared_ptr<TableRef> right;
  std::unique_ptr<ParsedExpression> condition;
  std::vector<std::string> using_columns;
  bool natural = false;
};

class SubqueryRef : public TableRef {
 public:
  SubqueryRef() : TableRef(TableRefKind::kSubquery) {}
  std::shared_ptr<QueryNode> query;
  bool lateral = false;
};

class FunctionRef : public TableRef {
 public:
  FunctionRef() : TableRef(TableRefKind::kFunction) {}
  std::unique_ptr<ParsedExpression> function;
  // ROWS FROM (function, zipped_with...): the functions' rows side by side.
  ParsedExpressionList zipped_with;
  bool with_ordinality = false;
  bool lateral = false;
  // Made by the binder for set-returning functions in a select list: * does not show it.
  bool hidden = false;
};

}  // namespace stockroom
