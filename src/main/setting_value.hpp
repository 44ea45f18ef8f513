#pragma once

#include <optional>
#include <string>

namespace stockroom {

struct SessionSettings;

// A setting's value as SHOW prints it (name case-insensitive), or nullopt for a name that is
// not a setting. SHOW and current_setting() read settings through it.
std::optional<std::string> ShowSettingValue(const SessionSettings& settings, const std::string& name);

}  // namespace stockroom
