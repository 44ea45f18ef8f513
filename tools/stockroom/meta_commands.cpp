#include "meta_commands.hpp"

#include <algorithm>
#include <memory>

#include "catalog/catalog.hpp"
#include "main/connection.hpp"
#include "main/database.hpp"
#include "result_printer.hpp"

namespace stockroom {

namespace {

constexpr const char* kHelpText =
    "General\n"
    "  \\q                      quit stockroom\n"
    "  \\?                      show this help\n"
    "\n"
    "Query Buffer\n"
    "  \\g                      execute the query buffer\n"
    "  \\r                      reset (clear) the query buffer\n"
    "\n"
    "Input/Output\n"
    "  \\echo [STRING]          write string to standard output\n"
    "  \\i FILE                 execute commands from file\n"
    "\n"
    "Informational\n"
    "  \\d [NAME]               list tables and views, or describe table or view NAME\n"
    "  \\dt [PATTERN]           list tables\n"
    "  \\dv [PATTERN]           list views\n"
    "  \\dn [PATTERN]           list schemas\n"
    "\n"
    "Settings\n"
    "  \\timing [on|off]        toggle timing of commands\n"
    "  \\set VERBOSITY default|verbose|terse|sqlstate\n"
    "                          how much of an error to show (verbose adds the SQLSTATE)\n"
    "\n"
    "SQL statements end with a semicolon. Data is kept in memory for now.\n";

bool IsSpace(char c) { return c == ' ' || c == '\t' || c == '\n' || c == '\r' || c == '\f' || c == '\v'; }

// A name pattern of \d: unquoted letters fold to lower case, '*' matches any run of
// characters, '?' any one, '.' separates schema and name; double quotes quote.
struct NamePattern {
  struct Token {
    enum class Kind : unsigned char { kChar, kAny, kOne } kind;
    char c;
  };
  using Glob = std::vector<Token>;
  bool has_schema = false;
  Glob schema;
  Glob name;

  static NamePattern Parse(std::string_view text) {
    std::vector<Glob> parts(1);
    bool quoted = false;
    for (size_t i = 0; i < text.size(); i++) {
      char c = text[i];
      if (c == '"') {
        if (quoted && i + 1 < text.size() && text[i + 1] == '"') {
          parts.back().push_back({Token::Kind::kChar, '"'});
          i++;
        } else {
          quoted = !quoted;
        }
      } else if (quoted) {
        parts.back().push_back({Token::Kind::kChar, c});
      } else if (c == '.') {
        parts.emplace_back();
      } else if (c == '*') {
        parts.back().push_back({Token::Kind::kAny, 0});
      } else if (c == '?') {
        parts.back().push_back({Token::Kind::kOne, 0});
      } else {
        parts.back().push_back(
            {Token::Kind::kChar, (c >= 'A' && c <= 'Z') ? static_cast<char>(c - 'A' + 'a') : c});
      }
    }
    NamePattern pattern;
    for (Glob* g : {&parts.back(), parts.size() >= 2 ? &parts[parts.size() - 2] : nullptr}) {
      if (g && g->empty()) g->push_back({Token::Kind::kAny, 0});  // "s." means every name in s
    }
    pattern.name = parts.back();
    if (parts.size() >= 2) {
      pattern.has_schema = true;
      pattern.schema = parts[parts.size() - 2];
    }
    return pattern;
  }

  static bool Matches(const Glob& glob, size_t g, std::string_view text, size_t t) {
    while (g < glob.size()) {
      const Token& token = glob[g];
      if (token.kind == Token::Kind::kAny) {
        for (size_t k = t; k <= text.size(); k++) {
          if (Matches(glob, g + 1, text, k)) return true;
        }
        return false;
      }
      if (t >= text.size()) return false;
      if (token.kind == Token::Kind::kChar && token.c != text[t]) return false;
      g++;
      t++;
    }
    return t == text.size();
  }

