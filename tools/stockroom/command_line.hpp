#pragma once

#include <exception>
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

// Returns `text` as a number; throws std::invalid_argument naming `option` unless all of it
// is one.
inline double ParseNumberOption(const std::string& text, const char* option) {
  size_t used = 0;
  double value = 0;
  try {
    value = std::stod(text, &used);
  } catch (const std::exception&) {
    used = 0;
  }
  if (used == 0 || used != text.size()) {
    throw std::invalid_argument("invalid value \"" + text + "\" for " + option);
  }
  return value;
}

// Returns `text` as an integer; throws std::invalid_argument naming `option` otherwise.
inline int ParseIntegerOption(const std::string& text, const char* option) {
  double value = ParseNumberOption(text, option);
  if (value != static_cast<int>(value)) {
    throw std::invalid_argument("invalid value \"" + text + "\" for " + option + ": not an integer");
  }
  return static_cast<int>(value);
}

}  // namespace stockroom
