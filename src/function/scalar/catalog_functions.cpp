// The functions PostgreSQL clients call on the catalogs (format_type, pg_get_expr,
// pg_table_is_visible, pg_get_constraintdef, ...) and the reg* conversions the binder turns
// ::regclass, ::regtype, ::regproc and ::regnamespace casts into: from text to an oid (by
// name along the search path, or a number) and from an oid to the name PostgreSQL prints.
#include <cstdio>
#include <functional>

#include "catalog/catalog.hpp"
#include "catalog/catalog_sql.hpp"
#include "catalog/pg_catalog/pg_object_ids.hpp"
#include "catalog/pg_catalog/pg_types.hpp"
#include "common/error/exception.hpp"
#include "execution/expression/expression_state.hpp"
#include "function/function_registry.hpp"
#include "function/scalar/operators.hpp"
#include "function/scalar/string_functions.hpp"
#include "main/client_context.hpp"
#include "main/database.hpp"
#include "main/view_definition.hpp"
#include "storage/storage_manager.hpp"
#include "storage/table/data_table.hpp"

namespace stockroom {
namespace {

using RowFn = Value (*)(ClientContext&, const std::vector<Value>&);

const LogicalType kText(TypeId::kText);
const LogicalType kBigInt(TypeId::kBigInt);
const LogicalType kInt(TypeId::kInteger);
const LogicalType kBool(TypeId::kBoolean);

// Row-at-a-time evaluation: these functions read the catalog per value and are called on
// catalog-sized inputs, never on a fact table.
template <RowFn F, bool kStrict>
void EvaluateRows(DataChunk& args, ExpressionState& state, Vector& result) {
  if (!state.context) throw SqlError(ErrorCode::kInternalError, "catalog function called without a session");
  bool constant = args.ColumnCount() == 0;
  idx_t count = constant ? 1 : args.size();
  result.Reset();
  std::vector<Value> values(args.ColumnCount());
  std::vector<Value> out(count);
  for (idx_t row = 0; row < count; row++) {
    bool has_null = false;
    for (idx_t c = 0; c < args.ColumnCount(); c++) {
      values[c] = args.column(c).GetValue(row);
      has_null |= values[c].IsNull();
    }
    out[row] = kStrict && has_null ? Value::Null(result.type()) : F(*state.context, values);
  }
  if (constant) result.SetConstant();
  for (idx_t row = 0; row < count; row++) result.SetValue(row, out[row]);
}

// Registers `name`(`arguments`) -> `ret`; NULL arguments give NULL without calling F when strict.
template <RowFn F>
void Add(FunctionRegistry& registry, const std::string& name, std::vector<LogicalType> arguments, LogicalType ret,
         bool strict = true) {
  ScalarFunction f =
      MakeScalar(name, std::move(arguments), ret, strict ? EvaluateRows<F, true> : EvaluateRows<F, false>, nullptr);
  f.null_handling = strict ? NullHandling::kDefault : NullHandling::kSpecial;
  f.volatility = Volatility::kStable;
  registry.AddScalar(std::move(f));
}

Value Null(const LogicalType& type) { return Value::Null(type); }
uint64_t Oid(const Value& v) { return static_cast<uint64_t>(v.GetAsInt64()); }
Catalog& CatalogOf(ClientContext& context) { return context.db().catalog(); }

bool IsNumber(const std::string& s) {
  return !s.empty() && s.find_first_not_of("0123456789") == std::string::npos && s.size() < 11;
}

// A possibly qualified, possibly quoted name as regclass_in reads it: (schema, name).
std::pair<std::string, std::string> SplitName(const std::string& text) {
  std::vector<std::string> parts;
  std::string current;
  bool quoted = false;
  for (size_t i = 0; i < text.size(); i++) {
    char c = text[i];
    if (quoted) {
      if (c == '"' && i + 1 < text.size() && text[i + 1] == '"') {
        current += '"';
        i++;
      } else if (c == '"') {
        quoted = false;
      } else {
        current += c;
      }
    } else if (c == '"') {
      quoted = true;
    } else if (c == '.') {
      parts.push_back(current);
      current.clear();
    } else if (c != ' ') {
      current += static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
    }
  }
  parts.push_back(current);
  if (parts.size() == 1) return {"", parts[0]};
  return {parts[parts.size() - 2], parts.back()};
}

std::shared_ptr<CatalogEntry> FindRelation(ClientContext& context, const std::string& text) {
  auto [schema, name] = SplitName(text);
  return CatalogOf(context).Lookup(schema, name, EffectiveSearchPath(context));
}

Value ToRegclass(ClientContext& context, const std::vector<Value>& a) {
  std::string text = a[0].GetString();
  if (IsNumber(text)) return Value::BigInt(std::stoll(text));
  auto entry = FindRelation(context, text);
  if (!entry) throw SqlError(ErrorCode::kUndefinedTable, "relation \"" + text + "\" does not exist");
  return Value::BigInt(int64_t(entry->oid));
}

Value TryRegclass(ClientContext& context, const std::vector<Value>& a) {
  auto entry = FindRelation(context, a[0].GetString());
  return entry ? Value::BigInt(int64_t(entry->oid)) : Null(kBigInt);
}

Value RegclassOut(ClientContext& context, const std::vector<Value>& a) {
  auto entry = EntryByOid(CatalogOf(context), Oid(a[0]));
  return Value::Text(entry ? RegclassName(context, *entry) : std::to_string(Oid(a[0])));
}

Value ToRegtype(ClientContext&, const std::vector<Value>& a) {
  std::string text = a[0].GetString();
  if (IsNumber(text)) return Value::BigInt(std::stoll(text));
  const PgTypeRow* row = PgTypeByName(text);
  if (!row) throw SqlError(ErrorCode::kUndefinedObject, "type \"" + text + "\" does not exist");
  return Value::BigInt(int64_t(row->oid));
}

Value RegtypeOut(ClientContext&, const std::vector<Value>& a) {
  auto name = FormatPgType(Oid(a[0]), -1);
  return Value::Text(name ? *name : std::to_string(Oid(a[0])));
}

Value ToRegproc(ClientContext&, const std::vector<Value>& a) {
  std::string text = a[0].GetString();
  if (IsNumber(text)) return Value::BigInt(std::stoll(text));
  uint64_t oid = PgProcOidByName(text);
  if (!oid) throw SqlError(ErrorCode::kUndefinedFunction, "function \"" + text + "\" does not exist");
  return Value::BigInt(int64_t(oid));
}

Value RegprocOut(ClientContext&, const std::vector<Value>& a) {
  uint64_t oid = Oid(a[0]);
  if (oid == 0) return Value::Text("-");
  if (oid == kArrayInOid) return Value::Text("array_in");
  if (oid == kArrayOutOid) return Value::Text("array_out");
  for (auto& p : PgProcRows()) {
    if (p.oid == oid) return Value::Text(p.name);
  }
  return Value::Text(std::to_string(oid));
}

Value ToRegnamespace(ClientContext& context, const std::vector<Value>& a) {
  std::string text = a[0].GetString();
  if (IsNumber(text)) return Value::BigInt(std::stoll(text));
  uint64_t oid = CatalogOf(context).SchemaOid(SplitName(text).second);
  if (!oid) throw SqlError(ErrorCode::kInvalidSchemaName, "schema \"" + text + "\" does not exist");
  return Value::BigInt(int64_t(oid));
}

Value RegnamespaceOut(ClientContext& context, const std::vector<Value>& a) {
  std::string name = SchemaByOid(CatalogOf(context), Oid(a[0]));
  return Value::Text(name.empty() ? std::to_string(Oid(a[0])) : name);
}

Value FormatType(ClientContext&, const std::vector<Value>& a) {
  if (a[0].IsNull()) return Null(kText);
  // A NULL typmod is "no modifier known", which PostgreSQL prints differently from -1
  // for bpchar ("character" rather than "bpchar").
  int64_t typmod = a[1].IsNull() ? kNoTypmod : a[1].GetAsInt64();
  auto name = FormatPgType(Oid(a[0]), typmod);
  return Value::Text(name ? *name : "???");
}

Value GetExpr(ClientContext&, const std::vector<Value>& a) { return Value::Text(a[0].GetString()); }

const TableConstraint* ConstraintOf(ClientContext& context, uint64_t oid, SubObject kind,
                                    std::shared_ptr<CatalogEntry>* table);

Value TableIsVisible(ClientContext& context, const std::vector<Value>& a) {
  auto entry = EntryByOid(CatalogOf(context), Oid(a[0]));
  if (entry) return Value::Boolean(EntryIsVisible(context, *entry));
  // An index (of a PRIMARY KEY or UNIQUE constraint) lives in its table's schema: visible
  // when that schema is the first on the path with a relation of its name (\di lists it).
  std::shared_ptr<CatalogEntry> table;
  const TableConstraint* index = ConstraintOf(context, Oid(a[0]), SubObject::kIndex, &table);
  if (!index) return Null(kBool);
  for (auto& schema : EffectiveSearchPath(context)) {
    if (schema == table->schema) return Value::Boolean(true);
    if (CatalogOf(context).GetEntry(schema, index->name)) return Value::Boolean(false);
  }
  return Value::Boolean(false);
}

Value TypeIsVisible(ClientContext&, const std::vector<Value>& a) {
  return PgTypeByOid(Oid(a[0])) ? Value::Boolean(true) : Null(kBool);
}

Value FunctionIsVisible(ClientContext&, const std::vector<Value>&) { return Value::Boolean(true); }

// pg_get_viewdef(oid [, pretty]): the query deparsed as PostgreSQL prints it.
Value ViewDef(ClientContext& context, const std::vector<Value>& a) {
  auto entry = EntryByOid(CatalogOf(context), Oid(a[0]));
  if (!entry) return Null(kText);
  if (entry->kind != CatalogEntryKind::kView && entry->kind != CatalogEntryKind::kMaterializedView) {
    return Null(kText);
  }
  return Value::Text(ViewDefinition(context, *entry, a.size() > 1 && a[1].GetBool()));
}

std::string Columns(const std::vector<std::string>& columns) {
  std::string out;
  for (size_t i = 0; i < columns.size(); i++) out += (i ? ", " : "") + columns[i];
  return out;
}

// The table and constraint position behind a constraint or index oid.
const TableConstraint* ConstraintOf(ClientContext& context, uint64_t oid, SubObject kind,
                                    std::shared_ptr<CatalogEntry>* table) {
  uint64_t relation = oid / 4096;
  uint64_t rest = oid % 4096;
  if (rest / 1024 != static_cast<uint64_t>(kind)) return nullptr;
  auto entry = EntryByOid(CatalogOf(context), relation);
  if (!entry || !HasRows(*entry)) return nullptr;
  auto& constraints = static_cast<TableEntry&>(*entry).constraints;
  if (rest % 1024 >= constraints.size()) return nullptr;
  *table = entry;
  return &constraints[rest % 1024];
}

Value ConstraintDef(ClientContext& context, const std::vector<Value>& a) {
  std::shared_ptr<CatalogEntry> table;
  const TableConstraint* k = ConstraintOf(context, Oid(a[0]), SubObject::kConstraint, &table);
  if (!k) return Null(kText);
  switch (k->kind) {
    case TableConstraint::Kind::kPrimaryKey:
      return Value::Text("PRIMARY KEY (" + Columns(k->columns) + ")");
    case TableConstraint::Kind::kUnique:
      return Value::Text("UNIQUE (" + Columns(k->columns) + ")");
    case TableConstraint::Kind::kForeignKey: {
      // The referenced table as regclass prints it (qualified unless visible), as PostgreSQL.
      std::string schema = k->referenced_table.schema.empty() ? table->schema : k->referenced_table.schema;
      auto target = CatalogOf(context).GetEntry(schema, k->referenced_table.name);
      std::string name = target ? RegclassName(context, *target) : k->referenced_table.name;
      return Value::Text("FOREIGN KEY (" + Columns(k->columns) + ") REFERENCES " + name + "(" +
                         Columns(k->referenced_columns) + ")");
    }
    case TableConstraint::Kind::kCheck:
      break;
  }
  return Null(kText);
}

// pg_get_indexdef(oid [, column, pretty]): the CREATE INDEX statement, or with a column
// number other than 0 that key column alone (as quote_identifier writes it; '' past the
// last), which pgjdbc's getIndexInfo reads as COLUMN_NAME.
Value IndexDef(ClientContext& context, const std::vector<Value>& a) {
  std::shared_ptr<CatalogEntry> table;
  const TableConstraint* k = ConstraintOf(context, Oid(a[0]), SubObject::kIndex, &table);
  if (!k) return Null(kText);
  if (a.size() > 1 && a[1].GetAsInt64() != 0) {
    int64_t column = a[1].GetAsInt64();
    std::string name;
    if (column >= 1 && column <= static_cast<int64_t>(k->columns.size())) {
      AppendQuotedIdent(k->columns[column - 1], name);
    }
    return Value::Text(name);
  }
  return Value::Text("CREATE UNIQUE INDEX " + k->name + " ON " + RegclassName(context, *table) +
                     " USING btree (" + Columns(k->columns) + ")");
}

Value NoDescription(ClientContext&, const std::vector<Value>&) { return Null(kText); }

// obj_description(oid [, catalog]): the object's comment (objsubid 0: COMMENT ON's, else a
// built-in one), of the catalog named (any, without one), or NULL.
Value ObjDescription(ClientContext& context, const std::vector<Value>& a) {
  if (a[0].IsNull() || (a.size() > 1 && a[1].IsNull())) return Null(kText);
  static const std::pair<const char*, uint64_t> kCatalogs[] = {
      {"pg_namespace", kPgNamespaceOid}, {"pg_class", kPgClassOid}, {"pg_proc", kPgProcOid},
      {"pg_type", kPgTypeOid}, {"pg_constraint", kPgConstraintOid}, {"pg_rewrite", kPgRewriteOid}};
  uint64_t classoid = 0;
  if (a.size() > 1) {
    std::string catalog = SplitName(a[1].GetString()).second;
    for (auto& [name, oid] : kCatalogs) {
      if (catalog == name) classoid = oid;
    }
    if (!classoid) return Null(kText);
  }
  for (auto& [key, text] : context.db().comments().All()) {
    if (key.objoid == Oid(a[0]) && key.objsubid == 0 && (!classoid || key.classoid == classoid)) {
      return Value::Text(text);
    }
  }
  for (auto& d : BuiltinDescriptions()) {
    if (d.objoid == Oid(a[0]) && (!classoid || d.classoid == classoid)) return Value::Text(d.description);
  }
  return Null(kText);
}

// col_description(table oid, column number): COMMENT ON COLUMN's text, or NULL.
Value ColDescription(ClientContext& context, const std::vector<Value>& a) {
  if (a[0].IsNull() || a[1].IsNull()) return Null(kText);
  auto comment = context.db().comments().Get({kPgClassOid, Oid(a[0]), static_cast<int32_t>(a[1].GetAsInt64())});
  return comment ? Value::Text(*comment) : Null(kText);
}

// pg_get_function_sqlbody(oid): NULL, as for every function not written with a SQL-standard
// body (Stockroom's are all built in); psql's \df+ reads it.
Value NoSqlBody(ClientContext&, const std::vector<Value>&) { return Null(kText); }

Value CurrentSchemas(ClientContext& context, const std::vector<Value>& a) {
  bool implicit = !a[0].IsNull() && a[0].GetBool();
  std::string out = "{";
  bool first = true;
  for (auto& schema : EffectiveSearchPath(context)) {
    if (schema == kSystemSchema && !implicit) continue;
    out += (first ? "" : ",") + schema;
    first = false;
  }
  return Value::String(LogicalType::Array(kText), out + "}");
}

Value EncodingToChar(ClientContext&, const std::vector<Value>& a) {
  return Value::Text(a[0].GetAsInt64() == 6 ? "UTF8" : a[0].GetAsInt64() == 0 ? "SQL_ASCII" : "");
}

Value False(ClientContext&, const std::vector<Value>&) { return Value::Boolean(false); }
Value ZeroOid(ClientContext&, const std::vector<Value>&) { return Value::BigInt(0); }

// Bytes of a relation's segment files (0 in memory or for a view).
int64_t RelationBytes(ClientContext& context, const CatalogEntry& entry) {
  StorageManager* storage = context.db().storage();
  if (!storage || !HasRows(entry)) return 0;
  return int64_t(storage->TableDiskUsage(static_cast<const TableEntry&>(entry)).file_bytes);
}

Value RelationSize(ClientContext& context, const std::vector<Value>& a) {
  auto entry = EntryByOid(CatalogOf(context), Oid(a[0]));
  return entry ? Value::BigInt(RelationBytes(context, *entry)) : Null(kBigInt);
}

Value DatabaseSize(ClientContext& context, const std::vector<Value>&) {
  int64_t bytes = 0;
  for (auto& entry : CatalogOf(context).AllEntries()) bytes += RelationBytes(context, *entry);
  return Value::BigInt(bytes);
}

// PostgreSQL's pg_size_pretty: bytes below 10 kB, then kB, MB, GB, TB, halves rounded away
// from zero (one extra bit is kept for the rounding).
Value SizePretty(ClientContext&, const std::vector<Value>& a) {
  int64_t size = a[0].GetAsInt64();
  const int64_t limit = 10 * 1024, limit2 = limit * 2 - 1;
  auto abs = [](int64_t v) { return v < 0 ? -v : v; };
  auto half_rounded = [](int64_t v) { return (v + (v < 0 ? -1 : 1)) / 2; };
  if (abs(size) < limit) return Value::Text(std::to_string(size) + " bytes");
  size >>= 9;
  for (const char* unit : {"kB", "MB", "GB"}) {
    if (abs(size) < limit2) return Value::Text(std::to_string(half_rounded(size)) + " " + unit);
    size >>= 10;
  }
  return Value::Text(std::to_string(half_rounded(size)) + " TB");
}

// information_schema's helpers (_pg_char_max_length, ...): PostgreSQL's definitions for
// the types Stockroom has, from a column's type oid and typmod.
int64_t Typmod(const Value& v) { return v.IsNull() ? -1 : v.GetAsInt64(); }

Value CharMaxLength(ClientContext&, const std::vector<Value>& a) {
  uint64_t type = Oid(a[0]);
  int64_t typmod = Typmod(a[1]);
  if ((type == 1042 || type == 1043) && typmod >= 4) return Value::Integer(int32_t(typmod - 4));
  return Null(kInt);
}

Value CharOctetLength(ClientContext&, const std::vector<Value>& a) {
  uint64_t type = Oid(a[0]);
  int64_t typmod = Typmod(a[1]);
  if (type == 1042 || type == 1043) return Value::Integer(typmod >= 4 ? int32_t((typmod - 4) * 4) : 1073741824);
  if (type == 25) return Value::Integer(1073741824);
  return Null(kInt);
}

Value NumericPrecision(ClientContext&, const std::vector<Value>& a) {
  int64_t typmod = Typmod(a[1]);
  switch (Oid(a[0])) {
    case 21: return Value::Integer(16);
    case 23: return Value::Integer(32);
    case 20: return Value::Integer(64);
    case 700: return Value::Integer(24);
    case 701: return Value::Integer(53);
    case 1700: return typmod >= 4 ? Value::Integer(int32_t(((typmod - 4) >> 16) & 0xffff)) : Null(kInt);
    default: return Null(kInt);
  }
}

Value NumericRadix(ClientContext&, const std::vector<Value>& a) {
  switch (Oid(a[0])) {
    case 21: case 23: case 20: case 700: case 701: return Value::Integer(2);
    case 1700: return Value::Integer(10);
    default: return Null(kInt);
  }
}

Value NumericScale(ClientContext&, const std::vector<Value>& a) {
  int64_t typmod = Typmod(a[1]);
  switch (Oid(a[0])) {
    case 21: case 23: case 20: return Value::Integer(0);
    case 1700: return typmod >= 4 ? Value::Integer(int32_t((typmod - 4) & 0xffff)) : Null(kInt);
    default: return Null(kInt);
  }
}

Value DatetimePrecision(ClientContext&, const std::vector<Value>& a) {
  int64_t typmod = Typmod(a[1]);
  switch (Oid(a[0])) {
    case 1082: return Value::Integer(0);
    case 1114: case 1184: case 1186: return Value::Integer(typmod < 0 ? 6 : int32_t(typmod));
    default: return Null(kInt);
  }
}

// Stockroom has no rules, triggers, extended statistics or publications: their catalogs are
// empty, so these see no object of theirs.
Value NoDefinition(ClientContext&, const std::vector<Value>&) { return Null(kText); }
Value NotPublishable(ClientContext&, const std::vector<Value>&) { return Value::Boolean(false); }

std::string TypeList(const std::vector<uint64_t>& oids) {
  std::string out;
  for (size_t i = 0; i < oids.size(); i++) {
    auto name = FormatPgType(oids[i], -1);
    out += (i ? ", " : "") + (name ? *name : oids[i] == 2276 ? std::string("\"any\"") : std::to_string(oids[i]));
  }
  return out;
}

const PgProcRow* ProcByOid(uint64_t oid) {
  for (auto& p : PgProcRows()) {
    if (p.oid == oid) return &p;
  }
  return nullptr;
}

Value FunctionArguments(ClientContext&, const std::vector<Value>& a) {
  const PgProcRow* p = ProcByOid(Oid(a[0]));
  return p ? Value::Text(TypeList(p->argument_oids)) : Null(kText);
}

Value FunctionResult(ClientContext&, const std::vector<Value>& a) {
  const PgProcRow* p = ProcByOid(Oid(a[0]));
  if (!p) return Null(kText);
  if (p->returns_set) return Value::Text("SETOF record");
  return Value::Text(p->return_oid == 2276 ? "\"any\"" : TypeList({p->return_oid}));
}

// pg_partition_ancestors(rel): no rows. PostgreSQL lists a partition and its ancestors, and
// nothing for a relation that is neither a partition nor partitioned, which every Stockroom
// relation is (no partitioning).
struct AncestorsState : TableFunctionState {
  int64_t relid = 0;
  bool done = false;
};

std::vector<std::string> AncestorNames(const std::vector<LogicalType>&) { return {"relid"}; }
std::vector<LogicalType> AncestorTypes(const std::vector<LogicalType>&) { return {kBigInt}; }

std::unique_ptr<TableFunctionState> InitAncestors(ClientContext& context, const std::vector<Value>& args) {
  auto state = std::make_unique<AncestorsState>();
  (void)context;
  state->relid = args[0].IsNull() ? 0 : args[0].GetAsInt64();
  state->done = true;
  return state;
}

bool NextAncestors(ClientContext&, TableFunctionState& base, DataChunk& output) {
  auto& state = static_cast<AncestorsState&>(base);
  if (state.done) {
    output.SetCardinality(0);
    return false;
  }
  output.column(0).SetValue(0, Value::BigInt(state.relid));
  output.SetCardinality(1);
  state.done = true;
  return true;
}

}  // namespace

void RegisterCatalogFunctions(FunctionRegistry& registry) {
  // The binder's reg* casts (expression_binder.cpp) call these.
  Add<ToRegclass>(registry, "stockroom_regclass_in", {kText}, kBigInt);
  Add<RegclassOut>(registry, "stockroom_regclass_out", {kBigInt}, kText);
  Add<ToRegtype>(registry, "stockroom_regtype_in", {kText}, kBigInt);
  Add<RegtypeOut>(registry, "stockroom_regtype_out", {kBigInt}, kText);
  Add<ToRegproc>(registry, "stockroom_regproc_in", {kText}, kBigInt);
  Add<RegprocOut>(registry, "stockroom_regproc_out", {kBigInt}, kText);
  Add<ToRegnamespace>(registry, "stockroom_regnamespace_in", {kText}, kBigInt);
  Add<RegnamespaceOut>(registry, "stockroom_regnamespace_out", {kBigInt}, kText);
  Add<TryRegclass>(registry, "to_regclass", {kText}, kBigInt);

  Add<FormatType>(registry, "format_type", {kBigInt, kInt}, kText, false);
  Add<GetExpr>(registry, "pg_get_expr", {kText, kBigInt}, kText);
  Add<GetExpr>(registry, "pg_get_expr", {kText, kBigInt, kBool}, kText);
  Add<TableIsVisible>(registry, "pg_table_is_visible", {kBigInt}, kBool);
  Add<TypeIsVisible>(registry, "pg_type_is_visible", {kBigInt}, kBool);
  Add<FunctionIsVisible>(registry, "pg_function_is_visible", {kBigInt}, kBool);
  Add<ViewDef>(registry, "pg_get_viewdef", {kBigInt}, kText);
  Add<ViewDef>(registry, "pg_get_viewdef", {kBigInt, kBool}, kText);
  Add<ConstraintDef>(registry, "pg_get_constraintdef", {kBigInt}, kText);
  Add<ConstraintDef>(registry, "pg_get_constraintdef", {kBigInt, kBool}, kText);
  Add<IndexDef>(registry, "pg_get_indexdef", {kBigInt}, kText);
  Add<NoSqlBody>(registry, "pg_get_function_sqlbody", {kBigInt}, kText);
  Add<IndexDef>(registry, "pg_get_indexdef", {kBigInt, kInt, kBool}, kText);
  Add<ObjDescription>(registry, "obj_description", {kBigInt}, kText);
  Add<ObjDescription>(registry, "obj_description", {kBigInt, kText}, kText);
  Add<ColDescription>(registry, "col_description", {kBigInt, kInt}, kText);
  Add<NoDescription>(registry, "shobj_description", {kBigInt, kText}, kText);
  Add<CurrentSchemas>(registry, "current_schemas", {kBool}, LogicalType::Array(kText));
  Add<EncodingToChar>(registry, "pg_encoding_to_char", {kInt}, kText);
  Add<False>(registry, "pg_is_other_temp_schema", {kBigInt}, kBool);
  Add<ZeroOid>(registry, "pg_my_temp_schema", {}, kBigInt);
  for (const char* name : {"pg_relation_size", "pg_table_size", "pg_total_relation_size", "pg_indexes_size"}) {
    Add<RelationSize>(registry, name, {kBigInt}, kBigInt);
  }
  Add<DatabaseSize>(registry, "pg_database_size", {kText}, kBigInt);
  Add<DatabaseSize>(registry, "pg_database_size", {kBigInt}, kBigInt);
  Add<SizePretty>(registry, "pg_size_pretty", {kBigInt}, kText);
  Add<NoDescription>(registry, "pg_get_serial_sequence", {kText, kText}, kText);
  Add<NoDefinition>(registry, "pg_get_ruledef", {kBigInt}, kText);
  Add<NoDefinition>(registry, "pg_get_ruledef", {kBigInt, kBool}, kText);
  Add<NoDefinition>(registry, "pg_get_triggerdef", {kBigInt}, kText);
  Add<NoDefinition>(registry, "pg_get_triggerdef", {kBigInt, kBool}, kText);
  Add<NoDefinition>(registry, "pg_get_statisticsobjdef_columns", {kBigInt}, kText);
  Add<NotPublishable>(registry, "pg_relation_is_publishable", {kBigInt}, kBool);
  Add<FunctionArguments>(registry, "pg_get_function_arguments", {kBigInt}, kText);
  Add<FunctionArguments>(registry, "pg_get_function_identity_arguments", {kBigInt}, kText);
  Add<FunctionResult>(registry, "pg_get_function_result", {kBigInt}, kText);
  TableFunction ancestors;
  ancestors.name = "pg_partition_ancestors";
  ancestors.arguments = {kBigInt};
  ancestors.column_names = AncestorNames;
  ancestors.column_types = AncestorTypes;
  ancestors.init = InitAncestors;
  ancestors.next = NextAncestors;
  ancestors.volatility = Volatility::kStable;
  registry.AddTable(ancestors);
  Add<CharMaxLength>(registry, "_pg_char_max_length", {kBigInt, kInt}, kInt, false);
  Add<CharOctetLength>(registry, "_pg_char_octet_length", {kBigInt, kInt}, kInt, false);
  Add<NumericPrecision>(registry, "_pg_numeric_precision", {kBigInt, kInt}, kInt, false);
  Add<NumericRadix>(registry, "_pg_numeric_precision_radix", {kBigInt, kInt}, kInt, false);
  Add<NumericScale>(registry, "_pg_numeric_scale", {kBigInt, kInt}, kInt, false);
  Add<DatetimePrecision>(registry, "_pg_datetime_precision", {kBigInt, kInt}, kInt, false);
}

}  // namespace stockroom
