#pragma once

#include <atomic>
#include <chrono>
#include <cstdint>
#include <stdexcept>
#include <string>
#include <string_view>

typedef struct ssl_st SSL;
typedef struct ssl_ctx_st SSL_CTX;

namespace stockroom {

// The client went away (EOF, reset) or the server is shutting the connection: the session
// ends without another message.
class ClientGone : public std::runtime_error {
 public:
  using std::runtime_error::runtime_error;
};

// One client's socket, plain or TLS after StartTls. Reads are buffered; a deadline bounds
// them (authentication_timeout). Not thread-safe, except Shutdown(). Subclasses replace the
// transport (Fill, Write): the protocol fuzzer's in-memory stream.
class ClientStream {
 public:
  explicit ClientStream(int fd);
  virtual ~ClientStream();
  ClientStream(const ClientStream&) = delete;
  ClientStream& operator=(const ClientStream&) = delete;

  // Reads exactly `size` bytes; throws ClientGone at EOF or on an error, and when the
  // deadline passes.
  void ReadExact(char* out, size_t size);
  // Sends every byte; throws ClientGone when the client cannot take them.
  virtual void Write(std::string_view bytes);
  // The TLS handshake as the server (after answering an SSLRequest with 'S'); throws
  // ClientGone when it fails.
  virtual void StartTls(SSL_CTX* context);
  bool tls() const { return ssl_ != nullptr; }
  // Bytes received but not read yet (a client must not send any after SSLRequest).
  size_t buffered() const { return end_ - begin_; }
  // Reads past this time point fail; time_point::max() for none.
  void SetDeadline(std::chrono::steady_clock::time_point deadline) { deadline_ = deadline; }
  // Wakes a blocked read or write from another thread and makes them fail (shutdown).
  void Shutdown();
  int fd() const { return fd_; }

 protected:
  // Refills buffer_ with at least one byte (begin_ = 0, end_ = count); throws ClientGone.
  virtual void Fill();
  char buffer_[16384];
  size_t begin_ = 0, end_ = 0;

 private:
  // Waits until the socket is readable (false: the deadline passed).
  bool WaitReadable();

  int fd_;
  SSL* ssl_ = nullptr;
  std::chrono::steady_clock::time_point deadline_ = std::chrono::steady_clock::time_point::max();
};

// A client's byte stream held in memory (the protocol fuzzer, tests): reads come from
// `input` and end with ClientGone at its end; what the server writes is kept in output(),
// up to `max_output` bytes: past that the client counts as gone (as one that stopped
// reading), so a huge result cannot take unbounded memory.
class MemoryClientStream : public ClientStream {
 public:
  explicit MemoryClientStream(std::string input, size_t max_output = SIZE_MAX)
      : ClientStream(-1), input_(std::move(input)), max_output_(max_output) {}

  void Write(std::string_view bytes) override {
    if (bytes.size() > max_output_ - output_.size()) throw ClientGone("output limit reached");
    output_.append(bytes);
  }
  void StartTls(SSL_CTX*) override { throw ClientGone("no TLS on an in-memory stream"); }
  const std::string& output() const { return output_; }

 protected:
  void Fill() override;

 private:
  std::string input_;
  size_t read_ = 0;
  size_t max_output_;
  std::string output_;
};

}  // namespace stockroom
