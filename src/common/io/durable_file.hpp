#pragma once

#include <string>
#include <string_view>

namespace stockroom {

// Writes `contents` to `path` so that after a crash the file is either as it was or complete:
// through `path`.tmp, fsynced, renamed over `path`, and the directory fsynced. Throws 42501
// without permission, 58030 for other I/O errors (with the path and the system's reason).
void WriteFileDurably(const std::string& path, std::string_view contents);

// WriteFileDurably without the directory fsync: the contents are durable, the name not yet.
// For many files written apart and made durable together by one SyncDirectory.
void WriteFileSynced(const std::string& path, std::string_view contents);

// Fsyncs directory `path`, making the creation, rename or removal of its entries durable.
void SyncDirectory(const std::string& path);

// Throws the SqlError for a failed file operation: "could not <what> "<path>": <reason>".
[[noreturn]] void ThrowFileError(const std::string& what, const std::string& path, int err);

}  // namespace stockroom
