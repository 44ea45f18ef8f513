#include "main/notice.hpp"

namespace stockroom {

namespace {

constexpr const char* kLevelNames[] = {"debug5", "debug4", "debug3", "debug2", "debug1",
                                       "log",    "notice", "warning", "error"};

}  // namespace

std::optional<MessageLevel> ParseMessageLevel(const std::string& name) {
  std::string lower;
  for (char c : name) lower += static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
  if (lower == "debug") return MessageLevel::kDebug2;  // PostgreSQL's alias
  if (lower == "info") return MessageLevel::kNotice;   // INFO is always sent: nothing changes below notice
  for (size_t i = 0; i < std::size(kLevelNames); i++) {
    if (lower == kLevelNames[i]) return static_cast<MessageLevel>(i);
  }
  return std::nullopt;
}

const char* MessageLevelName(MessageLevel level) { return kLevelNames[static_cast<size_t>(level)]; }

}  // namespace stockroom
