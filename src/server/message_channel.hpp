#pragma once

#include <cstdint>
#include <string>

#include "server/client_stream.hpp"
#include "server/protocol_messages.hpp"

namespace stockroom {

// One received message: its type byte and body (without the length).
struct FrontendMessage {
  char type = 0;
  std::string body;
};

// A session's two directions: framed messages in, a buffer of backend messages out.
class MessageChannel {
 public:
  explicit MessageChannel(ClientStream& stream) : stream_(stream) {}

  // Reads one typed message; a length under 4 or over `max_bytes` is a protocol violation
  // (08P01). The body grows as its bytes arrive, so a client claiming a huge length
  // without sending it costs no memory.
  FrontendMessage Read(uint32_t max_bytes);
  // Reads the untyped startup packet (length + body), at most `max_bytes` long.
  std::string ReadStartupPacket(uint32_t max_bytes);

  MessageWriter& out() { return out_; }
  // Sends what was written.
  void Flush();
  ClientStream& stream() { return stream_; }

 private:
  std::string ReadBody(uint32_t length);

  ClientStream& stream_;
  MessageWriter out_;
};

}  // namespace stockroom
