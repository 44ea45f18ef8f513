#include "security/password_hash.hpp"

#include <openssl/evp.h>
#include <openssl/hmac.h>
#include <openssl/rand.h>
#include <openssl/sha.h>

#include <cstdio>
#include <stdexcept>

#include "common/error/exception.hpp"
#include "function/scalar/md5.hpp"

namespace stockroom {
namespace {

constexpr int kScramIterations = 4096;  // PostgreSQL's scram_iterations default
constexpr size_t kScramSaltBytes = 16;
constexpr char kBase64Alphabet[] = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";

int Base64Digit(char c) {
  if (c >= 'A' && c <= 'Z') return c - 'A';
  if (c >= 'a' && c <= 'z') return c - 'a' + 26;
  if (c >= '0' && c <= '9') return c - '0' + 52;
  if (c == '+') return 62;
  if (c == '/') return 63;
  return -1;
}

}  // namespace

std::string Base64Encode(std::string_view bytes) {
  std::string out;
  out.reserve((bytes.size() + 2) / 3 * 4);
  for (size_t i = 0; i < bytes.size(); i += 3) {
    uint32_t chunk = static_cast<unsigned char>(bytes[i]) << 16;
    if (i + 1 < bytes.size()) chunk |= static_cast<unsigned char>(bytes[i + 1]) << 8;
    if (i + 2 < bytes.size()) chunk |= static_cast<unsigned char>(bytes[i + 2]);
    out.push_back(kBase64Alphabet[(chunk >> 18) & 63]);
    out.push_back(kBase64Alphabet[(chunk >> 12) & 63]);
    out.push_back(i + 1 < bytes.size() ? kBase64Alphabet[(chunk >> 6) & 63] : '=');
    out.push_back(i + 2 < bytes.size() ? kBase64Alphabet[chunk & 63] : '=');
  }
  return out;
}

std::optional<std::string> Base64Decode(std::string_view text) {
  if (text.size() % 4 != 0) return std::nullopt;
  std::string out;
  out.reserve(text.size() / 4 * 3);
  for (size_t i = 0; i < text.size(); i += 4) {
    int padding = 0;
    uint32_t chunk = 0;
    for (size_t j = 0; j < 4; ++j) {
      char c = text[i + j];
      int digit = 0;
      if (c == '=' && i + 4 == text.size() && j >= 2) {
        ++padding;
      } else {
        if (padding > 0) return std::nullopt;  // data after '='
        digit = Base64Digit(c);
        if (digit < 0) return std::nullopt;
      }
      chunk = (chunk << 6) | static_cast<uint32_t>(digit);
    }
    out.push_back(static_cast<char>(chunk >> 16));
    if (padding < 2) out.push_back(static_cast<char>((chunk >> 8) & 255));
    if (padding < 1) out.push_back(static_cast<char>(chunk & 255));
  }
  return out;
}

std::string HmacSha256(std::string_view key, std::string_view message) {
  unsigned char digest[EVP_MAX_MD_SIZE];
  unsigned int length = 0;
  HMAC(EVP_sha256(), key.data(), static_cast<int>(key.size()), reinterpret_cast<const unsigned char*>(message.data()),
       message.size(), digest, &length);
  return std::string(reinterpret_cast<char*>(digest), length);
}

std::string Sha256(std::string_view bytes) {
  unsigned char digest[SHA256_DIGEST_LENGTH];
  SHA256(reinterpret_cast<const unsigned char*>(bytes.data()), bytes.size(), digest);
  return std::string(reinterpret_cast<char*>(digest), sizeof(digest));
}

std::string Pbkdf2Sha256(std::string_view password, std::string_view salt, int iterations) {
  unsigned char key[SHA256_DIGEST_LENGTH];
  PKCS5_PBKDF2_HMAC(password.data(), static_cast<int>(password.size()), reinterpret_cast<const unsigned char*>(salt.data()),
                    static_cast<int>(salt.size()), iterations, EVP_sha256(), sizeof(key), key);
  return std::string(reinterpret_cast<char*>(key), sizeof(key));
}

std::string RandomBytes(size_t count) {
  std::string bytes(count, '\0');
  if (RAND_bytes(reinterpret_cast<unsigned char*>(bytes.data()), static_cast<int>(count)) != 1) {
    throw SqlError(ErrorCode::kInternalError, "could not generate random bytes");
  }
  return bytes;
}

std::string ScramSha256Verifier(std::string_view password, std::string_view salt, int iterations) {
  // RFC 5802: SaltedPassword = Hi(password, salt, i); ClientKey = HMAC(SaltedPassword,
  // "Client Key"); StoredKey = H(ClientKey); ServerKey = HMAC(SaltedPassword, "Server Key").
  // PostgreSQL skips SASLprep's normalization only for passwords that are not valid UTF-8;
  // ASCII passwords are unchanged by it, which is what roles here are created with.
  std::string salted = Pbkdf2Sha256(password, salt, iterations);
  std::string stored_key = Sha256(HmacSha256(salted, "Client Key"));
  std::string server_key = HmacSha256(salted, "Server Key");
  return "SCRAM-SHA-256$" + std::to_string(iterations) + ":" + Base64Encode(salt) + "$" + Base64Encode(stored_key) +
         ":" + Base64Encode(server_key);
}

std::string ScramSha256Verifier(std::string_view password) {
  return ScramSha256Verifier(password, RandomBytes(kScramSaltBytes), kScramIterations);
}

std::string Md5PasswordHash(std::string_view password, std::string_view user) {
  std::string input(password);
  input.append(user);
  char hex[32];
  Md5Hex(input, hex);
  return "md5" + std::string(hex, sizeof(hex));
}

std::optional<ScramSecret> ParseScramVerifier(std::string_view stored) {
  constexpr std::string_view kPrefix = "SCRAM-SHA-256$";
  if (stored.substr(0, kPrefix.size()) != kPrefix) return std::nullopt;
  std::string_view rest = stored.substr(kPrefix.size());
  size_t colon = rest.find(':');
  size_t dollar = rest.find('$');
  if (colon == std::string_view::npos || dollar == std::string_view::npos || colon > dollar) return std::nullopt;
  size_t key_colon = rest.find(':', dollar);
  if (key_colon == std::string_view::npos) return std::nullopt;
  ScramSecret secret;
  std::string iterations(rest.substr(0, colon));
  if (iterations.empty() || iterations.find_first_not_of("0123456789") != std::string::npos || iterations.size() > 9) {
    return std::nullopt;
  }
  secret.iterations = std::stoi(iterations);
  auto salt = Base64Decode(rest.substr(colon + 1, dollar - colon - 1));
  auto stored_key = Base64Decode(rest.substr(dollar + 1, key_colon - dollar - 1));
  auto server_key = Base64Decode(rest.substr(key_colon + 1));
  if (!salt || !stored_key || !server_key || stored_key->size() != SHA256_DIGEST_LENGTH ||
      server_key->size() != SHA256_DIGEST_LENGTH || secret.iterations <= 0) {
    return std::nullopt;
  }
  secret.salt = std::move(*salt);
  secret.stored_key = std::move(*stored_key);
  secret.server_key = std::move(*server_key);
  return secret;
}

bool IsStoredPasswordFormat(std::string_view text) {
  if (text.size() == 35 && text.substr(0, 3) == "md5") {
    return text.substr(3).find_first_not_of("0123456789abcdef") == std::string_view::npos;
  }
  return ParseScramVerifier(text).has_value();
}

}  // namespace stockroom
