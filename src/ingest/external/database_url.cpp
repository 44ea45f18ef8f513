#include "ingest/external/database_url.hpp"

#include <cstdlib>
#include <regex>

#include "common/error/exception.hpp"
#include "ingest/external/database_source.hpp"

namespace stockroom {

namespace {

std::string PercentDecode(const std::string& text) {
  std::string out;
  for (size_t i = 0; i < text.size(); i++) {
    if (text[i] == '%' && i + 2 < text.size() && isxdigit(static_cast<unsigned char>(text[i + 1])) &&
        isxdigit(static_cast<unsigned char>(text[i + 2]))) {
      out += static_cast<char>(std::strtol(text.substr(i + 1, 2).c_str(), nullptr, 16));
      i += 2;
    } else {
      out += text[i];
    }
  }
  return out;
}

}  // namespace

std::string RedactDatabaseUrl(const std::string& url) {
  std::string out = url;
  // URI user-info: scheme://user:password@host
  static const std::regex user_info(R"(^([a-zA-Z][a-zA-Z0-9+.-]*://[^/@:]*):[^/@]*@)");
  out = std::regex_replace(out, user_info, "$1:***@", std::regex_constants::format_first_only);
  // password=... in a libpq key/value string or a URI query (quoted values included)
  static const std::regex key_value(R"((^|[\s?&])password\s*=\s*('([^'\\]|\\.)*'|[^\s&]*))");
  out = std::regex_replace(out, key_value, "$1password=***");
  return out;
}

MysqlUrl ParseMysqlUrl(const std::string& url) {
  static const std::regex pattern(
      R"(^(mysql|mariadb)://(([^:@/]*)(:([^@/]*))?@)?([^:/?]*)(:([0-9]+))?(/([^?]*))?(\?(.*))?$)");
  std::smatch match;
  if (!std::regex_match(url, match, pattern)) {
    throw SqlError(ErrorCode::kInvalidParameterValue,
                   "invalid MySQL URL \"" + RedactDatabaseUrl(url) +
                       "\": expected mysql://user:password@host[:port]/database[?socket=path]");
  }
  MysqlUrl parsed;
  parsed.user = PercentDecode(match[3].str());
  parsed.password = PercentDecode(match[5].str());
  parsed.host = PercentDecode(match[6].str());
  if (match[8].matched) parsed.port = static_cast<unsigned>(std::stoul(match[8].str()));
  parsed.database = PercentDecode(match[10].str());
  std::string query = match[12].str();
  size_t start = 0;
  while (start < query.size()) {
    size_t end = query.find('&', start);
    if (end == std::string::npos) end = query.size();
    std::string item = query.substr(start, end - start);
    size_t equals = item.find('=');
    std::string key = item.substr(0, equals);
    std::string value = equals == std::string::npos ? "" : PercentDecode(item.substr(equals + 1));
    if (key == "socket") {
      parsed.socket = value;
    } else if (key == "password") {
      parsed.password = value;
    } else if (!key.empty()) {
      throw SqlError(ErrorCode::kInvalidParameterValue,
                     "invalid MySQL URL \"" + RedactDatabaseUrl(url) + "\": unknown parameter \"" + key + "\"");
    }
    start = end + 1;
  }
  return parsed;
}

}  // namespace stockroom
