// A deparser of bound view queries that follows PostgreSQL 15's ruleutils.c (get_query_def
// and the functions it calls): the same keywords at the same indentation, the same
// parentheses (isSimpleNode in pretty mode, one pair per operator otherwise), range
// variable names made unique across query levels (set_rtable_names), constants printed by
// get_const_expr's rules, and the implicit casts PostgreSQL's parse analysis adds
// (deparse_types.hpp for operators, the binder's notes for functions and CASE).
#include "main/query_deparser.hpp"

#include <algorithm>
#include <functional>
#include <map>
#include <optional>
#include <set>

#include "binder/type_coercion.hpp"
#include "catalog/catalog.hpp"
#include "catalog/pg_catalog/pg_object_ids.hpp"
#include "function/cast/cast_functions.hpp"
#include "function/function_registry.hpp"
#include "function/scalar/string_functions.hpp"
#include "main/client_context.hpp"
#include "main/database.hpp"
#include "main/deparse_format.hpp"
#include "main/deparse_types.hpp"
#include "sql/ast/query_node.hpp"

namespace stockroom {

namespace {

// ruleutils.c's PRETTYINDENT_*.
constexpr int kIndentStd = 8;
constexpr int kIndentJoin = 4;
constexpr int kIndentVar = 4;

[[noreturn]] void Unsupported(const std::string& what) { throw DeparseUnsupported(what); }

std::string Ident(const std::string& name) {
  std::string out;
  AppendQuotedIdent(name, out);
  return out;
}

// A FROM item whose columns expressions may name.
struct Range {
  std::string written;  // the name that qualifies its columns in the text
  std::string refname;  // the name PostgreSQL prints (unique across enclosing levels)
  std::vector<std::string> columns;
  std::vector<LogicalType> types;  // a catalog relation's column types (else empty)
};

// A column a JOIN ... USING (or NATURAL JOIN) merges: the left and right (range, column).
struct MergedColumn {
  std::string name;
  JoinKind kind;
  std::pair<size_t, size_t> left, right;
};

// A column as an expression names it: the text printed and the column's own name.
struct ColumnText {
  std::string text;
  std::string name;
};

// One query level's FROM items, inside the levels that enclose it.
struct Level {
  const Level* parent = nullptr;
  std::vector<Range> ranges;
  std::set<std::string> names_in_use;  // this level's refnames and the enclosing levels'
  // WITH entries visible here (this query's and the enclosing ones').
  std::map<std::string, const CommonTableExpression*> ctes;
  std::vector<MergedColumn> merged;
  std::map<const JoinRef*, std::vector<std::string>> using_columns;  // NATURAL's too
};

const std::set<std::string>& SqlValueFunctions() {
  static const std::set<std::string> names = {"current_date", "current_timestamp", "localtimestamp",
                                              "current_user", "session_user"};
  return names;
}

// Functions PostgreSQL's grammar makes from special syntax (SUBSTRING(x FROM n), TRIM(...),
// x AT TIME ZONE z, ...) that Stockroom's parse tree no longer tells from plain calls.
bool IsAmbiguousSyntaxFunction(const std::string& name) {
  static const std::set<std::string> names = {"substring", "btrim", "ltrim", "rtrim", "trim", "overlay",
                                              "position", "timezone", "normalize", "is_normalized",
                                              "collation_for", "current_schema", "current_database"};
  return names.count(name) > 0 || name.rfind("stockroom_", 0) == 0;
}

class Deparser {
 public:
  Deparser(ClientContext& context, const DeparseBinding& binding, bool pretty)
      : context_(context), binding_(binding), pretty_(pretty) {
    for (auto& r : binding.relations) relations_[r.location] = r.qualified_name;
  }

  std::string View(const QueryNode& query, const std::vector<std::string>& column_names) {
    // A view's rule has the pseudo-relations old and new in its range table (PostgreSQL
    // 15), so user range variables of those names get a suffix.
    Level root;
    root.names_in_use = {"old", "new"};
    QueryDef(query, &root, &column_names, true, 0);
    return WithoutSpacesBeforeNewlines(out_) + ";";
  }

 private:
  // ---- output, as ruleutils.c's appendContextKeyword ----
  void RemoveTrailingSpaces() {
    while (!out_.empty() && out_.back() == ' ') out_.pop_back();
  }
  void Keyword(const std::string& text, int before, int after, int plus) {
    indent_ += before;
    RemoveTrailingSpaces();
    out_ += "\n";
    out_.append(std::max(indent_, 0) + plus, ' ');
    out_ += text;
    indent_ += after;
    if (indent_ < 0) indent_ = 0;
  }
  // Prints `fn`'s output into a buffer of its own and returns it.
  template <class Fn>
  std::string Capture(Fn&& fn) {
    std::string saved = std::move(out_);
    out_.clear();
    fn();
    std::string captured = std::move(out_);
    out_ = std::move(saved);
    return captured;
  }
  // Appends an item of a list that wraps every item onto a line of its own (the target
  // list and FROM list with pg_get_viewdef's wrap column 0).
  void AppendWrapped(const std::string& item, bool first_column, bool last_was_multiline) {
    if (!item.empty() && item[0] == '\n') {
      RemoveTrailingSpaces();
    } else {
      size_t line_start = out_.rfind('\n');
      size_t line = out_.size() - (line_start == std::string::npos ? 0 : line_start + 1);
      if (!first_column && (line + item.size() > 0 || last_was_multiline)) {
        Keyword("", -kIndentStd, kIndentStd, kIndentVar);
      }
    }
    out_ += item;
  }

  // ---- levels and names ----
  const CommonTableExpression* FindCte(const Level& level, const std::string& name) const {
    auto it = level.ctes.find(name);
    return it == level.ctes.end() ? nullptr : it->second;
  }

  std::string UniqueName(Level& level, const std::string& name) {
    std::string refname = name;
    for (int n = 1; level.names_in_use.count(refname); n++) refname = name + "_" + std::to_string(n);
    level.names_in_use.insert(refname);
    return refname;
  }

  // The output column names of a query (stars expanded).
  std::vector<std::string> OutputNames(const QueryNode& query, const Level* parent) {
    switch (query.kind) {
      case QueryNodeKind::kSetOperation:
        return OutputNames(*static_cast<const SetOperationNode&>(query).left, parent);
      case QueryNodeKind::kValues: {
        auto& values = static_cast<const ValuesNode&>(query);
        std::vector<std::string> names;
        for (size_t i = 0; i < (values.rows.empty() ? 0 : values.rows[0].size()); i++) {
          names.push_back("column" + std::to_string(i + 1));
        }
        return names;
      }
      case QueryNodeKind::kSelect:
        break;
    }
    auto& select = static_cast<const SelectNode&>(query);
    Level level = BuildLevel(select, parent);
    std::vector<std::string> names;
    for (auto& item : select.select_list) {
      if (item->kind == ExprKind::kStar) {
        for (auto& column : ExpandStar(level, *item)) names.push_back(column.name);
      } else {
        names.push_back(item->alias.empty() ? Binder::DefaultColumnName(*item) : item->alias);
      }
    }
    return names;
  }

  void AddWith(Level& level, const QueryNode& query) {
    if (!query.with) return;
    for (auto& cte : query.with->ctes) level.ctes[cte.name] = &cte;
  }

