#pragma once

#include <gtest/gtest.h>

#include <memory>
#include <optional>
#include <string>
#include <vector>

#include "transaction/transaction.hpp"
#include "binder/expression/bound_expression.hpp"
#include "common/error/exception.hpp"
#include "common/types/date_time.hpp"
#include "common/types/numeric.hpp"
#include "common/types/time_zone.hpp"
#include "function/function_registry.hpp"
#include "main/client_context.hpp"

// Drives an aggregate from FunctionRegistry::Get() the way the core does: picks the
// overload for the argument types, runs its bind hook, allocates 8-byte aligned states,
// initializes them, feeds vectors (simple_update without groups; update through a vector
// of state pointers with groups), combines partial states, finalizes and destroys. Results
// come back as PostgreSQL's text output ("NULL" for NULL) so tests compare them with what
// psql printed.

namespace stockroom {
namespace aggregate_test {

inline Value Int(int32_t v) { return Value::Integer(v); }
inline Value Small(int16_t v) { return Value::SmallInt(v); }
inline Value Big(int64_t v) { return Value::BigInt(v); }
inline Value Dbl(double v) { return Value::Double(v); }
inline Value Real(float v) { return Value::Real(v); }
inline Value Bool(bool v) { return Value::Boolean(v); }
inline Value Text(const std::string& s) { return Value::Text(s); }
// An unconstrained numeric with the written scale ("1.50" keeps two digits).
inline Value Num(const std::string& text) { return Value::VarNum(numeric::Parse(text)); }
// A numeric(p,s) value.
inline Value Fixed(int32_t precision, int32_t scale, const std::string& text) {
  LogicalType type = LogicalType::Numeric(precision, scale);
  return Value::Numeric(type, numeric::ToTypmod(numeric::Parse(text), precision, scale));
}
inline Value Ivl(const std::string& text) { return Value::Interval(date_time::ParseInterval(text)); }
inline Value Date(const std::string& text) { return Value::Date(date_time::ParseDate(text)); }
inline Value Ts(const std::string& text) { return Value::Timestamp(date_time::ParseTimestamp(text)); }
inline Value TsTz(const std::string& text) {
  return Value::TimestampTz(date_time::ParseTimestampTz(text, TimeZone::Utc()));
}
inline Value Null(const LogicalType& type) { return Value::Null(type); }

using Column = std::vector<Value>;

// Returns "SQLSTATE: message" for a SqlError thrown by `fn`, or "no error".
template <class Fn>
std::string ErrorOf(Fn&& fn) {
  try {
    fn();
  } catch (const SqlError& e) {
    return std::string(e.sqlstate()) + ": " + e.what();
  }
  return "no error";
}

class AggregateHarness {
 public:
  // `types` are the argument types after the binder's casts; `constants` optionally give
  // arguments that are plain constants at bind time (the percentile fraction).
  AggregateHarness(const std::string& name, std::vector<LogicalType> types,
                   std::vector<std::optional<Value>> constants = {}, const std::string& time_zone = "UTC")
      : types_(std::move(types)) {
    settings_.time_zone = TimeZone::Find(time_zone);
    context_ = std::make_unique<ClientContext>(*reinterpret_cast<Database*>(&fake_database_), settings_, transaction_);
    const auto* overloads = FunctionRegistry::Get().Aggregate(name);
    if (!overloads) throw std::runtime_error("no aggregate " + name);
    const AggregateFunction* chosen = nullptr;
    for (auto& f : *overloads) {
      if (Matches(f)) {
        chosen = &f;
        break;
      }
    }
    if (!chosen) throw std::runtime_error("no overload of " + name + " for these types");
    function_ = *chosen;
    if (function_.bind) {
      std::vector<std::unique_ptr<BoundExpression>> args;
      for (size_t i = 0; i < types_.size(); i++) {
        if (i < constants.size() && constants[i]) {
          args.push_back(std::make_unique<BoundConstant>(*constants[i]));
        } else {
          args.push_back(std::make_unique<BoundColumnRef>(types_[i], ColumnBinding{0, i}, "c"));
        }
      }
      bind_data_ = function_.bind(*context_, function_, args);
    }
    input_.bind_data = bind_data_.get();
    input_.context = context_.get();
  }

  const AggregateFunction& function() const { return function_; }
  const LogicalType& return_type() const { return function_.return_type; }

  // Aggregates all rows into one state through simple_update, `chunk` rows at a time.
  std::string Simple(const std::vector<Column>& columns, idx_t chunk = kVectorSize) {
    States states(function_, 1);
    Feed(columns, chunk, [&](Vector* inputs, idx_t offset, idx_t count) {
      function_.simple_update(inputs, input_, types_.size(), states.Pointer(0), count);
    });
    return Finish(states, 1)[0];
  }

  // Aggregates rows into groups through update: row r goes to group groups[r].
  std::vector<std::string> Grouped(const std::vector<Column>& columns, const std::vector<idx_t>& groups,
                                   idx_t group_count, idx_t chunk = kVectorSize) {
    States states(function_, group_count);
    Feed(columns, chunk, [&](Vector* inputs, idx_t offset, idx_t count) {
      Vector pointers(TypeId::kBigInt, count);
      auto* slots = reinterpret_cast<data_ptr_t*>(pointers.data());
      for (idx_t i = 0; i < count; i++) slots[i] = states.Pointer(groups[offset + i]);
      function_.update(inputs, input_, types_.size(), pointers, count);
    });
    return Finish(states, group_count);
  }

