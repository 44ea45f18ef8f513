// Window functions run end to end through SQL (PhysicalWindow, its sort, frames and
// segment tree). Every expected result is what PostgreSQL 15 printed for the same statement
// over the same rows (psql -A -t -F, -P null=NULL); errors are "SQLSTATE: message". Queries
// avoid ties that PostgreSQL would break arbitrarily (ROWS frames and row_number order by a
// unique key as well).
#include <gtest/gtest.h>

#include <cstdio>
#include <memory>
#include <string>
#include <vector>

#include "common/error/exception.hpp"
#include "main/connection.hpp"
#include "main/database.hpp"
#include "support/result_text.hpp"

namespace stockroom {
namespace {

const char* kSetup = R"sql(
create table w (id int, g int, x int, s text, f double precision, n numeric(10,2), d date, ts timestamp);
insert into w values
 (1, 1, 10, 'a', 1.5, 1.25, '2020-01-01', '2020-01-01 10:00'),
 (2, 1, 20, 'b', 2.5, 2.50, '2020-01-03', '2020-01-01 11:30'),
 (3, 1, 20, 'c', null, 3.75, '2020-01-03', '2020-01-02 10:00'),
 (4, 1, null, 'd', 4.5, null, null, null),
 (5, 2, 5, null, -1, -2.00, '2020-02-01', '2020-01-01 09:00'),
 (6, 2, 7, 'f', 0, 0.10, '2020-02-29', '2020-01-01 10:00'),
 (7, 2, 7, 'g', 'NaN', 5.55, '2020-03-01', '2020-01-05 00:00'),
 (8, null, 1, 'h', 'Infinity', 1.00, '2019-12-31', '2019-12-31 23:59'),
 (9, null, null, 'i', null, null, '2020-01-02', '2020-01-01 10:30'),
 (10, 3, 100, 'j', 3.25, 9.99, '2021-01-01', '2021-01-01 00:00'),
 (11, 2, 9, 'k', '-Infinity', 7.00, '2020-02-15', '2020-01-03 00:00'),
 (12, 1, 15, 'l', 2.5, 2.50, '2020-01-05', '2020-01-01 12:00');
create table e (x int, s text);
create table v (id int, k smallint, b bigint, r real, nu numeric, iv interval, tz timestamptz, s varchar(5));
insert into v values
 (1, 1, 100, 1.5, 1.5, '1 day', '2020-03-08 01:00:00+00', 'ab'),
 (2, 3, 200, -2.25, 2.25, '2 days', '2020-03-08 05:00:00+00', 'cd'),
 (3, null, 300, null, null, null, null, null),
 (4, 3, 400, 7, 10, '1 mon', '2020-03-09 01:00:00+00', 'ef'),
 (5, 8, null, 'Infinity', -3.125, '-1 day', '2020-04-01 00:00:00+00', 'gh'),
 (6, -2, 600, 0, 0.5, '36 hours', '2020-03-07 23:00:00+00', 'ij'),
 (7, 5, 700, 7, 2.25, '1 day 12:00', '2020-03-08 02:00:00+00', 'kl');
)sql";

// Returns the rows of `result`, one line each, columns separated by commas, NULL as NULL.
std::string Format(const QueryResult& result) { return ResultText(result, ","); }

class WindowTest : public ::testing::Test {
 protected:
  explicit WindowTest(int threads = 0) {
    DatabaseConfig config;
    config.threads = threads;
    db_ = std::make_unique<Database>(config);
    con_ = std::make_unique<Connection>(*db_);
  }
  void SetUp() override { con_->Query(kSetup); }

  std::string Rows(const std::string& sql) { return Format(*con_->Query(sql)); }
  std::string Error(const std::string& sql) {
    try {
      con_->Query(sql);
    } catch (const SqlError& e) {
      return std::string(e.sqlstate()) + ": " + e.what();
    }
    return "no error";
  }

