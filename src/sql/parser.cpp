#include "sql/parser.hpp"

#include <pg_query.h>
#include <pg_query/pg_query.pb-c.h>

#include <algorithm>
#include <cctype>
#include <map>
#include <set>

#include "common/error/exception.hpp"
#include "sql/transform/transformer.hpp"

namespace stockroom {

namespace {

struct Token {
  int start;
  int end;  // exclusive
  std::string lower;
  bool is_ident;  // IDENT or unreserved keyword-like word
};

// Returns the byte offset of the `char_pos`-th character (1-based) of `sql`.
int CharPositionToByte(std::string_view sql, int char_pos) {
  int chars = 0;
  for (size_t i = 0; i < sql.size(); i++) {
    if ((static_cast<unsigned char>(sql[i]) & 0xC0) != 0x80) {
      chars++;
      if (chars == char_pos) return static_cast<int>(i) + 1;
    }
  }
  return static_cast<int>(sql.size()) + 1;
}

[[noreturn]] void ThrowParseError(std::string_view sql, PgQueryError* error) {
  std::string message = error->message ? error->message : "syntax error";
  int position = error->cursorpos > 0 ? CharPositionToByte(sql, error->cursorpos) : 0;
  ErrorCode code = ErrorCode::kSyntaxError;
  // libpg_query reports some lexer/grammar checks with other meanings.
  if (message.find("unterminated") != std::string::npos) code = ErrorCode::kSyntaxError;
  if (message.find("out of range") != std::string::npos) code = ErrorCode::kNumericValueOutOfRange;
  if (message.find("is not supported") != std::string::npos ||
      message.find("not implemented") != std::string::npos) {
    code = ErrorCode::kFeatureNotSupported;
  }
  // The grammar's own window frame checks raise 42P20 in PostgreSQL.
  if (message.rfind("frame start cannot be", 0) == 0 || message.rfind("frame end cannot be", 0) == 0 ||
      message.rfind("frame starting from", 0) == 0) {
    code = ErrorCode::kWindowingError;
  }
  throw SqlError(code, message, position);
}

std::vector<Token> Scan(std::string_view sql, std::string& storage) {
  std::vector<Token> tokens;
  PgQueryScanResult result = pg_query_scan(storage.c_str());
  if (result.error) {
    pg_query_free_scan_result(result);
    return tokens;  // let the real parse report the error with its position
  }
  PgQuery__ScanResult* scan =
      pg_query__scan_result__unpack(nullptr, result.pbuf.len, reinterpret_cast<const uint8_t*>(result.pbuf.data));
  for (size_t i = 0; i < scan->n_tokens; i++) {
    auto* t = scan->tokens[i];
    Token token{t->start, t->end, std::string(sql.substr(t->start, t->end - t->start)), false};
    std::transform(token.lower.begin(), token.lower.end(), token.lower.begin(),
                   [](unsigned char c) { return std::tolower(c); });
    token.is_ident = t->token == PG_QUERY__TOKEN__IDENT || t->keyword_kind != PG_QUERY__KEYWORD_KIND__NO_KEYWORD;
    tokens.push_back(std::move(token));
  }
  pg_query__scan_result__free_unpacked(scan, nullptr);
  pg_query_free_scan_result(result);
  return tokens;
}

// The name an identifier token stands for: a quoted one as written, without its quotes
// (the catalog's SQL quotes every column), another folded to lower case.
std::string IdentifierName(std::string_view sql, const Token& t) {
  std::string_view written = sql.substr(t.start, t.end - t.start);
  if (written.size() < 2 || written.front() != '"' || written.back() != '"') return t.lower;
  std::string name;
  for (size_t i = 1; i + 1 < written.size(); i++) {
    name += written[i];
    if (written[i] == '"') i++;  // "" stands for "
  }
  return name;
}

// Redshift-only syntax removed before parsing, with what it said.
struct Extensions {
  // Per statement start offset: Redshift table options.
  std::map<int, std::map<std::string, std::string>> table_options;
  // Byte offsets of function calls preceded by APPROXIMATE.
  std::set<int> approximate_calls;
  // Per statement start offset: options of a COPY written Redshift's way, without WITH.
  std::map<int, std::map<std::string, std::string>> copy_options;
  // Per statement start offset: Redshift's ALTER TABLE t ALTER SORTKEY / DISTKEY /
  // DISTSTYLE, as table options ("" removes one).
  std::map<int, std::map<std::string, std::string>> alter_options;
};


void Blank(std::string& text, const Token& t) {
  for (int i = t.start; i < t.end; i++) text[i] = ' ';
}

// Blanks "( a , b )" starting at tokens[i] (which must be "("); returns the names and
// advances i past ")".
std::string TakeParenList(std::string& text, const std::vector<Token>& tokens, size_t& i) {
  std::string names;
  if (i >= tokens.size() || tokens[i].lower != "(") return names;
  for (; i < tokens.size(); i++) {
    Blank(text, tokens[i]);
    if (tokens[i].lower == ")") {
      i++;
      break;
    }
    if (tokens[i].lower == "(" || tokens[i].lower == ",") continue;
    if (!names.empty()) names += ",";
    names += tokens[i].lower;
  }
  return names;
}

// Redshift's ALTER TABLE t ALTER [COMPOUND|INTERLEAVED] SORTKEY (cols) | SORTKEY AUTO|NONE |
// DISTKEY col | DISTSTYLE EVEN|ALL|AUTO|KEY [DISTKEY col], starting at tokens[i] (the
// action's ALTER). Returns false for anything else.
bool TakeRedshiftAlter(std::string& text, const std::vector<Token>& tokens, size_t i, size_t end,
                       std::map<std::string, std::string>& options) {
  auto word = [&](size_t k) { return k < end ? tokens[k].lower : std::string(); };
  size_t k = i + 1;
  std::string style;
  if (word(k) == "compound" || word(k) == "interleaved") style = word(k++);
  if (word(k) == "sortkey") {
    k++;
    if (word(k) == "auto" || word(k) == "none") {
      options["sortkey"] = "";
      options["sortstyle"] = "";
      k++;
    } else {
      if (word(k) != "(") return false;
      options["sortkey"] = TakeParenList(text, tokens, k);
      options["sortstyle"] = style;
    }
  } else if (!style.empty()) {
    return false;
  } else if (word(k) == "distkey" && !word(k + 1).empty()) {
    options["distkey"] = word(k + 1);
    options["diststyle"] = "key";
    k += 2;
  } else if (word(k) == "diststyle") {
    std::string value = word(k + 1);
    k += 2;
    if (value == "key" && word(k) == "distkey" && !word(k + 1).empty()) {
      options["distkey"] = word(k + 1);
      k += 2;
    } else if (value == "even" || value == "all" || value == "auto") {
      options["distkey"] = "";
    } else {
      return false;
    }
    options["diststyle"] = value;
  } else {
    return false;
  }
  if (k != end) return false;
  // What the grammar sees instead: a RESET the transformer takes for this action.
  for (size_t t = i; t < end; t++) Blank(text, tokens[t]);
  text.replace(tokens[i].start, 10, "RESET (sr)");
  return true;
}

// The value of a string literal token ('it''s' -> it's); other tokens as written.
std::string TokenValue(std::string_view sql, const Token& t) {
  std::string_view raw = sql.substr(t.start, t.end - t.start);
  if (raw.size() < 2 || raw.front() != '\'') return std::string(raw);
  std::string out;
  for (size_t i = 1; i + 1 < raw.size(); i++) {
    out += raw[i];
    if (raw[i] == '\'' && raw[i + 1] == '\'') i++;
  }
  return out;
}

// Redshift's COPY options after FROM 'file' without WITH (...) ("IGNOREHEADER 1 CSV GZIP
// DATEFORMAT 'auto'"): blanks them in `text` and returns them as WITH options. Tokens
// [begin, end) follow the file name. Throws 42601 on an option it does not know.
std::map<std::string, std::string> TakeRedshiftCopyOptions(std::string_view sql, std::string& text,
                                                           const std::vector<Token>& tokens, size_t begin,
                                                           size_t end) {
  // Options with a value; "AS" may come between. IAM_ROLE, CREDENTIALS and REGION (S3
  // access) are accepted with their value and not used.
  static const std::set<std::string> kValued = {"ignoreheader", "delimiter", "null",     "dateformat", "timeformat",
                                                "maxerror",     "quote",     "encoding", "escape"};
  static const std::set<std::string> kS3Access = {"iam_role", "credentials", "region"};
  static const std::set<std::string> kFlags = {"gzip", "emptyasnull", "blanksasnull", "header"};
  // Accepted and without effect here (statistics and compression are always kept).
  static const std::set<std::string> kIgnored = {"compupdate", "statupdate"};
  std::map<std::string, std::string> options;
  auto is_string = [&](size_t i) { return i < end && sql[tokens[i].start] == '\''; };
  for (size_t i = begin; i < end;) {
    const Token& t = tokens[i];
    Blank(text, t);
    std::string name = t.lower;
    i++;
    auto skip_as = [&] {
      if (i < end && tokens[i].lower == "as") Blank(text, tokens[i++]);
    };
    auto take_value = [&]() -> std::string {
      skip_as();
      if (i >= end) throw SqlError(ErrorCode::kSyntaxError, "COPY option " + name + " needs a value", t.start + 1);
      Blank(text, tokens[i]);
      return TokenValue(sql, tokens[i++]);
    };
    if (kValued.count(name)) {
      options[name] = take_value();
    } else if (kS3Access.count(name)) {
      take_value();
    } else if (kFlags.count(name)) {
      options[name] = "true";
    } else if (kIgnored.count(name)) {
      if (i < end && (tokens[i].lower == "on" || tokens[i].lower == "off" || tokens[i].lower == "true" ||
                      tokens[i].lower == "false")) {
        Blank(text, tokens[i++]);
      }
    } else if (name == "csv") {
      options["format"] = "csv";
    } else if (name == "json") {
      options["format"] = "json";
      skip_as();
      if (is_string(i)) options["json"] = take_value();
    } else if (name == "format") {
      std::string format = take_value();
      std::transform(format.begin(), format.end(), format.begin(), ::tolower);
      options["format"] = format;
      if (format == "json" && is_string(i)) options["json"] = take_value();
    } else if (name == "acceptinvchars") {
      options[name] = "true";
      skip_as();
      if (is_string(i)) options[name] = take_value();
    } else {
      throw SqlError(ErrorCode::kSyntaxError, "COPY option \"" + name + "\" is not supported", t.start + 1);
    }
  }
  return options;
}

// Finds Redshift attributes in CREATE TABLE statements, Redshift's COPY options and
// APPROXIMATE, blanks them in `text` (keeping every other byte where it was, so error
// positions stay right) and records them in `ext`.
void StripRedshiftSyntax(std::string_view sql, std::string& text, const std::vector<Token>& tokens,
                         Extensions& ext) {
  size_t stmt_begin = 0;
  for (size_t i = 0; i < tokens.size(); i++) {
    if (tokens[i].lower == "approximate" && i + 1 < tokens.size() && tokens[i + 1].lower == "count") {
      Blank(text, tokens[i]);
      ext.approximate_calls.insert(tokens[i + 1].start);
    }
  }
  while (stmt_begin < tokens.size()) {
    size_t stmt_end = stmt_begin;
    while (stmt_end < tokens.size() && tokens[stmt_end].lower != ";") stmt_end++;
    // COPY t [(cols)] FROM 'file' followed by options without WITH (Redshift's form).
    // PostgreSQL's own old form (DELIMITER 'x' CSV HEADER ...) is left to its grammar.
    static const std::set<std::string> kRedshiftOnly = {
        "ignoreheader", "gzip",   "emptyasnull", "blanksasnull", "dateformat", "timeformat", "maxerror",
        "json",         "format", "iam_role",    "region",       "credentials", "compupdate", "statupdate",
        "encoding",     "acceptinvchars"};
    if (tokens[stmt_begin].lower == "copy") {
      for (size_t j = stmt_begin + 1; j + 1 < stmt_end; j++) {
        if (tokens[j].lower != "from" || sql[tokens[j + 1].start] != '\'') continue;
        size_t first = j + 2;
        bool redshift = false;
        for (size_t k = first; k < stmt_end; k++) redshift |= kRedshiftOnly.count(tokens[k].lower) > 0;
        if (redshift && tokens[first].lower != "with" && tokens[first].lower != "(") {
          ext.copy_options[tokens[stmt_begin].start] = TakeRedshiftCopyOptions(sql, text, tokens, first, stmt_end);
        }
        break;
      }
    }
    if (stmt_end - stmt_begin >= 5 && tokens[stmt_begin].lower == "alter" && tokens[stmt_begin + 1].lower == "table") {
      for (size_t j = stmt_begin + 3; j + 1 < stmt_end; j++) {
        if (tokens[j].lower != "alter") continue;
        std::map<std::string, std::string> options;
        if (TakeRedshiftAlter(text, tokens, j, stmt_end, options)) {
          ext.alter_options[tokens[stmt_begin].start] = std::move(options);
        }
        break;
      }
    }
    // CREATE [TEMP|TEMPORARY|LOCAL ...] TABLE
    bool is_create_table = false;
    if (tokens[stmt_begin].lower == "create") {
      for (size_t j = stmt_begin + 1; j < stmt_end && j < stmt_begin + 4; j++) {
        if (tokens[j].lower == "table") is_create_table = true;
      }
    }
    if (is_create_table) {
      std::map<std::string, std::string> options;
      int depth = 0;
      std::string current_column;
      bool expect_column = false;
      for (size_t i = stmt_begin; i < stmt_end;) {
        const Token& t = tokens[i];
        if (t.lower == "(") {
          depth++;
          if (depth == 1) expect_column = true;
          i++;
          continue;
        }
        if (t.lower == ")") {
          depth--;
          i++;
          continue;
        }
        if (depth == 1 && t.lower == ",") {
          expect_column = true;
          i++;
          continue;
        }
        if (depth == 1 && expect_column) {
          current_column = IdentifierName(sql, t);
          expect_column = false;
          i++;
          continue;
        }
        if (depth == 1 && t.is_ident) {
          if (t.lower == "encode" && i + 1 < stmt_end) {
            Blank(text, t);
            Blank(text, tokens[i + 1]);
            options["encode:" + current_column] = tokens[i + 1].lower;
            i += 2;
            continue;
          }
          if (t.lower == "distkey") {
            Blank(text, t);
            options["distkey"] = current_column;
            i++;
            continue;
          }
          if (t.lower == "sortkey") {
            Blank(text, t);
            auto& keys = options["sortkey"];
            keys += (keys.empty() ? "" : ",") + current_column;
            i++;
            continue;
          }
        }
        if (depth == 0 && t.is_ident) {
          if (t.lower == "diststyle" && i + 1 < stmt_end) {
            Blank(text, t);
            Blank(text, tokens[i + 1]);
            options["diststyle"] = tokens[i + 1].lower;
            i += 2;
            continue;
          }
          if (t.lower == "backup" && i + 1 < stmt_end) {
            Blank(text, t);
            Blank(text, tokens[i + 1]);
            options["backup"] = tokens[i + 1].lower;
            i += 2;
            continue;
          }
          if ((t.lower == "encode") && i + 1 < stmt_end) {
            Blank(text, t);
            Blank(text, tokens[i + 1]);
            options["encode"] = tokens[i + 1].lower;
            i += 2;
            continue;
          }
          if (t.lower == "compound" || t.lower == "interleaved") {
            Blank(text, t);
            options["sortstyle"] = t.lower;
            i++;
            continue;
          }
          if ((t.lower == "distkey" || t.lower == "sortkey") && i + 1 < stmt_end && tokens[i + 1].lower == "(") {
            Blank(text, t);
            i++;
            options[t.lower] = TakeParenList(text, tokens, i);
            continue;
          }
          if (t.lower == "as" || t.lower == "with") break;  // CTAS query or WITH options follow
        }
        i++;
      }
      if (!options.empty()) ext.table_options[tokens[stmt_begin].start] = std::move(options);
    }
    stmt_begin = stmt_end + 1;
  }
}

}  // namespace

std::vector<std::unique_ptr<Statement>> Parser::Parse(std::string_view sql) {
  std::string text(sql);
  Extensions ext;
  std::string scan_copy(sql);
  std::vector<Token> tokens = Scan(sql, scan_copy);
  StripRedshiftSyntax(sql, text, tokens, ext);
  PgQueryProtobufParseResult result = pg_query_parse_protobuf(text.c_str());
  if (result.error) {
    std::string message = result.error->message ? result.error->message : "";
    PgQueryError error_copy = *result.error;
    std::string msg_storage = message;
    error_copy.message = msg_storage.data();
    pg_query_free_protobuf_parse_result(result);
    ThrowParseError(sql, &error_copy);
  }
  PgQuery__ParseResult* tree = pg_query__parse_result__unpack(
      nullptr, result.parse_tree.len, reinterpret_cast<const uint8_t*>(result.parse_tree.data));
  std::vector<std::unique_ptr<Statement>> statements;
  try {
    for (size_t i = 0; i < tree->n_stmts; i++) {
      PgQuery__RawStmt* raw = tree->stmts[i];
      int begin = raw->stmt_location;
      int len = raw->stmt_len > 0 ? raw->stmt_len : static_cast<int>(sql.size()) - begin;
      Transformer transformer(sql, ext.approximate_calls);
      std::unique_ptr<Statement> statement = transformer.TransformStatement(raw->stmt);
      statement->location = begin;
      statement->text = std::string(sql.substr(begin, len));
      if (statement->kind == StatementKind::kCreateView) {
        // The view's query as written: everything after the first top-level AS.
        int depth = 0;
        for (size_t t = 0; t < tokens.size(); t++) {
          if (tokens[t].start < begin || tokens[t].start >= begin + len) continue;
          if (tokens[t].lower == "(") depth++;
          if (tokens[t].lower == ")") depth--;
          if (depth == 0 && tokens[t].lower == "as" && t + 1 < tokens.size()) {
            int query_start = tokens[t + 1].start;
            int query_end = begin + len;
            // A materialized view's query ends before WITH [NO] DATA.
            std::vector<size_t> in_statement;
            for (size_t u = t + 1; u < tokens.size() && tokens[u].start < begin + len; u++) in_statement.push_back(u);
            size_t n = in_statement.size();
            auto word = [&](size_t from_end) { return tokens[in_statement[n - from_end]].lower; };
            if (n >= 3 && word(1) == "data" && word(2) == "with") query_end = tokens[in_statement[n - 2]].start;
            if (n >= 4 && word(1) == "data" && word(2) == "no" && word(3) == "with") {
              query_end = tokens[in_statement[n - 3]].start;
            }
            while (query_end > query_start && std::isspace(static_cast<unsigned char>(sql[query_end - 1]))) query_end--;
            static_cast<CreateViewStatement&>(*statement).query_text =
                std::string(sql.substr(query_start, query_end - query_start));
            break;
          }
        }
      }
      if (statement->kind == StatementKind::kCopy) {
        for (auto& [offset, options] : ext.copy_options) {
          if (offset >= begin && offset < begin + len) {
            for (auto& [name, value] : options) static_cast<CopyStatement&>(*statement).options[name] = value;
          }
        }
      }
      if (statement->kind == StatementKind::kAlter) {
        auto& alter = static_cast<AlterStatement&>(*statement);
        for (auto& action : alter.actions) {
          if (action.kind != AlterAction::Kind::kRedshiftKeys) continue;
          bool found = false;
          for (auto& [offset, options] : ext.alter_options) {
            if (offset >= begin && offset < begin + len) {
              action.options = options;
              found = true;
            }
          }
          if (!found || alter.actions.size() != 1) {
            throw SqlError(ErrorCode::kFeatureNotSupported, "ALTER TABLE ... RESET is not supported");
          }
        }
      }
      if (statement->kind == StatementKind::kCreateTable) {
        // The statement may begin with whitespace or comments before CREATE.
        for (auto& [offset, options] : ext.table_options) {
          if (offset >= begin && offset < begin + len) {
            static_cast<CreateTableStatement&>(*statement).options = options;
          }
        }
      }
      statements.push_back(std::move(statement));
    }
  } catch (...) {
    pg_query__parse_result__free_unpacked(tree, nullptr);
    pg_query_free_protobuf_parse_result(result);
    throw;
  }
  pg_query__parse_result__free_unpacked(tree, nullptr);
  pg_query_free_protobuf_parse_result(result);
  return statements;
}

}  // namespace stockroom
