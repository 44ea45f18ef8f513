#include "function/cast/cast_functions.hpp"

#include <cstring>
#include <memory>

#include "common/error/exception.hpp"
#include "common/types/time_zone.hpp"
#include "function/cast/cast_kernels.hpp"
#include "main/client_context.hpp"

namespace stockroom {
namespace cast {

void ReferenceAs(const Vector& source, Vector& result, idx_t count) {
  if (source.type() == result.type()) {
    result.Reference(source);
    return;
  }
  // Vector::Reference would also take the source's type, so build a view over the same
  // buffers with our type instead; the copy in `keep` holds the buffers and string heap.
  switch (source.kind()) {
    case VectorKind::kConstant: {
      result.Reset();
      result.SetConstant();
      if (!source.validity().RowIsValid(0)) {
        result.validity().SetInvalid(0);
        return;
      }
      std::memcpy(result.data(), source.data(), PhysicalSize(result.type().physical()));
      result.KeepStringsOf(source);
      return;
    }
    case VectorKind::kFlat: {
      auto keep = std::make_shared<Vector>(source);
      Vector view(result.type(), source.data(), keep);
      view.validity() = source.validity();
      result = std::move(view);
      return;
    }
    case VectorKind::kDictionary: {
      const Vector& child = source.DictionaryChild();
      auto keep = std::make_shared<Vector>(child);
      Vector view(result.type(), child.data(), keep);
      view.validity() = child.validity();
      view.Slice(source.DictionarySelection(), count);
      result = std::move(view);
      return;
    }
  }
}

const TimeZone& SessionZone(const CastParameters& params) {
  if (params.context) return params.context->time_zone();
  return params.time_zone ? *params.time_zone : TimeZone::Utc();
}

}  // namespace cast

namespace {

void IdentityCast(const Vector& source, Vector& result, idx_t count, const CastParameters&) {
  result.Reference(source);
}

// A source of no real type can only hold NULLs (an untyped NULL).
void NullCast(const Vector&, Vector& result, idx_t, const CastParameters&) { result.SetConstantNull(); }

}  // namespace

CastFunctionPtr GetCastFunction(const LogicalType& from, const LogicalType& to) {
  if (to.id() == TypeId::kInvalid) return nullptr;
  if (from.id() == TypeId::kInvalid) return NullCast;
  if (from == to && to.id() != TypeId::kInterval) return IdentityCast;
  if (auto fn = cast::GetStringCast(from, to)) return fn;
  if (auto fn = cast::GetNumericCast(from, to)) return fn;
  if (auto fn = cast::GetTemporalCast(from, to)) return fn;
  if (auto fn = cast::GetArrayCast(from, to)) return fn;
  return nullptr;
}

Value CastValue(const Value& value, const LogicalType& to, ClientContext* context, bool explicit_cast) {
  CastFunctionPtr function = GetCastFunction(value.type(), to);
  if (!function) {
    throw SqlError(ErrorCode::kCannotCoerce,
                   "cannot cast type " + value.type().ToString() + " to " + to.ToString());
  }
  if (value.IsNull()) return Value::Null(to);
  Vector source(value);
  Vector result(to, 1);
  CastParameters params;
  params.context = context;
  params.source_type = &value.type();
  params.target_type = &to;
  params.explicit_cast = explicit_cast;
  function(source, result, 1, params);
  return result.GetValue(0);
}

}  // namespace stockroom
