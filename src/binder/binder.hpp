#pragma once

#include <map>
#include <memory>
#include <string>
#include <vector>

#include "binder/bind_context.hpp"
#include "binder/deparse_notes.hpp"
#include "planner/logical_operator.hpp"
#include "sql/ast/statement.hpp"

namespace stockroom {

class ClientContext;
class ExpressionBinder;
class ViewEntry;

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

class Binder;
class SelectNode;

// A WITH entry visible while binding. Binders of nested query levels share these (by
// pointer), so a definition is bound once and every reference counts.
struct CteBinding {
  const CommonTableExpression* cte = nullptr;
  idx_t cte_index = 0;
  bool recursive_reference = false;  // inside its own recursive term
  // The binder of the WITH clause: definitions bind as its children, so they see the
  // WITH's scope rather than the scope of wherever they are first referenced.
  Binder* owner = nullptr;
  bool binding = false;  // its definition is being bound: a reference now is recursion
  std::vector<std::string> names;
  std::vector<LogicalType> types;
  // How many times queries reference it; unreferenced ones are not materialized.
  int reference_count = 0;
  std::vector<CteBinding*> uses;  // CTEs of the same WITH its definition references
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
  kWindowRows,    // frame offsets, named like PostgreSQL's errors ("window ROWS")
  kWindowRange,
  kWindowGroups,
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
  // Leaves unknown-typed literals in the top SELECT list untyped, for a caller that assigns
  // them to typed targets (UPDATE SET a = NULL, like a set operation's branches).
  void KeepUnknownOutputs() { keep_unknown_outputs_ = true; }
  // Binds a query and wraps it so its output columns have exactly `target` types (casts).
  ClientContext& context() { return context_; }
  idx_t NewTableIndex() { return (*index_counter_)++; }

  // Expression binding entry points (bind_expression.cpp).
  std::unique_ptr<BoundExpression> BindExpression(ParsedExpression& expr, ExpressionClause clause);
  // Binds `expr` and coerces it to boolean (WHERE, HAVING, JOIN ON): 42804 when it is not.
  std::unique_ptr<BoundExpression> BindCondition(ParsedExpression& expr, ExpressionClause clause);
  // Binds a constant integer expression (LIMIT, OFFSET); returns -1 for NULL/ALL.
  int64_t BindLimitValue(ParsedExpression& expr, bool is_offset);

  // Qualified names of the tables and views the statement references directly (a view's
  // dependencies; the references inside views it uses are those views' own).
  const std::vector<std::string>& referenced_relations() const { return referenced_relations_->names; }
  // Each FROM item that named a catalog relation, with its position in the text (ALTER ...
  // RENAME rewrites a view's text at these positions).
  struct RelationReference {
    std::string qualified_name;
    int location = -1;       // byte offset of the name as written (schema first if given)
    bool has_alias = false;  // written with an alias, which then qualifies its columns
  };
  const std::vector<RelationReference>& relation_references() const { return referenced_relations_->references; }

  // Records each expression's type and implicit casts into `notes` while binding (this
  // level and every level inside it; views it reads bind without).
  void RecordDeparseNotes(std::shared_ptr<DeparseNotes> notes) { deparse_notes_ = std::move(notes); }
  DeparseNotes* deparse_notes() const { return deparse_notes_.get(); }

  // Columns of outer queries referenced at this level (for decorrelation).
  const std::vector<CorrelatedColumn>& correlated_columns() const { return correlated_columns_; }

  // Filters `root` by `condition`, planning subqueries in it as joins.
  std::unique_ptr<LogicalOperator> PlanFilter(std::unique_ptr<BoundExpression> condition,
                                              std::unique_ptr<LogicalOperator> root);
  // Adds `expr`'s subqueries to `root` as joins and replaces them with column references.
  void PlanSubqueries(std::unique_ptr<BoundExpression>& expr, std::unique_ptr<LogicalOperator>& root);
  // VALUES rows of `types` as a plan: a LogicalValues, or, when a row has a subquery, one
  // projection per row appended by UNION ALL.
  std::unique_ptr<LogicalOperator> PlanValueRows(const std::vector<LogicalType>& types,
                                                 std::vector<BoundExpressionList> rows);

  // Returns the output name PostgreSQL gives an unaliased select-list expression.
  static std::string DefaultColumnName(const ParsedExpression& expr);

 private:
  friend class ExpressionBinder;

  BoundQuery BindSelectNode(SelectNode& node);
  BoundQuery BindSetOperation(SetOperationNode& node);
  BoundQuery BindValues(ValuesNode& node);
  // Binds a WITH clause's definitions in order (later ones stay invisible to earlier ones
  // unless RECURSIVE). Returns the entries it shadowed, which BindQuery restores.
  std::vector<std::pair<std::string, std::shared_ptr<CteBinding>>> BindWith(WithClause& with);
  void BindCteDefinition(CteBinding& cte);
  // Applies ORDER BY / LIMIT / OFFSET of a set operation or VALUES to its bound result.
  void BindOrderLimitOverOutput(QueryNode& node, BoundQuery& query);

