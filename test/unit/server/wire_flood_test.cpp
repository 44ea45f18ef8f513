// Acceptance 4's last point: 1,000 connection attempts of every unfriendly kind (silent
// connects, half-sent startups, wrong passwords, immediate closes, logins past
// max_connections) while an established session keeps querying. The server must stay up,
// the session must keep getting right answers quickly, a normal login must work afterwards,
// and no descriptor or thread may be left behind.
#include <dirent.h>
#include <gtest/gtest.h>

#include <algorithm>
#include <atomic>
#include <chrono>
#include <string>
#include <thread>
#include <vector>

#include "server/raw_client.hpp"
#include "server/wire_test_server.hpp"

namespace stockroom {
namespace {

using Clock = std::chrono::steady_clock;

int CountEntries(const char* dir) {
  int count = 0;
  if (DIR* d = ::opendir(dir)) {
    while (dirent* e = ::readdir(d)) count += e->d_name[0] != '.';
    ::closedir(d);
  }
  return count;
}
int OpenDescriptors() { return CountEntries("/proc/self/fd") - 1; }  // minus opendir's own
int Threads() { return CountEntries("/proc/self/task"); }

// Waits until `done` holds (polling), at most `limit`.
template <typename F>
bool WaitFor(F done, std::chrono::milliseconds limit) {
  auto end = Clock::now() + limit;
  while (!done()) {
    if (Clock::now() > end) return false;
    std::this_thread::sleep_for(std::chrono::milliseconds(10));
  }
  return true;
}

// What one attempt got: the error text libpq or the server gave (empty: a login worked).
std::string ErrorOf(const PgConn& c) {
  return PQstatus(c.get()) == CONNECTION_OK ? std::string() : std::string(PQerrorMessage(c.get()));
}

bool Contains(const std::string& text, const std::string& part) { return text.find(part) != std::string::npos; }

ServerConfig FloodConfig() {
  ServerConfig config;
  HbaRule md5;
  md5.user = "bob";
  md5.method = AuthMethod::kMd5;
  HbaRule trust;
  trust.method = AuthMethod::kTrust;
  config.hba = {md5, trust};
  config.max_connections = 24;
  // Silent and half-sent startups are dropped after this; the test closes most of its own
  // first, so it bounds only the stragglers.
  config.authentication_timeout = std::chrono::milliseconds(1500);
  return config;
}

// The established session: queries in a loop and checks every answer, recording the worst
// latency, until stopped.
class Querier {
 public:
  explicit Querier(WireTestServer& server) : conn_(server.Connect("user=alice")) {
    ok_ = PQstatus(conn_.get()) == CONNECTION_OK;
    if (ok_) thread_ = std::thread([this] { Run(); });
  }
  ~Querier() { Stop(); }
  void Stop() {
    stop_ = true;
    if (thread_.joinable()) thread_.join();
  }
  // Stops and ends the session.
  void Close() {
    Stop();
    conn_.reset();
  }
  bool connected() const { return ok_; }
  int queries() const { return queries_; }
  int wrong() const { return wrong_; }
  std::chrono::milliseconds worst() const { return std::chrono::milliseconds(worst_ms_); }
  std::string last_error() const { return last_error_; }

 private:
  void Run() {
    for (int i = 0; !stop_; i++) {
      auto start = Clock::now();
      std::string sql = "SELECT count(*), sum(a) + " + std::to_string(i) + " FROM flood";
      PgResult r(PQexec(conn_.get(), sql.c_str()));
      auto took = std::chrono::duration_cast<std::chrono::milliseconds>(Clock::now() - start).count();
      worst_ms_ = std::max<int64_t>(worst_ms_, took);
      queries_++;
      if (PQresultStatus(r.get()) != PGRES_TUPLES_OK || std::string(PQgetvalue(r.get(), 0, 0)) != "100" ||
          std::string(PQgetvalue(r.get(), 0, 1)) != std::to_string(5050 + i)) {
        wrong_++;
        last_error_ = PQerrorMessage(conn_.get());
      }
    }
  }

