#pragma once

#include <stdexcept>
#include <string>
#include <string_view>

namespace stockroom {

// Matches argv[*i] against an option that takes a value, in the forms "-x VALUE", "-xVALUE",
// "--long VALUE" and "--long=VALUE" (an empty name skips that form). On a match, stores the
// value, advances *i past a separate value and returns true. Throws std::invalid_argument
// when the value is missing.
inline bool TakeOptionValue(int argc, char** argv, int* i, std::string_view short_name, std::string_view long_name,
                            std::string* value) {
  std::string_view arg = argv[*i];
  if (!short_name.empty() && arg.substr(0, short_name.size()) == short_name) {
    if (arg.size() > short_name.size()) {
      *value = std::string(arg.substr(short_name.size()));
      return true;
    }
  } else if (!long_name.empty() && arg.substr(0, long_name.size()) == long_name) {
    if (arg.size() > long_name.size()) {
      if (arg[long_name.size()] != '=') return false;
      *value = std::string(arg.substr(long_name.size() + 1));
      return true;
    }
  } else {
    return false;
  }
  if (*i + 1 >= argc) throw std::invalid_argument("option " + std::string(arg) + " needs a value");
  *value = argv[++*i];
  return true;
}

}  // namespace stockroom