  // Adds the ranges of FROM item `ref` to `level`, in PostgreSQL's range table order.
  void AddRanges(Level& level, const TableRef& ref) {
    Range range;
    std::string name;
    switch (ref.kind) {
      case TableRefKind::kJoin: {
        auto& join = static_cast<const JoinRef&>(ref);
        if (!join.alias.empty()) Unsupported("an aliased join");
        size_t first = level.ranges.size();
        AddRanges(level, *join.left);
        size_t middle = level.ranges.size();
        AddRanges(level, *join.right);
        if (join.natural || !join.using_columns.empty()) AddMergedColumns(level, join, first, middle);
        return;
      }
      case TableRefKind::kBaseTable: {
        auto& base = static_cast<const BaseTableRef&>(ref);
        if (!base.catalog.empty()) Unsupported("a catalog-qualified relation");
        name = base.name;
        auto relation = relations_.find(ref.location);
        if (relation != relations_.end()) {
          auto dot = relation->second.find('.');
          auto entry = context_.db().catalog().GetEntry(relation->second.substr(0, dot), relation->second.substr(dot + 1));
          if (!entry) Unsupported("a relation that is gone");
          if (entry->kind == CatalogEntryKind::kView) {
            range.columns = static_cast<const ViewEntry&>(*entry).column_names;
            range.types = static_cast<const ViewEntry&>(*entry).column_types;
          } else {
            for (auto& c : static_cast<const TableEntry&>(*entry).columns) {
              range.columns.push_back(c.name);
              range.types.push_back(c.type);
            }
          }
        } else {
          const CommonTableExpression* cte = base.schema.empty() ? FindCte(level, base.name) : nullptr;
          if (!cte) Unsupported("a FROM item that is neither a relation nor a WITH entry");
          range.columns = cte->column_names.empty() ? OutputNames(*cte->query, &level) : cte->column_names;
        }
        break;
      }
      case TableRefKind::kSubquery: {
        auto& sub = static_cast<const SubqueryRef&>(ref);
        if (ref.alias.empty()) Unsupported("a subquery without an alias");
        range.columns = OutputNames(*sub.query, &level);
        break;
      }
      case TableRefKind::kFunction:
        Unsupported("a function in FROM");
    }
    for (size_t i = 0; i < ref.column_aliases.size() && i < range.columns.size(); i++) {
      range.columns[i] = ref.column_aliases[i];
    }
    range.written = ref.alias.empty() ? name : ref.alias;
    range.refname = UniqueName(level, range.written);
    level.ranges.push_back(std::move(range));
  }

  // The columns `join` merges, between two relations (PostgreSQL prints NATURAL as USING).
  void AddMergedColumns(Level& level, const JoinRef& join, size_t first, size_t middle) {
    if (middle != first + 1 || level.ranges.size() != middle + 1) Unsupported("USING over a join");
    const Range& left = level.ranges[first];
    const Range& right = level.ranges[middle];
    std::vector<std::string> names = join.using_columns;
    if (join.natural) {
      for (auto& c : left.columns) {
        if (std::find(right.columns.begin(), right.columns.end(), c) != right.columns.end()) names.push_back(c);
      }
    }
    for (auto& name : names) {
      auto l = std::find(left.columns.begin(), left.columns.end(), name);
      auto r = std::find(right.columns.begin(), right.columns.end(), name);
      if (l == left.columns.end() || r == right.columns.end()) Unsupported("a USING column not on both sides");
      level.merged.push_back({name, join.join_kind, {first, size_t(l - left.columns.begin())},
                              {middle, size_t(r - right.columns.begin())}});
    }
    if (names.empty()) Unsupported("a NATURAL JOIN without common columns");
    level.using_columns[&join] = names;
  }

  // A merged column named without a qualifier, as PostgreSQL's join variable prints: the
  // side that needs no conversion (inner join), the outer side (left, right), or the bare
  // name (full join: COALESCE of both).
  ColumnText Merged(const Level& level, const MergedColumn& m) {
    const Range& left = level.ranges[m.left.first];
    const Range& right = level.ranges[m.right.first];
    auto var = [&](const Range& range, size_t column) {
      return ColumnText{Ident(range.refname) + "." + Ident(range.columns[column]), range.columns[column]};
    };
    if (m.kind == JoinKind::kFull) return ColumnText{Ident(m.name), m.name};
    if (left.types.empty() || right.types.empty()) Unsupported("USING on a column of unknown type");
    LogicalType lt = WithoutModifiers(left.types[m.left.second]), rt = WithoutModifiers(right.types[m.right.second]);
    if (lt == rt) return m.kind == JoinKind::kRight ? var(right, m.right.second) : var(left, m.left.second);
    if (m.kind != JoinKind::kInner) Unsupported("an outer join USING columns of different types");
    LogicalType common = CommonType({lt, rt}, "JOIN/USING");
    if (common == lt) return var(left, m.left.second);
    if (common == rt) return var(right, m.right.second);
    Unsupported("USING columns converted on both sides");
  }

  Level BuildLevel(const SelectNode& select, const Level* parent) {
    Level level;
    level.parent = parent;
    if (parent) {
      level.names_in_use = parent->names_in_use;
      level.ctes = parent->ctes;
    }
    AddWith(level, select);
    for (auto& ref : select.from) AddRanges(level, *ref);
    return level;
  }

  // The columns * or t.* stands for; a join's merged columns come first, once.
  std::vector<ColumnText> ExpandStar(const Level& level, const ParsedExpression& star) {
    std::vector<ColumnText> columns;
    std::set<std::pair<size_t, size_t>> merged;
    if (star.names.empty()) {
      if (!level.merged.empty() && level.ranges.size() != 2) Unsupported("* over several joins with USING");
      for (auto& m : level.merged) {
        columns.push_back(Merged(level, m));
        merged.insert(m.left);
        merged.insert(m.right);
      }
    }
    for (size_t r = 0; r < level.ranges.size(); r++) {
      const Range& range = level.ranges[r];
      if (!star.names.empty() && range.written != star.names.back()) continue;
      for (size_t c = 0; c < range.columns.size(); c++) {
        if (merged.count({r, c})) continue;
        columns.push_back({Ident(range.refname) + "." + Ident(range.columns[c]), range.columns[c]});
      }
    }
    if (columns.empty()) Unsupported("a * that expands to nothing here");
    return columns;
  }

  // The column a column reference names, searching outward.
  ColumnText Resolve(const ParsedExpression& ref) {
    if (ref.names.size() > 2) Unsupported("a schema-qualified column");
    const std::string& column = ref.names.back();
    for (const Level* level = level_; level; level = level->parent) {
      for (auto& m : level->merged) {
        if (ref.names.size() == 1 && m.name == column) return Merged(*level, m);
      }
      for (auto& range : level->ranges) {
        if (ref.names.size() == 2 && range.written != ref.names[0]) continue;
        for (size_t c = 0; c < range.columns.size(); c++) {
          if (range.columns[c] == column) return {Ident(range.refname) + "." + Ident(range.columns[c]), column};
        }
        if (ref.names.size() == 2) Unsupported("a column the deparser cannot find");
      }
    }
    Unsupported("column " + column + " not found");
  }

  // ---- types ----
  LogicalType TypeOf(const ParsedExpression& e) const {
    // The grammar's typed literals (DATE '...', INTERVAL '...') are casts without a location.
    if (e.kind == ExprKind::kCast && e.location < 0) return ResolveTypeName(e.type_name);
    auto it = binding_.notes.types.find(e.location);
    if (it == binding_.notes.types.end()) Unsupported("an expression the binder did not type");
    return it->second;
  }
  // The implicit cast the binder put on `e` where PostgreSQL puts the same (functions,
  // CASE and COALESCE results), without type modifiers; none when only they differ.
  std::optional<LogicalType> BoundCast(const ParsedExpression& e) const {
    auto it = binding_.notes.implicit_casts.find(e.location);
    if (it == binding_.notes.implicit_casts.end()) return std::nullopt;
    LogicalType target = WithoutModifiers(it->second);
    if (target == WithoutModifiers(TypeOf(e))) return std::nullopt;
    return target;
  }

