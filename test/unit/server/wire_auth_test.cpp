// The wire protocol server's front door: SCRAM-SHA-256, md5, cleartext and trust logins,
// auth rules, the connection limit, TLS, and clients that send garbage.
#include <arpa/inet.h>
#include <gtest/gtest.h>
#include <netinet/in.h>
#include <sys/socket.h>
#include <unistd.h>

#include <cstdlib>
#include <filesystem>
#include <string>
#include <vector>

#include "common/error/exception.hpp"
#include "server/raw_client.hpp"
#include "server/wire_test_server.hpp"

namespace stockroom {
namespace {

std::string ErrorOf(const PgConn& c) { return PQerrorMessage(c.get()); }

bool Contains(const std::string& text, const std::string& part) { return text.find(part) != std::string::npos; }

ServerConfig RuleConfig(std::vector<HbaRule> rules) {
  ServerConfig config;
  config.hba = std::move(rules);
  return config;
}

HbaRule Rule(AuthMethod method, std::string user = "all", HbaRule::Type type = HbaRule::Type::kHost) {
  HbaRule rule;
  rule.type = type;
  rule.user = std::move(user);
  rule.method = method;
  return rule;
}

TEST(WireAuthTest, ScramSha256ChecksThePassword) {
  WireTestServer server{ServerConfig{}};  // default: scram-sha-256 for everyone
  auto ok = server.Connect("user=alice password=wonderland");
  ASSERT_EQ(PQstatus(ok.get()), CONNECTION_OK) << ErrorOf(ok);
  EXPECT_STREQ(PQgetvalue(PgResult(PQexec(ok.get(), "SELECT 7")).get(), 0, 0), "7");

  auto wrong = server.Connect("user=alice password=rabbit");
  EXPECT_EQ(PQstatus(wrong.get()), CONNECTION_BAD);
  EXPECT_TRUE(Contains(ErrorOf(wrong), "password authentication failed for user \"alice\"")) << ErrorOf(wrong);

  // An unknown user and one without a password fail the same way, telling nothing more.
  auto unknown = server.Connect("user=mallory password=x");
  EXPECT_TRUE(Contains(ErrorOf(unknown), "password authentication failed for user \"mallory\"")) << ErrorOf(unknown);
  auto no_password = server.Connect("user=carol password=x");
  EXPECT_TRUE(Contains(ErrorOf(no_password), "password authentication failed for user \"carol\""));

  auto not_login = server.Connect("user=dave password=x");
  EXPECT_EQ(PQstatus(not_login.get()), CONNECTION_BAD);
  EXPECT_TRUE(Contains(ErrorOf(not_login), "role \"dave\" is not permitted to log in")) << ErrorOf(not_login);
}

TEST(WireAuthTest, Md5AndCleartextPasswords) {
  WireTestServer server{RuleConfig({Rule(AuthMethod::kPassword, "carol"), Rule(AuthMethod::kMd5, "all")})};
  auto md5 = server.Connect("user=bob password=builder");
  EXPECT_EQ(PQstatus(md5.get()), CONNECTION_OK) << ErrorOf(md5);
  auto md5_wrong = server.Connect("user=bob password=wrecker");
  EXPECT_TRUE(Contains(ErrorOf(md5_wrong), "password authentication failed for user \"bob\""));
  // An md5 rule authenticates a role whose password is stored as SCRAM with SCRAM.
  auto scram = server.Connect("user=alice password=wonderland");
  EXPECT_EQ(PQstatus(scram.get()), CONNECTION_OK) << ErrorOf(scram);
  auto cleartext = server.Connect("user=carol password=x");
  EXPECT_TRUE(Contains(ErrorOf(cleartext), "password authentication failed for user \"carol\""));
}

TEST(WireAuthTest, CleartextPasswordAgainstStoredVerifiers) {
  WireTestServer server{RuleConfig({Rule(AuthMethod::kPassword)})};
  EXPECT_EQ(PQstatus(server.Connect("user=alice password=wonderland").get()), CONNECTION_OK);
  EXPECT_EQ(PQstatus(server.Connect("user=bob password=builder").get()), CONNECTION_OK);
  EXPECT_EQ(PQstatus(server.Connect("user=bob password=other").get()), CONNECTION_BAD);
}

TEST(WireAuthTest, TrustRejectAndRuleOrder) {
  WireTestServer server{RuleConfig({Rule(AuthMethod::kReject, "bob"), Rule(AuthMethod::kTrust)})};
  EXPECT_EQ(PQstatus(server.Connect("user=carol").get()), CONNECTION_OK);
  auto unknown = server.Connect("user=mallory");
  EXPECT_TRUE(Contains(ErrorOf(unknown), "role \"mallory\" does not exist")) << ErrorOf(unknown);
  auto rejected = server.Connect("user=bob password=builder");
  EXPECT_TRUE(Contains(ErrorOf(rejected), "pg_hba.conf rejects connection")) << ErrorOf(rejected);

  WireTestServer elsewhere{RuleConfig({HbaRule{HbaRule::Type::kHost, "all", "all", "10.0.0.0/8", AuthMethod::kTrust}})};
  auto no_rule = elsewhere.Connect("user=carol");
  EXPECT_TRUE(Contains(ErrorOf(no_rule), "no pg_hba.conf entry for host \"127.0.0.1\"")) << ErrorOf(no_rule);
}

TEST(WireAuthTest, AddressRulesMatchCidr) {
  sockaddr_storage client{};
  auto& in = reinterpret_cast<sockaddr_in&>(client);
  in.sin_family = AF_INET;
  inet_pton(AF_INET, "192.168.4.20", &in.sin_addr);
  EXPECT_TRUE(*AddressInCidr(client, "192.168.0.0/16"));
  EXPECT_TRUE(*AddressInCidr(client, "192.168.4.20"));
  EXPECT_FALSE(*AddressInCidr(client, "192.168.5.0/24"));
  EXPECT_TRUE(*AddressInCidr(client, "0.0.0.0/0"));
  EXPECT_FALSE(*AddressInCidr(client, "::1/128"));
  EXPECT_FALSE(AddressInCidr(client, "192.168.0.0/33").has_value());
  EXPECT_FALSE(AddressInCidr(client, "not-an-address").has_value());
}

TEST(WireAuthTest, ConnectionLimitRefusesWith53300) {
  ServerConfig config = RuleConfig({Rule(AuthMethod::kTrust)});
  config.max_connections = 2;
  WireTestServer server{config};
  auto a = server.Connect("user=carol");
  auto b = server.Connect("user=carol");
  ASSERT_EQ(PQstatus(a.get()), CONNECTION_OK);
  ASSERT_EQ(PQstatus(b.get()), CONNECTION_OK);
  auto c = server.Connect("user=carol");
  EXPECT_EQ(PQstatus(c.get()), CONNECTION_BAD);
  EXPECT_TRUE(Contains(ErrorOf(c), "sorry, too many clients already")) << ErrorOf(c);
  a.reset();
  // The slot frees once the first session has ended.
  bool connected = false;
  for (int i = 0; i < 50 && !connected; i++) {
    connected = PQstatus(server.Connect("user=carol").get()) == CONNECTION_OK;
    if (!connected) usleep(20000);
  }
  EXPECT_TRUE(connected);
}

TEST(WireAuthTest, GarbageAndOversizedMessagesEndOnlyThatSession) {
  WireTestServer server{RuleConfig({Rule(AuthMethod::kTrust)})};
  auto bystander = server.Connect("user=carol");
  ASSERT_EQ(PQstatus(bystander.get()), CONNECTION_OK);

  // Garbage as a startup packet: a length far over the startup limit.
  std::string answer = SendRaw(server.port(), "GARBAGE GARBAGE GARBAGE GARBAGE");
  ASSERT_FALSE(answer.empty());
  EXPECT_EQ(answer[0], 'E');
  EXPECT_TRUE(Contains(answer, "08P01")) << answer;
  EXPECT_TRUE(Contains(answer, "FATAL"));

  // A startup packet of a plausible length but a made-up protocol.
  answer = SendRaw(server.port(), Int32Bytes(8) + Int32Bytes(0x12345678));
  EXPECT_TRUE(Contains(answer, "unsupported frontend protocol")) << answer;

  // A truncated startup packet: the client closes mid-way; nothing to answer, no crash.
  SendRaw(server.port(), Int32Bytes(100) + "abc");

  // After a good startup: an unknown message type, then an oversized Query.
  answer = SendRaw(server.port(), StartupPacket("carol") + "?" + Int32Bytes(4));
  EXPECT_TRUE(Contains(answer, "invalid frontend message type")) << answer;
  answer = SendRaw(server.port(), StartupPacket("carol") + "Q" + Int32Bytes(0x7FFFFFF0) + "SELECT");
  EXPECT_TRUE(Contains(answer, "invalid message length")) << answer;
  // A Query whose text lacks its terminating NUL.
  answer = SendRaw(server.port(), StartupPacket("carol") + "Q" + Int32Bytes(10) + "SELECT");
  EXPECT_TRUE(Contains(answer, "08P01")) << answer;

  // The other session never noticed.
  PgResult r(PQexec(bystander.get(), "SELECT 'still here'"));
  EXPECT_STREQ(PQgetvalue(r.get(), 0, 0), "still here");
  EXPECT_EQ(PQstatus(server.Connect("user=carol").get()), CONNECTION_OK);
}

TEST(WireAuthTest, AuthenticationTimeoutClosesSilentClients) {
  ServerConfig config = RuleConfig({Rule(AuthMethod::kTrust)});
  config.authentication_timeout = std::chrono::milliseconds(300);
  WireTestServer server{config};
  int fd = ConnectRaw(server.port());
  ASSERT_GE(fd, 0);
  char byte;
  auto start = std::chrono::steady_clock::now();
  EXPECT_LE(::recv(fd, &byte, 1, 0), 0);  // closed without an answer
  EXPECT_LT(std::chrono::steady_clock::now() - start, std::chrono::seconds(5));
  ::close(fd);
}

// A self-signed certificate made with the openssl command; empty when it is not installed.
std::filesystem::path MakeCertificate() {
  auto dir = std::filesystem::temp_directory_path() / ("sr_wire_tls_" + std::to_string(::getpid()));
  std::filesystem::create_directories(dir);
  std::string command = "openssl req -x509 -newkey rsa:2048 -nodes -days 2 -subj /CN=localhost -keyout '" +
                        (dir / "key.pem").string() + "' -out '" + (dir / "cert.pem").string() + "' >/dev/null 2>&1";
  if (std::system(command.c_str()) != 0) return {};
  return dir;
}

TEST(WireAuthTest, TlsRequiredRefusesPlaintext) {
  auto dir = MakeCertificate();
  if (dir.empty()) GTEST_SKIP() << "no openssl command to make a test certificate";
  ServerConfig config;
  config.tls_mode = TlsMode::kRequired;
  config.tls_cert = (dir / "cert.pem").string();
  config.tls_key = (dir / "key.pem").string();
  config.hba = {Rule(AuthMethod::kPassword, "all", HbaRule::Type::kHostSsl)};
  WireTestServer server{config};
  std::string base = "host=127.0.0.1 port=" + std::to_string(server.port()) + " dbname=stockroom connect_timeout=10 ";
  PgConn tls(PQconnectdb((base + "sslmode=require user=alice password=wonderland").c_str()));
  ASSERT_EQ(PQstatus(tls.get()), CONNECTION_OK) << ErrorOf(tls);
  EXPECT_EQ(PQsslInUse(tls.get()), 1);
  PgResult r(PQexec(tls.get(), "SELECT 'over tls'"));
  EXPECT_STREQ(PQgetvalue(r.get(), 0, 0), "over tls");

  PgConn plain(PQconnectdb((base + "sslmode=disable user=alice password=wonderland").c_str()));
  EXPECT_EQ(PQstatus(plain.get()), CONNECTION_BAD);
  EXPECT_TRUE(Contains(ErrorOf(plain), "accepts only TLS connections")) << ErrorOf(plain);
  std::filesystem::remove_all(dir);
}

TEST(WireAuthTest, TlsOffAnswersSslRequestWithN) {
  WireTestServer server{RuleConfig({Rule(AuthMethod::kTrust)})};
  std::string base = "host=127.0.0.1 port=" + std::to_string(server.port()) + " dbname=stockroom user=carol ";
  PgConn prefer(PQconnectdb((base + "sslmode=prefer").c_str()));
  ASSERT_EQ(PQstatus(prefer.get()), CONNECTION_OK) << ErrorOf(prefer);
  EXPECT_EQ(PQsslInUse(prefer.get()), 0);
  PgConn require(PQconnectdb((base + "sslmode=require").c_str()));
  EXPECT_EQ(PQstatus(require.get()), CONNECTION_BAD);
}

TEST(WireAuthTest, ConfigFileIsParsedAndChecked) {
  auto path = std::filesystem::temp_directory_path() / ("sr_wire_config_" + std::to_string(::getpid()) + ".yaml");
  {
    std::FILE* f = std::fopen(path.c_str(), "w");
    std::fputs(
        "listen: 0.0.0.0\nport: 6543\nmax_connections: 7\ndatabase: shop\nauthentication_timeout: 5s\n"
        "auth:\n  - {type: hostssl, database: shop, user: alice, address: 10.0.0.0/8, method: md5}\n"
        "  - {type: host, address: all, method: trust}\n",
        f);
    std::fclose(f);
  }
  ServerConfig config = LoadServerConfig(path.string());
  EXPECT_EQ(config.listen, "0.0.0.0");
  EXPECT_EQ(config.port, 6543);
  EXPECT_EQ(config.max_connections, 7);
  EXPECT_EQ(config.database, "shop");
  EXPECT_EQ(config.authentication_timeout, std::chrono::milliseconds(5000));
  ASSERT_EQ(config.hba.size(), 2u);
  EXPECT_EQ(config.hba[0].type, HbaRule::Type::kHostSsl);
  EXPECT_EQ(config.hba[0].method, AuthMethod::kMd5);
  EXPECT_EQ(config.hba[1].method, AuthMethod::kTrust);

  {
    std::FILE* f = std::fopen(path.c_str(), "w");
    std::fputs("auth:\n  - {method: kerberos}\n", f);
    std::fclose(f);
  }
  try {
    LoadServerConfig(path.string());
    FAIL() << "kerberos accepted";
  } catch (const SqlError& e) {
    EXPECT_EQ(e.sqlstate(), "F0000");
    EXPECT_TRUE(Contains(e.what(), "invalid authentication method \"kerberos\"")) << e.what();
  }
  std::filesystem::remove(path);
}

}  // namespace
}  // namespace stockroom
