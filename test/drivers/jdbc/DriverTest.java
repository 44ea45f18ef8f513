// pgjdbc (Debian's libpostgresql-jdbc-java) against `stockroom serve`, run by run_jdbc_test.sh
// (which compiles this file with javac against /usr/share/java/postgresql.jar) under
// test/drivers/with_server.sh (PGHOST, PGPORT, PGDATABASE, PGUSER, PGPASSWORD).
// Each check prints one line; the first failure of a check group is reported with its reason.

import java.io.StringReader;
import java.io.StringWriter;
import java.math.BigDecimal;
import java.sql.Array;
import java.sql.Connection;
import java.sql.DatabaseMetaData;
import java.sql.Date;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.ResultSetMetaData;
import java.sql.SQLException;
import java.sql.Statement;
import java.sql.Timestamp;
import java.sql.Types;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Objects;
import java.util.Properties;

import org.postgresql.PGConnection;
import org.postgresql.copy.CopyManager;
import org.postgresql.util.PGInterval;
import org.postgresql.util.PGobject;

public class DriverTest {
  static String url;
  static Properties props = new Properties();

  static Connection connect(String extra) throws SQLException {
    return DriverManager.getConnection(url + extra, props);
  }

  static void check(boolean ok, String what) {
    if (!ok) throw new AssertionError(what);
  }

  static void checkEq(Object got, Object expected, String what) {
    if (!Objects.equals(got, expected)) throw new AssertionError(what + ": got " + got + ", expected " + expected);
  }

  static String expectSqlState(Statement st, String sql, String state) {
    try {
      st.execute(sql);
    } catch (SQLException e) {
      checkEq(e.getSQLState(), state, sql + " SQLState (" + e.getMessage() + ")");
      return e.getMessage();
    }
    throw new AssertionError(sql + ": no error, expected " + state);
  }

  interface Check {
    void run() throws Exception;
  }

  static void connectTest() throws Exception {
    try (Connection c = connect("")) {
      DatabaseMetaData md = c.getMetaData();
      check(md.getDatabaseMajorVersion() == 15, "major version " + md.getDatabaseMajorVersion());
      checkEq(md.getDatabaseProductName(), "PostgreSQL", "product name");
      checkEq(md.getUserName(), props.getProperty("user"), "user name");
      try (Statement st = c.createStatement(); ResultSet rs = st.executeQuery("SELECT current_user, 1 + 1")) {
        check(rs.next(), "a row");
        checkEq(rs.getString(1), props.getProperty("user"), "current_user");
        checkEq(rs.getInt(2), 2, "1 + 1");
      }
    }
  }

  static final String ALL_TYPES = "CREATE TABLE jdbc_types (id integer, c_bool boolean, c_int2 smallint, "
      + "c_int4 integer, c_int8 bigint, c_real real, c_double double precision, c_numeric numeric(12,3), "
      + "c_text text, c_varchar varchar(20), c_char char(5), c_date date, c_timestamp timestamp, "
      + "c_timestamptz timestamptz, c_interval interval, c_json json, c_jsonb jsonb, c_int_array integer[], "
      + "c_text_array text[])";

