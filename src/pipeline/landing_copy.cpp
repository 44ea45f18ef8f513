#include "pipeline/landing_copy.hpp"

#include "catalog/catalog_sql.hpp"
#include "common/error/exception.hpp"
#include "main/connection.hpp"
#include "main/query_result.hpp"

namespace stockroom::pipeline {

void RethrowAsWarehouseError(const SqlError& e) {
  std::string message = e.what();
  if (!e.detail().empty()) message += " (" + e.detail() + ")";
  throw WarehouseError(message);
}

std::string DataColumnList(const CopyRequest& request) {
  std::string out;
  for (auto& column : request.data_columns) {
    if (!out.empty()) out += ", ";
    out += QuoteIdentifier(column);
  }
  return out;
}

bool CopyLandingFile(Connection& connection, const CopyRequest& request, const std::string& into,
                     CopyOutcome* outcome) {
  std::string options = request.format == "json" ? "FORMAT json" : "FORMAT csv, HEADER";
  options += ", MAXERROR " + std::to_string(request.max_errors);
  if (!request.copy_options.empty()) options += ", " + request.copy_options;
  try {
    connection.Query("COPY " + into + " FROM " + SqlLiteral(request.path) + " WITH (" + options + ")");
  } catch (const SqlError& e) {
    // Over MAXERROR: 22P04 with the first rejected row in DETAIL.
    if (e.code() != ErrorCode::kBadCopyFileFormat || e.detail().rfind("First rejected row", 0) != 0) RethrowAsWarehouseError(e);
    outcome->over_limit = true;
    outcome->first_error = e.detail();
    return false;
  }
  try {
    // The newest COPY of this file is the one above: a session loads one file at a time.
    auto rejected = connection.Query(
        "SELECT line_number, colname, err_code, err_reason, raw_line FROM stl_load_errors WHERE query = "
        "(SELECT max(query) FROM stl_load_commits WHERE filename = " +
        SqlLiteral(request.path) + ") ORDER BY line_number");
    for (idx_t r = 0; r < rejected->RowCount(); r++) {
      RejectedRow row;
      row.line_number = std::stoll(rejected->GetText(0, r));
      row.column_name = rejected->GetText(1, r);
      row.error_code = rejected->GetText(2, r);
      row.reason = rejected->GetText(3, r);
      row.raw_line = rejected->GetText(4, r);
      outcome->rejected.push_back(std::move(row));
    }
  } catch (const SqlError& e) {
    RethrowAsWarehouseError(e);
  }
  return true;
}

}  // namespace stockroom::pipeline
