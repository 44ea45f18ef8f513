// The SQL:2003 binary statistics over double precision pairs: corr, covar_pop, covar_samp
// and regr_avgx, regr_avgy, regr_count, regr_intercept, regr_r2, regr_slope, regr_sxx,
// regr_sxy, regr_syy. As in PostgreSQL the first argument is Y and the second X; a row
// counts only when both are non-NULL. The state is PostgreSQL's Youngs-Cramer one
// (float8_regr_accum / float8_regr_combine), so results match its digits.
#include <cmath>
#include <limits>

#include "common/error/exception.hpp"
#include "function/aggregate/aggregate_executor.hpp"
#include "function/aggregate/aggregate_registration.hpp"

namespace stockroom {

namespace {

[[noreturn]] void ThrowFloatOverflow() {
  throw SqlError(ErrorCode::kNumericValueOutOfRange, "value out of range: overflow");
}

struct RegressionState {
  double n;
  double sx;
  double sxx;
  double sy;
  double syy;
  double sxy;
};

enum class Regression : uint8_t {
  kCorr,
  kCovarPop,
  kCovarSamp,
  kAvgX,
  kAvgY,
  kCount,
  kIntercept,
  kR2,
  kSlope,
  kSxx,
  kSxy,
  kSyy,
};

void Accumulate(RegressionState& s, double y, double x) {
  double old_n = s.n;
  double old_sx = s.sx;
  double old_sy = s.sy;
  s.n += 1.0;
  s.sx += x;
  s.sy += y;
  if (old_n > 0.0) {
    double tmp_x = x * s.n - s.sx;
    double tmp_y = y * s.n - s.sy;
    double scale = 1.0 / (s.n * old_n);
    s.sxx += tmp_x * tmp_x * scale;
    s.syy += tmp_y * tmp_y * scale;
    s.sxy += tmp_x * tmp_y * scale;
    if (std::isinf(s.sx) || std::isinf(s.sxx) || std::isinf(s.sy) || std::isinf(s.syy) || std::isinf(s.sxy)) {
      // Finite inputs that overflow are an error; infinite inputs make the sums NaN.
      bool x_finite = !std::isinf(old_sx) && !std::isinf(x);
      bool y_finite = !std::isinf(old_sy) && !std::isinf(y);
      if (((std::isinf(s.sx) || std::isinf(s.sxx)) && x_finite) ||
          ((std::isinf(s.sy) || std::isinf(s.syy)) && y_finite) ||
          (std::isinf(s.sxy) && x_finite && y_finite)) {
        ThrowFloatOverflow();
      }
      constexpr double kNaN = std::numeric_limits<double>::quiet_NaN();
      if (std::isinf(s.sxx)) s.sxx = kNaN;
      if (std::isinf(s.syy)) s.syy = kNaN;
      if (std::isinf(s.sxy)) s.sxy = kNaN;
    }
  } else {
    constexpr double kNaN = std::numeric_limits<double>::quiet_NaN();
    if (std::isnan(x) || std::isinf(x)) s.sxx = s.sxy = kNaN;
    if (std::isnan(y) || std::isinf(y)) s.syy = s.sxy = kNaN;
  }
}

double CheckedSum(double a, double b) {
  double r = a + b;
  if (std::isinf(r) && !std::isinf(a) && !std::isinf(b)) ThrowFloatOverflow();
  return r;
}

// Returns a combined co-moment: the two partial sums plus the correction for the shift in means.
double CheckedMoment(double a, double b, double correction) {
  double r = a + b + correction;
  if (std::isinf(r) && !std::isinf(a) && !std::isinf(b)) ThrowFloatOverflow();
  return r;
}

template <Regression kKind>
struct RegressionOp {
  static void Initialize(RegressionState& s) { s = {0, 0, 0, 0, 0, 0}; }
  static void Update(RegressionState& s, double y, double x) { Accumulate(s, y, x); }
  static void Combine(const RegressionState& source, RegressionState& target) {
    if (source.n == 0.0) return;
    if (target.n == 0.0) {
      target = source;
      return;
    }
    const RegressionState& a = target;
    const RegressionState& b = source;
    RegressionState r;
    r.n = a.n + b.n;
    r.sx = CheckedSum(a.sx, b.sx);
    double tmp1 = a.sx / a.n - b.sx / b.n;
    r.sxx = CheckedMoment(a.sxx, b.sxx, a.n * b.n * tmp1 * tmp1 / r.n);
    r.sy = CheckedSum(a.sy, b.sy);
    double tmp2 = a.sy / a.n - b.sy / b.n;
    r.syy = CheckedMoment(a.syy, b.syy, a.n * b.n * tmp2 * tmp2 / r.n);
    r.sxy = CheckedMoment(a.sxy, b.sxy, a.n * b.n * tmp1 * tmp2 / r.n);
    target = r;
  }
  static void Finalize(RegressionState& s, Vector& result, idx_t row, AggregateInputData&) {
    if constexpr (kKind == Regression::kCount) {
      result.Data<int64_t>()[row] = static_cast<int64_t>(s.n);
      return;
    }
    double value;
    if (!Compute(s, &value)) {
      result.validity().SetInvalid(row);
      return;
    }
    result.Data<double>()[row] = value;
  }