  static void insertAllTypes(Connection c, int id) throws SQLException {
    try (PreparedStatement ps = c.prepareStatement(
        "INSERT INTO jdbc_types VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)")) {
      ps.setInt(1, id);
      ps.setBoolean(2, true);
      ps.setShort(3, (short) -32768);
      ps.setInt(4, Integer.MAX_VALUE);
      ps.setLong(5, Long.MIN_VALUE);
      ps.setFloat(6, 1.5f);
      ps.setDouble(7, Math.PI);
      ps.setBigDecimal(8, new BigDecimal("-123456789.125"));
      ps.setString(9, "héllo 'world' \\ \"q\"\n");
      ps.setString(10, "varchar value");
      ps.setString(11, "ab");
      ps.setDate(12, Date.valueOf("2024-02-29"));
      ps.setTimestamp(13, Timestamp.valueOf("2024-03-01 12:34:56.789012"));
      ps.setObject(14, OffsetDateTime.of(2024, 3, 1, 12, 34, 56, 123456000, ZoneOffset.UTC));
      ps.setObject(15, new PGInterval(0, 1, 3, 4, 5, 6.000007));
      PGobject json = new PGobject();
      json.setType("json");
      json.setValue("{\"a\": [1, 2]}");
      ps.setObject(16, json);
      PGobject jsonb = new PGobject();
      jsonb.setType("jsonb");
      jsonb.setValue("{\"k\": true}");
      ps.setObject(17, jsonb);
      ps.setArray(18, c.createArrayOf("int4", new Integer[] {1, null, 3}));
      ps.setArray(19, c.createArrayOf("text", new String[] {"a", "b c", null}));
      checkEq(ps.executeUpdate(), 1, "insert count");
    }
    try (PreparedStatement ps = c.prepareStatement("INSERT INTO jdbc_types (id, c_bool, c_int4, c_text, c_date, "
        + "c_timestamptz, c_numeric) VALUES (?, ?, ?, ?, ?, ?, ?)")) {
      ps.setInt(1, id + 1);
      ps.setNull(2, Types.BOOLEAN);
      ps.setNull(3, Types.INTEGER);
      ps.setNull(4, Types.VARCHAR);
      ps.setNull(5, Types.DATE);
      ps.setNull(6, Types.TIMESTAMP_WITH_TIMEZONE);
      ps.setNull(7, Types.NUMERIC);
      ps.executeUpdate();
    }
  }

  static void readAllTypes(Connection c, int id, String path) throws SQLException {
    // Executed 6 times: pgjdbc switches to a named server-side statement (and binary results
    // where it can) after prepareThreshold executions.
    for (int round = 0; round < 6; round++) {
      try (PreparedStatement ps = c.prepareStatement("SELECT * FROM jdbc_types WHERE id = ?")) {
        ps.setInt(1, id);
        try (ResultSet rs = ps.executeQuery()) {
          check(rs.next(), path + ": row " + id);
          checkEq(rs.getBoolean("c_bool"), true, path + " bool");
          checkEq(rs.getShort("c_int2"), (short) -32768, path + " int2");
          checkEq(rs.getInt("c_int4"), Integer.MAX_VALUE, path + " int4");
          checkEq(rs.getLong("c_int8"), Long.MIN_VALUE, path + " int8");
          checkEq(rs.getFloat("c_real"), 1.5f, path + " real");
          checkEq(rs.getDouble("c_double"), Math.PI, path + " double");
          checkEq(rs.getBigDecimal("c_numeric"), new BigDecimal("-123456789.125"), path + " numeric");
          checkEq(rs.getString("c_text"), "héllo 'world' \\ \"q\"\n", path + " text");
          checkEq(rs.getString("c_varchar"), "varchar value", path + " varchar");
          checkEq(rs.getString("c_char"), "ab   ", path + " char(5)");
          checkEq(rs.getObject("c_date", LocalDate.class), LocalDate.of(2024, 2, 29), path + " date");
          checkEq(rs.getObject("c_timestamp", LocalDateTime.class), LocalDateTime.of(2024, 3, 1, 12, 34, 56, 789012000),
              path + " timestamp");
          checkEq(rs.getObject("c_timestamptz", OffsetDateTime.class).toInstant(),
              OffsetDateTime.of(2024, 3, 1, 12, 34, 56, 123456000, ZoneOffset.UTC).toInstant(), path + " timestamptz");
          PGInterval interval = (PGInterval) rs.getObject("c_interval");
          checkEq(interval.getDays(), 3, path + " interval days");
          checkEq(interval.getHours(), 4, path + " interval hours");
          checkEq(interval.getMinutes(), 5, path + " interval minutes");
          check(Math.abs(interval.getSeconds() - 6.000007) < 1e-9, path + " interval seconds " + interval.getSeconds());
          checkEq(rs.getString("c_json"), "{\"a\": [1, 2]}", path + " json");
          checkEq(rs.getString("c_jsonb"), "{\"k\": true}", path + " jsonb");
          Array ints = rs.getArray("c_int_array");
          checkEq(Arrays.asList((Integer[]) ints.getArray()), Arrays.asList(1, null, 3), path + " int[]");
          Array texts = rs.getArray("c_text_array");
          checkEq(Arrays.asList((String[]) texts.getArray()), Arrays.asList("a", "b c", null), path + " text[]");
          ResultSetMetaData md = rs.getMetaData();
          checkEq(md.getColumnTypeName(md.getColumnCount() - 1), "_int4", path + " int[] type name");
          checkEq(md.getColumnType(8), Types.NUMERIC, path + " numeric column type");
          checkEq(md.getPrecision(8), 12, path + " numeric precision");
          checkEq(md.getScale(8), 3, path + " numeric scale");
          checkEq(md.getColumnDisplaySize(10), 20, path + " varchar display size");
          check(!rs.next(), "one row");
        }
      }
      try (PreparedStatement ps = c.prepareStatement("SELECT c_bool, c_int4, c_text, c_date, c_timestamptz, c_numeric "
          + "FROM jdbc_types WHERE id = ?")) {
        ps.setInt(1, id + 1);
        try (ResultSet rs = ps.executeQuery()) {
          check(rs.next(), path + ": NULL row");
          for (int i = 1; i <= 6; i++) {
            check(rs.getObject(i) == null, path + " NULL column " + i);
          }
        }
      }
    }
    // Parameters of every type in WHERE find the row.
    try (PreparedStatement ps = c.prepareStatement("SELECT count(*) FROM jdbc_types WHERE c_int8 = ? AND c_numeric = ? "
        + "AND c_date = ? AND c_timestamp = ? AND c_varchar = ? AND c_bool = ? AND c_int2 = ?")) {
      ps.setLong(1, Long.MIN_VALUE);
      ps.setBigDecimal(2, new BigDecimal("-123456789.125"));
      ps.setDate(3, Date.valueOf("2024-02-29"));
      ps.setTimestamp(4, Timestamp.valueOf("2024-03-01 12:34:56.789012"));
      ps.setString(5, "varchar value");
      ps.setBoolean(6, true);
      ps.setShort(7, (short) -32768);
      try (ResultSet rs = ps.executeQuery()) {
        check(rs.next(), "count row");
        checkEq(rs.getLong(1) >= 1, true, path + " typed WHERE parameters");
      }
    }
  }

