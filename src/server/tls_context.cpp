#include "server/tls_context.hpp"

#include <openssl/err.h>
#include <openssl/ssl.h>

#include "common/error/exception.hpp"

namespace stockroom {

namespace {

std::string OpenSslError() {
  char text[256] = "unknown error";
  if (unsigned long code = ERR_get_error()) ERR_error_string_n(code, text, sizeof(text));
  ERR_clear_error();
  return text;
}

}  // namespace

SSL_CTX* CreateServerTlsContext(const std::string& cert_file, const std::string& key_file) {
  SSL_CTX* context = SSL_CTX_new(TLS_server_method());
  if (!context) throw SqlError(ErrorCode::kConfigFileError, "could not create TLS context: " + OpenSslError());
  SSL_CTX_set_min_proto_version(context, TLS1_2_VERSION);
  if (SSL_CTX_use_certificate_chain_file(context, cert_file.c_str()) != 1) {
    std::string error = OpenSslError();
    SSL_CTX_free(context);
    throw SqlError(ErrorCode::kConfigFileError, "could not load server certificate file \"" + cert_file + "\": " + error);
  }
  if (SSL_CTX_use_PrivateKey_file(context, key_file.c_str(), SSL_FILETYPE_PEM) != 1) {
    std::string error = OpenSslError();
    SSL_CTX_free(context);
    throw SqlError(ErrorCode::kConfigFileError, "could not load private key file \"" + key_file + "\": " + error);
  }
  if (SSL_CTX_check_private_key(context) != 1) {
    SSL_CTX_free(context);
    throw SqlError(ErrorCode::kConfigFileError,
                   "private key file \"" + key_file + "\" does not match certificate \"" + cert_file + "\"");
  }
  // No session tickets or cache: each connection does a full handshake, like PostgreSQL.
  SSL_CTX_set_session_cache_mode(context, SSL_SESS_CACHE_OFF);
  SSL_CTX_set_options(context, SSL_OP_NO_TICKET);
  return context;
}

}  // namespace stockroom
