#include "common/memory/memory_tracker.hpp"

#include <unistd.h>
#if defined(__GLIBC__)
#include <malloc.h>
#endif

#include <cctype>

#include "common/error/exception.hpp"

namespace stockroom {

void MemoryTracker::Reserve(uint64_t bytes) {
  uint64_t now = used_.fetch_add(bytes, std::memory_order_relaxed) + bytes;
  if (now > limit_) {
    used_.fetch_sub(bytes, std::memory_order_relaxed);
    throw SqlError(ErrorCode::kOutOfMemory, "out of memory")
        .WithDetail(total_ ? "The query needs more than memory_limit (" + FormatBytes(limit_) + ")."
                           : "The queries running now need more than the database's memory_limit (" +
                                 FormatBytes(limit_) + ") together.")
        .WithHint("Raise it with SET memory_limit, or make the query select or group fewer rows.");
  }
  if (total_) {
    try {
      total_->Reserve(bytes);
    } catch (...) {
      used_.fetch_sub(bytes, std::memory_order_relaxed);
      throw;
    }
  }
  if (on_grow_) on_grow_();
  uint64_t peak = peak_.load(std::memory_order_relaxed);
  while (now > peak && !peak_.compare_exchange_weak(peak, now, std::memory_order_relaxed)) {
  }
}

uint64_t DefaultMemoryLimit() {
  long pages = ::sysconf(_SC_PHYS_PAGES);
  long page_size = ::sysconf(_SC_PAGESIZE);
  if (pages <= 0 || page_size <= 0) return uint64_t(8) << 30;
  return uint64_t(pages) * uint64_t(page_size) / 10 * 8;
}

void ReturnFreedMemory() {
#if defined(__GLIBC__)
  ::malloc_trim(0);
#endif
}

std::string FormatBytes(uint64_t bytes) {
  constexpr uint64_t kKb = 1024, kMb = kKb * 1024, kGb = kMb * 1024;
  if (bytes % kGb == 0 && bytes >= kGb) return std::to_string(bytes / kGb) + "GB";
  if (bytes % kMb == 0 && bytes >= kMb) return std::to_string(bytes / kMb) + "MB";
  if (bytes % kKb == 0 && bytes >= kKb) return std::to_string(bytes / kKb) + "kB";
  return std::to_string(bytes) + "B";
}

uint64_t ParseBytes(const std::string& text, const std::string& name) {
  size_t pos = 0;
  uint64_t number = 0;
  while (pos < text.size() && std::isdigit(static_cast<unsigned char>(text[pos]))) number = number * 10 + (text[pos++] - '0');
  std::string unit = text.substr(pos);
  for (char& ch : unit) ch = static_cast<char>(std::tolower(static_cast<unsigned char>(ch)));
  while (!unit.empty() && unit[0] == ' ') unit.erase(0, 1);
  uint64_t multiplier = 1;
  if (unit == "kb") multiplier = 1024;
  else if (unit == "mb") multiplier = 1024 * 1024;
  else if (unit == "gb") multiplier = 1024ull * 1024 * 1024;
  else if (unit == "tb") multiplier = 1024ull * 1024 * 1024 * 1024;
  else if (unit == "b" || unit.empty()) multiplier = 1;
  if (pos == 0 || (unit != "kb" && unit != "mb" && unit != "gb" && unit != "tb" && unit != "b" && !unit.empty())) {
    throw SqlError(ErrorCode::kInvalidParameterValue, "invalid value for parameter \"" + name + "\": \"" + text + "\"")
        .WithHint("Valid units for this parameter are \"B\", \"kB\", \"MB\", \"GB\", and \"TB\".");
  }
  return number * multiplier;
}

}  // namespace stockroom
