#include <glob.h>

#include <algorithm>
#include <cerrno>
#include <cstring>
#include <functional>

#include "binder/binder.hpp"
#include "security/access_control.hpp"
#include "binder/type_coercion.hpp"
#include "catalog/catalog.hpp"
#include "catalog/catalog_sql.hpp"
#include "common/error/exception.hpp"
#include "common/io/file_reader.hpp"
#include "common/io/file_writer.hpp"
#include "ingest/load_history.hpp"
#include "ingest/csv/copy_binary.hpp"
#include "ingest/csv/csv_reader.hpp"
#include "ingest/csv/csv_writer.hpp"
#include "main/column_assignment.hpp"
#include "main/copy_streams.hpp"
#include "main/database.hpp"
#include "main/statement_runner.hpp"
#include "sql/parser.hpp"
#include "storage/table/data_table.hpp"
#include "transaction/transaction.hpp"

namespace stockroom {

namespace {

int Pos(int location) { return location >= 0 ? location + 1 : 0; }

// Resolves the COPY column list (all columns when empty) to table column positions.
std::vector<idx_t> ResolveColumns(const TableEntry& table, const std::vector<std::string>& names) {
  std::vector<idx_t> out;
  if (names.empty()) {
    for (idx_t i = 0; i < table.columns.size(); i++) out.push_back(i);
    return out;
  }
  for (auto& name : names) {
    int64_t index = table.ColumnIndex(name);
    if (index < 0) {
      throw SqlError(ErrorCode::kUndefinedColumn,
                     "column \"" + name + "\" of relation \"" + table.name + "\" does not exist");
    }
    if (std::find(out.begin(), out.end(), static_cast<idx_t>(index)) != out.end()) {
      throw SqlError(ErrorCode::kDuplicateColumn, "column \"" + name + "\" specified more than once");
    }
    out.push_back(static_cast<idx_t>(index));
  }
  return out;
}

// Turns FORCE_NOT_NULL/FORCE_NULL/FORCE_QUOTE column names into flags over the COPY's
// columns, as CopyGetAttnums and the "not referenced by COPY" checks do.
std::vector<bool> ForceFlags(const TableEntry* table, const std::vector<std::string>& copy_names,
                             const std::vector<std::string>& force, const char* option) {
  std::vector<bool> flags(copy_names.size(), false);
  for (auto& name : force) {
    auto it = std::find(copy_names.begin(), copy_names.end(), name);
    if (it == copy_names.end()) {
      if (!table) throw SqlError(ErrorCode::kUndefinedColumn, "column \"" + name + "\" does not exist");
      if (table->ColumnIndex(name) < 0) {
        throw SqlError(ErrorCode::kUndefinedColumn,
                       "column \"" + name + "\" of relation \"" + table->name + "\" does not exist");
      }
      throw SqlError(ErrorCode::kInvalidColumnReference,
                     std::string(option) + " column \"" + name + "\" not referenced by COPY");
    }
    flags[it - copy_names.begin()] = true;
  }
  return flags;
}

std::shared_ptr<CatalogEntry> LookupRelation(ClientContext& context, const QualifiedName& name,
                                             const std::vector<std::string>& search_path) {
  auto entry = context.db().catalog().Lookup(name.schema, name.name, search_path);
  if (!entry) {
    throw SqlError(ErrorCode::kUndefinedTable, "relation \"" + name.ToString() + "\" does not exist",
                   Pos(name.location));
  }
  return entry;
}

bool EndsWith(const std::string& s, std::string_view suffix) {
  return s.size() >= suffix.size() && s.compare(s.size() - suffix.size(), suffix.size(), suffix) == 0;
}

std::string ReadWholeFile(const std::string& path) {
  FileReader reader(path);
  std::string text;
  char buffer[1 << 16];
  while (size_t n = reader.Read(buffer, sizeof(buffer))) text.append(buffer, n);
  return text;
}

// The files a COPY FROM names: the path itself, or the files a glob pattern (*, ?, [...])
// matches, in name order.
std::vector<std::string> ExpandFilePattern(const std::string& pattern) {
  if (pattern.find_first_of("*?[") == std::string::npos) return {pattern};
  // glob's error callback takes no context: it reports through these.
  static thread_local std::string failed_path;
  static thread_local int failed_errno;
  auto on_error = [](const char* path, int error) {
    failed_path = path;
    failed_errno = error;
    return 1;
  };
  glob_t found{};
  int rc = glob(pattern.c_str(), GLOB_ERR, on_error, &found);
  std::vector<std::string> files(found.gl_pathv, found.gl_pathv + (rc == 0 ? found.gl_pathc : 0));
  globfree(&found);
  if (rc == GLOB_ABORTED) {
    throw SqlError(failed_errno == EACCES ? ErrorCode::kInsufficientPrivilege : ErrorCode::kIoError,
                   "could not open directory \"" + failed_path + "\": " + std::strerror(failed_errno));
  }
  if (rc == GLOB_NOMATCH || files.empty()) {
    throw SqlError(ErrorCode::kUndefinedFile, "no files match \"" + pattern + "\"");
  }
  if (rc != 0) throw SqlError(ErrorCode::kOutOfMemory, "out of memory expanding \"" + pattern + "\"");
  return files;
}

// Opens one input of a COPY FROM by its name (a file, or STDIN).
using SourceOpener = std::function<std::unique_ptr<ByteSource>(const std::string& name)>;

// Loads `files` one after the other (each with every core) into the transaction's rows of
// `table`, all or nothing, and records each file and rejected row in the load history, also
// when the load fails. Returns the rows loaded.
idx_t LoadFiles(ClientContext& context, const std::shared_ptr<TableEntry>& table, const std::vector<std::string>& files,
                const SourceOpener& open, const CsvOptions& options, const CsvLoadTarget& target) {
  LoadHistory& history = context.db().load_history();
  LoadReport report;
  report.max_rejects = options.max_errors;
  std::vector<LoadRecord> loads;
  std::vector<LoadErrorRecord> errors;
  const int64_t query = history.NextQueryId();
  const int64_t start = CurrentTimestampMicros();
  auto record_file = [&](const std::string& file, size_t first_rejection, idx_t rows, uint64_t bytes, bool ok) {
    LoadRecord load;
    load.query = query;
    load.table = table->QualifiedName();
    load.filename = file;
    load.lines = report.lines;
    load.rows_loaded = ok ? rows : 0;
    load.rows_rejected = report.rejections.size() - first_rejection;
    load.bytes = bytes;
    load.start = start;
    load.end = CurrentTimestampMicros();
    load.status = ok ? "loaded" : "failed";
    loads.push_back(std::move(load));
    for (size_t i = first_rejection; i < report.rejections.size(); i++) {
      errors.push_back({query, start, table->QualifiedName(), file, report.rejections[i]});
    }
  };
  std::vector<std::shared_ptr<RowGroup>> groups;
  idx_t rows = 0;
  for (const std::string& file : files) {
    size_t first_rejection = report.rejections.size();
    report.lines = 0;
    uint64_t bytes = 0;
    try {
      std::unique_ptr<ByteSource> reader = open(file);
      bytes = reader->file_size();
      CsvLoadResult loaded = LoadCsv(context, *reader, options, target, report);
      record_file(file, first_rejection, loaded.rows, bytes, true);
      rows += loaded.rows;
      for (auto& g : loaded.groups) groups.push_back(std::move(g));
    } catch (SqlError&) {
      record_file(file, first_rejection, 0, bytes, false);
      for (auto& load : loads) {
        load.rows_loaded = 0;
        load.status = "failed";
      }
      history.Add(std::move(loads), std::move(errors));
      throw;
    }
  }
  history.Add(std::move(loads), std::move(errors));
  // Publishing every row group at once keeps a failed COPY from leaving part of its rows.
  if (!groups.empty()) context.transaction().Changes(table).AppendGroups(std::move(groups));
  return rows;
}

}  // namespace

std::unique_ptr<QueryResult> StatementRunner::RunCopy(CopyStatement& stmt) {
  if (stmt.is_program) {
    throw SqlError(ErrorCode::kFeatureNotSupported,
                   stmt.is_from ? "COPY FROM PROGRAM is not supported" : "COPY TO PROGRAM is not supported");
  }
  // An empty file name is STDIN/STDOUT: the client's side of the COPY.
  CopyStreams* client = stmt.filename.empty() ? context_.copy_streams() : nullptr;
  if (stmt.filename.empty() && !client) {
    throw SqlError(ErrorCode::kFeatureNotSupported,
                   stmt.is_from ? "COPY FROM STDIN is not supported by this client"
                                : "COPY TO STDOUT is not supported by this client");
  }

  if (stmt.is_from) {
    auto entry = LookupRelation(context_, stmt.table, settings_.search_path);
    if (entry->kind == CatalogEntryKind::kView) {
      throw SqlError(ErrorCode::kWrongObjectType, "cannot copy to view \"" + entry->name + "\"")
          .WithHint("To enable copying to a view, provide an INSTEAD OF INSERT trigger.");
    }
    if (entry->kind != CatalogEntryKind::kTable) {
      throw SqlError(ErrorCode::kWrongObjectType, "cannot copy to materialized view \"" + entry->name + "\"");
    }
    auto table = std::static_pointer_cast<TableEntry>(entry);
    CheckRelationPrivilege(context_, *table, kPrivInsert);
    CsvOptions options = ParseCopyOptions(stmt.options, true);
    std::vector<idx_t> input = ResolveColumns(*table, stmt.columns);
    std::vector<std::string> input_names;
    for (idx_t i : input) input_names.push_back(table->columns[i].name);

    CsvLoadTarget target;
    if (options.json() && options.json_paths != "auto") {
      target.json_paths = ParseJsonPaths(ReadWholeFile(options.json_paths));
      if (target.json_paths.size() != input.size()) {
        throw SqlError(ErrorCode::kInvalidParameterValue,
                       "JSONPaths file \"" + options.json_paths + "\" has " + std::to_string(target.json_paths.size()) +
                           " expressions, but the COPY loads " + std::to_string(input.size()) + " columns");
      }
    }
    target.relation = table->name;
    target.input_columns = input;
    target.write_full_group = context_.transaction().GroupWriter(table);
    target.force_not_null = ForceFlags(table.get(), input_names, options.force_not_null, "FORCE_NOT_NULL");
    target.force_null = ForceFlags(table.get(), input_names, options.force_null, "FORCE_NULL");
    std::vector<std::unique_ptr<BoundExpression>> defaults(table->columns.size());
    for (idx_t c = 0; c < table->columns.size(); c++) {
      const ColumnInfo& column = table->columns[c];
      target.names.push_back(column.name);
      target.types.push_back(column.type);
      target.not_null.push_back(column.not_null);
      if (std::find(input.begin(), input.end(), c) == input.end()) defaults[c] = column.default_sql.empty() ? nullptr : BindColumnDefault(context_, column);
      target.defaults.push_back(defaults[c].get());
    }

    bool binary = options.format == CopyFormat::kBinary;
    if (binary) {
      // One input (no file patterns or load history): PostgreSQL's format for a client or
      // a file written by COPY TO ... (FORMAT binary).
      std::unique_ptr<ByteSource> source;
      if (client) {
        source = client->OpenCopyIn(input.size(), true);
      } else {
        source = std::make_unique<FileReader>(stmt.filename);
      }
      idx_t rows = LoadBinaryCopy(context_, table, *source, target);
      return Command("COPY " + std::to_string(rows));
    }
    std::vector<std::string> inputs = client ? std::vector<std::string>{"STDIN"} : ExpandFilePattern(stmt.filename);
    SourceOpener open = [&](const std::string& name) -> std::unique_ptr<ByteSource> {
      if (client) return client->OpenCopyIn(input.size(), false);
      return std::make_unique<FileReader>(name);
    };
    idx_t rows = LoadFiles(context_, table, inputs, open, options, target);
    return Command("COPY " + std::to_string(rows));
  }

  // COPY ... TO: run the query (or read the table) and write its rows.
  std::unique_ptr<PhysicalOperator> plan;
  QueryResult shape;
  const TableEntry* table = nullptr;
  std::shared_ptr<CatalogEntry> entry;
  if (stmt.query) {
    plan = PlanQuery(*stmt.query, shape);
  } else {
    entry = LookupRelation(context_, stmt.table, settings_.search_path);
    if (entry->kind != CatalogEntryKind::kTable) {
      throw SqlError(ErrorCode::kWrongObjectType,
                     std::string("cannot copy from ") +
                         (entry->kind == CatalogEntryKind::kView ? "view" : "materialized view") + " \"" +
                         entry->name + "\"")
          .WithHint("Try the COPY (SELECT ...) TO variant.");
    }
    table = static_cast<const TableEntry*>(entry.get());
    CheckRelationPrivilege(context_, *table, kPrivSelect);
    std::vector<idx_t> columns = ResolveColumns(*table, stmt.columns);
    std::string sql = "SELECT ";
    for (size_t i = 0; i < columns.size(); i++) {
      if (i) sql += ", ";
      sql += QuoteIdentifier(table->columns[columns[i]].name);
    }
    sql += " FROM " + QuoteIdentifier(table->schema) + "." + QuoteIdentifier(table->name);
    auto statements = Parser::Parse(sql);
    plan = PlanQuery(*static_cast<SelectStatement&>(*statements[0]).query, shape);
  }
  CsvOptions options = ParseCopyOptions(stmt.options, false);
  std::vector<bool> force_quote = ForceFlags(table, shape.names, options.force_quote, "FORCE_QUOTE");
  if (options.force_quote_all) force_quote.assign(shape.names.size(), true);

  bool gzip = options.compression == CopyCompression::kGzip ||
              (options.compression == CopyCompression::kAuto && EndsWith(stmt.filename, ".gz"));
  // The file is created before the query runs (a bad path fails first); the client learns
  // of the COPY once its rows are ready.
  std::unique_ptr<ByteSink> file;
  if (!client) file = std::make_unique<FileWriter>(stmt.filename, gzip);
  auto rows = Execute(std::move(plan));
  bool binary = options.format == CopyFormat::kBinary;
  std::unique_ptr<ByteSink> sink = client ? client->OpenCopyOut(shape.names.size(), binary) : std::move(file);
  ByteSink& writer = *sink;
  if (binary) {
    std::string out;
    WriteBinaryCopyHeader(out);
    for (idx_t i = 0; i < rows->ChunkCount(); i++) {
      WriteBinaryCopyChunk(rows->GetChunk(i), out);
      if (out.size() >= (1u << 20)) {
        writer.Write(out);
        out.clear();
      }
    }
    WriteBinaryCopyTrailer(out);
    writer.Write(out);
    writer.Close();
    return Command("COPY " + std::to_string(rows->Count()));
  }
  CsvWriter csv(options, shape.types, std::move(force_quote), &context_);
  std::string out;
  if (options.header != CopyHeader::kNone) csv.WriteHeader(shape.names, out);
  for (idx_t i = 0; i < rows->ChunkCount(); i++) {
    csv.WriteChunk(rows->GetChunk(i), out);
    if (out.size() >= (1u << 20)) {
      writer.Write(out);
      out.clear();
    }
  }
  writer.Write(out);
  writer.Close();
  return Command("COPY " + std::to_string(rows->Count()));
}

}  // namespace stockroom
