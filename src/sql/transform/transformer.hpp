#pragma once

#include <pg_query/pg_query.pb-c.h>

#include <memory>
#include <set>
#include <string_view>

#include "sql/ast/statement.hpp"

namespace stockroom {

// The relation kind a parse tree's object type names (table, view, materialized view);
// false for other objects (transform_alter.cpp).
bool RelationKind(PgQuery__ObjectType type, ObjectKind& kind);

// Converts libpg_query's parse tree (protobuf-c structs) into Stockroom's AST. One instance
// per statement. Unsupported constructs throw SqlError 0A000 naming the construct and its
// position. Only code under sql/ sees pg_query types.
class Transformer {
 public:
  Transformer(std::string_view sql, const std::set<int>& approximate_calls)
      : sql_(sql), approximate_calls_(approximate_calls) {}

  std::unique_ptr<Statement> TransformStatement(PgQuery__Node* node);

  // Expressions (transform_expression.cpp).
  std::unique_ptr<ParsedExpression> TransformExpression(PgQuery__Node* node);
  ParsedExpressionList TransformExpressionList(size_t n, PgQuery__Node** nodes);
  TypeName TransformTypeName(PgQuery__TypeName* type);
  std::shared_ptr<WindowSpec> TransformWindowDef(PgQuery__WindowDef* def);
  std::vector<OrderItem> TransformSortClause(size_t n, PgQuery__Node** nodes);

  // Queries (transform_select.cpp).
  std::shared_ptr<QueryNode> TransformSelect(PgQuery__Node* node);
  std::shared_ptr<QueryNode> TransformSelectStmt(PgQuery__SelectStmt* stmt);
  std::shared_ptr<TableRef> TransformTableRef(PgQuery__Node* node);
  std::shared_ptr<WithClause> TransformWithClause(PgQuery__WithClause* with);

 private:
  std::unique_ptr<ParsedExpression> TransformConstant(PgQuery__AConst* c);
  std::unique_ptr<ParsedExpression> TransformAExpr(PgQuery__AExpr* e);
  std::unique_ptr<ParsedExpression> TransformFuncCall(PgQuery__FuncCall* f);
  std::unique_ptr<ParsedExpression> TransformSubLink(PgQuery__SubLink* s);
  std::unique_ptr<ParsedExpression> TransformSqlValueFunction(PgQuery__SQLValueFunction* f);
  std::unique_ptr<ParsedExpression> TransformIndirection(PgQuery__AIndirection* ind);
  void TransformGroupingElement(PgQuery__Node* node, std::vector<GroupingElement>& out);

  std::unique_ptr<Statement> TransformCreateTable(PgQuery__CreateStmt* stmt);
  std::unique_ptr<Statement> TransformCreateTableAs(PgQuery__CreateTableAsStmt* stmt);
  std::unique_ptr<Statement> TransformInsert(PgQuery__InsertStmt* stmt);
  std::unique_ptr<Statement> TransformUpdate(PgQuery__UpdateStmt* stmt);
  std::unique_ptr<Statement> TransformDelete(PgQuery__DeleteStmt* stmt);
  std::unique_ptr<Statement> TransformMerge(PgQuery__MergeStmt* stmt);
  std::unique_ptr<OnConflictClause> TransformOnConflict(PgQuery__OnConflictClause* clause);
  SetList TransformSetList(size_t n, PgQuery__Node** targets);
  std::unique_ptr<Statement> TransformView(PgQuery__ViewStmt* stmt);
  std::unique_ptr<Statement> TransformDrop(PgQuery__DropStmt* stmt);
  std::unique_ptr<Statement> TransformComment(PgQuery__CommentStmt* stmt);
  std::unique_ptr<Statement> TransformSet(PgQuery__VariableSetStmt* stmt);
  std::unique_ptr<Statement> TransformExplain(PgQuery__ExplainStmt* stmt);
  std::unique_ptr<Statement> TransformCopy(PgQuery__CopyStmt* stmt);
  // ALTER TABLE / VIEW / MATERIALIZED VIEW / SCHEMA (transform_alter.cpp).
  std::unique_ptr<Statement> TransformAlterTable(PgQuery__AlterTableStmt* stmt);
  std::unique_ptr<Statement> TransformRename(PgQuery__RenameStmt* stmt);
  std::unique_ptr<Statement> TransformAlterObjectSchema(PgQuery__AlterObjectSchemaStmt* stmt);
  ColumnDefinition TransformAddedColumn(PgQuery__ColumnDef* def);
  // Roles, GRANT/REVOKE and ALTER ... OWNER TO (transform_security.cpp); nullptr if `node`
  // is none of them.
  std::unique_ptr<Statement> TransformSecurity(PgQuery__Node* node);

  [[noreturn]] void NotSupported(const std::string& what, int location);

  std::string_view sql_;
  const std::set<int>& approximate_calls_;
};

// Returns the string of a String node ("" for other nodes).
std::string NodeString(PgQuery__Node* node);
QualifiedName TransformRangeVarName(PgQuery__RangeVar* rv);

}  // namespace stockroom