  // A literal as written, converted to `target` (a parent's implicit cast or an explicit
  // cast of an untyped literal) the way PostgreSQL's parse analysis converts it.
  std::string Constant(const ParsedExpression& e, std::optional<LogicalType> target) {
    const Value& value = e.value;
    LogicalType own = value.IsNull() ? LogicalType(TypeId::kUnknown) : value.type();
    if (own.id() == TypeId::kNumeric || own.id() == TypeId::kUnknown) own = WithoutModifiers(own);
    if (own.id() == TypeId::kUnknown) {
      // An untyped literal becomes a constant of the type its context wants (text in a
      // select list and where nothing asks).
      LogicalType type = target ? *target : LogicalType(TypeId::kText);
      if (value.IsNull()) return ConstText(Value::Null(type), type, 0);
      return ConstText(CastValue(value, type, &context_), type, 0);
    }
    std::string text = ConstText(value, own, 0);
    if (!target || *target == own) return text;
    if (own.id() == TypeId::kBoolean) Unsupported("a boolean literal converted to another type");
    // A typed literal converted implicitly is a cast expression over the constant.
    return Coerce(text, NodeShape{}, *target);
  }

  // `inner` (printed, of `shape`) cast to `type`, as get_coercion_expr prints it.
  std::string Coerce(const std::string& inner, const NodeShape& shape, const LogicalType& type) {
    std::string out;
    if (!pretty_ || !IsSimple(shape, ParentNode{ParentNodeKind::kCast})) {
      out = "(" + inner + ")";
    } else {
      out = inner;
    }
    return out + "::" + type.ToString();
  }

  // ---- expressions ----
  // The shape of `e`'s node (before any cast its parent adds).
  NodeShape ShapeOf(const ParsedExpression& e) {
    switch (e.kind) {
      case ExprKind::kOperator:
        return NodeShape{PgNodeKind::kOperator, e.children.size() == 2 && e.names.back().size() == 1 ? e.names.back() : ""};
      case ExprKind::kLike:
        return NodeShape{PgNodeKind::kOperator, ""};
      case ExprKind::kInList:
        return e.children.size() == 2 ? NodeShape{PgNodeKind::kOperator, e.negated ? "" : "="} : NodeShape{PgNodeKind::kOther};
      case ExprKind::kAnyAll:
        return NodeShape{PgNodeKind::kOther};
      case ExprKind::kAnd:
      case ExprKind::kOr:
      case ExprKind::kNot:
        return NodeShape{PgNodeKind::kBool, "", e.kind};
      case ExprKind::kBetween:
        return NodeShape{PgNodeKind::kBool, "", e.negated ? ExprKind::kOr : ExprKind::kAnd};
      case ExprKind::kDistinctFrom:
        return e.negated ? NodeShape{PgNodeKind::kBool, "", ExprKind::kNot} : NodeShape{PgNodeKind::kTest};
      case ExprKind::kIsNull:
      case ExprKind::kBooleanTest:
        return NodeShape{PgNodeKind::kTest};
      case ExprKind::kSubquery:
        return e.subquery_kind == ParsedExpression::SubqueryKind::kArray ? NodeShape{} : NodeShape{PgNodeKind::kTest};
      case ExprKind::kCast: {
        const ParsedExpression& arg = *e.children[0];
        if (arg.kind == ExprKind::kConstant) return NodeShape{};
        return CastNodeShape(ShapeOf(arg));
      }
      default:
        return NodeShape{};
    }
  }

  // Prints `e` converted to `cast` (if any) as an operand of `parent`: in pretty mode in
  // parentheses when its node is not simple there (get_rule_expr_paren).
  std::string Operand(const ParsedExpression& e, std::optional<LogicalType> cast, const ParentNode& parent) {
    NodeShape shape = ShapeOf(e);
    if (cast && e.kind != ExprKind::kConstant) shape = CastNodeShape(shape);
    std::string text = Expr(e, cast);
    if (pretty_ && !IsSimple(shape, parent)) return "(" + text + ")";
    return text;
  }

  // Non-pretty mode puts every operator, boolean and test node in parentheses of its own.
  std::string Own(const std::string& text) const { return pretty_ ? text : "(" + text + ")"; }

  std::string Expr(const ParsedExpression& e, std::optional<LogicalType> cast = std::nullopt) {
    if (e.kind == ExprKind::kConstant) return Constant(e, cast);
    std::string text = Node(e);
    if (!cast) return text;
    return Coerce(text, ShapeOf(e), *cast);
  }

  std::string Node(const ParsedExpression& e) {
    switch (e.kind) {
      case ExprKind::kColumnRef:
        return Resolve(e).text;
      case ExprKind::kCast:
        return ExplicitCast(e);
      case ExprKind::kFunction:
        return Function(e);
      case ExprKind::kOperator:
        return Operator(e);
      case ExprKind::kAnd:
      case ExprKind::kOr:
        return Boolean(e);
      case ExprKind::kNot: {
        ParentNode parent{ParentNodeKind::kBool, "", false, ExprKind::kNot};
        return Own("NOT " + Operand(*e.children[0], std::nullopt, parent));
      }
      case ExprKind::kIsNull:
        return Own(Operand(*e.children[0], std::nullopt, ParentNode{ParentNodeKind::kOther}) +
                   (e.negated ? " IS NOT NULL" : " IS NULL"));
      case ExprKind::kBooleanTest: {
        static const char* kTests[] = {"TRUE", "FALSE", "UNKNOWN"};
        return Own(Operand(*e.children[0], std::nullopt, ParentNode{ParentNodeKind::kOther}) + (e.negated ? " IS NOT " : " IS ") +
                   kTests[e.boolean_test]);
      }
      case ExprKind::kDistinctFrom:
        return DistinctFrom(e);
      case ExprKind::kBetween:
        return Between(e);
      case ExprKind::kInList:
        return InList(e);
      case ExprKind::kLike:
        return Like(e);
      case ExprKind::kCase:
        return Case(e);
      case ExprKind::kCoalesce:
      case ExprKind::kGreatest:
      case ExprKind::kLeast:
      case ExprKind::kNullIf: {
        const char* name = e.kind == ExprKind::kCoalesce ? "COALESCE"
                           : e.kind == ExprKind::kGreatest ? "GREATEST"
                           : e.kind == ExprKind::kLeast    ? "LEAST"
                                                           : "NULLIF";
        if (e.kind == ExprKind::kNullIf) {
          // NULLIF compares with =, and casts its arguments as = does.
          auto casts = BinaryOperatorCasts("=", TypeOf(*e.children[0]), TypeOf(*e.children[1]));
          if (!casts) Unsupported("NULLIF of these types");
          return std::string(name) + "(" + Expr(*e.children[0], casts->left) + ", " + Expr(*e.children[1], casts->right) +
                 ")";
        }
        return std::string(name) + "(" + Arguments(e.children, true) + ")";
      }
      case ExprKind::kSubquery:
        return Sublink(e);
      case ExprKind::kAnyAll:
        return AnyAll(e);
      default:
        Unsupported("this kind of expression");
    }
  }

  // Arguments of a function-like node, with the casts the binder gave them.
  std::string Arguments(const ParsedExpressionList& args, bool with_casts) {
    std::string out;
    for (size_t i = 0; i < args.size(); i++) {
      if (i) out += ", ";
      auto& arg = *args[i];
      if (arg.kind == ExprKind::kStar) Unsupported("* as an argument");
      std::optional<LogicalType> cast = with_casts ? BoundCast(arg) : std::nullopt;
      if (!cast && arg.kind == ExprKind::kConstant && TypeOf(arg).id() == TypeId::kUnknown) {
        cast = with_casts ? std::optional<LogicalType>(LogicalType(TypeId::kText)) : std::nullopt;
      }
      out += Expr(arg, cast);
    }
    return out;
  }

