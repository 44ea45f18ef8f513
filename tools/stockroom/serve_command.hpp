#pragma once

namespace stockroom {

// Runs `stockroom serve`: opens the database and serves it over the PostgreSQL wire
// protocol until SIGINT or SIGTERM. Returns the exit status (0 after a clean shutdown, 1 on
// a usage error, 2 when the database or the listener cannot be opened).
int RunServe(int argc, char** argv);

}  // namespace stockroom
