#include <algorithm>
#include <cctype>
#include <cstdlib>
#include <optional>
#include <thread>

#include "common/error/exception.hpp"
#include "common/memory/memory_tracker.hpp"
#include "common/types/time_zone.hpp"
#include "function/scalar/string_functions.hpp"
#include "main/database.hpp"
#include "main/notice.hpp"
#include "main/security_runner.hpp"
#include "main/setting_value.hpp"
#include "main/statement_runner.hpp"

namespace stockroom {

namespace {

std::string Lower(std::string s) {
  std::transform(s.begin(), s.end(), s.begin(), ::tolower);
  return s;
}

// Parses a memory size as PostgreSQL settings write them ("256MB", "4GB", "1024kB", bytes).
std::string ValueText(const Value& v) { return v.IsNull() ? "" : v.ToString(); }

// Names of settings SHOW ALL lists, in order.
const std::vector<std::string>& SettingNames() {
  static const std::vector<std::string> names = {
      "application_name", "client_encoding", "DateStyle",   "extra_float_digits", "IntervalStyle",
      "memory_limit",     "search_path",     "server_encoding", "server_version", "standard_conforming_strings",
      "statement_timeout", "threads",        "TimeZone",    "transaction_isolation"};
  return names;
}

// Parses a time setting as PostgreSQL does for statement_timeout: a number of milliseconds,
// or a number with a unit (us, ms, s, min, h, d).
int64_t ParseMilliseconds(const std::string& text, const std::string& name) {
  std::string t = Lower(text);
  size_t i = 0;
  while (i < t.size() && (std::isdigit(static_cast<unsigned char>(t[i])) || t[i] == '.')) i++;
  std::string number = t.substr(0, i), unit = t.substr(i);
  while (!unit.empty() && unit.front() == ' ') unit.erase(0, 1);
  double scale = -1;
  if (unit.empty() || unit == "ms") scale = 1;
  else if (unit == "us") scale = 0.001;
  else if (unit == "s") scale = 1000;
  else if (unit == "min") scale = 60000;
  else if (unit == "h") scale = 3600000;
  else if (unit == "d") scale = 86400000;
  char* end = nullptr;
  double value = number.empty() ? -1 : std::strtod(number.c_str(), &end);
  if (scale < 0 || value < 0 || (end && *end != '\0') || value * scale > 2147483647.0) {
    throw SqlError(ErrorCode::kInvalidParameterValue, "invalid value for parameter \"" + name + "\": \"" + text + "\"")
        .WithHint("Valid units for this parameter are \"us\", \"ms\", \"s\", \"min\", \"h\", and \"d\".");
  }
  return static_cast<int64_t>(value * scale + 0.5);
}

// statement_timeout as SHOW prints it: the largest unit that divides it exactly.
std::string FormatMilliseconds(int64_t ms) {
  if (ms == 0) return "0";
  if (ms % 86400000 == 0) return std::to_string(ms / 86400000) + "d";
  if (ms % 3600000 == 0) return std::to_string(ms / 3600000) + "h";
  if (ms % 60000 == 0) return std::to_string(ms / 60000) + "min";
  if (ms % 1000 == 0) return std::to_string(ms / 1000) + "s";
  return std::to_string(ms) + "ms";
}

}  // namespace

std::unique_ptr<QueryResult> StatementRunner::RunSet(SetStatement& stmt) {
  std::string name = stmt.name;
  if (stmt.reset_all) {
    // The session user stays (PostgreSQL's session_authorization is not reset by RESET ALL).
    SessionSettings fresh;
    fresh.user = settings_.user;
    fresh.authenticated_user = settings_.authenticated_user;
    settings_ = fresh;
    return Command("RESET");
  }
  const char* tag = stmt.reset ? "RESET" : "SET";
  std::string value = stmt.values.empty() ? "" : ValueText(stmt.values[0]);
  if (name == "role") {
    SetRole(context_, settings_, value, stmt.reset);
  } else if (name == "session_authorization") {
    SetSessionAuthorization(context_, settings_, value, stmt.reset);
  } else if (name == "timezone" || name == "time zone") {
    if (stmt.reset || Lower(value) == "default" || Lower(value) == "local") {
      settings_.time_zone = nullptr;
      return Command(tag);
    }
    auto zone = TimeZone::Find(value);
    if (!zone) {
      throw SqlError(ErrorCode::kInvalidParameterValue, "invalid value for parameter \"TimeZone\": \"" + value + "\"");
    }
    settings_.time_zone = zone;
  } else if (name == "search_path") {
    if (stmt.reset) {
      settings_.search_path = SessionSettings().search_path;
      return Command(tag);
    }
    // Each value names one schema as written: PostgreSQL does not split 'a, b' (that is the
    // schema "a, b"), and identifiers arrive already folded to lower case.
    std::vector<std::string> path;
    for (auto& v : stmt.values) path.push_back(ValueText(v));
    settings_.search_path = path;
  } else if (name == "memory_limit" || name == "work_mem") {
    settings_.memory_limit = stmt.reset ? context_.db().config().memory_limit : ParseBytes(value, name);
  } else if (name == "threads" || name == "max_parallel_workers_per_gather") {
    int threads = stmt.reset ? 0 : std::stoi(value);
    if (name == "max_parallel_workers_per_gather" && !stmt.reset) threads += 1;
    settings_.threads = threads;
  } else if (name == "extra_float_digits") {
    settings_.extra_float_digits = stmt.reset ? 1 : std::stoi(value);
  } else if (name == "application_name") {
    settings_.application_name = stmt.reset ? "" : value;
  } else if (name == "datestyle") {
    std::string v = Lower(value);
    if (!stmt.reset && v.find("iso") == std::string::npos) {
      throw SqlError(ErrorCode::kFeatureNotSupported, "only DateStyle ISO is supported");
    }
  } else if (name == "intervalstyle") {
    if (!stmt.reset && Lower(value) != "postgres") {
      throw SqlError(ErrorCode::kFeatureNotSupported, "only IntervalStyle postgres is supported");
    }
  } else if (name == "client_encoding" || name == "names") {
    std::string v = Lower(value);
    if (!stmt.reset && v != "utf8" && v != "utf-8" && v != "unicode") {
      throw SqlError(ErrorCode::kFeatureNotSupported, "only client_encoding UTF8 is supported");
    }
  } else if (name == "statement_timeout") {
    settings_.statement_timeout_ms = stmt.reset || Lower(value) == "default" ? 0 : ParseMilliseconds(value, name);
  } else if (name == "client_min_messages") {
    if (stmt.reset || Lower(value) == "default") {
      settings_.client_min_messages = MessageLevel::kNotice;
    } else if (auto level = ParseMessageLevel(value)) {
      settings_.client_min_messages = *level;
    } else {
      throw SqlError(ErrorCode::kInvalidParameterValue,
                     "invalid value for parameter \"client_min_messages\": \"" + value + "\"")
          .WithHint("Available values: debug5, debug4, debug3, debug2, debug1, log, notice, warning, error.");
    }
  } else if (name == "standard_conforming_strings" ||
             name == "transaction" || name == "default_transaction_isolation" || name == "lock_timeout" ||
             name == "idle_in_transaction_session_timeout" || name == "jit" || name == "enable_seqscan" ||
             name == "enable_nestloop" || name == "enable_hashjoin" || name == "enable_mergejoin" ||
             name == "max_parallel_workers" || name == "random_page_cost" || name == "effective_cache_size" ||
             name == "session characteristics") {
    // Accepted for client compatibility; no effect on Stockroom's executor.
  } else {
    throw SqlError(ErrorCode::kUndefinedObject, "unrecognized configuration parameter \"" + name + "\"");
  }
  return Command(tag);
}

std::optional<std::string> ShowSettingValue(const SessionSettings& settings, const std::string& name) {
  std::string n = Lower(name);
  if (n == "timezone") return settings.time_zone ? settings.time_zone->name() : "UTC";
  if (n == "search_path") {
    std::string out;
    for (auto& s : settings.search_path) {
      if (!out.empty()) out += ", ";
      AppendQuotedIdent(s, out);
    }
    return out;
  }
  if (n == "memory_limit" || n == "work_mem") return FormatBytes(settings.memory_limit);
  if (n == "threads") {
    return std::to_string(settings.threads > 0 ? settings.threads : static_cast<int>(std::thread::hardware_concurrency()));
  }
  if (n == "extra_float_digits") return std::to_string(settings.extra_float_digits);
  if (n == "application_name") return settings.application_name;
  if (n == "datestyle") return "ISO, MDY";
  if (n == "intervalstyle") return "postgres";
  if (n == "client_encoding" || n == "server_encoding") return "UTF8";
  if (n == "server_version") return "15.0";
  if (n == "server_version_num") return "150000";
  if (n == "standard_conforming_strings") return "on";
  if (n == "statement_timeout") return FormatMilliseconds(settings.statement_timeout_ms);
  if (n == "transaction_isolation" || n == "transaction isolation level") return "read committed";
  if (n == "max_identifier_length") return "63";
  if (n == "max_index_keys") return "32";
  if (n == "max_function_args") return "100";
  if (n == "integer_datetimes") return "on";
  if (n == "client_min_messages") return MessageLevelName(settings.client_min_messages);
  return std::nullopt;
}

std::unique_ptr<QueryResult> StatementRunner::RunShow(ShowStatement& stmt) {
  auto value_of = [&](const std::string& name) -> std::string {
    std::optional<std::string> value = ShowSettingValue(settings_, name);
    if (!value) throw SqlError(ErrorCode::kUndefinedObject, "unrecognized configuration parameter \"" + name + "\"");
    return *value;
  };
  auto result = std::make_unique<QueryResult>();
  result->command_tag = "SHOW";
  if (Lower(stmt.name) == "all") {
    result->names = {"name", "setting", "description"};
    result->types = {TypeId::kText, TypeId::kText, TypeId::kText};
    result->rows = std::make_unique<ColumnDataCollection>(result->types);
    DataChunk chunk(result->types);
    for (auto& name : SettingNames()) {
      idx_t r = chunk.size();
      chunk.column(0).SetValue(r, Value::Text(name));
      chunk.column(1).SetValue(r, Value::Text(value_of(name)));
      chunk.column(2).SetValue(r, Value::Text(""));
      chunk.SetCardinality(r + 1);
    }
    result->rows->Append(chunk);
    result->ordered = true;
    return result;
  }
  std::string shown = stmt.name;
  for (auto& n : SettingNames()) {
    if (Lower(n) == Lower(stmt.name)) shown = n;
  }
  std::string value = value_of(stmt.name);
  result->names = {shown};
  result->types = {TypeId::kText};
  result->rows = std::make_unique<ColumnDataCollection>(result->types);
  DataChunk chunk(result->types);
  chunk.column(0).SetValue(0, Value::Text(value));
  chunk.SetCardinality(1);
  result->rows->Append(chunk);
  return result;
}

}  // namespace stockroom
