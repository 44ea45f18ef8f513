#pragma once

#include <chrono>
#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include <netinet/in.h>

namespace stockroom {

enum class TlsMode : uint8_t { kOff, kOptional, kRequired };
enum class AuthMethod : uint8_t { kTrust, kReject, kPassword, kMd5, kScramSha256 };

// One pg_hba-style rule: which connections it matches and how they authenticate. The first
// matching rule decides; no match is refused (as pg_hba.conf without a line for it).
struct HbaRule {
  enum class Type : uint8_t { kHost, kHostSsl, kHostNoSsl } type = Type::kHost;
  std::string database = "all";  // a name or "all"
  std::string user = "all";      // a name or "all"
  std::string address = "all";   // CIDR ("127.0.0.1/32", "::1/128", "0.0.0.0/0") or "all"
  AuthMethod method = AuthMethod::kScramSha256;

  bool Matches(bool tls, const std::string& database_name, const std::string& user_name,
               const sockaddr_storage& client) const;
};

// What `stockroom serve --config FILE` reads (docs/server.md, "Wire protocol").
struct ServerConfig {
  std::string listen = "127.0.0.1";
  int port = 5439;
  int max_connections = 100;
  std::string database = "stockroom";  // the one database's name clients must ask for
  TlsMode tls_mode = TlsMode::kOff;
  std::string tls_cert;
  std::string tls_key;
  std::vector<HbaRule> hba = {HbaRule{}};  // default: scram-sha-256 for everyone
  std::chrono::milliseconds authentication_timeout{60000};
  uint32_t max_message_bytes = 1u << 30;  // after startup (CopyData, queries)
  uint32_t max_startup_bytes = 10000;     // the startup packet, before authentication
};

// Reads a YAML configuration; throws SqlError F0000 naming the file and the problem.
ServerConfig LoadServerConfig(const std::string& path);

// "scram-sha-256", "md5", ... → the method; nullopt for an unknown name.
std::optional<AuthMethod> ParseAuthMethod(const std::string& name);
const char* AuthMethodName(AuthMethod method);

// Whether `client` lies in `cidr` ("10.0.0.0/8", "::1/128", a bare address = one host);
// nullopt when `cidr` is malformed.
std::optional<bool> AddressInCidr(const sockaddr_storage& client, const std::string& cidr);

}  // namespace stockroom
