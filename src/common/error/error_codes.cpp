#include "common/error/error_codes.hpp"

namespace stockroom {

namespace {
struct ErrorInfo {
  std::string_view sqlstate;
  std::string_view label;
};
constexpr ErrorInfo kErrorInfo[] = {
#define SR_ERROR_INFO(name, sqlstate, label) {sqlstate, label},
    SR_ERROR_CODES(SR_ERROR_INFO)
#undef SR_ERROR_INFO
};
}  // namespace

std::string_view SqlState(ErrorCode code) { return kErrorInfo[static_cast<int>(code)].sqlstate; }
std::string_view ConditionName(ErrorCode code) { return kErrorInfo[static_cast<int>(code)].label; }

}  // namespace stockroom
