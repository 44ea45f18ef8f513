// node-postgres (pg, pg-cursor, pg-copy-streams from package-lock.json) against `stockroom serve`,
// run by run_node_test.sh under test/drivers/with_server.sh (PGHOST, PGPORT, PGDATABASE, PGUSER,
// PGPASSWORD, which pg reads itself). node-postgres sends parameters and reads results as text.
'use strict';

const assert = require('assert');
const { pipeline } = require('stream/promises');
const { Readable, Writable } = require('stream');
const pg = require('pg');
const Cursor = require('pg-cursor');
const copyStreams = require('pg-copy-streams');

async function connect() {
  const client = new pg.Client({ ssl: false });
  await client.connect();
  return client;
}

async function expectCode(client, sql, code, params) {
  try {
    await client.query(sql, params);
  } catch (err) {
    assert.strictEqual(err.code, code, `${sql}: code ${err.code} (${err.message})`);
    assert.ok(err.message && err.severity === 'ERROR', `${sql}: message/severity`);
    return err;
  }
  assert.fail(`${sql}: no error, expected ${code}`);
}

async function testConnect() {
  const client = await connect();
  const res = await client.query('SELECT current_user AS u, current_setting($1) AS tz', ['TimeZone']);
  assert.strictEqual(res.rows[0].u, process.env.PGUSER);
  assert.ok(res.rows[0].tz);
  await client.end();
}

async function testTypes() {
  const client = await connect();
  await client.query("SET TimeZone = 'UTC'");
  await client.query(`CREATE TABLE node_types (id integer, c_bool boolean, c_int2 smallint, c_int4 integer,
    c_int8 bigint, c_real real, c_double double precision, c_numeric numeric(12,3), c_text text,
    c_varchar varchar(20), c_char char(5), c_date date, c_timestamp timestamp, c_timestamptz timestamptz,
    c_interval interval, c_json json, c_jsonb jsonb, c_int_array integer[], c_text_array text[])`);
  const stamp = new Date(Date.UTC(2024, 2, 1, 12, 34, 56, 789));
  const values = [1, true, -32768, 2147483647, '-9223372036854775808', 1.5, Math.PI, '-123456789.125',
    "héllo 'world' \\ \"q\"\n", 'varchar value', 'ab', '2024-02-29', '2024-03-01 12:34:56.789', stamp,
    '3 days 04:05:06', JSON.stringify({ a: [1, 2] }), { k: true }, [1, null, 3], ['a', 'b c', null, 'd"e']];
  const placeholders = values.map((_, i) => `$${i + 1}`).join(', ');
  const insert = await client.query(`INSERT INTO node_types VALUES (${placeholders})`, values);
  assert.strictEqual(insert.rowCount, 1);
  await client.query(`INSERT INTO node_types (id) VALUES ($1)`, [2]);
  const { rows, fields } = await client.query('SELECT * FROM node_types WHERE id = $1', [1]);
  const r = rows[0];
  assert.strictEqual(r.c_bool, true);
  assert.strictEqual(r.c_int2, -32768);
  assert.strictEqual(r.c_int4, 2147483647);
  assert.strictEqual(r.c_int8, '-9223372036854775808'); // int8 and numeric stay strings in pg
  assert.strictEqual(r.c_real, 1.5);
  assert.strictEqual(r.c_double, Math.PI);
  assert.strictEqual(r.c_numeric, '-123456789.125');
  assert.strictEqual(r.c_text, "héllo 'world' \\ \"q\"\n");
  assert.strictEqual(r.c_varchar, 'varchar value');
  assert.strictEqual(r.c_char, 'ab   ');
  // A date parses as local midnight; compare its fields.
  assert.deepStrictEqual([r.c_date.getFullYear(), r.c_date.getMonth(), r.c_date.getDate()], [2024, 1, 29]);
  assert.strictEqual(r.c_timestamptz.getTime(), stamp.getTime());
  assert.deepStrictEqual({ ...r.c_interval }, { days: 3, hours: 4, minutes: 5, seconds: 6 });
  assert.deepStrictEqual(r.c_json, { a: [1, 2] });
  assert.deepStrictEqual(r.c_jsonb, { k: true });
  assert.deepStrictEqual(r.c_int_array, [1, null, 3]);
  assert.deepStrictEqual(r.c_text_array, ['a', 'b c', null, 'd"e']);
  assert.deepStrictEqual(fields.map((f) => f.dataTypeID),
    [23, 16, 21, 23, 20, 700, 701, 1700, 25, 1043, 1042, 1082, 1114, 1184, 1186, 114, 3802, 1007, 1009]);
  const nulls = await client.query('SELECT * FROM node_types WHERE id = $1', [2]);
  assert.ok(Object.entries(nulls.rows[0]).every(([k, v]) => k === 'id' || v === null), 'NULL row');
  // A named prepared statement, executed several times with different parameters.
  for (const [lo, expected] of [[0, '2'], [2, '0']]) {
    const res = await client.query({ name: 'count_from', text: 'SELECT count(*) AS n FROM node_types WHERE id > $1',
      values: [lo] });
    assert.strictEqual(res.rows[0].n, expected);
  }
  // rowMode: 'array'
  const arr = await client.query({ text: 'SELECT $1::int + 1, $2::text || $3', values: [41, 'a', 'b'], rowMode: 'array' });
  assert.deepStrictEqual(arr.rows, [[42, 'ab']]);
  await client.end();
}

