#include "server/startup_parameters.hpp"

#include "common/error/exception.hpp"
#include "common/types/time_zone.hpp"
#include "main/connection.hpp"
#include "server/protocol_messages.hpp"

namespace stockroom {

StartupPacket ParseStartupPacket(MessageReader& reader) {
  StartupPacket packet;
  bool has_database = false;
  while (true) {
    std::string name(reader.CString());
    if (name.empty()) break;
    std::string value(reader.CString());
    if (name == "user") {
      packet.user = value;
    } else if (name == "database") {
      packet.database = value;
      has_database = !value.empty();
    } else if (name == "options") {
      for (auto& setting : ParseOptionsSwitches(value)) packet.settings.push_back(std::move(setting));
    } else if (name == "replication") {
      throw SqlError(ErrorCode::kFeatureNotSupported, "replication connections are not supported");
    } else if (name.rfind("_pq_.", 0) == 0) {
      // Protocol extension requests: PostgreSQL answers NegotiateProtocolVersion; with none
      // offered here they are ignored, which libpq never sends unasked.
    } else {
      packet.settings.emplace_back(name, value);
    }
  }
  reader.ExpectEnd("startup packet");
  if (packet.user.empty()) {
    throw SqlError(ErrorCode::kInvalidAuthorization, "no PostgreSQL user name specified in startup packet");
  }
  if (!has_database) packet.database = packet.user;
  return packet;
}

std::vector<std::pair<std::string, std::string>> ParseOptionsSwitches(std::string_view options) {
  // Words separated by spaces; a backslash keeps the next character (pg_split_opts).
  std::vector<std::string> words;
  std::string word;
  bool in_word = false;
  for (size_t i = 0; i < options.size(); i++) {
    char c = options[i];
    if (c == ' ' || c == '\t') {
      if (in_word) words.push_back(std::move(word));
      word.clear();
      in_word = false;
      continue;
    }
    if (c == '\\' && i + 1 < options.size()) c = options[++i];
    word.push_back(c);
    in_word = true;
  }
  if (in_word) words.push_back(std::move(word));

  std::vector<std::pair<std::string, std::string>> out;
  auto add = [&](const std::string& assignment) {
    size_t eq = assignment.find('=');
    if (eq == std::string::npos || eq == 0) {
      throw SqlError(ErrorCode::kSyntaxError, "invalid command-line argument for server process: " + assignment)
          .WithHint("-c takes name=value.");
    }
    std::string name = assignment.substr(0, eq);
    for (char& ch : name) ch = ch == '-' ? '_' : ch;  // --statement-timeout=5s
    out.emplace_back(name, assignment.substr(eq + 1));
  };
  for (size_t i = 0; i < words.size(); i++) {
    const std::string& w = words[i];
    if (w == "-c") {
      if (i + 1 == words.size()) throw SqlError(ErrorCode::kSyntaxError, "-c requires a name=value argument");
      add(words[++i]);
    } else if (w.rfind("-c", 0) == 0 && w.size() > 2 && w[2] != '-') {
      add(w.substr(2));
    } else if (w.rfind("--", 0) == 0) {
      add(w.substr(2));
    } else {
      throw SqlError(ErrorCode::kSyntaxError, "invalid command-line argument for server process: " + w)
          .WithHint("Only -c name=value and --name=value are accepted in options.");
    }
  }
  return out;
}

std::vector<std::pair<std::string, std::string>> ReportedParameters(Connection& connection, bool superuser,
                                                                    const std::string& client_encoding) {
  const SessionSettings& s = connection.settings();
  return {
      {"application_name", s.application_name},
      {"client_encoding", client_encoding},
      {"DateStyle", "ISO, MDY"},
      {"default_transaction_read_only", "off"},
      {"in_hot_standby", "off"},
      {"integer_datetimes", "on"},
      {"IntervalStyle", "postgres"},
      {"is_superuser", superuser ? "on" : "off"},
      {"server_encoding", "UTF8"},
      {"server_version", kReportedServerVersion},
      {"session_authorization", s.user},
      {"standard_conforming_strings", "on"},
      {"TimeZone", s.time_zone ? s.time_zone->name() : "UTC"},
  };
}

}  // namespace stockroom
