#pragma once

#include <memory>

#include "pipeline/warehouse.hpp"

namespace stockroom {
class Connection;
class Database;
}  // namespace stockroom

namespace stockroom::pipeline {

// A Warehouse session on an embedded Stockroom database (one Connection). Landing files
// load with the engine's own COPY; rejected rows come from stl_load_errors.
class EmbeddedWarehouse : public Warehouse {
 public:
  explicit EmbeddedWarehouse(Database& db);
  ~EmbeddedWarehouse() override;

  void Execute(const std::string& sql) override;
  TextRows Query(const std::string& sql) override;
  CopyOutcome CopyFile(const CopyRequest& request) override;
  RelationInfo Describe(const std::string& relation) override;
  std::unique_ptr<Warehouse> NewSession() override;
  // Checkpoints a durable database: tables built since the last checkpoint are otherwise
  // held decoded in memory until the log reaches its checkpoint size. (Statistics need
  // nothing: the engine keeps them as tables change.)
  void Written(const std::string& relation) override;

 private:
  Database& db_;
  std::unique_ptr<Connection> connection_;
};

}  // namespace stockroom::pipeline
