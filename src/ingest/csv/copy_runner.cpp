#include "common/error/exception.hpp"
#include "main/statement_runner.hpp"

namespace stockroom {

std::unique_ptr<QueryResult> StatementRunner::RunCopy(CopyStatement&) {
  throw SqlError(ErrorCode::kFeatureNotSupported, "COPY is not available yet");
}

}  // namespace stockroom
