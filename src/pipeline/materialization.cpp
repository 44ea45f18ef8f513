#include "pipeline/materialization.hpp"

#include "catalog/catalog_sql.hpp"

namespace stockroom::pipeline {

namespace {

std::string DropStatement(const std::string& kind, const std::string& relation) {
  if (kind == "view") return "DROP VIEW " + relation + " CASCADE";
  if (kind == "materialized_view") return "DROP MATERIALIZED VIEW " + relation + " CASCADE";
  return "DROP TABLE " + relation + " CASCADE";
}

// The columns (names and types) the model's query returns, from a view made of it: binding
// only, the query does not run.
std::vector<std::pair<std::string, std::string>> QueryColumns(Warehouse& warehouse, const Model& model) {
  std::string probe = "pipeline._shape_" + model.schema + "_" + model.name;
  warehouse.Execute("DROP VIEW IF EXISTS " + probe);
  warehouse.Execute("CREATE VIEW " + probe + " AS " + model.sql);
  auto columns = warehouse.Describe(probe).columns;
  warehouse.Execute("DROP VIEW " + probe);
  return columns;
}

int64_t Count(Warehouse& warehouse, const std::string& relation) {
  return warehouse.Query("SELECT count(*) FROM " + relation).Int(0, 0);
}

// Rows of the stored relations (raw tables and non-view models) the model reads; views are
// not counted, which would run their queries.
int64_t RowsIn(Warehouse& warehouse, const Project& project, const Model& model) {
  int64_t rows = 0;
  for (auto& relation : model.references) {
    const Model* input = project.FindModel(relation);
    if (input && input->materialized == Materialization::kView) continue;
    rows += Count(warehouse, relation);
  }
  return rows;
}

// Creates the model's table from scratch, replacing whatever has its name (its dependent
// views go too: they are downstream and the run builds them again).
void CreateTable(Warehouse& warehouse, const Model& model, const std::string& existing_kind) {
  InTransaction(warehouse, [&] {
    if (!existing_kind.empty()) warehouse.Execute(DropStatement(existing_kind, model.relation));
    warehouse.Execute("CREATE TABLE " + model.relation + " AS " + model.sql);
  });
}

BuildOutcome BuildTable(Warehouse& warehouse, const Model& model, const RelationInfo& existing) {
  BuildOutcome outcome;
  if (existing.kind == "table" && existing.columns == QueryColumns(warehouse, model)) {
    // Same columns: replace the rows in place, so the views reading it stay.
    InTransaction(warehouse, [&] {
      warehouse.Execute("DELETE FROM " + model.relation);
      warehouse.Execute("INSERT INTO " + model.relation + " " + model.sql);
    });
    outcome.action = "replaced";
  } else {
    CreateTable(warehouse, model, existing.kind);
    outcome.action = existing.kind.empty() ? "created" : "rebuilt";
  }
  outcome.rows_out = Count(warehouse, model.relation);
  return outcome;
}

// The model's latest changed_at as a literal of its type (nullopt while the table is
// empty). A literal, not a subquery, so that the engine's optimizer sees a constant: the
// filter then reaches the raw table's scan, whose zone maps skip what was loaded before.
std::optional<std::string> Watermark(Warehouse& warehouse, const Model& model, const RelationInfo& existing) {
  std::string column = QuoteIdentifier(model.changed_at);
  auto rows = warehouse.Query("SELECT max(" + column + ") FROM " + model.relation);
  if (rows.rows.empty() || !rows.rows[0][0]) return std::nullopt;
  std::string type;
  for (auto& [name, column_type] : existing.columns) {
    if (name == model.changed_at) type = column_type;
  }
  return "CAST(" + QuoteLiteral(*rows.rows[0][0]) + " AS " + type + ")";
}

// Rows whose changed_at is past the table's latest replace the rows with their unique key
// (or, without a unique key, are appended). A new definition builds the table again.
BuildOutcome BuildIncremental(Warehouse& warehouse, const Model& model, const RelationInfo& existing,
                              bool definition_changed) {
  if (existing.kind != "table" || definition_changed || existing.columns != QueryColumns(warehouse, model)) {
    BuildOutcome outcome;
    CreateTable(warehouse, model, existing.kind);
    outcome.action = existing.kind.empty() ? "created" : "rebuilt";
    outcome.rows_out = Count(warehouse, model.relation);
    return outcome;
  }
  std::string delta = "pipeline._delta_" + model.schema + "_" + model.name;
  std::string matches;
  for (auto& key : model.unique_key) {
    std::string column = QuoteIdentifier(key);
    matches += (matches.empty() ? "" : " AND ") + std::string("d.") + column + " = t." + column;
  }
  warehouse.Execute("DROP TABLE IF EXISTS " + delta);
  BuildOutcome outcome;
  outcome.action = "incremental";
  InTransaction(warehouse, [&] {
    auto watermark = Watermark(warehouse, model, existing);
    std::string changed =
        watermark ? "\n) AS m WHERE m." + QuoteIdentifier(model.changed_at) + " > " + *watermark : "\n) AS m";
    warehouse.Execute("CREATE TABLE " + delta + " AS SELECT * FROM (" + model.sql + changed);
    outcome.rows_out = Count(warehouse, delta);
    if (!matches.empty()) {
      warehouse.Execute("DELETE FROM " + model.relation + " AS t WHERE EXISTS (SELECT 1 FROM " + delta +
                        " AS d WHERE " + matches + ")");
    }
    warehouse.Execute("INSERT INTO " + model.relation + " SELECT * FROM " + delta);
    warehouse.Execute("DROP TABLE " + delta);
  });
  return outcome;
}

BuildOutcome BuildView(Warehouse& warehouse, const Model& model, const RelationInfo& existing) {
  BuildOutcome outcome;
  if (existing.kind == "view") {
    try {
      warehouse.Execute("CREATE OR REPLACE VIEW " + model.relation + " AS " + model.sql);
      outcome.action = "replaced";
      return outcome;
    } catch (const WarehouseError&) {
      // Columns renamed, removed or retyped: CREATE OR REPLACE refuses; drop and create.
    }
  }
  InTransaction(warehouse, [&] {
    if (!existing.kind.empty()) warehouse.Execute(DropStatement(existing.kind, model.relation));
    warehouse.Execute("CREATE VIEW " + model.relation + " AS " + model.sql);
  });
  outcome.action = existing.kind.empty() ? "created" : "rebuilt";
  return outcome;
}

BuildOutcome BuildMaterializedView(Warehouse& warehouse, const Model& model, const RelationInfo& existing,
                                   bool definition_changed) {
  BuildOutcome outcome;
  if (existing.kind == "materialized_view" && !definition_changed) {
    warehouse.Execute("REFRESH MATERIALIZED VIEW " + model.relation);
    outcome.action = "refreshed";
  } else {
    InTransaction(warehouse, [&] {
      if (!existing.kind.empty()) warehouse.Execute(DropStatement(existing.kind, model.relation));
      warehouse.Execute("CREATE MATERIALIZED VIEW " + model.relation + " AS " + model.sql);
    });
    outcome.action = existing.kind.empty() ? "created" : "rebuilt";
  }
  outcome.rows_out = Count(warehouse, model.relation);
  return outcome;
}

}  // namespace

BuildOutcome BuildModel(Warehouse& warehouse, const Project& project, const Model& model, bool definition_changed) {
  RelationInfo existing = warehouse.Describe(model.relation);
  BuildOutcome outcome;
  int64_t rows_in = model.materialized == Materialization::kView ? -1 : RowsIn(warehouse, project, model);
  switch (model.materialized) {
    case Materialization::kView: outcome = BuildView(warehouse, model, existing); break;
    case Materialization::kTable: outcome = BuildTable(warehouse, model, existing); break;
    case Materialization::kIncremental:
      outcome = BuildIncremental(warehouse, model, existing, definition_changed);
      break;
    case Materialization::kMaterializedView:
      outcome = BuildMaterializedView(warehouse, model, existing, definition_changed);
      break;
  }
  outcome.rows_in = rows_in;
  return outcome;
}

}  // namespace stockroom::pipeline
