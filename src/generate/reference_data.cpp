// The fixed lists the generator draws from: cities, warehouses, categories.
#include "generate/world.hpp"

namespace stockroom {

const std::vector<City>& Cities() {
  // Weights follow metro populations (millions, rounded); warehouse 1 serves the east,
  // 2 the centre and south, 3 the west.
  static const std::vector<City> kCities = {
      {"New York", "NY", "100", "Northeast", 19.5, 1},  {"Brooklyn", "NY", "112", "Northeast", 2.6, 1},
      {"Boston", "MA", "021", "Northeast", 4.9, 1},     {"Philadelphia", "PA", "191", "Northeast", 6.2, 1},
      {"Pittsburgh", "PA", "152", "Northeast", 2.4, 1}, {"Newark", "NJ", "071", "Northeast", 2.1, 1},
      {"Hartford", "CT", "061", "Northeast", 1.2, 1},   {"Providence", "RI", "029", "Northeast", 1.6, 1},
      {"Baltimore", "MD", "212", "Northeast", 2.8, 1},  {"Washington", "DC", "200", "Southeast", 6.3, 1},
      {"Richmond", "VA", "232", "Southeast", 1.3, 1},   {"Charlotte", "NC", "282", "Southeast", 2.7, 1},
      {"Raleigh", "NC", "276", "Southeast", 1.4, 1},    {"Atlanta", "GA", "303", "Southeast", 6.1, 2},
      {"Miami", "FL", "331", "Southeast", 6.1, 1},      {"Tampa", "FL", "336", "Southeast", 3.2, 1},
      {"Orlando", "FL", "328", "Southeast", 2.7, 1},    {"Jacksonville", "FL", "322", "Southeast", 1.6, 1},
      {"Nashville", "TN", "372", "Southeast", 2.0, 2},  {"Memphis", "TN", "381", "Southeast", 1.3, 2},
      {"New Orleans", "LA", "701", "Southeast", 1.3, 2},{"Chicago", "IL", "606", "Midwest", 9.5, 2},
      {"Detroit", "MI", "482", "Midwest", 4.4, 1},      {"Minneapolis", "MN", "554", "Midwest", 3.7, 2},
      {"St. Louis", "MO", "631", "Midwest", 2.8, 2},    {"Kansas City", "MO", "641", "Midwest", 2.2, 2},
      {"Columbus", "OH", "432", "Midwest", 2.1, 1},     {"Cleveland", "OH", "441", "Midwest", 2.1, 1},
      {"Cincinnati", "OH", "452", "Midwest", 2.2, 1},   {"Indianapolis", "IN", "462", "Midwest", 2.1, 2},
      {"Milwaukee", "WI", "532", "Midwest", 1.6, 2},    {"Omaha", "NE", "681", "Midwest", 1.0, 2},
      {"Dallas", "TX", "752", "Southwest", 7.6, 2},     {"Houston", "TX", "770", "Southwest", 7.1, 2},
      {"Austin", "TX", "787", "Southwest", 2.3, 2},     {"San Antonio", "TX", "782", "Southwest", 2.6, 2},
      {"Oklahoma City", "OK", "731", "Southwest", 1.4, 2}, {"Phoenix", "AZ", "850", "Southwest", 4.9, 3},
      {"Tucson", "AZ", "857", "Southwest", 1.0, 3},     {"Albuquerque", "NM", "871", "Southwest", 0.9, 2},
      {"Denver", "CO", "802", "West", 3.0, 2},          {"Salt Lake City", "UT", "841", "West", 1.3, 3},
      {"Las Vegas", "NV", "891", "West", 2.3, 3},       {"Reno", "NV", "895", "West", 0.5, 3},
      {"Los Angeles", "CA", "900", "West", 13.0, 3},    {"San Diego", "CA", "921", "West", 3.3, 3},
      {"San Francisco", "CA", "941", "West", 4.7, 3},   {"San Jose", "CA", "951", "West", 2.0, 3},
      {"Sacramento", "CA", "958", "West", 2.4, 3},      {"Portland", "OR", "972", "West", 2.5, 3},
      {"Seattle", "WA", "981", "West", 4.0, 3},         {"Boise", "ID", "837", "West", 0.8, 3},
  };
  return kCities;
}

const std::vector<Warehouse>& Warehouses() {
  static const std::vector<Warehouse> kWarehouses = {
      {1, "EWR1", "Edison Fulfillment Center", "Edison", "NJ", "08817", "Northeast"},
      {2, "DFW1", "Dallas Distribution Center", "Dallas", "TX", "75241", "Southwest"},
      {3, "RNO1", "Reno Fulfillment Center", "Reno", "NV", "89506", "West"},
  };
  return kWarehouses;
}

const std::vector<Category>& Categories() {
  static const std::vector<Category> kCategories = {
      {"Kitchen", {"Cookware", "Cutlery", "Small Appliances", "Storage", "Tableware"}, 0.16, 10, 0.06, false},
      {"Bedding", {"Sheets", "Pillows", "Comforters", "Blankets"}, 0.10, 15, 0.07, false},
      {"Bath", {"Towels", "Bath Mats", "Shower Curtains", "Accessories"}, 0.08, 8, 0.05, false},
      {"Home Decor", {"Wall Art", "Candles", "Vases", "Rugs", "Mirrors"}, 0.12, 9, 0.08, false},
      {"Furniture", {"Chairs", "Tables", "Shelving", "Outdoor"}, 0.07, 60, 0.10, false},
      {"Lighting", {"Lamps", "Ceiling Lights", "Smart Bulbs", "String Lights"}, 0.07, 13, 0.07, false},
      {"Audio", {"Headphones", "Speakers", "Earbuds", "Soundbars"}, 0.09, 19, 0.11, true},
      {"Computer Accessories", {"Keyboards", "Mice", "Monitors", "Webcams", "Docks"}, 0.11, 12, 0.09, true},
      {"Phones & Tablets", {"Cases", "Screen Protectors", "Tablets", "Stands"}, 0.08, 8, 0.12, true},
      {"Smart Home", {"Cameras", "Thermostats", "Doorbells", "Plugs"}, 0.06, 24, 0.10, true},
      {"Cables & Chargers", {"USB Cables", "Chargers", "Power Banks", "Adapters"}, 0.06, 5, 0.04, true},
  };
  return kCategories;
}

}  // namespace stockroom
