#include "main/statement_runner.hpp"

#include <chrono>
#include <optional>

#include "binder/binder.hpp"
#include "binder/statement_parameters.hpp"
#include "common/error/exception.hpp"
#include "execution/executor.hpp"
#include "execution/operator/helper/physical_result_collector.hpp"
#include "execution/physical_plan/physical_plan_generator.hpp"
#include "catalog/catalog_sql.hpp"
#include "main/database.hpp"
#include "main/result_cache.hpp"
#include "main/security_runner.hpp"
#include "security/access_control.hpp"
#include "sql/ast/security_statement.hpp"
#include "optimizer/optimizer.hpp"
#include "planner/column_origins.hpp"
#include "storage/storage_manager.hpp"

namespace stockroom {

std::unique_ptr<QueryResult> StatementRunner::Command(std::string tag) {
  auto result = std::make_unique<QueryResult>();
  result->command_tag = std::move(tag);
  return result;
}

void StatementRunner::LogDdl(const std::string& sql) {
  StorageManager* storage = context_.db().storage();
  if (!storage) return;
  // A statement replays as the role that ran it, which owns what it creates and grants as
  // itself (the replay's own session is the bootstrap superuser's).
  uint64_t role = CurrentUserRole(context_);
  if (role != kBootstrapRoleOid && role != kNoRoleOid) {
    std::string as_role = "SET ROLE " + QuoteIdentifier(settings_.CurrentUser()) + "; " + sql + "; RESET ROLE";
    storage->LogStatement(as_role, settings_.search_path);
    return;
  }
  storage->LogStatement(sql, settings_.search_path);
}

std::unique_ptr<QueryResult> StatementRunner::RunSecurity(SecurityStatement& statement) {
  bool role_statement = statement.action != SecurityStatement::Action::kGrantPrivileges &&
                        statement.action != SecurityStatement::Action::kRevokePrivileges &&
                        statement.action != SecurityStatement::Action::kAlterOwner;
  SecurityOutcome outcome = role_statement ? RunRoleStatement(context_, settings_, statement)
                                           : RunGrantStatement(context_, settings_, statement);
  // Role statements log canonical SQL that does not depend on who ran it.
  StorageManager* storage = context_.db().storage();
  for (auto& sql : outcome.log) {
    if (role_statement) {
      if (storage) storage->LogStatement(sql, settings_.search_path);
    } else {
      LogDdl(sql);
    }
  }
  return Command(outcome.command_tag);
}

std::unique_ptr<QueryResult> StatementRunner::Run(Statement& statement) {
  // DDL is applied and logged as one step with respect to checkpoints. CREATE TABLE (and
  // CREATE MATERIALIZED VIEW, made as one) takes the lock itself once its query has run:
  // holding it through the query kept every other session's DDL and checkpoints waiting.
  std::unique_lock<std::mutex> ddl;
  bool creates_table = statement.kind == StatementKind::kCreateTable ||
                       (statement.kind == StatementKind::kCreateView &&
                        static_cast<CreateViewStatement&>(statement).materialized);
  bool is_ddl = !creates_table && (statement.kind == StatementKind::kCreateView ||
                                   statement.kind == StatementKind::kCreateSchema || statement.kind == StatementKind::kDrop ||
                                   statement.kind == StatementKind::kAlter || statement.kind == StatementKind::kSecurity ||
                                   statement.kind == StatementKind::kComment);
  if (is_ddl && context_.db().storage()) ddl = context_.db().storage()->LockDdl();
  switch (statement.kind) {
    case StatementKind::kSelect:
      return RunSelect(static_cast<SelectStatement&>(statement));
    case StatementKind::kInsert:
      return RunInsert(static_cast<InsertStatement&>(statement));
    case StatementKind::kCreateTable:
      return RunCreateTable(static_cast<CreateTableStatement&>(statement));
    case StatementKind::kCreateView:
      return RunCreateView(static_cast<CreateViewStatement&>(statement));
    case StatementKind::kCreateSchema: {
      auto& create = static_cast<CreateSchemaStatement&>(statement);
      // CREATE on the database: only its owner, the bootstrap superuser, has it.
      CheckSuperuser(context_, "permission denied for database stockroom");
      bool existed = context_.db().catalog().SchemaExists(create.name);
      if (existed && create.if_not_exists) {
        context_.AddNotice(MessageLevel::kNotice, SqlError(ErrorCode::kDuplicateSchema,
                                                           "schema \"" + create.name + "\" already exists, skipping"));
      }
      context_.db().catalog().CreateSchema(create.name, create.if_not_exists);
      if (!existed) RecordSchemaOwner(context_, create.name);
      LogDdl(create.text);
      return Command("CREATE SCHEMA");
    }
    case StatementKind::kDrop:
      return RunDrop(static_cast<DropStatement&>(statement));
    case StatementKind::kAlter:
      return RunAlter(static_cast<AlterStatement&>(statement));
    case StatementKind::kSet:
      return RunSet(static_cast<SetStatement&>(statement));
    case StatementKind::kShow:
      return RunShow(static_cast<ShowStatement&>(statement));
    case StatementKind::kExplain:
      return RunExplain(static_cast<ExplainStatement&>(statement));
    case StatementKind::kCopy:
      return RunCopy(static_cast<CopyStatement&>(statement));
    case StatementKind::kRefresh:
      return RunRefresh(static_cast<RefreshStatement&>(statement));
    case StatementKind::kAnalyze:
      return RunAnalyze(static_cast<AnalyzeStatement&>(statement));
    case StatementKind::kCheckpoint:
      return RunCheckpoint();
    case StatementKind::kUpdate:
      return RunUpdate(static_cast<UpdateStatement&>(statement));
    case StatementKind::kDelete:
      return RunDelete(static_cast<DeleteStatement&>(statement));
    case StatementKind::kMerge:
      return RunMerge(static_cast<MergeStatement&>(statement));
    case StatementKind::kTruncate:
      return RunTruncate(static_cast<TruncateStatement&>(statement));
    case StatementKind::kSecurity:
      return RunSecurity(static_cast<SecurityStatement&>(statement));
    case StatementKind::kComment:
      return RunComment(static_cast<CommentStatement&>(statement));
    case StatementKind::kTransaction:
    case StatementKind::kVacuum:
    case StatementKind::kDeclareCursor:
    case StatementKind::kFetch:
    case StatementKind::kCloseCursor:
      break;  // the Connection runs transaction control, VACUUM and cursors
  }
  throw InternalError("unknown statement");
}

bool StatementRunner::Describing() const {
  return context_.parameters() && context_.parameters()->describing();
}

std::unique_ptr<PhysicalOperator> StatementRunner::PlanQuery(QueryNode& query, QueryResult& result) {
  Binder binder(context_);
  BoundQuery bound = binder.BindQuery(query);
  result.names = bound.names;
  result.types = bound.plan->types;
  result.ordered = bound.ordered;
  auto plan = Optimizer::Optimize(context_, std::move(bound.plan));
  PhysicalPlanGenerator generator(context_);
  return generator.Create(*plan);
}

std::unique_ptr<ColumnDataCollection> StatementRunner::Execute(std::unique_ptr<PhysicalOperator> plan) {
  PhysicalResultCollector collector(std::move(plan));
  Executor executor(context_);
  executor.Execute(collector);
  return collector.TakeResult();
}

std::unique_ptr<QueryResult> StatementRunner::RunSelect(SelectStatement& statement) {
  auto result = std::make_unique<QueryResult>();
  ResultCache& cache = context_.db().result_cache();
  // The epoch before binding: binding against a catalog that a DDL statement changed
  // meanwhile shows as another epoch (or none) after planning.
  std::optional<uint64_t> epoch = cache.enabled() && context_.autocommit() ? cache.Epoch() : std::nullopt;
  Binder binder(context_);
  BoundQuery bound = binder.BindQuery(*statement.query);
  result->names = bound.names;
  result->types = bound.plan->types;
  result->origins = ColumnOrigins(*bound.plan);
  result->ordered = bound.ordered;
  auto logical = Optimizer::Optimize(context_, std::move(bound.plan));
  std::optional<std::string> key;
  if (epoch && cache.Epoch() == epoch) key = ResultCacheKey(context_, statement.text, *logical, *epoch);
  std::shared_ptr<const ColumnDataCollection> cached = key ? cache.Lookup(*key) : nullptr;
  if (cached) {
    result->rows = CopyRows(*cached);
  } else {
    PhysicalPlanGenerator generator(context_);
    result->rows = Execute(generator.Create(*logical));
    if (key && result->rows->Count() <= cache.max_rows() && !context_.clock_read() && cache.Epoch() == epoch) {
      cache.Store(*key, CopyRows(*result->rows));
    }
  }
  result->time_zone = settings_.time_zone;
  result->command_tag = "SELECT " + std::to_string(result->rows->Count());
  return result;
}

namespace {

void AppendPlanLines(const PhysicalOperator& op, int indent, bool analyze, std::vector<std::string>& lines) {
  std::string line(indent * 2, ' ');
  if (indent > 0) line += "->  ";
  line += op.name;
  std::string params = op.ParamsToString();
  if (!params.empty()) line += " (" + params + ")";
  line += "  (estimated rows=" + std::to_string(static_cast<int64_t>(op.estimated_rows)) + ")";
  if (analyze) {
    line += " (actual rows=" + std::to_string(op.rows_out.load());
    uint64_t ns = op.time_ns.load();
    if (ns) {
      char buf[64];
      std::snprintf(buf, sizeof(buf), " time=%.3f ms", ns / 1e6);
      line += buf;
    }
    line += ")";
    std::string details = op.AnalyzeDetails();
    if (!details.empty()) line += " [" + details + "]";
  }
  lines.push_back(line);
  for (auto& c : op.children) AppendPlanLines(*c, indent + 1, analyze, lines);
}

}  // namespace

std::unique_ptr<QueryResult> StatementRunner::RunExplain(ExplainStatement& statement) {
  if (statement.statement->kind != StatementKind::kSelect) {
    throw SqlError(ErrorCode::kFeatureNotSupported, "EXPLAIN is supported for queries only");
  }
  auto& select = static_cast<SelectStatement&>(*statement.statement);
  QueryResult shape;
  auto plan = PlanQuery(*select.query, shape);
  std::vector<std::string> lines;
  if (statement.analyze) {
    auto start = std::chrono::steady_clock::now();
    PhysicalResultCollector collector(std::move(plan));
    Executor executor(context_);
    executor.Execute(collector);
    double ms = std::chrono::duration<double, std::milli>(std::chrono::steady_clock::now() - start).count();
    auto rows = collector.TakeResult();
    AppendPlanLines(*collector.children[0], 0, true, lines);
    char buf[96];
    std::snprintf(buf, sizeof(buf), "Execution Time: %.3f ms", ms);
    lines.push_back(buf);
  } else {
    AppendPlanLines(*plan, 0, false, lines);
  }
  auto result = std::make_unique<QueryResult>();
  result->names = {"QUERY PLAN"};
  result->types = {TypeId::kText};
  result->rows = std::make_unique<ColumnDataCollection>(result->types);
  DataChunk chunk(result->types);
  for (auto& line : lines) {
    chunk.column(0).SetValue(chunk.size(), Value::Text(line));
    chunk.SetCardinality(chunk.size() + 1);
    if (chunk.size() == kVectorSize) {
      result->rows->Append(chunk);
      chunk.Reset();
    }
  }
  if (chunk.size()) result->rows->Append(chunk);
  result->ordered = true;
  result->command_tag = "EXPLAIN";
  return result;
}

}  // namespace stockroom
