#include "pipeline/raw_loader.hpp"

#include <algorithm>
#include <chrono>
#include <filesystem>
#include <regex>

#include "pipeline/source_loader.hpp"

namespace fs = std::filesystem;

namespace stockroom::pipeline {

namespace {

struct LandingFile {
  std::string relative;  // <system>/<table>/<date>/part-...
  std::string absolute;
  uint64_t bytes = 0;
};

std::vector<fs::path> SortedEntries(const fs::path& dir, bool directories) {
  std::vector<fs::path> out;
  std::error_code ec;
  for (auto& entry : fs::directory_iterator(dir, ec)) {
    if (directories ? entry.is_directory() : entry.is_regular_file()) out.push_back(entry.path());
  }
  std::sort(out.begin(), out.end());
  return out;
}

// The table's landing files in load order: date folders (YYYY-MM-DD sorts by date), then
// part-* files by name.
std::vector<LandingFile> LandingFiles(const fs::path& root, const std::string& folder) {
  static const std::regex kDate(R"(\d{4}-\d{2}-\d{2})");
  std::vector<LandingFile> files;
  for (auto& date : SortedEntries(root / folder, true)) {
    if (!std::regex_match(date.filename().string(), kDate)) continue;
    for (auto& file : SortedEntries(date, false)) {
      if (file.filename().string().rfind("part-", 0) != 0) continue;
      LandingFile landing;
      landing.relative = folder + "/" + date.filename().string() + "/" + file.filename().string();
      landing.absolute = fs::absolute(file).lexically_normal().string();
      landing.bytes = fs::file_size(file);
      files.push_back(std::move(landing));
    }
  }
  return files;
}

void EnsureRawTable(Warehouse& warehouse, const RawTable& raw) {
  if (!warehouse.Describe(raw.relation).kind.empty()) return;
  warehouse.Execute(raw.create_sql);
  warehouse.Execute("ALTER TABLE " + raw.relation + " ADD COLUMN _source_file text");
  warehouse.Execute("ALTER TABLE " + raw.relation + " ADD COLUMN _loaded_at timestamptz");
}

}  // namespace

CopyOutcome LoadFileInTransaction(Warehouse& warehouse, const Project& project, const RawTable& raw,
                                  const FileToLoad& file, int64_t run_id, const std::vector<std::string>& also) {
  std::string run = std::to_string(run_id);
  CopyRequest request{raw.relation, raw.columns, file.path, file.source_file, raw.format, raw.copy_options,
                      project.max_errors_per_file};
  CopyOutcome outcome;
  try {
    InTransaction(warehouse, [&] {
      outcome = warehouse.CopyFile(request);
      if (outcome.over_limit) {
        throw WarehouseError("more than " + std::to_string(project.max_errors_per_file) +
                             " bad rows; nothing of it loaded. " + outcome.first_error);
      }
      // The rejected rows, in one statement, then the ledger row.
      std::string errors;
      for (auto& bad : outcome.rejected) {
        errors += std::string(errors.empty() ? "" : ", ") + "(" + run + ", " + SqlLiteral(file.source_file) + ", " +
                  std::to_string(bad.line_number) + ", " +
                  (bad.column_name.empty() ? "NULL" : SqlLiteral(bad.column_name)) + ", " +
                  SqlLiteral(bad.error_code) + ", " + SqlLiteral(bad.reason) + ", " + SqlLiteral(bad.raw_line) + ")";
      }
      if (!errors.empty()) warehouse.Execute("INSERT INTO pipeline.load_errors VALUES " + errors);
      warehouse.Execute("INSERT INTO pipeline.loaded_files VALUES (" + SqlLiteral(file.source_file) + ", " +
                        SqlLiteral(raw.relation) + ", " + run + ", now(), " + std::to_string(file.bytes) + ", " +
                        std::to_string(outcome.rows_loaded) + ", " + std::to_string(outcome.rejected.size()) + ")");
      for (auto& sql : also) warehouse.Execute(sql);
    });
  } catch (const std::exception& e) {
    throw WarehouseError(file.source_file + ": " + e.what());
  }
  return outcome;
}

LoadResult LoadLandingZone(Warehouse& warehouse, RunRecord& record, const Project& project,
                           const std::string& landing, const std::string& extract_dir, FILE* progress) {
  LoadResult result;
  fs::path root(landing);
  if (!fs::is_directory(root)) throw std::runtime_error(landing + ": no such landing folder");
  std::set<std::string> folders;
  for (auto& raw : project.raw_tables) folders.insert(raw.landing);
  std::set<std::string> source_systems;
  for (auto& source : project.database_sources) source_systems.insert(source.system);
  for (auto& system : SortedEntries(root, true)) {
    std::string name = system.filename().string();
    if (source_systems.count(name)) {
      // Reported once per system: its folders are expected to be there (the same extracts
      // the database received), they are just not the source any more.
      if (progress) {
        std::fprintf(progress, "note: %s comes from its database (database_sources); its landing folders are not read\n",
                     name.c_str());
      }
      continue;
    }
    for (auto& table : SortedEntries(system, true)) {
      std::string folder = name + "/" + table.filename().string();
      if (!folders.count(folder) && progress) {
        std::fprintf(progress, "warning: landing folder %s has no raw table in the project; not loaded\n",
                     folder.c_str());
      }
    }
  }

  TextRows ledger_rows = warehouse.Query("SELECT file FROM pipeline.loaded_files");
  std::set<std::string> ledger;
  for (size_t r = 0; r < ledger_rows.rows.size(); r++) ledger.insert(ledger_rows.Text(r, 0));

  for (auto& raw : project.raw_tables) {
    StepRecord step;
    step.step = "load " + raw.relation;
    step.kind = "load";
    step.started_at = NowText();
    auto start = std::chrono::steady_clock::now();
    int64_t loaded = 0, rejected = 0, files = 0;
    try {
      EnsureRawTable(warehouse, raw);
      auto [source, source_table] = project.FindSource(raw.relation);
      if (source) {
        SourceLoad load =
            LoadFromDatabaseSource(warehouse, project, raw, *source, *source_table, extract_dir, record.run_id());
        files = load.files;
        loaded = load.rows_loaded;
        rejected = load.rows_rejected;
        step.message = load.message;
      } else {
        for (auto& landing_file : LandingFiles(root, raw.landing)) {
          if (ledger.count(landing_file.relative)) continue;
          CopyOutcome outcome = LoadFileInTransaction(
              warehouse, project, raw, {landing_file.absolute, landing_file.relative, landing_file.bytes},
              record.run_id());
          ledger.insert(landing_file.relative);
          files++;
          loaded += outcome.rows_loaded;
          rejected += static_cast<int64_t>(outcome.rejected.size());
        }
        step.message = std::to_string(files) + (files == 1 ? " file" : " files");
      }
    } catch (const std::exception& e) {
      step.status = "failed";
      step.message = e.what();
      result.failed.insert(raw.relation);
      if (result.failed_step.empty()) {
        result.failed_step = step.step;
        result.message = e.what();
      }
    }
    if (loaded > 0) {
      result.changed.insert(raw.relation);
      warehouse.Written(raw.relation);
    }
    step.seconds = std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
    step.rows_in = loaded + rejected;
    step.rows_out = loaded;
    step.rows_rejected = rejected;
    record.AddStep(step);
    PrintStep(progress, step);
  }
  return result;
}

}  // namespace stockroom::pipeline
