#pragma once

#include <memory>
#include <functional>
#include <mutex>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "main/client_context.hpp"
#include "main/cursors.hpp"
#include "main/notice.hpp"
#include "main/prepared_statement.hpp"
#include "main/query_result.hpp"

namespace stockroom {

class CopyStreams;
class Database;
class Statement;
class Transaction;
struct StatementParameters;
class VacuumStatement;

// A session: settings (SET/SHOW) and statement execution. The embedding API used by the
// shell, the servers and the tests. Not thread-safe: one statement at a time per connection;
// use one connection per thread. Cancel() may be called from another thread.
class Connection {
 public:
  explicit Connection(Database& db);
  ~Connection();

  // Runs every statement in `sql` and returns the result of the last one. Throws SqlError
  // (with a 1-based character position into `sql`, as PostgreSQL reports it).
  std::unique_ptr<QueryResult> Query(std::string_view sql);
  // Runs every statement, returning each result.
  std::vector<std::unique_ptr<QueryResult>> QueryAll(std::string_view sql);
  // Prepares one statement with parameters $1..$n (prepared_statement.hpp): parses it,
  // types its parameters (`given_types` first, nullopt or missing ones as PostgreSQL infers
  // them: 42P18 when nothing does) and describes its result columns, without executing it.
  // Several statements: 42601. An empty string prepares an empty query.
  std::shared_ptr<PreparedStatement> Prepare(std::string_view sql,
                                             const std::vector<std::optional<LogicalType>>& given_types = {});
  // Runs a prepared statement with `parameters` (one per parameter, of its type or NULL),
  // as Query runs a statement (autocommit or in the open transaction block).
  std::unique_ptr<QueryResult> Execute(const PreparedStatement& statement, const std::vector<Value>& parameters);
  // The session's named prepared statements (SQL PREPARE and the wire protocol's).
  PreparedStatementMap& prepared_statements() { return prepared_statements_; }
  // Runs the statements of `sql` one at a time, handing each result to `on_result` as soon
  // as it completes (the wire protocol sends it before the next statement runs). A failing
  // statement throws, as Query does, and the later ones do not run. Several statements run
  // as PostgreSQL runs a simple Query message: in one implicit transaction, committed at
  // the end and rolled back whole by an error; BEGIN turns it into an explicit block (with
  // the statements before it), COMMIT/ROLLBACK end it and the next statements start another.
  void QueryEach(std::string_view sql, const std::function<void(std::unique_ptr<QueryResult>)>& on_result);
  // The NOTICEs and WARNINGs of the statements run since the last call (client_min_messages
  // applied), oldest first.
  std::vector<Notice> TakeNotices() { return notices_.Take(); }
  // Cancels the running statement (57014).
  void Cancel();
  // The client's side of COPY FROM STDIN / TO STDOUT for later statements (null: none).
  void SetCopyStreams(CopyStreams* streams) { copy_streams_ = streams; }

  SessionSettings& settings() { return settings_; }
  Database& db() { return db_; }
  // Transaction state as ReadyForQuery reports it: 'I' idle, 'T' in a transaction block,
  // 'E' in a failed transaction block.
  char TransactionStatus() const;

 private:
  std::unique_ptr<QueryResult> Run(Statement& statement);
  std::unique_ptr<QueryResult> RunTransactionControl(Statement& statement);
  // VACUUM runs outside any transaction (it waits for the others to end).
  std::unique_ptr<QueryResult> RunVacuum(VacuumStatement& statement);
  void BeginTransaction();
  // Commits or rolls back the implicit block of a multi-statement QueryEach.
  void EndImplicitTransaction(bool commit);
  // COMMIT and ROLLBACK outside a BEGIN block: PostgreSQL's WARNING 25P01. Ends the
  // implicit block, if that is what is open.
  void WarnIfNoTransactionBlock();
  // Prepare, with error positions in bytes of `sql`.
  std::shared_ptr<PreparedStatement> PrepareText(std::string_view sql,
                                                 const std::vector<std::optional<LogicalType>>& given_types);
  // PREPARE, EXECUTE and DEALLOCATE.
  std::unique_ptr<QueryResult> RunPreparedCommand(Statement& statement);
  // DECLARE ... CURSOR, FETCH, MOVE, CLOSE.
  std::unique_ptr<QueryResult> RunCursorCommand(Statement& statement);
  // Binds `statement` without executing it, typing `parameters`; fills `prepared`'s result
  // columns.
  void Describe(Statement& statement, StatementParameters& parameters, PreparedStatement& prepared);
  std::unique_ptr<QueryResult> Execute(Statement& statement);

  Database& db_;
  SessionSettings settings_;
  // Statements outside BEGIN ... COMMIT run in a transaction of their own.
  std::unique_ptr<Transaction> transaction_;  // the open BEGIN block, if any
  bool transaction_failed_ = false;           // a statement failed inside it
  // transaction_ is the implicit block of a multi-statement QueryEach, not a BEGIN block.
  bool implicit_transaction_ = false;
  NoticeList notices_;
  int64_t transaction_start_ = 0;
  std::mutex running_mutex_;
  ClientContext* running_ = nullptr;
  PreparedStatementMap prepared_statements_;
  CursorMap cursors_;
  // The parameters of the prepared statement being executed, for its ClientContext.
  StatementParameters* parameters_ = nullptr;
  CopyStreams* copy_streams_ = nullptr;
  bool autocommit_statement_ = false;  // the running statement has its own transaction
  // The open block ran a statement that may change the catalog: its end retires the
  // result cache's entries (main/result_cache.hpp), as the statement itself did.
  bool block_changed_catalog_ = false;
};

}  // namespace stockroom
