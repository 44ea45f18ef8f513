#include "ingest/csv/csv_reader.hpp"

#include <algorithm>
#include <atomic>
#include <cstring>
#include <future>
#include <optional>

#include "binder/expression/bound_expression.hpp"
#include "common/error/exception.hpp"
#include "common/io/file_reader.hpp"
#include "common/memory/bulk_allocation.hpp"
#include "common/memory/memory_tracker.hpp"
#include "execution/executor.hpp"
#include "execution/expression/expression_executor.hpp"
#include "ingest/csv/csv_scanner.hpp"
#include "ingest/csv/field_parsers.hpp"
#include "main/client_context.hpp"
#include "storage/table/data_table.hpp"
#include "storage/table/zone_map.hpp"

namespace stockroom {

namespace {

constexpr size_t kFirstSegment = 16u << 20;
constexpr size_t kMinSegment = 16u << 20;
constexpr size_t kMaxSegment = 256u << 20;
std::atomic<size_t> segment_bytes_for_testing{0};
// Rows are addressed with 32-bit offsets inside a segment.
constexpr size_t kMaxRowBytes = 1u << 30;
// PostgreSQL's MAX_COPY_DATA_DISPLAY.
constexpr size_t kMaxDisplay = 100;
// stl_load_errors keeps this much of a raw line or field, as Redshift's char(1024) columns.
constexpr size_t kMaxRawText = 1024;


// ACCEPTINVCHARS: replaces every byte of each invalid UTF-8 sequence (and NUL) in place.
void ReplaceInvalidUtf8(char* data, size_t size, char replacement) {
  size_t pos = 0;
  while (pos < size) {
    size_t bad = FindInvalidUtf8(data + pos, size - pos, nullptr);
    if (bad == std::string::npos) return;
    data[pos + bad] = replacement;
    pos += bad + 1;
  }
}

// NDJSON: takes blank lines out of the scan, counting them as lines of the next row so that
// line numbers stay right.
void DropBlankRows(const char* data, ScanResult& scan) {
  size_t kept = 0;
  for (size_t r = 0; r < scan.rows(); r++) {
    const char* p = data + scan.begin[r];
    const char* end = data + scan.end[r];
    while (p < end && (*p == ' ' || *p == '\t' || *p == '\r')) p++;
    if (p == end) {
      if (!scan.embedded.empty() && scan.embedded.back().first == kept) {
        scan.embedded.back().second++;
      } else {
        scan.embedded.emplace_back(static_cast<uint32_t>(kept), 1);
      }
      continue;
    }
    scan.begin[kept] = scan.begin[r];
    scan.end[kept] = scan.end[r];
    kept++;
  }
  scan.begin.resize(kept);
  scan.end.resize(kept);
}

// The DATEFORMAT or TIMEFORMAT that applies to a column of `type`.
std::string DatetimeFormat(const CsvOptions& options, const LogicalType& type) {
  if (type.id() == TypeId::kDate) return options.date_format;
  if (type.id() == TypeId::kTimestamp || type.id() == TypeId::kTimestampTz) return options.time_format;
  return "";
}

// Returns `text` cut to at most `limit` bytes on a character boundary.
std::string_view CutAtCharacter(std::string_view text, size_t limit) {
  if (text.size() <= limit) return text;
  size_t len = limit;
  while (len > 0 && (static_cast<unsigned char>(text[len]) & 0xC0) == 0x80) --len;
  return text.substr(0, len);
}

// Returns `text` cut to at most 100 bytes, with "..." when cut, as PostgreSQL's COPY error
// context prints data.
std::string LimitPrintout(std::string_view text) {
  std::string_view cut = CutAtCharacter(text, kMaxDisplay);
  return std::string(cut) + (cut.size() < text.size() ? "..." : "");
}

// The input of one segment plus one sentinel byte past the end, charged to the query.
class SegmentBuffer {
 public:
  SegmentBuffer(MemoryTracker& tracker, size_t capacity) : tracker_(tracker), capacity_(capacity) {
    tracker_.Reserve(capacity_ + kScanPadding);
    data_ = AllocateBulk(capacity_ + kScanPadding);
  }
  ~SegmentBuffer() { tracker_.Release(capacity_ + kScanPadding); }
  SegmentBuffer(const SegmentBuffer&) = delete;
  SegmentBuffer& operator=(const SegmentBuffer&) = delete;

  char* data() { return reinterpret_cast<char*>(data_.get()); }
  size_t capacity() const { return capacity_; }
  // Places the sentinel that stops the tokenizer's inner loops at the end of the data.
  void Seal() { data_[size] = '\n'; }

  size_t size = 0;
  bool eof = false;

