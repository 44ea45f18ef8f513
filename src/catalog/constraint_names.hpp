#pragma once

#include <string>
#include <vector>

#include "sql/ast/statement.hpp"

namespace stockroom {

// Gives each PRIMARY KEY and UNIQUE constraint of table `table` without a name the name
// PostgreSQL would give it ("orders_pkey", "orders_customer_id_day_key"; a number appended
// when the table already has that name), so ON CONFLICT ON CONSTRAINT finds it.
void NameConstraints(const std::string& table, std::vector<TableConstraint>& constraints);

}  // namespace stockroom
