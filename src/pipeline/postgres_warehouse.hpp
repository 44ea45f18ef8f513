#pragma once

#include <memory>
#include <string>

#include "pipeline/warehouse.hpp"

namespace stockroom {
class Connection;
class Database;
class PostgresConnection;
}  // namespace stockroom

namespace stockroom::pipeline {

// A Warehouse session on an external PostgreSQL-protocol database (`stockroom pipeline run
// --target postgresql://...`), over libpq. Landing files are parsed by an in-memory
// Stockroom database with the same COPY the embedded target runs (so the same rows are
// rejected with the same lines and reasons), and the parsed rows are streamed to the
// server with COPY FROM STDIN inside the caller's transaction. One connection; not
// thread-safe; NewSession opens another connection to the same URL.
class PostgresWarehouse : public Warehouse {
 public:
  // Connects to `url`; throws WarehouseError (the password hidden) when it cannot.
  explicit PostgresWarehouse(std::string url);
  ~PostgresWarehouse() override;

  void Execute(const std::string& sql) override;
  TextRows Query(const std::string& sql) override;
  CopyOutcome CopyFile(const CopyRequest& request) override;
  RelationInfo Describe(const std::string& relation) override;
  std::unique_ptr<Warehouse> NewSession() override;
  // ANALYZE `relation`.
  void Written(const std::string& relation) override;

 private:
  std::string url_;
  std::unique_ptr<PostgresConnection> connection_;
  // The parser of landing files, made on the first CopyFile.
  std::unique_ptr<Database> parser_;
  std::unique_ptr<Connection> parser_connection_;
};

}  // namespace stockroom::pipeline
