#pragma once

#include <memory>
#include <functional>
#include <mutex>
#include <string>
#include <string_view>
#include <vector>

#include "main/client_context.hpp"
#include "main/query_result.hpp"

namespace stockroom {

class CopyStreams;
class Database;
class Statement;
class Transaction;
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
  // Runs the statements of `sql` one at a time, handing each result to `on_result` as soon
  // as it completes (the wire protocol sends it before the next statement runs). A failing
  // statement throws, as Query does, and the later ones do not run.
  void QueryEach(std::string_view sql, const std::function<void(std::unique_ptr<QueryResult>)>& on_result);
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
  std::unique_ptr<QueryResult> Execute(Statement& statement);

  Database& db_;
  SessionSettings settings_;
  // Statements outside BEGIN ... COMMIT run in a transaction of their own.
  std::unique_ptr<Transaction> transaction_;  // the open BEGIN block, if any
  bool transaction_failed_ = false;           // a statement failed inside it
  int64_t transaction_start_ = 0;
  std::mutex running_mutex_;
  ClientContext* running_ = nullptr;
  CopyStreams* copy_streams_ = nullptr;
};

}  // namespace stockroom
