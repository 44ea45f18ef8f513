// Array construction, subscripts and slices, x op ANY/ALL (array), and the array functions
// and operators, run as SQL. Expectations are PostgreSQL 15's output for the same statements.
#include "function/sql_query_harness.hpp"

namespace stockroom {
namespace sql_test {
namespace {

class ArrayTest : public SqlQueryTest {};

TEST_F(ArrayTest, Construct) {
  EXPECT_EQ(Q("select array[1,2,3], array[1.5, 2], array['a', 'b c', null, ''], array[1, null]"),
            "{1,2,3}|{1.5,2}|{a,\"b c\",NULL,\"\"}|{1,NULL}");
  EXPECT_EQ(Q("select array[array[1,2],array[3,4]], array['a'::varchar(3)], array['{1,2}'::int[], '{3,4}']"),
            "{{1,2},{3,4}}|{a}|{{1,2},{3,4}}");
  EXPECT_EQ(Q("select array[1, 'a']"),
            "ERROR 22P02: invalid input syntax for type integer: \"a\"");
  EXPECT_EQ(Q("select array[1, 2.5, 3::bigint], pg_typeof(array[1, 2.5]), pg_typeof(array['a', 'b']), pg_typeof(array[1::smallint, 2::smallint])"),
            "{1,2.5,3}|numeric[]|text[]|smallint[]");
  EXPECT_EQ(Q("select array[array[1,2], array[3]]"),
            "ERROR 2202E: multidimensional arrays must have array expressions with matching dimensions");
  EXPECT_EQ(Q("select array[array[1,2], null]"),
            "ERROR 2202E: multidimensional arrays must have array expressions with matching dimensions");
  EXPECT_EQ(Q("select array[true, false], array[1.5::float4], array['2024-01-01'::date], array[interval '1 day'], array['a\"b', 'c\\d', 'NULL', '{x}']"),
            "{t,f}|{1.5}|{2024-01-01}|{\"1 day\"}|{\"a\\\"b\",\"c\\\\d\",\"NULL\",\"{x}\"}");
  EXPECT_EQ(Q("select array[]::int[], array_length(array[]::int[], 1)"),
            "{}|NULL");
}

TEST_F(ArrayTest, Subscripts) {
  EXPECT_EQ(Q("select (array[1,2,3])[2], (array[1,2,3])[0], (array[1,2,3])[4], (array[1,2,3])[null]"),
            "2|NULL|NULL|NULL");
  EXPECT_EQ(Q("select ('[0:2]={1,2,3}'::int[])[0], ('{{1,2},{3,4}}'::int[])[1], ('{{1,2},{3,4}}'::int[])[2][1]"),
            "1|NULL|3");
  EXPECT_EQ(Q("select (array[array['a','b'],array['c','d']])[2][2], (array[1,2,3])[1][1], pg_typeof((array[1.5])[1])"),
            "d|NULL|numeric");
  EXPECT_EQ(Q("select (array['a','b'])[1] || 'x', (array['x'::char(3)])[1] = 'x', (array['a b', null])[1]"),
            "ax|t|a b");
  EXPECT_EQ(Q("select (1)[1]"),
            "ERROR 42804: cannot subscript type integer because it does not support subscripting");
}

TEST_F(ArrayTest, Slices) {
  EXPECT_EQ(Q("select (array[1,2,3,4])[2:3], (array[1,2,3,4])[:2], (array[1,2,3,4])[3:], (array[1,2,3,4])[5:6], (array[1,2,3,4])[3:2], (array[1,2,3,4])[0:1], (array[1,2,3,4])[-5:2]"),
            "{2,3}|{1,2}|{3,4}|{}|{}|{1}|{1,2}");
  EXPECT_EQ(Q("select ('[0:2]={1,2,3}'::int[])[0:1], ('[0:2]={1,2,3}'::int[])[:]"),
            "{1,2}|{1,2,3}");
  EXPECT_EQ(Q("select ('{{1,2},{3,4}}'::int[])[1:1], ('{{1,2},{3,4}}'::int[])[2:2][1:1], ('{{1,2},{3,4}}'::int[])[2][1:2], (array[1,2,3])[1:2][1:1]"),
            "{{1,2}}|{{3}}|{{1,2},{3,4}}|{}");
}

TEST_F(ArrayTest, Dimensions) {
  EXPECT_EQ(Q("select array_length(array[1,2,3], 1), array_length(array[1,2,3], 2), array_length('{}'::int[], 1), array_length('{{1,2},{3,4},{5,6}}'::int[], 1), array_length('{{1,2},{3,4},{5,6}}'::int[], 2), array_length(array[1], 0), array_length(array[1], null)"),
            "3|NULL|NULL|3|2|NULL|NULL");
  EXPECT_EQ(Q("select array_upper(array[1,2,3], 1), array_lower(array[1,2,3], 1), array_lower('[0:2]={1,2,3}'::int[], 1), array_upper('[0:2]={1,2,3}'::int[], 1), array_upper('{}'::int[], 1)"),
            "3|1|0|2|NULL");
  EXPECT_EQ(Q("select array_ndims(array[1]), array_ndims('{}'::int[]), array_dims('[0:2]={1,2,3}'::int[]), array_dims('{{1,2},{3,4}}'::int[]), array_dims('{}'::int[])"),
            "1|NULL|[0:2]|[1:2][1:2]|NULL");
  EXPECT_EQ(Q("select cardinality(array[1,2,3]), cardinality('{}'::int[]), cardinality('{{1,2},{3,4}}'::int[]), cardinality(null::int[])"),
            "3|0|4|NULL");
}

TEST_F(ArrayTest, Positions) {
  EXPECT_EQ(Q("select array_position(array[1,2,3,2], 2), array_position(array[1,2,3,2], 2, 3), array_position(array[1,null,3], null), array_position(array['a','b'], 'c'), array_position(array[1.0, 2], 1), array_position('[0:2]={1,2,3}'::int[], 1)"),
            "2|4|2|NULL|1|0");
  EXPECT_EQ(Q("select array_position('{{1,2},{3,4}}'::int[], 3)"),
            "ERROR 0A000: searching for elements in multidimensional arrays is not supported");
  EXPECT_EQ(Q("select array_positions(array[1,2,3,2], 2), array_positions(array[1,null], null), array_positions(array[1], 5)"),
            "{2,4}|{2}|{}");
}

TEST_F(ArrayTest, AnyAll) {
  EXPECT_EQ(Q("select 2 = any(array[1,2,3]), 5 = any(array[1,2,3]), 5 = any(array[1,null,3]), 1 = any(array[1,null]), null::int = any(array[1]), null::int = any('{}'::int[]), 1 = any(null::int[]), 1 = any('{}'::int[])"),
            "t|f|NULL|t|NULL|f|NULL|f");
  EXPECT_EQ(Q("select 2 > all(array[1,2,3]), 5 > all(array[1,2,3]), 5 > all(array[1,null,3]), 0 > all(array[1,null]), null::int > all(array[1]), null::int > all('{}'::int[]), 1 > all('{}'::int[])"),
            "f|t|NULL|f|NULL|t|t");
  EXPECT_EQ(Q("select 2 <> any(array[2,2]), 2 <> all(array[1,3]), 'b' >= any(array['a','c']), 'b' < all(array['c','d']), 2.5 = any(array[1,2.50]), 1 = any(array[1.0::float8])"),
            "f|t|t|t|t|t");
  EXPECT_EQ(Q("select 'x' = any('{a,b}'::text[]), 'b' = any('{a,b}'::text[]), 1::bigint = any('{1,2}'::int[]), 1 = any('{1}'::bigint[]), 1.5 <= all('{2,3}'::int[])"),
            "f|t|t|t|t");
  EXPECT_EQ(Q("select 1 = any('{a}'::text[])"),
            "ERROR 42883: operator does not exist: integer = text | HINT: No operator matches the given name and argument types. You might need to add explicit type casts.");
}

TEST_F(ArrayTest, AppendAndConcatenate) {
  EXPECT_EQ(Q("select array_append(array[1,2], 3), array_append(null::int[], 3), array_append(array[1], null), array_prepend(0, array[1,2]), array_prepend(0, '[0:1]={1,2}'::int[]), array_append('[0:1]={1,2}'::int[], 3)"),
            "{1,2,3}|{3}|{1,NULL}|{0,1,2}|[0:2]={0,1,2}|[0:2]={1,2,3}");
  EXPECT_EQ(Q("select array_cat(array[1,2], array[3]), array_cat(null::int[], array[3]), array_cat(array[1], null), array_cat(array[[1,2]], array[3,4]), array_cat(array[1,2], array[[3,4]]), array_cat('{}'::int[], '{}'::int[])"),
            "{1,2,3}|{3}|{1}|{{1,2},{3,4}}|{{1,2},{3,4}}|{}");
  EXPECT_EQ(Q("select array_cat(array[[1,2]], array[3])"),
            "ERROR 2202E: cannot concatenate incompatible arrays | DETAIL: Arrays with differing dimensions are not compatible for concatenation.");
  EXPECT_EQ(Q("select array[1,2] || array[3], array[1,2] || 3, 0 || array[1,2], array[1,2] || '{3,4}', '{0}' || array[1], array['a'] || 'b'::text, array[1] || 2.5"),
            "{1,2,3}|{1,2,3}|{0,1,2}|{1,2,3,4}|{0,1}|{a,b}|{1,2.5}");
  EXPECT_EQ(Q("select array[1] || null::int[], null::int[] || array[1], array[[1,2]] || array[[3,4]], 'a' || 'b', 'a' || 1"),
            "{1}|{1}|{{1,2},{3,4}}|ab|a1");
  EXPECT_EQ(Q("select array_append(array[[1]], 2)"),
            "ERROR 22000: argument must be empty or one-dimensional array");
}

TEST_F(ArrayTest, OverTableRows) {
  Run("create table ta (id int, a int[], t text[])");
  Run("insert into ta values (1, '{1,2,3}', '{x,\"y z\"}'), (2, '{}', '{}'), (3, null, null), (4, '{4,null}', '{NULL,w}')");
  EXPECT_EQ(Q("select id, a, t, a[1], t[2], a[2:], cardinality(a), array_length(t, 1) from ta order by id"),
            "1|{1,2,3}|{x,\"y z\"}|1|y z|{2,3}|3|2\n2|{}|{}|NULL|NULL|{}|0|NULL\n3|NULL|NULL|NULL|NULL|NULL|NULL|NULL\n4|{4,NULL}|{NULL,w}|4|w|{NULL}|2|2");
  EXPECT_EQ(Q("select id, 2 = any(a), 4 = all(a), 'w' = any(t), array_position(t, 'w'), a || 9, array_cat(a, a) from ta order by id"),
            "1|t|f|f|NULL|{1,2,3,9}|{1,2,3,1,2,3}\n2|f|t|f|NULL|{9}|{}\n3|NULL|NULL|NULL|NULL|{9}|NULL\n4|NULL|NULL|t|2|{4,NULL,9}|{4,NULL,4,NULL}");
  EXPECT_EQ(Q("select id, array[id, id * 2], array[a[1], id] from ta order by id"),
            "1|{1,2}|{1,1}\n2|{2,4}|{NULL,2}\n3|{3,6}|{NULL,3}\n4|{4,8}|{4,4}");
  EXPECT_EQ(Q("select id from ta where 3 = any(a) or 'w' = any(t) order by id"),
            "1\n4");
}


}  // namespace
}  // namespace sql_test
}  // namespace stockroom
