#pragma once

#include <memory>

#include "engine.hpp"

namespace stockroom {

class Database;
class Connection;

// Runs records on a fresh in-memory Stockroom database (one per test file).
class StockroomEngine : public Engine {
 public:
  explicit StockroomEngine(int threads);
  ~StockroomEngine() override;
  QueryOutcome Run(const std::string& sql) override;

 private:
  std::unique_ptr<Database> db_;
  std::unique_ptr<Connection> connection_;
};

}  // namespace stockroom
