#include "catalog/pg_catalog/pg_relation.hpp"

#include <sstream>
#include <utility>

#include "catalog/catalog.hpp"
#include "common/error/assert.hpp"
#include "common/error/exception.hpp"
#include "function/cast/cast_functions.hpp"
#include "function/function_registry.hpp"
#include "main/client_context.hpp"

namespace stockroom {

LogicalType PgColumnType(const std::string& t) {
  if (t == "oid" || t == "regproc" || t == "int8" || t == "xid") return TypeId::kBigInt;
  if (t == "name" || t == "char" || t == "text" || t == "pg_node_tree") return TypeId::kText;
  if (t == "bool") return TypeId::kBoolean;
  if (t == "int2") return TypeId::kSmallInt;
  if (t == "int4") return TypeId::kInteger;
  if (t == "float4") return TypeId::kReal;
  if (t == "float8") return TypeId::kDouble;
  if (t == "timestamptz") return TypeId::kTimestampTz;
  if (t == "int2vector") return LogicalType::Int2Vector();
  if (t == "oidvector") return LogicalType::OidVector();
  if (t == "int2[]") return LogicalType::Array(TypeId::kSmallInt);
  if (t == "oid[]") return LogicalType::Array(TypeId::kBigInt);
  if (t == "text[]" || t == "aclitem[]" || t == "name[]" || t == "char[]") return LogicalType::Array(TypeId::kText);
  throw SqlError(ErrorCode::kInternalError, "pg_catalog column type " + t + " is not mapped");
}

namespace {

std::vector<std::pair<std::string, std::string>> ParseColumns(const std::string& spec) {
  std::vector<std::pair<std::string, std::string>> out;
  std::istringstream in(spec);
  std::string item;
  while (in >> item) {
    size_t colon = item.find(':');
    out.emplace_back(item.substr(0, colon), item.substr(colon + 1));
  }
  return out;
}

}  // namespace

std::vector<std::string> PgColumnNames(const PgRelation& relation) {
  std::vector<std::string> names;
  for (auto& [name, _] : ParseColumns(relation.columns)) names.push_back(name);
  return names;
}

std::vector<LogicalType> PgColumnTypes(const PgRelation& relation) {
  std::vector<LogicalType> types;
  for (auto& [_, type] : ParseColumns(relation.columns)) types.push_back(PgColumnType(type));
  return types;
}

PgRow::PgRow(const PgRelation& relation)
    : relation_(relation), names_(PgColumnNames(relation)), types_(PgColumnTypes(relation)) {
  for (auto& type : types_) {
    if (type.id() == TypeId::kBoolean) {
      values_.push_back(Value::Boolean(false));
    } else if (type.IsNumericFamily()) {
      values_.push_back(CastValue(Value::BigInt(0), type));
    } else {
      values_.push_back(Value::Null(type));
    }
  }
}

PgRow& PgRow::Set(const std::string& column, Value value) {
  for (size_t i = 0; i < names_.size(); i++) {
    if (names_[i] != column) continue;
    values_[i] = value.type() == types_[i] || value.IsNull() ? value : CastValue(value, types_[i]);
    if (value.IsNull()) values_[i] = Value::Null(types_[i]);
    return *this;
  }
  throw SqlError(ErrorCode::kInternalError, relation_.name + " has no column " + column);
}

PgRow& PgRow::Int(const std::string& column, int64_t v) { return Set(column, Value::BigInt(v)); }

PgRow& PgRow::Vector(const std::string& column, const std::vector<int64_t>& elements) {
  // Stored as an array with lower bound 0 (LogicalType::Int2Vector).
  std::string text = elements.empty() ? "{}" : "[0:" + std::to_string(elements.size() - 1) + "]={";
  for (size_t i = 0; i < elements.size(); i++) text += (i ? "," : "") + std::to_string(elements[i]);
  if (!elements.empty()) text += "}";
  for (size_t i = 0; i < names_.size(); i++) {
    if (names_[i] == column) return Set(column, Value::String(types_[i], text));
  }
  throw SqlError(ErrorCode::kInternalError, relation_.name + " has no column " + column);
}

const std::vector<PgRelation>& PgRelations() {
  static const std::vector<PgRelation> relations = [] {
    std::vector<PgRelation> out;
    AddPgClassRelations(out);
    AddPgTypeRelations(out);
    AddPgMiscRelations(out);
    AddPgViews(out);
    AddInformationSchema(out);
    return out;
  }();
  return relations;
}

std::string PgRelationFunctionName(const PgRelation& relation) {
  return (relation.schema == "information_schema" ? "stockroom_is_" : "stockroom_") + relation.name;
}

namespace {

struct PgRowsState : TableFunctionState {
  std::vector<std::vector<Value>> rows;
  size_t next = 0;
};

bool NextPgRows(ClientContext&, TableFunctionState& base, DataChunk& output) {
  auto& s = static_cast<PgRowsState&>(base);
  idx_t n = 0;
  for (; n < kVectorSize && s.next < s.rows.size(); n++, s.next++) {
    for (size_t c = 0; c < s.rows[s.next].size(); c++) output.column(c).SetValue(n, s.rows[s.next][c]);
  }
  output.SetCardinality(n);
  return n > 0;
}

// Table functions take plain function pointers: one instantiation per relation index.
template <size_t I>
std::vector<std::string> NamesOf(const std::vector<LogicalType>&) {
  return PgColumnNames(PgRelations()[I]);
}
template <size_t I>
std::vector<LogicalType> TypesOf(const std::vector<LogicalType>&) {
  return PgColumnTypes(PgRelations()[I]);
}
template <size_t I>
std::unique_ptr<TableFunctionState> InitOf(ClientContext& context, const std::vector<Value>&) {
  auto state = std::make_unique<PgRowsState>();
  const PgRelation& relation = PgRelations()[I];
  state->rows = relation.rows(context, relation);
  return state;
}

constexpr size_t kMaxRelations = 96;

template <size_t... I>
void RegisterAll(FunctionRegistry& registry, std::index_sequence<I...>) {
  const auto& relations = PgRelations();
  auto add = [&](size_t index, auto names, auto types, auto init) {
    if (index >= relations.size() || !relations[index].rows) return;
    TableFunction function;
    function.name = PgRelationFunctionName(relations[index]);
    function.column_names = names;
    function.column_types = types;
    function.init = init;
    function.next = NextPgRows;
    function.volatility = Volatility::kVolatile;
    registry.AddTable(function);
  };
  (add(I, &NamesOf<I>, &TypesOf<I>, &InitOf<I>), ...);
}

}  // namespace

void RegisterPgCatalogFunctions(FunctionRegistry& registry) {
  SR_CHECK(PgRelations().size() <= kMaxRelations);
  RegisterAll(registry, std::make_index_sequence<kMaxRelations>());
}

void CreatePgCatalogViews(Catalog& catalog) {
  for (const PgRelation& relation : PgRelations()) {
    auto view = std::make_shared<ViewEntry>(relation.schema, relation.name);
    view->system = true;
    view->oid = relation.oid;
    view->query_text =
        relation.rows ? "SELECT * FROM " + PgRelationFunctionName(relation) + "()" : relation.view_sql;
    view->column_names = PgColumnNames(relation);
    view->column_types = PgColumnTypes(relation);
    catalog.CreateEntry(view);
  }
}

}  // namespace stockroom
