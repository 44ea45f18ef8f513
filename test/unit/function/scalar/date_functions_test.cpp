#include <gtest/gtest.h>

#include <cmath>
#include <memory>
#include <stdexcept>
#include <string>
#include <vector>

#include "transaction/transaction.hpp"
#include "binder/expression/bound_expression.hpp"
#include "common/error/exception.hpp"
#include "common/types/date_time.hpp"
#include "common/types/numeric.hpp"
#include "common/types/time_zone.hpp"
#include "execution/expression/expression_state.hpp"
#include "function/function_registry.hpp"
#include "main/client_context.hpp"
#include "main/database.hpp"

// Tests of the date/time functions (date_functions.cpp, date_trunc_extract.cpp,
// extract_functions.cpp, to_char_functions.cpp, to_char_numeric.cpp, to_date_functions.cpp,
// redshift_date_functions.cpp), called through FunctionRegistry::Get().Scalar(name) on
// hand-built chunks. In the PostgreSQL tables every expected string is what PostgreSQL 15
// printed for the same call (psql, DateStyle ISO, C locale) in the zone the table names; the
// Redshift tests cite the Redshift documentation page their values come from.

namespace stockroom {
namespace {

// One argument: its SQL type and literal text (parsed as PostgreSQL would read the literal).
struct Arg {
  TypeId type;
  std::string text;
  bool is_null = false;
};

Arg Text(std::string s) { return {TypeId::kText, std::move(s)}; }
Arg Date(std::string s) { return {TypeId::kDate, std::move(s)}; }
Arg Ts(std::string s) { return {TypeId::kTimestamp, std::move(s)}; }
Arg Tstz(std::string s) { return {TypeId::kTimestampTz, std::move(s)}; }
Arg Iv(std::string s) { return {TypeId::kInterval, std::move(s)}; }
Arg Int(int64_t v) { return {TypeId::kInteger, std::to_string(v)}; }
Arg Big(int64_t v) { return {TypeId::kBigInt, std::to_string(v)}; }
Arg Dbl(std::string s) { return {TypeId::kDouble, std::move(s)}; }
Arg Num(std::string s) { return {TypeId::kNumeric, std::move(s)}; }
Arg Real(std::string s) { return {TypeId::kReal, std::move(s)}; }
Arg NullTs() { return {TypeId::kTimestamp, "", true}; }
Arg NullText() { return {TypeId::kText, "", true}; }

Value ToValue(const Arg& a, const TimeZone& zone) {
  if (a.is_null) return Value::Null(LogicalType(a.type));
  switch (a.type) {
    case TypeId::kText:
      return Value::Text(a.text);
    case TypeId::kDate:
      return Value::Date(date_time::ParseDate(a.text));
    case TypeId::kTimestamp:
      return Value::Timestamp(date_time::ParseTimestamp(a.text));
    case TypeId::kTimestampTz:
      return Value::TimestampTz(date_time::ParseTimestampTz(a.text, zone));
    case TypeId::kInterval:
      return Value::Interval(date_time::ParseInterval(a.text));
    case TypeId::kInteger:
      return Value::Integer(static_cast<int32_t>(std::stoll(a.text)));
    case TypeId::kBigInt:
      return Value::BigInt(std::stoll(a.text));
    case TypeId::kDouble:
      return Value::Double(ParseDouble(a.text));
    case TypeId::kReal:
      return Value::Real(ParseFloat(a.text));
    case TypeId::kNumeric:
      return Value::VarNum(numeric::Parse(a.text));
    default:
      throw std::logic_error("unsupported test argument type");
  }
}

const ScalarFunction* FindOverload(const std::string& name, const std::vector<TypeId>& types) {
  const std::vector<ScalarFunction>* overloads = FunctionRegistry::Get().Scalar(name);
  if (overloads == nullptr) return nullptr;
  for (const ScalarFunction& f : *overloads) {
    if (f.arguments.size() != types.size()) continue;
    bool match = true;
    for (size_t i = 0; i < types.size(); i++) match = match && f.arguments[i].id() == types[i];
    if (match) return &f;
  }
  return nullptr;
}

// Runs `fn` and returns "SQLSTATE: message" if it throws a SqlError.
template <class Fn>
std::string Outcome(Fn&& fn) {
  try {
    return fn();
  } catch (const SqlError& e) {
    return std::string(e.sqlstate()) + ": " + e.what();
  }
}

// Calls the overload of `name` taking exactly the arguments' types on `rows` rows of
// constant (or, with `flat`, flat) vectors, and returns each row's text ("<NULL>" for NULL).
std::vector<std::string> CallRows(const std::string& name, const std::vector<std::vector<Arg>>& rows,
                                  ClientContext* context, bool flat) {
  const TimeZone& zone = context != nullptr ? context->time_zone() : TimeZone::Utc();
  std::vector<TypeId> types;
  for (const Arg& a : rows[0]) types.push_back(a.type);
  const ScalarFunction* f = FindOverload(name, types);
  if (f == nullptr) return {"no overload of " + name};
  DataChunk args;
  for (size_t c = 0; c < types.size(); c++) {
    if (flat) {
      Vector column{LogicalType(types[c])};
      for (size_t r = 0; r < rows.size(); r++) column.SetValue(r, ToValue(rows[r][c], zone));
      args.columns().push_back(column);
    } else {
      args.columns().push_back(Vector(ToValue(rows[0][c], zone)));
    }
  }
  args.SetCardinality(flat ? rows.size() : 1);
  BoundConstant expr(Value::Null(f->return_type));
  ExpressionState state(expr, context);
  Vector result(f->return_type);
  f->function(args, state, result);
  std::vector<std::string> out;
  for (size_t r = 0; r < args.size(); r++) {
    Value v = result.GetValue(r);
    out.push_back(v.IsNull() ? "<NULL>" : v.ToString(&zone));
  }
  return out;
}

std::string Call(const std::string& name, const std::vector<Arg>& args, ClientContext* context = nullptr) {
  return Outcome([&] { return CallRows(name, {args}, context, false)[0]; });
}

struct Case {
  const char* function;
  std::vector<Arg> args;
  const char* expected;  // the text output, "<NULL>", or "SQLSTATE: message"
};

// A session in `zone_name`, with a fixed transaction start for now().
class Session {
 public:
  explicit Session(const char* zone_name, int64_t now = 0) {
    static Database* db = new Database(DatabaseConfig{"", 1});
    SessionSettings settings;
    settings.time_zone = TimeZone::Find(zone_name);
    context_ = std::make_unique<ClientContext>(*db, settings, transaction_);
    context_->set_transaction_start(now);
  }
  ClientContext* get() { return context_.get(); }

