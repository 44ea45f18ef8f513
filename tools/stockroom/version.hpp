#pragma once

namespace stockroom {

// The release this binary reports (`stockroom version`, the shell banner).
constexpr const char* kStockroomVersion = "0.1.0";

}  // namespace stockroom
