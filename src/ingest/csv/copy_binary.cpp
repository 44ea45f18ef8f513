#include "ingest/csv/copy_binary.hpp"

#include <arpa/inet.h>

#include <cstring>

#include "catalog/catalog_entry.hpp"
#include "common/error/exception.hpp"
#include "common/types/pg_value_format.hpp"
#include "execution/expression/expression_executor.hpp"
#include "main/client_context.hpp"
#include "transaction/transaction.hpp"

namespace stockroom {

namespace {

constexpr char kSignature[11] = {'P', 'G', 'C', 'O', 'P', 'Y', '\n', '\377', '\r', '\n', '\0'};

void PutInt16(int16_t value, std::string& out) {
  uint16_t v = htons(static_cast<uint16_t>(value));
  out.append(reinterpret_cast<const char*>(&v), 2);
}

void PutInt32(int32_t value, std::string& out) {
  uint32_t v = htonl(static_cast<uint32_t>(value));
  out.append(reinterpret_cast<const char*>(&v), 4);
}

SqlError BadFormat(const std::string& message) { return SqlError(ErrorCode::kBadCopyFileFormat, message); }

// Reads the source in order, exactly the bytes asked for.
class BinaryReader {
 public:
  explicit BinaryReader(ByteSource& source) : source_(source) {}

  // Fills `out` with `size` bytes; false when the data ends first (nothing read at all:
  // `*partial` false).
  bool Read(char* out, size_t size, bool* partial = nullptr) {
    size_t got = 0;
    while (got < size) {
      if (begin_ == end_) {
        begin_ = 0;
        end_ = source_.Read(buffer_, sizeof(buffer_));
        if (end_ == 0) {
          if (partial) *partial = got > 0;
          return false;
        }
      }
      size_t take = std::min(size - got, end_ - begin_);
      std::memcpy(out + got, buffer_ + begin_, take);
      begin_ += take;
      got += take;
    }
    return true;
  }
  void Need(char* out, size_t size) {
    if (!Read(out, size)) throw BadFormat("unexpected EOF in COPY data");
  }
  int16_t Int16() {
    uint16_t v;
    Need(reinterpret_cast<char*>(&v), 2);
    return static_cast<int16_t>(ntohs(v));
  }
  int32_t Int32() {
    uint32_t v;
    Need(reinterpret_cast<char*>(&v), 4);
    return static_cast<int32_t>(ntohl(v));
  }
  // Reads a field of `size` bytes into `out`, growing it as the bytes arrive: a claimed
  // length costs no memory until the data is there.
  void Field(uint32_t size, std::string& out) {
    constexpr uint32_t kPiece = 1 << 20;
    out.clear();
    while (out.size() < size) {
      size_t take = std::min<size_t>(size - out.size(), kPiece);
      size_t at = out.size();
      out.resize(at + take);
      Need(out.data() + at, take);
    }
  }
  // Skips `size` bytes (the header extension) without holding them.
  void Skip(uint32_t size) {
    char scratch[4096];
    while (size > 0) {
      uint32_t take = std::min<uint32_t>(size, sizeof(scratch));
      Need(scratch, take);
      size -= take;
    }
  }

