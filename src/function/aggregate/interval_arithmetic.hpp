#pragma once

#include "common/types/interval.hpp"

namespace stockroom {

// PostgreSQL's interval arithmetic as aggregates need it (sum, avg, percentile_cont): each
// field is added separately; multiplying or dividing by a float cascades fractional months
// into days and fractional days into time (30-day months, 24-hour days) as interval_mul
// and interval_div do. All throw 22008 "interval out of range" on overflow.
namespace interval_arithmetic {

Interval Add(const Interval& a, const Interval& b);
Interval Subtract(const Interval& a, const Interval& b);
Interval Multiply(const Interval& span, double factor);
// Throws 22012 "division by zero" for a zero factor.
Interval Divide(const Interval& span, double factor);

}  // namespace interval_arithmetic
}  // namespace stockroom
