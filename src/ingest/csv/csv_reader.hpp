#pragma once

#include <functional>
#include <memory>
#include <string>
#include <vector>

#include "common/types/vector.hpp"
#include "ingest/csv/csv_options.hpp"
#include "ingest/json/json_row_tokenizer.hpp"
#include "storage/table/data_table.hpp"

namespace stockroom {

class BoundExpression;
class ClientContext;
class ByteSource;

// What a COPY FROM loads into: the table's columns, which of them the file supplies, and
// how the others are filled.
struct CsvLoadTarget {
  std::string relation;  // table name as error contexts print it
  std::vector<std::string> names;  // every table column
  std::vector<LogicalType> types;
  std::vector<bool> not_null;
  std::vector<idx_t> input_columns;  // the table column of each field of a row, in order
  // Per table column: the DEFAULT of a column the file does not supply (nullptr: NULL).
  // Owned by the caller; evaluated once per row.
  std::vector<const BoundExpression*> defaults;
  std::vector<bool> force_not_null;  // per input column
  std::vector<bool> force_null;      // per input column
  // FORMAT json with a JSONPaths file: one path per input column (empty: JSON 'auto', the
  // columns by name).
  std::vector<JsonPath> json_paths;
  // Pages out each row group once it is full, while the rest of the file loads (null: the
  // groups stay in memory). The load's result then holds the paged groups.
  RowGroupWriter write_full_group;
};

struct CsvLoadResult {
  std::vector<std::shared_ptr<RowGroup>> groups;  // in file order; all full but the last
  idx_t rows = 0;
};

// A row a COPY did not load: where it is, what was wrong (stl_load_errors' columns).
struct LoadRejection {
  uint64_t line = 0;       // physical line, counted as PostgreSQL does
  std::string column;      // the failing column, "" when the row as a whole failed
  std::string type;        // that column's type
  std::string raw_line;    // the row's text (cut to 1024 bytes)
  std::string raw_value;   // the field's text (cut to 1024 bytes)
  std::string sqlstate;
  std::string reason;      // the error message
};

// What a load reports besides its rows; filled as it goes, so it is complete when the load
// throws too.
struct LoadReport {
  // MAXERROR: rows that may be rejected (and left out) before the load fails. With 0 the
  // first bad row fails the load with PostgreSQL's error.
  int64_t max_rejects = 0;
  std::vector<LoadRejection> rejections;  // in file order (the one that failed the load last)
  uint64_t lines = 0;                     // physical lines read
};

// Reads PostgreSQL's COPY text or csv format, or NDJSON (one object per line; blank lines
// skipped), from `reader` into row groups, without
// touching any table, so that a failed load changes nothing. Big segments of the input are
// split at row boundaries (quote-aware) on the calling thread while the next segment is
// read and decompressed in the background; the rows are parsed and converted in parallel
// on the executor's workers. Errors are the first PostgreSQL would report, with its
// CONTEXT ("COPY t, line 3, column a: "abc""); line numbers count physical lines including
// the header, as PostgreSQL does.
// With report.max_rejects > 0 a bad row is recorded and left out instead; once more rows
// than that are rejected the load stops with 22P04 naming the count and the first error.
CsvLoadResult LoadCsv(ClientContext& context, ByteSource& reader, const CsvOptions& options,
                      const CsvLoadTarget& target, LoadReport& report);

// Makes every segment `bytes` long (0 restores the adaptive sizes), so that tests can put
// segment boundaries everywhere. Process-wide.
void SetCsvSegmentBytesForTesting(size_t bytes);

}  // namespace stockroom
