// COPY with Redshift's load options (IGNOREHEADER, DATEFORMAT/TIMEFORMAT, EMPTYASNULL,
// BLANKSASNULL, ACCEPTINVCHARS, MAXERROR), also in Redshift's form without WITH, NDJSON, several files, the bad inputs a nightly
// load meets, and the load history views (stl_load_errors, stl_load_commits).
#include <sys/stat.h>
#include <unistd.h>

#include "copy_test_fixture.hpp"
#include "ingest/csv/csv_reader.hpp"

namespace stockroom {
namespace {

using CopyLoadOptionsTest = CopyTest;

TEST_F(CopyLoadOptionsTest, IgnoreHeaderAndNullOptions) {
  Run("CREATE TABLE t (a int, b text, c varchar(10))");
  std::string path = Write("t.csv", "exported by shop\nid,name,code\n1,\"\",x\n2,  ,\"\"\n3,z,\n");
  EXPECT_EQ(Run("COPY t FROM " + Q(path) + " WITH (FORMAT csv, IGNOREHEADER 2)"), "COPY 3");
  EXPECT_EQ(Rows("SELECT a, b IS NULL, length(b), c IS NULL FROM t ORDER BY a"), "1|f|0|f\n2|f|2|f\n3|f|1|t");
  Run("TRUNCATE t");
  EXPECT_EQ(Run("COPY t FROM " + Q(path) + " WITH (FORMAT csv, IGNOREHEADER 2, EMPTYASNULL)"), "COPY 3");
  EXPECT_EQ(Rows("SELECT a, b IS NULL, c IS NULL FROM t ORDER BY a"), "1|t|f\n2|f|t\n3|f|t");
  Run("TRUNCATE t");
  EXPECT_EQ(Run("COPY t FROM " + Q(path) + " WITH (FORMAT csv, IGNOREHEADER 2, EMPTYASNULL, BLANKSASNULL)"),
            "COPY 3");
  EXPECT_EQ(Rows("SELECT a, b IS NULL, c IS NULL FROM t ORDER BY a"), "1|t|f\n2|t|t\n3|f|t");
  // More header rows than the file has: nothing to load.
  EXPECT_EQ(Run("COPY t FROM " + Q(path) + " WITH (FORMAT csv, IGNOREHEADER 9)"), "COPY 0");
  EXPECT_EQ(Run("COPY t FROM " + Q(path) + " WITH (FORMAT csv, IGNOREHEADER -1)"),
            "22023: IGNOREHEADER requires a non-negative integer");
}

// Redshift's own form, options after the file name without WITH (...), as the retailer's
// existing load scripts write them: the same rows as the WITH form.
TEST_F(CopyLoadOptionsTest, RedshiftCopySyntaxWithoutWith) {
  Run("CREATE TABLE t (id int, day date, amount numeric(10,2), note text)");
  std::string csv = "id,day,amount,note\n1,05/01/2026,10.5,it's\n2,,,\n";
  std::string path = Write("t.csv", csv);
  std::string gz = WriteGzip("t.csv.gz", csv);
  EXPECT_EQ(Run("COPY t FROM " + Q(path) +
                " IGNOREHEADER 1 CSV EMPTYASNULL DATEFORMAT 'MM/DD/YYYY' MAXERROR 5 COMPUPDATE OFF "
                "REGION 'us-east-1' IAM_ROLE 'arn:aws:iam::1:role/load'"),
            "COPY 2");
  EXPECT_EQ(Run("COPY t (id, day, amount, note) FROM " + Q(gz) +
                " IGNOREHEADER AS 1 DELIMITER AS ',' FORMAT AS CSV GZIP EMPTYASNULL DATEFORMAT AS 'MM/DD/YYYY'"),
            "COPY 2");
  std::string rows = "1|2026-05-01|10.50|it's\n1|2026-05-01|10.50|it's\n2|NULL|NULL|NULL\n2|NULL|NULL|NULL";
  EXPECT_EQ(Rows("SELECT * FROM t ORDER BY id"), rows);
  Run("TRUNCATE t");
  for (int i = 0; i < 2; i++) {
    EXPECT_EQ(Run("COPY t FROM " + Q(path) + " WITH (FORMAT csv, IGNOREHEADER 1, EMPTYASNULL, DATEFORMAT 'MM/DD/YYYY')"),
              "COPY 2");
  }
  EXPECT_EQ(Rows("SELECT * FROM t ORDER BY id"), rows);
  // An option Stockroom does not know is an error at its place, not silently ignored.
  EXPECT_EQ(Run("COPY t FROM " + Q(path) + " IGNOREHEADER 1 CSV FILLRECORD"),
            "42601: COPY option \"fillrecord\" is not supported");
}

TEST_F(CopyLoadOptionsTest, DateAndTimeFormats) {
  Run("CREATE TABLE t (d date, ts timestamp)");
  std::string path = Write("t.csv", "03/31/2003,2003-03-31 17:05:09\n12/01/1999,1999-12-01 00:00:00.25\n");
  EXPECT_EQ(Run("COPY t FROM " + Q(path) +
                " WITH (FORMAT csv, DATEFORMAT 'MM/DD/YYYY', TIMEFORMAT 'YYYY-MM-DD HH:MI:SS')"),
            "COPY 2");
  EXPECT_EQ(Rows("SELECT d, ts FROM t ORDER BY d"), "1999-12-01|1999-12-01 00:00:00.25\n2003-03-31|2003-03-31 17:05:09");
  // A value that does not follow the format names the line and column.
  EXPECT_EQ(Run("COPY t FROM " + Q(Write("bad.csv", "2003-03-31,2003-03-31 17:05:09\n")) +
                " WITH (FORMAT csv, DATEFORMAT 'MM/DD/YYYY')")
                .substr(0, 6),
            "22008:");
  EXPECT_NE(Run("COPY t FROM " + Q(Write("bad2.csv", "2003-03-31,x\n")) + " WITH (FORMAT csv, DATEFORMAT 'auto')")
                .find("CONTEXT: COPY t, line 1, column ts: \"x\""),
            std::string::npos);
  Run("CREATE TABLE e (ts timestamp, tz timestamptz)");
  EXPECT_EQ(Run("COPY e FROM " + Q(Write("e.csv", "1700000000,1700000000.5\n0,-1\n")) +
                " WITH (FORMAT csv, TIMEFORMAT 'epochsecs')"),
            "COPY 2");
  EXPECT_EQ(Rows("SELECT ts, tz FROM e ORDER BY ts"),
            "1970-01-01 00:00:00|1969-12-31 23:59:59+00\n2023-11-14 22:13:20|2023-11-14 22:13:20.5+00");
  Run("TRUNCATE e");
  EXPECT_EQ(Run("COPY e FROM " + Q(Write("m.csv", "1700000000123,1700000000123\n")) +
                " WITH (FORMAT csv, TIMEFORMAT 'epochmillisecs')"),
            "COPY 1");
  EXPECT_EQ(Rows("SELECT ts FROM e"), "2023-11-14 22:13:20.123");
  EXPECT_EQ(Run("COPY e FROM " + Q(Write("n.csv", "17e8,1\n")) + " WITH (FORMAT csv, TIMEFORMAT 'epochsecs')"),
            "22007: invalid input syntax for type timestamp without time zone: \"17e8\" CONTEXT: COPY e, line 1, "
            "column ts: \"17e8\"");
}

TEST_F(CopyLoadOptionsTest, AcceptInvalidCharacters) {
  Run("CREATE TABLE t (a int, b text)");
  std::string path = Write("t.txt", std::string("1\tcaf\xe9\n2\tok\n3\t\xe2\x28\xa1x\n4\tn\0l\n", 25));
  EXPECT_EQ(Run("COPY t FROM " + Q(path)).substr(0, 6), "22021:");
  EXPECT_EQ(Run("COPY t FROM " + Q(path) + " WITH (ACCEPTINVCHARS)"), "COPY 4");
  EXPECT_EQ(Rows("SELECT b FROM t ORDER BY a"), "caf?\nok\n?(?x\nn?l");
  Run("TRUNCATE t");
  EXPECT_EQ(Run("COPY t FROM " + Q(path) + " WITH (ACCEPTINVCHARS '_')"), "COPY 4");
  EXPECT_EQ(Rows("SELECT b FROM t ORDER BY a"), "caf_\nok\n_(_x\nn_l");
}

// A file with one bad row of each kind; MAXERROR decides whether the rest loads.
std::string BadRows() {
  return "id,amount,day,name\n"        // line 1
         "1,10.50,2024-01-01,a\n"      // 2
         "2,abc,2024-01-02,b\n"        // 3: bad number
         "3,1.00,2024-02-30,c\n"       // 4: bad date
         "4,2.00,2024-01-04\n"         // 5: missing column
         "5,3.00,2024-01-05,e,extra\n"  // 6: extra column
         "6,4.00,2024-01-06,\"open\n"  // 7-8: quote closed on the next line, then extra data
         "x\",y\n"
         "7,5.00,2024-01-07,\n"        // 9: NULL name (NOT NULL)
         "8,6.00,2024-01-08,h\n";      // 10
}

TEST_F(CopyLoadOptionsTest, MaxErrorRejectsRowsAndRecordsThem) {
  Run("CREATE TABLE t (id int, amount numeric(10,2), day date, name text NOT NULL)");
  std::string path = Write("bad.csv", BadRows());
  // Without MAXERROR the first bad row fails the COPY, with PostgreSQL's error.
  EXPECT_EQ(Run("COPY t FROM " + Q(path) + " WITH (FORMAT csv, HEADER)"),
            "22P02: invalid input syntax for type numeric: \"abc\" CONTEXT: COPY t, line 3, column amount: \"abc\"");
  // Over the limit: nothing loads.
  std::string over = Run("COPY t FROM " + Q(path) + " WITH (FORMAT csv, HEADER, MAXERROR 5)");
  EXPECT_EQ(over.substr(0, over.find(" DETAIL")), "22P04: COPY t rejected more than MAXERROR 5 rows; nothing was loaded");
  EXPECT_NE(over.find("DETAIL: First rejected row: line 3, column amount: invalid input syntax for type numeric"),
            std::string::npos);
  EXPECT_EQ(Rows("SELECT count(*) FROM t"), "0");
  // Within the limit: the good rows load, the bad ones are listed.
  EXPECT_EQ(Run("COPY t FROM " + Q(path) + " WITH (FORMAT csv, HEADER, MAXERROR 6)"), "COPY 2");
  EXPECT_EQ(Rows("SELECT id, amount, day, name FROM t ORDER BY id"), "1|10.50|2024-01-01|a\n8|6.00|2024-01-08|h");
  EXPECT_EQ(Rows("SELECT line_number, colname, type, raw_field_value, err_code, err_reason FROM stl_load_errors "
                 "WHERE query = (SELECT max(query) FROM stl_load_errors) ORDER BY line_number"),
            "3|amount|numeric(10,2)|abc|22P02|invalid input syntax for type numeric: \"abc\"\n"
            "4|day|date|2024-02-30|22008|date/time field value out of range: \"2024-02-30\"\n"
            "5|NULL|NULL|NULL|22P04|missing data for column \"name\"\n"
            "6|NULL|NULL|NULL|22P04|extra data after last expected column\n"
            "8|NULL|NULL|NULL|22P04|extra data after last expected column\n"
            "9|NULL|NULL|NULL|23502|null value in column \"name\" of relation \"t\" violates not-null constraint");
  EXPECT_EQ(Rows("SELECT raw_line, filename = " + Q(path) +
                 " FROM stl_load_errors WHERE line_number = 5 ORDER BY query DESC LIMIT 1"),
            "4,2.00,2024-01-04|t");
}

TEST_F(CopyLoadOptionsTest, LoadHistory) {
  Run("CREATE TABLE t (id int, amount numeric(10,2), day date, name text NOT NULL)");
  std::string path = Write("bad.csv", BadRows());
  Run("COPY t FROM " + Q(path) + " WITH (FORMAT csv, HEADER, MAXERROR 10)");
  Run("COPY t FROM " + Q(path) + " WITH (FORMAT csv, HEADER, MAXERROR 1)");
  EXPECT_EQ(Rows("SELECT table_name, lines_scanned, rows_loaded, rows_rejected, bytes, status, endtime >= starttime "
                 "FROM stl_load_commits ORDER BY query"),
            "public.t|10|2|6|" + std::to_string(BadRows().size()) + "|loaded|t\npublic.t|4|0|2|" +
                std::to_string(BadRows().size()) + "|failed|t");
  // Rows rejected by a COPY that failed are listed too.
  EXPECT_EQ(Rows("SELECT count(*) FROM stl_load_errors"), "8");
  EXPECT_EQ(Run("DROP VIEW stl_load_errors"), "42501: permission denied: \"stl_load_errors\" is a system catalog");
}

TEST_F(CopyLoadOptionsTest, RejectedRowsAcrossRowGroupsAndSegments) {
  Run("CREATE TABLE t (a int, b text)");
  std::string content;
  int64_t sum = 0;
  int good = 0;
  for (int i = 0; i < 300000; i++) {
    if (i % 997 == 0) {
      content += "bad" + std::to_string(i) + "|x\n";
    } else {
      content += std::to_string(i) + "|row " + std::to_string(i) + "\n";
      sum += i;
      good++;
    }
  }
  SetCsvSegmentBytesForTesting(1 << 20);
  EXPECT_EQ(Run("COPY t FROM " + Q(Write("big.txt", content)) + " WITH (DELIMITER '|', MAXERROR 1000)"),
            "COPY " + std::to_string(good));
  SetCsvSegmentBytesForTesting(0);
  EXPECT_EQ(Rows("SELECT count(*), sum(a), count(*) FILTER (WHERE b = 'row ' || a) FROM t"),
            std::to_string(good) + "|" + std::to_string(sum) + "|" + std::to_string(good));
  EXPECT_EQ(Rows("SELECT count(*), min(line_number), max(line_number) FROM stl_load_errors"), "301|1|299101");
}

TEST_F(CopyLoadOptionsTest, FilesAndGlobs) {
  Run("CREATE TABLE t (a int, b text)");
  Write("part-1.csv", "1,a\n2,b\n");
  Write("part-2.csv", "3,c\n");
  Write("part-3.csv.gz.txt", "99,no\n");
  WriteGzip("part-4.csv", "4,d\n5,e\n");
  EXPECT_EQ(Run("COPY t FROM " + Q((dir_ / "part-?.csv").string()) + " WITH (FORMAT csv)"), "COPY 5");
  EXPECT_EQ(Rows("SELECT string_agg(b, '' ORDER BY a) FROM t"), "abcde");
  EXPECT_EQ(Rows("SELECT count(*), sum(rows_loaded) FROM stl_load_commits"), "3|5");
  EXPECT_EQ(Run("COPY t FROM " + Q((dir_ / "nothing-*.csv").string())),
            "58P01: no files match \"" + (dir_ / "nothing-*.csv").string() + "\"");
  // One bad file fails the whole COPY.
  Write("more-1.csv", "6,f\n");
  Write("more-2.csv", "x,g\n");
  EXPECT_EQ(Run("COPY t FROM " + Q((dir_ / "more-*.csv").string()) + " WITH (FORMAT csv)").substr(0, 6), "22P02:");
  EXPECT_EQ(Rows("SELECT count(*) FROM t"), "5");
}

TEST_F(CopyLoadOptionsTest, BadFiles) {
  Run("CREATE TABLE t (a int, b text)");
  EXPECT_EQ(Run("COPY t FROM " + Q(Write("empty.csv", "")) + " WITH (FORMAT csv)"), "COPY 0");
  EXPECT_EQ(Run("COPY t FROM " + Q(Write("header-only.csv", "a,b\n")) + " WITH (FORMAT csv, HEADER)"), "COPY 0");
  std::string missing = (dir_ / "missing.csv").string();
  EXPECT_EQ(Run("COPY t FROM " + Q(missing)),
            "58P01: could not open file \"" + missing + "\" for reading: No such file or directory");
  EXPECT_EQ(Run("COPY t FROM " + Q(dir_.string())).substr(0, 6), "42809:");
  // A truncated gzip file fails and loads nothing, even with MAXERROR.
  std::string gz = Read(WriteGzip("whole.gz", std::string(100000, 'x') + "\n"));
  EXPECT_EQ(Run("COPY t (b) FROM " + Q(Write("cut.gz", gz.substr(0, gz.size() / 2))) + " WITH (MAXERROR 100)")
                .substr(0, 6),
            "58030:");
  // Unbalanced quotes: the rest of the file is one unterminated field, one bad row (PostgreSQL
  // numbers it by its first line when it is the first row).
  std::string quotes = Write("q.csv", "1,\"a\n2,b\n3,c\n");
  EXPECT_EQ(Run("COPY t FROM " + Q(quotes) + " WITH (FORMAT csv)"),
            "22P04: unterminated CSV quoted field CONTEXT: COPY t, line 1: \"1,\"a\n2,b\n3,c\n\"");
  EXPECT_EQ(Run("COPY t FROM " + Q(quotes) + " WITH (FORMAT csv, MAXERROR 1)"), "COPY 0");
  EXPECT_EQ(Rows("SELECT line_number, err_reason FROM stl_load_errors ORDER BY query DESC LIMIT 1"),
            "1|unterminated CSV quoted field");
  EXPECT_EQ(Rows("SELECT count(*) FROM t"), "0");

  // A directory the loading user may not read: as root, run the COPY as "nobody".
  std::filesystem::path locked = dir_ / "locked";
  std::filesystem::create_directories(locked);
  Write("locked/x.csv", "1,a\n");
  ::chmod(locked.c_str(), 0);
  bool root = ::geteuid() == 0;
  if (root) ASSERT_EQ(::seteuid(65534), 0);
  std::string glob_result = Run("COPY t FROM " + Q((locked / "*.csv").string()) + " WITH (FORMAT csv)");
  std::string file_result = Run("COPY t FROM " + Q((locked / "x.csv").string()) + " WITH (FORMAT csv)");
  if (root) ASSERT_EQ(::seteuid(0), 0);
  ::chmod(locked.c_str(), 0755);
  EXPECT_EQ(glob_result, "42501: could not open directory \"" + locked.string() + "\": Permission denied");
  EXPECT_EQ(file_result, "42501: could not open file \"" + (locked / "x.csv").string() +
                             "\" for reading: Permission denied");
  EXPECT_EQ(Rows("SELECT count(*) FROM t"), "0");
}

TEST_F(CopyLoadOptionsTest, NdjsonByColumnName) {
  Run("CREATE TABLE orders (id int, \"customer.email\" text, total numeric(10,2), items json, paid boolean, "
      "placed timestamp)");
  std::string path = Write("orders.ndjson",
                           "{\"id\": 1, \"customer\": {\"email\": \"a@x.com\"}, \"total\": 10.5, \"items\": [{\"sku\": "
                           "\"A\"}], \"paid\": true, \"placed\": 1700000000}\n"
                           "\n"
                           "{\"ID\": 2, \"total\": \"7\", \"items\": [], \"paid\": false, \"extra\": {\"deep\": [1,2]}}\n"
                           "{\"id\": 3, \"customer\": null, \"total\": null}\n");
  EXPECT_EQ(Run("COPY orders FROM " + Q(path) + " WITH (FORMAT json, TIMEFORMAT 'epochsecs')"), "COPY 3");
  EXPECT_EQ(Rows("SELECT id, \"customer.email\", total, items, paid, placed FROM orders ORDER BY id"),
            "1|a@x.com|10.50|[{\"sku\": \"A\"}]|t|2023-11-14 22:13:20\n"
            "2|NULL|7.00|[]|f|NULL\n"
            "3|NULL|NULL|NULL|NULL|NULL");
  // A malformed line is a rejected row with its line number (blank lines count).
  std::string bad = Write("bad.ndjson", "{\"id\": 4}\n\n{\"id\": 5,}\n{\"id\": \"five\"}\n{\"id\": 6}\n");
  EXPECT_EQ(Run("COPY orders FROM " + Q(bad) + " WITH (JSON 'auto', MAXERROR 2)"), "COPY 2");
  EXPECT_EQ(Rows("SELECT line_number, colname, err_code FROM stl_load_errors ORDER BY line_number"),
            "3|NULL|22P02\n4|id|22P02");
  EXPECT_EQ(Run("COPY orders FROM " + Q(bad) + " WITH (FORMAT json)").substr(0, 60),
            "22P02: invalid input syntax for type json: Expected string, ");
}

TEST_F(CopyLoadOptionsTest, NdjsonWithJsonPaths) {
  Run("CREATE TABLE o (id int, email text, first_sku text)");
  std::string paths = Write("paths.json", "{\"jsonpaths\": [\"$.id\", \"$['customer']['email']\", \"$.items[0].sku\"]}");
  std::string data = Write("o.ndjson",
                           "{\"id\": 1, \"customer\": {\"email\": \"a@x.com\"}, \"items\": [{\"sku\": \"A\"}, {\"sku\": "
                           "\"B\"}]}\n{\"id\": 2, \"items\": []}\n");
  EXPECT_EQ(Run("COPY o FROM " + Q(data) + " WITH (FORMAT json, JSON " + Q(paths) + ")"), "COPY 2");
  EXPECT_EQ(Rows("SELECT id, email, first_sku FROM o ORDER BY id"), "1|a@x.com|A\n2|NULL|NULL");
  EXPECT_EQ(Run("COPY o (id, email) FROM " + Q(data) + " WITH (FORMAT json, JSON " + Q(paths) + ")"),
            "22023: JSONPaths file \"" + paths + "\" has 3 expressions, but the COPY loads 2 columns");
  EXPECT_EQ(Run("COPY o FROM " + Q(data) + " WITH (FORMAT json, HEADER)"),
            "0A000: COPY format \"json\" does not take DELIMITER, NULL, QUOTE, ESCAPE, HEADER or FORCE options");
}

}  // namespace
}  // namespace stockroom
