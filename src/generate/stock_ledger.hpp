#pragma once

#include <algorithm>
#include <cstdint>
#include <mutex>
#include <vector>

#include "generate/world.hpp"

namespace stockroom {

// One purchase-order line with everything that will ever happen to it. Instants are kNever
// for events that do not happen; events after the history's end are kept (the extracts
// never reach them).
struct PurchaseOrderLine {
  int64_t po_id;
  int32_t po_line;
  int32_t supplier_id;
  int32_t warehouse_id;
  int32_t product_id;
  int32_t qty_ordered;
  int64_t unit_cost;        // cents, the product's cost when ordered
  int64_t ordered_at;
  int32_t expected_date;    // local date: order date + the supplier's quoted lead time
  int64_t first_receipt_at; // the whole line, or its first part when split
  int32_t first_receipt_qty;
  int64_t final_receipt_at; // the rest of a split delivery; kNever when not split
  int32_t final_qty;        // units received in all (short shipments receive less)
  int64_t cancelled_at;     // the supplier cancelled before shipping

  const char* StatusAt(int64_t t) const;  // open, partially_received, received, cancelled
  int32_t ReceivedAt(int64_t t) const;    // units received by t
  int64_t LastReceiptAt(int64_t t) const; // kNever before the first receipt
  int64_t UpdatedAt(int64_t t) const;
  bool ChangedIn(const ExtractWindow& window) const;
};

// A supplier as NetSuite has it: the quoted lead time was renegotiated once for some.
struct SupplierTerms {
  int32_t old_lead_time_days;
  int64_t lead_time_changed_at;  // kNever when it never changed; then Supplier::lead_time_days
  int32_t LeadTimeAt(const Supplier& supplier, int64_t t) const {
    return t < lead_time_changed_at ? old_lead_time_days : supplier.lead_time_days;
  }
  int64_t UpdatedAt(const Supplier& supplier, int64_t t) const {
    return lead_time_changed_at <= t ? lead_time_changed_at : supplier.created_at;
  }
};
SupplierTerms MakeSupplierTerms(const World& world, const Supplier& supplier);

// The stock of every SKU simulated day by day over the whole history, consistent with the
// orders: units leave on the ship date of every shipped order, restocked returns come back,
// and a planner reorders from the SKU's supplier when the stock position falls below a
// reorder point. Holds the purchase-order lines it placed and the end-of-day stock of the
// last 365 days. Built on the first call to Get (walking every order once, on all cores);
// thread-safe; shared by the inventory and purchase-order jobs.
class StockLedger {
 public:
  explicit StockLedger(const World& world)
      : world_(world),
        first_snapshot_day_(std::max(world.first_day(), world.end_day() - 364)),
        snapshot_days_(world.end_day() - first_snapshot_day_ + 1) {}

  struct Day {
    int32_t on_hand, reserved, on_order;
  };
  // Returns the ledger, building it on first use; concurrent callers wait for the build.
  const StockLedger& Get();

  // The snapshot dates: the last 365 days of history (known before the build).
  int32_t first_snapshot_day() const { return first_snapshot_day_; }
  // The stock of product `product_id` at the end of `date` (a snapshot date).
  const Day& At(int32_t product_id, int32_t date) const {
    return days_[static_cast<size_t>(product_id - 1) * snapshot_days_ + (date - first_snapshot_day_)];
  }
  // Every purchase-order line, by po_id and po_line.
  const std::vector<PurchaseOrderLine>& purchase_orders() const { return purchase_orders_; }

 private:
  void Build();
  // Returns the sales plan's volume of the dates [from, to) (World::DayWeight summed).
  double PlanVolume(int32_t from, int32_t to) const;
  void CountFlows();
  void Simulate(int32_t product_id, std::vector<PurchaseOrderLine>* lines);

  const World& world_;
  std::once_flag built_;
  const int32_t first_snapshot_day_;
  const int32_t snapshot_days_;
  // Per product and history day: units shipped minus units restocked from returns.
  std::vector<int32_t> net_out_;
  int32_t plan_first_day_ = 0;
  std::vector<double> plan_cumulative_;
  // Per product and snapshot day (index 0: everything before): the change in units paid
  // for and not yet shipped or cancelled.
  std::vector<int32_t> pending_change_;
  std::vector<Day> days_;
  std::vector<PurchaseOrderLine> purchase_orders_;
};

}  // namespace stockroom
