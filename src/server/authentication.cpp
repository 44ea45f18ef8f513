#include "server/authentication.hpp"

#include <openssl/crypto.h>

#include <vector>

#include "function/scalar/md5.hpp"
#include "security/password_hash.hpp"

namespace stockroom {

namespace {

bool ConstantTimeEquals(std::string_view a, std::string_view b) {
  return a.size() == b.size() && CRYPTO_memcmp(a.data(), b.data(), a.size()) == 0;
}

// Splits "k=v,k=v" SCRAM attributes; nullopt when one is not of the form "<letter>=...".
std::optional<std::vector<std::pair<char, std::string>>> Attributes(std::string_view text) {
  std::vector<std::pair<char, std::string>> out;
  size_t start = 0;
  while (start <= text.size()) {
    size_t end = text.find(',', start);
    if (end == std::string_view::npos) end = text.size();
    std::string_view part = text.substr(start, end - start);
    if (part.size() < 2 || part[1] != '=') return std::nullopt;
    out.emplace_back(part[0], std::string(part.substr(2)));
    start = end + 1;
  }
  return out;
}

}  // namespace

ScramServer::ScramServer(const std::string& stored_verifier) {
  auto secret = ParseScramVerifier(stored_verifier);
  if (secret) {
    iterations_ = secret->iterations;
    salt_ = secret->salt;
    stored_key_ = secret->stored_key;
    server_key_ = secret->server_key;
  } else {
    mock_ = true;
    salt_ = RandomBytes(16);
    stored_key_ = RandomBytes(32);
    server_key_ = RandomBytes(32);
  }
}

std::optional<std::string> ScramServer::HandleClientFirst(std::string_view message) {
  // gs2-header: "n,," (no channel binding) or "y,," (client could, we do not offer it);
  // "p=" asks for channel binding, which only SCRAM-SHA-256-PLUS offers.
  if (message.size() < 3 || (message[0] != 'n' && message[0] != 'y') || message[1] != ',') {
    malformed_ = true;
    return std::nullopt;
  }
  size_t authzid_end = message.find(',', 2);
  if (authzid_end == std::string_view::npos) {
    malformed_ = true;
    return std::nullopt;
  }
  gs2_header_ = std::string(message.substr(0, authzid_end + 1));
  client_first_bare_ = std::string(message.substr(authzid_end + 1));
  auto attributes = Attributes(client_first_bare_);
  if (!attributes || attributes->size() < 2 || (*attributes)[0].first != 'n' || (*attributes)[1].first != 'r' ||
      (*attributes)[1].second.empty()) {
    malformed_ = true;
    return std::nullopt;
  }
  // The nonce is echoed in server-first-message: only RFC 5802's printable characters
  // (0x21-0x7E but ','), as PostgreSQL checks, so no client bytes (NULs, control
  // characters) go back into the exchange.
  for (char c : (*attributes)[1].second) {
    if (c < 0x21 || c > 0x7E || c == ',') {
      malformed_ = true;
      return std::nullopt;
    }
  }
  nonce_ = (*attributes)[1].second + Base64Encode(RandomBytes(18));
  server_first_ = "r=" + nonce_ + ",s=" + Base64Encode(salt_) + ",i=" + std::to_string(iterations_);
  return server_first_;
}

std::optional<std::string> ScramServer::HandleClientFinal(std::string_view message) {
  size_t proof_at = message.rfind(",p=");
  if (proof_at == std::string_view::npos) {
    malformed_ = true;
    return std::nullopt;
  }
  std::string_view without_proof = message.substr(0, proof_at);
  auto attributes = Attributes(without_proof);
  auto proof = Base64Decode(message.substr(proof_at + 3));
  if (!attributes || attributes->size() < 2 || (*attributes)[0].first != 'c' || (*attributes)[1].first != 'r' ||
      !proof || proof->size() != 32) {
    malformed_ = true;
    return std::nullopt;
  }
  auto binding = Base64Decode((*attributes)[0].second);
  if (!binding || *binding != gs2_header_ || (*attributes)[1].second != nonce_) {
    malformed_ = true;
    return std::nullopt;
  }
  std::string auth_message = client_first_bare_ + "," + server_first_ + "," + std::string(without_proof);
  std::string client_signature = HmacSha256(stored_key_, auth_message);
  std::string client_key(32, '\0');
  for (size_t i = 0; i < 32; i++) client_key[i] = static_cast<char>((*proof)[i] ^ client_signature[i]);
  if (mock_ || !ConstantTimeEquals(Sha256(client_key), stored_key_)) return std::nullopt;
  return "v=" + Base64Encode(HmacSha256(server_key_, auth_message));
}

bool CheckMd5Response(std::string_view stored, std::string_view salt, std::string_view response) {
  if (stored.size() != 35 || stored.substr(0, 3) != "md5") return false;
  char hex[32];
  Md5Hex(std::string(stored.substr(3)) + std::string(salt), hex);
  std::string expected = "md5" + std::string(hex, sizeof(hex));
  return ConstantTimeEquals(expected, response);
}

bool CheckCleartextPassword(std::string_view stored, std::string_view user, std::string_view password) {
  if (auto secret = ParseScramVerifier(stored)) {
    std::string computed = ScramSha256Verifier(password, secret->salt, secret->iterations);
    return ConstantTimeEquals(computed, stored);
  }
  if (stored.size() == 35 && stored.substr(0, 3) == "md5") {
    return ConstantTimeEquals(Md5PasswordHash(password, user), stored);
  }
  return false;
}

}  // namespace stockroom
