#include "main/connection.hpp"

#include <chrono>
#include <optional>

#include "binder/binder.hpp"
#include "binder/expression_binder.hpp"
#include "binder/statement_parameters.hpp"
#include "binder/type_coercion.hpp"
#include "catalog/catalog.hpp"
#include "common/error/exception.hpp"
#include "execution/executor.hpp"
#include "execution/expression/expression_executor.hpp"
#include "execution/operator/helper/physical_result_collector.hpp"
#include "execution/physical_plan/physical_plan_generator.hpp"
#include "main/database.hpp"
#include "main/result_cache.hpp"
#include "main/statement_runner.hpp"
#include "main/vacuum.hpp"
#include "optimizer/optimizer.hpp"
#include "planner/column_origins.hpp"
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
Connection::~Connection() {
  // An open block is rolled back: if it ran DDL, what it changed goes away.
  if (transaction_ && block_changed_catalog_) ResultCache::CatalogChange change(db_.result_cache());
}

namespace {

// Statements after which the same text may mean another plan. The others read and write
// rows (commit numbers key the result cache), change session settings (the key holds the
// ones a result depends on), or leave the catalog as it is.
bool MayChangeCatalog(StatementKind kind) {
  switch (kind) {
    case StatementKind::kSelect:
    case StatementKind::kInsert:
    case StatementKind::kUpdate:
    case StatementKind::kDelete:
    case StatementKind::kMerge:
    case StatementKind::kCopy:
    case StatementKind::kExplain:
    case StatementKind::kSet:
    case StatementKind::kShow:
    case StatementKind::kAnalyze:
    case StatementKind::kCheckpoint:
    case StatementKind::kPrepare:
    case StatementKind::kExecute:
    case StatementKind::kDeallocate:
    case StatementKind::kTransaction:
    case StatementKind::kVacuum:
    case StatementKind::kDeclareCursor:
    case StatementKind::kFetch:
    case StatementKind::kCloseCursor:
      return false;
    default:
      return true;
  }
}

}  // namespace

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
  bool implicit = statements.size() > 1;
  try {
    for (auto& statement : statements) {
      // PostgreSQL starts the implicit block with each statement; transaction control
      // statements then act on it (BEGIN makes it explicit, COMMIT/ROLLBACK end it).
      if (implicit && !transaction_ && statement->kind != StatementKind::kTransaction) {
        BeginTransaction();
        implicit_transaction_ = true;
      }
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
  } catch (...) {
    // An error aborts the implicit block: nothing since its start is kept.
    if (implicit_transaction_) EndImplicitTransaction(false);
    throw;
  }
  if (implicit_transaction_) EndImplicitTransaction(true);
}

void Connection::EndImplicitTransaction(bool commit) {
  // As at the end of a BEGIN block: DDL inside it retires the result cache's entries.
  std::optional<ResultCache::CatalogChange> catalog_change;
  if (block_changed_catalog_) catalog_change.emplace(db_.result_cache());
  block_changed_catalog_ = false;
  implicit_transaction_ = false;
  auto txn = std::move(transaction_);
  transaction_failed_ = false;
  if (commit) db_.transactions().Commit(*txn);
  cursors_.EndTransaction(commit);
  if (commit && db_.storage()) db_.storage()->MaybeCheckpoint();
}

