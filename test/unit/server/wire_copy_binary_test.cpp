// COPY ... TO STDOUT / FROM STDIN WITH (FORMAT binary) over the wire, byte for byte against
// PostgreSQL 15's binary COPY of the same table.
#include <gtest/gtest.h>

#include <string>

#include "server/wire_test_server.hpp"
#include "support/hex.hpp"

namespace stockroom {
namespace {

// PostgreSQL 15's `COPY bc TO STDOUT (FORMAT binary)` for kTable and kRows, captured with
//   psql -X -c "copy bc to stdout (format binary)" | xxd -p | tr -d '\n'
constexpr const char* kTable =
    "CREATE TABLE bc (i int, b bigint, s smallint, t text, n numeric(10,2), d date, f double precision, "
    "ok boolean, ts timestamp)";
constexpr const char* kRows =
    "INSERT INTO bc VALUES (1, -9000000000, 7, 'héllo', 12.34, '2024-02-29', 1.5, true, '2024-01-02 03:04:05.678'), "
    "(NULL, 0, -1, '', -0.5, '1999-12-31', -0.25, false, NULL), "
    "(-2147483648, 9223372036854775807, NULL, NULL, NULL, NULL, NULL, NULL, '2000-01-01 00:00:00')";
constexpr const char* kPostgresBinaryCopy =
    "5047434f50590aff0d0a0000000000000000000009000000040000000100000008fffffffde78ee6000000000200070000000668c3a96c"
    "6c6f0000000c0002000000000002000c0d480000000400002279000000083ff80000000000000000000101000000080002b0ec85204bb0"
    "0009ffffffff00000008000000000000000000000002ffff000000000000000a0001ffff40000002138800000004ffffffff0000000"
    "8bfd00000000000000000000100ffffffff00090000000480000000000000087fffffffffffffffffffffffffffffffffffffffffffffff"
    "ffffffffffffffff000000080000000000000000ffff";

class WireCopyBinaryTest : public ::testing::Test {
 protected:
  void SetUp() override {
    server_ = std::make_unique<WireTestServer>(TrustConfig());
    conn_ = server_->Connect("user=alice");
    ASSERT_EQ(PQstatus(conn_.get()), CONNECTION_OK) << PQerrorMessage(conn_.get());
    ASSERT_EQ(PQresultStatus(Exec(kTable).get()), PGRES_COMMAND_OK);
  }
  PgResult Exec(const std::string& sql) { return PgResult(PQexec(conn_.get(), sql.c_str())); }

  // Runs a COPY ... TO STDOUT and returns its bytes.
  std::string CopyOut(const std::string& sql) {
    PgResult start = Exec(sql);
    EXPECT_EQ(PQresultStatus(start.get()), PGRES_COPY_OUT) << PQerrorMessage(conn_.get());
    EXPECT_EQ(PQbinaryTuples(start.get()), 1);
    std::string bytes;
    char* buffer = nullptr;
    int n;
    while ((n = PQgetCopyData(conn_.get(), &buffer, 0)) > 0) {
      bytes.append(buffer, n);
      PQfreemem(buffer);
    }
    EXPECT_EQ(n, -1);
    PgResult end(PQgetResult(conn_.get()));
    EXPECT_EQ(PQresultStatus(end.get()), PGRES_COMMAND_OK) << PQerrorMessage(conn_.get());
    while (PGresult* r = PQgetResult(conn_.get())) PQclear(r);
    return bytes;
  }

  // Runs a COPY ... FROM STDIN sending `bytes`; returns the final result.
  PgResult CopyIn(const std::string& sql, const std::string& bytes) {
    PgResult start = Exec(sql);
    EXPECT_EQ(PQresultStatus(start.get()), PGRES_COPY_IN) << PQerrorMessage(conn_.get());
    EXPECT_EQ(PQbinaryTuples(start.get()), 1);
    // In two pieces: a CopyData boundary inside a tuple must not matter.
    size_t half = bytes.size() / 2;
    EXPECT_EQ(PQputCopyData(conn_.get(), bytes.data(), static_cast<int>(half)), 1);
    EXPECT_EQ(PQputCopyData(conn_.get(), bytes.data() + half, static_cast<int>(bytes.size() - half)), 1);
    EXPECT_EQ(PQputCopyEnd(conn_.get(), nullptr), 1);
    PgResult end(PQgetResult(conn_.get()));
    while (PGresult* r = PQgetResult(conn_.get())) PQclear(r);
    return end;
  }

  std::string ErrorField(const PgResult& r, int field) {
    const char* value = PQresultErrorField(r.get(), field);
    return value ? value : "";
  }

