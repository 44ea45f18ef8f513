#pragma once

#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

#include "common/types/vector.hpp"

namespace stockroom {

class ClientContext;

// A stored array value taken apart: its dimensions and its elements' text, for the array
// functions, unnest and to_json. Arrays are stored in PostgreSQL's array_out text form
// ('{1,2}', '[0:1]={a,"b c"}', '{{1,2},{3,4}}'); element i (in storage order, the last
// dimension varying fastest) is Element(i). Reusable: Parse() clears it.
class ArrayValue {
 public:
  static constexpr int kMaxDim = 6;

  // Parses `text`, whose bytes must outlive this object. Returns false if it is not an
  // array literal (never the case for stored values).
  bool Parse(std::string_view text);

  int ndim() const { return ndim_; }
  int dim(int i) const { return dims_[i]; }
  int lbound(int i) const { return lbounds_[i]; }
  size_t size() const { return nulls_.size(); }
  bool IsNull(size_t i) const { return nulls_[i] != 0; }
  std::string_view Element(size_t i) const {
    const Item& item = items_[i];
    return item.in_scratch ? std::string_view(scratch_).substr(item.offset, item.length)
                           : text_.substr(item.offset, item.length);
  }

 private:
  struct Item {
    uint32_t offset;
    uint32_t length;
    bool in_scratch;
  };
  std::string_view text_;
  int ndim_ = 0;
  int dims_[kMaxDim] = {};
  int lbounds_[kMaxDim] = {};
  std::vector<Item> items_;
  std::vector<uint8_t> nulls_;
  std::string scratch_;
};

// Writes array_out text: the dimension decoration when a lower bound is not 1, then the
// elements (texts[i], or NULL where nulls[i]) nested by `dims`. An array with no
// dimensions (or no elements) is '{}'.
void AppendArrayText(int ndim, const int* dims, const int* lbounds, const std::vector<std::string_view>& texts,
                     const std::vector<uint8_t>& nulls, std::string& out);

// Converts element texts to `type` with the cast layer, in one batch: returns a vector of
// `type` whose row i is texts[i] cast (NULL where nulls[i]). The texts must stay alive until
// the result has been read.
Vector CastElements(const std::vector<std::string_view>& texts, const std::vector<uint8_t>& nulls,
                    const LogicalType& type, ClientContext* context);

}  // namespace stockroom
