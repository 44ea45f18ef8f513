#include "catalog/pg_catalog/pg_types.hpp"

#include <algorithm>
#include <map>
#include <tuple>

#include "common/types/pg_type.hpp"
#include "function/function_registry.hpp"

namespace stockroom {

const std::vector<PgTypeRow>& PgTypeRows() {
  static const std::vector<PgTypeRow> rows = [] {
    // PostgreSQL 15's pg_type.dat: oid, name, length, category, preferred, array oid.
    struct Base {
      uint64_t oid;
      const char* name;
      int16_t length;
      char category;
      bool preferred;
      uint64_t array;
    };
    const Base bases[] = {
        {16, "bool", 1, 'B', true, 1000},           {21, "int2", 2, 'N', false, 1005},
        {23, "int4", 4, 'N', false, 1007},          {20, "int8", 8, 'N', false, 1016},
        {1700, "numeric", -1, 'N', false, 1231},    {700, "float4", 4, 'N', false, 1021},
        {701, "float8", 8, 'N', true, 1022},        {25, "text", -1, 'S', true, 1009},
        {1043, "varchar", -1, 'S', false, 1015},    {1042, "bpchar", -1, 'S', false, 1014},
        {1082, "date", 4, 'D', false, 1182},        {1114, "timestamp", 8, 'D', false, 1115},
        {1184, "timestamptz", 8, 'D', true, 1185},  {1186, "interval", 16, 'T', true, 1187},
        {114, "json", -1, 'U', false, 199},         {3802, "jsonb", -1, 'U', false, 3807},
        {26, "oid", 4, 'N', true, 1028},            {19, "name", 64, 'S', false, 1003},
        {18, "char", 1, 'Z', false, 1002},          {2205, "regclass", 4, 'N', false, 2210},
        {2206, "regtype", 4, 'N', false, 2211},     {24, "regproc", 4, 'N', false, 1008},
        {4089, "regnamespace", 4, 'N', false, 4090}, {22, "int2vector", -1, 'A', false, 1006},
        {30, "oidvector", -1, 'A', false, 1013},    {1033, "aclitem", 12, 'U', false, 1034},
        {194, "pg_node_tree", -1, 'Z', false, 0},   {705, "unknown", -2, 'X', false, 0},
    };
    std::vector<PgTypeRow> out;
    for (const Base& b : bases) {
      uint64_t element = b.oid == 22 ? 21 : b.oid == 30 ? 26 : 0;
      out.push_back({b.oid, b.name, b.length, b.category, b.preferred, element, b.array});
    }
    for (const Base& b : bases) {
      if (b.array) out.push_back({b.array, std::string("_") + b.name, -1, 'A', false, b.oid, 0});
    }
    std::sort(out.begin(), out.end(), [](auto& a, auto& b) { return a.oid < b.oid; });
    return out;
  }();
  return rows;
}

const PgTypeRow* PgTypeByOid(uint64_t oid) {
  for (const PgTypeRow& row : PgTypeRows()) {
    if (row.oid == oid) return &row;
  }
  return nullptr;
}

const PgTypeRow* PgTypeByName(const std::string& raw) {
  std::string name = raw;
  if (name.rfind("pg_catalog.", 0) == 0) name = name.substr(11);
  if (name.size() > 2 && name.front() == '"' && name.back() == '"') name = name.substr(1, name.size() - 2);
  static const std::map<std::string, std::string> kAliases = {
      {"integer", "int4"},   {"int", "int4"},       {"smallint", "int2"},           {"bigint", "int8"},
      {"real", "float4"},    {"double precision", "float8"}, {"boolean", "bool"},   {"decimal", "numeric"},
      {"character varying", "varchar"}, {"character", "bpchar"}, {"timestamp without time zone", "timestamp"},
      {"timestamp with time zone", "timestamptz"},
  };
  bool array = name.size() > 2 && name.compare(name.size() - 2, 2, "[]") == 0;
  if (array) name = name.substr(0, name.size() - 2);
  auto alias = kAliases.find(name);
  if (alias != kAliases.end()) name = alias->second;
  if (array) name = "_" + name;
  for (const PgTypeRow& row : PgTypeRows()) {
    if (row.name == name) return &row;
  }
  return nullptr;
}

std::optional<std::string> FormatPgType(uint64_t oid, int64_t typmod) {
  const PgTypeRow* row = PgTypeByOid(oid);
  if (!row) return std::nullopt;
  bool array = row->category == 'A' && row->element && oid != 22 && oid != 30;
  uint64_t base = array ? row->element : oid;
  std::string suffix = array ? "[]" : "";
  if (base == 18) return "\"char\"" + suffix;
  if (base == 1042 && typmod == -1) return "bpchar" + suffix;  // as PostgreSQL prints it
  if (base == 1042 && typmod < 0) return "character" + suffix;
  std::optional<LogicalType> type = LogicalTypeFromPgOid(static_cast<uint32_t>(base));
  if (!type) return PgTypeByOid(base)->name + suffix;
  LogicalType t = *type;
  if (typmod >= 4) {
    int32_t m = static_cast<int32_t>(typmod - 4);
    if (t.id() == TypeId::kVarchar) t = LogicalType::Varchar(m);
    if (t.id() == TypeId::kChar) t = LogicalType::Char(m);
    if (t.id() == TypeId::kNumeric) t = LogicalType::Numeric((m >> 16) & 0xffff, m & 0xffff);
  }
  return t.ToString() + suffix;
}

namespace {

uint64_t TypeOid(const LogicalType& type) {
  if (type.id() == TypeId::kInvalid) return 2276;  // "any"
  uint32_t oid = PgTypeOf(type).oid;
  return oid ? oid : 2276;
}

}  // namespace

const std::vector<PgProcRow>& PgProcRows() {
  static const std::vector<PgProcRow> rows = [] {
    const FunctionRegistry& registry = FunctionRegistry::Get();
    // name, argument oids, return oid, aggregate, set-returning
    std::vector<std::tuple<std::string, std::vector<uint64_t>, uint64_t, bool, bool>> all;
    auto named = [](const std::string& name) {
      return !name.empty() && (std::isalpha(static_cast<unsigned char>(name[0])) || name[0] == '_');
    };
    for (auto& name : registry.ScalarNames()) {
      if (!named(name)) continue;
      for (auto& f : *registry.Scalar(name)) {
        std::vector<uint64_t> args;
        for (auto& a : f.arguments) args.push_back(TypeOid(a));
        all.emplace_back(name, args, TypeOid(f.return_type), false, false);
      }
    }
    for (auto& name : registry.AggregateNames()) {
      for (auto& f : *registry.Aggregate(name)) {
        std::vector<uint64_t> args;
        for (auto& a : f.arguments) args.push_back(TypeOid(a));
        all.emplace_back(name, args, TypeOid(f.return_type), true, false);
      }
    }
    for (auto& name : registry.TableNames()) {
      for (auto& f : *registry.Table(name)) {
        std::vector<uint64_t> args;
        for (auto& a : f.arguments) args.push_back(TypeOid(a));
        all.emplace_back(name, args, 2249, false, true);  // record
      }
    }
    std::sort(all.begin(), all.end());
    all.erase(std::unique(all.begin(), all.end()), all.end());
    std::vector<PgProcRow> out;
    // Below 16384, as built-in objects are; after PostgreSQL's own low range.
    uint64_t oid = 8000;
    for (auto& [name, args, ret, aggregate, set] : all) out.push_back({oid++, name, args, ret, aggregate, set});
    return out;
  }();
  return rows;
}

uint64_t PgProcOidByName(const std::string& raw) {
  std::string name = raw;
  if (name.rfind("pg_catalog.", 0) == 0) name = name.substr(11);
  if (name == "array_in") return kArrayInOid;
  if (name == "array_out") return kArrayOutOid;
  uint64_t found = 0;
  for (const PgProcRow& row : PgProcRows()) {
    if (row.name != name) continue;
    if (found) return 0;
    found = row.oid;
  }
  return found;
}

const char* PgTypeStorage(uint64_t oid, int16_t length) {
  constexpr uint64_t kNumericOid = 1700;
  if (length >= 0) return "p";
  return oid == kNumericOid ? "m" : "x";
}

}  // namespace stockroom
