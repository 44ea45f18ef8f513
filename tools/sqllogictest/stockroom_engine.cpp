#include "stockroom_engine.hpp"

#include <new>

#include "common/error/exception.hpp"
#include "main/connection.hpp"
#include "main/database.hpp"
#include "test_file.hpp"

namespace stockroom {

StockroomEngine::StockroomEngine(int threads) {
  DatabaseConfig config;
  config.threads = threads;
  db_ = std::make_unique<Database>(config);
  connection_ = std::make_unique<Connection>(*db_);
}

StockroomEngine::~StockroomEngine() = default;

QueryOutcome StockroomEngine::Run(const std::string& sql) {
  QueryOutcome outcome;
  try {
    auto results = connection_->QueryAll(sql);
    outcome.ok = true;
    if (results.empty() || !results.back()->rows) return outcome;
    const QueryResult& result = *results.back();
    outcome.has_rows = true;
    outcome.ordered = result.ordered;
    for (const auto& type : result.types) outcome.type_names.push_back(type.Name());
    size_t columns = result.names.size();
    for (idx_t r = 0; r < result.RowCount(); r++) {
      std::vector<std::string> row;
      row.reserve(columns);
      for (size_t c = 0; c < columns; c++) {
        bool is_null = false;
        std::string text = result.GetText(c, r, &is_null);
        row.push_back(EncodeValue(is_null ? nullptr : &text));
      }
      outcome.rows.push_back(std::move(row));
    }
  } catch (const SqlError& error) {
    outcome = QueryOutcome();
    outcome.sqlstate = std::string(error.sqlstate());
    outcome.message = error.what();
  } catch (const std::bad_alloc&) {
    outcome = QueryOutcome();
    outcome.sqlstate = "53200";
    outcome.message = "out of memory (std::bad_alloc escaped the engine)";
  } catch (const std::exception& error) {
    outcome = QueryOutcome();
    outcome.sqlstate = "XX000";
    outcome.message = std::string("non-SQL exception escaped the engine: ") + error.what();
  }
  return outcome;
}

}  // namespace stockroom
