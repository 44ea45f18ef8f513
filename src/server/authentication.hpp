#pragma once

#include <functional>
#include <optional>
#include <string>
#include <string_view>

#include "security/role_catalog.hpp"

namespace stockroom {


// The server side of one SCRAM-SHA-256 exchange (RFC 5802, RFC 7677), without channel
// binding, as PostgreSQL runs it: the user name in the client's message is ignored (the
// startup packet's counts). An unknown user or one without a SCRAM secret gets a mock
// exchange with a made-up salt that always fails, so failures look alike.
class ScramServer {
 public:
  // `stored_verifier`: "SCRAM-SHA-256$…", or anything else for the mock exchange.
  explicit ScramServer(const std::string& stored_verifier);

  // Reads client-first-message, returns server-first-message. nullopt: malformed (08P01).
  std::optional<std::string> HandleClientFirst(std::string_view message);
  // Reads client-final-message; on a correct proof returns server-final-message ("v=…"),
  // else nullopt (the password is wrong, or the message malformed: see malformed()).
  std::optional<std::string> HandleClientFinal(std::string_view message);
  bool malformed() const { return malformed_; }

 private:
  bool mock_ = false;
  bool malformed_ = false;
  int iterations_ = 4096;
  std::string salt_, stored_key_, server_key_;
  std::string client_first_bare_, server_first_, nonce_, gs2_header_;
};

// md5 authentication: whether `response` ("md5" + hex) is what a client knowing the
// password of `stored` (an md5 rolpassword) answers for `salt` (4 bytes).
bool CheckMd5Response(std::string_view stored, std::string_view salt, std::string_view response);

// password authentication: whether the cleartext `password` matches `stored` (SCRAM or md5).
bool CheckCleartextPassword(std::string_view stored, std::string_view user, std::string_view password);

}  // namespace stockroom
