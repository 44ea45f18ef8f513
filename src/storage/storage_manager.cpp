#include "storage/storage_manager.hpp"

#include "execution/pipeline/task_scheduler.hpp"

#include <sys/stat.h>

#include <cerrno>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <set>
#include <sstream>

#include "catalog/catalog.hpp"
#include "catalog/catalog_sql.hpp"
#include "main/comment_sql.hpp"
#include "security/security_sql.hpp"
#include "common/error/assert.hpp"
#include "common/error/exception.hpp"
#include "common/io/byte_buffer.hpp"
#include "common/memory/memory_tracker.hpp"
#include "common/io/crc32c.hpp"
#include "common/io/durable_file.hpp"
#include "execution/pipeline/task_scheduler.hpp"
#include "main/connection.hpp"
#include "main/database.hpp"
#include "storage/buffer_pool.hpp"
#include "storage/column_codec.hpp"
#include "storage/group_summary.hpp"
#include "storage/segment_file.hpp"
#include "storage/uncommitted_segment_file.hpp"
#include "storage/write_ahead_log.hpp"

namespace stockroom {

namespace {

constexpr std::string_view kManifestMagic = "SRMANIF1";
// A checkpoint is taken when the log grows past this (and at every open), or when the
// full row groups committed since the last one hold more than a kUnpagedShare-th of
// memory_limit: until a checkpoint writes them to segment files they are outside the
// buffer pool, which cannot evict them (a large load's rows are several times the size
// of its compressed log records).
constexpr uint64_t kCheckpointLogBytes = 256ull << 20;
constexpr uint64_t kUnpagedShare = 8;

// kCommit carries every inserted row group as column blocks; kCommitWithFiles (format 3)
// tags each group: inline blocks, or the segment file a transaction paged it out to.
enum class RecordKind : uint8_t { kStatement = 1, kCommit = 2, kCommitWithFiles = 3 };
enum class GroupForm : uint8_t { kBlocks = 0, kSegmentFile = 1 };

std::string ReadWholeFile(const std::string& path) {
  std::ifstream in(path, std::ios::binary);
  if (!in) ThrowFileError("open", path, errno);
  std::stringstream buffer;
  buffer << in.rdbuf();
  return buffer.str();
}

std::string JoinPath(const std::vector<std::string>& search_path) {
  std::string out;
  for (size_t i = 0; i < search_path.size(); i++) out += (i ? "," : "") + search_path[i];
  return out;
}

std::vector<std::string> SplitPath(std::string_view joined) {
  std::vector<std::string> out;
  size_t start = 0;
  while (start <= joined.size() && !joined.empty()) {
    size_t end = joined.find(',', start);
    out.emplace_back(joined.substr(start, end == std::string_view::npos ? std::string_view::npos : end - start));
    if (end == std::string_view::npos) break;
    start = end + 1;
  }
  return out;
}

std::shared_ptr<TableEntry> FindTable(Catalog& catalog, const std::string& schema, const std::string& name) {
  auto entry = catalog.GetEntry(schema, name);
  if (!entry || !HasRows(*entry)) return nullptr;
  return std::static_pointer_cast<TableEntry>(entry);
}

// Writes rows [0, group.count) of `group` as a segment file at `path`: a block per column
// as `options` asks, then the group's summary (storage/group_summary) with `sketches`
// (null: none yet). Returns the size of each column's block.
std::vector<uint64_t> WriteSegmentFile(const RowGroup& group, const std::vector<HyperLogLog>* sketches,
                                       const std::vector<ColumnEncodingOptions>& options, const std::string& path,
                                       bool sync_directory) {
  SegmentFileWriter writer;
  std::vector<uint64_t> column_bytes;
  for (auto& block : EncodeRowGroup(group, group.count, options)) {
    writer.AddBlock(block);
    column_bytes.push_back(block.size());
  }
  writer.AddBlock(EncodeGroupSummary(group, sketches));
  writer.Write(path, sync_directory);
  return column_bytes;
}

// Whether a group of `count` rows no longer grows: appends go to its table's last group
// while it is not full.
bool GrowsNoMore(idx_t count, bool last) { return count == kRowGroupSize || !last; }

// A group whose rows are all in its file, and that no longer grows, can give its columns to
// the buffer pool.
bool Pageable(const RowGroup& group, bool last) {
  return !group.paged && group.count > 0 && group.file != 0 && group.file_rows == group.count &&
         GrowsNoMore(group.count, last);
}

// The encoding each column's ENCODE hint asks for (an unknown hint, which only a log or
// manifest written before hints were checked can hold, leaves the choice automatic).
std::vector<ColumnEncodingOptions> EncodingOptions(const TableEntry& table) {
  std::vector<ColumnEncodingOptions> options;
  for (auto& column : table.columns) {
    options.push_back(ParseEncodeHint(column.encode).value_or(ColumnEncodingOptions{}));
  }
  return options;
}

}  // namespace

StorageManager::StorageManager(Database& db, std::string path)
    : db_(db), path_(std::move(path)), files_(std::make_shared<SegmentFileNumbers>()) {}

StorageManager::~StorageManager() = default;

std::string StorageManager::WalPath(uint64_t generation) const { return path_ + "/wal." + std::to_string(generation); }

std::string StorageManager::SegmentPath(uint64_t file) const {
  return path_ + "/data/" + std::to_string(file) + ".seg";
}

void StorageManager::Open() {
  if (::mkdir((path_ + "/data").c_str(), 0700) != 0 && errno != EEXIST) ThrowFileError("create", path_ + "/data", errno);
  replaying_ = true;
  try {
    LoadManifest();
    ReplayLog();
  } catch (...) {
    replaying_ = false;
    throw;
  }
  replaying_ = false;
  // New files go above every file on disk, so none is written over (orphans of
  // transactions a crash ended included: the checkpoint below deletes those).
  std::error_code ec;
  for (auto& f : std::filesystem::directory_iterator(path_ + "/data", ec)) {
    std::string name = f.path().filename().string();
    uint64_t number = std::strtoull(name.c_str(), nullptr, 10);
    files_->Raise(number + 1);
  }
  // Tables with many deleted rows are compacted, as auto-vacuum would (main/vacuum): a few
  // deletes (an incremental model's replaced rows) stay marked instead of every row group
  // holding one being copied at every open.
  for (auto& entry : db_.catalog().AllEntries()) {
    if (!HasRows(*entry)) continue;
    DataTable& table = *static_cast<TableEntry&>(*entry).storage;
    if (table.GetVacuumState(kRowIdColumn).ManyDeleted()) table.Compact();
  }
  Checkpoint();
}

void StorageManager::RunStatement(const std::string& sql, const std::vector<std::string>& search_path) {
  Connection con(db_);
  if (!search_path.empty()) con.settings().search_path = search_path;
  con.Query(sql);
}

void StorageManager::LoadManifest() {
  std::string path = path_ + "/manifest";
  if (!std::filesystem::exists(path)) return;
  std::string data = ReadWholeFile(path);
  if (data.size() < kManifestMagic.size() + 4 || data.compare(0, kManifestMagic.size(), kManifestMagic) != 0) {
    throw SqlError(ErrorCode::kDataCorrupted, "manifest \"" + path + "\" is corrupt: not a manifest");
  }
  uint32_t crc;
  std::memcpy(&crc, data.data() + data.size() - 4, 4);
  if (Crc32c(data.data(), data.size() - 4) != crc) {
    throw SqlError(ErrorCode::kDataCorrupted, "manifest \"" + path + "\" is corrupt: checksum mismatch");
  }
  ByteReader in(std::string_view(data).substr(kManifestMagic.size(), data.size() - kManifestMagic.size() - 4), path);
  uint64_t last_seq = in.Get<uint64_t>();
  wal_generation_ = in.Get<uint64_t>();
  files_->Raise(in.Get<uint64_t>());
  uint32_t statements = in.Get<uint32_t>();
  for (uint32_t i = 0; i < statements; i++) RunStatement(std::string(in.GetString()), {});
  uint32_t tables = in.Get<uint32_t>();
  for (uint32_t t = 0; t < tables; t++) {
    std::string schema(in.GetString()), name(in.GetString());
    auto table = FindTable(db_.catalog(), schema, name);
    if (!table) throw SqlError(ErrorCode::kDataCorrupted, "manifest \"" + path + "\" names a table it does not define");
    std::vector<std::shared_ptr<RowGroup>> groups;
    std::vector<row_t> deleted;
    uint32_t group_count = in.Get<uint32_t>();
    for (uint32_t g = 0; g < group_count; g++) {
      uint64_t file = in.Get<uint64_t>();
      uint64_t rows = in.Get<uint64_t>();
      groups.push_back(LoadSegmentGroup(table->Types(), file, rows, g + 1 == group_count));
      uint32_t deletes = in.Get<uint32_t>();
      for (uint32_t d = 0; d < deletes; d++) {
        uint32_t offset = in.Get<uint32_t>();
        if (offset >= rows) throw SqlError(ErrorCode::kDataCorrupted, "manifest \"" + path + "\" is corrupt: deleted row out of range");
        deleted.push_back(static_cast<row_t>(g * kRowGroupSize + offset));
      }
    }
    table->storage->LoadGroups(std::move(groups), last_seq);
    table->storage->CommitDeletes(deleted, last_seq);
  }
  if (!in.AtEnd()) {
    Catalog::OidState oids;
    oids.next_oid = in.Get<uint64_t>();
    uint32_t schemas = in.Get<uint32_t>();
    for (uint32_t i = 0; i < schemas; i++) {
      std::string name(in.GetString());
      oids.schemas.emplace_back(name, in.Get<uint64_t>());
    }
    uint32_t entries = in.Get<uint32_t>();
    for (uint32_t i = 0; i < entries; i++) {
      std::string schema(in.GetString()), name(in.GetString());
      oids.entries.emplace_back(schema, name, in.Get<uint64_t>());
    }
    db_.catalog().RestoreOids(oids);
  }
  if (!in.AtEnd()) throw SqlError(ErrorCode::kDataCorrupted, "manifest \"" + path + "\" is corrupt: trailing bytes");
  db_.transactions().set_last_commit(last_seq);
}

std::shared_ptr<RowGroup> StorageManager::LoadSegmentGroup(const std::vector<LogicalType>& types, uint64_t file,
                                                           uint64_t rows, bool last) {
  SegmentFile segment(SegmentPath(file));
  if (segment.ColumnCount() != types.size() && segment.ColumnCount() != types.size() + 1) {
    throw SqlError(ErrorCode::kDataCorrupted, "segment file \"" + segment.path() + "\" does not hold its table's columns");
  }
  bool summarized = segment.ColumnCount() == types.size() + 1;
  if (summarized && GrowsNoMore(rows, last)) {
    // Its summary is all an open needs; columns are read when scanned.
    RowGroup group;
    group.count = rows;
    for (auto& type : types) group.columns.push_back(ColumnSegment{type, 0, nullptr, nullptr, nullptr, {}});
    DecodeGroupSummary(segment.Column(types.size()), group, segment.path());
    group.file = file;
    group.file_rows = rows;
    for (size_t c = 0; c < types.size(); c++) group.file_column_bytes.push_back(segment.BlockSize(c));
    return db_.buffer_pool()->PageUnread(std::move(group), segment.path());
  }
  std::vector<std::string> blocks;
  for (size_t c = 0; c < types.size(); c++) blocks.push_back(segment.Column(c));
  auto group = DecodeRowGroup(types, {blocks.begin(), blocks.end()}, rows, segment.path());
  group->file = file;
  group->file_rows = rows;
  for (auto& block : blocks) group->file_column_bytes.push_back(block.size());
  return Pageable(*group, last) ? db_.buffer_pool()->Page(*group, segment.path()) : group;
}

void StorageManager::ReplayLog() {
  std::string path = WalPath(wal_generation_);
  WriteAheadLog::Read(path, [&](std::string_view payload) { ReplayRecord(payload, path); });
}

void StorageManager::ReplayRecord(std::string_view payload, const std::string& where) {
  ByteReader in(payload, where);
  auto kind = static_cast<RecordKind>(in.Get<uint8_t>());
  if (kind == RecordKind::kStatement) {
    auto search_path = SplitPath(in.GetString());
    RunStatement(std::string(in.GetString()), search_path);
    return;
  }
  if (kind != RecordKind::kCommit && kind != RecordKind::kCommitWithFiles) {
    throw SqlError(ErrorCode::kDataCorrupted, "\"" + where + "\" has an unknown record");
  }
  uint64_t seq = in.Get<uint64_t>();
  uint32_t tables = in.Get<uint32_t>();
  for (uint32_t t = 0; t < tables; t++) {
    std::string schema(in.GetString()), name(in.GetString());
    auto table = FindTable(db_.catalog(), schema, name);
    std::vector<row_t> deleted(in.Get<uint64_t>());
    for (auto& row : deleted) row = in.Get<int64_t>();
    uint32_t group_count = in.Get<uint32_t>();
    std::vector<std::shared_ptr<RowGroup>> groups;
    for (uint32_t g = 0; g < group_count; g++) {
      auto form = kind == RecordKind::kCommit ? GroupForm::kBlocks : static_cast<GroupForm>(in.Get<uint8_t>());
      if (form == GroupForm::kSegmentFile) {
        uint64_t file = in.Get<uint64_t>();
        uint64_t rows = in.Get<uint64_t>();
        files_->Raise(file + 1);
        if (table) groups.push_back(LoadSegmentGroup(table->Types(), file, rows, true));
        continue;
      }
      if (form != GroupForm::kBlocks) throw SqlError(ErrorCode::kDataCorrupted, "\"" + where + "\" has an unknown row group form");
      uint64_t rows = in.Get<uint64_t>();
      uint32_t columns = in.Get<uint32_t>();
      std::vector<std::string_view> blocks;
      for (uint32_t c = 0; c < columns; c++) blocks.push_back(in.GetString());
      if (table) groups.push_back(DecodeRowGroup(table->Types(), blocks, rows, where));
    }
    if (!table) continue;  // dropped later in the log
    table->storage->CommitDeletes(deleted, seq);
    table->storage->CommitAppend(groups, seq);
  }
  db_.transactions().set_last_commit(seq);
}

void StorageManager::LogStatement(const std::string& sql, const std::vector<std::string>& search_path) {
  if (replaying_) return;
  ByteWriter record;
  record.Put(static_cast<uint8_t>(RecordKind::kStatement));
  record.PutString(JoinPath(search_path));
  record.PutString(sql);
  std::lock_guard<std::mutex> lock(log_mutex_);
  wal_->Append(record.bytes());
}

void StorageManager::LogCommit(uint64_t seq, const std::vector<TableCommit>& changes) {
  if (replaying_) return;
  if (rewrite_lost_) {
    throw SqlError(ErrorCode::kIoError, "cannot commit: a VACUUM could not checkpoint its rewrite")
        .WithHint("Restart the database; it reopens the state of the last checkpoint and log.");
  }
  // Groups a transaction paged out are named by their file; the others are encoded into the
  // record, all at once on all cores (the costly part of logging a commit).
  std::vector<std::vector<ColumnEncodingOptions>> options;
  std::vector<std::pair<const RowGroup*, size_t>> inserted;  // group, its table's options
  std::vector<UncommittedSegmentFile*> files;
  for (const TableCommit& change : changes) {
    options.push_back(EncodingOptions(*change.table));
    for (auto& group : change.inserted) {
      if (group->uncommitted) {
        files.push_back(group->uncommitted.get());
      } else {
        inserted.emplace_back(group.get(), options.size() - 1);
      }
    }
  }
  std::vector<std::vector<std::string>> encoded(inserted.size());
  db_.scheduler().ParallelFor(inserted.size(), [&](size_t i) {
    auto [group, table] = inserted[i];
    encoded[i] = EncodeRowGroup(*group, group->count, options[table]);
  });
  if (!files.empty()) {
    // The files are fsynced; their names become durable here, before the record naming them.
    SyncDirectory(path_ + "/data");
    for (UncommittedSegmentFile* file : files) file->Adopt();
  }
  size_t next_encoded = 0;
  ByteWriter record;
  record.Put(static_cast<uint8_t>(RecordKind::kCommitWithFiles));
  record.Put(seq);
  record.Put(static_cast<uint32_t>(changes.size()));
  for (const TableCommit& change : changes) {
    record.PutString(change.table->schema);
    record.PutString(change.table->name);
    record.Put(static_cast<uint64_t>(change.deleted.size()));
    for (row_t row : change.deleted) record.Put(static_cast<int64_t>(row));
    record.Put(static_cast<uint32_t>(change.inserted.size()));
    for (auto& group : change.inserted) {
      if (group->uncommitted) {
        record.Put(static_cast<uint8_t>(GroupForm::kSegmentFile));
        record.Put(group->file);
        record.Put(static_cast<uint64_t>(group->count));
        continue;
      }
      record.Put(static_cast<uint8_t>(GroupForm::kBlocks));
      record.Put(static_cast<uint64_t>(group->count));
      auto& blocks = encoded[next_encoded++];
      record.Put(static_cast<uint32_t>(blocks.size()));
      for (auto& b : blocks) record.PutString(b);
    }
  }
  std::lock_guard<std::mutex> lock(log_mutex_);
  wal_->Append(record.bytes());
}

RowGroupWriter StorageManager::GroupWriter(const std::shared_ptr<TableEntry>& table) {
  return [this, options = EncodingOptions(*table)](const std::shared_ptr<RowGroup>& group) {
    return WriteUncommittedGroup(group, options);
  };
}

std::shared_ptr<RowGroup> StorageManager::WriteUncommittedGroup(const std::shared_ptr<RowGroup>& group,
                                                                const std::vector<ColumnEncodingOptions>& options) {
  SR_CHECK_EQ(group->count, kRowGroupSize);
  // Sketched now, while its columns are in memory and on the inserting thread; the sketches
  // go into the file's summary, so statistics never read the columns back.
  group->sketches =
      std::make_shared<const std::vector<HyperLogLog>>(DataTable::SketchRows(group, group->columns.size(), group->count));
  uint64_t file = files_->Allocate(true);
  std::string path = SegmentPath(file);
  // Owned from here: a failed write leaves nothing behind.
  auto owner = std::make_shared<UncommittedSegmentFile>(files_, file, path);
  auto column_bytes = WriteSegmentFile(*group, group->sketches.get(), options, path, false);
  auto paged = db_.buffer_pool()->Page(*group, path);
  paged->file = file;
  paged->file_rows = group->count;
  paged->file_column_bytes = std::move(column_bytes);
  paged->uncommitted = std::move(owner);
  return paged;
}

StorageManager::DiskUsage StorageManager::TableDiskUsage(const TableEntry& table) {
  std::lock_guard<std::mutex> lock(log_mutex_);  // checkpoints change the groups' files
  DiskUsage usage;
  usage.column_bytes.assign(table.columns.size(), 0);
  std::error_code ec;
  for (auto& group : table.storage->Groups()) {
    if (group->file == 0) continue;
    usage.file_bytes += std::filesystem::file_size(SegmentPath(group->file), ec);
    for (size_t c = 0; c < group->file_column_bytes.size() && c < usage.column_bytes.size(); c++) {
      usage.column_bytes[c] += group->file_column_bytes[c];
    }
    usage.groups.emplace_back(group, group->file_rows);
  }
  return usage;
}

void StorageManager::MaybeCheckpoint() {
  bool log_full;
  {
    std::lock_guard<std::mutex> lock(log_mutex_);
    if (!wal_) return;
    log_full = wal_->size() >= kCheckpointLogBytes;
  }
  if (!log_full && UnpagedBytes() <= db_.buffer_pool()->limit() / kUnpagedShare) return;
  Checkpoint();
}

uint64_t StorageManager::UnpagedBytes() const {
  uint64_t bytes = 0;
  for (auto& entry : db_.catalog().AllEntries()) {
    if (HasRows(*entry)) bytes += static_cast<const TableEntry&>(*entry).storage->UnpagedFullGroupBytes();
  }
  return bytes;
}

void StorageManager::Checkpoint() {
  {
    auto ddl = LockDdl();
    std::lock_guard<std::mutex> commits(db_.transactions().commit_mutex());
    std::lock_guard<std::mutex> lock(log_mutex_);
    CheckpointLocked();
  }
  ReturnFreedMemory();
}

void StorageManager::RewriteAndCheckpoint(const std::function<void()>& rewrite) {
  auto ddl = LockDdl();
  std::lock_guard<std::mutex> commits(db_.transactions().commit_mutex());
  std::lock_guard<std::mutex> lock(log_mutex_);
  try {
    rewrite();
  } catch (...) {
    // Tables rewritten before the failure are renumbered too: checkpoint them all the same.
    CheckpointRewrittenLocked();
    throw;
  }
  CheckpointRewrittenLocked();
}

void StorageManager::CheckpointRewrittenLocked() {
  try {
    CheckpointLocked();
  } catch (...) {
    // The files on disk number rows the old way, memory the new way: a commit logged now
    // would replay onto the wrong rows. Refuse commits until a restart reloads the files.
    rewrite_lost_ = true;
    throw;
  }
}

void StorageManager::CheckpointLocked() {
  ByteWriter manifest;
  manifest.bytes().append(kManifestMagic);
  manifest.Put(db_.transactions().last_commit());
  uint64_t generation = wal_generation_ + 1;
  manifest.Put(generation);
  size_t next_file_at = manifest.bytes().size();
  manifest.Put(uint64_t(0));  // next_file, filled in below
  // Roles first (owners and grants name them), the catalog, then owners and grants.
  auto statements = RoleDefinitionSql(db_.roles());
  for (auto& s : CatalogDefinitionSql(db_.catalog())) statements.push_back(std::move(s));
  for (auto& s : PrivilegeDefinitionSql(db_)) statements.push_back(std::move(s));
  for (auto& s : CommentDefinitionSql(db_)) statements.push_back(std::move(s));
  manifest.Put(static_cast<uint32_t>(statements.size()));
  for (auto& s : statements) manifest.PutString(s);
  std::vector<std::shared_ptr<TableEntry>> tables;
  for (auto& entry : db_.catalog().AllEntries()) {
    if (HasRows(*entry)) tables.push_back(std::static_pointer_cast<TableEntry>(entry));
  }
  // Segment files are immutable: a group is written again only when it has grown. New
  // files are encoded and written on all cores.
  std::vector<std::vector<std::shared_ptr<RowGroup>>> table_groups;
  std::vector<std::vector<ColumnEncodingOptions>> table_options;
  struct GroupToWrite {
    RowGroup* group;
    uint64_t file;  // its new file
    size_t table;
  };
  std::vector<GroupToWrite> to_write;
  std::vector<std::shared_ptr<const std::vector<HyperLogLog>>> sketches;  // per group to write
  for (auto& table : tables) {
    table_groups.push_back(table->storage->Groups());
    table_options.push_back(EncodingOptions(*table));
    for (auto& group : table_groups.back()) {
      if (group->file == 0 || group->file_rows != group->count) {
        to_write.push_back({group.get(), files_->Allocate(false), table_options.size() - 1});
        sketches.push_back(table->storage->SketchesOf(*group));
      }
    }
  }
  std::vector<std::vector<uint64_t>> column_bytes(to_write.size());
  db_.scheduler().ParallelFor(to_write.size(), [&](size_t i) {
    auto [group, file, table] = to_write[i];
    column_bytes[i] = WriteSegmentFile(*group, sketches[i].get(), table_options[table], SegmentPath(file), true);
  });
  for (size_t i = 0; i < to_write.size(); i++) {
    auto [group, file, table] = to_write[i];
    group->file = file;
    group->file_rows = group->count;
    group->file_column_bytes = std::move(column_bytes[i]);
  }
  // What is now whole in its file can be paged: new snapshots read the paged group (its
  // columns stay resident until the pool needs room), older ones the group they hold.
  for (auto& table : tables) {
    table->storage->ReplaceGroups([&](const RowGroup& group, bool last) -> std::shared_ptr<RowGroup> {
      if (!Pageable(group, last)) return nullptr;
      return db_.buffer_pool()->Page(group, SegmentPath(group.file));
    });
  }
  std::set<std::string> live_files;
  manifest.Put(static_cast<uint32_t>(tables.size()));
  for (size_t t = 0; t < tables.size(); t++) {
    manifest.PutString(tables[t]->schema);
    manifest.PutString(tables[t]->name);
    auto& groups = table_groups[t];
    manifest.Put(static_cast<uint32_t>(groups.size()));
    for (auto& group : groups) {
      live_files.insert(std::to_string(group->file) + ".seg");
      manifest.Put(group->file);
      manifest.Put(static_cast<uint64_t>(group->count));
      std::vector<uint32_t> deleted;
      if (group->deletes) {
        for (idx_t i = 0; i < group->count; i++) {
          if (group->deletes->IsDeletedAtAll(i)) deleted.push_back(static_cast<uint32_t>(i));
        }
      }
      manifest.Put(static_cast<uint32_t>(deleted.size()));
      for (uint32_t d : deleted) manifest.Put(d);
    }
  }
  // Appended last, so a manifest written before oids were saved still reads (without them).
  Catalog::OidState oids = db_.catalog().SaveOids();
  manifest.Put(oids.next_oid);
  manifest.Put(static_cast<uint32_t>(oids.schemas.size()));
  for (auto& [name, oid] : oids.schemas) {
    manifest.PutString(name);
    manifest.Put(oid);
  }
  manifest.Put(static_cast<uint32_t>(oids.entries.size()));
  for (auto& [schema, name, oid] : oids.entries) {
    manifest.PutString(schema);
    manifest.PutString(name);
    manifest.Put(oid);
  }
  uint64_t next_file = files_->next();
  std::memcpy(manifest.bytes().data() + next_file_at, &next_file, 8);
  manifest.Put(Crc32c(manifest.bytes().data(), manifest.bytes().size()));
  // The new log exists (empty) before the manifest that names it; a crash in between
  // leaves the old manifest and log in charge.
  WriteFileDurably(WalPath(generation), "");
  WriteFileDurably(path_ + "/manifest", manifest.bytes());
  wal_ = std::make_unique<WriteAheadLog>(WalPath(generation), 0);
  wal_generation_ = generation;
  // What the manifest no longer names: older logs and segment files, leftovers of an
  // interrupted checkpoint.
  std::error_code ec;
  for (auto& f : std::filesystem::directory_iterator(path_, ec)) {
    std::string name = f.path().filename().string();
    if (name.rfind("wal.", 0) == 0 && name != "wal." + std::to_string(generation)) std::filesystem::remove(f.path(), ec);
  }
  // Files of transactions that have not committed are kept; none is created meanwhile.
  auto numbers = files_->Lock();
  for (auto& f : std::filesystem::directory_iterator(path_ + "/data", ec)) {
    std::string name = f.path().filename().string();
    if (live_files.count(name) || files_->IsPendingLocked(std::strtoull(name.c_str(), nullptr, 10))) continue;
    std::filesystem::remove(f.path(), ec);
  }
}

}  // namespace stockroom
