#include <gtest/gtest.h>
#include <unistd.h>
#include <zlib.h>

#include <chrono>
#include <cstdio>
#include <filesystem>
#include <fstream>
#include <sstream>
#include <string>

#include "common/error/exception.hpp"
#include "ingest/csv/csv_reader.hpp"
#include "main/connection.hpp"
#include "main/database.hpp"
#include "copy_test_fixture.hpp"

// Expected errors and results are what PostgreSQL 15 printed for the same COPY over the same
// file (messages as "SQLSTATE: message", then " CONTEXT: ..." when it sent one).

namespace stockroom {
namespace {

TEST_F(CopyTest, TextFormat) {
  Run("CREATE TABLE t (a int, b text)");
  std::string path = Write("t.txt",
                           "1\ta\\tb\\nc\\\\d\\101\\x41\\N\\z\\\\N\n"
                           "2\t\\N\n"
                           "3\t\\\nX\n"
                           "5\t\n");
  EXPECT_EQ(Run("COPY t FROM " + Q(path)), "COPY 4");
  EXPECT_EQ(Rows("SELECT a, b IS NULL, length(b) FROM t"), "1|f|13\n2|t|NULL\n3|f|2\n5|f|0");
  EXPECT_EQ(Rows("SELECT b FROM t WHERE a = 1"), "a\tb\nc\\dAANz\\N");
  // \. alone on a line ends the data; a \. ending a line is dropped.
  Run("CREATE TABLE u (a int, b text)");
  EXPECT_EQ(Run("COPY u FROM " + Q(Write("eod.txt", "1\ta\n\\.\n2\tb\n"))), "COPY 1");
  EXPECT_EQ(Run("COPY u FROM " + Q(Write("eod2.txt", "3\tc\\.\n4\td\n"))), "COPY 2");
  EXPECT_EQ(Rows("SELECT a, b FROM u ORDER BY a"), "1|a\n3|c\n4|d");
  EXPECT_EQ(Run("COPY u FROM " + Q(Write("eod3.txt", "5\ta\\.b\n"))),
            "22P04: end-of-copy marker corrupt CONTEXT: COPY u, line 1");
  EXPECT_EQ(Run("COPY u FROM " + Q(Write("esc.txt", "1\t\\xff\n"))),
            "22021: invalid byte sequence for encoding \"UTF8\": 0xff CONTEXT: COPY u, line 1: \"1\t\\xff\"");
}

TEST_F(CopyTest, CsvQuoting) {
  Run("CREATE TABLE t (a int, b text)");
  std::string path = Write("q.csv",
                           "1,\"a\"\"b\"\n2,\"\"\n3,\n4,\"x\"y\"z\"\n5,ab\"c,d\"e\n6, \"q\" \n7,NULL\n"
                           "8,\"multi\nline\"\n");
  EXPECT_EQ(Run("COPY t FROM " + Q(path) + " WITH (FORMAT csv)"), "COPY 8");
  EXPECT_EQ(Rows("SELECT a, '[' || b || ']', b IS NULL FROM t ORDER BY a"),
            "1|[a\"b]|f\n2|[]|f\n3|NULL|t\n4|[xyz]|f\n5|[abc,de]|f\n6|[ q ]|f\n7|[NULL]|f\n8|[multi\nline]|f");
  Run("CREATE TABLE n (a int, b text)");
  EXPECT_EQ(Run("COPY n FROM " + Q(path) + " WITH (FORMAT csv, NULL 'NULL')"), "COPY 8");
  EXPECT_EQ(Rows("SELECT a FROM n WHERE b IS NULL"), "7");
  Run("CREATE TABLE fnn (a int, b text)");
  EXPECT_EQ(Run("COPY fnn FROM " + Q(path) + " WITH (FORMAT csv, FORCE_NOT_NULL (b))"), "COPY 8");
  EXPECT_EQ(Rows("SELECT count(*) FROM fnn WHERE b IS NULL"), "0");
  Run("CREATE TABLE fn (a int, b text)");
  EXPECT_EQ(Run("COPY fn FROM " + Q(path) + " WITH (FORMAT csv, FORCE_NULL (b))"), "COPY 8");
  EXPECT_EQ(Rows("SELECT a FROM fn WHERE b IS NULL ORDER BY a"), "2\n3");
  // A different escape character.
  Run("CREATE TABLE e (a text)");
  EXPECT_EQ(Run("COPY e FROM " + Q(Write("e.csv", "\"a\\\"b\\\\c\\d\"\n")) + " WITH (FORMAT csv, ESCAPE '\\')"),
            "COPY 1");
  EXPECT_EQ(Rows("SELECT a FROM e"), "a\"b\\c\\d");
}

TEST_F(CopyTest, OldSyntaxAndHeader) {
  Run("CREATE TABLE t (a int, b text)");
  std::string path = Write("h.csv", "a|b\n1|x\n2|\"y|z\"\n");
  EXPECT_EQ(Run("COPY t FROM " + Q(path) + " DELIMITER '|' CSV HEADER"), "COPY 2");
  EXPECT_EQ(Run("COPY t FROM " + Q(path) + " WITH (FORMAT csv, DELIMITER '|', HEADER match)"), "COPY 2");
  EXPECT_EQ(Rows("SELECT a, b FROM t ORDER BY a, b"), "1|x\n1|x\n2|y|z\n2|y|z");
  EXPECT_EQ(Run("COPY t (b, a) FROM " + Q(path) + " WITH (FORMAT csv, DELIMITER '|', HEADER match)"),
            "22P04: column name mismatch in header line field 1: got \"a\", expected \"b\" CONTEXT: COPY t, line 1: "
            "\"a|b\"");
  EXPECT_EQ(Run("COPY t FROM " + Q(Write("h2.csv", "a\n1,x\n")) + " WITH (FORMAT csv, HEADER match)"),
            "22P04: wrong number of fields in header line: got 1, expected 2 CONTEXT: COPY t, line 1: \"a\"");
  EXPECT_EQ(Run("COPY t FROM " + Q(Write("h3.csv", "a,\n1,x\n")) + " WITH (FORMAT csv, HEADER match)"),
            "22P04: column name mismatch in header line field 2: got null value (\"\"), expected \"b\" CONTEXT: "
            "COPY t, line 1: \"a,\"");
  // The header counts as line 1.
  EXPECT_EQ(Run("COPY t FROM " + Q(Write("h4.csv", "a,b\n1,x\nq,y\n")) + " WITH (FORMAT csv, HEADER)"),
            "22P02: invalid input syntax for type integer: \"q\" CONTEXT: COPY t, line 3, column a: \"q\"");
  // Text format takes a header too.
  EXPECT_EQ(Run("COPY t FROM " + Q(Write("h5.txt", "a\tb\n9\tz\n")) + " WITH (HEADER true)"), "COPY 1");
}

TEST_F(CopyTest, RowErrors) {
  Run("CREATE TABLE t (a int, b text)");
  EXPECT_EQ(Run("COPY t FROM " + Q(Write("a.txt", "1|2\n3\nabc|4\n")) + " WITH (FORMAT csv, DELIMITER '|')"),
            "22P04: missing data for column \"b\" CONTEXT: COPY t, line 2: \"3\"");
  // Fields before the missing one are converted first.
  EXPECT_EQ(Run("COPY t FROM " + Q(Write("b.txt", "abc\n")) + " WITH (FORMAT csv, DELIMITER '|')"),
            "22P02: invalid input syntax for type integer: \"abc\" CONTEXT: COPY t, line 1, column a: \"abc\"");
  EXPECT_EQ(Run("COPY t FROM " + Q(Write("c.txt", "1|a\n2|b|c\n")) + " WITH (DELIMITER '|')"),
            "22P04: extra data after last expected column CONTEXT: COPY t, line 2: \"2|b|c\"");
  EXPECT_EQ(Run("COPY t FROM " + Q(Write("d.csv", "a,b\n1,\"x\n")) + " WITH (FORMAT csv, HEADER)"),
            "22P04: unterminated CSV quoted field CONTEXT: COPY t, line 3: \"1,\"x\n\"");
  // Quoted newlines count as lines, except in the first line (PostgreSQL's line counting).
  EXPECT_EQ(Run("COPY t FROM " + Q(Write("e.csv", "1,\"a\nb\"\n2,\"c\n\nd\"\n3\n")) + " WITH (FORMAT csv)"),
            "22P04: missing data for column \"b\" CONTEXT: COPY t, line 5: \"3\"");
  std::string long_line = "1|" + std::string(150, 'x') + "\n";
  EXPECT_EQ(Run("COPY t FROM " + Q(Write("f.txt", long_line)) + " WITH (DELIMITER ',')"),
            "22P02: invalid input syntax for type integer: \"" + long_line.substr(0, long_line.size() - 1) +
                "\" CONTEXT: COPY t, line 1, column a: \"" + long_line.substr(0, 100) + "...\"");
  EXPECT_EQ(Run("COPY t FROM " + Q(Write("g.csv", "1,a\r\n2,b\r\n3,c\n")) + " WITH (FORMAT csv)"),
            "22P04: unquoted newline found in data CONTEXT: COPY t, line 3");
  EXPECT_EQ(Run("COPY t FROM " + Q(Write("h.csv", "1,a\n2,b\r3,c\n")) + " WITH (FORMAT csv)"),
            "22P04: unquoted carriage return found in data CONTEXT: COPY t, line 2");
  EXPECT_EQ(Run("COPY t FROM " + Q(Write("i.csv", "1,a\n2,b\r3,c\n")) + " WITH (DELIMITER ',')"),
            "22P04: literal carriage return found in data CONTEXT: COPY t, line 2");
  EXPECT_EQ(Run("COPY t FROM " + Q(Write("j.txt", "1\tab\xff" "c\n"))),
            "22021: invalid byte sequence for encoding \"UTF8\": 0xff CONTEXT: COPY t, line 1");
  EXPECT_EQ(Run("COPY t FROM " + Q(Write("k.txt", std::string("1\tab\0c\n", 7)))),
            "22021: invalid byte sequence for encoding \"UTF8\": 0x00 CONTEXT: COPY t, line 1");
  EXPECT_EQ(Run("COPY t FROM " + Q(Write("l.txt", "\n"))),
            "22P02: invalid input syntax for type integer: \"\" CONTEXT: COPY t, line 1, column a: \"\"");
  // Nothing of a failed COPY stays.
  EXPECT_EQ(Rows("SELECT count(*) FROM t"), "0");
  // CRLF files load.
  EXPECT_EQ(Run("COPY t FROM " + Q(Write("m.csv", "1,a\r\n2,\"b\r\nc\"\r\n")) + " WITH (FORMAT csv)"), "COPY 2");
  EXPECT_EQ(Rows("SELECT a, b FROM t ORDER BY a"), "1|a\n2|b\r\nc");
}

TEST_F(CopyTest, TypesAndConstraints) {
  Run("CREATE TABLE t (i smallint, b bigint, n numeric(16,2), d double precision, r real, ok boolean, dt date, "
      "ts timestamp, c char(5), v varchar(5), iv interval, un numeric)");
  std::string path = Write("t.csv",
                           "1,9000000000,1.005,1.5e3,0.1,yes,2024-02-29,2024-01-01 12:34:56.5,ab,abc      ,1 day,1.50\n"
                           "-2,-1,-25,-0,NaN, OFF ,1999-12-31,2000-01-01,abcde,x,2 hours,-0.001\n"
                           ",,,,,,,,,,,\n");
  EXPECT_EQ(Run("COPY t FROM " + Q(path) + " WITH (FORMAT csv)"), "COPY 3");
  EXPECT_EQ(Rows("SELECT * FROM t ORDER BY i"),
            "-2|-1|-25.00|-0|NaN|f|1999-12-31|2000-01-01 00:00:00|abcde|x|02:00:00|-0.001\n"
            "1|9000000000|1.01|1500|0.1|t|2024-02-29|2024-01-01 12:34:56.5|ab   |abc  |1 day|1.50\n"
            "NULL|NULL|NULL|NULL|NULL|NULL|NULL|NULL|NULL|NULL|NULL|NULL");
  EXPECT_EQ(Run("COPY t (v) FROM " + Q(Write("v.txt", "abcdefgh\n"))),
            "22001: value too long for type character varying(5) CONTEXT: COPY t, line 1, column v: \"abcdefgh\"");
  EXPECT_EQ(Run("COPY t (c) FROM " + Q(Write("c.txt", "abcdefgh\n"))),
            "22001: value too long for type character(5) CONTEXT: COPY t, line 1, column c: \"abcdefgh\"");
  EXPECT_EQ(Run("COPY t (n) FROM " + Q(Write("n.txt", "99999999999999.995\n"))),
            "22003: numeric field overflow DETAIL: A field with precision 16, scale 2 must round to an absolute "
            "value less than 10^14. CONTEXT: COPY t, line 1, column n: \"99999999999999.995\"");
  EXPECT_EQ(Run("COPY t (i) FROM " + Q(Write("i.txt", "99999\n"))),
            "22003: value \"99999\" is out of range for type smallint CONTEXT: COPY t, line 1, column i: \"99999\"");
  EXPECT_EQ(Run("COPY t (ok) FROM " + Q(Write("o.txt", "maybe\n"))),
            "22P02: invalid input syntax for type boolean: \"maybe\" CONTEXT: COPY t, line 1, column ok: \"maybe\"");
  EXPECT_EQ(Run("COPY t (dt) FROM " + Q(Write("d.txt", "2024-02-30\n"))),
            "22008: date/time field value out of range: \"2024-02-30\" CONTEXT: COPY t, line 1, column dt: "
            "\"2024-02-30\"");

  Run("CREATE TABLE nn (a int, b text NOT NULL)");
  EXPECT_EQ(Run("COPY nn FROM " + Q(Write("nn.txt", "1|a\n2|\\N\n")) + " WITH (DELIMITER '|')"),
            "23502: null value in column \"b\" of relation \"nn\" violates not-null constraint DETAIL: Failing row "
            "contains (2, null). CONTEXT: COPY nn, line 2: \"2|\\N\"");
  // A conversion error later in the same row comes first.
  EXPECT_EQ(Run("COPY nn FROM " + Q(Write("nn2.txt", "x|\\N\n")) + " WITH (DELIMITER '|')"),
            "22P02: invalid input syntax for type integer: \"x\" CONTEXT: COPY nn, line 1, column a: \"x\"");

  Run("CREATE TABLE df (a int NOT NULL, b text DEFAULT 'dflt', c int DEFAULT 7)");
  EXPECT_EQ(Run("COPY df (a) FROM " + Q(Write("df.txt", "1\n2\n"))), "COPY 2");
  EXPECT_EQ(Rows("SELECT a, b, c FROM df ORDER BY a"), "1|dflt|7\n2|dflt|7");
  EXPECT_EQ(Run("COPY df (b) FROM " + Q(Write("df2.txt", "\n"))),
            "23502: null value in column \"a\" of relation \"df\" violates not-null constraint DETAIL: Failing row "
            "contains (null, , 7). CONTEXT: COPY df, line 1: \"\"");
}

TEST_F(CopyTest, StatementErrors) {
  Run("CREATE TABLE t (a int, b text)");
  std::string path = Write("t.txt", "1\ta\n");
  EXPECT_EQ(Run("COPY t FROM '/nonexistent/x.txt'"),
            "58P01: could not open file \"/nonexistent/x.txt\" for reading: No such file or directory");
  EXPECT_EQ(Run("COPY nosuch FROM " + Q(path)), "42P01: relation \"nosuch\" does not exist");
  EXPECT_EQ(Run("COPY t (z) FROM " + Q(path)), "42703: column \"z\" of relation \"t\" does not exist");
  EXPECT_EQ(Run("COPY t (a, a) FROM " + Q(path)), "42701: column \"a\" specified more than once");
  EXPECT_EQ(Run("COPY t FROM " + Q(path) + " WITH (FORMAT foo)"), "22023: COPY format \"foo\" not recognized");
  EXPECT_EQ(Run("COPY t FROM " + Q(path) + " WITH (foo 1)"), "42601: option \"foo\" not recognized");
  EXPECT_EQ(Run("COPY t FROM " + Q(path) + " WITH (DELIMITER '||')"),
            "0A000: COPY delimiter must be a single one-byte character");
  EXPECT_EQ(Run("COPY t FROM " + Q(path) + " WITH (HEADER 'yes')"),
            "42601: header requires a Boolean value or \"match\"");
  EXPECT_EQ(Run("COPY t FROM " + Q(path) + " WITH (QUOTE '\"')"), "0A000: COPY quote available only in CSV mode");
  EXPECT_EQ(Run("COPY t FROM " + Q(path) + " WITH (FORMAT csv, DELIMITER ',', QUOTE ',')"),
            "22023: COPY delimiter and quote must be different");
  EXPECT_EQ(Run("COPY t FROM " + Q(path) + " WITH (DELIMITER '\\')"), "22023: COPY delimiter cannot be \"\\\"");
  EXPECT_EQ(Run("COPY t FROM " + Q(path) + " WITH (FORMAT csv, NULL ',')"),
            "0A000: COPY delimiter must not appear in the NULL specification");
  EXPECT_EQ(Run("COPY t FROM " + Q(path) + " WITH (FORCE_NOT_NULL (a))"),
            "0A000: COPY force not null available only in CSV mode");
  EXPECT_EQ(Run("COPY t FROM " + Q(path) + " WITH (FORMAT csv, FORCE_NOT_NULL (z))"),
            "42703: column \"z\" of relation \"t\" does not exist");
  EXPECT_EQ(Run("COPY t (a) FROM " + Q(path) + " WITH (FORMAT csv, FORCE_NULL (b))"),
            "42P10: FORCE_NULL column \"b\" not referenced by COPY");
  EXPECT_EQ(Run("COPY t FROM " + Q(path) + " WITH (ENCODING 'foo')"),
            "22023: argument to option \"encoding\" must be a valid encoding name");
  EXPECT_EQ(Run("COPY t TO " + Q(path) + " WITH (HEADER match)"), "0A000: cannot use \"match\" with HEADER in COPY TO");
  EXPECT_EQ(Run("COPY t FROM STDIN").substr(0, 6), "0A000:");
  Run("CREATE VIEW v AS SELECT 1 AS a");
  EXPECT_EQ(Run("COPY v FROM " + Q(path)), "42809: cannot copy to view \"v\"");
  EXPECT_EQ(Run("COPY v TO " + Q(path)), "42809: cannot copy from view \"v\"");
  EXPECT_EQ(Rows("SELECT count(*) FROM t"), "0");
}

TEST_F(CopyTest, GzipAndEncoding) {
  Run("CREATE TABLE t (a int, b text)");
  std::string content;
  for (int i = 0; i < 5000; i++) content += std::to_string(i) + "|row " + std::to_string(i) + "\n";
  // Detected by the magic bytes, whatever the name; several members read as one stream.
  std::string path = WriteGzip("data.bin", content, 3);
  EXPECT_EQ(Run("COPY t FROM " + Q(path) + " WITH (FORMAT csv, DELIMITER '|')"), "COPY 5000");
  EXPECT_EQ(Rows("SELECT count(*), sum(a), max(b) FROM t"), "5000|12497500|row 999");
  std::string truncated = Read(WriteGzip("x.gz", content));
  std::string bad = Write("bad.gz", truncated.substr(0, truncated.size() / 2));
  EXPECT_EQ(Run("COPY t FROM " + Q(bad) + " WITH (FORMAT csv, DELIMITER '|')").substr(0, 6), "58030:");
  EXPECT_EQ(Rows("SELECT count(*) FROM t"), "5000");
  Run("CREATE TABLE l (a text)");
  EXPECT_EQ(Run("COPY l FROM " + Q(Write("l.txt", "caf\xe9\n")) + " WITH (ENCODING 'latin1')"), "COPY 1");
  EXPECT_EQ(Rows("SELECT a, length(a), octet_length(a) FROM l"), "caf\xc3\xa9|4|5");
}

TEST_F(CopyTest, CopyTo) {
  Run("CREATE TABLE t (a int, b text, c numeric(10,2), d date)");
  Run("INSERT INTO t VALUES (1, 'plain', 1.5, '2024-01-02'), (2, 'with,comma', NULL, NULL), "
      "(3, 'quote\"and\\back', -2, '1999-12-31'), (4, '', 0, NULL), (5, NULL, 3, NULL), (6, 'tab\tnl\n', 1, NULL)");
  std::string csv = (dir_ / "out.csv").string();
  EXPECT_EQ(Run("COPY t TO " + Q(csv) + " WITH (FORMAT csv, HEADER)"), "COPY 6");
  EXPECT_EQ(Read(csv),
            "a,b,c,d\n1,plain,1.50,2024-01-02\n2,\"with,comma\",,\n3,\"quote\"\"and\\back\",-2.00,1999-12-31\n"
            "4,\"\",0.00,\n5,,3.00,\n6,\"tab\tnl\n\",1.00,\n");
  std::string text = (dir_ / "out.txt").string();
  EXPECT_EQ(Run("COPY t (b, a) TO " + Q(text)), "COPY 6");
  EXPECT_EQ(Read(text), "plain\t1\nwith,comma\t2\nquote\"and\\\\back\t3\n\t4\n\\N\t5\ntab\\tnl\\n\t6\n");
  std::string query = (dir_ / "q.csv").string();
  EXPECT_EQ(Run("COPY (SELECT a, b FROM t WHERE a < 3 ORDER BY a) TO " + Q(query) +
                " WITH (FORMAT csv, FORCE_QUOTE *, DELIMITER '|')"),
            "COPY 2");
  EXPECT_EQ(Read(query), "\"1\"|\"plain\"\n\"2\"|\"with,comma\"\n");
  // Round trips through both formats, and through gzip.
  Run("CREATE TABLE r1 (a int, b text, c numeric(10,2), d date)");
  EXPECT_EQ(Run("COPY r1 FROM " + Q(csv) + " WITH (FORMAT csv, HEADER)"), "COPY 6");
  Run("CREATE TABLE r2 (b text, a int)");
  EXPECT_EQ(Run("COPY r2 FROM " + Q(text)), "COPY 6");
  std::string gz = (dir_ / "out.csv.gz").string();
  EXPECT_EQ(Run("COPY t TO " + Q(gz) + " WITH (FORMAT csv)"), "COPY 6");
  Run("CREATE TABLE r3 (a int, b text, c numeric(10,2), d date)");
  EXPECT_EQ(Run("COPY r3 FROM " + Q(gz) + " WITH (FORMAT csv)"), "COPY 6");
  std::string expected = Rows("SELECT a, b, c, d FROM t ORDER BY a");
  EXPECT_EQ(Rows("SELECT a, b, c, d FROM r1 ORDER BY a"), expected);
  EXPECT_EQ(Rows("SELECT a, b FROM r2 ORDER BY a"), Rows("SELECT a, b FROM t ORDER BY a"));
  EXPECT_EQ(Rows("SELECT a, b, c, d FROM r3 ORDER BY a"), expected);
  EXPECT_EQ(Run("COPY t TO '/nonexistent/dir/x.csv'"),
            "58P01: could not open file \"/nonexistent/dir/x.csv\" for writing: No such file or directory");
}

TEST_F(CopyTest, ManyRowsInParallel) {
  // Enough rows for several row groups and segments, with quoted fields so the quote-aware
  // splitter runs, and an error far into the file.
  Run("CREATE TABLE t (id bigint, name text, price numeric(12,2), day date)");
  std::string content;
  const int kRows = 400000;
  content.reserve(kRows * 40);
  for (int i = 0; i < kRows; i++) {
    content += std::to_string(i);
    content += i % 7 == 0 ? ",\"name, " + std::to_string(i) + "\"" : ",name" + std::to_string(i);
    content += "," + std::to_string(i % 1000) + "." + std::to_string(i % 100 / 10) + std::to_string(i % 10);
    content += ",2024-01-" + std::to_string(10 + i % 20) + "\n";
  }
  std::string path = WriteGzip("big.csv.gz", content);
  EXPECT_EQ(Run("COPY t FROM " + Q(path) + " WITH (FORMAT csv)"), "COPY 400000");
  EXPECT_EQ(Rows("SELECT count(*), sum(id), count(DISTINCT name), min(day), max(day) FROM t"),
            "400000|79999800000|400000|2024-01-10|2024-01-29");
  EXPECT_EQ(Rows("SELECT id, name, price FROM t WHERE id IN (0, 7, 399999) ORDER BY id"),
            "0|name, 0|0.00\n7|name, 7|7.07\n399999|name399999|999.99");
  std::string bad = content;
  size_t at = bad.find("\n345678,") + 1;
  bad.replace(at, 6, "34x678");
  EXPECT_EQ(Run("COPY t FROM " + Q(Write("bad.csv", bad)) + " WITH (FORMAT csv)"),
            "22P02: invalid input syntax for type bigint: \"34x678\" CONTEXT: COPY t, line 345679, column id: "
            "\"34x678\"");
  EXPECT_EQ(Rows("SELECT count(*) FROM t"), "400000");
}

TEST_F(CopyTest, SegmentBoundaries) {
  // Rows that straddle segments, rows longer than a segment, quoted line breaks and CRLF.
  std::string csv = "id,note\r\n";
  std::string text;
  for (int i = 0; i < 3000; i++) {
    std::string note = i % 5 == 0 ? "\"multi\r\nline, " + std::to_string(i) + "\"" : "plain " + std::to_string(i);
    if (i % 997 == 0) note = std::string(5000, 'x');
    csv += std::to_string(i) + "," + note + "\r\n";
    text += std::to_string(i) + "\t" + (i % 3 == 0 ? "back\\\\slash\\ttab" : "n" + std::to_string(i)) + "\n";
  }
  std::string csv_path = Write("s.csv", csv);
  std::string text_path = Write("s.txt", text);
  Run("CREATE TABLE a (id int, note text)");
  Run("CREATE TABLE b (id int, note text)");
  Run("CREATE TABLE c (id int, note text)");
  Run("CREATE TABLE d (id int, note text)");
  ASSERT_EQ(Run("COPY a FROM " + Q(csv_path) + " WITH (FORMAT csv, HEADER)"), "COPY 3000");
  ASSERT_EQ(Run("COPY c FROM " + Q(text_path)), "COPY 3000");
  SetCsvSegmentBytesForTesting(1000);
  EXPECT_EQ(Run("COPY b FROM " + Q(csv_path) + " WITH (FORMAT csv, HEADER)"), "COPY 3000");
  EXPECT_EQ(Run("COPY d FROM " + Q(text_path)), "COPY 3000");
  std::string bad = csv;
  bad.replace(bad.find("\r\n2999,"), 7, "\r\n29x9,");
  std::string error = Run("COPY b FROM " + Q(Write("bad.csv", bad)) + " WITH (FORMAT csv, HEADER)");
  SetCsvSegmentBytesForTesting(0);
  EXPECT_EQ(Rows("SELECT id, note FROM a ORDER BY id"), Rows("SELECT id, note FROM b ORDER BY id"));
  EXPECT_EQ(Rows("SELECT id, note FROM c ORDER BY id"), Rows("SELECT id, note FROM d ORDER BY id"));
  EXPECT_EQ(Rows("SELECT note FROM c WHERE id = 3"), "back\\slash\ttab");
  EXPECT_EQ(Rows("SELECT note FROM a WHERE id = 5"), "multi\r\nline, 5");
  // 3000 rows, 599 of them two lines long before the bad one, plus the header.
  EXPECT_EQ(error, "22P02: invalid input syntax for type integer: \"29x9\" CONTEXT: COPY b, line 3600, column id: "
                   "\"29x9\"");
  EXPECT_EQ(Run("COPY b FROM " + Q(Write("empty.csv", ""))), "COPY 0");
  EXPECT_EQ(Run("COPY b FROM " + Q(Write("header.csv", "id,note\n")) + " WITH (FORMAT csv, HEADER)"), "COPY 0");
  EXPECT_EQ(Rows("SELECT count(*) FROM b"), "3000");
}

TEST_F(CopyTest, TpchLineitem) {
  const char* path = "/work/shared/data/tpch/sf0.1/lineitem.tbl.gz";
  if (!std::filesystem::exists(path)) GTEST_SKIP() << "no TPC-H data";
  Run("CREATE TABLE lineitem (l_orderkey INTEGER NOT NULL, l_partkey INTEGER NOT NULL, l_suppkey INTEGER NOT NULL, "
      "l_linenumber INTEGER NOT NULL, l_quantity DECIMAL(15,2) NOT NULL, l_extendedprice DECIMAL(15,2) NOT NULL, "
      "l_discount DECIMAL(15,2) NOT NULL, l_tax DECIMAL(15,2) NOT NULL, l_returnflag CHAR(1) NOT NULL, "
      "l_linestatus CHAR(1) NOT NULL, l_shipdate DATE NOT NULL, l_commitdate DATE NOT NULL, l_receiptdate DATE NOT "
      "NULL, l_shipinstruct CHAR(25) NOT NULL, l_shipmode CHAR(10) NOT NULL, l_comment VARCHAR(44) NOT NULL)");
  auto start = std::chrono::steady_clock::now();
  EXPECT_EQ(Run(std::string("COPY lineitem FROM '") + path + "' WITH (FORMAT csv, DELIMITER '|')"), "COPY 600572");
  double seconds = std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
  std::printf("lineitem SF0.1 loaded in %.3f s\n", seconds);
  EXPECT_EQ(Rows("SELECT sum(l_quantity), sum(l_extendedprice), min(l_shipdate), max(l_shipdate) FROM lineitem"),
            "15334802.00|21615929280.24|1992-01-03|1998-12-01");
}

}  // namespace
}  // namespace stockroom
