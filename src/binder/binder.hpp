#pragma once

#include <map>
#include <memory>
#include <string>
#include <vector>

#include "binder/bind_context.hpp"
#include "planner/logical_operator.hpp"
#include "sql/ast/statement.hpp"

namespace stockroom {

class ClientContext;

// A bound query: its logical plan and the names/types of its output columns (the plan's
// column bindings, in order).
struct BoundQuery {
  std::unique_ptr<LogicalOperator> plan;
  std::vector<std::string> names;
  std::vector<LogicalType> types;
  bool ordered = false;  // the top level has ORDER BY: clients see rows in that order
};

// A column of an outer query referenced from inside a subquery.
struct CorrelatedColumn {
  ColumnBinding binding;
  LogicalType type;
  std::string name;
  idx_t depth;  // how many query levels out
};

// A WITH entry visible while binding.
struct CteBinding {
  const CommonTableExpression* cte = nullptr;
  idx_t cte_index = 0;
  bool recursive_reference = false;  // inside its own recursive term
  std::vector<std::string> names;
  std::vector<LogicalType> types;
  // How many times queries reference it (decides inlining vs. materializing).
  std::shared_ptr<int> reference_count;
  // Bound once when materialized.
  std::shared_ptr<BoundQuery> materialized;
};

// Where an expression appears, which decides what it may contain and what errors say.
enum class ExpressionClause : uint8_t {
  kWhere,
  kJoinCondition,
  kGroupBy,
  kHaving,
  kSelect,
  kOrderBy,
  kLimit,
  kValues,
  kFunctionInFrom,
  kWindowDefinition,
  kDefault,
  kOther,
};
const char* ClauseName(ExpressionClause clause);

// Turns parsed statements into typed logical plans: resolves names against the catalog and
// the FROM clause, coerces types with PostgreSQL's rules, resolves functions and operators,
// and plans subqueries as joins. One Binder per query level; subqueries get a child Binder
// whose parent resolves outer references. Not thread-safe (one statement at a time).
class Binder {
 public:
  explicit Binder(ClientContext& context, Binder* parent = nullptr);

  BoundQuery BindQuery(QueryNode& node);
  // Binds a query and wraps it so its output columns have exactly `target` types (casts).
  ClientContext& context() { return context_; }
  idx_t NewTableIndex() { return (*index_counter_)++; }

  // Expression binding entry points (bind_expression.cpp).
  std::unique_ptr<BoundExpression> BindExpression(ParsedExpression& expr, ExpressionClause clause);
  // Binds `expr` and coerces it to boolean (WHERE, HAVING, JOIN ON): 42804 when it is not.
  std::unique_ptr<BoundExpression> BindCondition(ParsedExpression& expr, ExpressionClause clause);
  // Binds a constant integer expression (LIMIT, OFFSET); returns -1 for NULL/ALL.
  int64_t BindLimitValue(ParsedExpression& expr, bool is_offset);

  // Columns of outer queries referenced at this level (for decorrelation).
  const std::vector<CorrelatedColumn>& correlated_columns() const { return correlated_columns_; }

  // Filters `root` by `condition`, planning subqueries in it as joins.
  std::unique_ptr<LogicalOperator> PlanFilter(std::unique_ptr<BoundExpression> condition,
                                              std::unique_ptr<LogicalOperator> root);
  // Adds `expr`'s subqueries to `root` as joins and replaces them with column references.
  void PlanSubqueries(std::unique_ptr<BoundExpression>& expr, std::unique_ptr<LogicalOperator>& root);

  // Returns the output name PostgreSQL gives an unaliased select-list expression.
  static std::string DefaultColumnName(const ParsedExpression& expr);

 private:
  friend class ExpressionBinder;

  BoundQuery BindSelectNode(SelectNode& node);
  BoundQuery BindSetOperation(SetOperationNode& node);
  BoundQuery BindValues(ValuesNode& node);
  void BindWith(WithClause& with);
  // Applies ORDER BY / LIMIT / OFFSET of a set operation or VALUES to its bound result.
  void BindOrderLimitOverOutput(QueryNode& node, BoundQuery& query);

  std::unique_ptr<LogicalOperator> BindTableRef(TableRef& ref);
  std::unique_ptr<LogicalOperator> BindBaseTable(BaseTableRef& ref);
  std::unique_ptr<LogicalOperator> BindJoin(JoinRef& ref);
  std::unique_ptr<LogicalOperator> BindSubqueryRef(SubqueryRef& ref);
  std::unique_ptr<LogicalOperator> BindFunctionRef(FunctionRef& ref);
  std::unique_ptr<LogicalOperator> BindCteRef(const CteBinding& cte, BaseTableRef& ref);
  // Makes a bound query available as a FROM item named `alias` with `column_aliases`.
  std::unique_ptr<LogicalOperator> AddSubqueryBinding(BoundQuery query, const std::string& alias,
                                                      const std::vector<std::string>& column_aliases, int location);

  CteBinding* FindCte(const std::string& name);
  void AddCorrelatedColumn(const CorrelatedColumn& column);

  ClientContext& context_;
  Binder* parent_;
  std::shared_ptr<idx_t> index_counter_;
  BindContext bind_context_;
  std::map<std::string, CteBinding> ctes_;
  std::vector<CorrelatedColumn> correlated_columns_;
  // While binding a LATERAL item or join condition, FROM items to the left stay visible.
  BindContext* lateral_context_ = nullptr;
};

}  // namespace stockroom