async function testTransactions() {
  const client = await connect();
  await client.query('CREATE TABLE node_tx (id integer)');
  await client.query('BEGIN');
  await client.query('INSERT INTO node_tx VALUES ($1)', [1]);
  await client.query('COMMIT');
  await client.query('BEGIN');
  await client.query('INSERT INTO node_tx VALUES ($1)', [2]);
  await client.query('ROLLBACK');
  await client.query('BEGIN');
  await client.query('INSERT INTO node_tx VALUES ($1)', [3]);
  await expectCode(client, 'SELECT * FROM node_missing', '42P01');
  await expectCode(client, 'SELECT 1', '25P02');
  await client.query('ROLLBACK');
  const res = await client.query('SELECT array_agg(id) AS ids FROM node_tx');
  assert.deepStrictEqual(res.rows[0].ids, [1]);
  await client.end();
}

async function testErrors() {
  const client = await connect();
  await expectCode(client, 'SELECT * FROM node_missing', '42P01');
  await expectCode(client, 'SELECT 1 / 0', '22012');
  const syntax = await expectCode(client, 'SELEC 1', '42601');
  assert.strictEqual(syntax.position, '1');
  await expectCode(client, 'SELECT $1::integer', '22P02', ['x']);
  await expectCode(client, 'SELECT * FROM pg_authid', '42501');
  const res = await client.query('SELECT 1 AS one');
  assert.strictEqual(res.rows[0].one, 1);
  await client.end();
}

async function testCursor() {
  const client = await connect();
  const started = process.hrtime.bigint();
  const cursor = client.query(new Cursor('SELECT i, i * 2 AS twice FROM generate_series(1, $1) AS g(i)', [300000]));
  let count = 0;
  let sum = 0;
  for (;;) {
    const rows = await cursor.read(10000);
    if (rows.length === 0) break;
    count += rows.length;
    for (const row of rows) sum += row.twice;
  }
  await cursor.close();
  const seconds = Number(process.hrtime.bigint() - started) / 1e9;
  assert.strictEqual(count, 300000);
  assert.strictEqual(sum, 300000 * 300001);
  console.log(`  300,000 rows through pg-cursor in ${seconds.toFixed(2)} s`);
  await client.end();
}

async function testCopy() {
  const client = await connect();
  await client.query('CREATE TABLE node_copy (id integer, name text)');
  let data = '';
  for (let i = 1; i <= 2000; i++) data += `${i},name ${i}\n`;
  await pipeline(Readable.from([data]), client.query(copyStreams.from('COPY node_copy FROM STDIN WITH (FORMAT csv)')));
  const count = await client.query('SELECT count(*)::int AS n FROM node_copy');
  assert.strictEqual(count.rows[0].n, 2000);
  let out = '';
  await pipeline(client.query(copyStreams.to('COPY (SELECT * FROM node_copy ORDER BY id) TO STDOUT WITH (FORMAT csv)')),
    new Writable({ write(chunk, _enc, done) { out += chunk; done(); } }));
  assert.strictEqual(out, data);
  await client.end();
}

async function main() {
  console.log(`node ${process.version}, pg ${require('pg/package.json').version}`);
  const tests = { testConnect, testTypes, testTransactions, testErrors, testCursor, testCopy };
  let failed = 0;
  for (const [name, test] of Object.entries(tests)) {
    try {
      await test();
      console.log(`ok   ${name}`);
    } catch (err) {
      failed++;
      console.log(`FAIL ${name}: ${err.stack}`);
    }
  }
  if (failed) {
    console.log(`FAILED: ${failed} of ${Object.keys(tests).length} node driver checks`);
    process.exit(1);
  }
  console.log(`node driver: all ${Object.keys(tests).length} checks passed`);
}

main();
