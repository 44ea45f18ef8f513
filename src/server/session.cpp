#include "server/session.hpp"

#include <arpa/inet.h>
#include <netinet/in.h>

#include <cstdio>

#include "common/error/exception.hpp"
#include "main/connection.hpp"
#include "main/database.hpp"
#include "main/query_result.hpp"
#include "security/password_hash.hpp"
#include "server/copy_stream.hpp"
#include "server/extended_query.hpp"
#include "server/startup_parameters.hpp"
#include "server/statement_timer.hpp"

namespace stockroom {

namespace {

// Authentication request codes (AuthenticationXXX messages).
constexpr int32_t kAuthOk = 0;
constexpr int32_t kAuthCleartext = 3;
constexpr int32_t kAuthMd5 = 5;
constexpr int32_t kAuthSasl = 10;
constexpr int32_t kAuthSaslContinue = 11;
constexpr int32_t kAuthSaslFinal = 12;

// Rows are sent as they are formatted; the buffer goes out every 256 kB.
constexpr size_t kFlushBytes = 256 * 1024;

bool IsPlainSettingName(const std::string& name) {
  if (name.empty()) return false;
  for (char c : name) {
    if (!(std::isalnum(static_cast<unsigned char>(c)) || c == '_' || c == '.')) return false;
  }
  return !std::isdigit(static_cast<unsigned char>(name[0]));
}

std::string QuoteLiteral(const std::string& text) {
  std::string out = "'";
  for (char c : text) {
    if (c == '\'') out += '\'';
    out += c;
  }
  return out + "'";
}

std::string Lower(std::string s) {
  for (char& c : s) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
  return s;
}

}  // namespace

Session::Session(const SessionServices& services, int fd, const sockaddr_storage& peer, int32_t process_id,
                 int32_t secret_key, bool over_connection_limit)
    : Session(services, std::make_unique<ClientStream>(fd), peer, process_id, secret_key, over_connection_limit) {}

Session::Session(const SessionServices& services, std::unique_ptr<ClientStream> stream, const sockaddr_storage& peer,
                 int32_t process_id, int32_t secret_key, bool over_connection_limit)
    : services_(services),
      peer_(peer),
      process_id_(process_id),
      secret_key_(secret_key),
      over_connection_limit_(over_connection_limit),
      stream_(std::move(stream)),
      channel_(*stream_) {}

Session::~Session() = default;

std::string Session::PeerAddress() const {
  char text[INET6_ADDRSTRLEN] = "?";
  if (peer_.ss_family == AF_INET) {
    inet_ntop(AF_INET, &reinterpret_cast<const sockaddr_in&>(peer_).sin_addr, text, sizeof(text));
  } else if (peer_.ss_family == AF_INET6) {
    inet_ntop(AF_INET6, &reinterpret_cast<const sockaddr_in6&>(peer_).sin6_addr, text, sizeof(text));
  }
  return text;
}

void Session::Cancel(int32_t secret_key) {
  if (secret_key != secret_key_) return;
  std::lock_guard<std::mutex> lock(connection_mutex_);
  if (connection_) connection_->Cancel();
}

void Session::Terminate() {
  terminating_ = true;
  {
    std::lock_guard<std::mutex> lock(connection_mutex_);
    if (connection_) connection_->Cancel();
  }
  // Only the reading side: a blocked read wakes up, and the FATAL can still go out.
  ::shutdown(stream_->fd(), SHUT_RD);
}

void Session::SendFatal(const SqlError& error) {
  try {
    channel_.out().Clear();
    channel_.out().Error(error, "FATAL");
    channel_.Flush();
  } catch (const ClientGone&) {
  }
}

void Session::Run() {
  try {
    stream_->SetDeadline(std::chrono::steady_clock::now() + services_.config->authentication_timeout);
    if (!Startup()) return;
    stream_->SetDeadline(std::chrono::steady_clock::time_point::max());
    MessageLoop();
  } catch (const ClientGone&) {
    if (terminating_) SendFatal(SqlError(ErrorCode::kAdminShutdown, "terminating connection due to administrator command"));
  } catch (const SqlError& e) {
    SendFatal(e);
  } catch (const std::exception& e) {
    SendFatal(SqlError(ErrorCode::kInternalError, e.what()));
  }
}

bool Session::Startup() {
  const ServerConfig& config = *services_.config;
  while (true) {
    std::string packet = channel_.ReadStartupPacket(config.max_startup_bytes);
    MessageReader reader(packet);
    int32_t code = reader.Int32();
    if (code == kCancelRequestCode) {
      int32_t pid = reader.Int32();
      int32_t key = reader.Int32();
      if (services_.cancel) services_.cancel(pid, key);
      return false;  // no answer: the client just closes
    }
    if (code == kSslRequestCode || code == kGssEncRequestCode) {
      bool ssl = code == kSslRequestCode && services_.tls && !stream_->tls();
      stream_->Write(ssl ? "S" : "N");
      // Bytes sent after the request before our answer would be read as plaintext inside
      // the TLS session (CVE-2021-23214): refuse them.
      if (stream_->buffered() > 0) throw ProtocolViolation("received unencrypted data after SSL request");
      if (ssl) stream_->StartTls(services_.tls);
      continue;
    }
    int major = code >> 16, minor = code & 0xFFFF;
    if (major != 3) {
      throw SqlError(ErrorCode::kFeatureNotSupported,
                     "unsupported frontend protocol " + std::to_string(major) + "." + std::to_string(minor) +
                         ": server supports 3.0 to 3.0");
    }
    StartupPacket startup = ParseStartupPacket(reader);
    user_ = startup.user;
    database_ = startup.database;
    startup_settings_ = std::move(startup.settings);
    break;
  }
  if (over_connection_limit_) throw SqlError(ErrorCode::kTooManyConnections, "sorry, too many clients already");
  if (config.tls_mode == TlsMode::kRequired && !stream_->tls()) {
    std::fprintf(stderr, "stockroom serve: refused a connection without TLS from %s (tls.mode: required)\n",
                 PeerAddress().c_str());
    throw SqlError(ErrorCode::kInvalidAuthorization,
                   "no encryption: this server accepts only TLS connections (host \"" + PeerAddress() + "\", user \"" +
                       user_ + "\", database \"" + database_ + "\")")
        .WithHint("Connect with sslmode=require.");
  }
  if (database_ != config.database) {
    throw SqlError(ErrorCode::kInvalidCatalogName, "database \"" + database_ + "\" does not exist");
  }
  Authenticate();

  {
    std::lock_guard<std::mutex> lock(connection_mutex_);
    connection_ = std::make_unique<Connection>(*services_.db);
  }
  connection_->settings().user = user_;
  copy_ = std::make_unique<WireCopyStreams>(channel_, config.max_message_bytes);
  connection_->SetCopyStreams(copy_.get());
  extended_ = std::make_unique<ExtendedQuery>(*connection_, channel_);
  ApplyStartupSettings();

  MessageWriter& out = channel_.out();
  out.AuthenticationRequest(kAuthOk);
  reported_ = ReportedParameters(*connection_, superuser_, client_encoding_);
  for (auto& [name, value] : reported_) out.ParameterStatus(name, value);
  out.BackendKeyData(process_id_, secret_key_);
  out.ReadyForQuery(connection_->TransactionStatus());
  channel_.Flush();
  return true;
}

void Session::ApplyStartupSettings() {
  for (auto& [raw_name, value] : startup_settings_) {
    std::string name = Lower(raw_name);
    if (name == "client_encoding") {
      std::string encoding = Lower(value);
      // SQL_ASCII asks for no conversion (psql on a terminal in the C locale): the client
      // then gets the UTF-8 bytes as they are, as from PostgreSQL.
      if (encoding == "sql_ascii") {
        client_encoding_ = "SQL_ASCII";
        continue;
      }
      if (encoding != "utf8" && encoding != "utf-8" && encoding != "unicode") {
        throw SqlError(ErrorCode::kInvalidParameterValue,
                       "invalid value for parameter \"client_encoding\": \"" + value + "\"")
            .WithDetail("Stockroom speaks UTF8 only.");
      }
      continue;
    }
    if (!IsPlainSettingName(name)) {
      throw SqlError(ErrorCode::kUndefinedObject, "unrecognized configuration parameter \"" + raw_name + "\"");
    }
    std::string values = QuoteLiteral(value);
    if (name == "search_path") {
      // As in postgresql.conf, the value is a list: "a, b" names two schemas.
      values.clear();
      size_t start = 0;
      while (start <= value.size()) {
        size_t comma = value.find(',', start);
        if (comma == std::string::npos) comma = value.size();
        std::string item = value.substr(start, comma - start);
        item.erase(0, item.find_first_not_of(" \t"));
        item.erase(item.find_last_not_of(" \t") + 1);
        if (item.size() >= 2 && item.front() == '"' && item.back() == '"') item = item.substr(1, item.size() - 2);
        if (!item.empty()) values += (values.empty() ? "" : ", ") + QuoteLiteral(item);
        start = comma + 1;
      }
      if (values.empty()) values = "''";
    }
    connection_->Query("SET " + name + " = " + values);
  }
}

std::string Session::ReadPasswordMessage() {
  FrontendMessage message = channel_.Read(services_.config->max_startup_bytes);
  if (message.type != 'p') {
    char text[80];
    std::snprintf(text, sizeof(text), "expected password response, got message type %d", message.type);
    throw ProtocolViolation(text);
  }
  return std::move(message.body);
}

void Session::FailPassword(const std::string& why) {
  std::fprintf(stderr, "stockroom serve: password authentication failed for user \"%s\" from %s: %s\n", user_.c_str(),
               PeerAddress().c_str(), why.c_str());
  throw SqlError(ErrorCode::kInvalidPassword, "password authentication failed for user \"" + user_ + "\"");
}

void Session::Authenticate() {
  const ServerConfig& config = *services_.config;
  const HbaRule* rule = nullptr;
  for (const HbaRule& r : config.hba) {
    if (r.Matches(stream_->tls(), database_, user_, peer_)) {
      rule = &r;
      break;
    }
  }
  std::string where = "host \"" + PeerAddress() + "\", user \"" + user_ + "\", database \"" + database_ + "\", " +
                      (stream_->tls() ? "SSL encryption" : "no encryption");
  if (!rule) {
    std::fprintf(stderr, "stockroom serve: no auth rule for %s\n", where.c_str());
    throw SqlError(ErrorCode::kInvalidAuthorization, "no pg_hba.conf entry for " + where);
  }
  if (rule->method == AuthMethod::kReject) {
    std::fprintf(stderr, "stockroom serve: auth rule rejects %s\n", where.c_str());
    throw SqlError(ErrorCode::kInvalidAuthorization, "pg_hba.conf rejects connection for " + where);
  }
  std::optional<RoleLogin> role = services_.db->roles().Login(user_);
  if (rule->method == AuthMethod::kTrust) {
    if (!role) throw SqlError(ErrorCode::kInvalidAuthorization, "role \"" + user_ + "\" does not exist");
  } else {
    std::string stored = role ? role->stored_password.value_or("") : "";
    // A password past its VALID UNTIL no longer logs in (PostgreSQL's rule).
    if (role && role->valid_until && *role->valid_until < CurrentTimestampMicros()) stored.clear();
    AuthMethod method = rule->method;
    // md5 rules use SCRAM for roles whose password is stored as SCRAM, as PostgreSQL does.
    if (method == AuthMethod::kMd5 && ParseScramVerifier(stored)) method = AuthMethod::kScramSha256;
    MessageWriter& out = channel_.out();
    if (method == AuthMethod::kPassword) {
      out.AuthenticationRequest(kAuthCleartext);
      channel_.Flush();
      std::string body = ReadPasswordMessage();
      MessageReader reader(body);
      std::string password(reader.CString());
      if (!role) FailPassword("role does not exist");
      if (stored.empty()) FailPassword("role has no password");
      if (!CheckCleartextPassword(stored, user_, password)) FailPassword("wrong password");
    } else if (method == AuthMethod::kMd5) {
      std::string salt = RandomBytes(4);
      out.AuthenticationRequest(kAuthMd5, salt);
      channel_.Flush();
      std::string body = ReadPasswordMessage();
      MessageReader reader(body);
      std::string response(reader.CString());
      if (!role) FailPassword("role does not exist");
      if (stored.empty()) FailPassword("role has no password");
      if (!CheckMd5Response(stored, salt, response)) FailPassword("wrong password");
    } else {
      std::string mechanisms = "SCRAM-SHA-256";
      mechanisms.push_back('\0');
      mechanisms.push_back('\0');
      out.AuthenticationRequest(kAuthSasl, mechanisms);
      channel_.Flush();
      ScramServer scram(stored);
      std::string initial = ReadPasswordMessage();
      MessageReader reader(initial);
      std::string mechanism(reader.CString());
      if (mechanism != "SCRAM-SHA-256") {
        throw ProtocolViolation("client selected an invalid SASL authentication mechanism");
      }
      int32_t length = reader.Int32();
      if (length < 0 || static_cast<size_t>(length) != reader.remaining()) {
        throw ProtocolViolation("malformed SCRAM message");
      }
      auto server_first = scram.HandleClientFirst(reader.Bytes(length));
      if (!server_first) throw ProtocolViolation("malformed SCRAM message");
      out.AuthenticationRequest(kAuthSaslContinue, *server_first);
      channel_.Flush();
      std::string final_message = ReadPasswordMessage();
      auto server_final = scram.HandleClientFinal(final_message);
      if (!server_final) {
        if (scram.malformed()) throw ProtocolViolation("malformed SCRAM message");
        if (!role) FailPassword("role does not exist");
        if (stored.empty()) FailPassword("role has no password");
        if (!ParseScramVerifier(stored)) FailPassword("role has no SCRAM-SHA-256 secret");
        FailPassword("wrong password");
      }
      out.AuthenticationRequest(kAuthSaslFinal, *server_final);
    }
  }
  if (!role->can_login) {
    throw SqlError(ErrorCode::kInvalidAuthorization, "role \"" + user_ + "\" is not permitted to log in");
  }
  superuser_ = role->superuser;
}

void Session::ReportChangedParameters() {
  auto now = ReportedParameters(*connection_, superuser_, client_encoding_);
  for (size_t i = 0; i < now.size(); i++) {
    if (i < reported_.size() && reported_[i].second == now[i].second) continue;
    channel_.out().ParameterStatus(now[i].first, now[i].second);
  }
  reported_ = std::move(now);
}

void Session::MessageLoop() {
  const ServerConfig& config = *services_.config;
  bool skip_to_sync = false;  // after an error in an extended-query message
  while (true) {
    FrontendMessage message = channel_.Read(config.max_message_bytes);
    if (skip_to_sync && message.type != 'S' && message.type != 'X') continue;
    switch (message.type) {
      case 'Q': {
        MessageReader reader(message.body);
        std::string sql(reader.CString());
        reader.ExpectEnd("Query message");
        SimpleQuery(sql);
        break;
      }
      case 'X':
        return;
      case 'd':
      case 'c':
      case 'f':
        break;  // the rest of a COPY FROM STDIN that failed: dropped, as PostgreSQL does
      case 'H':
        channel_.Flush();
        break;
      case 'S':
        skip_to_sync = false;
        extended_->Sync();
        channel_.out().Notices(connection_->TakeNotices());
        ReportChangedParameters();
        channel_.out().ReadyForQuery(connection_->TransactionStatus());
        channel_.Flush();
        break;
      case 'P':
      case 'B':
      case 'D':
      case 'E':
      case 'C':
        try {
          extended_->Handle(message);
        } catch (const ProtocolError&) {
          throw;
        } catch (SqlError& e) {
          if (terminating_) throw ClientGone("terminating");
          channel_.out().Notices(connection_->TakeNotices());
          channel_.out().Error(e, "ERROR");
          skip_to_sync = true;
        }
        break;
      default: {
        char text[64];
        std::snprintf(text, sizeof(text), "invalid frontend message type %d", message.type);
        throw ProtocolViolation(text);
      }
    }
  }
}

void Session::SimpleQuery(const std::string& sql) {
  MessageWriter& out = channel_.out();
  bool any = false;
  StatementTimer timer([this] {
    statement_timed_out_ = true;
    std::lock_guard<std::mutex> lock(connection_mutex_);
    if (connection_) connection_->Cancel();
  });
  auto arm = [&] {
    int64_t timeout = connection_->settings().statement_timeout_ms;
    if (timeout > 0) timer.Arm(std::chrono::milliseconds(timeout));
  };
  statement_timed_out_ = false;
  try {
    arm();
    connection_->QueryEach(sql, [&](std::unique_ptr<QueryResult> result) {
      timer.Disarm();
      any = true;
      // PostgreSQL sends a statement's notices as they are raised: before its rows.
      out.Notices(connection_->TakeNotices());
      if (result->rows) {
        out.RowDescription(*result);
        out.DataRows(*result, kFlushBytes, [&] { channel_.Flush(); });
      }
      out.CommandComplete(result->command_tag);
      channel_.Flush();
      arm();
    });
    timer.Disarm();
    if (!any) out.EmptyQueryResponse();
  } catch (const ProtocolError&) {
    throw;
  } catch (const ClientGone&) {
    throw;
  } catch (SqlError& e) {
    timer.Disarm();
    if (e.code() == ErrorCode::kQueryCanceled && statement_timed_out_) {
      e = SqlError(ErrorCode::kQueryCanceled, "canceling statement due to statement timeout");
    }
    if (terminating_) throw ClientGone("terminating");
    out.Notices(connection_->TakeNotices());
    out.Error(e, "ERROR");
  } catch (const std::bad_alloc&) {
    out.Error(SqlError(ErrorCode::kOutOfMemory, "out of memory"), "ERROR");
  } catch (const std::exception& e) {
    out.Error(SqlError(ErrorCode::kInternalError, e.what()), "ERROR");
  }
  out.Notices(connection_->TakeNotices());
  ReportChangedParameters();
  out.ReadyForQuery(connection_->TransactionStatus());
  channel_.Flush();
}

}  // namespace stockroom
