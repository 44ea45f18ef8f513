#include "function/table/zipped_table_function.hpp"

#include <algorithm>
#include <memory>

namespace stockroom {

namespace {

struct ZipPart {
  std::unique_ptr<TableFunctionState> state;  // null: the part has no (more) rows
  DataChunk buffer;
  idx_t position = 0;
  bool finished = false;

  idx_t Available() const { return buffer.size() - position; }
};

struct ZipState : TableFunctionState {
  std::vector<ZipPart> parts;
};

struct ZipDefinition {
  std::vector<TableFunction> parts;
  std::vector<std::vector<LogicalType>> argument_types;
  std::vector<std::vector<LogicalType>> column_types;  // per part
};

}  // namespace

TableFunction ZipTableFunctions(std::vector<TableFunction> parts, std::vector<std::vector<LogicalType>> argument_types) {
  auto definition = std::make_shared<ZipDefinition>();
  TableFunction zipped;
  for (size_t i = 0; i < parts.size(); i++) {
    zipped.name += (i ? "," : "") + parts[i].name;
    definition->column_types.push_back(parts[i].column_types(argument_types[i]));
    zipped.arguments.insert(zipped.arguments.end(), argument_types[i].begin(), argument_types[i].end());
    if (parts[i].volatility > zipped.volatility) zipped.volatility = parts[i].volatility;
  }
  definition->parts = std::move(parts);
  definition->argument_types = std::move(argument_types);
  zipped.sees_null_arguments = true;
  zipped.column_names = [definition](const std::vector<LogicalType>&) {
    std::vector<std::string> names;
    for (size_t i = 0; i < definition->parts.size(); i++) {
      auto part = definition->parts[i].column_names(definition->argument_types[i]);
      names.insert(names.end(), part.begin(), part.end());
    }
    return names;
  };
  zipped.column_types = [definition](const std::vector<LogicalType>&) {
    std::vector<LogicalType> types;
    for (auto& part : definition->column_types) types.insert(types.end(), part.begin(), part.end());
    return types;
  };
  zipped.init = [definition](ClientContext& context, const std::vector<Value>& arguments) {
    auto state = std::make_unique<ZipState>();
    state->parts.resize(definition->parts.size());
    size_t first = 0;
    for (size_t i = 0; i < definition->parts.size(); i++) {
      size_t count = definition->argument_types[i].size();
      std::vector<Value> values(arguments.begin() + first, arguments.begin() + first + count);
      first += count;
      ZipPart& part = state->parts[i];
      part.buffer.Initialize(definition->column_types[i]);
      bool any_null = std::any_of(values.begin(), values.end(), [](const Value& v) { return v.IsNull(); });
      if (any_null && !definition->parts[i].sees_null_arguments) {
        part.finished = true;
      } else {
        part.state = definition->parts[i].init(context, values);
      }
    }
    return std::unique_ptr<TableFunctionState>(std::move(state));
  };
  zipped.next = [definition](ClientContext& context, TableFunctionState& base, DataChunk& output) {
    auto& state = static_cast<ZipState&>(base);
    // Refill every part that has used up its buffered rows and is not finished.
    for (size_t i = 0; i < state.parts.size(); i++) {
      ZipPart& part = state.parts[i];
      while (part.Available() == 0 && !part.finished) {
        part.buffer.Reset();
        part.position = 0;
        if (!definition->parts[i].next(context, *part.state, part.buffer)) {
          part.finished = true;
          part.state.reset();
        }
      }
    }
    // As many rows as every part with rows left can give; finished parts give NULLs.
    idx_t n = 0;
    for (auto& part : state.parts) {
      if (part.Available() > 0) n = n == 0 ? part.Available() : std::min(n, part.Available());
    }
    n = std::min<idx_t>(n, kVectorSize);
    if (n == 0) return false;
    idx_t column = 0;
    for (auto& part : state.parts) {
      for (idx_t c = 0; c < part.buffer.ColumnCount(); c++, column++) {
        Vector& out = output.column(column);
        for (idx_t r = 0; r < n; r++) {
          out.SetValue(r, part.Available() > r ? part.buffer.GetValue(c, part.position + r)
                                               : Value::Null(part.buffer.column(c).type()));
        }
      }
      part.position += std::min(n, part.Available());
    }
    output.SetCardinality(n);
    return true;
  };
  return zipped;
}

}  // namespace stockroom