  std::string ExplicitCast(const ParsedExpression& e) {
    const ParsedExpression& arg = *e.children[0];
    if (!e.type_name.names.empty() && e.type_name.names.back().rfind("reg", 0) == 0) {
      Unsupported("a cast to an oid alias type");  // Stockroom's reg* values are bigints
    }
    LogicalType target = TypeOf(e);
    if (arg.kind == ExprKind::kConstant && (arg.value.IsNull() || arg.value.type().id() == TypeId::kUnknown)) {
      // PostgreSQL reads an untyped literal as a constant of the type; a type's modifiers
      // (varchar(2)) are a length coercion over it, shown as a cast of the plain literal.
      LogicalType plain = WithoutModifiers(target);
      if (target == plain) return Constant(arg, target);
      if (arg.value.IsNull()) Unsupported("NULL cast to a type with modifiers");
      return ConstText(CastValue(arg.value, plain, &context_), plain, -1) + "::" + target.ToString();
    }
    LogicalType own = TypeOf(arg);
    if (own == target) return Expr(arg);  // a cast to the type it has is no cast
    return Expr(arg, target);
  }

  bool IsAggregate(const ParsedExpression& e) const {
    return !e.over && e.names.size() == 1 && FunctionRegistry::Get().Aggregate(e.names[0]) != nullptr;
  }

  std::string Function(const ParsedExpression& e) {
    if (e.names.size() != 1) Unsupported("a schema-qualified function");
    const std::string& name = e.names[0];
    if (e.approximate || e.within_group) Unsupported("APPROXIMATE or WITHIN GROUP");
    if (SqlValueFunctions().count(name) && e.children.empty()) {
      std::string upper = name;
      for (auto& c : upper) c = static_cast<char>(std::toupper(static_cast<unsigned char>(c)));
      return upper;
    }
    if (IsAmbiguousSyntaxFunction(name)) Unsupported("function " + name);
    if (name == "extract") {
      if (e.children.size() != 2 || e.children[0]->kind != ExprKind::kConstant) Unsupported("EXTRACT");
      return "EXTRACT(" + e.children[0]->value.ToString() + " FROM " + Expr(*e.children[1], BoundCast(*e.children[1])) +
             ")";
    }
    if (e.over) return Window(e);
    if (!IsAggregate(e)) {
      if (e.distinct || e.filter || !e.order_by.empty() || e.star) Unsupported("an aggregate clause on a function");
      return Ident(name) + "(" + Arguments(e.children, true) + ")";
    }
    std::string out = Ident(name) + "(" + (e.distinct ? "DISTINCT " : "");
    if (e.star) {
      out += "*";
    } else {
      // PostgreSQL's aggregates take each numeric type as it is; min, max and string_agg
      // read varchar as text.
      std::vector<std::optional<LogicalType>> casts;
      for (size_t i = 0; i < e.children.size(); i++) {
        if (i) out += ", ";
        casts.push_back(AggregateArgumentCast(name, TypeOf(*e.children[i])));
        out += Expr(*e.children[i], casts.back());
      }
      // An ORDER BY item that is an argument sorts the argument as converted.
      auto cast_of = [&](const ParsedExpression& item) -> std::optional<LogicalType> {
        for (size_t i = 0; i < e.children.size(); i++) {
          if (e.children[i]->ToString() == item.ToString()) return casts[i];
        }
        return std::nullopt;
      };
      if (!e.order_by.empty()) out += " ORDER BY " + OrderItems(e.order_by, nullptr, cast_of);
    }
    if (e.filter) out += ") FILTER (WHERE " + Expr(*e.filter);
    return out + ")";
  }

  // PostgreSQL's aggregates take each numeric type as it is; min and max read varchar as
  // text, string_agg every string type.
  static std::optional<LogicalType> AggregateArgumentCast(const std::string& name, const LogicalType& type) {
    bool text_argument = type.id() == TypeId::kUnknown ||
                         (type.id() == TypeId::kVarchar && (name == "min" || name == "max")) ||
                         (type.IsString() && name == "string_agg");
    if (text_argument && type.id() != TypeId::kText) return LogicalType(TypeId::kText);
    return std::nullopt;
  }

  std::string Window(const ParsedExpression& e) {
    auto& spec = *e.over;
    if (e.distinct || e.filter || !e.order_by.empty()) Unsupported("a window aggregate clause");
    std::string out = Ident(e.names[0]) + "(" + (e.star ? "*" : Arguments(e.children, true)) + ") OVER ";
    // OVER w names a WINDOW clause entry; OVER (w ...) is a window of its own.
    if (!spec.name.empty()) return out + Ident(spec.name);
    bool only_reference = !spec.ref_name.empty() && spec.partition_by.empty() && spec.order_by.empty() &&
                          !spec.has_frame;
    return out + (only_reference ? Ident(spec.ref_name) : WindowSpecText(spec));
  }

  // get_rule_windowspec.
  std::string WindowSpecText(const WindowSpec& spec) {
    std::string out = "(";
    bool space = false;
    if (!spec.ref_name.empty()) {
      out += Ident(spec.ref_name);
      space = true;
    }
    if (!spec.partition_by.empty() && spec.ref_name.empty()) {
      out += std::string(space ? " " : "") + "PARTITION BY ";
      for (size_t i = 0; i < spec.partition_by.size(); i++) {
        out += (i ? ", " : "") + SortGroupItem(*spec.partition_by[i]);
      }
      space = true;
    }
    if (!spec.order_by.empty()) {
      out += std::string(space ? " " : "") + "ORDER BY " + OrderItems(spec.order_by, nullptr);
      space = true;
    }
    if (spec.has_frame) {
      out += std::string(space ? " " : "") + Frame(spec);
    }
    return out + ")";
  }

  std::string FrameBound(FrameBoundKind kind, const ParsedExpression* offset) {
    switch (kind) {
      case FrameBoundKind::kUnboundedPreceding:
        return "UNBOUNDED PRECEDING";
      case FrameBoundKind::kUnboundedFollowing:
        return "UNBOUNDED FOLLOWING";
      case FrameBoundKind::kCurrentRow:
        return "CURRENT ROW";
      case FrameBoundKind::kOffsetPreceding:
      case FrameBoundKind::kOffsetFollowing:
        if (!offset) Unsupported("a frame offset");
        return Expr(*offset) + (kind == FrameBoundKind::kOffsetPreceding ? " PRECEDING" : " FOLLOWING");
    }
    return "";
  }

  std::string Frame(const WindowSpec& spec) {
    if (spec.mode == FrameMode::kRange &&
        (spec.start_offset || spec.end_offset)) {
      Unsupported("a RANGE frame with offsets");  // converted to the ORDER BY column's type
    }
    std::string out = spec.mode == FrameMode::kRows ? "ROWS " : spec.mode == FrameMode::kGroups ? "GROUPS " : "RANGE ";
    if (spec.between) {
      out += "BETWEEN " + FrameBound(spec.start, spec.start_offset.get()) + " AND " +
             FrameBound(spec.end, spec.end_offset.get());
    } else {
      out += FrameBound(spec.start, spec.start_offset.get());
    }
    switch (spec.exclude) {
      case FrameExclude::kNoOthers:
        break;
      case FrameExclude::kCurrentRow:
        out += " EXCLUDE CURRENT ROW";
        break;
      case FrameExclude::kGroup:
        out += " EXCLUDE GROUP";
        break;
      case FrameExclude::kTies:
        out += " EXCLUDE TIES";
        break;
    }
    return out;
  }

