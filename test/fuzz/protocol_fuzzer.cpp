// Fuzzes the wire protocol decoder: every input is one client's whole byte stream (startup
// packet or SSLRequest/CancelRequest, authentication answers, then typed messages) fed to a
// real Session through an in-memory ClientStream, no sockets. Logins are trusted except for
// the users bob (md5), carol (cleartext password) and alice (SCRAM), so the authentication
// parsers are reached too. A protocol violation or an SQL error is an ordinary answer; a
// crash, a sanitizer report, a hang or an internal error (SQLSTATE XX000 in an
// ErrorResponse the server wrote) is a finding.
#include <netinet/in.h>

#include <chrono>
#include <cstdint>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <memory>
#include <string>
#include <string_view>

#include "cancel_watchdog.hpp"
#include "main/connection.hpp"
#include "main/database.hpp"
#include "security/password_hash.hpp"
#include "server/client_stream.hpp"
#include "server/server_config.hpp"
#include "server/session.hpp"

namespace {

using stockroom::AuthMethod;
using stockroom::HbaRule;

stockroom::Database* CreateDatabase() {
  auto* db = new stockroom::Database(stockroom::DatabaseConfig{"", 2});
  stockroom::Connection con(*db);
  con.Query(
      std::string("CREATE ROLE fuzz LOGIN SUPERUSER;") +
      "CREATE ROLE alice LOGIN PASSWORD 'wonderland';" +
      "CREATE ROLE bob LOGIN PASSWORD '" + stockroom::Md5PasswordHash("builder", "bob") + "';"  // md5, not SCRAM
      "CREATE ROLE carol LOGIN PASSWORD 'x';" +
      "CREATE TABLE t (a int, b text, c numeric(10,2), d date, e double precision, f boolean);"
      "INSERT INTO t VALUES (1, 'x', 1.50, '2024-01-01', 0.5, true), (2, NULL, -3.25, NULL, 1e10, false);");
  return db;
}

stockroom::ServerConfig CreateConfig() {
  stockroom::ServerConfig config;
  HbaRule alice, bob, carol, others;
  alice.user = "alice";
  alice.method = AuthMethod::kScramSha256;
  bob.user = "bob";
  bob.method = AuthMethod::kMd5;
  carol.user = "carol";
  carol.method = AuthMethod::kPassword;
  others.method = AuthMethod::kTrust;
  config.hba = {alice, bob, carol, others};
  // Large enough for every real message of the corpus, small enough that a claimed huge
  // CopyData cannot make one input take gigabytes.
  config.max_message_bytes = 1u << 20;
  return config;
}

// Whether the input may change the catalog or table contents: the database is then
// rebuilt, so every input starts from the same fixture and a finding reproduces alone.
bool MayModify(std::string_view input) {
  // Not "user" or "role": every startup packet says "user".
  static constexpr std::string_view kWords[] = {"create", "drop",     "insert", "update", "delete",  "alter",
                                                "into",   "copy",     "truncate", "rename", "grant", "revoke",
                                                "comment", "vacuum", "analyze"};
  std::string lower(input);
  for (char& c : lower) c = (c >= 'A' && c <= 'Z') ? static_cast<char>(c - 'A' + 'a') : c;
  for (std::string_view word : kWords) {
    if (lower.find(word) != std::string::npos) return true;
  }
  return false;
}

// Whether the server's output holds an ErrorResponse with SQLSTATE XX000. The output is
// walked message by message (type byte, int32 length), so client bytes the server echoes
// inside other messages cannot look like one. A lone 'S' or 'N' whose framing cannot be a
// message is the answer to an SSLRequest or GSSENCRequest (only before the startup, when
// no NoticeResponse can come).
bool HasInternalError(const std::string& out) {
  size_t at = 0;
  while (at + 5 <= out.size()) {
    char type = out[at];
    uint32_t length;
    std::memcpy(&length, out.data() + at + 1, 4);
    length = ntohl(length);
    bool framed = length >= 4 && length <= out.size() - at - 1;
    if (!framed) {
      if (type == 'S' || type == 'N') {
        at++;
        continue;
      }
      return false;  // cut off at the output limit
    }
    if (type == 'E') {
      std::string_view body(out.data() + at + 5, length - 4);
      size_t field = 0;
      while (field < body.size() && body[field] != '\0') {
        size_t end = body.find('\0', field + 1);
        if (end == std::string_view::npos) break;
        if (body[field] == 'C' && body.substr(field + 1, end - field - 1) == "XX000") return true;
        field = end + 1;
      }
    }
    at += 1 + length;
  }
  return false;
}

constexpr std::chrono::seconds kCancelAfter{5};
// What the server may write for one input before the client counts as gone.
constexpr size_t kMaxOutput = 16 << 20;


}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  static stockroom::Database* db = CreateDatabase();
  static const stockroom::ServerConfig config = CreateConfig();
  std::string input(reinterpret_cast<const char*>(data), size);
  bool rebuild = MayModify(input);
  {
    stockroom::SessionServices services;
    services.db = db;
    services.config = &config;
    sockaddr_storage peer{};
    auto& v4 = reinterpret_cast<sockaddr_in&>(peer);
    v4.sin_family = AF_INET;
    v4.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
    auto stream = std::make_unique<stockroom::MemoryClientStream>(input, kMaxOutput);
    stockroom::MemoryClientStream* memory = stream.get();
    constexpr int32_t kKey = 4242;
    stockroom::Session session(services, std::move(stream), peer, 1000, kKey, false);
    {
      CancelWatchdog watchdog(kCancelAfter, [&session] { session.Cancel(kKey); });
      session.Run();
    }
    if (HasInternalError(memory->output())) {
      std::fprintf(stderr, "internal error (XX000) in the server's answer\n");
      std::abort();
    }
  }
  if (rebuild) {
    delete db;
    db = CreateDatabase();
  }
  return 0;
}