  static void typesTest() throws Exception {
    try (Connection c = connect("")) {
      try (Statement st = c.createStatement()) {
        st.execute(ALL_TYPES);
      }
      insertAllTypes(c, 1);
    }
    try (Connection text = connect("&prepareThreshold=0")) {
      readAllTypes(text, 1, "text results (prepareThreshold=0)");
      insertAllTypes(text, 11);
    }
    try (Connection binary = connect("&prepareThreshold=-1&binaryTransfer=true")) {
      readAllTypes(binary, 1, "binary results (prepareThreshold=-1)");
      insertAllTypes(binary, 21);
      readAllTypes(binary, 21, "binary parameters and results");
    }
  }

  static void transactionTest() throws Exception {
    try (Connection c = connect("")) {
      Statement st = c.createStatement();
      st.execute("CREATE TABLE jdbc_tx (id integer, note text)");
      c.setAutoCommit(false);
      st.execute("INSERT INTO jdbc_tx VALUES (1, 'kept')");
      c.commit();
      st.execute("INSERT INTO jdbc_tx VALUES (2, 'undone')");
      c.rollback();
      try (ResultSet rs = st.executeQuery("SELECT count(*) FROM jdbc_tx")) {
        rs.next();
        checkEq(rs.getInt(1), 1, "rollback");
      }
      st.execute("INSERT INTO jdbc_tx VALUES (3, 'lost')");
      expectSqlState(st, "SELECT * FROM jdbc_missing", "42P01");
      expectSqlState(st, "SELECT 1", "25P02");
      c.rollback();
      c.setAutoCommit(true);
      try (ResultSet rs = st.executeQuery("SELECT max(id) FROM jdbc_tx")) {
        rs.next();
        checkEq(rs.getInt(1), 1, "failed transaction rolled back");
      }
      // A large result read in batches of 1,000 through a portal (autocommit off + fetch size).
      c.setAutoCommit(false);
      try (PreparedStatement ps = c.prepareStatement("SELECT i FROM generate_series(1, ?) AS g(i)")) {
        ps.setFetchSize(1000);
        ps.setInt(1, 250000);
        long sum = 0;
        int count = 0;
        try (ResultSet rs = ps.executeQuery()) {
          while (rs.next()) {
            sum += rs.getLong(1);
            count++;
          }
        }
        checkEq(count, 250000, "fetch-size rows");
        checkEq(sum, 250000L * 250001L / 2, "fetch-size sum");
      }
      c.commit();
    }
  }