  std::unique_ptr<WireTestServer> server_;
  PgConn conn_;
};

TEST_F(WireCopyBinaryTest, CopyToStdoutMatchesPostgresByteForByte) {
  ASSERT_EQ(PQresultStatus(Exec(kRows).get()), PGRES_COMMAND_OK) << PQerrorMessage(conn_.get());
  EXPECT_EQ(Hex(CopyOut("COPY bc TO STDOUT (FORMAT binary)")), kPostgresBinaryCopy);
  // The query form and a column list: same tuples, fewer fields.
  std::string two = CopyOut("COPY (SELECT i, t FROM bc WHERE i = 1) TO STDOUT WITH (FORMAT binary)");
  EXPECT_EQ(Hex(two), "5047434f50590aff0d0a00000000000000000000020000000400000001000000066" "8c3a96c6c6f" "ffff");
}

TEST_F(WireCopyBinaryTest, CopyFromStdinReadsPostgresOutput) {
  PgResult loaded = CopyIn("COPY bc FROM STDIN WITH (FORMAT binary)", Unhex(kPostgresBinaryCopy));
  ASSERT_EQ(PQresultStatus(loaded.get()), PGRES_COMMAND_OK) << PQerrorMessage(conn_.get());
  EXPECT_STREQ(PQcmdStatus(loaded.get()), "COPY 3");
  PgResult rows = Exec("SELECT i, b, s, t, n, d, f, ok, ts FROM bc ORDER BY b");
  ASSERT_EQ(PQntuples(rows.get()), 3);
  auto row = [&](int r) {
    std::string out;
    for (int c = 0; c < PQnfields(rows.get()); c++) {
      out += (c ? "|" : "") + std::string(PQgetisnull(rows.get(), r, c) ? "NULL" : PQgetvalue(rows.get(), r, c));
    }
    return out;
  };
  EXPECT_EQ(row(0), "1|-9000000000|7|héllo|12.34|2024-02-29|1.5|t|2024-01-02 03:04:05.678");
  EXPECT_EQ(row(1), "NULL|0|-1||-0.50|1999-12-31|-0.25|f|NULL");
  EXPECT_EQ(row(2), "-2147483648|9223372036854775807|NULL|NULL|NULL|NULL|NULL|NULL|2000-01-01 00:00:00");
  // What was loaded copies out to the same bytes.
  EXPECT_EQ(Hex(CopyOut("COPY bc TO STDOUT (FORMAT binary)")), Hex(CopyOut("COPY (SELECT * FROM bc) TO STDOUT (FORMAT binary)")));
}

TEST_F(WireCopyBinaryTest, ColumnListGetsDefaultsAndNotNullIsChecked) {
  ASSERT_EQ(PQresultStatus(Exec("CREATE TABLE dflt (a int NOT NULL, b text DEFAULT 'dflt')").get()), PGRES_COMMAND_OK);
  std::string header = Unhex("5047434f50590aff0d0a000000000000000000");
  std::string one = Unhex("0001" "00000004" "0000002a");
  PgResult ok = CopyIn("COPY dflt (a) FROM STDIN (FORMAT binary)", header + one + Unhex("ffff"));
  ASSERT_EQ(PQresultStatus(ok.get()), PGRES_COMMAND_OK) << PQerrorMessage(conn_.get());
  PgResult r = Exec("SELECT a, b FROM dflt");
  EXPECT_STREQ(PQgetvalue(r.get(), 0, 0), "42");
  EXPECT_STREQ(PQgetvalue(r.get(), 0, 1), "dflt");
  PgResult null = CopyIn("COPY dflt (a) FROM STDIN (FORMAT binary)", header + Unhex("0001ffffffff") + Unhex("ffff"));
  EXPECT_EQ(ErrorField(null, PG_DIAG_SQLSTATE), "23502");
}

TEST_F(WireCopyBinaryTest, MalformedDataFailsWithPostgresErrors) {
  std::string header = Unhex("5047434f50590aff0d0a000000000000000000");
  struct Case {
    std::string bytes, sqlstate, message;
  } cases[] = {
      {"PGCOPY\n", "22P04", "COPY file signature not recognized"},
      {header + Unhex("0002"), "22P04", "row field count is 2, expected 9"},
      {header + Unhex("0009" "00000004" "0000"), "22P04", "unexpected EOF in COPY data"},
      {header + Unhex("0009" "00000006" "000000010000"), "22P03", "incorrect binary data format"},
      {header + Unhex("ffff" "00"), "22P04", "received copy data after EOF marker"},
      // A field claiming 2 GB without the bytes: read as they come, so no 2 GB buffer.
      {header + Unhex("0009" "7fffffff" "0000"), "22P04", "unexpected EOF in COPY data"},
      {Unhex("5047434f50590aff0d0a00" "00010000" "00000000"), "22P04", "invalid COPY file header (WITH OIDS)"},
  };
  for (auto& c : cases) {
    PgResult r = CopyIn("COPY bc FROM STDIN (FORMAT binary)", c.bytes);
    EXPECT_EQ(ErrorField(r, PG_DIAG_SQLSTATE), c.sqlstate) << c.message;
    EXPECT_NE(ErrorField(r, PG_DIAG_MESSAGE_PRIMARY).find(c.message), std::string::npos)
        << ErrorField(r, PG_DIAG_MESSAGE_PRIMARY);
  }
  // Nothing was loaded, and the session goes on.
  EXPECT_STREQ(PQgetvalue(Exec("SELECT count(*) FROM bc").get(), 0, 0), "0");
}

}  // namespace
}  // namespace stockroom
