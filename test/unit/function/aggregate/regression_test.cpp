// corr, covar_pop, covar_samp and regr_*. Expected strings are PostgreSQL 15's output,
// e.g. `select corr(y,x) from (values (1.0::float8, 2.0::float8),(2,4.5),(3,5.5),(4,9),(null,1),(5,null))
// v(y,x)`.
#include <gtest/gtest.h>

#include <cmath>

#include "aggregate_harness.hpp"

namespace stockroom {
namespace aggregate_test {
namespace {

TEST(RegressionTest, PairsWithNullsSkipped) {
  // from (values (1.0::float8, 2.0::float8),(2,4.5),(3,5.5),(4,9),(null,1),(5,null)) v(y,x)
  Column y = {Dbl(1), Dbl(2), Dbl(3), Dbl(4), Null(TypeId::kDouble), Dbl(5)};
  Column x = {Dbl(2), Dbl(4.5), Dbl(5.5), Dbl(9), Dbl(1), Null(TypeId::kDouble)};
  auto run = [&](const char* name) {
    AggregateHarness h(name, {TypeId::kDouble, TypeId::kDouble});
    return h.Run({y, x});
  };
  EXPECT_EQ(run("corr"), "0.9789871508779666");
  EXPECT_EQ(run("covar_pop"), "2.75");
  EXPECT_EQ(run("covar_samp"), "3.6666666666666665");
  EXPECT_EQ(run("regr_count"), "4");
  EXPECT_EQ(run("regr_avgx"), "5.25");
  EXPECT_EQ(run("regr_avgy"), "2.5");
  EXPECT_EQ(run("regr_intercept"), "0.21287128712871306");
  EXPECT_EQ(run("regr_r2"), "0.9584158415841584");
  EXPECT_EQ(run("regr_slope"), "0.43564356435643564");
  EXPECT_EQ(run("regr_sxx"), "25.25");
  EXPECT_EQ(run("regr_sxy"), "11");
  EXPECT_EQ(run("regr_syy"), "5");
}

TEST(RegressionTest, DegenerateInputs) {
  auto run = [&](const char* name, const Column& y, const Column& x) {
    AggregateHarness h(name, {TypeId::kDouble, TypeId::kDouble});
    return h.Run({y, x});
  };
  // One pair: corr, covar_samp, regr_r2, regr_slope NULL; regr_count 1.
  EXPECT_EQ(run("corr", {Dbl(1)}, {Dbl(2)}), "NULL");
  EXPECT_EQ(run("covar_samp", {Dbl(1)}, {Dbl(2)}), "NULL");
  EXPECT_EQ(run("regr_count", {Dbl(1)}, {Dbl(2)}), "1");
  // Horizontal line (y constant): corr NULL, r2 1, slope 0, intercept 1.
  EXPECT_EQ(run("corr", {Dbl(1), Dbl(1)}, {Dbl(2), Dbl(3)}), "NULL");
  EXPECT_EQ(run("regr_r2", {Dbl(1), Dbl(1)}, {Dbl(2), Dbl(3)}), "1");
  EXPECT_EQ(run("regr_slope", {Dbl(1), Dbl(1)}, {Dbl(2), Dbl(3)}), "0");
  EXPECT_EQ(run("regr_intercept", {Dbl(1), Dbl(1)}, {Dbl(2), Dbl(3)}), "1");
  // Vertical line (x constant): all NULL.
  EXPECT_EQ(run("regr_slope", {Dbl(1), Dbl(3)}, {Dbl(2), Dbl(2)}), "NULL");
  EXPECT_EQ(run("regr_r2", {Dbl(1), Dbl(3)}, {Dbl(2), Dbl(2)}), "NULL");
  // No complete pair: regr_count 0, others NULL.
  EXPECT_EQ(run("regr_count", {Null(TypeId::kDouble)}, {Dbl(2)}), "0");
  EXPECT_EQ(run("covar_pop", {Null(TypeId::kDouble)}, {Dbl(2)}), "NULL");
}

TEST(RegressionTest, CombineMatchesSequentialOnExactData) {
  Column y = {Dbl(1), Dbl(2), Dbl(3), Dbl(4)};
  Column x = {Dbl(2), Dbl(4.5), Dbl(5.5), Dbl(9)};
  AggregateHarness covar("covar_pop", {TypeId::kDouble, TypeId::kDouble});
  EXPECT_EQ(covar.Combined({y, x}, 2), "2.75");
  AggregateHarness sxx("regr_sxx", {TypeId::kDouble, TypeId::kDouble});
  EXPECT_EQ(sxx.Combined({y, x}, 1), "25.25");
}

}  // namespace
}  // namespace aggregate_test
}  // namespace stockroom