 private:
  MemoryTracker& tracker_;
  size_t capacity_;
  std::shared_ptr<uint8_t[]> data_;
};

// Reads until `size` bytes or the end of the file.
size_t ReadFully(ByteSource& reader, char* data, size_t size) { return reader.Read(data, size); }

// ----------------------------------------------------------------------------
// Row groups written in place by the parse tasks.

std::shared_ptr<uint64_t[]> AllValid(idx_t rows) {
  idx_t words = ValidityMask::Words(rows);
  std::shared_ptr<uint64_t[]> bits(new uint64_t[words]);
  std::memset(bits.get(), 0xFF, words * 8);
  return bits;
}

// Gives every column of `group` arrays for `rows` rows, carved from one block, keeping the
// group's first `group.count` rows.
void SizeGroup(RowGroup& group, idx_t rows) {
  size_t bytes = 0;
  for (auto& seg : group.columns) bytes += (PhysicalSize(seg.type.physical()) * rows + 15) / 16 * 16;
  std::shared_ptr<uint8_t[]> block = AllocateBulk(std::max<size_t>(bytes, 1));
  size_t offset = 0;
  for (auto& seg : group.columns) {
    idx_t width = PhysicalSize(seg.type.physical());
    // Aliasing pointers: each column's array keeps the whole block alive.
    std::shared_ptr<uint8_t[]> data(block, block.get() + offset);
    offset += (width * rows + 15) / 16 * 16;
    if (group.count) std::memcpy(data.get(), seg.data.get(), width * group.count);
    seg.data = std::move(data);
    auto validity = AllValid(rows);
    if (seg.validity && group.count) {
      std::memcpy(validity.get(), seg.validity.get(), ValidityMask::Words(group.count) * 8);
    }
    seg.validity = std::move(validity);
    seg.capacity = rows;
  }
}

std::shared_ptr<RowGroup> CreateGroup(const std::vector<LogicalType>& types, idx_t rows) {
  auto group = std::make_shared<RowGroup>();
  group->columns.resize(types.size());
  for (size_t c = 0; c < types.size(); c++) {
    ColumnSegment& seg = group->columns[c];
    seg.type = types[c];
    if (types[c].physical() == PhysicalType::kString) seg.heap = std::make_shared<StringHeap>();
  }
  SizeGroup(*group, rows);
  return group;
}

// Grows a group to `rows` (the group is not visible to anyone yet).
void GrowGroup(RowGroup& group, idx_t rows) {
  if (group.columns.empty() || group.columns[0].capacity < rows) SizeGroup(group, rows);
}

// ----------------------------------------------------------------------------
// The load.

struct LoadError {
  enum class Context : uint8_t { kNone, kLineNoText, kLine, kColumn };
  LoadError(size_t row, SqlError error, Context context) : row(row), error(std::move(error)), context(context) {}
  size_t row;  // row of the segment's scan
  SqlError error;
  Context context;
  std::string column;
  idx_t table_column = 0;  // with Context::kColumn
  std::string value;
  bool null_value = false;
};

// What a parse task produced for one row group.
struct GroupPart {
  idx_t group = 0;
  std::vector<ZoneMap> zones;                      // per table column
  std::vector<std::shared_ptr<StringHeap>> heaps;  // per table column (strings only)
};

struct Task {
  idx_t begin = 0;  // data rows of the segment
  idx_t end = 0;
  std::vector<GroupPart> parts;
  std::optional<LoadError> error;  // stops the load
  // MAXERROR: rows left out, with their load row numbers (for the final compaction).
  std::vector<LoadError> rejected;
  std::vector<idx_t> rejected_rows;
};

// What a parse task works in: the fields of a batch of rows, their values (with the
// defaults), and one row converted on its own (`probe`) when the batch is looked at row by
// row.
struct TaskBuffers {
  TaskBuffers(const std::vector<LogicalType>& types, idx_t columns)
      : field_storage(std::max<idx_t>(columns, 1) * kVectorSize), fields(columns), chunk(types) {
    for (idx_t c = 0; c < columns; c++) fields[c] = field_storage.data() + c * kVectorSize;
  }
  std::vector<CsvField> field_storage;
  std::vector<CsvField*> fields;  // fields[column][row of the batch]
  ScratchArena scratch;
  DataChunk chunk;
  DataChunk probe;
};

class CsvLoad {
 public:
  CsvLoad(ClientContext& context, ByteSource& reader, const CsvOptions& options, const CsvLoadTarget& target,
          LoadReport& report)
      : context_(context),
        reader_(reader),
        options_(options),
        target_(target),
        report_(report),
        splitter_(options),
        tokenizer_(options, target.input_columns.size(), &target.force_not_null, &target.force_null),
        header_tokenizer_(options, target.input_columns.size(), nullptr, nullptr),
        executor_(context) {
    for (idx_t t : target.input_columns) {
      parsers_.emplace_back(target.types[t], &context, DatetimeFormat(options, target.types[t]));
    }
    if (options.json()) {
      std::vector<std::string> names;
      for (idx_t t : target.input_columns) names.push_back(target.names[t]);
      json_.emplace(target.json_paths.empty() ? JsonRowTokenizer::ForColumnNames(names)
                                              : JsonRowTokenizer::ForPaths(target.json_paths));
    }
    skip_rows_ = std::max<uint64_t>(options.header != CopyHeader::kNone ? 1 : 0,
                                    static_cast<uint64_t>(options.ignore_header));
    for (size_t t = 0; t < target.types.size(); t++) {
      if (std::find(target.input_columns.begin(), target.input_columns.end(), t) == target.input_columns.end()) {
        default_columns_.push_back(t);
      }
    }
    if (!options.encoding.empty() && options.encoding != "UTF8" && options.encoding != "SQL_ASCII" &&
        options.encoding != "LATIN1") {
      throw SqlError(ErrorCode::kFeatureNotSupported,
                     "encoding conversion from " + options.encoding + " to UTF8 is not supported");
    }
    latin1_ = options.encoding == "LATIN1";
  }

  CsvLoadResult Run();

