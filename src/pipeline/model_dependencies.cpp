#include "pipeline/model_dependencies.hpp"

#include <algorithm>
#include <set>
#include <stdexcept>

#include "common/error/exception.hpp"
#include "sql/ast/statement.hpp"
#include "sql/parser.hpp"

namespace stockroom::pipeline {

namespace {

class ReferenceCollector {
 public:
  std::set<std::string> relations;

  void Query(const QueryNode* node) {
    if (!node) return;
    if (node->with) {
      for (auto& cte : node->with->ctes) Query(cte.query.get());
    }
    for (auto& item : node->order_by) Expression(item.expr.get());
    Expression(node->limit.get());
    Expression(node->offset.get());
    switch (node->kind) {
      case QueryNodeKind::kSelect: {
        auto& select = static_cast<const SelectNode&>(*node);
        Expressions(select.distinct_on);
        Expressions(select.select_list);
        for (auto& ref : select.from) Table(ref.get());
        Expression(select.where.get());
        for (auto& element : select.group_by) Grouping(element);
        Expression(select.having.get());
        for (auto& window : select.windows) Window(window.get());
        break;
      }
      case QueryNodeKind::kSetOperation: {
        auto& setop = static_cast<const SetOperationNode&>(*node);
        Query(setop.left.get());
        Query(setop.right.get());
        break;
      }
      case QueryNodeKind::kValues:
        for (auto& row : static_cast<const ValuesNode&>(*node).rows) Expressions(row);
        break;
    }
  }

 private:
  void Table(const TableRef* ref) {
    if (!ref) return;
    switch (ref->kind) {
      case TableRefKind::kBaseTable: {
        auto& base = static_cast<const BaseTableRef&>(*ref);
        if (!base.schema.empty()) relations.insert(base.schema + "." + base.name);
        break;
      }
      case TableRefKind::kJoin: {
        auto& join = static_cast<const JoinRef&>(*ref);
        Table(join.left.get());
        Table(join.right.get());
        Expression(join.condition.get());
        break;
      }
      case TableRefKind::kSubquery:
        Query(static_cast<const SubqueryRef&>(*ref).query.get());
        break;
      case TableRefKind::kFunction:
        Expression(static_cast<const FunctionRef&>(*ref).function.get());
        break;
    }
  }

  void Expressions(const ParsedExpressionList& list) {
    for (auto& expr : list) Expression(expr.get());
  }

  void Expression(const ParsedExpression* expr) {
    if (!expr) return;
    Expressions(expr->children);
    Expression(expr->case_operand.get());
    Expression(expr->case_else.get());
    Expression(expr->filter.get());
    for (auto& item : expr->order_by) Expression(item.expr.get());
    Window(expr->over.get());
    Query(expr->subquery.get());
  }

  void Window(const WindowSpec* window) {
    if (!window) return;
    Expressions(window->partition_by);
    for (auto& item : window->order_by) Expression(item.expr.get());
    Expression(window->start_offset.get());
    Expression(window->end_offset.get());
  }

  void Grouping(const GroupingElement& element) {
    Expression(element.expr.get());
    for (auto& item : element.items) Expressions(item);
    for (auto& set : element.sets) Grouping(set);
  }
};

std::vector<std::unique_ptr<Statement>> ParseOrThrow(std::string_view sql) {
  try {
    return Parser::Parse(sql);
  } catch (const SqlError& e) {
    std::string message = e.what();
    if (e.position() > 0) message += " at character " + std::to_string(e.position());
    throw std::runtime_error(message);
  }
}

}  // namespace

std::vector<std::string> QualifiedRelations(std::string_view sql) {
  auto statements = ParseOrThrow(sql);
  if (statements.size() != 1 || statements[0]->kind != StatementKind::kSelect) {
    throw std::runtime_error("expected one SELECT statement, found " + std::to_string(statements.size()) +
                             " statement(s)" +
                             (statements.size() == 1 ? " that is not a SELECT" : ""));
  }
  ReferenceCollector collector;
  collector.Query(static_cast<const SelectStatement&>(*statements[0]).query.get());
  return {collector.relations.begin(), collector.relations.end()};
}

CreatedTable ParseCreateTable(std::string_view sql) {
  auto statements = ParseOrThrow(sql);
  if (statements.size() != 1 || statements[0]->kind != StatementKind::kCreateTable) {
    throw std::runtime_error("expected one CREATE TABLE statement");
  }
  auto& create = static_cast<const CreateTableStatement&>(*statements[0]);
  if (create.as_query || create.columns.empty()) throw std::runtime_error("expected CREATE TABLE with its columns");
  CreatedTable out;
  out.relation = create.table.ToString();
  for (auto& column : create.columns) out.columns.push_back(column.name);
  return out;
}

}  // namespace stockroom::pipeline