  static void errorTest() throws Exception {
    try (Connection c = connect(""); Statement st = c.createStatement()) {
      expectSqlState(st, "SELECT * FROM jdbc_missing", "42P01");
      expectSqlState(st, "SELECT 1 / 0", "22012");
      expectSqlState(st, "SELEC 1", "42601");
      expectSqlState(st, "SELECT * FROM pg_authid", "42501");
      expectSqlState(st, "SELECT 'x'::integer", "22P02");
      try (PreparedStatement ps = c.prepareStatement("SELECT ?::integer")) {
        ps.setString(1, "not a number");
        ps.executeQuery();
        throw new AssertionError("bad parameter accepted");
      } catch (SQLException e) {
        checkEq(e.getSQLState(), "22P02", "bad parameter SQLState");
      }
      try (ResultSet rs = st.executeQuery("SELECT 42")) {
        rs.next();
        checkEq(rs.getInt(1), 42, "connection usable after errors");
      }
    }
    try {
      Properties wrong = new Properties();
      wrong.setProperty("user", props.getProperty("user"));
      wrong.setProperty("password", "wrong");
      DriverManager.getConnection(url, wrong).close();
      throw new AssertionError("wrong password accepted");
    } catch (SQLException e) {
      checkEq(e.getSQLState(), "28P01", "wrong password SQLState");
    }
  }

  static void copyTest() throws Exception {
    try (Connection c = connect("")) {
      try (Statement st = c.createStatement()) {
        st.execute("CREATE TABLE jdbc_copy (id integer, name text, amount numeric(10,2))");
      }
      CopyManager copy = c.unwrap(PGConnection.class).getCopyAPI();
      StringBuilder csv = new StringBuilder();
      for (int i = 1; i <= 5000; i++) csv.append(i).append(",name ").append(i).append(',').append(i).append(".50\n");
      long in = copy.copyIn("COPY jdbc_copy FROM STDIN WITH (FORMAT csv)", new StringReader(csv.toString()));
      checkEq(in, 5000L, "copyIn rows");
      StringWriter out = new StringWriter();
      long outRows = copy.copyOut("COPY (SELECT * FROM jdbc_copy ORDER BY id) TO STDOUT WITH (FORMAT csv)", out);
      checkEq(outRows, 5000L, "copyOut rows");
      checkEq(out.toString(), csv.toString(), "copyOut data");
      try {
        copy.copyIn("COPY jdbc_copy FROM STDIN WITH (FORMAT csv)", new StringReader("1,x,notanumber\n"));
        throw new AssertionError("bad COPY data accepted");
      } catch (SQLException e) {
        checkEq(e.getSQLState(), "22P02", "bad COPY data SQLState");
      }
    }
  }

  static List<List<String>> rows(ResultSet rs, String... columns) throws SQLException {
    List<List<String>> result = new ArrayList<>();
    try (rs) {
      while (rs.next()) {
        List<String> row = new ArrayList<>();
        for (String column : columns) row.add(rs.getString(column));
        result.add(row);
      }
    }
    return result;
  }

