#include "execution/expression/expression_executor.hpp"

#include <cstring>

#include "common/error/assert.hpp"
#include "common/error/exception.hpp"
#include "main/client_context.hpp"

namespace stockroom {

namespace {

// State for a constant: the vector, built once.
struct ConstantState : FunctionLocalState {
  Vector vector;
};

// State for an IN list: the list values as constant vectors.
struct InListState : FunctionLocalState {
  std::vector<Vector> items;
  bool has_null = false;
};

// Writes source row i to result row positions.Get(i), for `count` rows.
template <class T>
void ScatterTyped(const Vector& source, idx_t count, const SelectionVector& positions, Vector& result) {
  UnifiedVectorFormat f;
  source.ToUnified(count, f);
  T* out = result.Data<T>();
  const T* in = f.Data<T>();
  for (idx_t i = 0; i < count; i++) {
    idx_t src = f.Index(i);
    idx_t dst = positions.Get(i);
    if (f.validity->RowIsValid(src)) {
      out[dst] = in[src];
    } else {
      result.validity().SetInvalid(dst);
    }
  }
}

void Scatter(const Vector& source, idx_t count, const SelectionVector& positions, Vector& result) {
  switch (result.type().physical()) {
    case PhysicalType::kBool:
      return ScatterTyped<bool>(source, count, positions, result);
    case PhysicalType::kInt16:
      return ScatterTyped<int16_t>(source, count, positions, result);
    case PhysicalType::kInt32:
      return ScatterTyped<int32_t>(source, count, positions, result);
    case PhysicalType::kInt64:
      return ScatterTyped<int64_t>(source, count, positions, result);
    case PhysicalType::kInt128:
      return ScatterTyped<int128_t>(source, count, positions, result);
    case PhysicalType::kFloat:
      return ScatterTyped<float>(source, count, positions, result);
    case PhysicalType::kDouble:
      return ScatterTyped<double>(source, count, positions, result);
    case PhysicalType::kInterval:
      return ScatterTyped<Interval>(source, count, positions, result);
    case PhysicalType::kVarNumeric:
      return ScatterTyped<VarNumeric>(source, count, positions, result);
    case PhysicalType::kString:
      ScatterTyped<StringRef>(source, count, positions, result);
      result.KeepStringsOf(source);
      return;
  }
}

// Returns a chunk referencing rows sel[0..count) of `input`.
void SliceChunk(DataChunk& input, const SelectionVector& sel, idx_t count, DataChunk& out) {
  if (out.ColumnCount() != input.ColumnCount()) {
    out.columns().clear();
    for (idx_t i = 0; i < input.ColumnCount(); i++) out.columns().emplace_back();
  }
  for (idx_t i = 0; i < input.ColumnCount(); i++) out.column(i).Slice(input.column(i), sel, count);
  out.SetCardinality(count);
}

}  // namespace

ExpressionExecutor::ExpressionExecutor(ClientContext* context, const std::vector<const BoundExpression*>& expressions)
    : context_(context) {
  for (auto* e : expressions) AddExpression(*e);
}

void ExpressionExecutor::AddExpression(const BoundExpression& expr) {
  expressions_.push_back(&expr);
  states_.push_back(InitializeState(expr));
}

std::unique_ptr<ExpressionState> ExpressionExecutor::InitializeState(const BoundExpression& expr) {
  auto state = std::make_unique<ExpressionState>(expr, context_);
  std::vector<LogicalType> child_types;
  const_cast<BoundExpression&>(expr).ForEachChild([&](std::unique_ptr<BoundExpression>& child) {
    state->children.push_back(InitializeState(*child));
    child_types.push_back(child->type);
  });
  state->intermediate.Initialize(child_types);
  switch (expr.kind) {
    case BoundExprKind::kConstant: {
      auto c = std::make_unique<ConstantState>();
      c->vector = Vector(static_cast<const BoundConstant&>(expr).value);
      state->local = std::move(c);
      break;
    }
    case BoundExprKind::kFunction:
      state->bind_data = static_cast<const BoundFunction&>(expr).bind_data.get();
      break;
    case BoundExprKind::kOperator: {
      auto& op = static_cast<const BoundOperator&>(expr);
      if (op.op == OperatorKind::kInList || op.op == OperatorKind::kNotInList) {
        auto list = std::make_unique<InListState>();
        for (size_t i = 1; i < op.children.size(); i++) {
          Value v = EvaluateConstant(*context_, *op.children[i]);
          if (v.IsNull()) {
            list->has_null = true;
            continue;
          }
          list->items.emplace_back(v);
        }
        state->local = std::move(list);
      }
      break;
    }
    default:
      break;
  }
  return state;
}

void ExpressionExecutor::Execute(DataChunk& input, DataChunk& result) {
  for (idx_t i = 0; i < expressions_.size(); i++) Evaluate(*expressions_[i], *states_[i], input, result.column(i));
  result.SetCardinality(input.size());
}

void ExpressionExecutor::ExecuteExpression(idx_t index, DataChunk& input, Vector& result) {
  Evaluate(*expressions_[index], *states_[index], input, result);
}

idx_t ExpressionExecutor::Select(idx_t index, DataChunk& input, SelectionVector& sel) {
  if (!sel.IsSet()) sel.Initialize(std::max(kVectorSize, input.size()));
  return SelectImpl(*expressions_[index], *states_[index], input, sel);
}

Value ExpressionExecutor::EvaluateConstant(ClientContext& context, const BoundExpression& expr) {
  ExpressionExecutor executor(&context);
  executor.AddExpression(expr);
  DataChunk input;
  input.SetCardinality(1);
  Vector result(expr.type);
  executor.ExecuteExpression(0, input, result);
  return result.GetValue(0);
}

void ExpressionExecutor::Evaluate(const BoundExpression& expr, ExpressionState& state, DataChunk& input,
                                  Vector& result) {
  idx_t count = input.size();
  switch (expr.kind) {
    case BoundExprKind::kConstant:
      result.Reference(static_cast<ConstantState&>(*state.local).vector);
      return;
    case BoundExprKind::kReference:
      result.Reference(input.column(static_cast<const BoundReference&>(expr).index));
      return;
    case BoundExprKind::kParameter: {
      auto& param = static_cast<const BoundParameter&>(expr);
      if (!param.value) throw SqlError(ErrorCode::kUndefinedParameter, "there is no parameter $" + std::to_string(param.index));
      result.Reference(Vector(*param.value));
      return;
    }
    case BoundExprKind::kCast: {
      auto& cast = static_cast<const BoundCast&>(expr);
      Vector& child = state.intermediate.column(0);
      Evaluate(*cast.child, *state.children[0], input, child);
      CastParameters params;
      params.context = context_;
      params.source_type = &cast.child->type;
      params.target_type = &cast.type;
      params.interval_range = cast.interval_range;
      params.explicit_cast = cast.explicit_cast;
      if (result.type() != cast.type) result = Vector(cast.type);
      cast.function(child, result, count, params);
      return;
    }
    case BoundExprKind::kFunction: {
      auto& function = static_cast<const BoundFunction&>(expr);
      DataChunk& args = state.intermediate;
      for (idx_t i = 0; i < function.children.size(); i++) {
        Evaluate(*function.children[i], *state.children[i], input, args.column(i));
      }
      args.SetCardinality(count);
      if (result.type() != function.type) result = Vector(function.type);
      function.function.function(args, state, result);
      return;
    }
    case BoundExprKind::kComparison: {
      auto& cmp = static_cast<const BoundComparison&>(expr);
      Vector& left = state.intermediate.column(0);
      Vector& right = state.intermediate.column(1);
      Evaluate(*cmp.left, *state.children[0], input, left);
      Evaluate(*cmp.right, *state.children[1], input, right);
      CompareVectors(cmp.comparison, left, right, result, count);
      return;
    }
    case BoundExprKind::kConjunction:
      return EvaluateConjunction(static_cast<const BoundConjunction&>(expr), state, input, result);
    case BoundExprKind::kOperator:
      return EvaluateOperator(static_cast<const BoundOperator&>(expr), state, input, result);
    case BoundExprKind::kCase:
      return EvaluateCase(static_cast<const BoundCase&>(expr), state, input, result);
    default:
      throw InternalError("cannot evaluate expression " + expr.ToString());
  }
}

void ExpressionExecutor::EvaluateConjunction(const BoundConjunction& expr, ExpressionState& state, DataChunk& input,
                                             Vector& result) {
  idx_t count = input.size();
  // Per row: 0 undecided/true-so-far, 1 NULL seen, 2 decided (false for AND, true for OR).
  std::vector<uint8_t> status(count, 0);
  SelectionVector remaining(std::max<idx_t>(count, 1));
  idx_t remaining_count = count;
  for (idx_t i = 0; i < count; i++) remaining.Set(i, i);
  DataChunk slice;
  for (idx_t c = 0; c < expr.children.size() && remaining_count > 0; c++) {
    Vector& value = state.intermediate.column(c);
    if (remaining_count == count) {
      Evaluate(*expr.children[c], *state.children[c], input, value);
    } else {
      SliceChunk(input, remaining, remaining_count, slice);
      Evaluate(*expr.children[c], *state.children[c], slice, value);
    }
    UnifiedVectorFormat f;
    value.ToUnified(remaining_count, f);
    const bool* data = f.Data<bool>();
    idx_t next = 0;
    for (idx_t i = 0; i < remaining_count; i++) {
      idx_t row = remaining.Get(i);
      idx_t idx = f.Index(i);
      if (!f.validity->RowIsValid(idx)) {
        status[row] = 1;
        remaining.Set(next++, row);
      } else if (data[idx] != expr.is_and) {
        status[row] = 2;  // AND sees false / OR sees true: decided
      } else {
        remaining.Set(next++, row);
      }
    }
    remaining_count = next;
  }
  result.Reset();
  bool* out = result.Data<bool>();
  for (idx_t i = 0; i < count; i++) {
    if (status[i] == 2) {
      out[i] = !expr.is_and;
    } else if (status[i] == 1) {
      out[i] = false;
      result.validity().SetInvalid(i);
    } else {
      out[i] = expr.is_and;
    }
  }
}

void ExpressionExecutor::EvaluateOperator(const BoundOperator& expr, ExpressionState& state, DataChunk& input,
                                          Vector& result) {
  idx_t count = input.size();
  switch (expr.op) {
    case OperatorKind::kNot: {
      Vector& child = state.intermediate.column(0);
      Evaluate(*expr.children[0], *state.children[0], input, child);
      bool constant = child.kind() == VectorKind::kConstant;
      idx_t n = constant ? 1 : count;
      UnifiedVectorFormat f;
      child.ToUnified(n, f);
      result.Reset();
      for (idx_t i = 0; i < n; i++) {
        idx_t idx = f.Index(i);
        if (f.validity->RowIsValid(idx)) {
          result.Data<bool>()[i] = !f.Data<bool>()[idx];
        } else {
          result.validity().SetInvalid(i);
        }
      }
      if (constant) result.SetConstant();
      return;
    }
    case OperatorKind::kIsNull:
    case OperatorKind::kIsNotNull: {
      Vector& child = state.intermediate.column(0);
      Evaluate(*expr.children[0], *state.children[0], input, child);
      bool constant = child.kind() == VectorKind::kConstant;
      idx_t n = constant ? 1 : count;
      UnifiedVectorFormat f;
      child.ToUnified(n, f);
      result.Reset();
      bool want_null = expr.op == OperatorKind::kIsNull;
      for (idx_t i = 0; i < n; i++) {
        result.Data<bool>()[i] = f.validity->RowIsValid(f.Index(i)) != want_null;
      }
      if (constant) result.SetConstant();
      return;
    }
    case OperatorKind::kInList:
    case OperatorKind::kNotInList: {
      Vector& probe = state.intermediate.column(0);
      Evaluate(*expr.children[0], *state.children[0], input, probe);
      auto& list = static_cast<InListState&>(*state.local);
      std::vector<uint8_t> found(count, 0);
      Vector cmp(TypeId::kBoolean);
      for (auto& item : list.items) {
        CompareVectors(ComparisonKind::kEqual, probe, item, cmp, count);
        UnifiedVectorFormat f;
        cmp.ToUnified(count, f);
        for (idx_t i = 0; i < count; i++) {
          idx_t idx = f.Index(i);
          if (f.validity->RowIsValid(idx) && f.Data<bool>()[idx]) found[i] = 1;
        }
      }
      UnifiedVectorFormat pf;
      probe.ToUnified(count, pf);
      result.Reset();
      bool negate = expr.op == OperatorKind::kNotInList;
      for (idx_t i = 0; i < count; i++) {
        bool probe_null = !pf.validity->RowIsValid(pf.Index(i));
        if (found[i]) {
          result.Data<bool>()[i] = !negate;
        } else if (probe_null || list.has_null) {
          result.Data<bool>()[i] = false;
          result.validity().SetInvalid(i);
        } else {
          result.Data<bool>()[i] = negate;
        }
      }
      return;
    }
    case OperatorKind::kCoalesce: {
      result.Reset();
      SelectionVector remaining(std::max<idx_t>(count, 1));
      for (idx_t i = 0; i < count; i++) remaining.Set(i, i);
      idx_t remaining_count = count;
      DataChunk slice;
      for (idx_t c = 0; c < expr.children.size() && remaining_count > 0; c++) {
        Vector& value = state.intermediate.column(c);
        if (remaining_count == count) {
          Evaluate(*expr.children[c], *state.children[c], input, value);
        } else {
          // A copy: the slice's vectors keep the selection they were made with, and
          // `remaining` is compacted below while `value` (maybe a slice of a flat input
          // column) is still read.
          SelectionVector rows(remaining_count);
          for (idx_t i = 0; i < remaining_count; i++) rows.Set(i, remaining.Get(i));
          SliceChunk(input, rows, remaining_count, slice);
          Evaluate(*expr.children[c], *state.children[c], slice, value);
        }
        UnifiedVectorFormat f;
        value.ToUnified(remaining_count, f);
        SelectionVector hit(remaining_count), hit_target(remaining_count);
        idx_t hits = 0, next = 0;
        for (idx_t i = 0; i < remaining_count; i++) {
          if (f.validity->RowIsValid(f.Index(i))) {
            hit.Set(hits, i);
            hit_target.Set(hits, remaining.Get(i));
            hits++;
          } else {
            remaining.Set(next++, remaining.Get(i));
          }
        }
        if (hits > 0) {
          Vector picked;
          picked.Slice(value, hit, hits);
          Scatter(picked, hits, hit_target, result);
        }
        remaining_count = next;
      }
      for (idx_t i = 0; i < remaining_count; i++) result.validity().SetInvalid(remaining.Get(i));
      return;
    }
  }
}

void ExpressionExecutor::EvaluateCase(const BoundCase& expr, ExpressionState& state, DataChunk& input,
                                      Vector& result) {
  idx_t count = input.size();
  idx_t n_when = expr.whens.size();
  SelectionVector remaining(std::max<idx_t>(count, 1));
  for (idx_t i = 0; i < count; i++) remaining.Set(i, i);
  idx_t remaining_count = count;
  bool result_initialized = false;
  auto init_result = [&]() {
    if (!result_initialized) {
      if (result.type() != expr.type) result = Vector(expr.type);
      result.Reset();
      result_initialized = true;
    }
  };
  DataChunk slice, branch_slice;
  // Children states: whens first, then thens, then else (ForEachChild order).
  for (idx_t w = 0; w < n_when && remaining_count > 0; w++) {
    Vector& cond = state.intermediate.column(w);
    DataChunk* cond_input = &input;
    if (remaining_count != count) {
      SliceChunk(input, remaining, remaining_count, slice);
      cond_input = &slice;
    }
    Evaluate(*expr.whens[w], *state.children[w], *cond_input, cond);
    UnifiedVectorFormat f;
    cond.ToUnified(remaining_count, f);
    SelectionVector take(remaining_count), take_target(remaining_count);
    // The rows left for later branches go to a new selection: `slice` reads through
    // `remaining`'s buffer, so compacting it in place would move this branch's rows.
    SelectionVector still_remaining(std::max<idx_t>(remaining_count, 1));
    idx_t taken = 0, next = 0;
    for (idx_t i = 0; i < remaining_count; i++) {
      idx_t idx = f.Index(i);
      if (f.validity->RowIsValid(idx) && f.Data<bool>()[idx]) {
        take.Set(taken, i);
        take_target.Set(taken, remaining.Get(i));
        taken++;
      } else {
        still_remaining.Set(next++, remaining.Get(i));
      }
    }
    if (taken == count) {
      // Every row takes this branch: evaluate straight into the result.
      Evaluate(*expr.thens[w], *state.children[n_when + w], input, result);
      return;
    }
    if (taken > 0) {
      init_result();
      SliceChunk(*cond_input, take, taken, branch_slice);
      Vector& value = state.intermediate.column(n_when + w);
      Evaluate(*expr.thens[w], *state.children[n_when + w], branch_slice, value);
      Scatter(value, taken, take_target, result);
    }
    remaining = still_remaining;
    remaining_count = next;
  }
  if (remaining_count == count) {
    Evaluate(*expr.else_expr, *state.children[2 * n_when], input, result);
    return;
  }
  init_result();
  if (remaining_count > 0) {
    SliceChunk(input, remaining, remaining_count, slice);
    Vector& value = state.intermediate.column(2 * n_when);
    Evaluate(*expr.else_expr, *state.children[2 * n_when], slice, value);
    Scatter(value, remaining_count, remaining, result);
  }
}

idx_t ExpressionExecutor::SelectImpl(const BoundExpression& expr, ExpressionState& state, DataChunk& input,
                                     SelectionVector& sel) {
  idx_t count = input.size();
  if (expr.kind == BoundExprKind::kComparison) {
    auto& cmp = static_cast<const BoundComparison&>(expr);
    Vector& left = state.intermediate.column(0);
    Vector& right = state.intermediate.column(1);
    Evaluate(*cmp.left, *state.children[0], input, left);
    Evaluate(*cmp.right, *state.children[1], input, right);
    return SelectComparison(cmp.comparison, left, right, count, sel);
  }
  if (expr.kind == BoundExprKind::kConjunction && static_cast<const BoundConjunction&>(expr).is_and) {
    auto& conj = static_cast<const BoundConjunction&>(expr);
    idx_t n = SelectImpl(*conj.children[0], *state.children[0], input, sel);
    DataChunk slice;
    SelectionVector inner(std::max<idx_t>(count, 1));
    for (idx_t c = 1; c < conj.children.size() && n > 0; c++) {
      SliceChunk(input, sel, n, slice);
      idx_t m = SelectImpl(*conj.children[c], *state.children[c], slice, inner);
      for (idx_t i = 0; i < m; i++) sel.Set(i, sel.Get(inner.Get(i)));
      n = m;
    }
    return n;
  }
  if (expr.kind == BoundExprKind::kConjunction) {
    // OR: each child selects among the rows no earlier child selected.
    auto& conj = static_cast<const BoundConjunction&>(expr);
    std::vector<uint8_t> selected(count, 0);
    SelectionVector rest(std::max<idx_t>(count, 1));
    for (idx_t i = 0; i < count; i++) rest.Set(i, i);
    idx_t rest_count = count;
    DataChunk slice;
    SelectionVector inner(std::max<idx_t>(count, 1));
    for (idx_t c = 0; c < conj.children.size() && rest_count > 0; c++) {
      idx_t m;
      if (rest_count == count) {
        m = SelectImpl(*conj.children[c], *state.children[c], input, inner);
      } else {
        SliceChunk(input, rest, rest_count, slice);
        m = SelectImpl(*conj.children[c], *state.children[c], slice, inner);
      }
      for (idx_t j = 0; j < m; j++) selected[rest.Get(inner.Get(j))] = 1;
      idx_t next = 0;
      for (idx_t i = 0; i < rest_count; i++) {
        idx_t row = rest.Get(i);
        if (!selected[row]) rest.Set(next++, row);
      }
      rest_count = next;
    }
    idx_t n = 0;
    for (idx_t i = 0; i < count; i++) {
      if (selected[i]) sel.Set(n++, i);
    }
    return n;
  }
  Vector value(TypeId::kBoolean);
  Evaluate(expr, state, input, value);
  UnifiedVectorFormat f;
  value.ToUnified(count, f);
  idx_t n = 0;
  const bool* data = f.Data<bool>();
  for (idx_t i = 0; i < count; i++) {
    idx_t idx = f.Index(i);
    if (f.validity->RowIsValid(idx) && data[idx]) sel.Set(n++, i);
  }
  return n;
}

}  // namespace stockroom
