#pragma once

#include <string>

namespace stockroom {

// Adds to landing zone `to` hard links to the extract folders of landing zone `from`
// (<system>/<table>/<date>/part-*) dated `date`, or dated `date` and earlier when `up_to`
// is set: how the benchmarks and tests replay a generated zone one night at a time.
void LinkExtracts(const std::string& from, const std::string& to, const std::string& date, bool up_to = false);

}  // namespace stockroom
