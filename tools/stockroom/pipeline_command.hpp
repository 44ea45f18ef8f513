#pragma once

namespace stockroom {

// Runs `stockroom pipeline run`: loads the landing zone into the warehouse project's raw
// tables and builds its models. Returns the exit status (0 when the run succeeded, 1 on a
// usage error or a failed run, 2 when the database cannot be opened).
int RunPipelineCommand(int argc, char** argv);

}  // namespace stockroom
