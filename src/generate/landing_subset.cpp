#include "generate/landing_subset.hpp"

#include <filesystem>

namespace stockroom {

namespace fs = std::filesystem;

void LinkExtracts(const std::string& from, const std::string& to, const std::string& date, bool up_to) {
  for (const auto& system : fs::directory_iterator(from)) {
    if (!system.is_directory()) continue;
    for (const auto& table : fs::directory_iterator(system.path())) {
      for (const auto& extract : fs::directory_iterator(table.path())) {
        std::string name = extract.path().filename();
        if (up_to ? name > date : name != date) continue;
        fs::path target = fs::path(to) / system.path().filename() / table.path().filename() / name;
        fs::create_directories(target);
        for (const auto& part : fs::directory_iterator(extract.path())) {
          fs::create_hard_link(part.path(), target / part.path().filename());
        }
      }
    }
  }
}

}  // namespace stockroom
