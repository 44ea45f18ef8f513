#include "main/client_context.hpp"

#include <chrono>

#include "common/error/exception.hpp"
#include "common/memory/memory_tracker.hpp"
#include "common/types/date_time.hpp"
#include "common/types/time_zone.hpp"
#include "main/database.hpp"

namespace stockroom {

int64_t CurrentTimestampMicros() {
  auto now = std::chrono::system_clock::now().time_since_epoch();
  int64_t unix_micros = std::chrono::duration_cast<std::chrono::microseconds>(now).count();
  return unix_micros - static_cast<int64_t>(date_time::kUnixEpochOffsetDays) * date_time::kMicrosPerDay;
}

ClientContext::ClientContext(Database& db, const SessionSettings& settings, Transaction& transaction)
    : db_(db),
      settings_(settings),
      transaction_(transaction),
      transaction_start_(CurrentTimestampMicros()),
      statement_start_(transaction_start_),
      memory_(std::make_unique<MemoryTracker>(settings.memory_limit, &db.operator_memory())) {}

ClientContext::~ClientContext() = default;

const TimeZone& ClientContext::time_zone() const {
  return settings_.time_zone ? *settings_.time_zone : TimeZone::Utc();
}

void ClientContext::CheckCancelled() const {
  if (cancelled_.load(std::memory_order_relaxed)) {
    throw SqlError(ErrorCode::kQueryCanceled, "canceling statement due to user request");
  }
}

}  // namespace stockroom