 private:
  Transaction transaction_{0};
  std::unique_ptr<ClientContext> context_;
};

void CheckCases(const std::vector<Case>& cases, ClientContext* context) {
  for (const Case& c : cases) {
    std::string call = c.function;
    for (const Arg& a : c.args) call += " '" + a.text + "'";
    EXPECT_EQ(Call(c.function, c.args, context), c.expected) << call;
  }
}

// No session: timestamptz values are read and printed in UTC, as on the reference server.
const std::vector<Case> kUtcCases = {
    {"date_trunc", {Text("microseconds"), Ts("2023-03-05 14:07:09.123456")}, "2023-03-05 14:07:09.123456"},
    {"date_trunc", {Text("milliseconds"), Ts("2023-03-05 14:07:09.123456")}, "2023-03-05 14:07:09.123"},
    {"date_trunc", {Text("second"), Ts("2023-03-05 14:07:09.123456")}, "2023-03-05 14:07:09"},
    {"date_trunc", {Text("minute"), Ts("2023-03-05 14:07:09.123456")}, "2023-03-05 14:07:00"},
    {"date_trunc", {Text("hour"), Ts("2023-03-05 14:07:09.123456")}, "2023-03-05 14:00:00"},
    {"date_trunc", {Text("day"), Ts("2023-03-05 14:07:09.123456")}, "2023-03-05 00:00:00"},
    {"date_trunc", {Text("week"), Ts("2023-03-05 14:07:09.123456")}, "2023-02-27 00:00:00"},
    {"date_trunc", {Text("month"), Ts("2023-03-05 14:07:09.123456")}, "2023-03-01 00:00:00"},
    {"date_trunc", {Text("quarter"), Ts("2023-03-05 14:07:09.123456")}, "2023-01-01 00:00:00"},
    {"date_trunc", {Text("year"), Ts("2023-03-05 14:07:09.123456")}, "2023-01-01 00:00:00"},
    {"date_trunc", {Text("decade"), Ts("2023-03-05 14:07:09.123456")}, "2020-01-01 00:00:00"},
    {"date_trunc", {Text("century"), Ts("2023-03-05 14:07:09.123456")}, "2001-01-01 00:00:00"},
    {"date_trunc", {Text("millennium"), Ts("2023-03-05 14:07:09.123456")}, "2001-01-01 00:00:00"},
    {"date_trunc", {Text("yrs"), Ts("2023-03-05 14:07:09.123456")}, "2023-01-01 00:00:00"},
    {"date_trunc", {Text("MicrosecondsXX"), Ts("2023-03-05 14:07:09.123456")}, "2023-03-05 14:07:09.123456"},
    {"date_trunc", {Text("qtr"), Ts("2023-03-05 14:07:09.123456")}, "2023-01-01 00:00:00"},
    {"date_trunc", {Text("week"), Ts("2021-01-02")}, "2020-12-28 00:00:00"},
    {"date_trunc", {Text("week"), Ts("2019-12-31")}, "2019-12-30 00:00:00"},
    {"date_trunc", {Text("millennium"), Ts("0005-03-04 BC")}, "1000-01-01 00:00:00 BC"},
    {"date_trunc", {Text("century"), Ts("0105-03-04 BC")}, "0200-01-01 00:00:00 BC"},
    {"date_trunc", {Text("decade"), Ts("0015-03-04 BC")}, "0021-01-01 00:00:00 BC"},
    {"date_trunc", {Text("century"), Ts("2000-06-01")}, "1901-01-01 00:00:00"},
    {"date_trunc",
     {Text("foo"), Ts("2023-03-05 14:07:09.123456")},
     "22023: unit \"foo\" not recognized for type timestamp without time zone"},
    {"date_trunc", {Text("foo"), Ts("infinity")}, "infinity"},
    {"date_trunc",
     {Text("timezone"), Ts("2023-03-05 14:07:09.123456")},
     "0A000: unit \"timezone\" not supported for type timestamp without time zone"},
    {"date_trunc",
     {Text("dow"), Ts("2023-03-05 14:07:09.123456")},
     "22023: unit \"dow\" not recognized for type timestamp without time zone"},
    {"date_trunc",
     {Text("epoch"), Ts("2023-03-05 14:07:09.123456")},
     "22023: unit \"epoch\" not recognized for type timestamp without time zone"},
    {"date_trunc", {Text("day"), NullTs()}, "<NULL>"},
    {"date_trunc", {Text("day"), Tstz("2023-03-05 14:07:09.123456")}, "2023-03-05 00:00:00+00"},
    {"date_trunc",
     {Text("foo"), Tstz("2023-03-05 14:07:09.123456")},
     "22023: unit \"foo\" not recognized for type timestamp with time zone"},
    {"date_trunc", {Text("day"), Date("2020-01-05")}, "2020-01-05 00:00:00+00"},
    {"date_trunc", {Text("hour"), Iv("1 day 05:30:20")}, "1 day 05:00:00"},
    {"date_trunc", {Text("quarter"), Iv("1 year 5 months 3 days")}, "1 year 3 mons"},
    {"date_trunc", {Text("decade"), Iv("15 years 5 months 3 days")}, "10 years"},
    {"date_trunc", {Text("ms"), Iv("1.234567 sec")}, "00:00:01.234"},
    {"date_trunc", {Text("week"), Iv("15 days")}, "0A000: unit \"week\" not supported for type interval"},
    {"date_trunc", {Text("epoch"), Iv("15 days")}, "22023: unit \"epoch\" not recognized for type interval"},
    {"date_trunc", {Text("day"), Tstz("2020-03-08 12:00"), Text("Asia/Tokyo")}, "2020-03-07 15:00:00+00"},
    {"date_trunc", {Text("day"), Tstz("2020-03-08 12:00"), Text("EST")}, "2020-03-08 05:00:00+00"},
    {"date_trunc",
     {Text("day"), Tstz("2020-03-08 12:00"), Text("Nowhere/Zone")},
     "22023: time zone \"Nowhere/Zone\" not recognized"},
    {"extract", {Text("century"), Ts("2023-03-05 14:07:09.123456")}, "21"},
    {"extract", {Text("day"), Ts("2023-03-05 14:07:09.123456")}, "5"},
    {"extract", {Text("decade"), Ts("2023-03-05 14:07:09.123456")}, "202"},
    {"extract", {Text("dow"), Ts("2023-03-05 14:07:09.123456")}, "0"},
    {"extract", {Text("doy"), Ts("2023-03-05 14:07:09.123456")}, "64"},
    {"extract", {Text("epoch"), Ts("2023-03-05 14:07:09.123456")}, "1678025229.123456"},
    {"extract", {Text("hour"), Ts("2023-03-05 14:07:09.123456")}, "14"},
    {"extract", {Text("isodow"), Ts("2023-03-05 14:07:09.123456")}, "7"},
    {"extract", {Text("isoyear"), Ts("2023-03-05 14:07:09.123456")}, "2023"},
    {"extract", {Text("julian"), Ts("2023-03-05 14:07:09.123456")}, "2460009.58830004000000000000"},
    {"extract", {Text("microseconds"), Ts("2023-03-05 14:07:09.123456")}, "9123456"},
    {"extract", {Text("millennium"), Ts("2023-03-05 14:07:09.123456")}, "3"},
    {"extract", {Text("milliseconds"), Ts("2023-03-05 14:07:09.123456")}, "9123.456"},
    {"extract", {Text("minute"), Ts("2023-03-05 14:07:09.123456")}, "7"},
    {"extract", {Text("month"), Ts("2023-03-05 14:07:09.123456")}, "3"},
    {"extract", {Text("quarter"), Ts("2023-03-05 14:07:09.123456")}, "1"},
    {"extract", {Text("second"), Ts("2023-03-05 14:07:09.123456")}, "9.123456"},
    {"extract", {Text("week"), Ts("2023-03-05 14:07:09.123456")}, "9"},
    {"extract", {Text("year"), Ts("2023-03-05 14:07:09.123456")}, "2023"},
    {"extract",
     {Text("timezone"), Ts("2023-03-05 14:07:09.123456")},
     "0A000: unit \"timezone\" not supported for type timestamp without time zone"},
    {"extract",
     {Text("foo"), Ts("2023-03-05 14:07:09.123456")},
     "22023: unit \"foo\" not recognized for type timestamp without time zone"},
    {"extract",
     {Text("now"), Ts("2023-03-05 14:07:09.123456")},
     "0A000: unit \"now\" not supported for type timestamp without time zone"},
    {"date_part", {Text("second"), Ts("2023-03-05 14:07:09.123456")}, "9.123456"},
    {"date_part", {Text("epoch"), Ts("2023-03-05 14:07:09.123456")}, "1678025229.123456"},
    {"date_part", {Text("julian"), Ts("2023-03-05 14:07:09.123456")}, "2460009.58830004"},
    {"date_part", {Text("milliseconds"), Ts("2023-03-05 14:07:09.123456")}, "9123.456"},
    {"date_part", {Text("dow"), Ts("2023-03-05 14:07:09.123456")}, "0"},
    {"date_part", {Text("year"), Ts("2023-03-05 14:07:09.123456")}, "2023"},
    {"extract", {Text("year"), Date("2021-01-03")}, "2021"},
    {"extract", {Text("epoch"), Date("2021-01-03")}, "1609632000"},
    {"extract", {Text("julian"), Date("2021-01-03")}, "2459218"},
    {"extract", {Text("week"), Date("2021-01-03")}, "53"},
    {"extract", {Text("isoyear"), Date("2021-01-03")}, "2020"},
    {"extract", {Text("hour"), Date("2021-01-03")}, "0A000: unit \"hour\" not supported for type date"},
    {"extract", {Text("doy"), Date("2021-01-03")}, "3"},
    {"extract", {Text("foo"), Date("2021-01-03")}, "22023: unit \"foo\" not recognized for type date"},
    {"date_part", {Text("hour"), Date("2021-01-03")}, "0"},
    {"date_part", {Text("epoch"), Date("2021-01-03")}, "1609632000"},
    {"date_part", {Text("year"), Date("2021-01-03")}, "2021"},
    {"extract", {Text("epoch"), Iv("-1 year -5 months -3 days -04:05:06.789")}, "-44791506.789000"},
    {"extract", {Text("second"), Iv("-1 year -5 months -3 days -04:05:06.789")}, "-6.789000"},
    {"extract", {Text("milliseconds"), Iv("-1 year -5 months -3 days -04:05:06.789")}, "-6789.000"},
    {"extract", {Text("hour"), Iv("-1 year -5 months -3 days -04:05:06.789")}, "-4"},
    {"extract", {Text("quarter"), Iv("-1 year -5 months -3 days -04:05:06.789")}, "0"},
    {"extract", {Text("year"), Iv("-1 year -5 months -3 days -04:05:06.789")}, "-1"},
    {"extract", {Text("decade"), Iv("-1 year -5 months -3 days -04:05:06.789")}, "0"},
    {"extract", {Text("millennium"), Iv("-1 year -5 months -3 days -04:05:06.789")}, "0"},
    {"extract",
     {Text("week"), Iv("-1 year -5 months -3 days -04:05:06.789")},
     "0A000: unit \"week\" not supported for type interval"},
    {"extract",
     {Text("now"), Iv("-1 year -5 months -3 days -04:05:06.789")},
     "22023: unit \"now\" not recognized for type interval"},
    {"date_part", {Text("epoch"), Iv("-1 year -5 months -3 days -04:05:06.789")}, "-44791506.789000005"},
    {"date_part", {Text("second"), Iv("-1 year -5 months -3 days -04:05:06.789")}, "-6.789"},
    {"date_part", {Text("milliseconds"), Iv("-1 year -5 months -3 days -04:05:06.789")}, "-6789"},
    {"extract", {Text("year"), Ts("0001-01-01 BC")}, "-1"},
    {"extract", {Text("decade"), Ts("0002-12-31 BC")}, "-1"},
    {"extract", {Text("century"), Ts("0002-12-31 BC")}, "-1"},
    {"extract", {Text("isoyear"), Ts("0001-01-01 BC")}, "-2"},
    {"extract", {Text("julian"), Ts("2020-05-05")}, "2458975.0000000000000000000000000000"},
    {"extract", {Text("epoch"), Tstz("2020-05-05 10:11:12.345678+03")}, "1588662672.345678"},
    {"extract", {Text("timezone_hour"), Tstz("2023-03-05 14:07:09.123456")}, "0"},
    {"extract", {Text("day"), Ts("infinity")}, "<NULL>"},
    {"date_part", {Text("year"), Ts("-infinity")}, "-Infinity"},
    {"date_part", {Text("epoch"), Ts("infinity")}, "Infinity"},
    {"date_part", {Text("timezone"), Ts("infinity")}, "<NULL>"},
    {"date_part",
     {Text("foo"), Ts("infinity")},
     "22023: unit \"foo\" not recognized for type timestamp without time zone"},
    {"extract", {Text("month"), Date("infinity")}, "<NULL>"},
    {"date_part", {Text("year"), Date("infinity")}, "Infinity"},
    {"date_part", {Text("MILLISECONDSX"), Ts("2020-01-01 00:03:01.5")}, "1500"},
    {"date_part", {Text("usecond"), Ts("2020-01-01 00:00:01.5")}, "1500000"},
    {"date_part", {Text("mm"), Ts("2020-01-01 00:07:01.5")}, "7"},
    {"age", {Ts("2020-03-31"), Ts("2020-02-29 12:00")}, "1 mon 1 day 12:00:00"},
    {"age", {Ts("2020-02-29 12:00"), Ts("2020-03-31")}, "-1 mons -1 days -12:00:00"},
    {"age", {Ts("2001-04-10"), Ts("1957-06-13")}, "43 years 9 mons 27 days"},
    {"age", {Ts("2020-01-01"), Ts("-infinity")}, "22008: timestamp out of range"},
    {"make_date", {Int(2023), Int(2), Int(28)}, "2023-02-28"},
    {"make_date", {Int(2023), Int(2), Int(30)}, "22008: date field value out of range: 2023-02-30"},
    {"make_date", {Int(-5), Int(2), Int(30)}, "22008: date field value out of range: -4-02-30"},
    {"make_date", {Int(-44), Int(3), Int(15)}, "0044-03-15 BC"},
    {"make_date", {Int(0), Int(1), Int(1)}, "22008: date field value out of range: 0-01-01"},
    {"make_date", {Int(5874898), Int(1), Int(1)}, "22008: date out of range: 5874898-01-01"},
    {"make_timestamp",
     {Int(2020), Int(1), Int(1), Int(23), Int(59), Dbl("59.9999995")},
     "2020-01-02 00:00:00"},
    {"make_timestamp", {Int(2020), Int(1), Int(1), Int(24), Int(0), Dbl("0")}, "2020-01-02 00:00:00"},
    {"make_timestamp",
     {Int(2020), Int(1), Int(1), Int(25), Int(0), Dbl("0")},
     "22008: time field value out of range: 25:00:00"},
    {"make_timestamp",
     {Int(2020), Int(1), Int(1), Int(10), Int(61), Dbl("1.25")},
     "22008: time field value out of range: 10:61:1.25"},
    {"make_timestamp",
     {Int(294277), Int(1), Int(1), Int(0), Int(0), Dbl("0")},
     "22008: timestamp out of range: 294277-01-01 0:00:00"},
    {"make_interval",
     {Int(1), Int(2), Int(3), Int(4), Int(5), Int(6), Dbl("7.5")},
     "1 year 2 mons 25 days 05:06:07.5"},
    {"make_interval", {Int(1)}, "1 year"},
    {"make_interval", {Int(0), Int(0), Int(0), Int(0), Int(0), Int(0), Dbl("-1.5")}, "-00:00:01.5"},
    {"make_interval", {Int(2147483647)}, "-1 years"},
    {"justify_days", {Iv("35 days")}, "1 mon 5 days"},
    {"justify_days", {Iv("-35 days 1 month")}, "-5 days"},
    {"justify_hours", {Iv("27 hours")}, "1 day 03:00:00"},
    {"justify_hours", {Iv("1 day -27 hours")}, "-03:00:00"},
    {"justify_interval", {Iv("1 mon -1 hour")}, "29 days 23:00:00"},
    {"justify_interval", {Iv("-1 mon 35 days 50 hours")}, "7 days 02:00:00"},
    {"isfinite", {Date("infinity")}, "f"},
    {"isfinite", {Ts("2020-01-01")}, "t"},
    {"isfinite", {Iv("1 day")}, "t"},
    {"timezone", {Text("America/New_York"), Ts("2020-06-01 00:00")}, "2020-06-01 04:00:00+00"},
    {"timezone", {Text("America/New_York"), Tstz("2020-06-01 00:00")}, "2020-05-31 20:00:00"},
    {"timezone", {Text("EST"), Ts("2020-06-01 00:00")}, "2020-06-01 05:00:00+00"},
    {"timezone", {Text("MSK"), Ts("2020-06-01 00:00")}, "2020-05-31 21:00:00+00"},
    {"timezone", {Text("+05"), Ts("2020-06-01 00:00")}, "2020-06-01 05:00:00+00"},
    {"timezone", {Text("UTC+3"), Tstz("2020-06-01 00:00")}, "2020-05-31 21:00:00"},
    {"timezone", {Text("Nowhere"), Ts("2020-06-01 00:00")}, "22023: time zone \"Nowhere\" not recognized"},
    {"timezone", {Text("Nowhere"), Ts("infinity")}, "infinity"},
    {"timezone", {Iv("1 hour"), Ts("2020-01-01 00:00")}, "2019-12-31 23:00:00+00"},
    {"timezone",
     {Iv("1 day"), Ts("2020-01-01 00:00")},
     "22023: interval time zone \"1 day\" must not include months or days"},
    {"to_timestamp", {Dbl("0")}, "1970-01-01 00:00:00+00"},
    {"to_timestamp", {Dbl("123456789.1234567")}, "1973-11-29 21:33:09.123457+00"},
    {"to_timestamp", {Dbl("-1e20")}, "22008: timestamp out of range: \"-1e+20\""},
    {"to_timestamp", {Dbl("NaN")}, "22008: timestamp cannot be NaN"},
    {"to_timestamp", {Dbl("Infinity")}, "infinity"},
    {"date_bin",
     {Iv("15 minutes"), Ts("2020-02-11 15:44:17"), Ts("2001-01-01 00:02:30")},
     "2020-02-11 15:32:30"},
    {"date_bin", {Iv("15 minutes"), Ts("2020-01-01 00:01"), Ts("2020-01-01 00:30")}, "2020-01-01 00:00:00"},
    {"date_bin",
     {Iv("1 month"), Ts("2020-01-01 00:01"), Ts("2020-01-01 00:30")},
     "0A000: timestamps cannot be binned into intervals containing months or years"},
    {"date_bin",
     {Iv("0 days"), Ts("2020-01-01 00:01"), Ts("2020-01-01 00:30")},
     "22008: stride must be greater than zero"},
    {"make_timestamptz",
     {Int(2020), Int(6), Int(1), Int(12), Int(0), Dbl("0"), Text("+05:30")},
     "2020-06-01 06:30:00+00"},
    {"make_timestamptz",
     {Int(2020), Int(6), Int(1), Int(12), Int(0), Dbl("0"), Text("America/New_York")},
     "2020-06-01 16:00:00+00"},
    {"make_timestamptz",
     {Int(2020), Int(6), Int(1), Int(12), Int(0), Dbl("0"), Text("5")},
     "22023: invalid input syntax for type numeric time zone: \"5\""},
    {"to_char", {Ts("2023-03-05 14:07:09.123456"), Text("YYYY-MM-DD HH24:MI:SS")}, "2023-03-05 14:07:09"},
    {"to_char", {Ts("2023-03-05 14:07:09.123456"), Text("Mon DD, YYYY")}, "Mar 05, 2023"},
    {"to_char", {Ts("2023-03-05 14:07:09.123456"), Text("YYYY-\"Q\"Q")}, "2023-Q1"},
    {"to_char", {Ts("2023-03-05 14:07:09.123456"), Text("Day")}, "Sunday   "},
    {"to_char", {Ts("2023-03-05 14:07:09.123456"), Text("FMMonth")}, "March"},
    {"to_char",
     {Ts("2023-03-05 14:07:09.123456"), Text("FMDay, FMDDth \"of\" FMMonth")},
     "Sunday, 5th of March"},
    {"to_char",
     {Ts("2023-03-05 14:07:09.123456"), Text("Month|Day|DY|dy|Dy|MON|mon|MONTH|month|DAY|day")},
     "March    |Sunday   |SUN|sun|Sun|MAR|mar|MARCH    |march    |SUNDAY   |sunday   "},
    {"to_char",
     {Ts("2023-03-05 14:07:09.123456"), Text("HH HH12 AM am A.M. p.m. PM")},
     "02 02 PM pm P.M. p.m. PM"},
    {"to_char",
     {Ts("2023-03-05 14:07:09.123456"), Text("YYY YY Y IYYY IYY IY I IW ID IDDD DDD D WW W CC J Q")},
     "023 23 3 2023 023 23 3 09 7 063 064 1 10 1 21 2460009 1"},
    {"to_char",
     {Ts("2023-03-05 14:07:09.123456"), Text("US MS FF1 FF2 FF3 FF4 FF5 FF6 SSSS SSSSS")},
     "123456 123 1 12 123 1234 12345 123456 50829 50829"},
    {"to_char", {Ts("2023-03-05 14:07:09.123456"), Text("TZ tz OF TZH TZM|")}, "  +00 +00 00|"},
    {"to_char",
     {Ts("2023-03-05 14:07:09.123456"), Text("DDth DDTH ddth MMth YYYYth")},
     "05th 05TH 05th 03rd 2023rd"},
    {"to_char",
     {Ts("2023-03-05 14:07:09.123456"), Text("FMDD FMMM FMHH24 FMMI FMSS FMYYYY FMDDD")},
     "5 3 14 7 9 2023 64"},
    {"to_char", {Ts("2023-03-05 14:07:09.123456"), Text("RM rm FMRM")}, "III  iii  III"},
    {"to_char", {Ts("2023-03-05 14:07:09.123456"), Text("Y,YYY")}, "2,023"},
    {"to_char", {Ts("2023-03-05 14:07:09.123456"), Text("AD BC ad a.d. B.C.")}, "AD AD ad a.d. A.D."},
    {"to_char",
     {Ts("2023-03-05 14:07:09.123456"), Text("\\\"YYYY\\\" \\\\YYYY \"a\\\"b\" \"x")},
     "\"2023\" \\\\2023 a\"b x"},
    {"to_char", {Ts("2023-03-05 14:07:09.123456"), Text("FMXX FM")}, "XX "},
    {"to_char", {Ts("2023-03-05 14:07:09.123456"), Text("hh24miss")}, "140709"},
    {"to_char", {Ts("2023-03-05 14:07:09.123456"), Text("SP sp spDD DDSP")}, "SP sp sp05 05"},
    {"to_char", {Ts("2023-03-05 14:07:09.123456"), Text("TMMonth")}, "March"},
    {"to_char", {Ts("2023-03-05 14:07:09.123456"), Text("FMTMMonth")}, "T03onth"},
    {"to_char", {Ts("2023-03-05 14:07:09.123456"), Text("DAy dAY mONTH")}, "1A3 1A3 mONTH"},
    {"to_char", {Ts("2023-03-05 14:07:09.123456"), Text("")}, "<NULL>"},
    {"to_char", {Ts("2023-03-01 00:07:09"), Text("DDth HH12th am HH24")}, "01st 12th am 00"},
    {"to_char",
     {Ts("0044-03-15 12:00:00 BC"), Text("YYYY YYY YY Y IYYY CC BC Y,YYY FMYYYY")},
     "0044 044 44 4 0044 -01 BC 0,044 44"},
    {"to_char", {Ts("12345-03-15 12:00:00"), Text("YYYY CC Y,YYY")}, "12345 124 12,345"},
    {"to_char", {Ts("infinity"), Text("YYYY")}, "<NULL>"},
    {"to_char", {Ts("2021-01-01"), Text("IYYY-IW-ID WW")}, "2020-53-5 01"},
    {"to_char",
     {Tstz("2023-03-05 14:07:09.123456"), Text("YYYY-MM-DD HH24:MI:SS TZ OF")},
     "2023-03-05 14:07:09 UTC +00"},
    {"to_char", {Date("2020-02-29"), Text("YYYY-MM-DD TZ")}, "2020-02-29 UTC"},
    {"to_char",
     {Iv("1 year 2 months 3 days 04:05:06.789"),
      Text("YYYY MM DD HH24 MI SS MS US HH12 CC Q RM J WW DDD IW")},
     "0001 02 03 04 05 06 789 789000 04 00 1 II   1721459 61 423 05"},
    {"to_char",
     {Iv("-1 year -2 months -3 days -04:05:06.789"), Text("YYYY MM DD HH24 MI SS MS US HH12 HH CC Q RM")},
     "-0001 -02 -3 -04 -05 -06 -789 -789000 -04 -04 00 0 XI  "},
    {"to_char", {Iv("100 hours"), Text("HH24 HH12 AM SSSS")}, "100 04 AM 360000"},
    {"to_char", {Iv("1 day"), Text("Day")}, "22007: invalid format specification for an interval value"},
    {"to_char", {Iv("-15 months"), Text("RM")}, "X   "},
    {"to_char", {Iv("0"), Text("RM|Q|IYYY|")}, "||-001|"},
    {"to_char", {Num("1234.5"), Text("FM999,999.00")}, "1,234.50"},
    {"to_char", {Num("0.1"), Text("0.99")}, " 0.10"},
    {"to_char", {Num("0.1"), Text("9.99")}, "  .10"},
    {"to_char", {Num("0.1"), Text("FM9.99")}, ".1"},
    {"to_char", {Num("0"), Text("FM9.99")}, "0."},
    {"to_char", {Int(-12), Text("999")}, " -12"},
    {"to_char", {Int(12), Text("S999")}, " +12"},
    {"to_char", {Int(12), Text("999S")}, " 12+"},
    {"to_char", {Num("1234567.891"), Text("9,999,999.99")}, " 1,234,567.89"},
    {"to_char", {Num("1234567.891"), Text("999,999.99")}, " ###,###.##"},
    {"to_char", {Num("-1234567.891"), Text("9,999,999.99")}, "-1,234,567.89"},
    {"to_char", {Int(485), Text("9 9 9")}, " 4 8 5"},
    {"to_char", {Int(1485), Text("9G999")}, " 1,485"},
    {"to_char", {Num("148.5"), Text("FM999.990")}, "148.500"},
    {"to_char", {Num("3148.5"), Text("9G999D999")}, " 3,148.500"},
    {"to_char", {Int(-485), Text("999MI")}, "485-"},
    {"to_char", {Int(485), Text("FM999MI")}, "485"},
    {"to_char", {Int(485), Text("PL999")}, "+ 485"},
    {"to_char", {Int(-485), Text("9SG99")}, "4-85"},
    {"to_char", {Int(-485), Text("999PR")}, "<485>"},
    {"to_char", {Int(485), Text("FM999PR")}, "485"},
    {"to_char", {Int(485), Text("L999")}, "  485"},
    {"to_char", {Int(485), Text("RN")}, "        CDLXXXV"},
    {"to_char", {Int(485), Text("FMrn")}, "cdlxxxv"},
    {"to_char", {Num("5.2"), Text("FMRN")}, "V"},
    {"to_char", {Int(482), Text("999th")}, " 482nd"},
    {"to_char", {Int(11), Text("FM999TH")}, "11TH"},
    {"to_char", {Num("485.8"), Text("\"Pre:\"999\" Post:\" .999")}, "Pre: 485 Post: .800"},
    {"to_char", {Int(12), Text("99V999")}, " 12000"},
    {"to_char", {Num("12.45"), Text("99V9")}, " 125"},
    {"to_char", {Num("0.0004859"), Text("9.99EEEE")}, " 4.86e-04"},
    {"to_char", {Num("9.999"), Text("9.99EEEE")}, " 10.00e+00"},
    {"to_char", {Num("-0.0004859"), Text("9.99EEEE")}, "-4.86e-04"},
    {"to_char", {Int(125), Text("9.9EEEE")}, " 1.2e+02"},
    {"to_char", {Big(125), Text("9.9EEEE")}, " 1.3e+02"},
    {"to_char", {Num("125"), Text("9.9EEEE")}, " 1.3e+02"},
    {"to_char", {Dbl("125"), Text("9.9EEEE")}, " 1.2e+02"},
    {"to_char", {Num("-0.5"), Text("9.9")}, " -.5"},
    {"to_char", {Num("-0.5"), Text("FM9.9")}, "-.5"},
    {"to_char", {Int(-5), Text("00009")}, "-00005"},
    {"to_char", {Int(5), Text("99099")}, "   005"},
    {"to_char", {Num("5.5"), Text("FM099.0099")}, "005.50"},
    {"to_char", {Int(123456789), Text("999")}, " ###"},
    {"to_char", {Num("-123.556"), Text("999.9")}, "-123.6"},
    {"to_char", {Dbl("1.5"), Text("9.99")}, " 1.50"},
    {"to_char", {Real("1.5"), Text("9.99")}, " 1.50"},
    {"to_char", {Dbl("123456789.123456789"), Text("999999999.999999999")}, " 123456789.123457"},
    {"to_char", {Dbl("0.1"), Text("9.99999999999999999999")}, "  .10000000000000"},
    {"to_char", {Int(0), Text("B9999")}, "    0"},
    {"to_char", {Int(12), Text("")}, ""},
    {"to_char", {Int(12), Text("xyz")}, "xyz"},
    {"to_char", {Num("12.345"), Text("99.99.99")}, "42601: multiple decimal points"},
    {"to_char", {Int(12), Text("9PR9")}, "42601: \"9\" must be ahead of \"PR\""},
    {"to_char", {Int(12), Text("S9S")}, "42601: cannot use \"S\" twice"},
    {"to_char", {Int(12), Text("FM9EEEE")}, "42601: \"EEEE\" is incompatible with other formats"},
    {"to_char", {Int(12), Text("S9MI")}, "42601: cannot use \"S\" and \"MI\" together"},
    {"to_char", {Num("-0.01"), Text("FM0.0")}, "0.0"},
    {"to_char", {Num("-0.05"), Text("FM0.0")}, "-0.1"},
    {"to_char", {Int(1), Text("FM9.")}, "1"},
    {"to_char", {Int(1), Text("FM9.9")}, "1."},
    {"to_char", {Int(10), Text("FM9.9")}, "#.#"},
    {"to_char", {Num("-1234.567"), Text("FM9,999.999PR")}, "<1,234.567>"},
    {"to_char", {Num("-1234.567"), Text("9,999.999S")}, "1,234.567-"},
    {"to_char", {Num("1234.567"), Text("FMS9,999.999")}, "+1,234.567"},
    {"to_char", {Int(4000), Text("RN")}, "###############"},
    {"to_char", {Big(1234567890123), Text("999,999,999,999,999")}, "   1,234,567,890,123"},
    {"to_char", {Big(123), Text("99V99")}, " ####"},
    {"to_char", {Dbl("NaN"), Text("9999.99")}, "  NaN"},
    {"to_char", {Dbl("-Infinity"), Text("9999.99")}, "-####.##"},
    {"to_char", {Dbl("Infinity"), Text("9.99EEEE")}, " #.######"},
    {"to_char", {Dbl("1.23456789e15"), Text("9999999999999999.99")}, " 1234567890000000"},
    {"to_char", {Int(-15), Text("99th")}, "-15"},
    {"to_char", {Dbl("2.5"), Text("9")}, " 2"},
    {"to_char", {Num("2.5"), Text("9")}, " 3"},
    {"to_char", {Dbl("2.5"), Text("RN")}, "             II"},
    {"to_char", {Dbl("-0.0"), Text("9.9")}, " -.0"},
    {"to_char", {Real("123456.7"), Text("999999.99")}, " 123457"},
    {"to_char", {Num("1234.5"), Text("$999,999.00")}, "$   1,234.50"},
    {"to_char", {Num("0.5"), Text("0.9")}, " 0.5"},
    {"to_char", {Num("99.995"), Text("FM990.00")}, "100.00"},
    {"to_date", {Text("2023-03-05"), Text("YYYY-MM-DD")}, "2023-03-05"},
    {"to_date", {Text("05 Mar 2023"), Text("DD Mon YYYY")}, "2023-03-05"},
    {"to_date", {Text("20230305"), Text("YYYYMMDD")}, "2023-03-05"},
    {"to_date", {Text("2023/3/5"), Text("YYYY/MM/DD")}, "2023-03-05"},
    {"to_date", {Text("  2023-03-05"), Text("YYYY-MM-DD")}, "2023-03-05"},
    {"to_date", {Text("March 5, 2023"), Text("Month DD, YYYY")}, "2023-03-05"},
    {"to_date",
     {Text("2023-13-05"), Text("YYYY-MM-DD")},
     "22008: date/time field value out of range: \"2023-13-05\""},
    {"to_date",
     {Text("2023-02-30"), Text("YYYY-MM-DD")},
     "22008: date/time field value out of range: \"2023-02-30\""},
    {"to_date", {Text("2023-xx-05"), Text("YYYY-MM-DD")}, "22007: invalid value \"xx\" for \"MM\""},
    {"to_date", {Text("05"), Text("MM")}, "0001-05-01 BC"},
    {"to_date", {Text("23"), Text("YY")}, "2023-01-01"},
    {"to_date", {Text("70"), Text("YY")}, "1970-01-01"},
    {"to_date", {Text("2023 64"), Text("YYYY DDD")}, "2023-03-05"},
    {"to_date", {Text("64"), Text("DDD")}, "22007: cannot calculate day of year without year information"},
    {"to_date", {Text("2023-10-3"), Text("IYYY-IW-ID")}, "2023-03-08"},
    {"to_date", {Text("2023-10-3"), Text("YYYY-IW-ID")}, "22007: invalid combination of date conventions"},
    {"to_date", {Text("2023 10"), Text("YYYY WW")}, "2023-03-05"},
    {"to_date", {Text("2460009"), Text("J")}, "2023-03-05"},
    {"to_date", {Text("21 23"), Text("CC YY")}, "2023-01-01"},
    {"to_date", {Text("44 BC"), Text("YYYY BC")}, "0044-01-01 BC"},
    {"to_date", {Text("2023-Mxr-05"), Text("YYYY-MON-DD")}, "22007: invalid value \"Mxr-05\" for \"MON\""},
    {"to_date", {Text("2023-III-05"), Text("YYYY-RM-DD")}, "2023-03-05"},
    {"to_date", {Text("2023 - 03-05"), Text("FXYYYY-MM-DD")}, "22007: invalid value \"- \" for \"MM\""},
    {"to_date",
     {Text("2023--03-05"), Text("YYYY-MM-DD")},
     "22008: date/time field value out of range: \"2023--03-05\""},
    {"to_date", {Text("2023303"), Text("YYYYMDD")}, "2023303-01-01"},
    {"to_date", {Text("1,234-01-01"), Text("Y,YYY-MM-DD")}, "1234-01-01"},
    {"to_date", {Text("5th March 2023"), Text("DDth Month YYYY")}, "2023-03-05"},
    {"to_date", {Text(""), Text("YYYY")}, "0001-01-01 BC"},
    {"to_date", {Text("2023"), Text("")}, "0001-01-01 BC"},
    {"to_timestamp",
     {Text("2023-03-05 14:07:09.123456"), Text("YYYY-MM-DD HH24:MI:SS.US")},
     "2023-03-05 14:07:09.123456+00"},
    {"to_timestamp",
     {Text("2023-03-05 14:07:09.12"), Text("YYYY-MM-DD HH24:MI:SS.MS")},
     "2023-03-05 14:07:09.12+00"},
    {"to_timestamp",
     {Text("2023-03-05 14:07:09.1234567"), Text("YYYY-MM-DD HH24:MI:SS.US")},
     "22008: date/time field value out of range: \"2023-03-05 14:07:09.1234567\""},
    {"to_timestamp",
     {Text("2023-03-05 02:07:09 PM"), Text("YYYY-MM-DD HH:MI:SS AM")},
     "2023-03-05 14:07:09+00"},
    {"to_timestamp",
     {Text("2023-03-05 12:07:09 AM"), Text("YYYY-MM-DD HH12:MI:SS AM")},
     "2023-03-05 00:07:09+00"},
    {"to_timestamp",
     {Text("2023-03-05 13:07:09 AM"), Text("YYYY-MM-DD HH12:MI:SS AM")},
     "22007: hour \"13\" is invalid for the 12-hour clock"},
    {"to_timestamp",
     {Text("2023-03-05 02:07:09 p.m."), Text("YYYY-MM-DD HH:MI:SS a.m.")},
     "2023-03-05 14:07:09+00"},
    {"to_timestamp",
     {Text("2023-03-05 25:07:09"), Text("YYYY-MM-DD HH24:MI:SS")},
     "22008: date/time field value out of range: \"2023-03-05 25:07:09\""},
    {"to_timestamp",
     {Text("2023-03-05 14:07:09 +05:30"), Text("YYYY-MM-DD HH24:MI:SS TZH:TZM")},
     "2023-03-05 08:37:09+00"},
    {"to_timestamp",
     {Text("2023-03-05 14:07:09-05"), Text("YYYY-MM-DD HH24:MI:SSTZH")},
     "2023-03-05 19:07:09+00"},
    {"to_timestamp",
     {Text("2023-03-05 14:07:09 UTC"), Text("YYYY-MM-DD HH24:MI:SS TZ")},
     "0A000: formatting field \"TZ\" is only supported in to_char"},
    {"to_timestamp", {Text("50829"), Text("SSSS")}, "0001-01-01 14:07:09+00 BC"},
    {"to_timestamp",
     {Text("2023-03-05 14:07:09.123456"), Text("YYYY-MM-DD HH24:MI:SS.FF3")},
     "2023-03-05 14:07:09.123+00"},
    {"to_timestamp", {Text("abc"), Text("YYYY")}, "22007: invalid value \"abc\" for \"YYYY\""},
    {"to_timestamp", {Text("2000January09Sunday"), Text("YYYYFMMonthDDFMDay")}, "2000-01-09 00:00:00+00"},
    {"to_timestamp",
     {Text("2023 1 2"), Text("YYYY MM MM")},
     "22007: conflicting values for \"MM\" field in formatting string"},
    {"to_timestamp", {Text("2023 5"), Text("YYYY W")}, "2023-01-29 00:00:00+00"},
    {"to_timestamp",
     {Text("2023 99999999999"), Text("YYYY DD")},
     "22008: value for \"DD\" in source string is out of range"},
    {"to_timestamp", {Text("20232023"), Text("YYYYYYYY")}, "2023-01-01 00:00:00+00"},
    {"to_timestamp", {Text(" x2023"), Text("xYYYY")}, "22007: invalid value \"x202\" for \"YYYY\""},
    {"to_timestamp", {Text("2023-03-05 3"), Text("YYYY-MM-DD Q")}, "2023-03-05 00:00:00+00"},
    {"to_timestamp",
     {Text("2023 1"), Text("YYYY MMMM")},
     "22007: source string too short for \"MM\" formatting field"},
};

const std::vector<Case> kNewYorkCases = {
    {"date_trunc", {Text("day"), Tstz("2020-03-08 12:00")}, "2020-03-08 00:00:00-05"},
    {"date_trunc", {Text("hour"), Tstz("2020-11-01 01:30-05")}, "2020-11-01 01:00:00-05"},
    {"date_trunc", {Text("week"), Tstz("2020-03-10 12:00")}, "2020-03-09 00:00:00-04"},
    {"date_trunc", {Text("month"), Tstz("2020-03-10 12:00")}, "2020-03-01 00:00:00-05"},
    {"date_trunc", {Text("day"), Date("2020-01-05")}, "2020-01-05 00:00:00-05"},
    {"date_trunc", {Text("day"), Tstz("2020-03-08 12:00"), Text("UTC")}, "2020-03-07 19:00:00-05"},
    {"extract", {Text("hour"), Tstz("2020-05-05 10:11:12+00")}, "6"},
    {"extract", {Text("timezone"), Tstz("2020-05-05 10:11:12")}, "-14400"},
    {"extract", {Text("timezone_hour"), Tstz("2020-01-05 10:11:12")}, "-5"},
    {"date_part", {Text("epoch"), Tstz("2020-05-05 10:11:12")}, "1588687872"},
    {"age", {Tstz("2020-03-09 00:00"), Tstz("2020-03-08 00:00")}, "1 day"},
    {"age", {Tstz("2020-11-02"), Tstz("2020-10-30 12:00")}, "2 days 12:00:00"},
    {"make_timestamptz", {Int(2020), Int(6), Int(1), Int(12), Int(0), Dbl("0")}, "2020-06-01 12:00:00-04"},
    {"make_timestamptz",
     {Int(2020), Int(6), Int(1), Int(12), Int(0), Dbl("0"), Text("EST")},
     "2020-06-01 13:00:00-04"},
    {"timezone", {Text("UTC"), Date("2020-01-01")}, "2020-01-01 05:00:00"},
    {"to_char",
     {Tstz("2023-03-05 14:07:09"), Text("YYYY-MM-DD HH24:MI TZ tz OF TZH:TZM")},
     "2023-03-05 14:07 EST est -05 -05:00"},
    {"to_char", {Tstz("2023-07-05 14:07:09"), Text("TZ OF")}, "EDT -04"},
    {"to_char", {Date("2020-02-29"), Text("YYYY-MM-DD HH24 TZ")}, "2020-02-29 00 EST"},
    {"to_timestamp", {Text("2023-03-05 14:07:09"), Text("YYYY-MM-DD HH24:MI:SS")}, "2023-03-05 14:07:09-05"},
    {"to_timestamp", {Text("2023-07-05 14:07:09"), Text("YYYY-MM-DD HH24:MI:SS")}, "2023-07-05 14:07:09-04"},
};

const std::vector<Case> kKolkataCases = {
    {"extract", {Text("timezone"), Tstz("2020-05-05 10:11:12")}, "19800"},
    {"extract", {Text("timezone_minute"), Tstz("2020-05-05 10:11:12")}, "30"},
    {"date_trunc", {Text("hour"), Tstz("2020-05-05 10:41:12+00")}, "2020-05-05 16:00:00+05:30"},
    {"to_char", {Tstz("2020-05-05 10:11:12+00"), Text("HH24:MI TZ OF FMOF")}, "15:41 IST +05:30 +5:30"},
};

const std::vector<Case> kStJohnsCases = {
    {"extract", {Text("timezone_minute"), Tstz("2020-05-05 10:11:12")}, "-30"},
    {"date_part", {Text("timezone_hour"), Tstz("2020-05-05 10:11:12")}, "-2"},
};

TEST(DateFunctionsTest, PostgresCasesWithoutSession) { CheckCases(kUtcCases, nullptr); }

TEST(DateFunctionsTest, PostgresCasesInNewYork) {
  Session session("America/New_York");
  CheckCases(kNewYorkCases, session.get());
}

TEST(DateFunctionsTest, PostgresCasesInKolkataAndStJohns) {
  Session kolkata("Asia/Kolkata");
  CheckCases(kKolkataCases, kolkata.get());
  Session st_johns("America/St_Johns");
  CheckCases(kStJohnsCases, st_johns.get());
}

// now() and friends read the transaction start; PostgreSQL's values for the same instant
// (2023-03-05 14:07:09.123456 UTC) cast to each type in America/New_York.
TEST(DateFunctionsTest, ClockReadsTheTransactionStartInTheSessionZone) {
  int64_t start = date_time::ParseTimestamp("2023-03-05 14:07:09.123456");
  Session ny("America/New_York", start);
  EXPECT_EQ(Call("now", {}, ny.get()), "2023-03-05 09:07:09.123456-05");
  EXPECT_EQ(Call("transaction_timestamp", {}, ny.get()), "2023-03-05 09:07:09.123456-05");
  EXPECT_EQ(Call("current_timestamp", {}, ny.get()), "2023-03-05 09:07:09.123456-05");
  EXPECT_EQ(Call("current_date", {}, ny.get()), "2023-03-05");
  EXPECT_EQ(Call("localtimestamp", {}, ny.get()), "2023-03-05 09:07:09.123456");
  EXPECT_EQ(Call("localtimestamp", {Int(0)}, ny.get()), "2023-03-05 09:07:09");
  EXPECT_EQ(Call("age", {Ts("2020-01-01 10:00")}, ny.get()), "3 years 2 mons 3 days 14:00:00");
  EXPECT_EQ(Call("age", {Tstz("2020-01-01 10:00")}, ny.get()), "3 years 2 mons 3 days 14:00:00");
  Session late("America/New_York", date_time::ParseTimestamp("2023-03-06 03:07:09.123456"));
  EXPECT_EQ(Call("current_date", {}, late.get()), "2023-03-05");
  Session rounding("America/New_York", date_time::ParseTimestamp("2023-03-05 14:07:09.125456"));
  EXPECT_EQ(Call("current_timestamp", {Int(2)}, rounding.get()), "2023-03-05 09:07:09.13-05");
  // Redshift: GETDATE is to the second, SYSDATE keeps microseconds (pages "GETDATE function",
  // "SYSDATE function"), both in the session zone.
  EXPECT_EQ(Call("getdate", {}, ny.get()), "2023-03-05 09:07:09");
  EXPECT_EQ(Call("sysdate", {}, ny.get()), "2023-03-05 09:07:09.123456");
  // clock_timestamp() is the wall clock, not the transaction start.
  EXPECT_NE(Call("clock_timestamp", {}, ny.get()), Call("now", {}, ny.get()));
}

TEST(DateFunctionsTest, ClockNeedsASession) {
  EXPECT_EQ(Call("now", {}), "XX000: the current time is not available without a session");
  EXPECT_EQ(Call("current_date", {}), "XX000: the current time is not available without a session");
  // Without a session, zone-dependent functions work in UTC.
  EXPECT_EQ(Call("date_trunc", {Text("day"), Tstz("2020-03-08 22:00-05")}), "2020-03-09 00:00:00+00");
}

// Flat columns with NULL and infinite rows; PostgreSQL's output for
// select date_trunc('month', x), extract(doy from x), to_char(x, 'FMDay DD Mon YYYY')
// from (values ...) v(x).
TEST(DateFunctionsTest, FlatColumnsWithNullsAndInfinity) {
  std::vector<Arg> values = {Ts("2023-03-05 14:07:09.123456"), NullTs(), Ts("2020-02-29 23:59:59"),
                             Ts("-infinity"), Ts("0010-06-15 BC")};
  std::vector<std::vector<Arg>> trunc_rows, extract_rows, to_char_rows;
  for (const Arg& v : values) {
    trunc_rows.push_back({Text("month"), v});
    extract_rows.push_back({Text("doy"), v});
    to_char_rows.push_back({v, Text("FMDay DD Mon YYYY")});
  }
  EXPECT_EQ(CallRows("date_trunc", trunc_rows, nullptr, true),
            (std::vector<std::string>{"2023-03-01 00:00:00", "<NULL>", "2020-02-01 00:00:00", "-infinity",
                                      "0010-06-01 00:00:00 BC"}));
  EXPECT_EQ(CallRows("extract", extract_rows, nullptr, true),
            (std::vector<std::string>{"64", "<NULL>", "60", "<NULL>", "166"}));
  EXPECT_EQ(CallRows("to_char", to_char_rows, nullptr, true),
            (std::vector<std::string>{"Sunday 05 Mar 2023", "<NULL>", "Saturday 29 Feb 2020", "<NULL>",
                                      "Saturday 15 Jun 0010"}));
}

// A unit (and template) column that is not constant; PostgreSQL's output for
// select date_part(u, x), date_trunc(u, x), to_char(x, f) from (values ...) v(u, x, f).
TEST(DateFunctionsTest, UnitAndTemplateColumns) {
  std::vector<std::vector<Arg>> rows = {
      {Text("year"), Ts("2023-03-05 14:07:09.123456"), Text("YYYY")},
      {Text("MONTH"), Ts("2023-03-05"), Text("Mon")},
      {NullText(), Ts("2023-03-05"), NullText()},
      {Text("week"), Ts("2023-03-08"), Text("IW")},
      {Text("hour"), Ts("1970-01-02 05:30"), Text("HH12 AM")},
  };
  std::vector<std::vector<Arg>> part_rows, char_rows;
  for (const auto& r : rows) {
    part_rows.push_back({r[0], r[1]});
    char_rows.push_back({r[1], r[2]});
  }
  EXPECT_EQ(CallRows("date_part", part_rows, nullptr, true),
            (std::vector<std::string>{"2023", "3", "<NULL>", "10", "5"}));
  EXPECT_EQ(CallRows("date_trunc", part_rows, nullptr, true),
            (std::vector<std::string>{"2023-01-01 00:00:00", "2023-03-01 00:00:00", "<NULL>",
                                      "2023-03-06 00:00:00", "1970-01-02 05:00:00"}));
  EXPECT_EQ(CallRows("to_char", char_rows, nullptr, true),
            (std::vector<std::string>{"2023", "Mar", "<NULL>", "10", "05 AM"}));
}

// The per-field loops used for a constant unit agree with the row-at-a-time path over a full
// vector of varied timestamps (including BC years and both ends of DST in the session zone).
TEST(DateFunctionsTest, ConstantUnitLoopsMatchRowAtATime) {
  Session ny("America/New_York");
  std::vector<Arg> values;
  for (int i = 0; i < 2048; i++) {
    int64_t days = -800000 + int64_t{i} * 800;
    int64_t ts = days * Interval::kMicrosPerDay + int64_t{i} * 3'600'000'123 % Interval::kMicrosPerDay;
    values.push_back(Ts(date_time::FormatTimestamp(ts)));
  }
  for (const char* unit :
       {"microseconds", "second", "minute", "hour", "day", "week", "month", "quarter", "year", "decade",
        "century", "millennium", "dow", "isodow", "doy", "isoyear", "julian", "epoch"}) {
    for (const char* function : {"date_trunc", "date_part", "extract"}) {
      for (TypeId type : {TypeId::kTimestamp, TypeId::kTimestampTz}) {
        std::vector<std::vector<Arg>> rows;
        for (const Arg& v : values) rows.push_back({Text(unit), Arg{type, v.text}});
        std::vector<std::string> all;
        try {
          all = CallRows(function, rows, ny.get(), true);
        } catch (const SqlError& e) {
          all = {std::string(e.sqlstate()) + ": " + e.what()};
        }
        int mismatches = 0;
        if (all.size() != rows.size()) {
          mismatches += all[0] != Call(function, rows[0], ny.get());
        } else {
          for (size_t i = 0; i < rows.size(); i += 7)
            mismatches += all[i] != Call(function, rows[i], ny.get());
        }
        EXPECT_EQ(mismatches, 0) << function << " " << unit << " " << static_cast<int>(type);
      }
    }
  }
}

// Redshift aliases of date parts (page "Date parts for date or timestamp functions") and
// DATE_PART examples (page "DATE_PART function").
TEST(DateFunctionsTest, RedshiftDateParts) {
  EXPECT_EQ(Call("date_part", {Text("dayofweek"), Ts("2022-05-02 04:05:06.789")}), "1");
  EXPECT_EQ(Call("date_part", {Text("dw"), Ts("2023-03-05 14:07:09")}), "0");
  EXPECT_EQ(Call("datepart", {Text("week"), Ts("2022-05-02 04:05:06.789")}), "18");
  EXPECT_EQ(Call("datepart", {Text("day"), Ts("2022-05-02 04:05:06.789")}), "2");
  EXPECT_EQ(Call("pgdate_part", {Text("century"), Ts("2022-05-02 04:05:06.789")}), "21");
  EXPECT_EQ(Call("date_part", {Text("minute"), Ts("2023-01-04 04:05:06.789")}), "5");
  EXPECT_EQ(Call("date_part", {Text("sec"), Ts("2009-09-21 11:10:03.189717")}), "3.189717");
  EXPECT_EQ(Call("date_part", {Text("yearday"), Ts("2008-02-01")}), "32");
  EXPECT_EQ(Call("extract", {Text("qtrs"), Ts("2008-08-01")}), "3");
  EXPECT_EQ(Call("date_trunc", {Text("cents"), Ts("2008-08-01")}), "2001-01-01 00:00:00");
  // "CENTURY, EPOCH, DECADE, and MIL notes".
  EXPECT_EQ(Call("extract", {Text("century"), Ts("2000-12-16 12:21:13")}), "20");
  EXPECT_EQ(Call("extract", {Text("century"), Ts("2001-12-16 12:21:13")}), "21");
  EXPECT_EQ(Call("extract", {Text("mil"), Ts("2000-12-16 12:21:13")}), "2");
  EXPECT_EQ(Call("extract", {Text("mil"), Ts("2001-12-16 12:21:13")}), "3");
  EXPECT_EQ(Call("date_part", {Text("epoch"), Ts("2008-01-01 20:00:00")}), "1199217600");
}

// Page "DATEADD function" (and the task's month-end example).
TEST(DateFunctionsTest, RedshiftDateadd) {
  EXPECT_EQ(Call("dateadd", {Text("month"), Big(18), Date("2008-02-28")}), "2009-08-28 00:00:00");
  EXPECT_EQ(Call("dateadd", {Text("m"), Big(30), Date("2008-02-28")}), "2008-02-28 00:30:00");
  EXPECT_EQ(Call("dateadd", {Text("day"), Big(30), Date("2008-11-01")}), "2008-12-01 00:00:00");
  EXPECT_EQ(Call("dateadd", {Text("month"), Big(1), Date("2008-04-30")}), "2008-05-30 00:00:00");
  EXPECT_EQ(Call("dateadd", {Text("month"), Big(12), Date("2016-02-29")}), "2017-02-28 00:00:00");
  EXPECT_EQ(Call("dateadd", {Text("year"), Big(1), Date("2016-02-29")}), "2017-03-01 00:00:00");
  EXPECT_EQ(Call("dateadd", {Text("month"), Big(1), Date("2008-01-31")}), "2008-02-29 00:00:00");
  EXPECT_EQ(Call("date_add", {Text("hours"), Big(-3), Ts("2008-01-01 01:00")}), "2007-12-31 22:00:00");
  EXPECT_EQ(Call("dateadd", {Text("qtr"), Big(1), Ts("2008-11-30 10:00")}), "2009-02-28 10:00:00");
  EXPECT_EQ(Call("dateadd", {Text("w"), Big(2), Ts("2008-11-30 10:00")}), "2008-12-14 10:00:00");
  EXPECT_EQ(Call("dateadd", {Text("ms"), Big(1500), Ts("2008-11-30 10:00")}), "2008-11-30 10:00:01.5");
  EXPECT_EQ(Call("dateadd", {Text("dow"), Big(1), Ts("2008-11-30 10:00")}),
            "0A000: unit \"dow\" not supported for type timestamp without time zone");
  EXPECT_EQ(Call("dateadd", {Text("fortnight"), Big(1), Ts("2008-11-30 10:00")}),
            "22023: unit \"fortnight\" not recognized for type timestamp without time zone");
  // A timestamptz moves its local calendar date; hours are absolute.
  Session ny("America/New_York");
  EXPECT_EQ(Call("dateadd", {Text("day"), Big(1), Tstz("2020-03-07 12:00")}, ny.get()),
            "2020-03-08 12:00:00-04");
  EXPECT_EQ(Call("dateadd", {Text("hour"), Big(24), Tstz("2020-03-07 12:00")}, ny.get()),
            "2020-03-08 13:00:00-04");
}

// Page "DATEDIFF function" (date part boundaries crossed; weeks start on Sunday).
TEST(DateFunctionsTest, RedshiftDatediff) {
  EXPECT_EQ(Call("datediff", {Text("week"), Date("2009-01-01"), Date("2009-12-31")}), "52");
  // The page's quarter example (1998-07-01 to its "current date" 2008-06-05, 40) contradicts its
  // own boundary rule, which gives 39 quarter starts; we follow the rule.
  EXPECT_EQ(Call("datediff", {Text("qtr"), Date("1998-07-01"), Date("2008-06-05")}), "39");
  EXPECT_EQ(Call("datediff", {Text("qtr"), Date("1998-07-01"), Date("2008-07-05")}), "40");
  EXPECT_EQ(Call("datediff", {Text("year"), Date("2008-12-31"), Date("2009-01-01")}), "1");
  EXPECT_EQ(Call("datediff", {Text("year"), Date("2011-12-31"), Date("2012-01-01")}), "1");
  EXPECT_EQ(Call("datediff", {Text("hour"), Ts("2009-01-01 08:30:00"), Ts("2009-01-01 10:00:00")}), "2");
  EXPECT_EQ(Call("datediff", {Text("hours"), Ts("2009-01-01 10:00:00"), Ts("2009-01-01 08:30:00")}), "-2");
  EXPECT_EQ(Call("datediff", {Text("week"), Date("2017-10-14"), Date("2017-10-15")}), "1");
  EXPECT_EQ(Call("datediff", {Text("week"), Date("2017-10-15"), Date("2017-10-21")}), "0");
  EXPECT_EQ(Call("datediff", {Text("day"), Ts("2008-01-01 23:59"), Ts("2008-01-02 00:01")}), "1");
  EXPECT_EQ(Call("datediff", {Text("month"), Date("2008-01-31"), Date("2008-02-01")}), "1");
  EXPECT_EQ(Call("datediff", {Text("century"), Date("2000-12-31"), Date("2001-01-01")}), "1");
  EXPECT_EQ(Call("datediff", {Text("decade"), Date("2009-12-31"), Date("2010-01-01")}), "1");
  EXPECT_EQ(Call("datediff", {Text("second"), Ts("2008-01-01 00:00:00.9"), Ts("2008-01-01 00:00:01.1")}),
            "1");
}

// Pages "ADD_MONTHS function", "LAST_DAY function", "TRUNC function", "MONTHS_BETWEEN
// function", "DATE_CMP function", "DATE_PART_YEAR function", "NEXT_DAY function".
TEST(DateFunctionsTest, RedshiftCalendarFunctions) {
  EXPECT_EQ(Call("add_months", {Date("2008-03-31"), Big(1)}), "2008-04-30 00:00:00");
  EXPECT_EQ(Call("add_months", {Date("2008-04-30"), Big(1)}), "2008-05-31 00:00:00");
  EXPECT_EQ(Call("add_months", {Date("2008-02-29"), Big(1)}), "2008-03-31 00:00:00");
  EXPECT_EQ(Call("add_months", {Date("2008-01-01"), Big(12)}), "2009-01-01 00:00:00");
  EXPECT_EQ(Call("add_months", {Ts("2008-01-15 10:30"), Big(-2)}), "2007-11-15 10:30:00");
  EXPECT_EQ(Call("last_day", {Date("2014-01-15")}), "2014-01-31");
  EXPECT_EQ(Call("last_day", {Ts("2008-02-10 10:00")}), "2008-02-29");
  EXPECT_EQ(Call("trunc", {Ts("2011-07-21 10:32:38.248109")}), "2011-07-21");
  EXPECT_EQ(Call("months_between", {Date("1969-01-18"), Date("1969-03-18")}), "-2");
  EXPECT_EQ(Call("months_between", {Date("2014-08-31"), Date("2014-09-30")}), "-1");
  // The doc prints the event examples rounded to two places: 11.12 and 10.94.
  auto rounded = [](const std::string& s) { return std::round(std::stod(s) * 100) / 100; };
  EXPECT_DOUBLE_EQ(rounded(Call("months_between", {Ts("2008-12-25 15:00"), Ts("2008-01-21 19:30")})), 11.12);
  EXPECT_DOUBLE_EQ(rounded(Call("months_between", {Ts("2008-12-01 19:30"), Ts("2008-01-03 15:00")})), 10.94);
  EXPECT_EQ(Call("date_cmp", {Date("2008-01-01"), Date("2008-01-04")}), "-1");
  EXPECT_EQ(Call("date_cmp", {Date("2008-01-04"), Date("2008-01-04")}), "0");
  EXPECT_EQ(Call("date_cmp", {Date("2008-01-05"), Date("2008-01-04")}), "1");
  EXPECT_EQ(Call("date_part_year", {Date("2008-01-10")}), "2008");
  EXPECT_EQ(Call("next_day", {Date("2014-08-20"), Text("Tuesday")}), "2014-08-26");
  EXPECT_EQ(Call("next_day", {Date("2008-07-06"), Text("Monday")}), "2008-07-07");
  EXPECT_EQ(Call("next_day", {Date("2008-07-07"), Text("mo")}), "2008-07-14");
  EXPECT_EQ(Call("next_day", {Date("2008-07-07"), Text("t")}), "22023: invalid day of week: \"t\"");
}

// Page "CONVERT_TIMEZONE function".
TEST(DateFunctionsTest, RedshiftConvertTimezone) {
  EXPECT_EQ(Call("convert_timezone", {Text("PST"), Ts("2008-08-24 09:36:12")}), "2008-08-24 01:36:12");
  EXPECT_EQ(Call("convert_timezone", {Text("US/Pacific"), Ts("2008-08-24 09:36:12")}), "2008-08-24 02:36:12");
  EXPECT_EQ(Call("convert_timezone", {Text("EST"), Text("PST"), Ts("2008-03-05 12:25:29")}),
            "2008-03-05 09:25:29");
  EXPECT_EQ(Call("convert_timezone", {Text("America/New_York"), Ts("2013-02-01 08:00:00")}),
            "2013-02-01 03:00:00");
  EXPECT_EQ(Call("convert_timezone", {Text("America/New_York"), Ts("2013-06-01 08:00:00")}),
            "2013-06-01 04:00:00");
  EXPECT_EQ(Call("convert_timezone", {Text("GMT"), Text("GMT+2"), Ts("2014-05-17 12:00:00")}),
            "2014-05-17 10:00:00");
  EXPECT_EQ(Call("convert_timezone", {Text("Mars/Base"), Ts("2014-05-17 12:00:00")}),
            "22023: time zone \"Mars/Base\" not recognized");
}

}  // namespace
}  // namespace stockroom