 private:
  std::unique_ptr<SegmentBuffer> ReadSegment(size_t capacity, const char* carry, size_t carry_size);
  size_t NextSegmentSize(size_t rows, size_t bytes, size_t current, bool no_rows) const;
  void CheckHeader(const char* data, const ScanResult& scan);
  void ProcessSegment(const char* data, const ScanResult& scan, size_t first_row);
  void RunTask(const char* data, const ScanResult& scan, size_t first_row, Task& task);
  // Converts row i of the batch field by field into b.probe and checks NOT NULL, in
  // PostgreSQL's order; records the first error in `error`. `present` limits the fields
  // looked at (a row with missing data).
  bool CheckRow(TaskBuffers& b, idx_t i, size_t scan_row, idx_t present, bool check_not_null,
                std::optional<LoadError>& error) const;
  // MAXERROR: rows [r0, r0 + n) of the scan one by one into b.chunk (defaults already
  // there): good rows converted, bad ones recorded in `task` and set to NULL.
  void RejectBadRows(const char* data, const ScanResult& scan, size_t r0, idx_t n, idx_t first_load_row,
                     TaskBuffers& b, Task& task) const;
  // Splits a row with the csv/text tokenizer or, for NDJSON, the JSON one.
  RowStatus SplitRow(const char* begin, const char* end, CsvField* const* fields, size_t row, ScratchArena& scratch,
                     size_t* count, std::string* message) const;
  // EMPTYASNULL / BLANKSASNULL on rows [begin, end) of the field arrays.
  void ApplyNullOptions(CsvField* const* fields, idx_t begin, idx_t end) const;
  // Records a rejected row (MAXERROR) and fails the load past the limit.
  void Reject(const LoadError& error, const char* data, const ScanResult& scan);
  LoadRejection Describe(const LoadError& error, const char* data, const ScanResult& scan) const;
  // Leaves the rejected rows out of the loaded groups.
  void RemoveRejectedRows();
  // Hands the groups that became full to target_.write_full_group, in parallel.
  void WriteFullGroups();
  // The error for a row the tokenizer rejected; `fields` is how many fields it found.
  LoadError RowError(RowStatus status, size_t row, size_t fields, const std::string& message) const;
  [[noreturn]] void Throw(LoadError& error, const char* data, const ScanResult& scan);

