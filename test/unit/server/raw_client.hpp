#pragma once

// Raw socket helpers for the wire tests: what no real client sends (garbage, half messages,
// silent connections) and hand-made protocol messages.
#include <arpa/inet.h>
#include <netinet/in.h>
#include <sys/socket.h>
#include <sys/time.h>
#include <unistd.h>

#include <cstdint>
#include <string>

namespace stockroom {

// A TCP connection to 127.0.0.1:port with a 10 s receive timeout; -1 when refused.
inline int ConnectRaw(int port) {
  int fd = ::socket(AF_INET, SOCK_STREAM, 0);
  sockaddr_in address{};
  address.sin_family = AF_INET;
  address.sin_port = htons(port);
  inet_pton(AF_INET, "127.0.0.1", &address.sin_addr);
  if (::connect(fd, reinterpret_cast<sockaddr*>(&address), sizeof(address)) != 0) {
    ::close(fd);
    return -1;
  }
  timeval timeout{10, 0};
  setsockopt(fd, SOL_SOCKET, SO_RCVTIMEO, &timeout, sizeof(timeout));
  return fd;
}

// Sends `bytes`, ends the sending side, and returns everything the server answers until it
// closes.
inline std::string SendRaw(int port, const std::string& bytes) {
  int fd = ConnectRaw(port);
  if (fd < 0) return "<no connection>";
  ::send(fd, bytes.data(), bytes.size(), MSG_NOSIGNAL);
  ::shutdown(fd, SHUT_WR);  // the server sees the end of what we send
  std::string answer;
  char buffer[4096];
  ssize_t n;
  while ((n = ::recv(fd, buffer, sizeof(buffer), 0)) > 0) answer.append(buffer, n);
  ::close(fd);
  return answer;
}

inline std::string Int32Bytes(uint32_t v) {
  v = htonl(v);
  return std::string(reinterpret_cast<const char*>(&v), 4);
}

inline std::string StartupPacket(const std::string& user) {
  std::string body = Int32Bytes(196608) + "user" + std::string(1, '\0') + user + std::string(1, '\0') + "database" +
                     std::string(1, '\0') + "stockroom" + std::string(2, '\0');
  return Int32Bytes(body.size() + 4) + body;
}

// A typed frontend message: type byte, int32 length, body.
inline std::string Message(char type, const std::string& body) {
  return std::string(1, type) + Int32Bytes(body.size() + 4) + body;
}

}  // namespace stockroom
