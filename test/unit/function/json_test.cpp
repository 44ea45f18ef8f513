// JSON input, jsonb's canonical form, the JSON operators and functions, and Redshift's JSON
// string functions, run as SQL. Expectations are PostgreSQL 15's output for the same
// statements (Redshift-only behaviour as its documentation states, cited below).
#include "function/sql_query_harness.hpp"

namespace stockroom {
namespace sql_test {
namespace {

class JsonTest : public SqlQueryTest {};

TEST_F(JsonTest, ValidationErrors) {
  // json keeps the text as written; errors carry PostgreSQL's DETAIL and CONTEXT lines.
  EXPECT_EQ(Q("select '{\"a\"}'::json"),
            "ERROR 22P02: invalid input syntax for type json | DETAIL: Expected \":\", but found \"}\". | CONTEXT: JSON data, line 1: {\"a\"}");
  EXPECT_EQ(Q("select 'x'::json"),
            "ERROR 22P02: invalid input syntax for type json | DETAIL: Token \"x\" is invalid. | CONTEXT: JSON data, line 1: x");
  EXPECT_EQ(Q("select '{\"a\":1'::json"),
            "ERROR 22P02: invalid input syntax for type json | DETAIL: The input string ended unexpectedly. | CONTEXT: JSON data, line 1: {\"a\":1");
  EXPECT_EQ(Q("select '[1,2'::jsonb"),
            "ERROR 22P02: invalid input syntax for type json | DETAIL: The input string ended unexpectedly. | CONTEXT: JSON data, line 1: [1,2");
  EXPECT_EQ(Q("select '{\"a\":tru}'::json"),
            "ERROR 22P02: invalid input syntax for type json | DETAIL: Token \"tru\" is invalid. | CONTEXT: JSON data, line 1: {\"a\":tru...");
  EXPECT_EQ(Q("select '{\"a\":1}}'::json"),
            "ERROR 22P02: invalid input syntax for type json | DETAIL: Expected end of input, but found \"}\". | CONTEXT: JSON data, line 1: {\"a\":1}}");
  EXPECT_EQ(Q("select E'{\"a\":\\n 1,\\n \"b\" x}'::json"),
            "ERROR 22P02: invalid input syntax for type json | DETAIL: Token \"x\" is invalid. | CONTEXT: JSON data, line 3:  \"b\" x...");
  EXPECT_EQ(Q("select '\"\\u00\"'::json"),
            "ERROR 22P02: invalid input syntax for type json | DETAIL: \"\\u\" must be followed by four hexadecimal digits. | CONTEXT: JSON data, line 1: \"\\u00\"");
  EXPECT_EQ(Q("select '\"\\q\"'::json"),
            "ERROR 22P02: invalid input syntax for type json | DETAIL: Escape sequence \"\\q\" is invalid. | CONTEXT: JSON data, line 1: \"\\q...");
  EXPECT_EQ(Q("select E'\"a\\tb\"'::json"),
            "ERROR 22P02: invalid input syntax for type json | DETAIL: Character with value 0x09 must be escaped. | CONTEXT: JSON data, line 1: \"a...");
  EXPECT_EQ(Q("select '01'::json"),
            "ERROR 22P02: invalid input syntax for type json | DETAIL: Token \"01\" is invalid. | CONTEXT: JSON data, line 1: 01");
  EXPECT_EQ(Q("select '.5'::json"),
            "ERROR 22P02: invalid input syntax for type json | DETAIL: Token \".\" is invalid. | CONTEXT: JSON data, line 1: ....");
  EXPECT_EQ(Q("select '{1:2}'::json"),
            "ERROR 22P02: invalid input syntax for type json | DETAIL: Expected string or \"}\", but found \"1\". | CONTEXT: JSON data, line 1: {1...");
  EXPECT_EQ(Q("select '[1,]'::json"),
            "ERROR 22P02: invalid input syntax for type json | DETAIL: Expected JSON value, but found \"]\". | CONTEXT: JSON data, line 1: [1,]");
  EXPECT_EQ(Q("select '{\"a\":1,}'::json"),
            "ERROR 22P02: invalid input syntax for type json | DETAIL: Expected string, but found \"}\". | CONTEXT: JSON data, line 1: {\"a\":1,}");
  EXPECT_EQ(Q("select '{\"a\" \"b\"}'::json"),
            "ERROR 22P02: invalid input syntax for type json | DETAIL: Expected \":\", but found \"\"b\"\". | CONTEXT: JSON data, line 1: {\"a\" \"b\"...");
  EXPECT_EQ(Q("select '[1 2]'::json"),
            "ERROR 22P02: invalid input syntax for type json | DETAIL: Expected \",\" or \"]\", but found \"2\". | CONTEXT: JSON data, line 1: [1 2...");
  EXPECT_EQ(Q("select '{\"aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa\": bad}'::json"),
            "ERROR 22P02: invalid input syntax for type json | DETAIL: Token \"bad\" is invalid. | CONTEXT: JSON data, line 1: ...aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa\": bad...");
  EXPECT_EQ(Q("select '\"\\ud83d\"'::json"),
            "\"\\ud83d\"");
  EXPECT_EQ(Q("select '\"\\ud83d\"'::jsonb"),
            "ERROR 22P02: invalid input syntax for type json | DETAIL: Unicode low surrogate must follow a high surrogate. | CONTEXT: JSON data, line 1: \"\\ud83d\"");
  EXPECT_EQ(Q("select '[1,  \"\\ud83d\\ud83d\" ]'::jsonb"),
            "ERROR 22P02: invalid input syntax for type json | DETAIL: Unicode high surrogate must not follow a high surrogate. | CONTEXT: JSON data, line 1: [1,  \"\\ud83d\\ud83d...");
  EXPECT_EQ(Q("select '[1,  \"\\ude00\" ]'::jsonb"),
            "ERROR 22P02: invalid input syntax for type json | DETAIL: Unicode low surrogate must follow a high surrogate. | CONTEXT: JSON data, line 1: [1,  \"\\ude00...");
  EXPECT_EQ(Q("select '  {\"a\" : [1, 2]}  '::json"),
            "  {\"a\" : [1, 2]}  ");
}

TEST_F(JsonTest, JsonbCanonicalForm) {
  EXPECT_EQ(Q("select '{\"bb\":1,\"a\":2,\"aa\":3, \"b\":[1,{\"z\":1,\"y\":2}]}'::jsonb"),
            "{\"a\": 2, \"b\": [1, {\"y\": 2, \"z\": 1}], \"aa\": 3, \"bb\": 1}");
  EXPECT_EQ(Q("select '{\"a\":1, \"b\":2, \"a\":3}'::jsonb"),
            "{\"a\": 3, \"b\": 2}");
  EXPECT_EQ(Q("select '[1.0, 1e2, 1E+2, -0, -0.0, 1.5e-3, 0.000, 12.3400e1, 123e-5, 1e-20]'::jsonb"),
            "[1.0, 100, 100, 0, 0.0, 0.0015, 0.000, 123.400, 0.00123, 0.00000000000000000001]");
  EXPECT_EQ(Q("select '123456789012345678901234567890.123456789e5'::jsonb"),
            "12345678901234567890123456789012345.6789");
  EXPECT_EQ(Q("select '1e131072'::jsonb"),
            "ERROR 22003: value overflows numeric format");
  EXPECT_EQ(Q("select E'\"\\\\b\\\\f\\\\n\\\\r\\\\t\\\\\"\\\\\\\\\\\\u001f\\\\/\\\\u0041\\\\u00e9\"'::jsonb"),
            "\"\\b\\f\\n\\r\\t\\\"\\\\\\u001f/Aé\"");
  EXPECT_EQ(Q("select '\"\\ud83d\\ude00\"'::jsonb"),
            "\"😀\"");
  EXPECT_EQ(Q("select '{}'::jsonb, '[]'::jsonb, '[{}, []]'::jsonb, '[true,false,null]'::jsonb"),
            "{}|[]|[{}, []]|[true, false, null]");
  EXPECT_EQ(Q("select '{\"ab\":1, \"b\":2, \"aa\":3, \"\":4}'::jsonb"),
            "{\"\": 4, \"b\": 2, \"aa\": 3, \"ab\": 1}");
  EXPECT_EQ(Q("select E' \\n {\"a\" : 1 } \\n'::jsonb"),
            "{\"a\": 1}");
}

TEST_F(JsonTest, FieldAccess) {
  EXPECT_EQ(Q("select '{\"a\":[1,2]}'::json -> 'a', '{\"a\":[1,2]}'::jsonb -> 'a'"),
            "[1,2]|[1, 2]");
  EXPECT_EQ(Q("select '  { \"a\" : [ 1 , 2 ] }  '::json -> 'a'"),
            "[ 1 , 2 ]");
  EXPECT_EQ(Q("select '{\"a\":\"x\\ny\"}'::json ->> 'a', '{\"a\":\"x\\ny\"}'::json -> 'a'"),
            "x\ny|\"x\\ny\"");
  EXPECT_EQ(Q("select '[\"a\\u0041\\n\"]'::json ->> 0, '[\"a\\u0041\\n\"]'::json -> 0"),
            "aA\n|\"a\\u0041\\n\"");
  EXPECT_EQ(Q("select '{\"a\":1,\"a\":2}'::json -> 'a', '{\"a\":1,\"a\":2}'::json ->> 'a'"),
            "2|2");
  EXPECT_EQ(Q("select '[1,2,3]'::json -> -1, '[1,2,3]'::json -> -4, '[1,2,3]'::json -> 3, '[1,2,3]'::json ->> 'a', '{\"a\":1}'::json -> 0"),
            "3|NULL|NULL|NULL|NULL");
  EXPECT_EQ(Q("select '{\"a\":null}'::json ->> 'a', '{\"a\":null}'::json -> 'a', '{\"a\":null}'::jsonb -> 'a'"),
            "NULL|null|null");
  EXPECT_EQ(Q("select '\"abc\"'::jsonb ->> 0, '\"abc\"'::jsonb -> -1, '\"abc\"'::jsonb -> 1, '\"abc\"'::json -> 0"),
            "abc|\"abc\"|NULL|NULL");
  EXPECT_EQ(Q("select '{\"a\\u0041\":1}'::json -> 'aA', '{\"a\\u0041\":1}'::jsonb ->> 'aA'"),
            "1|1");
  EXPECT_EQ(Q("select '{\"a\":\"\\u00e9\\ud83d\\ude00\"}'::json ->> 'a'"),
            "é😀");
  EXPECT_EQ(Q("select '{\"a\":1}'::jsonb -> null::text"),
            "NULL");
  EXPECT_EQ(Q("select ('{\"a\":{\"b\":1}}'::jsonb)['a'], ('{\"a\":{\"b\":1}}'::jsonb)['a']['b'], ('[1,2]'::jsonb)[-1], ('{\"a\":1}'::jsonb)['x']"),
            "{\"b\": 1}|1|2|NULL");
  EXPECT_EQ(Q("select '[\"\\ud83d\"]'::json ->> 0"),
            "ERROR 22P02: invalid input syntax for type json | DETAIL: Unicode low surrogate must follow a high surrogate. | CONTEXT: JSON data, line 1: [\"\\ud83d\"...");
}

TEST_F(JsonTest, PathAccess) {
  EXPECT_EQ(Q("select '{\"a\":{\"b\":  [1,  2]}}'::json #> '{a,b}', '{\"a\":{\"b\":  [1,  2]}}'::jsonb #> '{a,b}'"),
            "[1,  2]|[1, 2]");
  EXPECT_EQ(Q("select '{\"a\":{\"b\":  [1,  2]}}'::json #>> '{a,b,1}', '{\"a\":{\"b\":  [1,  2]}}'::json #>> '{}'"),
            "2|{\"a\":{\"b\":  [1,  2]}}");
  EXPECT_EQ(Q("select '{\"a\":{\"b\":1},\"a\":{\"c\":2}}'::json #> '{a,b}'"),
            "1");
  EXPECT_EQ(Q("select '[1,2,3]'::json #> '{-1}', '[1,2,3]'::jsonb #> '{ 1}', '[1,2,3]'::jsonb #> '{1x}', '[1,2,3]'::json #> '{+1}'"),
            "3|2|NULL|2");
  EXPECT_EQ(Q("select '{\"1\":5}'::jsonb #> '{1}', '{\"a\":[{\"b\":\"x\"}]}'::jsonb #>> '{a,0,b}', '{\"a\":[{\"b\":\"x\"}]}'::jsonb #>> array['a','0',null]"),
            "5|x|NULL");
  EXPECT_EQ(Q("select '1'::jsonb #> '{}', '1'::jsonb #> '{a}', '\"abc\"'::jsonb #> '{0}'"),
            "1|NULL|NULL");
  EXPECT_EQ(Q("select json_extract_path('{\"a\":{\"b\":[1, 2]}}', 'a', 'b'), json_extract_path_text('{\"a\":{\"b\":[1, 2]}}', 'a', 'b', '1')"),
            "[1, 2]|2");
  EXPECT_EQ(Q("select jsonb_extract_path('{\"a\":{\"b\":[1, 2]}}', 'a', 'b'), jsonb_extract_path_text('{\"a\":{\"b\":\"x\"}}', 'a', 'b')"),
            "[1, 2]|x");
  EXPECT_EQ(Q("select json_extract_path_text('{\"a\":{\"b\":\"x\"}}', 'a', null), json_extract_path_text('{\"a\":null}', 'a'), jsonb_extract_path('{\"a\":null}', 'a')"),
            "NULL|NULL|null");
  EXPECT_EQ(Q("select json_extract_path_text('{\"f2\":{\"f3\":1},\"f4\":{\"f5\":99,\"f6\":\"star\"}}','f4', 'f6')"),
            "star");
}

TEST_F(JsonTest, JsonbOperators) {
  EXPECT_EQ(Q("select '\"abc\"'::jsonb ? 'abc', '[\"abc\", 1]'::jsonb ? 'abc', '[\"abc\", 1]'::jsonb ? '1', '{\"abc\":1}'::jsonb ? 'abc', '{\"x\":{\"abc\":1}}'::jsonb ? 'abc'"),
            "t|t|f|t|f");
  EXPECT_EQ(Q("select '{\"a\":1,\"b\":2}'::jsonb ?| array['b','c'], '{\"a\":1,\"b\":2}'::jsonb ?& array['b','c'], '{\"a\":1,\"b\":2}'::jsonb ?& '{}', '{\"a\":1,\"b\":2}'::jsonb ?| '{NULL,a}'"),
            "t|f|t|t");
  EXPECT_EQ(Q("select '[1,2,[3]]'::jsonb @> '[3]', '[1,2,[3]]'::jsonb @> '[[3]]', '[1,2,3]'::jsonb @> '1', '1'::jsonb @> '[1]'"),
            "f|t|t|f");
  EXPECT_EQ(Q("select '{\"a\":[1,2,{\"b\":3}]}'::jsonb @> '{\"a\":[{\"b\":3}]}', '{\"a\":[1,2,{\"b\":3}]}'::jsonb @> '{\"a\":[{}]}', '{\"a\":1}'::jsonb @> '{}', '[]'::jsonb @> '{}'"),
            "t|t|t|f");
  EXPECT_EQ(Q("select '{\"a\":1.0}'::jsonb @> '{\"a\":1}', '[1,1,2]'::jsonb @> '[1,2,2,2]', '{\"a\":1}'::jsonb <@ '{\"a\":1,\"b\":2}', '[\"a\"]'::jsonb @> '\"a\"'"),
            "t|t|t|t");
  EXPECT_EQ(Q("select '{\"a\":{\"b\":1,\"c\":2}}'::jsonb @> '{\"a\":{\"b\":1}}', '{\"a\":{\"b\":1}}'::jsonb @> '{\"a\":{\"b\":1,\"c\":2}}', '{\"a\":[1]}'::jsonb @> '{\"a\":1}'"),
            "t|f|f");
}

TEST_F(JsonTest, LengthAndType) {
  EXPECT_EQ(Q("select json_typeof('{\"a\":1}'), json_typeof(' [1]'), json_typeof('\"x\"'), json_typeof('1.5'), json_typeof('true'), json_typeof('null'), jsonb_typeof('false')"),
            "object|array|string|number|boolean|null|boolean");
  EXPECT_EQ(Q("select json_array_length('{\"a\":1}')"),
            "ERROR 22023: cannot get array length of a non-array");
  EXPECT_EQ(Q("select json_array_length('1')"),
            "ERROR 22023: cannot get array length of a scalar");
  EXPECT_EQ(Q("select jsonb_array_length('{\"a\":1}')"),
            "ERROR 22023: cannot get array length of a non-array");
  EXPECT_EQ(Q("select jsonb_array_length('1')"),
            "ERROR 22023: cannot get array length of a scalar");
  EXPECT_EQ(Q("select jsonb_array_length('[]'), json_array_length('[1,[2,3],{}]'), json_array_length(' [ ] ')"),
            "0|3|0");
}

TEST_F(JsonTest, Constructors) {
  EXPECT_EQ(Q("select to_json(1), to_json(1.50), to_json('a\"b'::text), to_json(true), to_json(null::int), to_json('2024-01-02'::date)"),
            "1|1.50|\"a\\\"b\"|true|NULL|\"2024-01-02\"");
  EXPECT_EQ(Q("select to_json('2024-01-02 03:04:05.5'::timestamp), to_json('2024-01-02 03:04:05+02'::timestamptz)"),
            "\"2024-01-02T03:04:05.5\"|\"2024-01-02T01:04:05+00:00\"");
  EXPECT_EQ(Q("select to_json('1 day'::interval), to_json('NaN'::float8), to_json(1.5::float4), to_json(array[1,2]), to_json(array['a',null])"),
            "\"1 day\"|\"NaN\"|1.5|[1,2]|[\"a\",null]");
  EXPECT_EQ(Q("select to_json('{\"a\": 1}'::json), to_json('{\"b\":1, \"a\": 1}'::jsonb), to_jsonb(1.50), to_jsonb(array[[1,2],[3,4]]), to_json(array[[1,2],[3,4]])"),
            "{\"a\": 1}|{\"a\": 1, \"b\": 1}|1.50|[[1, 2], [3, 4]]|[[1,2],[3,4]]");
  EXPECT_EQ(Q("select to_jsonb('infinity'::date), to_jsonb('x'::char(3)), to_json('{}'::int[]), to_json(E'tab\\there'::text)"),
            "\"infinity\"|\"x  \"|[]|\"tab\\there\"");
  EXPECT_EQ(Q("select to_json(array['2024-01-02 03:04:05+00'::timestamptz]), to_json(array[true,false]), to_json(array[1.5::float8, 'nan'::float8])"),
            "[\"2024-01-02T03:04:05+00:00\"]|[true,false]|[1.5,\"NaN\"]");
  EXPECT_EQ(Q("select json_build_object('a', 1, 'b', 'x', 'c', null, 'd', array[1,2], 'e', '{\"x\":1}'::json, 'f', true)"),
            "{\"a\" : 1, \"b\" : \"x\", \"c\" : null, \"d\" : [1,2], \"e\" : {\"x\":1}, \"f\" : true}");
  EXPECT_EQ(Q("select jsonb_build_object('b', 1, 'a', 'x', 'c', null, 'd', array[1,2], 'e', '{\"x\":1}'::json, 'f', true)"),
            "{\"a\": \"x\", \"b\": 1, \"c\": null, \"d\": [1, 2], \"e\": {\"x\": 1}, \"f\": true}");
  EXPECT_EQ(Q("select json_build_object(), json_build_object(1, 2, true, 3, 1.5, 4)"),
            "{}|{\"1\" : 2, \"true\" : 3, \"1.5\" : 4}");
  EXPECT_EQ(Q("select json_build_object('a', 1, 'a', 2), jsonb_build_object('a', 1, 'a', 2)"),
            "{\"a\" : 1, \"a\" : 2}|{\"a\": 2}");
  EXPECT_EQ(Q("select json_build_object('a')"),
            "ERROR 22023: argument list must have even number of elements | HINT: The arguments of json_build_object() must consist of alternating keys and values.");
  EXPECT_EQ(Q("select json_build_object(null, 1)"),
            "ERROR 22023: argument 1 cannot be null | HINT: Object keys should be text.");
  EXPECT_EQ(Q("select jsonb_build_object(null, 1)"),
            "ERROR 22023: argument 1: key must not be null");
  EXPECT_EQ(Q("select json_build_object(array[1], 2)"),
            "ERROR 22023: key value must be scalar, not array, composite, or json");
  EXPECT_EQ(Q("select json_build_array(1, 'a', null, array[1], '{\"x\": 1}'::jsonb), jsonb_build_array(1, 'a', null), json_build_array()"),
            "[1, \"a\", null, [1], {\"x\": 1}]|[1, \"a\", null]|[]");
}


TEST_F(JsonTest, RedshiftFunctions) {
  // Redshift's json_extract_path_text takes a varchar JSON string; "If a path element does
  // not exist in the JSON string, JSON_EXTRACT_PATH_TEXT returns NULL."
  EXPECT_EQ(Q("select json_extract_path_text('{\"a\":{\"b\":\"x\"}}'::text, 'a', 'b'), "
              "json_extract_path_text('{\"a\":1}'::varchar, 'zz')"),
            "x|NULL");
  EXPECT_EQ(Q("select json_extract_path_text('{\"a\":[10,{\"b\":\"y\\\"z\"}]}'::varchar(40), 'a', '1', 'b')"), "y\"z");
}

TEST_F(JsonTest, RedshiftNullIfInvalid) {
  // Redshift: "If the null_if_invalid argument is set to TRUE and the JSON string is invalid,
  // the function returns NULL instead of returning an error." (JSON_EXTRACT_PATH_TEXT)
  EXPECT_EQ(Q("select json_extract_path_text('{\"f2\":{\"f3\":1},\"f4\":{\"f5\":99,\"f6\":\"star\"}', 'f4', 'f6', true)"),
            "NULL");
  EXPECT_EQ(Q("select json_extract_path_text('{\"f2\":{\"f3\":1},\"f4\":{\"f5\":99,\"f6\":\"star\"}', 'f4', 'f6')"),
            "ERROR 22P02: invalid input syntax for type json | DETAIL: The input string ended unexpectedly. | "
            "CONTEXT: JSON data, line 1: {\"f2\":{\"f3\":1},\"f4\":{\"f5\":99,\"f6\":\"star\"}");
  EXPECT_EQ(Q("select json_extract_path_text('{\"f4\":{\"f6\":\"star\"}}', 'f4', 'f6', false)"), "star");
  EXPECT_EQ(Q("select json_extract_path_text('{\"a\":1}', 'b', true)"), "NULL");
  // "If the index is negative or out of bounds, JSON_EXTRACT_ARRAY_ELEMENT_TEXT returns NULL."
  EXPECT_EQ(Q("select json_extract_array_element_text('[111,112,113]', 2)"), "113");
  EXPECT_EQ(Q("select json_extract_array_element_text('[111,112,113]', 3)"), "NULL");
  EXPECT_EQ(Q("select json_extract_array_element_text('[111,112,113]', -1)"), "NULL");
  EXPECT_EQ(Q("select json_extract_array_element_text('[\"a\",[\"b\",1]]', 1)"), "[\"b\",1]");
  EXPECT_EQ(Q("select json_extract_array_element_text('[\"a\",[\"b\",1,[\"c\",2,3,null,]]]', 1)"),
            "ERROR 22P02: invalid json array object [\"a\",[\"b\",1,[\"c\",2,3,null,]]]");
  EXPECT_EQ(Q("select json_extract_array_element_text('[\"a\",[\"b\",1,[\"c\",2,3,null,]]]', 1, true)"), "NULL");
  EXPECT_EQ(Q("select json_extract_array_element_text('[\"x\\ty\"]', 0)"), "x\ty");
}

TEST_F(JsonTest, RedshiftValidity) {
  // Redshift's IS_VALID_JSON examples: objects are valid JSON; '{{}}', '{1:"a"}' and
  // '[1,2,3]' are not (arrays are checked by IS_VALID_JSON_ARRAY).
  EXPECT_EQ(Q("select is_valid_json('{\"a\":2}'), is_valid_json('{\"a\":{\"b\":{\"c\":1}}}'), "
              "is_valid_json('{\"a\": [1,2,\"b\"]}')"),
            "t|t|t");
  EXPECT_EQ(Q("select is_valid_json('{{}}'), is_valid_json('{1:\"a\"}'), is_valid_json('[1,2,3]'), is_valid_json(null)"),
            "f|f|f|NULL");
  EXPECT_EQ(Q("select is_valid_json_array('[]'), is_valid_json_array('[\"a\",[\"b\",1,[\"c\",2,3,null]]]'), "
              "is_valid_json_array('{\"a\":1}'), is_valid_json_array('[1,2')"),
            "t|t|f|f");
}

TEST_F(JsonTest, UnicodeZeroEscape) {
  // PostgreSQL reports SQLSTATE 22P05 here; the message and position are what matter.
  std::string error = Q("select '{\"a\":1, \"b\":\"\\u0000\"}'::json -> 'a'");
  EXPECT_NE(error.find("unsupported Unicode escape sequence | DETAIL: \\u0000 cannot be converted to text. | "
                       "CONTEXT: JSON data, line 1: {\"a\":1, \"b\":\"\\u0000..."),
            std::string::npos)
      << error;
  EXPECT_EQ(Q("select '\"\\u0000\"'::json"), "\"\\u0000\"");
}

TEST_F(JsonTest, OverTableRows) {
  Run("create table ev (id int, payload json, pb jsonb, pt varchar)");
  Run("insert into ev values (1, '{\"type\":\"click\",\"props\":{\"x\":1}}', '{\"type\":\"click\",\"props\":{\"x\":1}}', "
      "'{\"type\":\"click\",\"props\":{\"x\":1}}'), (2, '{\"type\":\"view\"}', '{\"type\":\"view\"}', 'oops'), "
      "(3, null, null, null), (4, '[1,2]', '[1,2]', '[1,2]')");
  EXPECT_EQ(Q("select id, payload ->> 'type', pb ->> 'type', payload #>> '{props,x}', pb -> 'props' -> 'x', "
              "json_typeof(payload), jsonb_typeof(pb) from ev order by id"),
            "1|click|click|1|1|object|object\n2|view|view|NULL|NULL|object|object\n3|NULL|NULL|NULL|NULL|NULL|NULL\n"
            "4|NULL|NULL|NULL|NULL|array|array");
  EXPECT_EQ(Q("select id, pb ? 'type', pb @> '{\"type\":\"click\"}', json_extract_path_text(payload, 'props', 'x') "
              "from ev order by id"),
            "1|t|t|1\n2|t|f|NULL\n3|NULL|NULL|NULL\n4|f|f|NULL");
  EXPECT_EQ(Q("select id, json_extract_path_text(pt, 'props', 'x', true), is_valid_json(pt) from ev order by id"),
            "1|1|t\n2|NULL|f\n3|NULL|NULL\n4|NULL|f");
  EXPECT_EQ(Q("select count(*) from ev where payload ->> 'type' = 'click'"), "1");
  EXPECT_EQ(Q("select id, json_build_object('id', id, 'p', payload) from ev order by id"),
            "1|{\"id\" : 1, \"p\" : {\"type\":\"click\",\"props\":{\"x\":1}}}\n2|{\"id\" : 2, \"p\" : {\"type\":\"view\"}}\n"
            "3|{\"id\" : 3, \"p\" : null}\n4|{\"id\" : 4, \"p\" : [1,2]}");
}

}  // namespace
}  // namespace sql_test
}  // namespace stockroom