std::unique_ptr<QueryResult> Connection::Run(Statement& statement) {
  if (statement.kind == StatementKind::kTransaction) return RunTransactionControl(statement);
  if (statement.kind == StatementKind::kVacuum) return RunVacuum(static_cast<VacuumStatement&>(statement));
  if (transaction_failed_) {
    throw SqlError(ErrorCode::kInFailedSqlTransaction,
                   "current transaction is aborted, commands ignored until end of transaction block");
  }
  // Lives until the statement has committed: a statement that starts meanwhile neither
  // uses nor fills the result cache, and later ones key it by a new epoch.
  std::optional<ResultCache::CatalogChange> catalog_change;
  if (MayChangeCatalog(statement.kind)) {
    catalog_change.emplace(db_.result_cache());
    if (transaction_) block_changed_catalog_ = true;
  }
  if (statement.kind == StatementKind::kDeclareCursor || statement.kind == StatementKind::kFetch ||
      statement.kind == StatementKind::kCloseCursor) {
    try {
      return RunCursorCommand(statement);
    } catch (...) {
      if (transaction_) transaction_failed_ = true;
      throw;
    }
  }
  if (statement.kind == StatementKind::kPrepare || statement.kind == StatementKind::kExecute ||
      statement.kind == StatementKind::kDeallocate) {
    try {
      return RunPreparedCommand(statement);
    } catch (...) {
      if (transaction_) transaction_failed_ = true;
      throw;
    }
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
  struct Autocommit {
    bool& flag;
    explicit Autocommit(bool& f) : flag(f) { flag = true; }
    ~Autocommit() { flag = false; }
  };
  try {
    Autocommit autocommit(autocommit_statement_);
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

void Connection::WarnIfNoTransactionBlock() {
  if (!transaction_ || implicit_transaction_) {
    notices_.Add(MessageLevel::kWarning, SqlError(ErrorCode::kNoActiveSqlTransaction, "there is no transaction in progress"),
                 settings_.client_min_messages);
  }
  implicit_transaction_ = false;
}

void Connection::BeginTransaction() {
  transaction_ = db_.transactions().Begin();
  transaction_start_ = CurrentTimestampMicros();
  transaction_failed_ = false;
}

std::unique_ptr<QueryResult> Connection::RunTransactionControl(Statement& statement) {
  auto result = std::make_unique<QueryResult>();
  std::optional<ResultCache::CatalogChange> catalog_change;
  auto kind = static_cast<TransactionStatement&>(statement).txn;
  if (block_changed_catalog_ && kind != TransactionStatement::Kind::kBegin) {
    catalog_change.emplace(db_.result_cache());
    block_changed_catalog_ = false;
  }
  switch (static_cast<TransactionStatement&>(statement).txn) {
    case TransactionStatement::Kind::kBegin:
      // PostgreSQL warns about a BEGIN inside a block and carries on; so do we. Inside the
      // implicit block of a multi-statement message, BEGIN makes that block explicit.
      if (implicit_transaction_) {
        implicit_transaction_ = false;
      } else if (transaction_) {
        notices_.Add(MessageLevel::kWarning,
                     SqlError(ErrorCode::kActiveSqlTransaction, "there is already a transaction in progress"),
                     settings_.client_min_messages);
      } else {
        BeginTransaction();
      }
      result->command_tag = "BEGIN";
      return result;
    case TransactionStatement::Kind::kCommit: {
      WarnIfNoTransactionBlock();
      bool failed = transaction_failed_;
      auto txn = std::move(transaction_);
      transaction_failed_ = false;
      // COMMIT of a failed block rolls it back, and says so.
      result->command_tag = failed ? "ROLLBACK" : "COMMIT";
      if (txn && !failed) db_.transactions().Commit(*txn);
      cursors_.EndTransaction(txn && !failed);
      if (db_.storage()) db_.storage()->MaybeCheckpoint();
      return result;
    }
    case TransactionStatement::Kind::kRollback:
      WarnIfNoTransactionBlock();
      if (transaction_) cursors_.EndTransaction(false);
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
  context.set_parameters(parameters_);
  context.set_copy_streams(copy_streams_);
  context.set_notices(&notices_);
  context.set_autocommit(autocommit_statement_);
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

// Prepared statements -----------------------------------------------------------------

namespace {

bool TakesParameters(StatementKind kind) {
  switch (kind) {
    case StatementKind::kSelect:
    case StatementKind::kInsert:
    case StatementKind::kUpdate:
    case StatementKind::kDelete:
    case StatementKind::kMerge:
    case StatementKind::kExplain:
      return true;
    default:
      return false;
  }
}

}  // namespace

std::shared_ptr<PreparedStatement> Connection::Prepare(std::string_view sql,
                                                       const std::vector<std::optional<LogicalType>>& given_types) {
  // As in PostgreSQL, a statement that fails to parse or bind (Parse message) inside a
  // transaction block fails the block too, not only one that fails to run.
  try {
    return PrepareText(sql, given_types);
  } catch (SqlError& e) {
    if (transaction_) transaction_failed_ = true;
    e.SetPosition(BytesToChars(sql, e.position()));
    throw;
  } catch (const std::bad_alloc&) {
    if (transaction_) transaction_failed_ = true;
    throw SqlError(ErrorCode::kOutOfMemory, "out of memory");
  }
}

std::shared_ptr<PreparedStatement> Connection::PrepareText(std::string_view sql,
                                                           const std::vector<std::optional<LogicalType>>& given_types) {
  {
    auto statements = Parser::Parse(sql);
    if (statements.size() > 1) {
      throw SqlError(ErrorCode::kSyntaxError, "cannot insert multiple commands into a prepared statement");
    }
    auto prepared = std::make_shared<PreparedStatement>();
    prepared->sql = std::string(sql);
    StatementParameters parameters;
    parameters.Grow(given_types.size());
    for (size_t i = 0; i < given_types.size(); i++) {
      if (given_types[i]) parameters.types[i] = *given_types[i];
    }
    if (!statements.empty()) {
      Statement& statement = *statements[0];
      prepared->kind = statement.kind;
      prepared->takes_parameters = TakesParameters(statement.kind);
      Describe(statement, parameters, *prepared);
      prepared->statement = std::move(statements[0]);
    }
    for (size_t i = 0; i < parameters.types.size(); i++) {
      bool untyped = parameters.types[i].id() == TypeId::kUnknown;
      if (untyped || parameters.untyped_uses[i] > 0) {
        throw SqlError(untyped ? ErrorCode::kIndeterminateDatatype : ErrorCode::kAmbiguousParameter,
                       "could not determine data type of parameter $" + std::to_string(i + 1));
      }
    }
    prepared->parameter_types = parameters.types;
    return prepared;
  }
}

void Connection::Describe(Statement& statement, StatementParameters& parameters, PreparedStatement& prepared) {
  bool runs_in_failed_block = statement.kind != StatementKind::kTransaction;
  if (transaction_failed_ && runs_in_failed_block) {
    throw SqlError(ErrorCode::kInFailedSqlTransaction,
                   "current transaction is aborted, commands ignored until end of transaction block");
  }
  bool is_show = statement.kind == StatementKind::kShow;
  if (statement.kind == StatementKind::kFetch && !static_cast<FetchStatement&>(statement).move) {
    // FETCH returns the cursor's columns (the extended protocol describes it before it runs).
    const QueryResult& cursor = cursors_.Result(static_cast<FetchStatement&>(statement).name);
    prepared.column_names = cursor.names;
    prepared.column_types = cursor.types;
    prepared.column_origins = cursor.origins;
    prepared.returns_rows = true;
    return;
  }
  if (!prepared.takes_parameters && !is_show) return;  // no result columns, no parameters
  // Bound in the open transaction, or in one of its own that is then dropped.
  std::unique_ptr<Transaction> own;
  if (!transaction_) own = db_.transactions().Begin();
  ClientContext context(db_, settings_, transaction_ ? *transaction_ : *own);
  context.set_transaction_start(CurrentTimestampMicros());
  context.set_parameters(prepared.takes_parameters ? &parameters : nullptr);
  Statement* query = &statement;
  if (statement.kind == StatementKind::kExplain) {
    query = static_cast<ExplainStatement&>(statement).statement.get();
    prepared.column_names = {"QUERY PLAN"};
    prepared.column_types = {TypeId::kText};
    prepared.returns_rows = true;
  }
  if (query->kind == StatementKind::kSelect) {
    Binder binder(context);
    BoundQuery bound = binder.BindQuery(*static_cast<SelectStatement&>(*query).query);
    if (query == &statement) {
      prepared.column_names = bound.names;
      prepared.column_types = bound.plan->types;
      prepared.column_origins = ColumnOrigins(*bound.plan);
      prepared.returns_rows = true;
    }
    return;
  }
  // INSERT, UPDATE, DELETE and MERGE stop after binding when describing (they return no
  // rows: RETURNING is not supported); SHOW only reads a setting.
  StatementRunner runner(context, settings_);
  auto result = runner.Run(*query);
  if (is_show) {
    prepared.column_names = result->names;
    prepared.column_types = result->types;
    prepared.returns_rows = true;
  }
}

std::unique_ptr<QueryResult> Connection::Execute(const PreparedStatement& prepared,
                                                 const std::vector<Value>& parameters) {
  CheckParameterValues(prepared, parameters);
  if (prepared.is_empty()) {
    auto empty = std::make_unique<QueryResult>();
    empty->command_tag = "";
    return empty;
  }
  StatementParameters bound;
  bound.types = prepared.parameter_types;
  bound.values = &parameters;
  std::vector<std::unique_ptr<Statement>> statements;
  std::unique_ptr<QueryResult> result;
  struct Reset {
    StatementParameters*& slot;
    ~Reset() { slot = nullptr; }
  } reset{parameters_};
  try {
    // Parsed again: running a statement consumes parts of its parse.
    statements = Parser::Parse(prepared.sql);
    if (statements.size() != 1) throw InternalError("prepared statement text changed");
    parameters_ = prepared.takes_parameters ? &bound : nullptr;
    result = Run(*statements[0]);
  } catch (SqlError& e) {
    e.SetPosition(BytesToChars(prepared.sql, e.position()));
    throw;
  } catch (const std::bad_alloc&) {
    throw SqlError(ErrorCode::kOutOfMemory, "out of memory");
  }
  if (prepared.returns_rows && result->types != prepared.column_types) {
    // A table or view changed under the statement since it was prepared (PostgreSQL's
    // error when a re-planned statement no longer matches its description).
    throw SqlError(ErrorCode::kFeatureNotSupported, "cached plan must not change result type");
  }
  return result;
}

std::unique_ptr<QueryResult> Connection::RunCursorCommand(Statement& statement) {
  if (statement.kind == StatementKind::kFetch) return cursors_.Fetch(static_cast<FetchStatement&>(statement));
  auto result = std::make_unique<QueryResult>();
  if (statement.kind == StatementKind::kCloseCursor) {
    cursors_.Close(static_cast<CloseCursorStatement&>(statement).name);
    result->command_tag = "CLOSE CURSOR";
    return result;
  }
  auto& declare = static_cast<DeclareCursorStatement&>(statement);
  if (!transaction_ && !declare.with_hold) {
    throw SqlError(ErrorCode::kNoActiveSqlTransaction, "DECLARE CURSOR can only be used in transaction blocks");
  }
  if (declare.binary) throw SqlError(ErrorCode::kFeatureNotSupported, "binary cursors are not supported");
  if (declare.query->kind != StatementKind::kSelect) {
    throw SqlError(ErrorCode::kSyntaxError, "DECLARE CURSOR must be a query");
  }
  // The query runs now, in the open transaction (or its own, for WITH HOLD in autocommit).
  std::unique_ptr<QueryResult> rows = Run(*declare.query);
  cursors_.Declare(declare.name, std::move(rows), declare.with_hold);
  if (!transaction_) cursors_.EndTransaction(true);  // committed at once: it survives as WITH HOLD
  result->command_tag = "DECLARE CURSOR";
  return result;
}

std::unique_ptr<QueryResult> Connection::RunPreparedCommand(Statement& statement) {
  auto result = std::make_unique<QueryResult>();
  if (statement.kind == StatementKind::kPrepare) {
    auto& prepare = static_cast<PrepareStatement&>(statement);
    if (prepared_statements_.Find(prepare.name)) {
      throw SqlError(ErrorCode::kDuplicatePreparedStatement, "prepared statement \"" + prepare.name + "\" already exists");
    }
    std::vector<std::optional<LogicalType>> types;
    for (auto& name : prepare.types) types.emplace_back(ResolveTypeName(name));
    std::string_view text = PreparedQueryText(statement.text);
    std::shared_ptr<PreparedStatement> prepared;
    try {
      prepared = PrepareText(text, types);
    } catch (SqlError& e) {
      // Positions into the string the PREPARE came in.
      int offset = statement.location + static_cast<int>(text.data() - statement.text.data());
      if (e.position() > 0) e.SetPosition(e.position() + offset);
      throw;
    }
    prepared_statements_.Add(prepare.name, std::move(prepared));
    result->command_tag = "PREPARE";
    return result;
  }
  if (statement.kind == StatementKind::kDeallocate) {
    auto& deallocate = static_cast<DeallocateStatement&>(statement);
    if (deallocate.name.empty()) {
      prepared_statements_.Clear();
      result->command_tag = "DEALLOCATE ALL";
    } else {
      prepared_statements_.Remove(deallocate.name);
      result->command_tag = "DEALLOCATE";
    }
    return result;
  }
  auto& execute = static_cast<ExecuteStatement&>(statement);
  std::shared_ptr<PreparedStatement> prepared = prepared_statements_.Get(execute.name);
  const auto& types = prepared->parameter_types;
  if (execute.arguments.size() != types.size()) {
    throw SqlError(ErrorCode::kSyntaxError, "wrong number of parameters for prepared statement \"" + execute.name + "\"")
        .WithDetail("Expected " + std::to_string(types.size()) + " parameters but got " +
                    std::to_string(execute.arguments.size()) + ".");
  }
  // The arguments are constant expressions, coerced to the parameters' types as an
  // assignment would be.
  std::vector<Value> values;
  {
    std::unique_ptr<Transaction> own;
    if (!transaction_) own = db_.transactions().Begin();
    ClientContext context(db_, settings_, transaction_ ? *transaction_ : *own);
    context.set_transaction_start(transaction_ ? transaction_start_ : CurrentTimestampMicros());
    Binder binder(context);
    for (size_t i = 0; i < types.size(); i++) {
      ParsedExpression& argument = *execute.arguments[i];
      ExpressionBinder expression_binder(binder, ExpressionClause::kOther);
      auto bound = expression_binder.Bind(argument);
      bool constant = true;
      VisitExpression(*bound, [&](const BoundExpression& e) {
        constant &= e.kind != BoundExprKind::kSubquery && e.kind != BoundExprKind::kAggregate &&
                    e.kind != BoundExprKind::kWindow && e.kind != BoundExprKind::kColumnRef;
      });
      if (!constant) {
        throw SqlError(ErrorCode::kFeatureNotSupported, "cannot use subquery or aggregate in EXECUTE parameter",
                       argument.location >= 0 ? argument.location + 1 : 0);
      }
      if (bound->type.id() != TypeId::kUnknown && !AssignmentCastAllowed(bound->type, types[i])) {
        throw SqlError(ErrorCode::kDatatypeMismatch, "parameter $" + std::to_string(i + 1) + " of type " +
                                                         bound->type.ToString() +
                                                         " cannot be coerced to the expected type " + types[i].ToString(),
                       argument.location >= 0 ? argument.location + 1 : 0)
            .WithHint("You will need to rewrite or cast the expression.");
      }
      bound = AddCast(std::move(bound), types[i], false, &context);
      values.push_back(ExpressionExecutor::EvaluateConstant(context, *bound));
    }
  }
  return Execute(*prepared, values);
}

}  // namespace stockroom
