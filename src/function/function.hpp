#pragma once

#include <functional>
#include <memory>
#include <string>
#include <vector>

#include "common/types/vector.hpp"

namespace stockroom {

class ClientContext;
class BoundExpression;
struct ExpressionState;

// Data a function computes once at bind time (a compiled pattern, a constant argument).
// Shared read-only between threads.
struct FunctionData {
  virtual ~FunctionData() = default;
};

// How a function treats NULL arguments. kDefault: the framework returns NULL for any NULL
// argument without calling the function on that row (PostgreSQL's "strict"). kSpecial: the
// function sees NULLs (concat, coalesce-like functions, nvl, decode).
enum class NullHandling : uint8_t { kDefault, kSpecial };

// Whether a function can be folded at plan time. kVolatile: never (random()); kStable: same
// within a statement (now(), session time zone dependent) - folded per query, not cached in
// views; kImmutable: always.
enum class Volatility : uint8_t { kImmutable, kStable, kVolatile };

// Evaluates a scalar function on `args` (one vector per argument, args.size() rows) into
// `result`. The result may be made constant when every argument is constant. Throws SqlError.
using ScalarFunctionPtr = void (*)(DataChunk& args, ExpressionState& state, Vector& result);

struct ScalarFunction;
// Optional bind hook: checks arguments, fixes the return type (numeric scale, etc.) and
// precomputes FunctionData. May rewrite `arguments` (e.g. add casts).
using ScalarBindPtr = std::unique_ptr<FunctionData> (*)(ClientContext& context, ScalarFunction& function,
                                                        std::vector<std::unique_ptr<BoundExpression>>& arguments);

// One overload of a scalar function. `arguments` use TypeId-level matching unless a bind hook
// refines it: a numeric argument type with width 0 accepts any numeric(p,s).
// TypeId::kInvalid in `arguments` means "any type" (the bind hook must then check).
struct ScalarFunction {
  std::string name;
  std::vector<LogicalType> arguments;
  LogicalType return_type;
  ScalarFunctionPtr function = nullptr;
  ScalarBindPtr bind = nullptr;
  LogicalType varargs = TypeId::kInvalid;  // type of extra trailing arguments, if variadic
  NullHandling null_handling = NullHandling::kDefault;
  Volatility volatility = Volatility::kImmutable;

  std::string Signature() const;
};

// Aggregate function interface. An aggregate keeps a fixed-size state per group (`state_size`
// bytes, trivially relocatable, aligned to 8). States that need more memory keep a pointer to
// an object owned through `destroy`. States are addressed through a Vector of pointers
// (data_ptr_t) so hash aggregation can update many groups at once.
struct AggregateInputData {
  const FunctionData* bind_data = nullptr;
  ClientContext* context = nullptr;
};

struct AggregateFunction {
  std::string name;
  std::vector<LogicalType> arguments;
  LogicalType return_type;
  idx_t state_size = 0;
  // Prepares a fresh state.
  void (*initialize)(data_ptr_t state) = nullptr;
  // Adds rows: row i of `inputs` goes into the state pointed to by row i of `states`.
  // `inputs` has one vector per argument; rows where an argument is NULL are skipped unless
  // the function has NullHandling::kSpecial (count(*) has no arguments).
  void (*update)(Vector inputs[], AggregateInputData& data, idx_t input_count, Vector& states, idx_t count) = nullptr;
  // Adds all `count` rows to one state (no GROUP BY).
  void (*simple_update)(Vector inputs[], AggregateInputData& data, idx_t input_count, data_ptr_t state,
                        idx_t count) = nullptr;
  // Merges source[i] into target[i] (both vectors of state pointers); source stays valid.
  void (*combine)(Vector& source, Vector& target, AggregateInputData& data, idx_t count) = nullptr;
  // Writes the result of state[i] to result row offset + i.
  void (*finalize)(Vector& states, AggregateInputData& data, Vector& result, idx_t count, idx_t offset) = nullptr;
  // Frees what states own (nullptr if nothing).
  void (*destroy)(Vector& states, idx_t count) = nullptr;
  // Optional bind hook, as for scalar functions; fixes the return type from the arguments.
  std::unique_ptr<FunctionData> (*bind)(ClientContext& context, AggregateFunction& function,
                                        std::vector<std::unique_ptr<BoundExpression>>& arguments) = nullptr;
  NullHandling null_handling = NullHandling::kDefault;
  // Ordered-set aggregate (percentile_cont ... WITHIN GROUP): the last argument is the
  // ordered input; earlier ones are direct (per-query constant) arguments.
  bool ordered_set = false;
  // Result depends on input order (string_agg, listagg, array_agg): ORDER BY applies.
  bool order_sensitive = false;

  std::string Signature() const;
};

// A set-returning function in FROM (generate_series, jsonb_array_elements, unnest).
// Produces rows in chunks; state is per call (per input row for LATERAL use).
struct TableFunctionState {
  virtual ~TableFunctionState() = default;
};

struct TableFunction {
  std::string name;
  std::vector<LogicalType> arguments;
  // Output columns: names and types, decided at bind from argument types.
  // std::function so that a function built from others (ZipTableFunctions) can hold them.
  std::function<std::vector<std::string>(const std::vector<LogicalType>& argument_types)> column_names;
  std::function<std::vector<LogicalType>(const std::vector<LogicalType>& argument_types)> column_types;
  // Starts producing rows for one set of argument values (NULL arguments produce no rows
  // unless `sees_null_arguments`).
  std::function<std::unique_ptr<TableFunctionState>(ClientContext& context, const std::vector<Value>& arguments)> init;
  // Fills `output` with up to kVectorSize rows; returns false when finished (output empty).
  std::function<bool(ClientContext& context, TableFunctionState& state, DataChunk& output)> next;
  Volatility volatility = Volatility::kImmutable;
  // False (PostgreSQL's strict functions): a NULL argument gives no rows and init is not
  // called. True: init gets the NULLs (ROWS FROM of several functions decides per function).
  bool sees_null_arguments = false;
};

}  // namespace stockroom
