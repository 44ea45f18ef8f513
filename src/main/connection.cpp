#include "main/connection.hpp"

#include <chrono>

#include "binder/binder.hpp"
#include "catalog/catalog.hpp"
#include "common/error/exception.hpp"
#include "execution/executor.hpp"
#include "execution/operator/helper/physical_result_collector.hpp"
#include "execution/physical_plan/physical_plan_generator.hpp"
#include "main/database.hpp"
#include "main/statement_runner.hpp"
#include "main/vacuum.hpp"
#include "optimizer/optimizer.hpp"
#include "sql/parser.hpp"
#include "storage/storage_manager.hpp"
#include "transaction/transaction_manager.hpp"

namespace stockroom {

namespace {

// Converts a 1-based byte position in `sql` into PostgreSQL's 1-based character position.
int BytesToChars(std::string_view sql, int byte_position) {
  if (byte_position <= 0) return byte_position;
  int chars = 0;
  for (int i = 0; i < byte_position - 1 && i < static_cast<int>(sql.size()); i++) {
    if ((static_cast<unsigned char>(sql[i]) & 0xC0) != 0x80) chars++;
  }
  return chars + 1;
}

}  // namespace

Connection::Connection(Database& db) : db_(db) { settings_.memory_limit = db.config().memory_limit; }
Connection::~Connection() = default;

char Connection::TransactionStatus() const {
  if (!transaction_) return 'I';
  return transaction_failed_ ? 'E' : 'T';
}

void Connection::Cancel() {
  std::lock_guard<std::mutex> lock(running_mutex_);
  if (running_) running_->Cancel();
}

std::unique_ptr<QueryResult> Connection::Query(std::string_view sql) {
  auto results = QueryAll(sql);
  if (results.empty()) {
    auto empty = std::make_unique<QueryResult>();
    empty->command_tag = "";
    return empty;
  }
  return std::move(results.back());
}

std::vector<std::unique_ptr<QueryResult>> Connection::QueryAll(std::string_view sql) {
  std::vector<std::unique_ptr<QueryResult>> results;
  try {
    auto statements = Parser::Parse(sql);
    for (auto& statement : statements) results.push_back(Run(*statement));
  } catch (SqlError& e) {
    e.SetPosition(BytesToChars(sql, e.position()));
    throw;
  } catch (const std::bad_alloc&) {
    throw SqlError(ErrorCode::kOutOfMemory, "out of memory");
  }
  return results;
}

void Connection::QueryEach(std::string_view sql,
                           const std::function<void(std::unique_ptr<QueryResult>)>& on_result) {
  std::vector<std::unique_ptr<Statement>> statements;
  try {
    statements = Parser::Parse(sql);
  } catch (SqlError& e) {
    e.SetPosition(BytesToChars(sql, e.position()));
    throw;
  }
  for (auto& statement : statements) {
    std::unique_ptr<QueryResult> result;
    try {
      result = Run(*statement);
    } catch (SqlError& e) {
      e.SetPosition(BytesToChars(sql, e.position()));
      throw;
    } catch (const std::bad_alloc&) {
      throw SqlError(ErrorCode::kOutOfMemory, "out of memory");
    }
    on_result(std::move(result));
  }
}

std::unique_ptr<QueryResult> Connection::Run(Statement& statement) {
  if (statement.kind == StatementKind::kTransaction) return RunTransactionControl(statement);
  if (statement.kind == StatementKind::kVacuum) return RunVacuum(static_cast<VacuumStatement&>(statement));
  if (transaction_failed_) {
    throw SqlError(ErrorCode::kInFailedSqlTransaction,
                   "current transaction is aborted, commands ignored until end of transaction block");
  }
  if (transaction_) {
    try {
      return Execute(statement);
    } catch (...) {
      transaction_failed_ = true;
      throw;
    }
  }
  // Autocommit: the statement's own transaction, committed when it succeeds.
  BeginTransaction();
  std::unique_ptr<Transaction> txn;
  std::unique_ptr<QueryResult> result;
  try {
    result = Execute(statement);
  } catch (...) {
    transaction_.reset();
    throw;
  }
  txn = std::move(transaction_);
  db_.transactions().Commit(*txn);
  if (db_.storage()) db_.storage()->MaybeCheckpoint();
  return result;
}

void Connection::BeginTransaction() {
  transaction_ = db_.transactions().Begin();
  transaction_start_ = CurrentTimestampMicros();
  transaction_failed_ = false;
}

std::unique_ptr<QueryResult> Connection::RunTransactionControl(Statement& statement) {
  auto result = std::make_unique<QueryResult>();
  switch (static_cast<TransactionStatement&>(statement).txn) {
    case TransactionStatement::Kind::kBegin:
      // PostgreSQL warns about a BEGIN inside a block and carries on; so do we.
      if (!transaction_) BeginTransaction();
      result->command_tag = "BEGIN";
      return result;
    case TransactionStatement::Kind::kCommit: {
      bool failed = transaction_failed_;
      auto txn = std::move(transaction_);
      transaction_failed_ = false;
      // COMMIT of a failed block rolls it back, and says so.
      result->command_tag = failed ? "ROLLBACK" : "COMMIT";
      if (txn && !failed) db_.transactions().Commit(*txn);
      if (db_.storage()) db_.storage()->MaybeCheckpoint();
      return result;
    }
    case TransactionStatement::Kind::kRollback:
      transaction_.reset();
      transaction_failed_ = false;
      result->command_tag = "ROLLBACK";
      return result;
  }
  throw InternalError("unknown transaction statement");
}

std::unique_ptr<QueryResult> Connection::RunVacuum(VacuumStatement& statement) {
  if (transaction_) {
    transaction_failed_ = true;
    throw SqlError(ErrorCode::kActiveSqlTransaction, "VACUUM cannot run inside a transaction block");
  }
  Catalog& catalog = db_.catalog();
  std::vector<std::shared_ptr<TableEntry>> tables;
  if (statement.tables.empty()) {
    for (auto& entry : catalog.AllEntries()) {
      if (HasRows(*entry)) tables.push_back(std::static_pointer_cast<TableEntry>(entry));
    }
  }
  for (auto& name : statement.tables) {
    auto entry = catalog.Lookup(name.schema, name.name, settings_.search_path);
    if (!entry) throw SqlError(ErrorCode::kUndefinedTable, "relation \"" + name.ToString() + "\" does not exist");
    if (HasRows(*entry)) tables.push_back(std::static_pointer_cast<TableEntry>(entry));  // views: nothing to do
  }
  constexpr std::chrono::seconds kWait(60);
  if (!VacuumTables(db_, tables, kWait)) {
    throw SqlError(ErrorCode::kLockNotAvailable, "could not vacuum: other transactions kept running for 60 s")
        .WithDetail("VACUUM renumbers rows, so it waits until no other transaction is running.")
        .WithHint("End open transaction blocks (COMMIT or ROLLBACK) in other sessions and retry.");
  }
  if (statement.analyze) {
    AnalyzeStatement analyze;
    analyze.tables = statement.tables;
    Run(analyze);
  }
  auto result = std::make_unique<QueryResult>();
  result->command_tag = "VACUUM";
  return result;
}

std::unique_ptr<QueryResult> Connection::Execute(Statement& statement) {
  ClientContext context(db_, settings_, *transaction_);
  context.set_transaction_start(transaction_start_);
  context.set_copy_streams(copy_streams_);
  {
    std::lock_guard<std::mutex> lock(running_mutex_);
    running_ = &context;
  }
  struct Clear {
    Connection* c;
    ~Clear() {
      std::lock_guard<std::mutex> lock(c->running_mutex_);
      c->running_ = nullptr;
    }
  } clear{this};
  StatementRunner runner(context, settings_);
  return runner.Run(statement);
}

}  // namespace stockroom
