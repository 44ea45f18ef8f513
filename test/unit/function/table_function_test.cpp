// Set-returning functions in FROM (generate_series, generate_subscripts, unnest, the JSON
// expanders), alone and LATERAL, run as SQL. Expectations are PostgreSQL 15's output for
// the same statements.
#include "function/sql_query_harness.hpp"

namespace stockroom {
namespace sql_test {
namespace {

class TableFunctionTest : public SqlQueryTest {};

TEST_F(TableFunctionTest, JsonExpanderErrors) {
  EXPECT_EQ(Q("select * from json_object_keys('[1]')"),
            "ERROR 22023: cannot call json_object_keys on an array");
  EXPECT_EQ(Q("select * from jsonb_each('1')"),
            "ERROR 22023: cannot call jsonb_each on a non-object");
  EXPECT_EQ(Q("select * from json_each('[1]')"),
            "ERROR 22023: cannot deconstruct an array as an object");
  EXPECT_EQ(Q("select * from jsonb_each_text('[1]')"),
            "ERROR 22023: cannot call jsonb_each_text on a non-object");
  EXPECT_EQ(Q("select * from json_each_text('1')"),
            "ERROR 22023: cannot deconstruct a scalar");
  EXPECT_EQ(Q("select * from jsonb_array_elements_text('{\"a\":1}')"),
            "ERROR 22023: cannot extract elements from an object");
  EXPECT_EQ(Q("select * from jsonb_array_elements('1')"),
            "ERROR 22023: cannot extract elements from a scalar");
  EXPECT_EQ(Q("select * from json_array_elements_text('{\"a\":1}')"),
            "ERROR 22023: cannot call json_array_elements_text on a non-array");
  EXPECT_EQ(Q("select * from json_array_elements('1')"),
            "ERROR 22023: cannot call json_array_elements on a scalar");
  EXPECT_EQ(Q("select * from jsonb_object_keys('[1]')"),
            "ERROR 22023: cannot call jsonb_object_keys on an array");
  EXPECT_EQ(Q("select * from json_object_keys('1')"),
            "ERROR 22023: cannot call json_object_keys on a scalar");
}

TEST_F(TableFunctionTest, JsonExpanders) {
  EXPECT_EQ(Q("select * from json_array_elements(' [ 1 , {\"a\" : 2} ] ')"),
            "1\n{\"a\" : 2}");
  EXPECT_EQ(Q("select * from json_array_elements('[]')"),
            "");
  EXPECT_EQ(Q("select * from jsonb_array_elements('[1, \"a\", [1,  2], null, {\"b\":1, \"a\":2}]')"),
            "1\n\"a\"\n[1, 2]\nnull\n{\"a\": 2, \"b\": 1}");
  EXPECT_EQ(Q("select * from jsonb_array_elements_text('[1, \"a\\u0041\", [1,  2], null]')"),
            "1\naA\n[1, 2]\nNULL");
  EXPECT_EQ(Q("select * from json_array_elements_text('[1, \"a\\u0041\", [1,  2], null]')"),
            "1\naA\n[1,  2]\nNULL");
  EXPECT_EQ(Q("select * from json_each(' {\"a\" : [1, 2] , \"b\":\"\\u0041\"} ')"),
            "a|[1, 2]\nb|\"\\u0041\"");
  EXPECT_EQ(Q("select * from json_each_text(' {\"a\" : [1, 2] , \"b\":\"\\u0041\", \"c\": null} ')"),
            "a|[1, 2]\nb|A\nc|NULL");
  EXPECT_EQ(Q("select * from jsonb_each_text('{\"a\\u0041\":1, \"b\":\"x\\ny\", \"c\":null, \"d\":[1, 2]}')"),
            "b|x\ny\nc|NULL\nd|[1, 2]\naA|1");
  EXPECT_EQ(Q("select * from jsonb_each('{\"b\":{\"x\":1},\"a\":[1,2]}')"),
            "a|[1, 2]\nb|{\"x\": 1}");
  EXPECT_EQ(Q("select * from json_object_keys('{\"a\\u0041\":1, \"b\":2, \"b\":3}')"),
            "aA\nb\nb");
  EXPECT_EQ(Q("select * from jsonb_object_keys('{\"b\":1, \"aa\":2, \"a\":3}')"),
            "a\nb\naa");
  EXPECT_EQ(Q("select * from json_object_keys('{}')"),
            "");
  EXPECT_EQ(Q("select * from jsonb_each('{\"a\":1}') with ordinality"),
            "a|1|1");
}

TEST_F(TableFunctionTest, GenerateSeries) {
  EXPECT_EQ(Q("select * from generate_series(1, 3, 0.5)"),
            "1\n1.5\n2.0\n2.5\n3.0");
  EXPECT_EQ(Q("select * from generate_series(1.5, 3)"),
            "1.5\n2.5");
  EXPECT_EQ(Q("select * from generate_series(3, 1)"),
            "");
  EXPECT_EQ(Q("select * from generate_series(3, 1, -1)"),
            "3\n2\n1");
  EXPECT_EQ(Q("select * from generate_series(1, 3, 0)"),
            "ERROR 22023: step size cannot equal zero");
  EXPECT_EQ(Q("select * from generate_series(1.0, 3, 0)"),
            "ERROR 22023: step size cannot equal zero");
  EXPECT_EQ(Q("select * from generate_series(2147483646, 2147483647)"),
            "2147483646\n2147483647");
  EXPECT_EQ(Q("select * from generate_series(-2147483647, -2147483648, -1)"),
            "-2147483647\n-2147483648");
  EXPECT_EQ(Q("select * from generate_series(9223372036854775806, 9223372036854775807)"),
            "9223372036854775806\n9223372036854775807");
  EXPECT_EQ(Q("select * from generate_series(1, 10, 3)"),
            "1\n4\n7\n10");
  EXPECT_EQ(Q("select * from generate_series(10, 1, -4)"),
            "10\n6\n2");
  EXPECT_EQ(Q("select * from generate_series(1::bigint, 3)"),
            "1\n2\n3");
  EXPECT_EQ(Q("select * from generate_series(0.1, 0.35, 0.1)"),
            "0.1\n0.2\n0.3");
  EXPECT_EQ(Q("select count(*), sum(g) from generate_series(1, 100000) g"),
            "100000|5000050000");
}

TEST_F(TableFunctionTest, GenerateSeriesTimestamps) {
  EXPECT_EQ(Q("select * from generate_series('2024-01-31'::timestamp, '2024-05-01', '1 month')"),
            "2024-01-31 00:00:00\n2024-02-29 00:00:00\n2024-03-29 00:00:00\n2024-04-29 00:00:00");
  EXPECT_EQ(Q("select * from generate_series('2024-01-01'::date, '2024-01-03'::date, '1 day')"),
            "2024-01-01 00:00:00+00\n2024-01-02 00:00:00+00\n2024-01-03 00:00:00+00");
  EXPECT_EQ(Q("select * from generate_series('2024-01-01'::timestamp, '2024-01-03', '0 day')"),
            "ERROR 22023: step size cannot equal zero");
  EXPECT_EQ(Q("select * from generate_series('2024-03-30 00:00+00'::timestamptz, '2024-04-01', '1 day')"),
            "2024-03-30 00:00:00+00\n2024-03-31 00:00:00+00\n2024-04-01 00:00:00+00");
  EXPECT_EQ(Q("select * from generate_series('2024-01-03'::timestamp, '2024-01-01', '-12 hours')"),
            "2024-01-03 00:00:00\n2024-01-02 12:00:00\n2024-01-02 00:00:00\n2024-01-01 12:00:00\n2024-01-01 00:00:00");
}

TEST_F(TableFunctionTest, UnnestAndSubscripts) {
  EXPECT_EQ(Q("select * from unnest(array[1,2,null])"),
            "1\n2\nNULL");
  EXPECT_EQ(Q("select * from unnest('{{1,2},{3,4}}'::int[])"),
            "1\n2\n3\n4");
  EXPECT_EQ(Q("select * from unnest('{}'::int[])"),
            "");
  EXPECT_EQ(Q("select * from unnest(array['a','b']) with ordinality"),
            "a|1\nb|2");
  EXPECT_EQ(Q("select * from unnest('{\"a b\",NULL,\"c\\\"d\"}'::text[])"),
            "a b\nNULL\nc\"d");
  EXPECT_EQ(Q("select * from unnest(array[1.50, 2])"),
            "1.50\n2");
  EXPECT_EQ(Q("select * from unnest(array['2024-01-01'::date])"),
            "2024-01-01");
  EXPECT_EQ(Q("select * from generate_subscripts(array[5,6,7], 1)"),
            "1\n2\n3");
  EXPECT_EQ(Q("select * from generate_subscripts('[0:2]={1,2,3}'::int[], 1, true)"),
            "2\n1\n0");
  EXPECT_EQ(Q("select * from generate_subscripts('{{1,2},{3,4},{5,6}}'::int[], 2)"),
            "1\n2");
  EXPECT_EQ(Q("select * from generate_subscripts(array[1], 2)"),
            "");
}

TEST_F(TableFunctionTest, Lateral) {
  Run("create table t (id int, items jsonb, arr int[], j json)");
  Run("insert into t values (1, '[{\"sku\":\"a\",\"q\":2},{\"sku\":\"b\",\"q\":1}]', '{1,2}', '{\"x\":1,\"y\":[2]}'), (2, '[]', '{}', '{}'), (3, null, null, null), (4, '[{\"sku\":\"c\"}]', '{5}', '{\"z\":null}')");
  EXPECT_EQ(Q("select t.id, e.v ->> 'sku' as sku, (e.v->>'q')::int as q from t, jsonb_array_elements(t.items) e(v) order by 1, 2"),
            "1|a|2\n1|b|1\n4|c|NULL");
  EXPECT_EQ(Q("select id, u from t, unnest(t.arr) u order by 1,2"),
            "1|1\n1|2\n4|5");
  EXPECT_EQ(Q("select id, x from t cross join lateral generate_series(1, t.id) x where id < 3 order by 1, 2"),
            "1|1\n2|1\n2|2");
  EXPECT_EQ(Q("select id, k, v from t, json_each_text(t.j) as e(k, v) order by 1, 2"),
            "1|x|1\n1|y|[2]\n4|z|NULL");
  EXPECT_EQ(Q("select id, k from t, json_object_keys(t.j) k order by 1, 2"),
            "1|x\n1|y\n4|z");
  EXPECT_EQ(Q("select id, sum(x) from t, generate_series(1, 3000) x group by id order by id"),
            "1|4501500\n2|4501500\n3|4501500\n4|4501500");
}


TEST_F(TableFunctionTest, ColumnNames) {
  EXPECT_EQ(Names("select * from generate_series(1, 2)"), "generate_series");
  EXPECT_EQ(Names("select * from unnest(array[1])"), "unnest");
  EXPECT_EQ(Names("select * from jsonb_each('{}')"), "key|value");
  EXPECT_EQ(Names("select * from json_each_text('{}')"), "key|value");
  EXPECT_EQ(Names("select * from jsonb_object_keys('{}')"), "jsonb_object_keys");
}

TEST_F(TableFunctionTest, LongSeriesSpansChunks) {
  EXPECT_EQ(Q("select count(*), min(g), max(g) from generate_series(1, 10000, 3) g"), "3334|1|10000");
  EXPECT_EQ(Q("select count(*), sum(g) from generate_series(5000000000, 5000004999) g"), "5000|25000012497500");
  EXPECT_EQ(Q("select count(*) from jsonb_array_elements((select to_jsonb(array_agg(g)) from generate_series(1, 5000) g))"),
            "5000");
}

}  // namespace
}  // namespace sql_test
}  // namespace stockroom
