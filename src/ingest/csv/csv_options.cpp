#include "ingest/csv/csv_options.hpp"

#include <cstring>

#include "common/error/exception.hpp"

namespace stockroom {

namespace {

std::string Lower(std::string_view s) {
  std::string out(s);
  for (char& c : out) {
    if (c >= 'A' && c <= 'Z') c = static_cast<char>(c - 'A' + 'a');
  }
  return out;
}

bool ParseBoolean(const std::string& name, const std::string& value) {
  std::string v = Lower(value);
  if (v == "true" || v == "on" || v == "1") return true;
  if (v == "false" || v == "off" || v == "0") return false;
  throw SqlError(ErrorCode::kSyntaxError, name + " requires a Boolean value");
}

CopyHeader ParseHeader(const std::string& value, bool is_from) {
  std::string v = Lower(value);
  if (v == "true" || v == "on" || v == "1") return CopyHeader::kPresent;
  if (v == "false" || v == "off" || v == "0") return CopyHeader::kNone;
  if (v == "match") {
    if (!is_from) {
      throw SqlError(ErrorCode::kFeatureNotSupported, "cannot use \"" + value + "\" with HEADER in COPY TO");
    }
    return CopyHeader::kMatch;
  }
  throw SqlError(ErrorCode::kSyntaxError, "header requires a Boolean value or \"match\"");
}

std::vector<std::string> ParseColumnList(const std::string& name, const std::string& value) {
  if (value.empty() || value == "true") {
    throw SqlError(ErrorCode::kInvalidParameterValue,
                   "argument to option \"" + name + "\" must be a list of column names");
  }
  std::vector<std::string> out;
  size_t start = 0;
  while (true) {
    size_t comma = value.find(',', start);
    out.push_back(value.substr(start, comma == std::string::npos ? std::string::npos : comma - start));
    if (comma == std::string::npos) break;
    start = comma + 1;
  }
  return out;
}

// Returns the canonical name of a PostgreSQL encoding name or alias (case and punctuation
// are ignored, as pg_char_to_encoding does), or "" if there is no such encoding.
std::string CanonicalEncoding(std::string_view name) {
  std::string clean;
  for (char c : name) {
    if ((c >= 'a' && c <= 'z') || (c >= '0' && c <= '9')) clean.push_back(c);
    if (c >= 'A' && c <= 'Z') clean.push_back(static_cast<char>(c - 'A' + 'a'));
  }
  static const std::pair<const char*, const char*> kNames[] = {
      {"utf8", "UTF8"},         {"unicode", "UTF8"},       {"sqlascii", "SQL_ASCII"},
      {"latin1", "LATIN1"},     {"iso88591", "LATIN1"},    {"latin2", "LATIN2"},
      {"iso88592", "LATIN2"},   {"latin3", "LATIN3"},      {"iso88593", "LATIN3"},
      {"latin4", "LATIN4"},     {"iso88594", "LATIN4"},    {"latin5", "LATIN5"},
      {"iso88599", "LATIN5"},   {"latin6", "LATIN6"},      {"iso885910", "LATIN6"},
      {"latin7", "LATIN7"},     {"iso885913", "LATIN7"},   {"latin8", "LATIN8"},
      {"iso885914", "LATIN8"},  {"latin9", "LATIN9"},      {"iso885915", "LATIN9"},
      {"latin10", "LATIN10"},   {"iso885916", "LATIN10"},  {"iso88595", "ISO_8859_5"},
      {"iso88596", "ISO_8859_6"}, {"iso88597", "ISO_8859_7"}, {"iso88598", "ISO_8859_8"},
      {"win1250", "WIN1250"},   {"win1251", "WIN1251"},    {"win1252", "WIN1252"},
      {"win1253", "WIN1253"},   {"win1254", "WIN1254"},    {"win1255", "WIN1255"},
      {"win1256", "WIN1256"},   {"win1257", "WIN1257"},    {"win1258", "WIN1258"},
      {"win866", "WIN866"},     {"win874", "WIN874"},      {"koi8", "KOI8R"},
      {"koi8r", "KOI8R"},       {"koi8u", "KOI8U"},        {"eucjp", "EUC_JP"},
      {"euccn", "EUC_CN"},      {"euckr", "EUC_KR"},       {"euctw", "EUC_TW"},
      {"eucjis2004", "EUC_JIS_2004"}, {"sjis", "SJIS"},    {"shiftjis", "SJIS"},
      {"shiftjis2004", "SHIFT_JIS_2004"}, {"big5", "BIG5"}, {"gbk", "GBK"},
      {"uhc", "UHC"},           {"gb18030", "GB18030"},    {"johab", "JOHAB"},
      {"muleinternal", "MULE_INTERNAL"}, {"mskanji", "SJIS"}, {"windows1252", "WIN1252"},
      {"windows1251", "WIN1251"}, {"windows1250", "WIN1250"}, {"tcvn", "WIN1258"},
  };
  for (auto& [alias, canonical] : kNames) {
    if (clean == alias) return canonical;
  }
  return "";
}

int64_t ParseCount(const std::string& name, const std::string& value) {
  int64_t n = 0;
  size_t used = 0;
  try {
    n = std::stoll(value, &used);
  } catch (...) {
    used = 0;
  }
  if (used == 0 || used != value.size() || n < 0) {
    throw SqlError(ErrorCode::kInvalidParameterValue, name + " requires a non-negative integer");
  }
  return n;
}

// Redshift's load options; returns false for a name that is not one of them. Options that
// take no argument come as "true" (WITH (EMPTYASNULL)).
bool ParseRedshiftOption(const std::string& name, const std::string& value, bool is_from, CsvOptions& out) {
  bool from_only = true;
  if (name == "ignoreheader") {
    out.ignore_header = ParseCount("IGNOREHEADER", value);
  } else if (name == "dateformat") {
    out.date_format = Lower(value) == "auto" ? "auto" : value;
  } else if (name == "timeformat") {
    std::string v = Lower(value);
    out.time_format = v == "auto" || v == "epochsecs" || v == "epochmillisecs" ? v : value;
  } else if (name == "emptyasnull") {
    out.empty_as_null = ParseBoolean(name, value);
  } else if (name == "blanksasnull") {
    out.blanks_as_null = ParseBoolean(name, value);
  } else if (name == "acceptinvchars") {
    std::string v = Lower(value);
    if (v == "true" || v == "on") {
      out.invalid_char_replacement = '?';
    } else if (v == "false" || v == "off") {
      out.invalid_char_replacement = 0;
    } else if (value.size() == 1 && static_cast<unsigned char>(value[0]) < 0x80 && value[0] != '\n' &&
               value[0] != '\r') {
      out.invalid_char_replacement = value[0];
    } else {
      throw SqlError(ErrorCode::kInvalidParameterValue,
                     "ACCEPTINVCHARS replacement must be a single ASCII character");
    }
  } else if (name == "maxerror") {
    out.max_errors = ParseCount("MAXERROR", value);
  } else if (name == "gzip") {
    out.compression = ParseBoolean(name, value) ? CopyCompression::kGzip : CopyCompression::kAuto;
    from_only = false;
  } else if (name == "json") {
    out.json_paths = Lower(value) == "auto" || Lower(value) == "true" ? "auto" : value;
    if (out.format == CopyFormat::kText) out.format = CopyFormat::kJson;
  } else {
    return false;
  }
  if (from_only && !is_from) {
    throw SqlError(ErrorCode::kFeatureNotSupported, "COPY TO does not take option \"" + name + "\"");
  }
  return true;
}

}  // namespace

CsvOptions ParseCopyOptions(const std::map<std::string, std::string>& options, bool is_from) {
  CsvOptions out;
  const std::string* delimiter = nullptr;
  const std::string* null_string = nullptr;
  const std::string* quote = nullptr;
  const std::string* escape = nullptr;
  bool header_given = false;
  for (auto& [name, value] : options) {
    if (name == "format") {
      if (value == "text") {
        out.format = CopyFormat::kText;
      } else if (value == "csv") {
        out.format = CopyFormat::kCsv;
      } else if (value == "binary") {
        out.format = CopyFormat::kBinary;
      } else if (value == "json") {
        out.format = CopyFormat::kJson;
      } else {
        throw SqlError(ErrorCode::kInvalidParameterValue, "COPY format \"" + value + "\" not recognized");
      }
    } else if (name == "freeze") {
      out.freeze = ParseBoolean(name, value);
    } else if (name == "delimiter") {
      delimiter = &value;
    } else if (name == "null") {
      null_string = &value;
    } else if (name == "header") {
      out.header = ParseHeader(value, is_from);
      header_given = true;
    } else if (name == "quote") {
      quote = &value;
    } else if (name == "escape") {
      escape = &value;
    } else if (name == "force_quote") {
      if (value == "*") {
        out.force_quote_all = true;
      } else {
        out.force_quote = ParseColumnList(name, value);
      }
    } else if (name == "force_not_null") {
      out.force_not_null = ParseColumnList(name, value);
    } else if (name == "force_null") {
      out.force_null = ParseColumnList(name, value);
    } else if (name == "encoding") {
      out.encoding = CanonicalEncoding(value);
      if (out.encoding.empty()) {
        throw SqlError(ErrorCode::kInvalidParameterValue,
                       "argument to option \"encoding\" must be a valid encoding name");
      }
    } else if (name == "compression") {
      std::string v = Lower(value);
      if (v == "gzip" || v == "gz") {
        out.compression = CopyCompression::kGzip;
      } else if (v == "none" || v == "uncompressed") {
        out.compression = CopyCompression::kNone;
      } else if (v == "auto" || v == "infer") {
        out.compression = CopyCompression::kAuto;
      } else {
        throw SqlError(ErrorCode::kInvalidParameterValue, "COPY compression \"" + value + "\" not recognized");
      }
    } else if (!ParseRedshiftOption(name, value, is_from, out)) {
      throw SqlError(ErrorCode::kSyntaxError, "option \"" + name + "\" not recognized");
    }
  }

  bool binary = out.format == CopyFormat::kBinary;
  bool csv = out.csv();
  if (out.json()) {
    if (delimiter || null_string || quote || escape || header_given || !out.force_not_null.empty() ||
        !out.force_null.empty() || out.force_quote_all || !out.force_quote.empty()) {
      throw SqlError(ErrorCode::kFeatureNotSupported,
                     "COPY format \"json\" does not take DELIMITER, NULL, QUOTE, ESCAPE, HEADER or FORCE options");
    }
    if (!is_from) throw SqlError(ErrorCode::kFeatureNotSupported, "COPY TO does not support format \"json\"");
    if (out.json_paths.empty()) out.json_paths = "auto";
    return out;
  }
  if (!out.json_paths.empty()) {
    throw SqlError(ErrorCode::kInvalidParameterValue, "COPY option JSON requires FORMAT json");
  }
  if (binary && delimiter) throw SqlError(ErrorCode::kSyntaxError, "cannot specify DELIMITER in BINARY mode");
  if (binary && null_string) throw SqlError(ErrorCode::kSyntaxError, "cannot specify NULL in BINARY mode");

  std::string delim = delimiter ? *delimiter : (csv ? "," : "\t");
  out.null_string = null_string ? *null_string : (csv ? "" : "\\N");

  if (delim.size() != 1) {
    throw SqlError(ErrorCode::kFeatureNotSupported, "COPY delimiter must be a single one-byte character");
  }
  if (delim[0] == '\r' || delim[0] == '\n') {
    throw SqlError(ErrorCode::kInvalidParameterValue, "COPY delimiter cannot be newline or carriage return");
  }
  if (out.null_string.find_first_of("\r\n") != std::string::npos) {
    throw SqlError(ErrorCode::kInvalidParameterValue,
                   "COPY null representation cannot use newline or carriage return");
  }
  // Backslash, dot, lower-case letters and digits mean something in text format's escapes.
  if (!csv && std::strchr("\\.abcdefghijklmnopqrstuvwxyz0123456789", delim[0]) != nullptr) {
    throw SqlError(ErrorCode::kInvalidParameterValue, "COPY delimiter cannot be \"" + delim + "\"");
  }
  if (binary && header_given && out.header != CopyHeader::kNone) {
    throw SqlError(ErrorCode::kFeatureNotSupported, "cannot specify HEADER in BINARY mode");
  }
  if (!csv && quote) throw SqlError(ErrorCode::kFeatureNotSupported, "COPY quote available only in CSV mode");
  std::string quote_text = quote ? *quote : "\"";
  if (csv && quote_text.size() != 1) {
    throw SqlError(ErrorCode::kFeatureNotSupported, "COPY quote must be a single one-byte character");
  }
  if (csv && delim[0] == quote_text[0]) {
    throw SqlError(ErrorCode::kInvalidParameterValue, "COPY delimiter and quote must be different");
  }
  if (!csv && escape) throw SqlError(ErrorCode::kFeatureNotSupported, "COPY escape available only in CSV mode");
  std::string escape_text = escape ? *escape : quote_text;
  if (csv && escape_text.size() != 1) {
    throw SqlError(ErrorCode::kFeatureNotSupported, "COPY escape must be a single one-byte character");
  }
  if (!csv && (out.force_quote_all || !out.force_quote.empty())) {
    throw SqlError(ErrorCode::kFeatureNotSupported, "COPY force quote available only in CSV mode");
  }
  if ((out.force_quote_all || !out.force_quote.empty()) && is_from) {
    throw SqlError(ErrorCode::kFeatureNotSupported, "COPY force quote only available using COPY TO");
  }
  if (!csv && !out.force_not_null.empty()) {
    throw SqlError(ErrorCode::kFeatureNotSupported, "COPY force not null available only in CSV mode");
  }
  if (!out.force_not_null.empty() && !is_from) {
    throw SqlError(ErrorCode::kFeatureNotSupported, "COPY force not null only available using COPY FROM");
  }
  if (!csv && !out.force_null.empty()) {
    throw SqlError(ErrorCode::kFeatureNotSupported, "COPY force null available only in CSV mode");
  }
  if (!out.force_null.empty() && !is_from) {
    throw SqlError(ErrorCode::kFeatureNotSupported, "COPY force null only available using COPY FROM");
  }
  if (out.null_string.find(delim[0]) != std::string::npos) {
    throw SqlError(ErrorCode::kFeatureNotSupported, "COPY delimiter must not appear in the NULL specification");
  }
  if (csv && out.null_string.find(quote_text[0]) != std::string::npos) {
    throw SqlError(ErrorCode::kFeatureNotSupported, "CSV quote character must not appear in the NULL specification");
  }

  out.delimiter = delim[0];
  out.quote = quote_text[0];
  out.escape = escape_text[0];
  return out;
}

}  // namespace stockroom
