#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <utility>
#include <vector>

#include "common/error/exception.hpp"

namespace stockroom {

// Message levels in client_min_messages' order (PostgreSQL's, without INFO, which is
// always sent): a session receives the notices at or above its setting.
enum class MessageLevel : uint8_t { kDebug5, kDebug4, kDebug3, kDebug2, kDebug1, kLog, kNotice, kWarning, kError };

// "notice" → kNotice (client_min_messages' values, case-insensitive); nullopt otherwise.
std::optional<MessageLevel> ParseMessageLevel(const std::string& name);
// kNotice → "notice", as SHOW client_min_messages prints it.
const char* MessageLevelName(MessageLevel level);

// A message a statement sends the client beside its result: PostgreSQL's NOTICE ("table
// \"x\" does not exist, skipping") or WARNING ("there is no transaction in progress"), with
// a SQLSTATE, message, detail and hint like an error. The wire server sends it as a
// NoticeResponse before the statement's CommandComplete; the shell prints it.
struct Notice {
  MessageLevel level = MessageLevel::kNotice;
  SqlError message;
  // "NOTICE" or "WARNING": the S and V fields of the NoticeResponse.
  const char* severity() const { return level == MessageLevel::kWarning ? "WARNING" : "NOTICE"; }
};

// The notices of a session's statements until the client takes them.
class NoticeList {
 public:
  // Keeps `message` when `level` reaches `min_level` (the session's client_min_messages).
  void Add(MessageLevel level, SqlError message, MessageLevel min_level) {
    if (level >= min_level) notices_.push_back(Notice{level, std::move(message)});
  }
  std::vector<Notice> Take() { return std::exchange(notices_, {}); }
  bool empty() const { return notices_.empty(); }

 private:
  std::vector<Notice> notices_;
};

}  // namespace stockroom
