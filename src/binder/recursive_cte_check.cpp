#include "binder/recursive_cte_check.hpp"

#include <string>
#include <vector>

#include "common/error/exception.hpp"
#include "function/function_registry.hpp"

namespace stockroom {

namespace {

int Pos(int location) { return location >= 0 ? location + 1 : 0; }

// Where a self-reference would be, as in PostgreSQL's parse_cte.c.
enum class RecursionContext : uint8_t { kOk, kNonRecursiveTerm, kSublink, kOuterJoin, kIntersect, kExcept };

std::string ContextMessage(RecursionContext context, const std::string& name) {
  std::string prefix = "recursive reference to query \"" + name + "\" must not appear within ";
  switch (context) {
    case RecursionContext::kNonRecursiveTerm:
      return prefix + "its non-recursive term";
    case RecursionContext::kSublink:
      return prefix + "a subquery";
    case RecursionContext::kOuterJoin:
      return prefix + "an outer join";
    case RecursionContext::kIntersect:
      return prefix + "INTERSECT";
    case RecursionContext::kExcept:
      return prefix + "EXCEPT";
    case RecursionContext::kOk:
      break;
  }
  return prefix;
}

// Walks a parsed query looking for references to one WITH entry, skipping names that an inner
// WITH shadows. With `detect_only` it just counts them; otherwise it raises PostgreSQL's errors
// for references in the wrong place.
class RecursionWalker {
 public:
  RecursionWalker(const CommonTableExpression& cte, bool detect_only) : cte_(cte), detect_only_(detect_only) {}

  RecursionContext context = RecursionContext::kOk;
  int self_references = 0;
  // The SELECT whose FROM holds the self-reference.
  const SelectNode* referencing_select = nullptr;

  void Query(const QueryNode& node) {
    if (!node.with) {
      QueryBody(node);
      return;
    }
    if (node.with->recursive) {
      // Every name of a recursive WITH is visible to all its entries and the main query.
      std::vector<std::string> names;
      for (auto& cte : node.with->ctes) names.push_back(cte.name);
      inner_withs_.push_back(std::move(names));
      for (auto& cte : node.with->ctes) Query(*cte.query);
    } else {
      // Otherwise each name is visible to the entries after it and the main query.
      inner_withs_.emplace_back();
      for (auto& cte : node.with->ctes) {
        Query(*cte.query);
        inner_withs_.back().push_back(cte.name);
      }
    }
    QueryBody(node);
    inner_withs_.pop_back();
  }

  void Table(const TableRef& ref) {
    RecursionContext saved = context;
    switch (ref.kind) {
      case TableRefKind::kBaseTable: {
        auto& base = static_cast<const BaseTableRef&>(ref);
        if (base.schema.empty() && base.catalog.empty()) Reference(base.name, ref.location);
        break;
      }
      case TableRefKind::kJoin: {
        auto& join = static_cast<const JoinRef&>(ref);
        bool left_nullable = join.join_kind == JoinKind::kRight || join.join_kind == JoinKind::kFull;
        bool right_nullable = join.join_kind == JoinKind::kLeft || join.join_kind == JoinKind::kFull;
        if (left_nullable && saved == RecursionContext::kOk) context = RecursionContext::kOuterJoin;
        Table(*join.left);
        context = saved;
        if (right_nullable && saved == RecursionContext::kOk) context = RecursionContext::kOuterJoin;
        Table(*join.right);
        context = saved;
        if (join.condition) Expression(*join.condition);
        break;
      }
      case TableRefKind::kSubquery:
        Query(*static_cast<const SubqueryRef&>(ref).query);
        break;
      case TableRefKind::kFunction: {
        auto& function = static_cast<const FunctionRef&>(ref);
        if (function.function) Expression(*function.function);
        break;
      }
    }
  }

  void Expression(const ParsedExpression& expr) {
    if (expr.kind == ExprKind::kSubquery && expr.subquery) {
      // A subquery is independent of the context around it.
      RecursionContext saved = context;
      context = RecursionContext::kSublink;
      Query(*expr.subquery);
      context = saved;
    }
    for (auto& child : expr.children) {
      if (child) Expression(*child);
    }
    if (expr.case_operand) Expression(*expr.case_operand);
    if (expr.case_else) Expression(*expr.case_else);
    if (expr.filter) Expression(*expr.filter);
    for (auto& item : expr.order_by) Expression(*item.expr);
    if (expr.over) Window(*expr.over);
  }

 private:
  void Reference(const std::string& name, int location) {
    for (auto& names : inner_withs_) {
      for (auto& inner : names) {
        if (inner == name) return;
      }
    }
    if (name != cte_.name) return;
    if (detect_only_) {
      self_references++;
      return;
    }
    if (context != RecursionContext::kOk) {
      throw SqlError(ErrorCode::kInvalidRecursion, ContextMessage(context, cte_.name), Pos(location));
    }
    if (++self_references > 1) {
      throw SqlError(ErrorCode::kInvalidRecursion,
                     "recursive reference to query \"" + cte_.name + "\" must not appear more than once", Pos(location));
    }
    if (!selects_.empty()) referencing_select = selects_.back();
  }

  // PostgreSQL's checkWellFormedSelectStmt: INTERSECT ALL and EXCEPT change the context.
  void QueryBody(const QueryNode& node) {
    RecursionContext saved = context;
    if (saved != RecursionContext::kOk || node.kind != QueryNodeKind::kSetOperation ||
        static_cast<const SetOperationNode&>(node).op == SetOpKind::kUnion) {
      Children(node);
      return;
    }
    auto& setop = static_cast<const SetOperationNode&>(node);
    if (setop.all) {
      context = setop.op == SetOpKind::kIntersect ? RecursionContext::kIntersect : RecursionContext::kExcept;
    }
    Query(*setop.left);
    if (setop.op == SetOpKind::kExcept) context = RecursionContext::kExcept;
    Query(*setop.right);
    context = saved;
    Decorations(node);
  }