  // PostgreSQL's float8_regr_* / float8_covar_* / float8_corr final functions.
  static bool Compute(const RegressionState& s, double* out) {
    if (s.n < 1.0) return false;
    switch (kKind) {
      case Regression::kCorr:
        if (s.sxx == 0 || s.syy == 0) return false;
        *out = s.sxy / std::sqrt(s.sxx * s.syy);
        return true;
      case Regression::kCovarPop:
        *out = s.sxy / s.n;
        return true;
      case Regression::kCovarSamp:
        if (s.n < 2.0) return false;
        *out = s.sxy / (s.n - 1.0);
        return true;
      case Regression::kAvgX:
        *out = s.sx / s.n;
        return true;
      case Regression::kAvgY:
        *out = s.sy / s.n;
        return true;
      case Regression::kIntercept:
        if (s.sxx == 0) return false;
        *out = (s.sy - s.sx * s.sxy / s.sxx) / s.n;
        return true;
      case Regression::kR2:
        if (s.sxx == 0) return false;
        *out = s.syy == 0 ? 1.0 : (s.sxy * s.sxy) / (s.sxx * s.syy);
        return true;
      case Regression::kSlope:
        if (s.sxx == 0) return false;
        *out = s.sxy / s.sxx;
        return true;
      case Regression::kSxx:
        *out = s.sxx;
        return true;
      case Regression::kSxy:
        *out = s.sxy;
        return true;
      case Regression::kSyy:
        *out = s.syy;
        return true;
      case Regression::kCount:
        break;
    }
    return false;
  }
};

template <Regression kKind>
AggregateFunction Make(const char* name) {
  AggregateFunction f;
  f.name = name;
  f.arguments = {TypeId::kDouble, TypeId::kDouble};
  f.return_type = kKind == Regression::kCount ? TypeId::kBigInt : TypeId::kDouble;
  SetBinaryCallbacks<RegressionState, double, double, RegressionOp<kKind>>(f);
  return f;
}

}  // namespace

void RegisterRegressionAggregates(FunctionRegistry& registry) {
  registry.AddAggregate(Make<Regression::kCorr>("corr"));
  registry.AddAggregate(Make<Regression::kCovarPop>("covar_pop"));
  registry.AddAggregate(Make<Regression::kCovarSamp>("covar_samp"));
  registry.AddAggregate(Make<Regression::kAvgX>("regr_avgx"));
  registry.AddAggregate(Make<Regression::kAvgY>("regr_avgy"));
  registry.AddAggregate(Make<Regression::kCount>("regr_count"));
  registry.AddAggregate(Make<Regression::kIntercept>("regr_intercept"));
  registry.AddAggregate(Make<Regression::kR2>("regr_r2"));
  registry.AddAggregate(Make<Regression::kSlope>("regr_slope"));
  registry.AddAggregate(Make<Regression::kSxx>("regr_sxx"));
  registry.AddAggregate(Make<Regression::kSxy>("regr_sxy"));
  registry.AddAggregate(Make<Regression::kSyy>("regr_syy"));
}

}  // namespace stockroom