  static void metadataTest() throws Exception {
    try (Connection c = connect("")) {
      try (Statement st = c.createStatement()) {
        st.execute("CREATE TABLE md_customers (id integer PRIMARY KEY, name varchar(40) NOT NULL, "
            + "score numeric(8,2) DEFAULT 0)");
        st.execute("CREATE TABLE md_orders (order_id bigint, line smallint, customer_id integer NOT NULL "
            + "REFERENCES md_customers (id), note text, PRIMARY KEY (order_id, line))");
        st.execute("CREATE VIEW md_big_orders AS SELECT * FROM md_orders WHERE line > 1");
      }
      DatabaseMetaData md = c.getMetaData();
      List<List<String>> schemas = rows(md.getSchemas(), "TABLE_SCHEM", "TABLE_CATALOG");
      // pgjdbc reports TABLE_CATALOG as NULL (as on PostgreSQL 15).
      checkEq(schemas, List.of(Arrays.asList("information_schema", null), Arrays.asList("pg_catalog", null),
          Arrays.asList("public", null)), "getSchemas");
      checkEq(rows(md.getTables(null, "public", "md_%", new String[] {"TABLE", "VIEW"}), "TABLE_SCHEM", "TABLE_NAME",
              "TABLE_TYPE"),
          List.of(List.of("public", "md_customers", "TABLE"), List.of("public", "md_orders", "TABLE"),
              List.of("public", "md_big_orders", "VIEW")),
          "getTables");
      List<List<String>> columns = rows(md.getColumns(null, "public", "md_customers", "%"), "COLUMN_NAME", "DATA_TYPE",
          "TYPE_NAME", "COLUMN_SIZE", "DECIMAL_DIGITS", "NULLABLE", "COLUMN_DEF", "ORDINAL_POSITION", "IS_NULLABLE");
      checkEq(columns, List.of(
          Arrays.asList("id", "4", "int4", "10", "0", "0", null, "1", "NO"),
          Arrays.asList("name", "12", "varchar", "40", "0", "0", null, "2", "NO"),
          Arrays.asList("score", "2", "numeric", "8", "2", "1", "0", "3", "YES")), "getColumns");
      checkEq(rows(md.getImportedKeys(null, "public", "md_orders"), "PKTABLE_NAME", "PKCOLUMN_NAME", "FKTABLE_NAME",
              "FKCOLUMN_NAME", "KEY_SEQ", "UPDATE_RULE", "DELETE_RULE", "FK_NAME", "PK_NAME"),
          List.of(List.of("md_customers", "id", "md_orders", "customer_id", "1", "3", "3", "md_orders_customer_id_fkey",
              "md_customers_pkey")), "getImportedKeys");
      List<List<String>> types = rows(md.getTypeInfo(), "TYPE_NAME", "DATA_TYPE");
      for (List<String> expected : List.of(List.of("int4", "4"), List.of("int8", "-5"), List.of("numeric", "2"),
               List.of("text", "12"), List.of("varchar", "12"), List.of("bool", "-7"), List.of("date", "91"),
               List.of("timestamp", "93"), List.of("jsonb", "1111"), List.of("_int4", "2003"))) {
        check(types.contains(expected), "getTypeInfo has " + expected);
      }
      // getProcedures lists procedures only (prokind 'p') on PostgreSQL 11+: none here, as there.
      checkEq(rows(md.getProcedures(null, "pg_catalog", "abs"), "PROCEDURE_NAME"), List.of(), "getProcedures abs");
      check(rows(md.getFunctions(null, "pg_catalog", "abs"), "FUNCTION_NAME").contains(List.of("abs")),
          "getFunctions abs");
      check(md.getSQLKeywords().contains("limit"), "getSQLKeywords " + md.getSQLKeywords());
    }
  }

