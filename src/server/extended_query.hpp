#pragma once

#include <memory>

#include "server/message_channel.hpp"

namespace stockroom {

class Connection;

// The extended query protocol's messages (Parse, Bind, Describe, Execute, Close) for one
// session: named and unnamed statements and portals, parameters in text or binary format,
// binary result columns, Execute row limits (PortalSuspended). Runs on the engine's
// prepared statements (Connection::Prepare / Execute, main/prepared_statement.hpp) and value
// formats (common/types/pg_value_format.hpp). Sync, Flush and the skip-to-Sync after an error are the session's.
class ExtendedQuery {
 public:
  ExtendedQuery(Connection& connection, MessageChannel& channel);
  ~ExtendedQuery();

  // Handles one P/B/D/E/C message, writing its answer; throws SqlError on failure (the
  // session reports it and skips to Sync).
  void Handle(const FrontendMessage& message);
  // At Sync: portals end with the transaction (none are WITH HOLD).
  void Sync();

 private:
  struct State;
  std::unique_ptr<State> state_;
};

}  // namespace stockroom