  ClientContext& context_;
  ByteSource& reader_;
  const CsvOptions& options_;
  const CsvLoadTarget& target_;
  LoadReport& report_;
  bool rejecting_ = report_.max_rejects > 0;
  uint64_t skip_rows_ = 0;  // header rows still to skip
  std::vector<idx_t> rejected_rows_;
  RowSplitter splitter_;
  Tokenizer tokenizer_;
  Tokenizer header_tokenizer_;
  std::optional<JsonRowTokenizer> json_;
  Executor executor_;
  std::vector<FieldParser> parsers_;
  std::vector<idx_t> default_columns_;
  bool latin1_ = false;
  bool header_pending_ = true;
  uint64_t lines_before_ = 0;  // physical lines before the current segment
  idx_t rows_ = 0;             // data rows loaded so far
  std::vector<std::shared_ptr<RowGroup>> groups_;
  idx_t written_groups_ = 0;   // groups_ handed to target_.write_full_group
};

// Columns without NULLs need no bitmap (scans then skip the validity checks).
void DropUnusedValidity(RowGroup& group) {
  for (auto& seg : group.columns) {
    if (seg.zone.null_count == 0) seg.validity.reset();
  }
}

std::unique_ptr<SegmentBuffer> CsvLoad::ReadSegment(size_t capacity, const char* carry, size_t carry_size) {
  auto buffer = std::make_unique<SegmentBuffer>(context_.memory(), capacity);
  if (carry_size > 0) std::memcpy(buffer->data(), carry, carry_size);
  size_t want = capacity - carry_size;
  size_t got = ReadFully(reader_, buffer->data() + carry_size, want);
  buffer->size = carry_size + got;
  buffer->eof = got < want;
  return buffer;
}

// Converts the LATIN1 bytes after `from` to UTF-8 (every byte maps to one code point).
std::unique_ptr<SegmentBuffer> Latin1ToUtf8(MemoryTracker& tracker, SegmentBuffer& in, size_t from) {
  size_t extra = 0;
  for (size_t i = from; i < in.size; i++) extra += static_cast<unsigned char>(in.data()[i]) >= 0x80;
  auto out = std::make_unique<SegmentBuffer>(tracker, in.size + extra);
  std::memcpy(out->data(), in.data(), from);
  size_t n = from;
  for (size_t i = from; i < in.size; i++) {
    auto c = static_cast<unsigned char>(in.data()[i]);
    if (c < 0x80) {
      out->data()[n++] = static_cast<char>(c);
    } else {
      out->data()[n++] = static_cast<char>(0xC0 | (c >> 6));
      out->data()[n++] = static_cast<char>(0x80 | (c & 0x3F));
    }
  }
  out->size = n;
  out->eof = in.eof;
  return out;
}

size_t CsvLoad::NextSegmentSize(size_t rows, size_t bytes, size_t current, bool no_rows) const {
  if (no_rows) {
    // A row longer than the segment: double until it fits.
    if (current >= kMaxRowBytes) {
      throw SqlError(ErrorCode::kProgramLimitExceeded, "COPY row is too long")
          .WithDetail("Rows of more than 1GB cannot be loaded.");
    }
    return current * 2;
  }
  // Aim for two row groups per thread per segment so that tasks balance.
  double per_row = static_cast<double>(bytes) / static_cast<double>(std::max<size_t>(rows, 1));
  double want = per_row * static_cast<double>(kRowGroupSize) * static_cast<double>(executor_.threads()) * 2;
  size_t size = static_cast<size_t>(want);
  if (size_t forced = segment_bytes_for_testing.load()) return forced;
  return std::clamp(size, kMinSegment, kMaxSegment);
}

CsvLoadResult CsvLoad::Run() {
  size_t capacity = kFirstSegment;
  if (size_t forced = segment_bytes_for_testing.load()) capacity = forced;
  // A small plain file is read whole (a pipe or device reports size 0).
  if (!reader_.compressed() && reader_.file_size() > 0 && reader_.file_size() + 1 < capacity) {
    capacity = reader_.file_size() + 1;
  }
  std::unique_ptr<SegmentBuffer> current = ReadSegment(capacity, nullptr, 0);
  if (latin1_) current = Latin1ToUtf8(context_.memory(), *current, 0);
  std::unique_ptr<SegmentBuffer> spare;
  ScanResult scan;
  while (true) {
    current->Seal();
    splitter_.Scan(current->data(), current->size, current->eof, scan);
    if (json_) DropBlankRows(current->data(), scan);
    if (options_.invalid_char_replacement) {
      ReplaceInvalidUtf8(current->data(), scan.consumed, options_.invalid_char_replacement);
    }
    bool more = !current->eof && !scan.end_of_data && !scan.pending;
    size_t carry = current->size - scan.consumed;

    // Read (and decompress) the next segment while this one is parsed.
    std::unique_ptr<SegmentBuffer> next;
    std::future<size_t> reading;
    size_t want = 0;
    if (more) {
      size_t next_capacity = NextSegmentSize(scan.rows(), scan.consumed, current->capacity(), scan.rows() == 0);
      next_capacity = std::max(next_capacity, carry + (carry >> 1) + 1);
      if (spare && spare->capacity() >= next_capacity) {
        next = std::move(spare);
      } else {
        spare.reset();
        next = std::make_unique<SegmentBuffer>(context_.memory(), next_capacity);
      }
      std::memcpy(next->data(), current->data() + scan.consumed, carry);
      want = next_capacity - carry;
      char* target = next->data() + carry;
      reading = std::async(std::launch::async, [this, target, want] { return ReadFully(reader_, target, want); });
    }

    size_t first_row = 0;
    if (scan.rows() > 0 && header_pending_) {
      header_pending_ = false;
      if (options_.header != CopyHeader::kNone) CheckHeader(current->data(), scan);
    }
    if (skip_rows_ > 0) {
      first_row = static_cast<size_t>(std::min<uint64_t>(skip_rows_, scan.rows()));
      skip_rows_ -= first_row;
    }
    if (scan.rows() > first_row) ProcessSegment(current->data(), scan, first_row);
    if (scan.pending) {
      LoadError error(scan.rows(), SqlError(ErrorCode::kBadCopyFileFormat, scan.pending_message),
                      LoadError::Context::kLineNoText);
      error.error.WithHint(scan.pending_hint);
      Throw(error, current->data(), scan);
    }
    lines_before_ += scan.rows() + scan.EmbeddedTotal();
    report_.lines = lines_before_;
    if (!more) break;
    size_t got = reading.get();
    next->size = carry + got;
    next->eof = got < want;
    if (latin1_) next = Latin1ToUtf8(context_.memory(), *next, carry);
    // Reusing the buffer saves the page faults of fresh memory.
    spare = std::move(current);
    current = std::move(next);
  }
  if (!rejected_rows_.empty()) RemoveRejectedRows();
  for (auto& group : groups_) DropUnusedValidity(*group);
  CsvLoadResult result;
  result.groups = std::move(groups_);
  result.rows = rows_;
  return result;
}

void CsvLoad::CheckHeader(const char* data, const ScanResult& scan) {
  const char* begin = data + scan.begin[0];
  const char* end = data + scan.end[0];
  if (!latin1_) {
    std::string message;
    if (FindInvalidUtf8(begin, static_cast<size_t>(end - begin), &message) != std::string::npos) {
      LoadError error(0, SqlError(ErrorCode::kCharacterNotInRepertoire, message), LoadError::Context::kLineNoText);
      Throw(error, data, scan);
    }
  }
  if (options_.header != CopyHeader::kMatch) return;
  idx_t columns = target_.input_columns.size();
  std::vector<CsvField> fields(std::max<idx_t>(columns, 1));
  std::vector<CsvField*> out(columns);
  for (idx_t c = 0; c < columns; c++) out[c] = &fields[c];
  ScratchArena scratch;
  idx_t count = 0;
  std::string message;
  RowStatus status = header_tokenizer_.Split(begin, end, out.data(), 0, scratch, &count, &message);
  auto fail = [&](ErrorCode code, std::string text) {
    LoadError error(0, SqlError(code, std::move(text)), LoadError::Context::kLine);
    Throw(error, data, scan);
  };
  if (status == RowStatus::kMissing || status == RowStatus::kExtra) {
    fail(ErrorCode::kBadCopyFileFormat, "wrong number of fields in header line: got " + std::to_string(count) +
                                            ", expected " + std::to_string(columns));
  }
  if (status != RowStatus::kOk) {
    LoadError error = RowError(status, 0, count, message);
    Throw(error, data, scan);
  }
  for (idx_t c = 0; c < columns; c++) {
    const std::string& expected = target_.names[target_.input_columns[c]];
    if (fields[c].IsNull()) {
      fail(ErrorCode::kBadCopyFileFormat, "column name mismatch in header line field " + std::to_string(c + 1) +
                                              ": got null value (\"" + options_.null_string + "\"), expected \"" +
                                              expected + "\"");
    }
    if (fields[c].view() != expected) {
      fail(ErrorCode::kBadCopyFileFormat, "column name mismatch in header line field " + std::to_string(c + 1) +
                                              ": got \"" + std::string(fields[c].view()) + "\", expected \"" +
                                              expected + "\"");
    }
  }
}

void CsvLoad::ProcessSegment(const char* data, const ScanResult& scan, size_t first_row) {
  idx_t rows = scan.rows() - first_row;
  idx_t g0 = rows_;
  idx_t g_end = rows_ + rows;
  // Size the row groups this segment fills: the open one grows, new ones are exact.
  for (idx_t j = g0 / kRowGroupSize; j * kRowGroupSize < g_end; j++) {
    idx_t group_rows = std::min(kRowGroupSize, g_end - j * kRowGroupSize);
    if (j < groups_.size()) {
      GrowGroup(*groups_[j], group_rows);
    } else {
      groups_.push_back(CreateGroup(target_.types, group_rows));
    }
  }
  // Tasks start at multiples of kVectorSize inside a group, so no two of them write the
  // same validity word.
  idx_t threads = executor_.threads();
  idx_t per_task = (rows + threads * 4 - 1) / (threads * 4);
  per_task = std::max<idx_t>(4 * kVectorSize, (per_task + kVectorSize - 1) / kVectorSize * kVectorSize);
  std::vector<Task> tasks;
  for (idx_t g = g0; g < g_end;) {
    idx_t stop = std::min(g_end, (g / per_task + 1) * per_task);
    Task task;
    task.begin = g - g0;
    task.end = stop - g0;
    tasks.push_back(std::move(task));
    g = stop;
  }
  // Workers take tasks in file order; once one fails, later tasks cannot hold the first error.
  std::atomic<size_t> next_task{0};
  std::atomic<size_t> first_failed{SIZE_MAX};
  idx_t workers = std::min<idx_t>(threads, tasks.size());
  executor_.RunParallel(workers, [&](idx_t) {
    for (size_t i = next_task++; i < tasks.size() && i < first_failed.load(); i = next_task++) {
      RunTask(data, scan, first_row, tasks[i]);
      if (tasks[i].error) {
        size_t seen = first_failed.load();
        while (i < seen && !first_failed.compare_exchange_weak(seen, i)) {
        }
      }
    }
  });
  for (auto& task : tasks) {
    for (auto& rejected : task.rejected) Reject(rejected, data, scan);
    if (task.error) Throw(*task.error, data, scan);
    rejected_rows_.insert(rejected_rows_.end(), task.rejected_rows.begin(), task.rejected_rows.end());
  }
  for (auto& task : tasks) {
    for (auto& part : task.parts) {
      RowGroup& group = *groups_[part.group];
      for (size_t c = 0; c < group.columns.size(); c++) {
        MergeZone(group.columns[c].zone, part.zones[c]);
        if (part.heaps[c]) group.columns[c].heap->KeepAlive(part.heaps[c]);
      }
    }
  }
  for (idx_t j = g0 / kRowGroupSize; j * kRowGroupSize < g_end; j++) {
    groups_[j]->count = std::min(kRowGroupSize, g_end - j * kRowGroupSize);
  }
  rows_ = g_end;
  WriteFullGroups();
}

void CsvLoad::WriteFullGroups() {
  idx_t full = rows_ / kRowGroupSize;  // groups before it are complete: later segments fill later ones
  if (!target_.write_full_group || full <= written_groups_) return;
  idx_t first = written_groups_;
  executor_.RunParallel(full - first, [&](idx_t i) {
    std::shared_ptr<RowGroup>& group = groups_[first + i];
    DropUnusedValidity(*group);
    if (auto written = target_.write_full_group(group)) group = std::move(written);
  });
  written_groups_ = full;
}


bool CsvLoad::CheckRow(TaskBuffers& b, idx_t i, size_t scan_row, idx_t present, bool check_not_null,
                       std::optional<LoadError>& error) const {
  const auto& types = target_.types;
  if (b.probe.ColumnCount() == 0) b.probe.Initialize(types, 1);
  b.probe.Reset();
  for (idx_t c = 0; c < present; c++) {
    idx_t t = target_.input_columns[c];
    try {
      parsers_[c].Parse(b.fields[c] + i, 0, 1, b.probe.column(t));
    } catch (SqlError& e) {
      error.emplace(scan_row, std::move(e), LoadError::Context::kColumn);
      error->column = target_.names[t];
      error->table_column = t;
      if (b.fields[c][i].IsNull()) {
        error->null_value = true;
      } else {
        error->value = std::string(b.fields[c][i].view());
      }
      return false;
    }
  }
  if (!check_not_null) return true;
  // Input columns are in `probe` (row 0), defaults in `chunk` (row i).
  auto value_at = [&](size_t t) {
    bool is_input =
        std::find(target_.input_columns.begin(), target_.input_columns.end(), t) != target_.input_columns.end();
    return is_input ? b.probe.GetValue(t, 0) : b.chunk.GetValue(t, i);
  };
  for (size_t t = 0; t < types.size(); t++) {
    if (!target_.not_null[t] || !value_at(t).IsNull()) continue;
    std::string failing;
    for (size_t k = 0; k < types.size(); k++) {
      Value v = value_at(k);
      if (k) failing += ", ";
      failing += v.IsNull() ? "null" : v.ToString();
    }
    error.emplace(scan_row,
                  SqlError(ErrorCode::kNotNullViolation, "null value in column \"" + target_.names[t] +
                                                             "\" of relation \"" + target_.relation +
                                                             "\" violates not-null constraint"),
                  LoadError::Context::kLine);
    error->error.WithDetail("Failing row contains (" + failing + ").");
    return false;
  }
  return true;
}

void CsvLoad::RejectBadRows(const char* data, const ScanResult& scan, size_t r0, idx_t n, idx_t first_load_row,
                            TaskBuffers& b, Task& task) const {
  for (idx_t i = 0; i < n; i++) {
    size_t r = r0 + i;
    const char* begin = data + scan.begin[r];
    const char* end = data + scan.end[r];
    std::optional<LoadError> error;
    std::string text;
    if (!latin1_ && FindInvalidUtf8(begin, static_cast<size_t>(end - begin), &text) != std::string::npos) {
      error.emplace(r, SqlError(ErrorCode::kCharacterNotInRepertoire, text), LoadError::Context::kLineNoText);
    }
    idx_t count = 0;
    RowStatus status = error ? RowStatus::kOk : SplitRow(begin, end, b.fields.data(), i, b.scratch, &count, &text);
    if (status != RowStatus::kOk) {
      if (status != RowStatus::kMissing || CheckRow(b, i, r, count, false, error)) {
        error.emplace(RowError(status, r, count, text));
      }
    } else if (!error) {
      if (options_.empty_as_null || options_.blanks_as_null) ApplyNullOptions(b.fields.data(), i, i + 1);
      CheckRow(b, i, r, target_.input_columns.size(), true, error);
    }
    for (idx_t c = 0; c < target_.input_columns.size(); c++) {
      idx_t t = target_.input_columns[c];
      if (error) {
        b.chunk.column(t).validity().SetInvalid(i);
      } else {
        b.chunk.column(t).SetValue(i, b.probe.GetValue(t, 0));
      }
    }
    if (error) {
      task.rejected.push_back(std::move(*error));
      task.rejected_rows.push_back(first_load_row + i);
    }
  }
}

void CsvLoad::RunTask(const char* data, const ScanResult& scan, size_t first_row, Task& task) {
  const idx_t columns = target_.input_columns.size();
  const auto& types = target_.types;
  TaskBuffers b(types, columns);
  ExpressionExecutor defaults(&context_);
  for (idx_t t : default_columns_) {
    if (target_.defaults[t]) defaults.AddExpression(*target_.defaults[t]);
  }
  DataChunk no_columns;

  idx_t d = task.begin;
  while (d < task.end) {
    if (context_.IsCancelled()) {
      try {
        context_.CheckCancelled();
      } catch (SqlError& e) {
        task.error.emplace(0, std::move(e), LoadError::Context::kNone);
        return;
      }
      task.error.emplace(0, SqlError(ErrorCode::kQueryCanceled, "canceling statement due to user request"),
                         LoadError::Context::kNone);
      return;
    }
    idx_t g = rows_ + d;
    idx_t group_index = g / kRowGroupSize;
    idx_t offset = g % kRowGroupSize;
    idx_t n = std::min({kVectorSize, task.end - d, kRowGroupSize - offset});
    size_t r0 = first_row + d;

    // 1. Encoding, as PostgreSQL checks each line when reading it.
    idx_t limit = n;
    std::optional<LoadError> pending;
    if (!latin1_) {
      const char* begin = data + scan.begin[r0];
      const char* end = data + scan.end[r0 + n - 1];
      std::string message;
      size_t bad = FindInvalidUtf8(begin, static_cast<size_t>(end - begin), &message);
      if (bad != std::string::npos) {
        uint32_t at = static_cast<uint32_t>(begin - data + bad);
        auto it = std::upper_bound(scan.begin.begin() + r0, scan.begin.begin() + r0 + n, at);
        limit = static_cast<idx_t>(it - (scan.begin.begin() + r0)) - 1;
        pending.emplace(r0 + limit, SqlError(ErrorCode::kCharacterNotInRepertoire, message),
                        LoadError::Context::kLineNoText);
      }
    }

    // 2. Fields.
    b.scratch.Reset();
    idx_t missing_fields = 0;
    bool missing = false;
    std::string message;
    for (idx_t i = 0; i < limit; i++) {
      size_t r = r0 + i;
      idx_t count = 0;
      RowStatus status =
          SplitRow(data + scan.begin[r], data + scan.end[r], b.fields.data(), i, b.scratch, &count, &message);
      if (status == RowStatus::kOk) continue;
      LoadError error = RowError(status, r, count, message);
      if (status == RowStatus::kMissing) {
        missing = true;
        missing_fields = count;
      }
      pending.emplace(std::move(error));
      limit = i;
      break;
    }
    if (options_.empty_as_null || options_.blanks_as_null) ApplyNullOptions(b.fields.data(), 0, limit);

    // 3. Defaults for the batch; values and NOT NULL for rows [0, limit).
    b.chunk.Reset();
    bool failed = false;
    std::optional<SqlError> default_error;
    try {
      no_columns.SetCardinality(n);
      idx_t k = 0;
      for (idx_t t : default_columns_) {
        if (target_.defaults[t]) {
          defaults.ExecuteExpression(k++, no_columns, b.chunk.column(t));
        } else {
          b.chunk.column(t).SetConstantNull();
        }
      }
    } catch (SqlError& e) {
      default_error.emplace(std::move(e));
    }
    if (limit > 0) {
      try {
        for (idx_t c = 0; c < columns; c++) {
          parsers_[c].Parse(b.fields[c], 0, limit, b.chunk.column(target_.input_columns[c]));
        }
      } catch (SqlError&) {
        failed = true;
      }
      if (!failed && !default_error) {
        for (size_t t = 0; t < types.size() && !failed; t++) {
          if (!target_.not_null[t]) continue;
          UnifiedVectorFormat f;
          b.chunk.column(t).ToUnified(limit, f);
          if (f.validity->AllValid()) continue;
          for (idx_t i = 0; i < limit; i++) {
            if (!f.IsValid(i)) {
              failed = true;
              break;
            }
          }
        }
      }
    }
    // A bad first row is reported before a default fails, as PostgreSQL reads a row before
    // filling in its defaults.
    if (default_error && limit == 0 && pending && !rejecting_) default_error.reset();
    if (rejecting_ && !default_error && (failed || pending)) {
      // MAXERROR: the batch row by row; bad rows are recorded and stored as NULLs, to be
      // left out when the load ends.
      RejectBadRows(data, scan, r0, n, rows_ + d, b, task);
      limit = n;
      failed = false;
      pending.reset();
    }
    if (failed || default_error) {
      for (idx_t i = 0; i < limit; i++) {
        if (!CheckRow(b, i, r0 + i, columns, !default_error, task.error)) return;
      }
      if (default_error) {
        task.error.emplace(r0, std::move(*default_error), LoadError::Context::kLine);
        return;
      }
      // Not reached unless a batch error does not reproduce row by row.
      task.error.emplace(r0, InternalError("COPY conversion error could not be located"),
                         LoadError::Context::kLine);
      return;
    }
    if (pending) {
      // PostgreSQL converts the b.fields a short row has before noticing the missing one.
      if (missing && !CheckRow(b, limit, r0 + limit, missing_fields, false, task.error)) return;
      task.error = std::move(pending);
      return;
    }

    // 4. Store the rows in the group.
    GroupPart* part = nullptr;
    for (auto& p : task.parts) {
      if (p.group == group_index) part = &p;
    }
    if (!part) {
      task.parts.emplace_back();
      part = &task.parts.back();
      part->group = group_index;
      part->zones.resize(types.size());
      part->heaps.resize(types.size());
    }
    RowGroup& group = *groups_[group_index];
    for (size_t t = 0; t < types.size(); t++) {
      ColumnSegment& seg = group.columns[t];
      const Vector& v = b.chunk.column(t);
      idx_t width = PhysicalSize(types[t].physical());
      uint8_t* target = seg.data.get() + offset * width;
      uint64_t* validity = seg.validity.get();
      ZoneMap& zone = part->zones[t];
      UnifiedVectorFormat f;
      v.ToUnified(limit, f);
      bool flat = v.kind() == VectorKind::kFlat;
      if (types[t].physical() == PhysicalType::kString) {
        if (!part->heaps[t]) part->heaps[t] = std::make_shared<StringHeap>();
        StringHeap& heap = *part->heaps[t];
        auto* out = reinterpret_cast<StringRef*>(target);
        if (flat && f.validity->AllValid()) {
          const auto* in = reinterpret_cast<const StringRef*>(v.data());
          for (idx_t i = 0; i < limit; i++) out[i] = heap.Copy(in[i]);
          UpdateZoneMap(zone, seg, offset, limit);
          continue;
        }
        for (idx_t i = 0; i < limit; i++) {
          idx_t row = f.Index(i);
          if (!f.validity->RowIsValid(row)) {
            idx_t at = offset + i;
            validity[at >> 6] &= ~(uint64_t(1) << (at & 63));
            out[i] = StringRef();
            zone.null_count++;
            continue;
          }
          out[i] = heap.Copy(f.Data<StringRef>()[row]);
        }
      } else if (flat && f.validity->AllValid()) {
        std::memcpy(target, v.data(), limit * width);
      } else {
        for (idx_t i = 0; i < limit; i++) {
          idx_t row = f.Index(i);
          if (!f.validity->RowIsValid(row)) {
            idx_t at = offset + i;
            validity[at >> 6] &= ~(uint64_t(1) << (at & 63));
            std::memset(target + i * width, 0, width);
            zone.null_count++;
            continue;
          }
          std::memcpy(target + i * width, f.data + row * width, width);
        }
      }
      UpdateZoneMap(zone, seg, offset, limit);
    }
    d += n;
  }
}

LoadError CsvLoad::RowError(RowStatus status, size_t row, size_t fields, const std::string& message) const {
  auto error = [&](ErrorCode code, std::string text, LoadError::Context context) {
    return LoadError(row, SqlError(code, std::move(text)), context);
  };
  bool csv = options_.csv();
  switch (status) {
    case RowStatus::kMissing:
      return error(ErrorCode::kBadCopyFileFormat,
                   "missing data for column \"" + target_.names[target_.input_columns[fields]] + "\"",
                   LoadError::Context::kLine);
    case RowStatus::kExtra:
      return error(ErrorCode::kBadCopyFileFormat, "extra data after last expected column", LoadError::Context::kLine);
    case RowStatus::kUnterminated:
      return error(ErrorCode::kBadCopyFileFormat, "unterminated CSV quoted field", LoadError::Context::kLine);
    case RowStatus::kStrayCr: {
      LoadError e = error(ErrorCode::kBadCopyFileFormat,
                          csv ? "unquoted carriage return found in data" : "literal carriage return found in data",
                          LoadError::Context::kLineNoText);
      e.error.WithHint(csv ? "Use quoted CSV field to represent carriage return."
                           : "Use \"\\r\" to represent carriage return.");
      return e;
    }
    case RowStatus::kStrayLf: {
      LoadError e = error(ErrorCode::kBadCopyFileFormat,
                          csv ? "unquoted newline found in data" : "literal newline found in data",
                          LoadError::Context::kLineNoText);
      e.error.WithHint(csv ? "Use quoted CSV field to represent newline." : "Use \"\\n\" to represent newline.");
      return e;
    }
    case RowStatus::kMarkerCorrupt:
      return error(ErrorCode::kBadCopyFileFormat, "end-of-copy marker corrupt", LoadError::Context::kLineNoText);
    case RowStatus::kBadEncoding:
      return error(ErrorCode::kCharacterNotInRepertoire, message, LoadError::Context::kLine);
    case RowStatus::kBadJson:
      return error(ErrorCode::kInvalidTextRepresentation, message, LoadError::Context::kLine);
    case RowStatus::kOk:
      break;
  }
  return error(ErrorCode::kInternalError, "unexpected row status", LoadError::Context::kNone);
}

RowStatus CsvLoad::SplitRow(const char* begin, const char* end, CsvField* const* fields, size_t row,
                            ScratchArena& scratch, size_t* count, std::string* message) const {
  if (!json_) return tokenizer_.Split(begin, end, fields, row, scratch, count, message);
  *count = json_->columns();
  return json_->Split(begin, end, fields, row, scratch, message) ? RowStatus::kOk : RowStatus::kBadJson;
}

void CsvLoad::ApplyNullOptions(CsvField* const* fields, idx_t begin, idx_t end) const {
  for (idx_t c = 0; c < target_.input_columns.size(); c++) {
    for (idx_t i = begin; i < end; i++) {
      CsvField& f = fields[c][i];
      if (f.IsNull()) continue;
      bool blank = f.size == 0 ? options_.empty_as_null : options_.blanks_as_null;
      for (uint32_t k = 0; blank && k < f.size; k++) blank = f.data[k] == ' ' || f.data[k] == '\t';
      if (blank) f.data = nullptr;
    }
  }
}

LoadRejection CsvLoad::Describe(const LoadError& error, const char* data, const ScanResult& scan) const {
  LoadRejection out;
  out.line = lines_before_ + error.row + 1 + scan.EmbeddedThrough(error.row);
  if (error.context == LoadError::Context::kColumn) {
    out.column = error.column;
    out.type = target_.types[error.table_column].ToString();
    out.raw_value = std::string(CutAtCharacter(error.value, kMaxRawText));
  }
  if (error.row < scan.rows()) {
    out.raw_line = CutAtCharacter(
        std::string_view(data + scan.begin[error.row], scan.end[error.row] - scan.begin[error.row]), kMaxRawText);
  }
  out.sqlstate = error.error.sqlstate();
  out.reason = error.error.what();
  return out;
}

void CsvLoad::Reject(const LoadError& error, const char* data, const ScanResult& scan) {
  report_.rejections.push_back(Describe(error, data, scan));
  report_.lines = std::max(report_.lines, report_.rejections.back().line);
  auto count = static_cast<int64_t>(report_.rejections.size());
  if (count <= report_.max_rejects) return;
  const LoadRejection& first = report_.rejections.front();
  throw SqlError(ErrorCode::kBadCopyFileFormat,
                 "COPY " + target_.relation + " rejected more than MAXERROR " + std::to_string(report_.max_rejects) +
                     " rows; nothing was loaded")
      .WithDetail("First rejected row: line " + std::to_string(first.line) +
                  (first.column.empty() ? "" : ", column " + first.column) + ": " + first.reason)
      .WithHint("stl_load_errors lists every rejected row.");
}

void CsvLoad::RemoveRejectedRows() {
  std::sort(rejected_rows_.begin(), rejected_rows_.end());
  DataTable::Builder builder(target_.types, target_.write_full_group);
  for (idx_t j = 0; j < groups_.size(); j++) {
    idx_t first = j * kRowGroupSize;
    auto skip = [&](idx_t row) { return std::binary_search(rejected_rows_.begin(), rejected_rows_.end(), first + row); };
    CopyRowGroup(groups_[j], target_.types, groups_[j]->count, skip, [&](DataChunk& chunk) { builder.Append(chunk); });
  }
  groups_ = builder.Finish();
  rows_ = builder.RowCount();
}

void CsvLoad::Throw(LoadError& error, const char* data, const ScanResult& scan) {
  SqlError& e = error.error;
  if (error.context == LoadError::Context::kNone) throw e;
  report_.rejections.push_back(Describe(error, data, scan));
  report_.lines = std::max(report_.lines, report_.rejections.back().line);
  uint64_t line = lines_before_ + error.row + 1 + scan.EmbeddedThrough(error.row);
  std::string context = "COPY " + target_.relation + ", line " + std::to_string(line);
  switch (error.context) {
    case LoadError::Context::kColumn:
      context += ", column " + error.column;
      context += error.null_value ? ": null input" : ": \"" + LimitPrintout(error.value) + "\"";
      break;
    case LoadError::Context::kLine:
      if (error.row < scan.rows()) {
        std::string_view text(data + scan.begin[error.row], scan.end[error.row] - scan.begin[error.row]);
        context += ": \"" + LimitPrintout(text) + "\"";
      }
      break;
    default:
      break;
  }
  // Context lines stack innermost first, as PostgreSQL's error context callbacks do.
  e.WithContext(e.context().empty() ? context : e.context() + "\n" + context);
  throw e;
}

}  // namespace

void SetCsvSegmentBytesForTesting(size_t bytes) { segment_bytes_for_testing.store(bytes); }

CsvLoadResult LoadCsv(ClientContext& context, ByteSource& reader, const CsvOptions& options,
                      const CsvLoadTarget& target, LoadReport& report) {
  CsvLoad load(context, reader, options, target, report);
  return load.Run();
}

}  // namespace stockroom
