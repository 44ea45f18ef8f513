#include "server/copy_stream.hpp"

#include <cstdio>
#include <cstring>

namespace stockroom {

namespace {

// The client's CopyData as one byte stream. In text and csv format a line "\." alone ends
// the data, as the server reads it (psql 15 sends it before CopyDone); what follows up to
// CopyDone is read and dropped. Binary data is passed on as it is.
class WireCopySource : public ByteSource {
 public:
  WireCopySource(WireCopyStreams& streams, bool binary) : streams_(streams), binary_(binary) {}

  size_t Read(char* buffer, size_t size) override {
    if (binary_) return ReadBinary(buffer, size);
    size_t written = 0;
    while (written < size) {
      if (ended_) break;
      if (at_line_start_ && !EnsureBytes(4)) {
        // Fewer than 4 bytes before the end: a final "\." line without a newline.
        if (pending_.substr(offset_) == "\\." || pending_.substr(offset_) == "\\.\r") {
          ended_ = true;
          break;
        }
      }
      if (offset_ == pending_.size() && !EnsureBytes(1)) {
        ended_ = true;
        break;
      }
      std::string_view rest(pending_.data() + offset_, pending_.size() - offset_);
      if (at_line_start_ && (rest.substr(0, 3) == "\\.\n" || rest.substr(0, 4) == "\\.\r\n")) {
        ended_ = true;
        DrainToCopyDone();
        break;
      }
      const char* newline = static_cast<const char*>(std::memchr(rest.data(), '\n', rest.size()));
      size_t line = newline ? newline - rest.data() + 1 : rest.size();
      size_t take = std::min(line, size - written);
      std::memcpy(buffer + written, rest.data(), take);
      written += take;
      offset_ += take;
      at_line_start_ = newline && take == line;
    }
    return written;
  }

 private:
  size_t ReadBinary(char* buffer, size_t size) {
    size_t written = 0;
    while (written < size && EnsureBytes(1)) {
      size_t take = std::min(size - written, pending_.size() - offset_);
      std::memcpy(buffer + written, pending_.data() + offset_, take);
      offset_ += take;
      written += take;
    }
    return written;
  }

  // Reads CopyData until `count` unread bytes are buffered; false when CopyDone came first.
  bool EnsureBytes(size_t count) {
    while (pending_.size() - offset_ < count) {
      if (done_) return false;
      pending_.erase(0, offset_);
      offset_ = 0;
      FrontendMessage message = streams_.channel().Read(streams_.max_message_bytes());
      switch (message.type) {
        case 'd':
          pending_ += message.body;
          break;
        case 'c':
          done_ = true;
          streams_.set_copy_in_open(false);
          break;
        case 'f': {
          done_ = true;
          streams_.set_copy_in_open(false);
          MessageReader reader(message.body);
          std::string reason(reader.remaining() ? reader.CString() : std::string_view());
          throw SqlError(ErrorCode::kQueryCanceled, "COPY from stdin failed: " + reason);
        }
        case 'H':
        case 'S':
          break;  // Flush and Sync mean nothing during COPY, as in PostgreSQL
        default: {
          char text[64];
          std::snprintf(text, sizeof(text), "unexpected message type 0x%02X during COPY from stdin",
                        static_cast<unsigned char>(message.type));
          throw SqlError(ErrorCode::kProtocolViolation, text);
        }
      }
    }
    return true;
  }

  void DrainToCopyDone() {
    while (!done_) {
      pending_.clear();
      offset_ = 0;
      EnsureBytes(1);
    }
  }

  WireCopyStreams& streams_;
  bool binary_;
  std::string pending_;
  size_t offset_ = 0;
  bool at_line_start_ = true;
  bool done_ = false;   // CopyDone read
  bool ended_ = false;  // no more bytes for the reader
};

class WireCopySink : public ByteSink {
 public:
  explicit WireCopySink(MessageChannel& channel) : channel_(channel) {}

  void Write(std::string_view bytes) override {
    // One CopyData per 64 kB keeps messages small for the client.
    constexpr size_t kPiece = 1 << 16;
    while (!bytes.empty()) {
      size_t take = std::min(kPiece, bytes.size());
      channel_.out().CopyData(bytes.substr(0, take));
      bytes.remove_prefix(take);
      if (channel_.out().size() >= (1u << 20)) channel_.Flush();
    }
  }
  void Close() override { channel_.out().CopyDone(); }

 private:
  MessageChannel& channel_;
};

}  // namespace

std::unique_ptr<ByteSource> WireCopyStreams::OpenCopyIn(size_t columns, bool binary) {
  channel_.out().CopyResponse('G', columns, binary);
  channel_.Flush();
  copy_in_open_ = true;
  return std::make_unique<WireCopySource>(*this, binary);
}

std::unique_ptr<ByteSink> WireCopyStreams::OpenCopyOut(size_t columns, bool binary) {
  channel_.out().CopyResponse('H', columns, binary);
  return std::make_unique<WireCopySink>(channel_);
}

}  // namespace stockroom