  std::string Binary(const ParsedExpression& left, const std::string& op, const ParsedExpression& right) {
    auto casts = BinaryOperatorCasts(op, TypeOf(left), TypeOf(right));
    if (!casts) Unsupported("operator " + op + " on " + TypeOf(left).ToString() + " and " + TypeOf(right).ToString());
    std::string simple_op = op.size() == 1 ? op : "";
    return Own(Operand(left, casts->left, ParentNode{ParentNodeKind::kOperator, simple_op, true}) + " " + op + " " +
               Operand(right, casts->right, ParentNode{ParentNodeKind::kOperator, simple_op, false}));
  }

  std::string Operator(const ParsedExpression& e) {
    const std::string& op = e.names.back();
    if (e.children.size() == 2 && e.children[0]) return Binary(*e.children[0], op, *e.children[1]);
    const ParsedExpression& arg = *e.children.back();
    LogicalType type = TypeOf(arg);
    if (op != "-" || !(type.IsInteger() || type.id() == TypeId::kNumeric || type.id() == TypeId::kDouble)) {
      Unsupported("prefix operator " + op);
    }
    return Own(op + " " + Operand(arg, std::nullopt, ParentNode{ParentNodeKind::kOperator, "", false}));
  }

  // AND and OR, with the left-nested chains PostgreSQL's parser flattens into one node.
  void FlattenBoolean(const ParsedExpression& e, ExprKind kind, std::vector<const ParsedExpression*>& args) {
    for (size_t i = 0; i < e.children.size(); i++) {
      if (i == 0 && e.children[0]->kind == kind) {
        FlattenBoolean(*e.children[0], kind, args);
      } else {
        args.push_back(e.children[i].get());
      }
    }
  }
  std::string Boolean(const ParsedExpression& e) {
    std::vector<const ParsedExpression*> args;
    FlattenBoolean(e, e.kind, args);
    ParentNode parent{ParentNodeKind::kBool, "", false, e.kind};
    std::string out;
    for (size_t i = 0; i < args.size(); i++) {
      if (i) out += e.kind == ExprKind::kAnd ? " AND " : " OR ";
      out += Operand(*args[i], std::nullopt, parent);
    }
    return Own(out);
  }

  std::string DistinctFrom(const ParsedExpression& e) {
    auto casts = BinaryOperatorCasts("=", TypeOf(*e.children[0]), TypeOf(*e.children[1]));
    if (!casts) Unsupported("IS DISTINCT FROM on these types");
    ParentNode parent{ParentNodeKind::kOther};
    std::string test = Own(Operand(*e.children[0], casts->left, parent) + " IS DISTINCT FROM " +
                           Operand(*e.children[1], casts->right, parent));
    // IS NOT DISTINCT FROM is NOT over the test (which is simple under NOT).
    return e.negated ? Own("NOT " + test) : test;
  }

  // BETWEEN is two comparisons under AND (NOT BETWEEN: OR), as PostgreSQL's parser makes it.
  std::string Between(const ParsedExpression& e) {
    if (e.symmetric) Unsupported("BETWEEN SYMMETRIC");
    const char* low_op = e.negated ? "<" : ">=";
    const char* high_op = e.negated ? ">" : "<=";
    return Own(Binary(*e.children[0], low_op, *e.children[1]) + (e.negated ? " OR " : " AND ") +
               Binary(*e.children[0], high_op, *e.children[2]));
  }

  std::string InList(const ParsedExpression& e) {
    const ParsedExpression& probe = *e.children[0];
    if (e.children.size() == 2) return Binary(probe, e.negated ? "<>" : "=", *e.children[1]);
    LogicalType type = TypeOf(probe);
    for (size_t i = 1; i < e.children.size(); i++) {
      auto& item = *e.children[i];
      if (item.kind != ExprKind::kConstant || item.value.IsNull()) Unsupported("an IN list of expressions");
      LogicalType item_type = TypeOf(item);
      bool same = item_type.id() == TypeId::kUnknown || (item_type.IsInteger() && type.id() == TypeId::kInteger &&
                                                          item_type.id() == TypeId::kInteger);
      if (!same) Unsupported("an IN list that needs a common type");
    }
    if (type.id() == TypeId::kUnknown) Unsupported("an IN list of literals only");
    // The list is an array of the probe's type; varchar has no = of its own, so PostgreSQL
    // compares as text and casts the array.
    LogicalType element = WithoutModifiers(type);
    std::string array = "ARRAY[";
    for (size_t i = 1; i < e.children.size(); i++) {
      array += (i > 1 ? ", " : "") + Constant(*e.children[i], element);
    }
    array += "]";
    std::optional<LogicalType> probe_cast;
    if (type.id() == TypeId::kVarchar) {
      probe_cast = LogicalType(TypeId::kText);
      array = Coerce(array, NodeShape{}, LogicalType::Array(LogicalType(TypeId::kText)));
    }
    std::string out = Operand(probe, probe_cast, ParentNode{ParentNodeKind::kOther}) + (e.negated ? " <> ALL (" : " = ANY (") +
                      array + ")";
    return Own(out);
  }

  // x op ANY/ALL (ARRAY[literals]): an array of integers or of text.
  std::string AnyAll(const ParsedExpression& e) {
    const ParsedExpression& array = *e.children[1];
    if (array.kind != ExprKind::kArray || array.children.empty()) Unsupported("ANY over other than ARRAY[...]");
    bool integers = true, strings = true;
    for (auto& element : array.children) {
      TypeId id = element->kind == ExprKind::kConstant ? TypeOf(*element).id() : TypeId::kInvalid;
      integers &= id == TypeId::kInteger;
      strings &= id == TypeId::kUnknown && !element->value.IsNull();
    }
    if (!integers && !strings) Unsupported("an array of other than integer or string literals");
    LogicalType element_type(integers ? TypeId::kInteger : TypeId::kText);
    const std::string& op = e.names.back();
    auto casts = BinaryOperatorCasts(op, TypeOf(*e.children[0]), element_type);
    if (!casts || casts->right) Unsupported("ANY that converts the array");
    std::string text = "ARRAY[";
    for (size_t i = 0; i < array.children.size(); i++) {
      text += (i ? ", " : "") + Constant(*array.children[i], element_type);
    }
    return Own(Operand(*e.children[0], casts->left, ParentNode{ParentNodeKind::kOther}) + " " + op +
               (e.negated ? " ALL (" : " ANY (") + text + "])");
  }

  // LIKE is ~~ (ILIKE ~~*); SIMILAR TO is ~ over similar_to_escape(pattern), and an ESCAPE
  // goes to like_escape or similar_to_escape, as PostgreSQL's grammar rewrites them.
  std::string Like(const ParsedExpression& e) {
    const ParsedExpression& probe = *e.children[0];
    const ParsedExpression& pattern = *e.children[1];
    std::string op = e.similar ? (e.negated ? "!~" : "~") : std::string(e.negated ? "!" : "") + (e.case_insensitive ? "~~*" : "~~");
    if (!e.similar && e.children.size() == 2) return Binary(probe, op, pattern);
    auto casts = BinaryOperatorCasts(op, TypeOf(probe), TypeOf(pattern));
    if (!casts) Unsupported("SIMILAR TO or ESCAPE on these types");
    std::string arguments = Expr(pattern, casts->right);
    if (e.children.size() > 2) {
      auto escape_casts = BinaryOperatorCasts(op, TypeOf(probe), TypeOf(*e.children[2]));
      if (!escape_casts) Unsupported("an ESCAPE of this type");
      arguments += ", " + Expr(*e.children[2], escape_casts->right);
    }
    std::string function = std::string(e.similar ? "similar_to_escape" : "like_escape") + "(" + arguments + ")";
    std::string simple_op = op.size() == 1 ? op : "";
    return Own(Operand(probe, casts->left, ParentNode{ParentNodeKind::kOperator, simple_op, true}) + " " + op + " " +
               function);
  }


