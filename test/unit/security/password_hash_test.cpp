#include "security/password_hash.hpp"

#include <gtest/gtest.h>

#include <string>
#include <vector>

namespace stockroom {
namespace {

// Stored by PostgreSQL 15 for CREATE ROLE alice PASSWORD 'pencil' (password_encryption =
// scram-sha-256) and, with password_encryption = md5, CREATE ROLE bob PASSWORD 'secret'
// (read back from pg_authid.rolpassword).
constexpr char kPostgresAliceVerifier[] =
    "SCRAM-SHA-256$4096:0qYwobLtbIaCz+/gA5lQbQ==$PfVn/u8lYfJ6kdIyb5YWq67wUg4UTABeK0tVHw7s3kE=:"
    "wUutuXSJ32MX8o5PI60xdtE5mX3R0Gsv6OTERwVfNic=";
constexpr char kPostgresBobMd5[] = "md521f3163f8f86fa10bdefbfbd502a8f06";

TEST(PasswordHashTest, ScramVerifierMatchesPostgresForTheSameSalt) {
  auto secret = ParseScramVerifier(kPostgresAliceVerifier);
  ASSERT_TRUE(secret.has_value());
  EXPECT_EQ(secret->iterations, 4096);
  EXPECT_EQ(ScramSha256Verifier("pencil", secret->salt, secret->iterations), kPostgresAliceVerifier);
  EXPECT_NE(ScramSha256Verifier("pencil2", secret->salt, secret->iterations), kPostgresAliceVerifier);
}

TEST(PasswordHashTest, FreshVerifiersUseRandomSalts) {
  std::string first = ScramSha256Verifier("pencil");
  std::string second = ScramSha256Verifier("pencil");
  EXPECT_NE(first, second);
  auto secret = ParseScramVerifier(first);
  ASSERT_TRUE(secret.has_value());
  EXPECT_EQ(secret->salt.size(), 16u);
  EXPECT_EQ(ScramSha256Verifier("pencil", secret->salt, 4096), first);
}

TEST(PasswordHashTest, Md5MatchesPostgres) {
  EXPECT_EQ(Md5PasswordHash("secret", "bob"), kPostgresBobMd5);
  EXPECT_TRUE(IsStoredPasswordFormat(kPostgresBobMd5));
  EXPECT_TRUE(IsStoredPasswordFormat(kPostgresAliceVerifier));
  EXPECT_FALSE(IsStoredPasswordFormat("secret"));
  EXPECT_FALSE(IsStoredPasswordFormat("md5secret"));
}

TEST(PasswordHashTest, Base64RoundTripsAndRejectsGarbage) {
  for (const std::string& bytes : std::vector<std::string>{"", "a", "ab", "abc", "abcd", std::string("\0\xff\x10", 3)}) {
    EXPECT_EQ(Base64Decode(Base64Encode(bytes)), bytes);
  }
  EXPECT_EQ(Base64Encode("pencil"), "cGVuY2ls");
  EXPECT_FALSE(Base64Decode("abc").has_value());
  EXPECT_FALSE(Base64Decode("ab=c").has_value());
  EXPECT_FALSE(Base64Decode("a$bc").has_value());
  EXPECT_FALSE(ParseScramVerifier("SCRAM-SHA-256$x:abc$def:ghi").has_value());
}

}  // namespace
}  // namespace stockroom
