#pragma once

#include <map>

#include "common/types/logical_type.hpp"

namespace stockroom {

// What a deparser of a query's text (pg_get_viewdef) needs from binding it, by the byte
// offset of each parsed expression in the text (ParsedExpression::location): the type the
// expression has, and the type the binder converted it to implicitly where its context
// asked for another (a function's parameter, a CASE's common type). Recorded only when a
// caller asks (Binder::RecordDeparseNotes).
struct DeparseNotes {
  std::map<int, LogicalType> types;
  std::map<int, LogicalType> implicit_casts;
};

}  // namespace stockroom