  std::string Case(const ParsedExpression& e) {
    size_t whens = e.children.size() / 2;
    std::string saved = std::move(out_);
    out_.clear();
    Keyword("CASE", 0, kIndentVar, 0);
    if (e.case_operand) out_ += " " + Expr(*e.case_operand);
    for (size_t i = 0; i < whens; i++) {
      Keyword("WHEN ", 0, 0, 0);
      if (e.case_operand) {
        // CASE x WHEN v is x = v; PostgreSQL shows v with the cast = gives it.
        auto casts = BinaryOperatorCasts("=", TypeOf(*e.case_operand), TypeOf(*e.children[2 * i]));
        if (!casts || casts->left) Unsupported("CASE x WHEN v that converts x");
        out_ += Expr(*e.children[2 * i], casts->right);
      } else {
        out_ += Expr(*e.children[2 * i]);
      }
      out_ += " THEN ";
      out_ += CaseResult(*e.children[2 * i + 1], e);
    }
    Keyword("ELSE ", 0, 0, 0);
    if (e.case_else) {
      out_ += CaseResult(*e.case_else, e);
    } else {
      LogicalType type = WithoutModifiers(TypeOf(e));
      out_ += ConstText(Value::Null(type), type.id() == TypeId::kUnknown ? LogicalType(TypeId::kText) : type, 0);
    }
    Keyword("END", -kIndentVar, 0, 0);
    std::string text = std::move(out_);
    out_ = std::move(saved);
    return text;
  }
  std::string CaseResult(const ParsedExpression& result, const ParsedExpression& whole) {
    std::optional<LogicalType> cast = BoundCast(result);
    if (!cast && result.kind == ExprKind::kConstant && TypeOf(result).id() == TypeId::kUnknown) {
      LogicalType type = WithoutModifiers(TypeOf(whole));
      cast = type.id() == TypeId::kUnknown ? LogicalType(TypeId::kText) : type;
    }
    return Expr(result, cast);
  }

  // The type of a subquery's one output column.
  LogicalType SubqueryColumnType(const QueryNode& query) {
    if (query.kind != QueryNodeKind::kSelect) Unsupported("a set operation as an IN subquery");
    auto& select = static_cast<const SelectNode&>(query);
    if (select.select_list.size() != 1 || select.select_list[0]->kind == ExprKind::kStar) {
      Unsupported("an IN subquery of other than one expression");
    }
    return TypeOf(*select.select_list[0]);
  }

  std::string Sublink(const ParsedExpression& e) {
    using Kind = ParsedExpression::SubqueryKind;
    std::string out = "(";
    bool parens = true;
    switch (e.subquery_kind) {
      case Kind::kExists:
        out += "EXISTS ";
        break;
      case Kind::kAny:
      case Kind::kAll: {
        const std::string& op = e.names.back();
        auto casts = BinaryOperatorCasts(op, TypeOf(*e.children[0]), SubqueryColumnType(*e.subquery));
        if (!casts || casts->right) Unsupported("a subquery comparison that converts the subquery's column");
        out += Expr(*e.children[0], casts->left);
        if (e.subquery_kind == Kind::kAny && op == "=") {
          out += " IN ";
        } else {
          out += " " + op + (e.subquery_kind == Kind::kAny ? " ANY " : " ALL ");
        }
        break;
      }
      case Kind::kScalar:
        parens = false;
        break;
      case Kind::kArray:
        out = "ARRAY(";
        parens = false;
        break;
    }
    if (parens) out += "(";
    std::string saved = std::move(out_);
    out_.clear();
    int saved_indent = indent_;
    const Level* saved_level = level_;
    QueryDef(*e.subquery, level_, nullptr, false, indent_);
    level_ = saved_level;
    indent_ = saved_indent;
    out += out_;
    out_ = std::move(saved);
    return out + (parens ? "))" : ")");
  }

  // ---- queries ----
  void QueryDef(const QueryNode& query, const Level* parent, const std::vector<std::string>* result_names,
                bool names_visible, int indent) {
    int saved_indent = indent_;
    const Level* saved_level = level_;
    indent_ = indent;
    switch (query.kind) {
      case QueryNodeKind::kSelect:
        SelectQuery(static_cast<const SelectNode&>(query), parent, result_names, names_visible);
        break;
      case QueryNodeKind::kSetOperation:
        SetOperationQuery(static_cast<const SetOperationNode&>(query), parent, result_names, names_visible);
        break;
      case QueryNodeKind::kValues:
        Unsupported("VALUES");
    }
    indent_ = saved_indent;
    level_ = saved_level;
  }

  void With(const QueryNode& query, const Level& level) {
    if (!query.with) return;
    if (query.with->recursive) Unsupported("WITH RECURSIVE");
    indent_ += kIndentStd;
    out_ += " ";
    const char* separator = "WITH ";
    for (auto& cte : query.with->ctes) {
      out_ += separator + Ident(cte.name);
      if (!cte.column_names.empty()) {
        out_ += "(";
        for (size_t i = 0; i < cte.column_names.size(); i++) out_ += (i ? ", " : "") + Ident(cte.column_names[i]);
        out_ += ")";
      }
      out_ += " AS ";
      if (cte.materialize == CommonTableExpression::Materialize::kAlways) out_ += "MATERIALIZED ";
      if (cte.materialize == CommonTableExpression::Materialize::kNever) out_ += "NOT MATERIALIZED ";
      out_ += "(";
      Keyword("", 0, 0, 0);
      // A WITH entry sees the entries before it, and the enclosing query's range names.
      QueryDef(*cte.query, &level, nullptr, true, indent_);
      Keyword("", 0, 0, 0);
      out_ += ")";
      separator = ", ";
    }
    indent_ -= kIndentStd;
    Keyword("", 0, 0, 0);
  }

  void SelectQuery(const SelectNode& select, const Level* parent, const std::vector<std::string>* result_names,
                   bool names_visible) {
    Level level = BuildLevel(select, parent);
    level_ = &level;
    With(select, level);
    indent_ += kIndentStd;
    out_ += " SELECT";
    if (!select.distinct_on.empty()) {
      out_ += " DISTINCT ON (";
      for (size_t i = 0; i < select.distinct_on.size(); i++) {
        out_ += (i ? ", " : "") + SortGroupItem(GroupTarget(select, level, *select.distinct_on[i]));
      }
      out_ += ")";
    } else if (select.distinct) {
      out_ += " DISTINCT";
    }
    TargetList(select, level, result_names, names_visible);
    FromClause(select);
    if (select.where) {
      Keyword(" WHERE ", -kIndentStd, kIndentStd, 1);
      out_ += Expr(*select.where);
    }
    if (!select.group_by.empty()) {
      Keyword(" GROUP BY ", -kIndentStd, kIndentStd, 1);
      for (size_t i = 0; i < select.group_by.size(); i++) {
        auto& element = select.group_by[i];
        if (element.kind != GroupingElement::Kind::kExpression) Unsupported("grouping sets");
        if (i) out_ += ", ";
        out_ += SortGroupItem(GroupTarget(select, level, *element.expr));
      }
    }
    if (select.having) {
      Keyword(" HAVING ", -kIndentStd, kIndentStd, 0);
      out_ += Expr(*select.having);
    }
    for (size_t i = 0; i < select.windows.size(); i++) {
      if (i == 0) {
        Keyword(" WINDOW ", -kIndentStd, kIndentStd, 1);
      } else {
        out_ += ", ";
      }
      out_ += Ident(select.windows[i]->name) + " AS " + WindowSpecText(*select.windows[i]);
    }
    if (!select.order_by.empty()) {
      Keyword(" ORDER BY ", -kIndentStd, kIndentStd, 1);
      out_ += OrderItems(select.order_by, &select);
    }
    LimitOffset(select);
  }

