#include "execution/spill/spill_file.hpp"

#include <gtest/gtest.h>

#include <dirent.h>

#include "common/error/exception.hpp"

namespace stockroom {
namespace {

int FilesIn(const std::string& dir) {
  int n = 0;
  DIR* d = opendir(dir.c_str());
  if (!d) return -1;
  while (dirent* e = readdir(d)) n += e->d_name[0] != '.';
  closedir(d);
  return n;
}

TEST(SpillFileTest, RowsComeBackAsWrittenWithNullsAndStrings) {
  std::vector<LogicalType> types = {LogicalType(TypeId::kBigInt), LogicalType(TypeId::kText),
                                    LogicalType(TypeId::kDouble)};
  SpillStats stats;
  SpillFile file(SpillDirectoryFor(""), types, &stats);
  idx_t total = 0;
  for (int c = 0; c < 5; c++) {
    DataChunk chunk;
    chunk.Initialize(types);
    idx_t n = c == 4 ? 17 : kVectorSize;
    for (idx_t i = 0; i < n; i++) {
      int64_t id = static_cast<int64_t>(total + i);
      chunk.column(0).SetValue(i, Value::BigInt(id));
      chunk.column(1).SetValue(i, id % 7 == 0 ? Value::Null(types[1])
                                              : Value::Text(std::string(id % 40, 'a' + id % 26) + std::to_string(id)));
      chunk.column(2).SetValue(i, id % 5 == 0 ? Value::Null(types[2]) : Value::Double(id * 0.5));
    }
    chunk.SetCardinality(n);
    file.Append(chunk);
    total += n;
  }
  EXPECT_EQ(file.Count(), total);
  EXPECT_EQ(stats.rows.load(), total);
  EXPECT_EQ(stats.files.load(), 1u);
  EXPECT_GT(stats.bytes.load(), total * 16);
  for (int pass = 0; pass < 2; pass++) {  // readable more than once
    file.Rewind();
    DataChunk chunk;
    idx_t seen = 0;
    while (file.Read(chunk)) {
      for (idx_t i = 0; i < chunk.size(); i++, seen++) {
        int64_t id = static_cast<int64_t>(seen);
        ASSERT_EQ(chunk.column(0).GetValue(i).ToString(), std::to_string(id));
        Value text = chunk.column(1).GetValue(i);
        if (id % 7 == 0) {
          ASSERT_TRUE(text.IsNull());
        } else {
          ASSERT_EQ(text.ToString(), std::string(id % 40, 'a' + id % 26) + std::to_string(id));
        }
        ASSERT_EQ(chunk.column(2).GetValue(i).IsNull(), id % 5 == 0);
      }
    }
    EXPECT_EQ(seen, total);
  }
}

TEST(SpillFileTest, LeavesNoFileBehind) {
  std::string dir = "/tmp/stockroom-spill-test-" + std::to_string(getpid());
  {
    SpillFile file(dir, {LogicalType(TypeId::kInteger)});
    DataChunk chunk;
    chunk.Initialize({LogicalType(TypeId::kInteger)});
    chunk.column(0).SetValue(0, Value::Integer(42));
    chunk.SetCardinality(1);
    file.Append(chunk);
    EXPECT_EQ(FilesIn(dir), 0);  // unlinked at once: nothing to clean up after a crash
    file.Rewind();
    ASSERT_TRUE(file.Read(chunk));
    EXPECT_EQ(chunk.column(0).GetValue(0).ToString(), "42");
    EXPECT_FALSE(file.Read(chunk));
  }
  rmdir(dir.c_str());
}

TEST(SpillFileTest, UnwritableDirectoryIsAClearError) {
  try {
    SpillFile file("/proc/no-such-dir/temp", {LogicalType(TypeId::kInteger)});
    FAIL() << "expected an error";
  } catch (const SqlError& e) {
    EXPECT_NE(std::string(e.what()).find("temporary file"), std::string::npos) << e.what();
  }
}

}  // namespace
}  // namespace stockroom