  bool MatchesEntry(const CatalogEntry& entry) const {
    return (!has_schema || Matches(schema, 0, entry.schema, 0)) && Matches(name, 0, entry.name, 0);
  }
};

enum class RelationFilter : unsigned char { kAll, kTables, kViews };

bool PassesFilter(const CatalogEntry& entry, RelationFilter filter) {
  switch (filter) {
    case RelationFilter::kAll:
      return true;
    case RelationFilter::kTables:
      return entry.kind == CatalogEntryKind::kTable;
    case RelationFilter::kViews:
      return entry.kind == CatalogEntryKind::kView;
  }
  return true;
}

// Returns the relations matching `pattern` (all visible ones when it is empty), ordered by
// schema and name. Without a schema in the pattern only relations visible through the
// search path count, as psql's pg_table_is_visible: the first schema holding a name wins.
std::vector<std::shared_ptr<CatalogEntry>> FindRelations(Connection& connection, const std::string& pattern,
                                                         RelationFilter filter) {
  Catalog& catalog = connection.db().catalog();
  NamePattern parsed = NamePattern::Parse(pattern);
  std::vector<std::shared_ptr<CatalogEntry>> found;
  if (!pattern.empty() && parsed.has_schema) {
    for (auto& entry : catalog.AllEntries()) {
      if (PassesFilter(*entry, filter) && parsed.MatchesEntry(*entry)) found.push_back(entry);
    }
  } else {
    std::vector<std::string> seen;
    for (const std::string& schema : connection.settings().search_path) {
      for (auto& entry : catalog.Entries(schema)) {
        if (std::find(seen.begin(), seen.end(), entry->name) != seen.end()) continue;
        seen.push_back(entry->name);
        if (!PassesFilter(*entry, filter)) continue;
        if (pattern.empty() || parsed.MatchesEntry(*entry)) found.push_back(entry);
      }
    }
  }
  std::sort(found.begin(), found.end(), [](const auto& a, const auto& b) {
    return a->schema != b->schema ? a->schema < b->schema : a->name < b->name;
  });
  return found;
}

void PrintTable(SqlShell& shell, const TextTable& table, PrintOptions print) {
  print.tuples_only = shell.options().tuples_only;
  std::string out;
  if (shell.options().csv) {
    PrintCsv(table, print, out);
  } else {
    PrintAligned(table, print, out);
  }
  shell.Out(out);
}

ShellStatus ListRelations(SqlShell& shell, const std::string& pattern, RelationFilter filter) {
  auto relations = FindRelations(shell.connection(), pattern, filter);
  if (relations.empty()) {
    if (pattern.empty()) {
      shell.Complain("Did not find any relations.");
    } else {
      shell.Complain("Did not find any relation named \"" + pattern + "\".");
    }
    return ShellStatus::kError;
  }
  TextTable table;
  table.headers = {"Schema", "Name", "Type", "Owner"};
  table.right_align.assign(4, false);
  for (const auto& entry : relations) {
    table.cells.insert(table.cells.end(),
                       {entry->schema, entry->name, entry->KindName(), shell.connection().settings().user});
  }
  PrintOptions print;
  print.title = "List of relations";
  PrintTable(shell, table, print);
  return ShellStatus::kOk;
}

ShellStatus ListSchemas(SqlShell& shell, const std::string& pattern) {
  NamePattern parsed = NamePattern::Parse(pattern);
  TextTable table;
  table.headers = {"Name", "Owner"};
  table.right_align.assign(2, false);
  std::vector<std::string> names = shell.connection().db().catalog().SchemaNames();
  std::sort(names.begin(), names.end());
  for (const std::string& name : names) {
    if (pattern.empty() && (name.rfind("pg_", 0) == 0 || name == "information_schema")) continue;
    if (!pattern.empty() && !NamePattern::Matches(parsed.name, 0, name, 0)) continue;
    table.cells.insert(table.cells.end(), {name, shell.connection().settings().user});
  }
  if (table.cells.empty() && !pattern.empty()) {
    shell.Complain("Did not find any schema named \"" + pattern + "\".");
    return ShellStatus::kError;
  }
  PrintOptions print;
  print.title = "List of schemas";
  PrintTable(shell, table, print);
  return ShellStatus::kOk;
}

void DescribeRelation(SqlShell& shell, const CatalogEntry& entry) {
  TextTable table;
  table.headers = {"Column", "Type", "Collation", "Nullable", "Default"};
  table.right_align.assign(5, false);
  std::string kind = "Table";
  if (auto* t = dynamic_cast<const TableEntry*>(&entry)) {
    for (const ColumnInfo& column : t->columns) {
      table.cells.insert(table.cells.end(), {column.name, column.type.ToString(), "",
                                             column.not_null ? "not null" : "", column.default_sql});
    }
  } else if (auto* v = dynamic_cast<const ViewEntry*>(&entry)) {
    kind = "View";
    for (size_t i = 0; i < v->column_names.size(); i++) {
      std::string type = i < v->column_types.size() ? v->column_types[i].ToString() : "";
      table.cells.insert(table.cells.end(), {v->column_names[i], type, "", "", ""});
    }
  }
  if (entry.kind == CatalogEntryKind::kMaterializedView) kind = "Materialized view";
  PrintOptions print;
  print.title = kind + " \"" + entry.schema + "." + entry.name + "\"";
  print.footer = false;
  PrintTable(shell, table, print);
}

ShellStatus Describe(SqlShell& shell, const std::string& pattern) {
  auto relations = FindRelations(shell.connection(), pattern, RelationFilter::kAll);
  if (relations.empty()) {
    shell.Complain("Did not find any relation named \"" + pattern + "\".");
    return ShellStatus::kError;
  }
  for (const auto& entry : relations) DescribeRelation(shell, *entry);
  return ShellStatus::kOk;
}

// Parses psql's boolean words for \timing; returns false if `text` is none of them.
bool ParseBool(std::string_view text, bool* value) {
  std::string lower;
  for (char c : text) lower += (c >= 'A' && c <= 'Z') ? static_cast<char>(c - 'A' + 'a') : c;
  if (lower.empty()) return false;
  auto prefix_of = [&](std::string_view word) { return word.substr(0, lower.size()) == lower; };
  if (lower == "1" || prefix_of("true") || prefix_of("yes") || (lower.size() >= 2 && prefix_of("on"))) {
    *value = true;
    return true;
  }
  if (lower == "0" || prefix_of("false") || prefix_of("no") || (lower.size() >= 2 && prefix_of("off"))) {
    *value = false;
    return true;
  }
  return false;
}

ShellStatus SetVariable(SqlShell& shell, const std::vector<std::string>& args) {
  if (args.empty()) {
    shell.Out("VERBOSITY = '");
    switch (shell.options().verbosity) {
      case ErrorVerbosity::kDefault:
        shell.Out("default");
        break;
      case ErrorVerbosity::kVerbose:
        shell.Out("verbose");
        break;
      case ErrorVerbosity::kTerse:
        shell.Out("terse");
        break;
      case ErrorVerbosity::kSqlState:
        shell.Out("sqlstate");
        break;
    }
    shell.Out("'\n");
    return ShellStatus::kOk;
  }
  if (args[0] != "VERBOSITY") {
    shell.Complain("\\set: only VERBOSITY is supported");
    return ShellStatus::kError;
  }
  std::string value;
  for (size_t i = 1; i < args.size(); i++) value += args[i];
  ErrorVerbosity verbosity;
  if (!ParseVerbosity(value, &verbosity)) {
    shell.Complain("unrecognized value \"" + value +
                   "\" for \"VERBOSITY\"\nAvailable values are: default, verbose, terse, sqlstate.");
    return ShellStatus::kError;
  }
  shell.options().verbosity = verbosity;
  return ShellStatus::kOk;
}

}  // namespace

bool ParseVerbosity(std::string_view text, ErrorVerbosity* verbosity) {
  if (text == "default") {
    *verbosity = ErrorVerbosity::kDefault;
  } else if (text == "verbose") {
    *verbosity = ErrorVerbosity::kVerbose;
  } else if (text == "terse") {
    *verbosity = ErrorVerbosity::kTerse;
  } else if (text == "sqlstate") {
    *verbosity = ErrorVerbosity::kSqlState;
  } else {
    return false;
  }
  return true;
}

std::vector<std::string> SplitMetaArguments(std::string_view text) {
  std::vector<std::string> args;
  size_t i = 0;
  while (i < text.size()) {
    while (i < text.size() && IsSpace(text[i])) i++;
    if (i >= text.size()) break;
    std::string arg;
    while (i < text.size() && !IsSpace(text[i])) {
      char c = text[i];
      if (c == '\'') {
        i++;
        while (i < text.size()) {
          if (text[i] == '\'') {
            if (i + 1 < text.size() && text[i + 1] == '\'') {
              arg += '\'';
              i += 2;
              continue;
            }
            i++;
            break;
          }
          if (text[i] == '\\' && i + 1 < text.size()) {
            char e = text[i + 1];
            arg += e == 'n' ? '\n' : e == 't' ? '\t' : e == 'r' ? '\r' : e;
            i += 2;
            continue;
          }
          arg += text[i++];
        }
      } else if (c == '"') {
        arg += text[i++];
        while (i < text.size()) {
          arg += text[i];
          if (text[i++] == '"') {
            if (i < text.size() && text[i] == '"') {
              arg += text[i++];
              continue;
            }
            break;
          }
        }
      } else {
        arg += c;
        i++;
      }
    }
    args.push_back(std::move(arg));
  }
  return args;
}

ShellStatus RunMetaCommand(SqlShell& shell, std::string_view line, std::string& query_buffer,
                           bool* send_buffer) {
  *send_buffer = false;
  size_t name_end = 1;
  while (name_end < line.size() && !IsSpace(line[name_end]) && (name_end == 1 || line[name_end] != '\\'))
    name_end++;
  std::string name(line.substr(1, name_end - 1));
  std::string_view rest = line.substr(name_end);
  std::vector<std::string> args = SplitMetaArguments(rest);
  std::string first = args.empty() ? "" : args[0];
  // "\d+" and friends show the same here: there are no extra details yet.
  std::string base = name;
  if (base.size() > 1 && base.back() == '+') base.pop_back();

  if (base == "q" || base == "quit") return ShellStatus::kQuit;
  if (base == "?") {
    shell.Out(kHelpText);
    return ShellStatus::kOk;
  }
  if (base == "g") {
    *send_buffer = true;
    return ShellStatus::kOk;
  }
  if (base == "r") {
    query_buffer.clear();
    if (shell.interactive()) shell.Out("Query buffer reset (cleared).\n");
    return ShellStatus::kOk;
  }
  if (base == "echo") {
    std::string out;
    for (size_t i = 0; i < args.size(); i++) {
      if (i > 0) out += ' ';
      out += args[i];
    }
    shell.Out(out + "\n");  // psql ends the line
    return ShellStatus::kOk;
  }
  if (base == "i" || base == "include") {
    if (first.empty()) {
      shell.Complain("\\" + name + ": missing required argument");
      return ShellStatus::kError;
    }
    return shell.RunFile(first, shell.StopsOnError());
  }
  if (base == "timing") {
    bool on = !shell.timing();
    if (!first.empty() && !ParseBool(first, &on)) {
      shell.Complain("unrecognized value \"" + first + "\" for \"\\timing\": Boolean expected");
      return ShellStatus::kError;
    }
    shell.timing() = on;
    shell.Out(on ? "Timing is on.\n" : "Timing is off.\n");
    return ShellStatus::kOk;
  }
  if (base == "set") return SetVariable(shell, args);
  if (base == "d")
    return first.empty() ? ListRelations(shell, "", RelationFilter::kAll) : Describe(shell, first);
  if (base == "dt") return ListRelations(shell, first, RelationFilter::kTables);
  if (base == "dv") return ListRelations(shell, first, RelationFilter::kViews);
  if (base == "dn") return ListSchemas(shell, first);
  shell.Complain("invalid command \\" + name + (shell.interactive() ? "\nTry \\? for help." : ""));
  return ShellStatus::kError;
}

}  // namespace stockroom