  void LimitOffset(const QueryNode& query) {
    if (query.offset) {
      Keyword(" OFFSET ", -kIndentStd, kIndentStd, 0);
      out_ += LimitValue(*query.offset);
    }
    if (query.limit) {
      Keyword(" LIMIT ", -kIndentStd, kIndentStd, 0);
      out_ += query.limit->kind == ExprKind::kConstant && query.limit->value.IsNull() ? "ALL" : LimitValue(*query.limit);
    }
  }
  std::string LimitValue(const ParsedExpression& e) {
    // PostgreSQL converts LIMIT and OFFSET to bigint without showing it.
    if (e.kind != ExprKind::kConstant) Unsupported("a LIMIT expression");
    return Expr(e, e.value.type().id() == TypeId::kUnknown ? std::optional<LogicalType>(TypeId::kBigInt)
                                                           : std::nullopt);
  }

  // The select-list expression GROUP BY `e` names: a position, or an output name that is
  // no input column; otherwise `e` itself.
  const ParsedExpression& GroupTarget(const SelectNode& select, const Level& level, const ParsedExpression& e) {
    if (const ParsedExpression* target = PositionTarget(select, e)) return *target;
    if (e.kind == ExprKind::kColumnRef && e.names.size() == 1) {
      for (auto& range : level.ranges) {
        if (std::find(range.columns.begin(), range.columns.end(), e.names[0]) != range.columns.end()) return e;
      }
      if (const ParsedExpression* target = NamedTarget(select, e.names[0])) return *target;
    }
    return e;
  }
  const ParsedExpression* PositionTarget(const SelectNode& select, const ParsedExpression& e) {
    if (e.kind != ExprKind::kConstant || e.value.IsNull() || e.value.type().id() != TypeId::kInteger) return nullptr;
    int position = e.value.GetInt32();
    for (auto& item : select.select_list) {
      if (item->kind == ExprKind::kStar) Unsupported("a position in a list with *");
    }
    if (position < 1 || position > static_cast<int>(select.select_list.size())) Unsupported("a bad position");
    return select.select_list[position - 1].get();
  }
  const ParsedExpression* NamedTarget(const SelectNode& select, const std::string& name) {
    for (auto& item : select.select_list) {
      if (item->kind != ExprKind::kStar && (item->alias.empty() ? Binder::DefaultColumnName(*item) : item->alias) == name) {
        return item.get();
      }
    }
    return nullptr;
  }

  // Whether `e` (converted to `cast`) is a FuncExpr in PostgreSQL: a function call or a
  // cast done by a function.
  bool IsFuncExpr(const ParsedExpression& e, const std::optional<LogicalType>& cast) {
    if (cast) return e.kind == ExprKind::kConstant ? e.value.type().id() != TypeId::kUnknown && !e.value.IsNull()
                                                   : IsFunctionCast(TypeOf(e), *cast);
    if (e.kind == ExprKind::kFunction) return !SqlValueFunctions().count(e.names.back());
    if (e.kind == ExprKind::kCast && e.location >= 0) {
      const ParsedExpression& arg = *e.children[0];
      if (arg.kind == ExprKind::kConstant && arg.value.type().id() == TypeId::kUnknown) return false;
      return TypeOf(arg) != TypeOf(e) && IsFunctionCast(TypeOf(arg), TypeOf(e));
    }
    return false;
  }

  // A GROUP BY, PARTITION BY or ORDER BY item (get_rule_sortgroupclause): a column as it
  // is, anything else in parentheses in pretty mode, and function calls always.
  std::string SortGroupItem(const ParsedExpression& e, std::optional<LogicalType> cast = std::nullopt) {
    if (e.kind == ExprKind::kColumnRef && !cast) return Expr(e);
    if (e.kind == ExprKind::kConstant) {
      LogicalType type = TypeOf(e);
      Unsupported("a constant sort key of type " + type.ToString());
    }
    std::string text = Expr(e, cast);
    return pretty_ || IsFuncExpr(e, cast) ? "(" + text + ")" : text;
  }

  // DESC and NULLS FIRST/LAST where they are not the default.
  static std::string Direction(const OrderItem& item) {
    if (item.descending) return item.nulls == NullsOrder::kLast ? " DESC NULLS LAST" : " DESC";
    return item.nulls == NullsOrder::kFirst ? " NULLS FIRST" : "";
  }

  // `cast_of` gives an item the cast its aggregate gave the same argument.
  std::string OrderItems(const std::vector<OrderItem>& items, const SelectNode* select,
                         const std::function<std::optional<LogicalType>(const ParsedExpression&)>& cast_of = nullptr) {
    std::string out;
    for (size_t i = 0; i < items.size(); i++) {
      auto& item = items[i];
      if (i) out += ", ";
      const ParsedExpression* e = item.expr.get();
      if (select) {
        if (const ParsedExpression* target = PositionTarget(*select, *e)) {
          e = target;
        } else if (e->kind == ExprKind::kColumnRef && e->names.size() == 1) {
          if (const ParsedExpression* named = NamedTarget(*select, e->names[0])) e = named;
        }
      }
      out += SortGroupItem(*e, cast_of ? cast_of(*e) : std::nullopt) + Direction(item);
    }
    return out;
  }

  void TargetList(const SelectNode& select, const Level& level, const std::vector<std::string>* result_names,
                  bool names_visible) {
    const char* separator = " ";
    size_t column = 0;
    bool last_was_multiline = false;
    auto add = [&](const std::string& text, bool is_var, const std::string& var_name, const std::string& own_name) {
      out_ += separator;
      separator = ", ";
      std::string item = text;
      std::string name = result_names && column < result_names->size() ? (*result_names)[column] : own_name;
      if (is_var ? var_name != name : (names_visible || name != "?column?")) item += " AS " + Ident(name);
      AppendWrapped(item, column == 0, last_was_multiline);
      size_t from = !item.empty() && item[0] == '\n' ? 1 : 0;
      last_was_multiline = item.find('\n', from) != std::string::npos;
      column++;
    };
    for (auto& item : select.select_list) {
      if (item->kind == ExprKind::kStar) {
        for (auto& column : ExpandStar(level, *item)) add(column.text, true, column.name, column.name);
        continue;
      }
      std::string own_name = item->alias.empty() ? Binder::DefaultColumnName(*item) : item->alias;
      if (item->kind == ExprKind::kColumnRef) {
        add(Expr(*item), true, Resolve(*item).name, own_name);
        continue;
      }
      std::optional<LogicalType> cast;
      if (item->kind == ExprKind::kConstant && TypeOf(*item).id() == TypeId::kUnknown) cast = LogicalType(TypeId::kText);
      add(Expr(*item, cast), false, "", own_name);
    }
  }

  void FromClause(const SelectNode& select) {
    for (size_t i = 0; i < select.from.size(); i++) {
      if (i == 0) {
        Keyword(" FROM ", -kIndentStd, kIndentStd, 2);
        FromItem(*select.from[i]);
        continue;
      }
      out_ += ", ";
      std::string item = Capture([&] { FromItem(*select.from[i]); });
      AppendWrapped(item, false, false);
    }
  }

