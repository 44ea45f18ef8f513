#include "function/function_registry.hpp"

#include "binder/expression/bound_expression.hpp"

namespace stockroom {

namespace {
std::string JoinTypes(const std::vector<LogicalType>& types, const LogicalType& varargs) {
  std::string out;
  for (size_t i = 0; i < types.size(); i++) {
    if (i) out += ", ";
    out += types[i].id() == TypeId::kInvalid ? "any" : types[i].Name();
  }
  if (varargs.id() != TypeId::kInvalid) out += (types.empty() ? "" : ", ") + varargs.Name() + "...";
  return out;
}
}  // namespace

std::string ScalarFunction::Signature() const { return name + "(" + JoinTypes(arguments, varargs) + ")"; }
std::string AggregateFunction::Signature() const {
  return name + "(" + JoinTypes(arguments, TypeId::kInvalid) + ")";
}

const FunctionRegistry& FunctionRegistry::Get() {
  static const FunctionRegistry* registry = new FunctionRegistry();
  return *registry;
}

FunctionRegistry::FunctionRegistry() {
  RegisterOperators(*this);
  RegisterMathFunctions(*this);
  RegisterStringFunctions(*this);
  RegisterPatternFunctions(*this);
  RegisterDateTimeFunctions(*this);
  RegisterJsonFunctions(*this);
  RegisterMiscFunctions(*this);
  RegisterRecordFunctions(*this);
  RegisterAggregateFunctions(*this);
  RegisterTableFunctions(*this);
  RegisterSystemTableFunctions(*this);
  RegisterPgCatalogFunctions(*this);
  RegisterCatalogFunctions(*this);
}

const std::vector<ScalarFunction>* FunctionRegistry::Scalar(const std::string& name) const {
  auto it = scalars_.find(name);
  return it == scalars_.end() ? nullptr : &it->second;
}

const std::vector<AggregateFunction>* FunctionRegistry::Aggregate(const std::string& name) const {
  auto it = aggregates_.find(name);
  return it == aggregates_.end() ? nullptr : &it->second;
}

const std::vector<TableFunction>* FunctionRegistry::Table(const std::string& name) const {
  auto it = tables_.find(name);
  return it == tables_.end() ? nullptr : &it->second;
}

bool FunctionRegistry::Window(const std::string& name, WindowFunctionKind* kind) const {
  static const std::unordered_map<std::string, WindowFunctionKind> kWindow = {
      {"row_number", WindowFunctionKind::kRowNumber},   {"rank", WindowFunctionKind::kRank},
      {"dense_rank", WindowFunctionKind::kDenseRank},   {"percent_rank", WindowFunctionKind::kPercentRank},
      {"cume_dist", WindowFunctionKind::kCumeDist},     {"ntile", WindowFunctionKind::kNtile},
      {"lag", WindowFunctionKind::kLag},                {"lead", WindowFunctionKind::kLead},
      {"first_value", WindowFunctionKind::kFirstValue}, {"last_value", WindowFunctionKind::kLastValue},
      {"nth_value", WindowFunctionKind::kNthValue},
  };
  auto it = kWindow.find(name);
  if (it == kWindow.end()) return false;
  if (kind) *kind = it->second;
  return true;
}

void FunctionRegistry::AddScalar(ScalarFunction function) {
  auto& list = scalars_[function.name];
  list.push_back(std::move(function));
}

void FunctionRegistry::AddAggregate(AggregateFunction function) {
  auto& list = aggregates_[function.name];
  list.push_back(std::move(function));
}

void FunctionRegistry::AddTable(TableFunction function) {
  auto& list = tables_[function.name];
  list.push_back(std::move(function));
}

void FunctionRegistry::AddScalarAlias(const std::string& alias, const std::string& name) {
  auto functions = scalars_.at(name);
  for (auto& f : functions) f.name = alias;
  auto& list = scalars_[alias];
  list.insert(list.end(), functions.begin(), functions.end());
}

void FunctionRegistry::AddAggregateAlias(const std::string& alias, const std::string& name) {
  auto functions = aggregates_.at(name);
  for (auto& f : functions) f.name = alias;
  auto& list = aggregates_[alias];
  list.insert(list.end(), functions.begin(), functions.end());
}

std::vector<std::string> FunctionRegistry::ScalarNames() const {
  std::vector<std::string> names;
  for (auto& [name, _] : scalars_) names.push_back(name);
  return names;
}

std::vector<std::string> FunctionRegistry::AggregateNames() const {
  std::vector<std::string> names;
  for (auto& [name, _] : aggregates_) names.push_back(name);
  return names;
}

std::vector<std::string> FunctionRegistry::TableNames() const {
  std::vector<std::string> names;
  for (auto& [name, _] : tables_) names.push_back(name);
  return names;
}

}  // namespace stockroom