  std::unique_ptr<LogicalOperator> BindTableRef(TableRef& ref);
  std::unique_ptr<LogicalOperator> BindBaseTable(BaseTableRef& ref);
  std::unique_ptr<LogicalOperator> BindJoin(JoinRef& ref);
  // A parenthesized join with an alias: one FROM item whose columns are the join's.
  std::unique_ptr<LogicalOperator> BindAliasedJoin(JoinRef& ref);
  std::unique_ptr<LogicalOperator> BindSubqueryRef(SubqueryRef& ref);
  std::unique_ptr<LogicalOperator> BindFunctionRef(FunctionRef& ref);
  // The overload of a table function for bound arguments, which it casts to its parameters.
  TableFunction ChooseTableFunction(const ParsedExpression& call, const std::vector<TableFunction>& overloads,
                                    BoundExpressionList& args);
  // ROWS FROM (f(...), g(...), ...); `first_args` are f's bound arguments.
  std::unique_ptr<LogicalOperator> BindZippedFunctionRef(FunctionRef& ref, BoundExpressionList first_args);
  std::unique_ptr<LogicalOperator> BindTableFunction(FunctionRef& ref, TableFunction function, BoundExpressionList args,
                                                     const std::string& name);
  // Set-returning functions in a select list become a hidden LATERAL ROWS FROM item at the
  // end of FROM and the select list reads its columns (select_list_functions.cpp).
  void MoveSelectListFunctionsToFrom(SelectNode& node);
  std::unique_ptr<LogicalOperator> BindCteRef(const CteBinding& cte, BaseTableRef& ref);
  // Gives a view's bound query the view's columns: its names, and only as many columns as
  // it had when created (a * over a table that ALTER TABLE ADD COLUMN widened since reads
  // more; PostgreSQL expands * once, at CREATE VIEW).
  void KeepViewColumns(const ViewEntry& view, BoundQuery& query);
  // Makes a bound query available as a FROM item named `alias` with `column_aliases`.
  std::unique_ptr<LogicalOperator> AddSubqueryBinding(BoundQuery query, const std::string& alias,
                                                      const std::vector<std::string>& column_aliases, int location);

  // Joins planned once every clause of the SELECT is bound (planning a dependent join
  // materializes its input, which freezes the columns the input's scans expose).
  struct DeferredJoin {
    LogicalJoin* join = nullptr;
    bool lateral = false;  // right side is a LATERAL subquery reading the left side
  };
  // Plans deferred_joins_[first...] inside `root` (subquery_planner.cpp).
  void PlanDeferredJoins(std::unique_ptr<LogicalOperator>& root, size_t first);
  std::unique_ptr<LogicalOperator> PlanJoinWithSubqueries(std::unique_ptr<LogicalJoin> join);
  std::unique_ptr<LogicalOperator> PlanLateralJoin(std::unique_ptr<LogicalJoin> join);
  // Whether FROM item `item`, just bound, holds LATERAL subqueries reading the items to
  // its left (`left`): those added to lateral_items_ after `lateral_mark`. Then the
  // whole item becomes the dependent side of a LATERAL join (its depths adjusted to match).
  bool TakeLateral(LogicalOperator& item, const std::vector<ColumnBinding>& left, size_t lateral_mark,
                   size_t deferred_mark);

  CteBinding* FindCte(const std::string& name);
  bool IsFutureCte(const std::string& name) const;
  void AddCorrelatedColumn(const CorrelatedColumn& column);

  ClientContext& context_;
  Binder* parent_;
  std::shared_ptr<idx_t> index_counter_;
  struct ReferencedRelations {
    std::vector<std::string> names;  // distinct, in order of first reference
    std::vector<RelationReference> references;
  };
  std::shared_ptr<ReferencedRelations> referenced_relations_;
  std::shared_ptr<DeparseNotes> deparse_notes_;
  BindContext bind_context_;
  std::map<std::string, std::shared_ptr<CteBinding>> ctes_;
  // As a WITH clause's owner: the definitions being bound, innermost last.
  std::vector<CteBinding*> cte_binding_stack_;
  std::vector<CteBinding*> ctes_bound_;  // in the order their definitions finished binding
  // As a WITH clause's owner: names of the entries after the one being bound (non-RECURSIVE
  // WITH), only for the error message when one of them is referenced.
  std::vector<std::string> future_ctes_;
  std::vector<CorrelatedColumn> correlated_columns_;
  // Binding a set operation's leaf SELECT: unknown-typed outputs stay unknown.
  bool keep_unknown_outputs_ = false;
  // While binding a LATERAL item or join condition, FROM items to the left stay visible.
  BindContext* lateral_context_ = nullptr;
  std::vector<DeferredJoin> deferred_joins_;
  // Bound LATERAL subqueries that read FROM items of this level, not yet joined to them.
  std::vector<const LogicalOperator*> lateral_items_;
  // The expression binder working at this level (aggregates of outer columns found in a
  // subquery belong to it).
  ExpressionBinder* active_expression_binder_ = nullptr;
};

}  // namespace stockroom
