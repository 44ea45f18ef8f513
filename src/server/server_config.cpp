#include "server/server_config.hpp"

#include <arpa/inet.h>
#include <yaml-cpp/yaml.h>

#include <cstring>

#include "common/error/exception.hpp"

namespace stockroom {

namespace {

SqlError ConfigError(const std::string& path, const std::string& message) {
  return SqlError(ErrorCode::kConfigFileError, "configuration file \"" + path + "\": " + message);
}

std::string Scalar(const YAML::Node& node, const std::string& path, const std::string& key) {
  if (!node.IsScalar()) throw ConfigError(path, "\"" + key + "\" must be a single value");
  return node.as<std::string>();
}

int Integer(const YAML::Node& node, const std::string& path, const std::string& key, int min, int max) {
  std::string text = Scalar(node, path, key);
  char* end = nullptr;
  long value = std::strtol(text.c_str(), &end, 10);
  if (text.empty() || *end != '\0' || value < min || value > max) {
    throw ConfigError(path, "\"" + key + "\" must be an integer from " + std::to_string(min) + " to " +
                                std::to_string(max) + ", not \"" + text + "\"");
  }
  return static_cast<int>(value);
}

// "60s", "500ms", "2min" or a number of seconds (PostgreSQL's authentication_timeout unit).
std::chrono::milliseconds Duration(const YAML::Node& node, const std::string& path, const std::string& key) {
  std::string text = Scalar(node, path, key);
  char* end = nullptr;
  double value = std::strtod(text.c_str(), &end);
  std::string unit = end ? std::string(end) : "";
  double scale = unit.empty() || unit == "s" ? 1000 : unit == "ms" ? 1 : unit == "min" ? 60000 : -1;
  if (text.empty() || end == text.c_str() || scale < 0 || value <= 0) {
    throw ConfigError(path, "\"" + key + "\" must be a duration such as 60s, not \"" + text + "\"");
  }
  return std::chrono::milliseconds(static_cast<int64_t>(value * scale));
}

HbaRule ParseRule(const YAML::Node& node, const std::string& path) {
  if (!node.IsMap()) throw ConfigError(path, "each auth rule must be a mapping");
  HbaRule rule;
  for (auto it = node.begin(); it != node.end(); ++it) {
    std::string key = it->first.as<std::string>();
    std::string value = Scalar(it->second, path, key);
    if (key == "type") {
      if (value == "host") rule.type = HbaRule::Type::kHost;
      else if (value == "hostssl") rule.type = HbaRule::Type::kHostSsl;
      else if (value == "hostnossl") rule.type = HbaRule::Type::kHostNoSsl;
      else throw ConfigError(path, "invalid auth rule type \"" + value + "\" (host, hostssl or hostnossl)");
    } else if (key == "database") {
      rule.database = value;
    } else if (key == "user") {
      rule.user = value;
    } else if (key == "address") {
      sockaddr_storage any{};
      any.ss_family = AF_INET;
      if (value != "all" && !AddressInCidr(any, value)) {
        throw ConfigError(path, "invalid address \"" + value + "\" in auth rule (a CIDR such as 10.0.0.0/8)");
      }
      rule.address = value;
    } else if (key == "method") {
      auto method = ParseAuthMethod(value);
      if (!method) {
        throw ConfigError(path, "invalid authentication method \"" + value +
                                    "\" (scram-sha-256, md5, password, trust or reject)");
      }
      rule.method = *method;
    } else {
      throw ConfigError(path, "unknown key \"" + key + "\" in auth rule");
    }
  }
  return rule;
}

}  // namespace

std::optional<AuthMethod> ParseAuthMethod(const std::string& name) {
  if (name == "scram-sha-256") return AuthMethod::kScramSha256;
  if (name == "md5") return AuthMethod::kMd5;
  if (name == "password") return AuthMethod::kPassword;
  if (name == "trust") return AuthMethod::kTrust;
  if (name == "reject") return AuthMethod::kReject;
  return std::nullopt;
}

const char* AuthMethodName(AuthMethod method) {
  switch (method) {
    case AuthMethod::kScramSha256: return "scram-sha-256";
    case AuthMethod::kMd5: return "md5";
    case AuthMethod::kPassword: return "password";
    case AuthMethod::kTrust: return "trust";
    case AuthMethod::kReject: return "reject";
  }
  return "?";
}

std::optional<bool> AddressInCidr(const sockaddr_storage& client, const std::string& cidr) {
  std::string address = cidr;
  int bits = -1;
  if (auto slash = cidr.find('/'); slash != std::string::npos) {
    address = cidr.substr(0, slash);
    std::string b = cidr.substr(slash + 1);
    if (b.empty() || b.size() > 3 || b.find_first_not_of("0123456789") != std::string::npos) return std::nullopt;
    bits = std::stoi(b);
  }
  unsigned char want[16];
  int family, length;
  if (inet_pton(AF_INET, address.c_str(), want) == 1) {
    family = AF_INET;
    length = 4;
  } else if (inet_pton(AF_INET6, address.c_str(), want) == 1) {
    family = AF_INET6;
    length = 16;
  } else {
    return std::nullopt;
  }
  if (bits < 0) bits = length * 8;
  if (bits > length * 8) return std::nullopt;
  const unsigned char* have = nullptr;
  unsigned char mapped[4];
  if (client.ss_family == AF_INET && family == AF_INET) {
    have = reinterpret_cast<const unsigned char*>(&reinterpret_cast<const sockaddr_in&>(client).sin_addr);
  } else if (client.ss_family == AF_INET6) {
    auto& in6 = reinterpret_cast<const sockaddr_in6&>(client).sin6_addr;
    if (family == AF_INET6) {
      have = reinterpret_cast<const unsigned char*>(&in6);
    } else if (IN6_IS_ADDR_V4MAPPED(&in6)) {  // ::ffff:a.b.c.d matches IPv4 rules
      std::memcpy(mapped, reinterpret_cast<const unsigned char*>(&in6) + 12, 4);
      have = mapped;
    }
  }
  if (!have) return false;
  for (int i = 0; i < bits; i++) {
    int mask = 0x80 >> (i % 8);
    if ((have[i / 8] & mask) != (want[i / 8] & mask)) return false;
  }
  return true;
}

bool HbaRule::Matches(bool tls, const std::string& database_name, const std::string& user_name,
                      const sockaddr_storage& client) const {
  if (type == Type::kHostSsl && !tls) return false;
  if (type == Type::kHostNoSsl && tls) return false;
  if (database != "all" && database != database_name) return false;
  if (user != "all" && user != user_name) return false;
  if (address == "all") return true;
  return AddressInCidr(client, address).value_or(false);
}

ServerConfig LoadServerConfig(const std::string& path) {
  YAML::Node root;
  try {
    root = YAML::LoadFile(path);
  } catch (const YAML::BadFile&) {
    throw SqlError(ErrorCode::kUndefinedFile, "could not open configuration file \"" + path + "\"");
  } catch (const YAML::Exception& e) {
    throw ConfigError(path, e.what());
  }
  ServerConfig config;
  if (root.IsNull()) return config;
  if (!root.IsMap()) throw ConfigError(path, "must be a mapping of settings");
  for (auto it = root.begin(); it != root.end(); ++it) {
    std::string key = it->first.as<std::string>();
    // A copy: yaml-cpp's iterator hands out a temporary pair, so a reference to its member
    // would dangle (ASan: stack-use-after-scope).
    YAML::Node value = it->second;
    if (key == "listen") {
      config.listen = Scalar(value, path, key);
    } else if (key == "port") {
      config.port = Integer(value, path, key, 0, 65535);
    } else if (key == "max_connections") {
      config.max_connections = Integer(value, path, key, 1, 10000);
    } else if (key == "database") {
      config.database = Scalar(value, path, key);
    } else if (key == "authentication_timeout") {
      config.authentication_timeout = Duration(value, path, key);
    } else if (key == "max_message_bytes") {
      config.max_message_bytes = static_cast<uint32_t>(Integer(value, path, key, 1024, 1 << 30));
    } else if (key == "tls") {
      if (!value.IsMap()) throw ConfigError(path, "\"tls\" must be a mapping (mode, cert, key)");
      for (auto t = value.begin(); t != value.end(); ++t) {
        std::string k = t->first.as<std::string>();
        std::string v = Scalar(t->second, path, "tls." + k);
        if (k == "mode") {
          if (v == "off") config.tls_mode = TlsMode::kOff;
          else if (v == "optional") config.tls_mode = TlsMode::kOptional;
          else if (v == "required") config.tls_mode = TlsMode::kRequired;
          else throw ConfigError(path, "tls.mode must be off, optional or required, not \"" + v + "\"");
        } else if (k == "cert") {
          config.tls_cert = v;
        } else if (k == "key") {
          config.tls_key = v;
        } else {
          throw ConfigError(path, "unknown key \"tls." + k + "\"");
        }
      }
      if (config.tls_mode != TlsMode::kOff && (config.tls_cert.empty() || config.tls_key.empty())) {
        throw ConfigError(path, "tls.cert and tls.key are needed when tls.mode is not off");
      }
    } else if (key == "auth") {
      if (!value.IsSequence()) throw ConfigError(path, "\"auth\" must be a list of rules");
      config.hba.clear();
      for (const auto& rule : value) config.hba.push_back(ParseRule(rule, path));
    } else {
      throw ConfigError(path, "unknown setting \"" + key + "\"");
    }
  }
  return config;
}

}  // namespace stockroom
