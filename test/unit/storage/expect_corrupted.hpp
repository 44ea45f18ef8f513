#pragma once

#include <gtest/gtest.h>

#include "common/error/exception.hpp"

namespace stockroom {

// Expects `decode()` to report corrupt data: an SqlError with SQLSTATE XX001.
template <class Fn>
void ExpectDataCorrupted(Fn&& decode) {
  try {
    decode();
    ADD_FAILURE() << "decoded corrupt data";
  } catch (const SqlError& error) {
    EXPECT_EQ(error.sqlstate(), "XX001") << error.what();
  }
}

}  // namespace stockroom
