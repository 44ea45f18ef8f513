#pragma once

#include <memory>
#include <string>

#include "common/io/byte_stream.hpp"
#include "common/types/vector.hpp"
#include "ingest/csv/csv_reader.hpp"

namespace stockroom {

class ClientContext;
class TableEntry;

// PostgreSQL's binary COPY format (https://www.postgresql.org/docs/15/sql-copy.html,
// "Binary Format"): the 11-byte signature "PGCOPY\n\377\r\n\0", an int32 flags field, an
// int32 header extension length and its bytes; then per tuple an int16 field count and per
// field an int32 length (-1: NULL) and the value in its type's binary send format
// (common/types/pg_value_format.hpp); an int16 -1 ends the data. Integers are big-endian.

// Writes the header (no flags, no extension), as PostgreSQL 15 does.
void WriteBinaryCopyHeader(std::string& out);
// Appends every row of `chunk` as a tuple.
void WriteBinaryCopyChunk(const DataChunk& chunk, std::string& out);
// The file trailer (field count -1).
void WriteBinaryCopyTrailer(std::string& out);

// Reads binary COPY data from `source` into the transaction's rows of `table`: the input
// columns from the tuples, the other columns from their DEFAULTs, NOT NULL checked; all or
// nothing. Malformed data fails with PostgreSQL's errors (22P04 bad_copy_file_format,
// 22P03 for a value its type cannot read) and a "COPY t, line n, column c" context.
// Returns the rows loaded.
idx_t LoadBinaryCopy(ClientContext& context, const std::shared_ptr<TableEntry>& table, ByteSource& source,
                     const CsvLoadTarget& target);

}  // namespace stockroom
