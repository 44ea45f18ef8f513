#pragma once

#include <cstdint>

#include "common/types/string_ref.hpp"
#include "function/scalar/datetime_template.hpp"

namespace stockroom {

class TimeZone;

// to_date(text, template) and to_timestamp(text, template) on single values, for callers
// outside expressions (COPY's DATEFORMAT and TIMEFORMAT). `dch` caches the parsed template
// and is not thread-safe.
int32_t TemplateToDate(datetime_template::DchState& dch, const StringRef& text, const StringRef& fmt);
// Returns microseconds: UTC when `zone` is given (the text's wall time in that zone, or its
// own offset), else the wall time itself (timestamp without time zone).
int64_t TemplateToTimestamp(datetime_template::DchState& dch, const StringRef& text, const StringRef& fmt,
                            const TimeZone* zone);

}  // namespace stockroom
