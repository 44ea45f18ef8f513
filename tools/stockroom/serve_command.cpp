#include "serve_command.hpp"

#include <pthread.h>
#include <signal.h>

#include <cstdio>
#include <memory>
#include <stdexcept>
#include <string>
#include <unordered_map>

#include "command_line.hpp"
#include "common/error/exception.hpp"
#include "common/memory/memory_tracker.hpp"
#include "main/database.hpp"
#include "security/password_hash.hpp"
#include "server/server.hpp"
#include "server/server_config.hpp"

namespace stockroom {

namespace {

constexpr const char* kServeUsage =
    "stockroom serve: serve a database over the PostgreSQL wire protocol (psql, JDBC, ...).\n"
    "\n"
    "Usage:\n"
    "  stockroom serve [OPTIONS]\n"
    "\n"
    "Options:\n"
    "  --db PATH              data directory (default ./stockroom-data); :memory: for none\n"
    "  --listen ADDRESS       address to listen on (default 127.0.0.1; * for all)\n"
    "  --port PORT            TCP port (default 5439)\n"
    "  --config FILE          YAML settings: listen, port, database, max_connections, tls,\n"
    "                         auth rules, authentication_timeout (docs/server.md)\n"
    "  --memory-limit=SIZE    memory for table data and queries (default 80% of RAM)\n"
    "  --result-cache=SIZE    memory for the result cache (default 64MB; 0 turns it off)\n"
    "  -h, --help             show this help\n"
    "\n"
    "Command-line options override the file. Without auth rules every login uses\n"
    "scram-sha-256 against the database's roles (CREATE ROLE name LOGIN PASSWORD '...', e.g.\n"
    "from stockroom sql --db PATH). SIGINT or SIGTERM stops the server:\n"
    "sessions end with FATAL 57P01 and the database is closed cleanly.\n";

int ServeUsageError(const std::string& message) {
  std::fprintf(stderr, "stockroom serve: %s\nTry \"stockroom serve --help\" for more information.\n",
               message.c_str());
  return 1;
}

}  // namespace

int RunServe(int argc, char** argv) {
  DatabaseConfig db_config;
  db_config.path = "stockroom-data";
  std::string config_file, listen, port;
  for (int i = 0; i < argc; i++) {
    std::string_view arg = argv[i];
    std::string value;
    auto take_value = [&](std::string_view long_name) { return TakeOptionValue(argc, argv, &i, "", long_name, &value); };
    if (arg == "-h" || arg == "--help") {
      std::fputs(kServeUsage, stdout);
      return 0;
    } else if (take_value("--db")) {
      db_config.path = value;
    } else if (take_value("--memory-limit")) {
      db_config.memory_limit = ParseBytes(value, "memory-limit");
    } else if (take_value("--result-cache")) {
      db_config.result_cache_bytes = ParseBytes(value, "result-cache");
    } else if (take_value("--config")) {
      config_file = value;
    } else if (take_value("--listen")) {
      listen = value;
    } else if (take_value("--port")) {
      port = value;
    } else {
      return ServeUsageError("unrecognized argument \"" + std::string(arg) + "\"");
    }
  }
  if (db_config.path == ":memory:") db_config.path.clear();

  ServerOptions options;
  try {
    if (!config_file.empty()) options.config = LoadServerConfig(config_file);
  } catch (const SqlError& e) {
    std::fprintf(stderr, "stockroom serve: %s\n", e.what());
    return 1;
  }
  if (!listen.empty()) options.config.listen = listen;
  if (!port.empty()) {
    int number = ParseIntegerOption(port, "--port");
    if (number < 0 || number > 65535) return ServeUsageError("--port must be from 0 to 65535");
    options.config.port = number;
  }

  // SIGINT and SIGTERM are taken by sigwait below, on this thread only: block them before
  // any thread starts so that every thread inherits the mask.
  sigset_t stop_signals;
  sigemptyset(&stop_signals);
  sigaddset(&stop_signals, SIGINT);
  sigaddset(&stop_signals, SIGTERM);
  pthread_sigmask(SIG_BLOCK, &stop_signals, nullptr);

  std::unique_ptr<Database> db;
  std::unique_ptr<Server> server;
  try {
    db = std::make_unique<Database>(db_config);
    server = std::make_unique<Server>(*db, options);
    server->Start();
  } catch (const SqlError& e) {
    std::fprintf(stderr, "stockroom serve: error: %s\n", e.what());
    return 2;
  }
  std::fprintf(stderr, "stockroom serve: listening on %s port %d, database \"%s\" (%s)\n",
               options.config.listen.c_str(), server->port(), options.config.database.c_str(),
               db_config.path.empty() ? "in memory" : db_config.path.c_str());
  int signal_number = 0;
  sigwait(&stop_signals, &signal_number);
  std::fprintf(stderr, "stockroom serve: received %s, shutting down\n", signal_number == SIGINT ? "SIGINT" : "SIGTERM");
  server->Stop();
  server.reset();
  db.reset();
  return 0;
}

}  // namespace stockroom
