#pragma once

#include <memory>
#include <string>
#include <vector>

#include "common/types/vector.hpp"
#include "ingest/csv/csv_options.hpp"

namespace stockroom {

class BoundExpression;
class ClientContext;
class FileReader;
struct RowGroup;

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
};

struct CsvLoadResult {
  std::vector<std::shared_ptr<RowGroup>> groups;  // in file order; all full but the last
  idx_t rows = 0;
};

// Reads PostgreSQL's COPY text or csv format from `reader` into row groups, without
// touching any table, so that a failed load changes nothing. Big segments of the input are
// split at row boundaries (quote-aware) on the calling thread while the next segment is
// read and decompressed in the background; the rows are parsed and converted in parallel
// on the executor's workers. Errors are the first PostgreSQL would report, with its
// CONTEXT ("COPY t, line 3, column a: "abc""); line numbers count physical lines including
// the header, as PostgreSQL does.
CsvLoadResult LoadCsv(ClientContext& context, FileReader& reader, const CsvOptions& options,
                      const CsvLoadTarget& target);

// Makes every segment `bytes` long (0 restores the adaptive sizes), so that tests can put
// segment boundaries everywhere. Process-wide.
void SetCsvSegmentBytesForTesting(size_t bytes);

}  // namespace stockroom
