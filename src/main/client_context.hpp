#pragma once

#include <atomic>
#include <cstdint>
#include <memory>
#include <string>
#include <vector>

#include "common/memory/memory_tracker.hpp"
#include "main/notice.hpp"

namespace stockroom {

class CopyStreams;
class Database;
struct StatementParameters;
class TimeZone;
class Transaction;

// Session settings visible to SQL (SET/SHOW). Copied into each query's context.
struct SessionSettings {
  std::shared_ptr<const TimeZone> time_zone;
  std::vector<std::string> search_path = {"$user", "public"};  // "$user": no such schema here
  uint64_t memory_limit = DefaultMemoryLimit();  // bytes per query; operators spill past 3/4
  int threads = 0;                     // 0: one per core
  int extra_float_digits = 1;
  std::string application_name;
  std::string user = "stockroom";  // the session user (the wire server sets the login's role)
  // SET ROLE's role ("" after RESET ROLE: the session user is the current user).
  std::string role;
  // The user that logged in, once SET SESSION AUTHORIZATION has changed `user` ("" before):
  // whether it is a superuser decides, and RESET SESSION AUTHORIZATION returns to it.
  std::string authenticated_user;
  // current_user: the role whose privileges statements have.
  const std::string& CurrentUser() const { return role.empty() ? user : role; }
  // statement_timeout in milliseconds (0: none); the server's watchdog cancels past it.
  int64_t statement_timeout_ms = 0;
  // The least level of notice sent to the client (SET client_min_messages).
  MessageLevel client_min_messages = MessageLevel::kNotice;
};

// What a statement runs with: the database, the session's settings, and per-query state
// (start time for now(), memory tracker, cancellation). Created per statement by the
// Connection; shared read-only with worker threads except for the atomic members.
class ClientContext {
 public:
  ClientContext(Database& db, const SessionSettings& settings, Transaction& transaction);
  ~ClientContext();

  Database& db() { return db_; }
  const SessionSettings& settings() const { return settings_; }
  const TimeZone& time_zone() const;
  // Microseconds since 2000-01-01 UTC when the transaction/statement began (now()).
  int64_t transaction_start() const { return transaction_start_; }
  void set_transaction_start(int64_t micros) { transaction_start_ = micros; }
  // Microseconds since 2000-01-01 UTC when the statement began (statement_timestamp()).
  int64_t statement_start() const { return statement_start_; }
  MemoryTracker& memory() { return *memory_; }
  // The transaction the statement runs in (its snapshot and uncommitted changes).
  Transaction& transaction() { return transaction_; }

  // The $n parameters of a prepared statement being prepared or executed; null otherwise
  // ($n is then 42P02).
  StatementParameters* parameters() const { return parameters_; }
  // Whether the statement runs in its own transaction (not in a BEGIN block): only those
  // use the result cache (main/result_cache.hpp).
  bool autocommit() const { return autocommit_; }
  void set_autocommit(bool autocommit) { autocommit_ = autocommit; }
  // A cast read the clock ('now', 'today', ... as text): the result may not be reused.
  void NoteClockRead() { clock_read_.store(true, std::memory_order_relaxed); }
  bool clock_read() const { return clock_read_.load(std::memory_order_relaxed); }
  void set_parameters(StatementParameters* parameters) { parameters_ = parameters; }

  // Requests cancellation; running operators check IsCancelled between chunks.
  void Cancel() { cancelled_.store(true); }
  bool IsCancelled() const { return cancelled_.load(std::memory_order_relaxed); }
  // Throws 57014 if the query was cancelled.
  void CheckCancelled() const;

  // Privilege checks (security/access_control.hpp), changed only by the thread that binds:
  // the role whose rights apply instead of the current user's (a view's owner while its
  // query is bound, a materialized view's owner while REFRESH runs it; 0: none), and the
  // relations a DELETE or UPDATE may scan without SELECT (its target, when the statement
  // reads none of its columns).
  uint64_t privilege_role = 0;
  std::vector<uint64_t> select_exempt;
  // The client's side of COPY FROM STDIN / TO STDOUT; null when the client has none.
  CopyStreams* copy_streams() const { return copy_streams_; }
  void set_copy_streams(CopyStreams* streams) { copy_streams_ = streams; }
  // Sends the client a NOTICE or WARNING (when client_min_messages lets it through); only
  // from the statement's own thread (binding, DDL), not from workers.
  void AddNotice(MessageLevel level, SqlError message) {
    if (notices_) notices_->Add(level, std::move(message), settings_.client_min_messages);
  }
  void set_notices(NoticeList* notices) { notices_ = notices; }

 private:
  Database& db_;
  SessionSettings settings_;
  bool autocommit_ = false;
  std::atomic<bool> clock_read_{false};
  Transaction& transaction_;
  int64_t transaction_start_;
  int64_t statement_start_;
  std::unique_ptr<MemoryTracker> memory_;
  std::atomic<bool> cancelled_{false};
  StatementParameters* parameters_ = nullptr;
  CopyStreams* copy_streams_ = nullptr;
  NoticeList* notices_ = nullptr;
};

// Returns the current time as microseconds since 2000-01-01 UTC.
int64_t CurrentTimestampMicros();

}  // namespace stockroom
