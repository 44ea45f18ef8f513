#pragma once

namespace stockroom {

// `stockroom demo`: generates the retailer's landing zone (SF 0.1 unless --sf says
// otherwise), runs the nightly pipeline of models/ecommerce into a data directory, prints an
// analyst's report from the warehouse and how to connect to it. Returns the exit status.
int RunDemo(int argc, char** argv);

}  // namespace stockroom