  // Aggregates rows [0, split) and [split, n) into two states with update, combines the
  // second into the first, and finalizes both (the source must stay intact).
  std::string Combined(const std::vector<Column>& columns, idx_t split,
                       std::string* source_result = nullptr) {
    States states(function_, 2);
    Feed(columns, kVectorSize, [&](Vector* inputs, idx_t offset, idx_t count) {
      Vector pointers(TypeId::kBigInt, count);
      auto* slots = reinterpret_cast<data_ptr_t*>(pointers.data());
      for (idx_t i = 0; i < count; i++) slots[i] = states.Pointer(offset + i < split ? 0 : 1);
      function_.update(inputs, input_, types_.size(), pointers, count);
    });
    Vector source(TypeId::kBigInt, 1), target(TypeId::kBigInt, 1);
    reinterpret_cast<data_ptr_t*>(source.data())[0] = states.Pointer(1);
    reinterpret_cast<data_ptr_t*>(target.data())[0] = states.Pointer(0);
    function_.combine(source, target, input_, 1);
    auto results = Finish(states, 2);
    if (source_result) *source_result = results[1];
    return results[0];
  }

  // Runs the simple and the grouped (one group) paths, checks they agree, returns the result.
  std::string Run(const std::vector<Column>& columns) {
    std::string simple = Simple(columns);
    std::vector<idx_t> groups(Rows(columns), 0);
    std::string grouped = Grouped(columns, groups, 1)[0];
    EXPECT_EQ(simple, grouped) << "simple_update and update disagree";
    return simple;
  }

  // Run over a single column.
  std::string Run1(const Column& column) { return Run({column}); }

 private:
  // States for `count` groups, each in its own 8-byte aligned buffer; destroyed on exit.
  class States {
   public:
    States(const AggregateFunction& function, idx_t count) : function_(function) {
      idx_t words = (function.state_size + 7) / 8 + 1;
      for (idx_t i = 0; i < count; i++) {
        buffers_.emplace_back(words, 0);
        function.initialize(Pointer(i));
      }
    }
    ~States() {
      if (!function_.destroy || buffers_.empty()) return;
      Vector pointers(TypeId::kBigInt, buffers_.size());
      for (idx_t i = 0; i < buffers_.size(); i++)
        reinterpret_cast<data_ptr_t*>(pointers.data())[i] = Pointer(i);
      function_.destroy(pointers, buffers_.size());
    }
    data_ptr_t Pointer(idx_t i) { return reinterpret_cast<data_ptr_t>(buffers_[i].data()); }
    idx_t size() const { return buffers_.size(); }

   private:
    const AggregateFunction& function_;
    std::vector<std::vector<uint64_t>> buffers_;
  };

  bool Matches(const AggregateFunction& f) const {
    if (f.arguments.size() != types_.size()) return false;
    for (size_t i = 0; i < types_.size(); i++) {
      TypeId want = f.arguments[i].id();
      if (want == TypeId::kInvalid) continue;
      if (want != types_[i].id()) return false;
      if (want == TypeId::kArray && f.arguments[i].Element().id() != types_[i].Element().id()) return false;
    }
    return true;
  }

  static idx_t Rows(const std::vector<Column>& columns) { return columns.empty() ? 0 : columns[0].size(); }

  template <class Fn>
  void Feed(const std::vector<Column>& columns, idx_t chunk, Fn&& fn) {
    idx_t rows = Rows(columns);
    for (idx_t offset = 0; offset < rows || (rows == 0 && offset == 0); offset += chunk) {
      idx_t count = std::min(chunk, rows - offset);
      std::vector<Vector> inputs;
      for (size_t c = 0; c < types_.size(); c++) {
        inputs.emplace_back(types_[c], std::max<idx_t>(count, 1));
        for (idx_t r = 0; r < count; r++) inputs[c].SetValue(r, columns[c][offset + r]);
      }
      if (count > 0) fn(inputs.data(), offset, count);
      if (rows == 0) break;
    }
  }

  std::vector<std::string> Finish(States& states, idx_t count) {
    Vector pointers(TypeId::kBigInt, count);
    for (idx_t i = 0; i < count; i++) reinterpret_cast<data_ptr_t*>(pointers.data())[i] = states.Pointer(i);
    Vector result(function_.return_type, count + 1);
    // Finalize at an offset, as the core does when it fills part of an output chunk.
    function_.finalize(pointers, input_, result, count, 1);
    std::vector<std::string> out;
    for (idx_t i = 0; i < count; i++) {
      Value v = result.GetValue(i + 1);
      out.push_back(v.IsNull() ? "NULL" : v.ToString(settings_.time_zone.get()));
    }
    return out;
  }

  std::vector<LogicalType> types_;
  AggregateFunction function_;
  std::unique_ptr<FunctionData> bind_data_;
  SessionSettings settings_;
  alignas(64) char fake_database_[64] = {};
  Transaction transaction_{0};
  std::unique_ptr<ClientContext> context_;
  AggregateInputData input_;
};

}  // namespace aggregate_test
}  // namespace stockroom