 private:
  ByteSource& source_;
  char buffer_[65536];
  size_t begin_ = 0, end_ = 0;
};

void ReadHeader(BinaryReader& in) {
  char signature[sizeof(kSignature)];
  if (!in.Read(signature, sizeof(signature)) || std::memcmp(signature, kSignature, sizeof(kSignature)) != 0) {
    throw BadFormat("COPY file signature not recognized");
  }
  uint32_t flags;
  if (!in.Read(reinterpret_cast<char*>(&flags), 4)) throw BadFormat("invalid COPY file header (missing flags)");
  flags = ntohl(flags);
  if (flags & (1u << 16)) throw BadFormat("invalid COPY file header (WITH OIDS)");
  flags &= ~(1u << 16);
  if ((flags >> 16) != 0) throw BadFormat("unrecognized critical flags in COPY file header");
  uint32_t extension;
  if (!in.Read(reinterpret_cast<char*>(&extension), 4)) throw BadFormat("invalid COPY file header (missing length)");
  extension = ntohl(extension);
  try {
    in.Skip(extension);
  } catch (const SqlError&) {
    throw BadFormat("invalid COPY file header (wrong length)");
  }
}

}  // namespace

void WriteBinaryCopyHeader(std::string& out) {
  out.append(kSignature, sizeof(kSignature));
  PutInt32(0, out);  // flags
  PutInt32(0, out);  // header extension length
}

void WriteBinaryCopyChunk(const DataChunk& chunk, std::string& out) {
  const idx_t columns = chunk.ColumnCount();
  std::string value_bytes;
  for (idx_t row = 0; row < chunk.size(); row++) {
    PutInt16(static_cast<int16_t>(columns), out);
    for (idx_t c = 0; c < columns; c++) {
      Value value = chunk.GetValue(c, row);
      if (value.IsNull()) {
        PutInt32(-1, out);
        continue;
      }
      value_bytes.clear();
      EncodePgBinary(value, value_bytes);
      PutInt32(static_cast<int32_t>(value_bytes.size()), out);
      out += value_bytes;
    }
  }
}

void WriteBinaryCopyTrailer(std::string& out) { PutInt16(-1, out); }

idx_t LoadBinaryCopy(ClientContext& context, const std::shared_ptr<TableEntry>& table, ByteSource& source,
                     const CsvLoadTarget& target) {
  BinaryReader in(source);
  ReadHeader(in);
  const auto& types = target.types;
  const idx_t fields = target.input_columns.size();
  std::vector<bool> is_input(types.size(), false);
  for (idx_t t : target.input_columns) is_input[t] = true;
  ExpressionExecutor defaults(&context);
  std::vector<idx_t> default_columns;
  for (idx_t t = 0; t < types.size(); t++) {
    if (is_input[t]) continue;
    default_columns.push_back(t);
    if (target.defaults[t]) defaults.AddExpression(*target.defaults[t]);
  }

  // Chunks are kept until the end: a failed COPY leaves no rows behind.
  std::vector<std::unique_ptr<DataChunk>> chunks;
  idx_t rows = 0;
  uint64_t line = 0;
  std::string field;
  std::string column;  // the field being read, for the error context
  auto finish_chunk = [&](DataChunk& chunk) {
    DataChunk no_columns;
    no_columns.SetCardinality(chunk.size());
    idx_t k = 0;
    for (idx_t t : default_columns) {
      if (target.defaults[t]) {
        Vector& vector = chunk.column(t);
        defaults.ExecuteExpression(k++, no_columns, vector);
      } else {
        for (idx_t r = 0; r < chunk.size(); r++) chunk.column(t).SetValue(r, Value());
      }
    }
    for (idx_t t = 0; t < types.size(); t++) {
      if (!target.not_null[t]) continue;
      for (idx_t r = 0; r < chunk.size(); r++) {
        if (chunk.GetValue(t, r).IsNull()) {
          throw SqlError(ErrorCode::kNotNullViolation,
                         "null value in column \"" + target.names[t] + "\" of relation \"" + target.relation +
                             "\" violates not-null constraint")
              .WithContext("COPY " + target.relation + ", line " + std::to_string(line - chunk.size() + r + 1));
        }
      }
    }
  };
  try {
    std::unique_ptr<DataChunk> chunk;
    while (true) {
      context.CheckCancelled();
      column.clear();
      int16_t count;
      bool partial = false;
      if (!in.Read(reinterpret_cast<char*>(&count), 2, &partial)) {
        // PostgreSQL accepts data that ends without the trailer, but not inside a field count.
        if (partial) throw BadFormat("unexpected EOF in COPY data");
        break;
      }
      line++;
      count = static_cast<int16_t>(ntohs(static_cast<uint16_t>(count)));
      if (count == -1) {
        char extra;
        if (in.Read(&extra, 1)) throw BadFormat("received copy data after EOF marker");
        break;
      }
      if (count != static_cast<int16_t>(fields) || count < 0) {
        throw BadFormat("row field count is " + std::to_string(count) + ", expected " + std::to_string(fields));
      }
      if (!chunk) chunk = std::make_unique<DataChunk>(types);
      idx_t r = chunk->size();
      for (idx_t f = 0; f < fields; f++) {
        idx_t t = target.input_columns[f];
        column = target.names[t];
        int32_t length = in.Int32();
        if (length == -1) {
          chunk->column(t).SetValue(r, Value());
          continue;
        }
        if (length < 0) throw BadFormat("invalid field size");
        in.Field(static_cast<uint32_t>(length), field);
        chunk->column(t).SetValue(r, DecodePgBinary(types[t], field));
      }
      chunk->SetCardinality(r + 1);
      rows++;
      if (chunk->size() == kVectorSize) {
        finish_chunk(*chunk);
        chunks.push_back(std::move(chunk));
      }
    }
    if (chunk && chunk->size() > 0) {
      finish_chunk(*chunk);
      chunks.push_back(std::move(chunk));
    }
  } catch (SqlError& e) {
    if (e.context().empty()) {
      e.WithContext("COPY " + target.relation + ", line " + std::to_string(line) +
                    (column.empty() ? "" : ", column " + column));
    }
    throw;
  }
  auto& changes = context.transaction().Changes(table);
  for (auto& chunk : chunks) changes.Append(*chunk);
  return rows;
}

}  // namespace stockroom