  const Range& RangeOf(const TableRef& ref) {
    // Ranges were added in FROM order; find this item's by its written name.
    std::string written = ref.alias;
    if (written.empty() && ref.kind == TableRefKind::kBaseTable) written = static_cast<const BaseTableRef&>(ref).name;
    for (auto& range : level_->ranges) {
      if (range.written == written) return range;
    }
    Unsupported("a FROM item without its range");
  }

  void FromItem(const TableRef& ref) {
    switch (ref.kind) {
      case TableRefKind::kJoin:
        return Join(static_cast<const JoinRef&>(ref));
      case TableRefKind::kBaseTable: {
        auto& base = static_cast<const BaseTableRef&>(ref);
        const Range& range = RangeOf(ref);
        auto relation = relations_.find(ref.location);
        std::string printed_name = base.name;
        if (relation != relations_.end()) {
          auto dot = relation->second.find('.');
          auto entry = context_.db().catalog().GetEntry(relation->second.substr(0, dot), relation->second.substr(dot + 1));
          if (!entry) Unsupported("a relation that is gone");
          printed_name = entry->name;
          out_ += RegclassName(context_, *entry);
        } else {
          out_ += Ident(base.name);
        }
        if (!ref.alias.empty() || range.refname != printed_name) out_ += " " + Ident(range.refname);
        ColumnAliases(ref);
        return;
      }
      case TableRefKind::kSubquery: {
        auto& sub = static_cast<const SubqueryRef&>(ref);
        const Range& range = RangeOf(ref);
        out_ += sub.lateral ? "LATERAL (" : "(";
        QueryDef(*sub.query, level_, nullptr, true, indent_);
        out_ += ") " + Ident(range.refname);
        ColumnAliases(ref);
        return;
      }
      case TableRefKind::kFunction:
        Unsupported("a function in FROM");
    }
  }

  void ColumnAliases(const TableRef& ref) {
    if (ref.column_aliases.empty()) return;
    out_ += "(";
    for (size_t i = 0; i < ref.column_aliases.size(); i++) out_ += (i ? ", " : "") + Ident(ref.column_aliases[i]);
    out_ += ")";
  }

  void Join(const JoinRef& join) {
    bool right_parens = pretty_ && join.right->kind == TableRefKind::kJoin;
    if (!pretty_) out_ += "(";
    FromItem(*join.left);
    switch (join.join_kind) {
      case JoinKind::kInner:
        Keyword(join.condition || level_->using_columns.count(&join) ? " JOIN " : " CROSS JOIN ", -kIndentStd,
                kIndentStd, kIndentJoin);
        break;
      case JoinKind::kCross:
        Keyword(" CROSS JOIN ", -kIndentStd, kIndentStd, kIndentJoin);
        break;
      case JoinKind::kLeft:
        Keyword(" LEFT JOIN ", -kIndentStd, kIndentStd, kIndentJoin);
        break;
      case JoinKind::kRight:
        Keyword(" RIGHT JOIN ", -kIndentStd, kIndentStd, kIndentJoin);
        break;
      case JoinKind::kFull:
        Keyword(" FULL JOIN ", -kIndentStd, kIndentStd, kIndentJoin);
        break;
    }
    if (right_parens) out_ += "(";
    FromItem(*join.right);
    if (right_parens) out_ += ")";
    auto using_columns = level_->using_columns.find(&join);
    if (using_columns != level_->using_columns.end()) {
      out_ += " USING (";
      for (size_t i = 0; i < using_columns->second.size(); i++) out_ += (i ? ", " : "") + Ident(using_columns->second[i]);
      out_ += ")";
    } else if (join.condition) {
      out_ += " ON ";
      out_ += Own(Expr(*join.condition));
    } else if (join.join_kind != JoinKind::kInner && join.join_kind != JoinKind::kCross) {
      out_ += " ON TRUE";
    }
    if (!pretty_) out_ += ")";
  }

  void SetOperationQuery(const SetOperationNode& node, const Level* parent,
                         const std::vector<std::string>* result_names, bool names_visible) {
    Level level;
    level.parent = parent;
    if (parent) {
      level.names_in_use = parent->names_in_use;
      level.ctes = parent->ctes;
    }
    AddWith(level, node);
    level_ = &level;
    With(node, level);
    SetOperand(node, level, result_names, names_visible);
    if (!node.order_by.empty()) {
      // Over a set operation ORDER BY can only name output columns: PostgreSQL prints their numbers.
      Keyword(" ORDER BY ", -kIndentStd, kIndentStd, 1);
      std::vector<std::string> names = OutputNames(node, parent);
      for (size_t i = 0; i < node.order_by.size(); i++) {
        auto& item = node.order_by[i];
        const ParsedExpression& e = *item.expr;
        size_t position = 0;
        if (e.kind == ExprKind::kConstant && !e.value.IsNull() && e.value.type().id() == TypeId::kInteger) {
          position = e.value.GetInt32();
        } else if (e.kind == ExprKind::kColumnRef && e.names.size() == 1) {
          auto it = std::find(names.begin(), names.end(), e.names[0]);
          if (it != names.end()) position = it - names.begin() + 1;
        }
        if (position == 0) Unsupported("an ORDER BY over a set operation that is not an output column");
        out_ += (i ? ", " : "") + std::to_string(position) + Direction(item);
      }
    }
    LimitOffset(node);
  }

  // ruleutils.c's get_setop_query.
  void SetOperand(const QueryNode& node, const Level& level, const std::vector<std::string>* result_names,
                  bool names_visible) {
    if (node.kind != QueryNodeKind::kSetOperation) {
      bool parens = node.with || !node.order_by.empty() || node.limit || node.offset;
      if (parens) out_ += "(";
      QueryDef(node, &level, result_names, names_visible, indent_);
      if (parens) out_ += ")";
      return;
    }
    auto& op = static_cast<const SetOperationNode&>(node);
    bool left_parens = false;
    if (op.left->kind == QueryNodeKind::kSetOperation) {
      auto& left = static_cast<const SetOperationNode&>(*op.left);
      left_parens = !(left.op == op.op && left.all == op.all);
    }
    int sub_indent = 0;
    if (left_parens) {
      out_ += "(";
      sub_indent = kIndentStd;
      Keyword("", sub_indent, 0, 0);
    }
    SetOperand(*op.left, level, result_names, names_visible);
    if (left_parens) {
      Keyword(") ", -sub_indent, 0, 0);
    } else {
      Keyword("", -sub_indent, 0, 0);
    }
    switch (op.op) {
      case SetOpKind::kUnion:
        out_ += "UNION ";
        break;
      case SetOpKind::kIntersect:
        out_ += "INTERSECT ";
        break;
      case SetOpKind::kExcept:
        out_ += "EXCEPT ";
        break;
    }
    if (op.all) out_ += "ALL ";
    bool right_parens = op.right->kind == QueryNodeKind::kSetOperation;
    sub_indent = 0;
    if (right_parens) {
      out_ += "(";
      sub_indent = kIndentStd;
    }
    Keyword("", sub_indent, 0, 0);
    SetOperand(*op.right, level, result_names, names_visible);
    indent_ -= sub_indent;
    if (right_parens) Keyword(")", 0, 0, 0);
  }

  ClientContext& context_;
  const DeparseBinding& binding_;
  bool pretty_;
  std::map<int, std::string> relations_;  // FROM item location -> schema.name
  std::string out_;
  int indent_ = 0;
  const Level* level_ = nullptr;
};

}  // namespace

std::string DeparseViewQuery(ClientContext& context, const QueryNode& query, const DeparseBinding& binding,
                             const std::vector<std::string>& column_names, bool pretty) {
  return Deparser(context, binding, pretty).View(query, column_names);
}

}  // namespace stockroom