  void Children(const QueryNode& node) {
    switch (node.kind) {
      case QueryNodeKind::kSelect: {
        auto& select = static_cast<const SelectNode&>(node);
        for (auto& e : select.distinct_on) Expression(*e);
        for (auto& e : select.select_list) Expression(*e);
        selects_.push_back(&select);
        for (auto& ref : select.from) Table(*ref);
        selects_.pop_back();
        if (select.where) Expression(*select.where);
        for (auto& g : select.group_by) Grouping(g);
        if (select.having) Expression(*select.having);
        for (auto& w : select.windows) Window(*w);
        Decorations(node);
        break;
      }
      case QueryNodeKind::kSetOperation: {
        auto& setop = static_cast<const SetOperationNode&>(node);
        Decorations(node);
        Query(*setop.left);
        Query(*setop.right);
        break;
      }
      case QueryNodeKind::kValues:
        for (auto& row : static_cast<const ValuesNode&>(node).rows) {
          for (auto& e : row) Expression(*e);
        }
        Decorations(node);
        break;
    }
  }

  void Decorations(const QueryNode& node) {
    for (auto& item : node.order_by) Expression(*item.expr);
    if (node.offset) Expression(*node.offset);
    if (node.limit) Expression(*node.limit);
  }

  void Grouping(const GroupingElement& g) {
    if (g.expr) Expression(*g.expr);
    for (auto& list : g.items) {
      for (auto& e : list) Expression(*e);
    }
    for (auto& s : g.sets) Grouping(s);
  }

  void Window(const WindowSpec& w) {
    for (auto& e : w.partition_by) Expression(*e);
    for (auto& item : w.order_by) Expression(*item.expr);
    if (w.start_offset) Expression(*w.start_offset);
    if (w.end_offset) Expression(*w.end_offset);
  }

  const CommonTableExpression& cte_;
  bool detect_only_;
  std::vector<std::vector<std::string>> inner_withs_;
  std::vector<const SelectNode*> selects_;
};

// Returns the first aggregate call of this query level in `expr` (not inside subqueries).
const ParsedExpression* FindAggregate(const ParsedExpression& expr) {
  if (expr.kind == ExprKind::kSubquery) return nullptr;
  if (expr.kind == ExprKind::kFunction && !expr.over && !expr.names.empty() &&
      (expr.star || expr.approximate || FunctionRegistry::Get().Aggregate(expr.names.back()))) {
    return &expr;
  }
  for (auto& child : expr.children) {
    if (!child) continue;
    if (auto* found = FindAggregate(*child)) return found;
  }
  for (auto* e : {expr.case_operand.get(), expr.case_else.get(), expr.filter.get()}) {
    if (!e) continue;
    if (auto* found = FindAggregate(*e)) return found;
  }
  return nullptr;
}

// PostgreSQL's parseCheckAggregates: the query level that scans the previous iteration's rows
// may not aggregate them.
void CheckNoAggregates(const SelectNode& select) {
  std::vector<const ParsedExpression*> exprs;
  for (auto& e : select.select_list) exprs.push_back(e.get());
  if (select.having) exprs.push_back(select.having.get());
  for (auto& item : select.order_by) exprs.push_back(item.expr.get());
  for (auto* e : exprs) {
    if (const ParsedExpression* aggregate = FindAggregate(*e)) {
      throw SqlError(ErrorCode::kInvalidRecursion,
                     "aggregate functions are not allowed in a recursive query's recursive term",
                     Pos(aggregate->location));
    }
  }
}

}  // namespace

void CheckRecursiveWith(const WithClause& with) {
  if (!with.recursive) return;
  for (auto& cte : with.ctes) {
    RecursionWalker detect(cte, true);
    detect.Query(*cte.query);
    if (detect.self_references == 0) continue;
    const QueryNode& query = *cte.query;
    if (query.kind != QueryNodeKind::kSetOperation ||
        static_cast<const SetOperationNode&>(query).op != SetOpKind::kUnion) {
      throw SqlError(ErrorCode::kInvalidRecursion,
                     "recursive query \"" + cte.name +
                         "\" does not have the form non-recursive-term UNION [ALL] recursive-term",
                     Pos(cte.location));
    }
    auto& setop = static_cast<const SetOperationNode&>(query);
    {
      RecursionWalker left(cte, false);
      left.context = RecursionContext::kNonRecursiveTerm;
      left.Query(*setop.left);
    }
    {
      RecursionWalker right(cte, false);
      right.Query(*setop.right);
      if (right.referencing_select) CheckNoAggregates(*right.referencing_select);
    }
    if (query.with) {
      RecursionWalker inner(cte, false);
      inner.context = RecursionContext::kSublink;
      for (auto& inner_cte : query.with->ctes) inner.Query(*inner_cte.query);
    }
    if (!query.order_by.empty()) {
      throw SqlError(ErrorCode::kFeatureNotSupported, "ORDER BY in a recursive query is not implemented",
                     Pos(query.order_by[0].expr->location));
    }
    if (query.offset) {
      throw SqlError(ErrorCode::kFeatureNotSupported, "OFFSET in a recursive query is not implemented",
                     Pos(query.offset->location));
    }
    if (query.limit) {
      throw SqlError(ErrorCode::kFeatureNotSupported, "LIMIT in a recursive query is not implemented",
                     Pos(query.limit->location));
    }
  }
}

}  // namespace stockroom
