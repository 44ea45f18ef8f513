// A Session over a MemoryClientStream: a client's whole byte stream in, the server's bytes
// out, no sockets (what test/fuzz/protocol_fuzzer.cpp drives). The protocol fuzzer's
// findings are kept here as regression cases.
#include <gtest/gtest.h>
#include <netinet/in.h>

#include <memory>
#include <string>

#include "main/connection.hpp"
#include "main/database.hpp"
#include "server/client_stream.hpp"
#include "server/raw_client.hpp"
#include "server/session.hpp"

namespace stockroom {
namespace {

class WireMemorySessionTest : public ::testing::Test {
 protected:
  void SetUp() override {
    db_ = std::make_unique<Database>(DatabaseConfig{});
    Connection(*db_).Query(
        "CREATE ROLE fuzz LOGIN SUPERUSER; CREATE ROLE alice LOGIN PASSWORD 'wonderland'; "
        "CREATE TABLE t (a int, b text)");
    HbaRule scram, trust;
    scram.user = "alice";
    scram.method = AuthMethod::kScramSha256;
    trust.method = AuthMethod::kTrust;
    config_.hba = {scram, trust};
  }

  // Runs a session on `input`; returns what the server wrote.
  std::string Run(const std::string& input, size_t max_output = SIZE_MAX) {
    SessionServices services;
    services.db = db_.get();
    services.config = &config_;
    sockaddr_storage peer{};
    reinterpret_cast<sockaddr_in&>(peer).sin_family = AF_INET;
    auto stream = std::make_unique<MemoryClientStream>(input, max_output);
    MemoryClientStream* memory = stream.get();
    Session session(services, std::move(stream), peer, 1000, 77, false);
    session.Run();
    return memory->output();
  }

  static std::string Query(const std::string& sql) { return Message('Q', sql + std::string(1, '\0')); }
  static bool Contains(const std::string& text, const std::string& part) {
    return text.find(part) != std::string::npos;
  }

  std::unique_ptr<Database> db_;
  ServerConfig config_;
};

TEST_F(WireMemorySessionTest, AWholeExchangeInMemory) {
  std::string out = Run(StartupPacket("fuzz") + Query("SELECT 41 + 1") + Message('X', ""));
  EXPECT_EQ(out.substr(0, 9), "R" + Int32Bytes(8) + Int32Bytes(0));  // AuthenticationOk
  EXPECT_TRUE(Contains(out, "SELECT 1" + std::string(1, '\0')));
  EXPECT_TRUE(Contains(out, Int32Bytes(2) + "42"));  // the DataRow's field
  EXPECT_EQ(out.substr(out.size() - 6), "Z" + Int32Bytes(5) + "I");
}

TEST_F(WireMemorySessionTest, TruncatedAndMalformedInputEndsTheSessionCleanly) {
  EXPECT_EQ(Run(StartupPacket("fuzz").substr(0, 7)), "");  // the client left mid-packet
  std::string out = Run(StartupPacket("fuzz") + Message('Q', "SELECT 1"));  // no NUL
  EXPECT_TRUE(Contains(out, "FATAL")) << out;
  EXPECT_TRUE(Contains(out, "08P01")) << out;
  out = Run(StartupPacket("fuzz") + Query("COPY t FROM STDIN (FORMAT binary)") + Message('d', "PGCOPY\n") +
            Message('c', "") + Message('X', ""));
  EXPECT_TRUE(Contains(out, "COPY file signature not recognized")) << out;
  EXPECT_EQ(out.substr(out.size() - 6), "Z" + Int32Bytes(5) + "I");
}

// Protocol fuzzer finding (2026-11-22): a SCRAM client-first-message whose nonce held NULs
// and control bytes was echoed into AuthenticationSASLContinue. The nonce must be RFC
// 5802's printable characters, as PostgreSQL checks: otherwise FATAL 08P01.
TEST_F(WireMemorySessionTest, ScramNonceWithNonPrintableBytesIsRefused) {
  std::string bare = "n=,r=fV" + std::string(1, '\0') + "CXX000" + std::string(1, '\x01') + "v9q";
  std::string first = "SCRAM-SHA-256" + std::string(1, '\0') + Int32Bytes(3 + bare.size()) + "n,," + bare;
  std::string out = Run(StartupPacket("alice") + Message('p', first) + Message('X', ""));
  EXPECT_TRUE(Contains(out, "malformed SCRAM message")) << out;
  EXPECT_TRUE(Contains(out, "08P01")) << out;
  EXPECT_FALSE(Contains(out, "CXX000")) << out;  // nothing of the nonce came back
  // A printable nonce still gets its server-first-message.
  std::string good = "SCRAM-SHA-256" + std::string(1, '\0') + Int32Bytes(3 + 11) + "n,,n=,r=abcdef";
  out = Run(StartupPacket("alice") + Message('p', good));
  EXPECT_TRUE(Contains(out, "r=abcdef")) << out;
}

TEST_F(WireMemorySessionTest, OutputLimitEndsAClientThatReadsNothing) {
  std::string out = Run(StartupPacket("fuzz") + Query("SELECT x FROM generate_series(1, 1000000) AS g(x)"), 4096);
  EXPECT_LE(out.size(), 4096u);
}

}  // namespace
}  // namespace stockroom
