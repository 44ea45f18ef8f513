#include "generate/generator.hpp"

#include <algorithm>
#include <atomic>
#include <chrono>
#include <condition_variable>
#include <exception>
#include <filesystem>
#include <fstream>
#include <mutex>
#include <stdexcept>
#include <thread>
#include <unistd.h>

#include "generate/landing_zone.hpp"
#include "generate/stock_ledger.hpp"

namespace stockroom {

namespace {

std::vector<const OrderTable*> AllOrderTables() {
  std::vector<const OrderTable*> tables;
  for (const auto* list : {&ShopOrderTables(), &StripeTables(), &ShipstationTables()}) {
    for (const auto& table : *list) tables.push_back(&table);
  }
  return tables;
}

std::vector<GenerateJob> PlanJobs(const World& world) {
  std::vector<GenerateJob> jobs;
  auto order_tables = AllOrderTables();
  auto ledger = std::make_shared<StockLedger>(world);
  for (const ExtractWindow& extract : world.Extracts()) {
    AddOrderJobs(world, order_tables, extract, &jobs);
    AddShopJobs(world, extract, &jobs);
    AddZendeskJobs(world, extract, &jobs);
    AddInventoryJobs(world, extract, ledger, &jobs);
    AddNetsuiteJobs(world, extract, ledger, &jobs);
    AddB2bPortalJobs(world, extract, &jobs);
    AddAdsJobs(world, extract, &jobs);
    AddSheetsJobs(world, extract, &jobs);
  }
  AddGa4Jobs(world, &jobs);
  // Largest first, so the last job to finish is a short one; the sort is stable, so the
  // plan is the same every run (the output does not depend on it anyway).
  std::stable_sort(jobs.begin(), jobs.end(), [](const GenerateJob& a, const GenerateJob& b) { return a.cost > b.cost; });
  return jobs;
}

void PrintProgress(std::FILE* out, bool terminal, size_t done, size_t total, const LandingTotals& totals,
                   double seconds, bool last) {
  std::fprintf(out, "%sgenerate: %zu/%zu jobs, %llu files, %.1f M rows, %.2f GB, %.0f s%s", terminal ? "\r" : "",
               done, total, static_cast<unsigned long long>(totals.files.load()), totals.rows.load() / 1e6,
               totals.bytes.load() / 1e9, seconds, terminal && !last ? "" : "\n");
  std::fflush(out);
}

}  // namespace

GenerateSummary Generate(const GenerateOptions& options, std::FILE* progress) {
  namespace fs = std::filesystem;
  if (options.out.empty()) throw std::invalid_argument("--out DIR is required");
  std::error_code ec;
  if (fs::exists(options.out, ec) && !fs::is_empty(options.out, ec)) {
    throw std::invalid_argument("the landing directory \"" + options.out + "\" is not empty; remove it first");
  }
  auto start = std::chrono::steady_clock::now();
  World world(options);
  LandingZone zone(world, options.out);
  std::vector<GenerateJob> jobs = PlanJobs(world);

  std::atomic<size_t> next{0}, done{0};
  std::exception_ptr failure;
  std::mutex mutex;
  std::condition_variable finished;
  auto work = [&] {
    for (size_t i; (i = next++) < jobs.size();) {
      try {
        jobs[i].run(zone);
      } catch (...) {
        std::lock_guard<std::mutex> lock(mutex);
        if (!failure) failure = std::current_exception();
        next = jobs.size();
      }
      if (++done == jobs.size()) finished.notify_all();
    }
  };
  unsigned threads = options.threads > 0 ? options.threads : std::max(1u, std::thread::hardware_concurrency());
  std::vector<std::thread> workers;
  for (unsigned t = 0; t < threads; t++) workers.emplace_back(work);
  bool terminal = progress && isatty(fileno(progress));
  auto elapsed = [&] { return std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count(); };
  {
    // Progress once a second on a terminal, every ten seconds in a log.
    double interval = terminal ? 1 : 10, next_print = interval;
    std::unique_lock<std::mutex> lock(mutex);
    while (done < jobs.size() && !failure) {
      finished.wait_for(lock, std::chrono::milliseconds(200));
      if (progress && done < jobs.size() && elapsed() >= next_print) {
        PrintProgress(progress, terminal, done, jobs.size(), zone.totals(), elapsed(), false);
        next_print = elapsed() + interval;
      }
    }
  }
  for (auto& worker : workers) worker.join();
  if (failure) std::rethrow_exception(failure);
  if (progress) PrintProgress(progress, terminal, done, jobs.size(), zone.totals(), elapsed(), true);

  GenerateSummary summary;
  summary.files = zone.totals().files;
  summary.rows = zone.totals().rows;
  summary.bytes = zone.totals().bytes;
  summary.malformed = zone.totals().malformed;
  summary.seconds = elapsed();
  return summary;
}

std::optional<GenerateSummary> GenerateUnlessComplete(const GenerateOptions& options, std::FILE* progress) {
  char made_with[160];
  std::snprintf(made_with, sizeof made_with, "sf %g, seed %llu, end date %d, %d event days, %d increments", options.sf,
                static_cast<unsigned long long>(options.seed), options.end_date, options.event_days, options.increments);
  std::string marker = options.out + "/.complete", found;
  if (std::ifstream in{marker}) std::getline(in, found);
  if (found == made_with) return std::nullopt;
  std::filesystem::remove_all(options.out);
  GenerateSummary summary = Generate(options, progress);
  std::ofstream(marker) << made_with << "\n";
  return summary;
}

}  // namespace stockroom
