#pragma once

#include <string>

typedef struct ssl_ctx_st SSL_CTX;

namespace stockroom {

// A server TLS context (TLS 1.2 or later) with the PEM certificate chain and private key;
// throws SqlError F0000 naming the file OpenSSL could not use. Free with SSL_CTX_free.
SSL_CTX* CreateServerTlsContext(const std::string& cert_file, const std::string& key_file);

}  // namespace stockroom
