#include "server/message_channel.hpp"

#include <arpa/inet.h>

#include <algorithm>
#include <cstring>

namespace stockroom {

namespace {

uint32_t ReadLength(ClientStream& stream) {
  uint32_t length;
  stream.ReadExact(reinterpret_cast<char*>(&length), 4);
  return ntohl(length);
}

}  // namespace

std::string MessageChannel::ReadBody(uint32_t length) {
  std::string body;
  constexpr size_t kStep = 1 << 20;
  while (body.size() < length) {
    size_t take = std::min<size_t>(kStep, length - body.size());
    size_t at = body.size();
    body.resize(at + take);
    stream_.ReadExact(body.data() + at, take);
  }
  return body;
}

FrontendMessage MessageChannel::Read(uint32_t max_bytes) {
  FrontendMessage message;
  stream_.ReadExact(&message.type, 1);
  uint32_t length = ReadLength(stream_);
  if (length < 4 || length - 4 > max_bytes) {
    throw ProtocolViolation("invalid message length " + std::to_string(length) + " for message type \"" +
                            std::string(1, message.type) + "\"");
  }
  message.body = ReadBody(length - 4);
  return message;
}

std::string MessageChannel::ReadStartupPacket(uint32_t max_bytes) {
  uint32_t length = ReadLength(stream_);
  if (length < 8 || length - 4 > max_bytes) throw ProtocolViolation("invalid length of startup packet");
  return ReadBody(length - 4);
}

void MessageChannel::Flush() {
  if (out_.size() == 0) return;
  stream_.Write(out_.buffer());
  out_.Clear();
}

}  // namespace stockroom
