#pragma once

#include <memory>

#include "execution/physical_operator.hpp"
#include "main/client_context.hpp"
#include "main/query_result.hpp"
#include "sql/ast/statement.hpp"

namespace stockroom {

class CatalogEntry;
class TableEntry;
class LogicalOperator;
class SecurityStatement;


// Runs one parsed statement for a connection: queries through binder, optimizer, physical
// planner and executor; DDL, SET/SHOW, COPY and EXPLAIN directly. `settings` is the
// session's (SET changes it).
class StatementRunner {
 public:
  StatementRunner(ClientContext& context, SessionSettings& settings) : context_(context), settings_(settings) {}

  std::unique_ptr<QueryResult> Run(Statement& statement);
  // Binds, optimizes and plans a query; `result` receives names/types/ordered.
  std::unique_ptr<PhysicalOperator> PlanQuery(QueryNode& query, QueryResult& result);
  // Whether the statement is only being described (prepared): the runners bind it, which
  // types its parameters, and stop before executing anything.
  bool Describing() const;
  // Executes a physical plan and collects its rows.
  std::unique_ptr<ColumnDataCollection> Execute(std::unique_ptr<PhysicalOperator> plan);

 private:
  std::unique_ptr<QueryResult> RunSelect(SelectStatement& statement);
  std::unique_ptr<QueryResult> RunInsert(InsertStatement& statement);
  // INSERT ... ON CONFLICT: `proposed` computes the rows to insert (every table column).
  std::unique_ptr<QueryResult> RunUpsert(InsertStatement& statement, std::shared_ptr<TableEntry> table,
                                         std::unique_ptr<LogicalOperator> proposed);
  std::unique_ptr<QueryResult> RunMerge(MergeStatement& statement);
  std::unique_ptr<QueryResult> RunDelete(DeleteStatement& statement);
  std::unique_ptr<QueryResult> RunUpdate(UpdateStatement& statement);
  std::unique_ptr<QueryResult> RunTruncate(TruncateStatement& statement);
  std::unique_ptr<QueryResult> RunRefresh(RefreshStatement& statement);
  // What UPDATE's SET does to a column.
  enum class Assignment : uint8_t { kUnchanged, kValue, kDefault };
  // Runs `query` (the target rows' new values for UPDATE, then their row ids) into a
  // DELETE or UPDATE of `table`.
  std::unique_ptr<QueryResult> RunModify(std::shared_ptr<TableEntry> table, SelectNode& query, bool is_update,
                                         const std::vector<Assignment>& assigned);
  // Also CREATE MATERIALIZED VIEW (`materialized`: its statement), as a CREATE TABLE AS.
  std::unique_ptr<QueryResult> RunCreateTable(CreateTableStatement& statement,
                                              const CreateViewStatement* materialized = nullptr);
  std::unique_ptr<QueryResult> RunCreateView(CreateViewStatement& statement);
  std::unique_ptr<QueryResult> RunDrop(DropStatement& statement);
  // ALTER TABLE / VIEW / MATERIALIZED VIEW / SCHEMA (alter_runner.cpp).
  std::unique_ptr<QueryResult> RunAlter(AlterStatement& statement);
  std::unique_ptr<QueryResult> RunSet(SetStatement& statement);
  std::unique_ptr<QueryResult> RunShow(ShowStatement& statement);
  std::unique_ptr<QueryResult> RunExplain(ExplainStatement& statement);
  std::unique_ptr<QueryResult> RunCopy(CopyStatement& statement);
  std::unique_ptr<QueryResult> RunAnalyze(AnalyzeStatement& statement);
  std::unique_ptr<QueryResult> RunCheckpoint();
  // Roles, GRANT/REVOKE and ALTER ... OWNER TO (role_runner.cpp, grant_runner.cpp).
  std::unique_ptr<QueryResult> RunSecurity(SecurityStatement& statement);
  // COMMENT ON (comment_runner.cpp).
  std::unique_ptr<QueryResult> RunComment(CommentStatement& statement);
  // Drops this transaction's uncommitted changes to `entry`, which its DROP removes.
  void DiscardOwnChanges(const CatalogEntry& entry);
  std::unique_ptr<QueryResult> Command(std::string tag);
  // Durably logs a DDL statement just applied (databases with a data directory).
  void LogDdl(const std::string& sql);

  ClientContext& context_;
  SessionSettings& settings_;
};

}  // namespace stockroom
