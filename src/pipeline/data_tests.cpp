#include "pipeline/data_tests.hpp"

#include <yaml-cpp/yaml.h>

#include <stdexcept>

#include "catalog/catalog_sql.hpp"
#include "pipeline/warehouse.hpp"

namespace stockroom::pipeline {

namespace {

[[noreturn]] void Fail(const std::string& path, const std::string& what) {
  throw std::runtime_error(path + ": " + what);
}

std::string Severity(const YAML::Node& node, const std::string& path, const std::string& where) {
  if (!node || !node.IsMap() || !node["severity"]) return "error";
  std::string severity = node["severity"].as<std::string>();
  if (severity != "error" && severity != "warn") {
    Fail(path, where + ": severity must be error or warn, not \"" + severity + "\"");
  }
  return severity;
}

// Compiles one entry of a `tests:` list of `model` (and `column`, unless empty).
DataTest CompileTest(const YAML::Node& entry, const std::string& model, const std::string& column,
                     const std::string& path) {
  std::string where = model + (column.empty() ? "" : "." + column);
  std::string kind;
  YAML::Node args;
  if (entry.IsScalar()) {
    kind = entry.as<std::string>();
  } else if (entry.IsMap() && entry.size() == 1) {
    kind = entry.begin()->first.as<std::string>();
    args = entry.begin()->second;
  } else {
    Fail(path, where + ": a test is a name or a map of one name to its arguments");
  }
  DataTest test;
  test.model = model;
  test.column = column;
  test.file = path;
  test.severity = Severity(args, path, where);
  test.name = kind + "(" + where + ")";
  std::string col = column.empty() ? "" : QuoteIdentifier(column);
  auto need_column = [&] {
    if (column.empty()) Fail(path, where + ": " + kind + " is a column test");
  };
  if (kind == "not_null") {
    need_column();
    test.sql = "SELECT * FROM " + model + " WHERE " + col + " IS NULL";
  } else if (kind == "unique") {
    need_column();
    test.sql = "SELECT " + col + ", count(*) AS occurrences FROM " + model + " WHERE " + col +
               " IS NOT NULL GROUP BY " + col + " HAVING count(*) > 1";
  } else if (kind == "relationships") {
    need_column();
    if (!args || !args["to"] || !args["field"]) Fail(path, where + ": relationships needs to: and field:");
    std::string to = args["to"].as<std::string>();
    std::string field = QuoteIdentifier(args["field"].as<std::string>());
    test.name = kind + "(" + where + " -> " + to + ")";
    test.sql = "SELECT * FROM " + model + " AS child WHERE child." + col + " IS NOT NULL AND NOT EXISTS (SELECT 1 FROM " +
               to + " AS parent WHERE parent." + field + " = child." + col + ")";
  } else if (kind == "accepted_values") {
    need_column();
    if (!args || !args["values"] || !args["values"].IsSequence() || args["values"].size() == 0) {
      Fail(path, where + ": accepted_values needs a list values:");
    }
    std::string list;
    for (auto value : args["values"]) list += (list.empty() ? "" : ", ") + SqlLiteral(value.as<std::string>());
    test.sql = "SELECT * FROM " + model + " WHERE " + col + " IS NOT NULL AND " + col + "::text NOT IN (" + list + ")";
  } else if (kind == "expression") {
    std::string expression;
    if (args && args.IsScalar()) expression = args.as<std::string>();
    if (args && args.IsMap() && args["expression"]) expression = args["expression"].as<std::string>();
    if (expression.empty()) Fail(path, where + ": expression needs expression:");
    test.name = kind + "(" + where + ": " + expression + ")";
    // A row fails when the expression is false; NULL (unknown) passes, as in a CHECK.
    test.sql = "SELECT * FROM " + model + " WHERE (" + expression + ") IS FALSE";
  } else {
    Fail(path, where + ": unknown test \"" + kind + "\"");
  }
  return test;
}

}  // namespace

std::vector<DataTest> ReadTests(const std::string& path, const std::string& schema) {
  YAML::Node root;
  try {
    root = YAML::LoadFile(path);
  } catch (const YAML::Exception& e) {
    Fail(path, e.what());
  }
  std::vector<DataTest> tests;
  try {
    for (auto model : root["models"]) {
      if (!model["name"]) Fail(path, "a model entry needs name:");
      std::string relation = schema + "." + model["name"].as<std::string>();
      for (auto column : model["columns"]) {
        if (!column["name"]) Fail(path, relation + ": a column entry needs name:");
        std::string name = column["name"].as<std::string>();
        for (auto entry : column["tests"]) tests.push_back(CompileTest(entry, relation, name, path));
      }
      for (auto entry : model["tests"]) tests.push_back(CompileTest(entry, relation, "", path));
    }
    for (auto check : root["checks"]) {
      if (!check["name"] || !check["model"] || !check["sql"]) Fail(path, "a check needs name:, model: and sql:");
      DataTest test;
      test.name = check["name"].as<std::string>();
      std::string model = check["model"].as<std::string>();
      test.model = model.find('.') == std::string::npos ? schema + "." + model : model;
      test.severity = Severity(check, path, test.name);
      test.sql = check["sql"].as<std::string>();
      while (!test.sql.empty() && (std::isspace(static_cast<unsigned char>(test.sql.back())) || test.sql.back() == ';')) {
        test.sql.pop_back();
      }
      test.file = path;
      tests.push_back(std::move(test));
    }
  } catch (const YAML::Exception& e) {
    Fail(path, e.what());
  }
  return tests;
}

}  // namespace stockroom::pipeline
