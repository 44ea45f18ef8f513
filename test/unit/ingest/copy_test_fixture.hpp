#pragma once

#include <gtest/gtest.h>
#include <zlib.h>

#include <filesystem>
#include <fstream>
#include <sstream>
#include <string>

#include "common/error/exception.hpp"
#include "main/connection.hpp"
#include "main/database.hpp"
#include "support/result_text.hpp"
#include "support/temp_directory.hpp"

namespace stockroom {

// A COPY test: an in-memory database, a private directory for the input files, and helpers
// that print results and errors as the expectations spell them.
class CopyTest : public ::testing::Test {
 protected:
  // The files are for everyone to read, as the tests of permissions assume.
  CopyTest() { std::filesystem::permissions(dir_, std::filesystem::perms(0755)); }

  std::string Write(const std::string& name, const std::string& content) {
    std::string path = (dir_ / name).string();
    std::ofstream out(path, std::ios::binary);
    out << content;
    return path;
  }

  std::string WriteGzip(const std::string& name, const std::string& content, int members = 1) {
    std::string path = (dir_ / name).string();
    std::ofstream out(path, std::ios::binary);
    // Several members, as `cat a.gz b.gz` makes.
    size_t step = (content.size() + members - 1) / members;
    for (size_t start = 0; start < content.size() || start == 0; start += step) {
      std::string part = content.substr(start, step);
      z_stream z{};
      deflateInit2(&z, 6, Z_DEFLATED, 15 + 16, 8, Z_DEFAULT_STRATEGY);
      std::string compressed(deflateBound(&z, part.size()) + 64, '\0');
      z.next_in = reinterpret_cast<Bytef*>(part.data());
      z.avail_in = static_cast<uInt>(part.size());
      z.next_out = reinterpret_cast<Bytef*>(compressed.data());
      z.avail_out = static_cast<uInt>(compressed.size());
      deflate(&z, Z_FINISH);
      compressed.resize(z.total_out);
      deflateEnd(&z);
      out << compressed;
      if (step == 0) break;
    }
    return path;
  }

  std::string Read(const std::string& path) {
    std::ifstream in(path, std::ios::binary);
    std::stringstream s;
    s << in.rdbuf();
    return s.str();
  }

  // Runs `sql` and returns "tag" or "SQLSTATE: message[ CONTEXT: context]".
  std::string Run(const std::string& sql) {
    try {
      return con_.Query(sql)->command_tag;
    } catch (const SqlError& e) {
      std::string out = std::string(e.sqlstate()) + ": " + e.what();
      if (!e.detail().empty()) out += " DETAIL: " + e.detail();
      if (!e.context().empty()) out += " CONTEXT: " + e.context();
      return out;
    }
  }

  // Returns the rows of a query as "a|b" lines, NULL as "NULL".
  std::string Rows(const std::string& sql) { return ResultText(*con_.Query(sql)); }

  std::string Q(const std::string& path) { return "'" + path + "'"; }

  TempDirectory temp_;
  std::filesystem::path dir_{temp_.path()};
  Database db_;
  Connection con_{db_};
};

}  // namespace stockroom
