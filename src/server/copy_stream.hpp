#pragma once

#include <cstdint>
#include <memory>
#include <string>

#include "main/copy_streams.hpp"
#include "server/message_channel.hpp"

namespace stockroom {

// COPY FROM STDIN and COPY TO STDOUT over the protocol: CopyInResponse then the client's
// CopyData ... CopyDone (or CopyFail), and CopyOutResponse, CopyData ..., CopyDone.
class WireCopyStreams : public CopyStreams {
 public:
  WireCopyStreams(MessageChannel& channel, uint32_t max_message_bytes)
      : channel_(channel), max_message_bytes_(max_message_bytes) {}

  std::unique_ptr<ByteSource> OpenCopyIn(size_t columns, bool binary) override;
  std::unique_ptr<ByteSink> OpenCopyOut(size_t columns, bool binary) override;

  // Whether a COPY FROM STDIN started and the client's CopyDone / CopyFail has not been read
  // (after a failed COPY its remaining messages are then dropped by the session).
  bool copy_in_open() const { return copy_in_open_; }
  void set_copy_in_open(bool open) { copy_in_open_ = open; }
  MessageChannel& channel() { return channel_; }
  uint32_t max_message_bytes() const { return max_message_bytes_; }

 private:
  MessageChannel& channel_;
  uint32_t max_message_bytes_;
  bool copy_in_open_ = false;
};

}  // namespace stockroom
