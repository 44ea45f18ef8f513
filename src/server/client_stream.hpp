#pragma once

#include <atomic>
#include <chrono>
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
// them (authentication_timeout). Not thread-safe, except Shutdown().
class ClientStream {
 public:
  explicit ClientStream(int fd);
  ~ClientStream();
  ClientStream(const ClientStream&) = delete;
  ClientStream& operator=(const ClientStream&) = delete;

  // Reads exactly `size` bytes; throws ClientGone at EOF or on an error, and when the
  // deadline passes.
  void ReadExact(char* out, size_t size);
  // Sends every byte; throws ClientGone when the client cannot take them.
  void Write(std::string_view bytes);
  // The TLS handshake as the server (after answering an SSLRequest with 'S'); throws
  // ClientGone when it fails.
  void StartTls(SSL_CTX* context);
  bool tls() const { return ssl_ != nullptr; }
  // Bytes received but not read yet (a client must not send any after SSLRequest).
  size_t buffered() const { return end_ - begin_; }
  // Reads past this time point fail; time_point::max() for none.
  void SetDeadline(std::chrono::steady_clock::time_point deadline) { deadline_ = deadline; }
  // Wakes a blocked read or write from another thread and makes them fail (shutdown).
  void Shutdown();
  int fd() const { return fd_; }

 private:
  // Waits until the socket is readable (false: the deadline passed).
  bool WaitReadable();
  void Fill();

  int fd_;
  SSL* ssl_ = nullptr;
  char buffer_[16384];
  size_t begin_ = 0, end_ = 0;
  std::chrono::steady_clock::time_point deadline_ = std::chrono::steady_clock::time_point::max();
};

}  // namespace stockroom