  PgConn conn_;
  bool ok_ = false;
  std::atomic<bool> stop_{false};
  std::atomic<int> queries_{0}, wrong_{0};
  std::atomic<int64_t> worst_ms_{0};
  std::string last_error_;
  std::thread thread_;
};

TEST(WireFloodTest, ThousandConnectionAttemptsLeaveOtherSessionsAlone) {
  auto test_start = Clock::now();
  WireTestServer server{FloodConfig()};
  {
    Connection setup(server.db());
    setup.Query("CREATE TABLE flood AS SELECT x AS a FROM generate_series(1, 100) AS g(x)");
    setup.Query("GRANT SELECT ON flood TO bob");
  }
  const int fds_before = OpenDescriptors();
  const int threads_before = Threads();

  Querier querier(server);
  ASSERT_TRUE(querier.connected());
  const int port = server.port();

  // Phase 1: 800 attempts of five unfriendly kinds from 4 client threads. Silent sockets
  // are held (at most 6 per thread at once) so they occupy session slots for a while.
  constexpr int kClients = 4, kPerClient = 200;
  std::atomic<int> unexpected{0};
  std::vector<std::string> surprises(kClients);
  std::vector<std::thread> clients;
  for (int t = 0; t < kClients; t++) {
    clients.emplace_back([&, t] {
      std::vector<int> held;
      auto note = [&](const std::string& what) {
        unexpected++;
        surprises[t] = what;
      };
      for (int i = 0; i < kPerClient; i++) {
        switch (i % 5) {
          case 0: {  // connects and never sends a startup packet
            int fd = ConnectRaw(port);
            if (fd >= 0) held.push_back(fd);
            break;
          }
          case 1: {  // a half-sent startup packet, then the client holds the socket
            int fd = ConnectRaw(port);
            if (fd < 0) break;
            std::string half = StartupPacket("carol").substr(0, 11);
            ::send(fd, half.data(), half.size(), MSG_NOSIGNAL);
            held.push_back(fd);
            break;
          }
          case 2: {  // a wrong password
            auto c = server.Connect("user=bob password=wrecker");
            std::string error = ErrorOf(c);
            // Past the limit the refusal comes first (as in PostgreSQL).
            if (!Contains(error, "password authentication failed for user \"bob\"") &&
                !Contains(error, "sorry, too many clients already")) {
              note("wrong password: " + error);
            }
            break;
          }
          case 3: {  // connects and closes at once
            int fd = ConnectRaw(port);
            if (fd >= 0) ::close(fd);
            break;
          }
          case 4: {  // a good login that leaves again; may meet the limit
            auto c = server.Connect("user=carol");
            std::string error = ErrorOf(c);
            if (!error.empty() && !Contains(error, "sorry, too many clients already")) note("login: " + error);
            break;
          }
        }
        if (held.size() >= 6) {
          for (int fd : held) ::close(fd);
          held.clear();
        }
      }
      for (int fd : held) ::close(fd);
    });
  }
  for (auto& c : clients) c.join();
  EXPECT_EQ(unexpected.load(), 0) << [&] {
    std::string all;
    for (auto& s : surprises) all += s + "\n";
    return all;
  }();

  // Phase 2: fill every slot, then 200 more logins, each refused with 53300.
  ASSERT_TRUE(WaitFor([&] { return server.server().session_count() == 1; }, std::chrono::seconds(5)))
      << server.server().session_count() << " sessions left after phase 1";
  std::vector<PgConn> filling;
  for (int i = 1; i < FloodConfig().max_connections; i++) {
    filling.push_back(server.Connect("user=carol"));
    ASSERT_EQ(PQstatus(filling.back().get()), CONNECTION_OK) << ErrorOf(filling.back());
  }
  int refused = 0;
  for (int i = 0; i < 200; i++) {
    auto c = server.Connect(i % 2 ? "user=carol" : "user=bob password=builder");
    std::string error = ErrorOf(c);
    if (Contains(error, "sorry, too many clients already")) {
      refused++;
    } else {
      ADD_FAILURE() << "over the limit: " << (error.empty() ? "logged in" : error);
      break;
    }
  }
  EXPECT_EQ(refused, 200);
  filling.clear();

  querier.Stop();
  EXPECT_GT(querier.queries(), 20);
  EXPECT_EQ(querier.wrong(), 0) << querier.last_error();
  EXPECT_LT(querier.worst(), std::chrono::milliseconds(2000));
  std::printf("[ flood    ] 1000 attempts; the established session ran %d queries, worst %lld ms\n",
              querier.queries(), static_cast<long long>(querier.worst().count()));

  // A normal login still works and answers, once the filling sessions have ended: their
  // slots come free when the server sees them close, not when the client returns.
  ASSERT_TRUE(WaitFor([&] { return server.server().session_count() == 1; }, std::chrono::seconds(5)))
      << server.server().session_count() << " sessions left after phase 2";
  {
    auto after = server.Connect("user=bob password=builder");
    ASSERT_EQ(PQstatus(after.get()), CONNECTION_OK) << ErrorOf(after);
    PgResult r(PQexec(after.get(), "SELECT sum(a) FROM flood"));
    EXPECT_STREQ(PQgetvalue(r.get(), 0, 0), "5050");
  }

  // Nothing left behind: every session ended, descriptors and threads as before.
  querier.Close();
  EXPECT_TRUE(WaitFor([&] { return server.server().session_count() == 0; }, std::chrono::seconds(5)));
  EXPECT_TRUE(WaitFor([&] { return OpenDescriptors() <= fds_before; }, std::chrono::seconds(5)))
      << OpenDescriptors() << " descriptors open, " << fds_before << " before";
  EXPECT_TRUE(WaitFor([&] { return Threads() <= threads_before; }, std::chrono::seconds(5)))
      << Threads() << " threads, " << threads_before << " before";
  EXPECT_LT(Clock::now() - test_start, std::chrono::seconds(30));
}

}  // namespace
}  // namespace stockroom
