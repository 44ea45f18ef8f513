#pragma once

#include <optional>
#include <string>
#include <string_view>

namespace stockroom {

// Stored passwords in PostgreSQL's formats (pg_authid.rolpassword), so a role's password
// means the same here as there, and the wire protocol's SCRAM-SHA-256 and md5
// authentication can check a login against it. Plain passwords are never stored.

// "SCRAM-SHA-256$<iterations>:<salt>$<StoredKey>:<ServerKey>" (RFC 5802/7677, base64
// fields) for `password` with a fresh random 16-byte salt and 4096 iterations, as
// PostgreSQL's password_encryption = scram-sha-256 stores it.
std::string ScramSha256Verifier(std::string_view password);
std::string ScramSha256Verifier(std::string_view password, std::string_view salt, int iterations);

// "md5" + hex(md5(password + user)): PostgreSQL's md5 format.
std::string Md5PasswordHash(std::string_view password, std::string_view user);

// A SCRAM verifier's fields, decoded; nullopt if `stored` is not one.
struct ScramSecret {
  int iterations = 0;
  std::string salt;        // raw bytes
  std::string stored_key;  // raw 32 bytes: H(ClientKey)
  std::string server_key;  // raw 32 bytes
};
std::optional<ScramSecret> ParseScramVerifier(std::string_view stored);

// Whether `text` already is a stored password (CREATE ROLE ... PASSWORD 'md5…' or
// 'SCRAM-SHA-256$…' keeps it as given, as PostgreSQL does).
bool IsStoredPasswordFormat(std::string_view text);

// Base64 (RFC 4648, with padding); Base64Decode returns nullopt for malformed input.
std::string Base64Encode(std::string_view bytes);
std::optional<std::string> Base64Decode(std::string_view text);

// HMAC-SHA-256, SHA-256 and PBKDF2-HMAC-SHA-256 (SCRAM's Hi), raw bytes in and out.
std::string HmacSha256(std::string_view key, std::string_view message);
std::string Sha256(std::string_view bytes);
std::string Pbkdf2Sha256(std::string_view password, std::string_view salt, int iterations);
// `count` cryptographically random bytes (OpenSSL's RAND_bytes).
std::string RandomBytes(size_t count);

}  // namespace stockroom