  std::unique_ptr<Database> db_;
  std::unique_ptr<Connection> con_;
};

// row_number, rank, dense_rank, percent_rank and cume_dist with ties, NULL keys and a NULL partition.
TEST_F(WindowTest, RankingFunctions) {
  EXPECT_EQ(Rows("select id, row_number() over (partition by g order by x, id), rank() over (partition by g order by x), dense_rank() over (partition by g order by x) from w order by id"),
            "1,1,1,1\n"
            "2,3,3,3\n"
            "3,4,3,3\n"
            "4,5,5,4\n"
            "5,1,1,1\n"
            "6,2,2,2\n"
            "7,3,2,2\n"
            "8,1,1,1\n"
            "9,2,2,2\n"
            "10,1,1,1\n"
            "11,4,4,3\n"
            "12,2,2,2");
  EXPECT_EQ(Rows("select id, percent_rank() over (partition by g order by x), cume_dist() over (partition by g order by x) from w order by id"),
            "1,0,0.2\n"
            "2,0.5,0.8\n"
            "3,0.5,0.8\n"
            "4,1,1\n"
            "5,0,0.25\n"
            "6,0.3333333333333333,0.75\n"
            "7,0.3333333333333333,0.75\n"
            "8,0,0.5\n"
            "9,1,1\n"
            "10,0,1\n"
            "11,1,1\n"
            "12,0.25,0.4");
  EXPECT_EQ(Rows("select id, rank() over (order by x desc nulls last), dense_rank() over (order by x nulls first), percent_rank() over (order by x desc), cume_dist() over (order by s) from w order by id"),
            "1,5,6,0.5454545454545454,0.08333333333333333\n"
            "2,2,8,0.2727272727272727,0.16666666666666666\n"
            "3,2,8,0.2727272727272727,0.25\n"
            "4,11,1,0,0.3333333333333333\n"
            "5,9,3,0.9090909090909091,1\n"
            "6,7,4,0.7272727272727273,0.4166666666666667\n"
            "7,7,4,0.7272727272727273,0.5\n"
            "8,10,2,1,0.5833333333333334\n"
            "9,11,1,0,0.6666666666666666\n"
            "10,1,9,0.18181818181818182,0.75\n"
            "11,6,5,0.6363636363636364,0.8333333333333334\n"
            "12,4,7,0.45454545454545453,0.9166666666666666");
  EXPECT_EQ(Rows("select id, percent_rank() over (partition by id), cume_dist() over (partition by id), rank() over (partition by id order by x) from w order by id"),
            "1,0,1,1\n"
            "2,0,1,1\n"
            "3,0,1,1\n"
            "4,0,1,1\n"
            "5,0,1,1\n"
            "6,0,1,1\n"
            "7,0,1,1\n"
            "8,0,1,1\n"
            "9,0,1,1\n"
            "10,0,1,1\n"
            "11,0,1,1\n"
            "12,0,1,1");
  // Without ORDER BY every row of a partition is a peer of every other.
  EXPECT_EQ(Rows("select id, rank() over (), dense_rank() over (partition by g), cume_dist() over (partition by g), percent_rank() over (partition by g) from w order by id"),
            "1,1,1,1,0\n"
            "2,1,1,1,0\n"
            "3,1,1,1,0\n"
            "4,1,1,1,0\n"
            "5,1,1,1,0\n"
            "6,1,1,1,0\n"
            "7,1,1,1,0\n"
            "8,1,1,1,0\n"
            "9,1,1,1,0\n"
            "10,1,1,1,0\n"
            "11,1,1,1,0\n"
            "12,1,1,1,0");
}
// ntile splits like PostgreSQL (leading buckets get the extra rows; a NULL argument gives NULL until a row has one).
TEST_F(WindowTest, Ntile) {
  EXPECT_EQ(Rows("select id, ntile(3) over (order by id), ntile(4) over (partition by g order by id), ntile(20) over (order by id) from w order by id"),
            "1,1,1,1\n"
            "2,1,1,2\n"
            "3,1,2,3\n"
            "4,1,3,4\n"
            "5,2,1,5\n"
            "6,2,2,6\n"
            "7,2,3,7\n"
            "8,2,1,8\n"
            "9,3,2,9\n"
            "10,3,1,10\n"
            "11,3,4,11\n"
            "12,3,4,12");
  EXPECT_EQ(Rows("select id, ntile(5) over (partition by g order by id), ntile(case when id > 2 then 2 end) over (order by id), ntile(g) over (order by id) from w order by id"),
            "1,1,NULL,1\n"
            "2,2,NULL,1\n"
            "3,3,1,1\n"
            "4,4,1,1\n"
            "5,1,1,1\n"
            "6,2,1,1\n"
            "7,3,1,1\n"
            "8,1,1,1\n"
            "9,2,2,1\n"
            "10,1,2,1\n"
            "11,4,2,1\n"
            "12,5,2,1");
  EXPECT_EQ(Error("select ntile(0) over () from w"),
            "22014: argument of ntile must be greater than zero");
  EXPECT_EQ(Error("select ntile(-3) over (order by id) from w"),
            "22014: argument of ntile must be greater than zero");
}
// lag/lead with default offsets, constant and per-row offsets, defaults, NULL and negative offsets.
TEST_F(WindowTest, LagLead) {
  EXPECT_EQ(Rows("select id, lag(x) over (order by id), lead(x) over (order by id), lag(x, 2, -1) over (order by id), lead(s, 1, 'zz') over (order by id) from w order by id"),
            "1,NULL,20,-1,b\n"
            "2,10,20,-1,c\n"
            "3,20,NULL,10,d\n"
            "4,20,5,20,NULL\n"
            "5,NULL,7,20,f\n"
            "6,5,7,NULL,g\n"
            "7,7,1,5,h\n"
            "8,7,NULL,7,i\n"
            "9,1,100,7,j\n"
            "10,NULL,9,1,k\n"
            "11,100,15,NULL,l\n"
            "12,9,NULL,100,zz");
  EXPECT_EQ(Rows("select id, lag(id, g) over (order by id), lead(id, g, 0) over (order by id), lag(id, -1) over (order by id) from w order by id"),
            "1,NULL,2,2\n"
            "2,1,3,3\n"
            "3,2,4,4\n"
            "4,3,5,5\n"
            "5,3,7,6\n"
            "6,4,8,7\n"
            "7,5,9,8\n"
            "8,NULL,NULL,9\n"
            "9,NULL,NULL,10\n"
            "10,7,0,11\n"
            "11,9,0,12\n"
            "12,11,0,NULL");
  EXPECT_EQ(Rows("select id, lag(id, 5) over (order by id), lead(id, 100, -1) over (order by id), lag(id, -2, 0) over (order by id), lead(s) over (order by id) from w order by id"),
            "1,NULL,-1,3,b\n"
            "2,NULL,-1,4,c\n"
            "3,NULL,-1,5,d\n"
            "4,NULL,-1,6,NULL\n"
            "5,NULL,-1,7,f\n"
            "6,1,-1,8,g\n"
            "7,2,-1,9,h\n"
            "8,3,-1,10,i\n"
            "9,4,-1,11,j\n"
            "10,5,-1,12,k\n"
            "11,6,-1,0,l\n"
            "12,7,-1,0,NULL");
  EXPECT_EQ(Rows("select id, lag(x) over (partition by g order by id), lead(x, 2) over (partition by g order by id), lag(f, 1, 0.5) over (partition by g order by id) from w order by id"),
            "1,NULL,20,0.5\n"
            "2,10,NULL,1.5\n"
            "3,20,15,2.5\n"
            "4,20,NULL,NULL\n"
            "5,NULL,7,0.5\n"
            "6,5,9,-1\n"
            "7,7,NULL,0\n"
            "8,NULL,NULL,0.5\n"
            "9,1,NULL,Infinity\n"
            "10,NULL,NULL,0.5\n"
            "11,7,NULL,NaN\n"
            "12,NULL,NULL,4.5");
}
// first_value, last_value and nth_value over default, ROWS, RANGE and GROUPS frames.
TEST_F(WindowTest, FrameValues) {
  EXPECT_EQ(Rows("select id, first_value(x) over (partition by g order by x), last_value(x) over (partition by g order by x), nth_value(x, 2) over (partition by g order by x) from w order by id"),
            "1,10,10,NULL\n"
            "2,10,20,15\n"
            "3,10,20,15\n"
            "4,10,NULL,15\n"
            "5,5,5,NULL\n"
            "6,5,7,7\n"
            "7,5,7,7\n"
            "8,1,1,NULL\n"
            "9,1,NULL,NULL\n"
            "10,100,100,NULL\n"
            "11,5,9,7\n"
            "12,10,15,15");
  EXPECT_EQ(Rows("select id, first_value(s) over (partition by g order by x, id rows between unbounded preceding and unbounded following), last_value(s) over (partition by g order by x, id rows between unbounded preceding and unbounded following), nth_value(s, 3) over (partition by g order by x, id rows between unbounded preceding and unbounded following) from w order by id"),
            "1,a,d,b\n"
            "2,a,d,b\n"
            "3,a,d,b\n"
            "4,a,d,b\n"
            "5,NULL,k,g\n"
            "6,NULL,k,g\n"
            "7,NULL,k,g\n"
            "8,h,i,NULL\n"
            "9,h,i,NULL\n"
            "10,j,j,NULL\n"
            "11,NULL,k,g\n"
            "12,a,d,b");
  EXPECT_EQ(Rows("select id, nth_value(id, 20) over (order by id rows between unbounded preceding and unbounded following), nth_value(s, 2) over (order by id rows between 1 preceding and 1 following), nth_value(id, g) over (order by id rows between unbounded preceding and unbounded following) from w order by id"),
            "1,NULL,b,1\n"
            "2,NULL,b,1\n"
            "3,NULL,c,1\n"
            "4,NULL,d,1\n"
            "5,NULL,NULL,2\n"
            "6,NULL,f,2\n"
            "7,NULL,g,2\n"
            "8,NULL,h,NULL\n"
            "9,NULL,i,NULL\n"
            "10,NULL,j,3\n"
            "11,NULL,k,2\n"
            "12,NULL,l,1");
  EXPECT_EQ(Rows("select id, first_value(x) over (order by id rows between 2 preceding and 1 preceding), last_value(x) over (order by id rows between 1 following and 2 following), first_value(id) over (partition by g order by id desc) from w order by id"),
            "1,NULL,20,12\n"
            "2,10,NULL,12\n"
            "3,10,5,12\n"
            "4,20,7,12\n"
            "5,20,7,11\n"
            "6,NULL,1,11\n"
            "7,5,NULL,11\n"
            "8,7,100,9\n"
            "9,7,9,9\n"
            "10,1,15,10\n"
            "11,NULL,15,11\n"
            "12,100,NULL,12");
  EXPECT_EQ(Rows("select id, first_value(x) over (order by x range between 5 preceding and 5 following), last_value(x) over (order by x range between 5 preceding and 5 following), last_value(x) over (order by x groups between 1 preceding and current row) from w order by id"),
            "1,5,15,10\n"
            "2,15,20,20\n"
            "3,15,20,20\n"
            "4,NULL,NULL,NULL\n"
            "5,1,10,5\n"
            "6,5,10,7\n"
            "7,5,10,7\n"
            "8,1,5,1\n"
            "9,NULL,NULL,NULL\n"
            "10,100,100,100\n"
            "11,5,10,9\n"
            "12,10,20,15");
  EXPECT_EQ(Error("select nth_value(x, 0) over () from w"),
            "22016: argument of nth_value must be greater than zero");
  EXPECT_EQ(Error("select id, nth_value(x, g - 1) over (order by id) from w"),
            "22016: argument of nth_value must be greater than zero");
}
// Aggregates over the default frame (RANGE UNBOUNDED PRECEDING to the current row's last peer) and over whole partitions.
TEST_F(WindowTest, DefaultFrameAggregates) {
  EXPECT_EQ(Rows("select id, sum(x) over (partition by g order by x), count(*) over (partition by g order by x), count(x) over (partition by g order by x), min(x) over (partition by g order by x), max(x) over (partition by g order by x) from w order by id"),
            "1,10,1,1,10,10\n"
            "2,65,4,4,10,20\n"
            "3,65,4,4,10,20\n"
            "4,65,5,4,10,20\n"
            "5,5,1,1,5,5\n"
            "6,19,3,3,5,7\n"
            "7,19,3,3,5,7\n"
            "8,1,1,1,1,1\n"
            "9,1,2,1,1,1\n"
            "10,100,1,1,100,100\n"
            "11,28,4,4,5,9\n"
            "12,25,2,2,10,15");
  EXPECT_EQ(Rows("select id, avg(x) over (partition by g order by x), sum(n) over (order by x desc), avg(f) over (partition by g) from w order by id"),
            "1,10.0000000000000000,19.99,2.75\n"
            "2,16.2500000000000000,16.24,2.75\n"
            "3,16.2500000000000000,16.24,2.75\n"
            "4,16.2500000000000000,NULL,2.75\n"
            "5,5.0000000000000000,30.64,NaN\n"
            "6,6.3333333333333333,32.64,NaN\n"
            "7,6.3333333333333333,32.64,NaN\n"
            "8,1.00000000000000000000,31.64,Infinity\n"
            "9,1.00000000000000000000,NULL,Infinity\n"
            "10,100.0000000000000000,9.99,3.25\n"
            "11,7.0000000000000000,26.99,NaN\n"
            "12,12.5000000000000000,18.74,2.75");
  EXPECT_EQ(Rows("select id, count(*) over (), sum(x) over (partition by g), bool_or(x > 50) over (partition by g), string_agg(s, '-') over (partition by g order by x, id) from w order by id"),
            "1,12,65,f,a\n"
            "2,12,65,f,a-l-b\n"
            "3,12,65,f,a-l-b-c\n"
            "4,12,65,f,a-l-b-c-d\n"
            "5,12,28,f,NULL\n"
            "6,12,28,f,f\n"
            "7,12,28,f,f-g\n"
            "8,12,1,f,h\n"
            "9,12,1,f,h-i\n"
            "10,12,100,t,j\n"
            "11,12,28,f,f-g-k\n"
            "12,12,65,f,a-l");
  EXPECT_EQ(Rows("select g, sum(x), rank() over (order by sum(x) desc nulls last), sum(sum(x)) over (order by g) from w group by g order by g"),
            "1,65,2,65\n"
            "2,28,3,93\n"
            "3,100,1,193\n"
            "NULL,1,4,194");
}
// ROWS frames: sliding, entirely before or after the current row, empty, and reaching past the partition.
TEST_F(WindowTest, RowsFrames) {
  EXPECT_EQ(Rows("select id, sum(x) over (order by id rows between 1 preceding and 1 following), sum(x) over (order by id rows between 2 preceding and 1 preceding), sum(x) over (order by id rows between 1 following and 3 following) from w order by id"),
            "1,30,NULL,40\n"
            "2,50,10,25\n"
            "3,40,30,12\n"
            "4,25,40,19\n"
            "5,12,20,15\n"
            "6,19,5,8\n"
            "7,15,12,101\n"
            "8,8,14,109\n"
            "9,101,8,124\n"
            "10,109,1,24\n"
            "11,124,100,15\n"
            "12,24,109,NULL");
  EXPECT_EQ(Rows("select id, count(*) over (order by id rows between 2 following and 1 following), sum(x) over (order by id rows between 3 following and unbounded following), sum(x) over (order by id rows between unbounded preceding and 2 preceding) from w order by id"),
            "1,0,144,NULL\n"
            "2,0,144,NULL\n"
            "3,0,139,10\n"
            "4,0,132,30\n"
            "5,0,125,50\n"
            "6,0,124,50\n"
            "7,0,124,55\n"
            "8,0,24,62\n"
            "9,0,15,69\n"
            "10,0,NULL,70\n"
            "11,0,NULL,70\n"
            "12,0,NULL,170");
  EXPECT_EQ(Rows("select id, sum(x) over (order by id rows between current row and current row), max(s) over (order by id rows between 3 preceding and 3 following), sum(n) over (order by id rows 2 preceding) from w order by id"),
            "1,10,d,1.25\n"
            "2,20,d,3.75\n"
            "3,20,f,7.50\n"
            "4,NULL,g,6.25\n"
            "5,5,h,1.75\n"
            "6,7,i,-1.90\n"
            "7,7,j,3.65\n"
            "8,1,k,6.65\n"
            "9,NULL,l,6.55\n"
            "10,100,l,10.99\n"
            "11,9,l,16.99\n"
            "12,15,l,19.49");
  EXPECT_EQ(Rows("select id, stddev(x) over (order by id rows between 2 preceding and 2 following), variance(x) over (order by id rows between 3 preceding and current row), sum(f) over (order by id rows between 1 preceding and current row) from w order by id"),
            "1,5.7735026918962576,NULL,1.5\n"
            "2,5.7735026918962576,50.0000000000000000,4\n"
            "3,7.5000000000000000,33.3333333333333333,2.5\n"
            "4,8.1240384046359604,33.3333333333333333,4.5\n"
            "5,6.8980673621916257,75.0000000000000000,3.5\n"
            "6,2.8284271247461901,66.3333333333333333,-1\n"
            "7,2.8284271247461901,1.3333333333333333,NaN\n"
            "8,47.5841360119105241,8.0000000000000000,NaN\n"
            "9,47.2890050646024905,12.0000000000000000,Infinity\n"
            "10,46.1907277852745392,3081.0000000000000000,3.25\n"
            "11,50.8953174008506733,3024.3333333333333333,-Infinity\n"
            "12,50.8953174008506733,2590.3333333333333333,-Infinity");
  EXPECT_EQ(Rows("select id, string_agg(s, ',') over (order by id rows between 2 preceding and current row), string_agg(s, ',') over (order by id rows between 3 preceding and 3 following exclude current row) from w order by id"),
            "1,a,b,c,d\n"
            "2,a,b,a,c,d\n"
            "3,a,b,c,a,b,d,f\n"
            "4,b,c,d,a,b,c,f,g\n"
            "5,c,d,b,c,d,f,g,h\n"
            "6,d,f,c,d,g,h,i\n"
            "7,f,g,d,f,h,i,j\n"
            "8,f,g,h,f,g,i,j,k\n"
            "9,g,h,i,f,g,h,j,k,l\n"
            "10,h,i,j,g,h,i,k,l\n"
            "11,i,j,k,h,i,j,l\n"
            "12,j,k,l,i,j,k");
}
// RANGE offset frames over integer, numeric, float (NaN and infinities), date, timestamp and interval keys, ascending and descending, with NULL keys.
TEST_F(WindowTest, RangeOffsetFrames) {
  EXPECT_EQ(Rows("select id, sum(x) over (order by x range between 5 preceding and 5 following), count(*) over (order by x range between 5 preceding and 5 following) from w order by id"),
            "1,53,6\n"
            "2,55,3\n"
            "3,55,3\n"
            "4,NULL,2\n"
            "5,39,6\n"
            "6,38,5\n"
            "7,38,5\n"
            "8,6,2\n"
            "9,NULL,2\n"
            "10,100,1\n"
            "11,38,5\n"
            "12,65,4");
  EXPECT_EQ(Rows("select id, sum(id) over (order by x desc range between 5 preceding and current row), sum(id) over (order by x nulls first range between current row and 3 following) from w order by id"),
            "1,13,1\n"
            "2,5,5\n"
            "3,5,5\n"
            "4,13,13\n"
            "5,30,18\n"
            "6,25,25\n"
            "7,25,25\n"
            "8,13,8\n"
            "9,13,13\n"
            "10,10,10\n"
            "11,12,12\n"
            "12,17,12");
  EXPECT_EQ(Rows("select id, sum(id) over (order by x range between 1000 following and unbounded following), sum(id) over (order by x desc nulls last range between unbounded preceding and 2 preceding) from w order by id"),
            "1,13,27\n"
            "2,13,10\n"
            "3,13,10\n"
            "4,13,78\n"
            "5,13,52\n"
            "6,13,39\n"
            "7,13,39\n"
            "8,13,57\n"
            "9,13,78\n"
            "10,13,NULL\n"
            "11,13,27\n"
            "12,13,15");
  EXPECT_EQ(Rows("select id, sum(id) over (order by f range between 1 preceding and 1 following), count(*) over (order by f desc range between 1 preceding and current row) from w order by id"),
            "1,15,3\n"
            "2,25,3\n"
            "3,12,2\n"
            "4,4,1\n"
            "5,11,2\n"
            "6,11,1\n"
            "7,7,1\n"
            "8,8,1\n"
            "9,12,2\n"
            "10,24,1\n"
            "11,11,1\n"
            "12,25,3");
  EXPECT_EQ(Rows("select id, sum(id) over (order by n range between 1.5 preceding and 0.5 following), sum(id) over (order by n desc range between 1 preceding and 1 following) from w order by id"),
            "1,15,9\n"
            "2,23,14\n"
            "3,17,3\n"
            "4,13,13\n"
            "5,5,5\n"
            "6,6,14\n"
            "7,7,7\n"
            "8,15,15\n"
            "9,13,13\n"
            "10,10,10\n"
            "11,18,11\n"
            "12,23,14");
  EXPECT_EQ(Rows("select id, sum(id) over (order by d range between '2 days' preceding and current row), count(*) over (order by d desc range between interval '1 month' preceding and current row) from w order by id"),
            "1,9,6\n"
            "2,15,4\n"
            "3,15,4\n"
            "4,4,1\n"
            "5,5,4\n"
            "6,6,2\n"
            "7,13,1\n"
            "8,8,6\n"
            "9,18,5\n"
            "10,10,1\n"
            "11,11,3\n"
            "12,17,2");
  EXPECT_EQ(Rows("select id, sum(id) over (order by ts range between '1 hour' preceding and '30 minutes' following) from w order by id"),
            "1,21\n"
            "2,23\n"
            "3,3\n"
            "4,4\n"
            "5,5\n"
            "6,21\n"
            "7,7\n"
            "8,8\n"
            "9,16\n"
            "10,10\n"
            "11,11\n"
            "12,14");
  EXPECT_EQ(Rows("select id, sum(id) over (order by k range between 2 preceding and 1 following), sum(id) over (order by k range between 1::bigint preceding and 1 following), sum(id) over (order by b range between 150 preceding and 150 following exclude current row) from v order by id"),
            "1,1,1,2\n"
            "2,7,6,4\n"
            "3,3,3,6\n"
            "4,7,6,3\n"
            "5,5,5,NULL\n"
            "6,6,6,7\n"
            "7,13,7,6");
  EXPECT_EQ(Rows("select id, sum(id) over (order by r range between 'Infinity' preceding and current row), sum(id) over (order by r range between 1 preceding and 'Infinity' following), sum(id) over (order by r desc range between 2.5 preceding and 3 following) from v order by id"),
            "1,9,17,7\n"
            "2,2,25,8\n"
            "3,3,3,3\n"
            "4,20,16,11\n"
            "5,25,5,5\n"
            "6,8,23,9\n"
            "7,20,16,11");
  EXPECT_EQ(Rows("select id, sum(id) over (order by nu range between 0.75 preceding and 1 following), count(*) over (order by nu desc nulls last range between 1 preceding and 0.5 following) from v order by id"),
            "1,10,3\n"
            "2,10,2\n"
            "3,3,1\n"
            "4,4,1\n"
            "5,5,1\n"
            "6,7,2\n"
            "7,10,2");
  EXPECT_EQ(Rows("select id, sum(id) over (order by iv range between '1 day' preceding and '12 hours' following), sum(id) over (order by iv desc range between current row and '2 days' following) from v order by id"),
            "1,14,6\n"
            "2,16,16\n"
            "3,3,3\n"
            "4,4,4\n"
            "5,5,5\n"
            "6,16,14\n"
            "7,16,14");
  EXPECT_EQ(Rows("select id, sum(id) over (order by tz range between '1 day' preceding and current row), sum(id) over (order by tz range between '3 hours' preceding and '1 hour' following) from v order by id"),
            "1,7,14\n"
            "2,16,9\n"
            "3,3,3\n"
            "4,14,4\n"
            "5,5,5\n"
            "6,6,6\n"
            "7,14,14");
  EXPECT_EQ(Rows("select id, sum(x) over (order by x range between unbounded preceding and 5 following), sum(x) over (order by x desc nulls last range between 3 following and unbounded following), max(s) over (order by x range between 5 preceding and 5 following) from w order by id"),
            "1,54,20,l\n"
            "2,94,54,l\n"
            "3,94,54,l\n"
            "4,194,NULL,i\n"
            "5,39,1,k\n"
            "6,39,1,k\n"
            "7,39,1,k\n"
            "8,6,NULL,h\n"
            "9,194,NULL,i\n"
            "10,194,94,j\n"
            "11,39,6,k\n"
            "12,94,39,l");
}
// GROUPS frames count peer groups.
TEST_F(WindowTest, GroupsFrames) {
  EXPECT_EQ(Rows("select id, sum(id) over (order by x groups between 1 preceding and 1 following), sum(id) over (order by x groups between current row and 2 following), sum(id) over (order by x groups between 2 preceding and 1 preceding) from w order by id"),
            "1,24,18,24\n"
            "2,27,28,13\n"
            "3,27,28,13\n"
            "4,23,13,15\n"
            "5,26,29,8\n"
            "6,29,25,13\n"
            "7,29,25,13\n"
            "8,13,26,NULL\n"
            "9,23,13,15\n"
            "10,28,23,17\n"
            "11,25,24,18\n"
            "12,18,27,12");
  EXPECT_EQ(Rows("select id, sum(id) over (order by x groups between unbounded preceding and current row exclude group), sum(id) over (order by x groups 1 preceding), count(*) over (partition by g order by x desc groups between current row and 1 following) from w order by id"),
            "1,37,12,1\n"
            "2,50,17,3\n"
            "3,50,17,3\n"
            "4,65,23,3\n"
            "5,8,13,1\n"
            "6,13,18,3\n"
            "7,13,18,3\n"
            "8,NULL,8,1\n"
            "9,65,23,2\n"
            "10,55,15,1\n"
            "11,26,24,3\n"
            "12,38,13,2");
}
// EXCLUDE CURRENT ROW, GROUP and TIES for aggregates and frame values.
TEST_F(WindowTest, Exclusion) {
  EXPECT_EQ(Rows("select id, sum(id) over (order by x rows between unbounded preceding and unbounded following exclude current row), sum(id) over (order by x rows between unbounded preceding and unbounded following exclude group), sum(id) over (order by x rows between unbounded preceding and unbounded following exclude ties) from w order by id"),
            "1,77,77,78\n"
            "2,76,73,75\n"
            "3,75,73,76\n"
            "4,74,65,69\n"
            "5,73,73,78\n"
            "6,72,65,71\n"
            "7,71,65,72\n"
            "8,70,70,78\n"
            "9,69,65,74\n"
            "10,68,68,78\n"
            "11,67,67,78\n"
            "12,66,66,78");
  EXPECT_EQ(Rows("select id, sum(id) over (order by x range between 3 preceding and 3 following exclude current row), sum(id) over (order by x groups between 1 preceding and 1 following exclude ties), count(*) over (order by x range unbounded preceding exclude group) from w order by id"),
            "1,24,24,5\n"
            "2,3,24,7\n"
            "3,2,25,7\n"
            "4,9,14,10\n"
            "5,13,26,1\n"
            "6,24,22,2\n"
            "7,23,23,2\n"
            "8,NULL,13,0\n"
            "9,4,19,10\n"
            "10,NULL,28,9\n"
            "11,14,25,4\n"
            "12,NULL,18,6");
  EXPECT_EQ(Rows("select id, first_value(id) over (order by x, id rows between current row and 2 following exclude current row), last_value(id) over (order by x, id rows between 2 preceding and current row exclude ties), nth_value(id, 2) over (order by x range between unbounded preceding and unbounded following exclude group) from w order by id"),
            "1,12,1,5\n"
            "2,3,2,5\n"
            "3,10,3,5\n"
            "4,9,4,5\n"
            "5,6,5,6\n"
            "6,7,6,5\n"
            "7,11,7,5\n"
            "8,5,8,6\n"
            "9,NULL,9,5\n"
            "10,4,10,5\n"
            "11,1,11,5\n"
            "12,2,12,5");
  EXPECT_EQ(Rows("select id, string_agg(s, ',') over (order by x, s groups between 1 preceding and 1 following exclude ties), sum(id) over (order by b range between 100 preceding and 100 following exclude group) from w, (select 1 as b) one order by id"),
            "1,k,a,l,NULL\n"
            "2,l,b,c,NULL\n"
            "3,b,c,j,NULL\n"
            "4,j,d,i,NULL\n"
            "5,h,f,NULL\n"
            "6,f,g,NULL\n"
            "7,f,g,k,NULL\n"
            "8,h,NULL\n"
            "9,d,i,NULL\n"
            "10,c,j,d,NULL\n"
            "11,g,k,a,NULL\n"
            "12,a,l,b,NULL");
}
// FILTER (WHERE ...) on window aggregates, over running, whole-partition and sliding frames.
TEST_F(WindowTest, Filter) {
  EXPECT_EQ(Rows("select id, count(*) filter (where x > 6) over (partition by g), sum(x) filter (where s <> 'b') over (order by id), count(x) filter (where g = 1) over (order by id rows between 2 preceding and 2 following) from w order by id"),
            "1,4,10,3\n"
            "2,4,10,3\n"
            "3,4,30,3\n"
            "4,4,30,2\n"
            "5,3,30,1\n"
            "6,3,37,0\n"
            "7,3,44,0\n"
            "8,0,45,0\n"
            "9,0,45,0\n"
            "10,1,145,1\n"
            "11,3,154,1\n"
            "12,4,169,1");
  EXPECT_EQ(Rows("select id, max(s) filter (where id % 2 = 0) over (order by id rows between 1 preceding and 1 following exclude current row), avg(x) filter (where x < 50) over () from w order by id"),
            "1,b,10.4444444444444444\n"
            "2,NULL,10.4444444444444444\n"
            "3,d,10.4444444444444444\n"
            "4,NULL,10.4444444444444444\n"
            "5,f,10.4444444444444444\n"
            "6,NULL,10.4444444444444444\n"
            "7,h,10.4444444444444444\n"
            "8,NULL,10.4444444444444444\n"
            "9,j,10.4444444444444444\n"
            "10,NULL,10.4444444444444444\n"
            "11,l,10.4444444444444444\n"
            "12,NULL,10.4444444444444444");
}
// Windows with different PARTITION BY/ORDER BY in one query, computed expressions as keys and arguments, and windows over subqueries.
TEST_F(WindowTest, SeveralWindows) {
  EXPECT_EQ(Rows("select id, row_number() over (order by x desc, id), sum(x) over (partition by g), lag(id) over (order by s, id), dense_rank() over (order by g nulls first) from w order by id"),
            "1,7,65,NULL,2\n"
            "2,4,65,1,2\n"
            "3,5,65,2,2\n"
            "4,1,65,3,2\n"
            "5,11,28,12,3\n"
            "6,9,28,4,3\n"
            "7,10,28,6,3\n"
            "8,12,1,7,1\n"
            "9,2,1,8,1\n"
            "10,3,100,9,4\n"
            "11,8,28,10,3\n"
            "12,6,65,11,2");
  EXPECT_EQ(Rows("select id, count(*) over (partition by g), sum(x) over (partition by g order by x), avg(x) over (partition by g, x), row_number() over (partition by g, x order by id) from w order by id"),
            "1,5,10,10.0000000000000000,1\n"
            "2,5,65,20.0000000000000000,1\n"
            "3,5,65,20.0000000000000000,2\n"
            "4,5,65,NULL,1\n"
            "5,4,5,5.0000000000000000,1\n"
            "6,4,19,7.0000000000000000,1\n"
            "7,4,19,7.0000000000000000,2\n"
            "8,2,1,1.00000000000000000000,1\n"
            "9,2,1,NULL,1\n"
            "10,1,100,100.0000000000000000,1\n"
            "11,4,28,9.0000000000000000,1\n"
            "12,5,25,15.0000000000000000,1");
  EXPECT_EQ(Rows("select id, sum(x + 1) over (partition by g % 2 order by x * 2), avg(f) over (order by id rows between 1 preceding and current row) from w order by id"),
            "1,11,1.5\n"
            "2,69,2\n"
            "3,69,2.5\n"
            "4,170,4.5\n"
            "5,6,1.75\n"
            "6,22,-0.5\n"
            "7,22,NaN\n"
            "8,2,NaN\n"
            "9,2,Infinity\n"
            "10,170,3.25\n"
            "11,32,-Infinity\n"
            "12,27,-Infinity");
  EXPECT_EQ(Rows("select * from (select id, rank() over (order by x) r from w) t where r <= 3 order by id"),
            "5,2\n"
            "6,3\n"
            "7,3\n"
            "8,1");
  EXPECT_EQ(Rows("with c as (select id, sum(x) over (order by id) s from w) select id, s, sum(s) over (order by id desc) from c order by id"),
            "1,10,1009\n"
            "2,30,999\n"
            "3,50,969\n"
            "4,50,919\n"
            "5,55,869\n"
            "6,62,814\n"
            "7,69,752\n"
            "8,70,683\n"
            "9,70,613\n"
            "10,170,543\n"
            "11,179,373\n"
            "12,194,194");
}
// No rows in, no rows out; aggregates and ranking over an empty table.
TEST_F(WindowTest, EmptyInput) {
  EXPECT_EQ(Rows("select row_number() over (), sum(x) over (), lag(s) over (order by x) from e"),
            "");
  EXPECT_EQ(Rows("select count(*) from (select row_number() over (order by x) from e) s"),
            "0");
  EXPECT_EQ(Rows("select id, sum(x) over (order by x range between -1 preceding and current row) from w where x is null order by id"),
            "4,NULL\n"
            "9,NULL");
}
// Frame offsets are checked as PostgreSQL does: ROWS/GROUPS offsets always, RANGE offsets once compared.
TEST_F(WindowTest, FrameOffsetErrors) {
  EXPECT_EQ(Error("select sum(x) over (rows between -1 preceding and current row) from w"),
            "22013: frame starting offset must not be negative");
  EXPECT_EQ(Error("select sum(x) over (rows between current row and -1 following) from w"),
            "22013: frame ending offset must not be negative");
  EXPECT_EQ(Error("select sum(x) over (rows between null preceding and current row) from w"),
            "22004: frame starting offset must not be null");
  EXPECT_EQ(Error("select sum(x) over (order by x groups between current row and null following) from w"),
            "22004: frame ending offset must not be null");
  EXPECT_EQ(Error("select sum(x) over (order by x range between -1 preceding and current row) from w"),
            "22013: invalid preceding or following size in window function");
  EXPECT_EQ(Error("select rank() over (order by x range between current row and -2 following) from w"),
            "22013: invalid preceding or following size in window function");
  EXPECT_EQ(Error("select sum(x) over (rows between -1 preceding and current row) from e"),
            "22013: frame starting offset must not be negative");
  EXPECT_EQ(Error("select sum(x) over (groups between 1 preceding and current row) from w"),
            "42P20: GROUPS mode requires an ORDER BY clause");
  EXPECT_EQ(Error("select sum(x) over (order by s range between 1 preceding and current row) from w"),
            "0A000: RANGE with offset PRECEDING/FOLLOWING is not supported for column type text");
  EXPECT_EQ(Error("select sum(x) over (order by x range between 1.5 preceding and current row) from w"),
            "0A000: RANGE with offset PRECEDING/FOLLOWING is not supported for column type integer and offset type numeric");
  EXPECT_EQ(Error("select sum(x) over (order by d range between 1 preceding and current row) from w"),
            "0A000: RANGE with offset PRECEDING/FOLLOWING is not supported for column type date and offset type integer");
}


// Four workers on 10,000 generated rows (many partitions, NULL keys and values): totals of
// every function's results, compared with PostgreSQL's over the same INSERTed rows.
class WindowBigTest : public WindowTest {
 protected:
  WindowBigTest() : WindowTest(4) {}
  void SetUp() override {
    std::string sql = "create table big (id int, g int, x int, s text, f double precision);";
    for (int batch = 0; batch < 10; batch++) {
      sql += "insert into big values ";
      for (int i = batch * 1000 + 1; i <= batch * 1000 + 1000; i++) {
        std::string g = i % 17 == 0 ? "NULL" : std::to_string((i * 7) % 23);
        std::string x = i % 13 == 0 ? "NULL" : std::to_string((i * 7919) % 1000 - 500);
        std::string s = i % 11 == 0 ? "NULL" : "'s" + std::to_string((i * 31) % 97) + "'";
        char f[32];
        std::snprintf(f, sizeof(f), "%.2f", ((i * 37) % 200) / 4.0 - 20);
        sql += (i % 1000 == 1 ? "(" : ",(") + std::to_string(i) + "," + g + "," + x + "," + s + "," + f + ")";
      }
      sql += ";";
    }
    con_->Query(sql);
  }
};

TEST_F(WindowBigTest, FingerprintsMatchPostgres) {
  EXPECT_EQ(Rows("select count(*), sum(rn), sum(rk), sum(dr), sum(nt), sum(l1), sum(l2), sum(fv), sum(lv), sum(nv) from (select row_number() over (partition by g order by x, id) rn, rank() over (partition by g order by x) rk, dense_rank() over (partition by g order by x) dr, ntile(7) over (partition by g order by x, id) nt, lag(x, 3, 0) over (partition by g order by id) l1, lead(x) over (order by id) l2, first_value(x) over (partition by g order by x, id rows between 5 preceding and 5 following) fv, last_value(id) over (partition by g order by x, id range between unbounded preceding and current row) lv, nth_value(x, 4) over (partition by g order by id rows between 10 preceding and 10 following) nv from big) t"),
            "10000,2103654,2091628,2091628,39865,-6653,-7474,-66775,50005000,-3575");
  EXPECT_EQ(Rows("select count(*), sum(a), sum(b), sum(c), sum(d), min(e), max(e), sum(h) from (select sum(x) over (partition by g order by id rows between 100 preceding and current row) a, count(*) over (order by x range between 50 preceding and 50 following) b, sum(id) over (order by x groups between 3 preceding and 2 following) c, count(x) over (partition by g order by x desc range between 10 preceding and 20 following exclude current row) d, min(x) over (order by id rows between 20 preceding and 30 following) e, max(s) over (partition by g order by id rows between 7 preceding and 3 following exclude ties) h2, sum(x) filter (where id % 3 = 0) over (order by f, id rows between 50 preceding and 50 following) h from big) t"),
            "10000,-562604,8979780,5687704910,94750,-500,-448,-142787");
  EXPECT_EQ(Rows("select sum(length(sa)), count(distinct sa), sum(cd), max(pr), sum(m) from (select string_agg(s, '') over (partition by g order by id rows between 3 preceding and 1 following) sa, floor(cume_dist() over (partition by g order by x) * 1000) cd, percent_rank() over (order by x) pr, max(x) over (partition by g order by f range between 2.5 preceding and 1 following) m from big) t"),
            "131254,1763,5036096,0.9231923192319232,4322296");
  EXPECT_EQ(Rows("select sum(a), sum(b), sum(c) from (select sum(id) over (order by f desc range between 1.25 preceding and 0.75 following exclude group) a, count(*) over (partition by x % 5 order by f groups between 2 preceding and 2 following exclude ties) b, sum(x) over (partition by s order by id) c from big) t"),
            "19737925000,996562,437027");
  EXPECT_EQ(Rows("select sum(ag), count(*) from (select avg(x) over (partition by g order by id rows between 30 preceding and 30 following) * 1000 ag from big) t"),
            "-6914680.42932113833996839000,10000");
}

// A 100,000-row partition with sliding frames exercises several segment tree levels and
// the batched queries; results are checked row by row against a direct computation.
TEST_F(WindowBigTest, SlidingFramesOverOneLargePartition) {
  con_->Query(
      "create table d (v int); insert into d values (0),(1),(2),(3),(4),(5),(6),(7),(8),(9);"
      "create table h as select a.v + 10 * b.v + 100 * c.v + 1000 * e.v + 10000 * f.v as id "
      "from d a, d b, d c, d e, d f;");
  auto result = con_->Query(
      "select id, sum(x) over (order by id rows between 99 preceding and current row), "
      "min(x) over (order by id rows between 50 preceding and 50 following), "
      "count(*) filter (where x > 0) over (order by id rows between 10 preceding and 30 following exclude current row), "
      "string_agg(x::text, ',') over (order by id rows between 2 preceding and 1 following) "
      "from (select id, (id * 37) % 101 - 50 as x from h) t order by id");
  const int n = 100000;
  ASSERT_EQ(result->RowCount(), static_cast<idx_t>(n));
  std::vector<int64_t> x(n);
  for (int i = 0; i < n; i++) x[i] = (int64_t{i} * 37) % 101 - 50;
  int mismatches = 0;
  for (int i = 0; i < n && mismatches < 5; i++) {
    int64_t sum = 0, min = INT64_MAX, positive = 0;
    for (int j = std::max(0, i - 99); j <= i; j++) sum += x[j];
    for (int j = std::max(0, i - 50); j <= std::min(n - 1, i + 50); j++) min = std::min(min, x[j]);
    for (int j = std::max(0, i - 10); j <= std::min(n - 1, i + 30); j++) positive += j != i && x[j] > 0;
    std::string agg;
    for (int j = std::max(0, i - 2); j <= std::min(n - 1, i + 1); j++) agg += (agg.empty() ? "" : ",") + std::to_string(x[j]);
    std::string expected = std::to_string(i) + "," + std::to_string(sum) + "," + std::to_string(min) + "," +
                           std::to_string(positive) + "," + agg;
    std::string got;
    for (idx_t c = 0; c < 5; c++) got += (c ? "," : "") + result->GetText(c, i);
    if (got != expected) {
      mismatches++;
      ADD_FAILURE() << "row " << i << ": got " << got << ", expected " << expected;
    }
  }
  EXPECT_EQ(mismatches, 0);
}

}  // namespace
}  // namespace stockroom