  // getPrimaryKeys and getIndexInfo select information_schema._pg_expandarray(i.indkey), a
  // set-returning function of record result, in a select list, and its fields ((keys).x)
  // outside; getIndexInfo subscripts indoption from 0 (an int2vector). The rows PostgreSQL 15
  // returns for the same tables.
  static void metadataKeysTest() throws Exception {
    try (Connection c = connect("")) {
      DatabaseMetaData md = c.getMetaData();
      checkEq(rows(md.getPrimaryKeys(null, "public", "md_orders"), "TABLE_NAME", "COLUMN_NAME", "KEY_SEQ", "PK_NAME"),
          List.of(List.of("md_orders", "order_id", "1", "md_orders_pkey"),
              List.of("md_orders", "line", "2", "md_orders_pkey")), "getPrimaryKeys");
      checkEq(rows(md.getPrimaryKeys(null, "public", "md_customers"), "TABLE_NAME", "COLUMN_NAME", "KEY_SEQ",
              "PK_NAME"),
          List.of(List.of("md_customers", "id", "1", "md_customers_pkey")), "getPrimaryKeys md_customers");
      // getBestRowIdentifier joins ON a.attnum = (i.keys).x, a record column's field.
      checkEq(rows(md.getBestRowIdentifier(null, "public", "md_orders", DatabaseMetaData.bestRowSession, true),
              "SCOPE", "COLUMN_NAME", "DATA_TYPE", "TYPE_NAME"),
          List.of(List.of("2", "order_id", "-5", "int8"), List.of("2", "line", "5", "int2")), "getBestRowIdentifier");
      // RowDescription names each table column's table oid and column number, from which
      // pgjdbc looks up the base table and column, nullability and auto-increment (as
      // PostgreSQL: computed columns have none).
      try (Statement st = c.createStatement();
           ResultSet rs = st.executeQuery("SELECT v.name, v.id + 1 AS next_id, v.score FROM "
               + "(SELECT * FROM md_customers) v")) {
        org.postgresql.PGResultSetMetaData rmd = rs.getMetaData().unwrap(org.postgresql.PGResultSetMetaData.class);
        ResultSetMetaData jmd = rs.getMetaData();
        checkEq(List.of(rmd.getBaseTableName(1), rmd.getBaseColumnName(1), rmd.getBaseSchemaName(1)),
            List.of("md_customers", "name", "public"), "base table of name");
        checkEq(List.of(rmd.getBaseTableName(2), rmd.getBaseColumnName(2)), List.of("", ""), "base of next_id");
        checkEq(rmd.getBaseColumnName(3), "score", "base column of score");
        checkEq(jmd.getTableName(1), "md_customers", "getTableName");
        checkEq(List.of(jmd.isNullable(1), jmd.isNullable(3)),
            List.of(ResultSetMetaData.columnNoNulls, ResultSetMetaData.columnNullable), "isNullable");
        checkEq(jmd.isAutoIncrement(1), false, "isAutoIncrement");
      }
      checkEq(rows(md.getIndexInfo(null, "public", "md_orders", false, false), "INDEX_NAME", "NON_UNIQUE",
              "ORDINAL_POSITION", "COLUMN_NAME", "ASC_OR_DESC"),
          List.of(List.of("md_orders_pkey", "f", "1", "order_id", "A"),
              List.of("md_orders_pkey", "f", "2", "line", "A")), "getIndexInfo");
    }
  }

  public static void main(String[] args) throws Exception {
    url = "jdbc:postgresql://" + System.getenv("PGHOST") + ":" + System.getenv("PGPORT") + "/"
        + System.getenv("PGDATABASE") + "?sslmode=disable";
    props.setProperty("user", System.getenv("PGUSER"));
    props.setProperty("password", System.getenv("PGPASSWORD"));
    System.out.println("pgjdbc " + org.postgresql.util.DriverInfo.DRIVER_VERSION + ", Java "
        + System.getProperty("java.version"));
    String[] names = {"connect", "types", "transactions", "errors", "copy", "metadata", "metadata keys"};
    Check[] checks = {DriverTest::connectTest, DriverTest::typesTest, DriverTest::transactionTest,
        DriverTest::errorTest, DriverTest::copyTest, DriverTest::metadataTest, DriverTest::metadataKeysTest};
    int failed = 0;
    for (int i = 0; i < checks.length; i++) {
      try {
        checks[i].run();
        System.out.println("ok   " + names[i]);
      } catch (Throwable t) {
        failed++;
        System.out.println("FAIL " + names[i] + ": " + t);
        for (StackTraceElement e : t.getStackTrace()) {
          if (e.getClassName().startsWith("DriverTest")) System.out.println("       at " + e);
        }
      }
    }
    if (failed > 0) {
      System.out.println("FAILED: " + failed + " of " + checks.length + " JDBC checks");
      System.exit(1);
    }
    System.out.println("jdbc driver: all " + checks.length + " checks passed");
  }
}
