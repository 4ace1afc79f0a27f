#pragma once
// How the renderers write times and sizes, so every mode says them alike.
#include <chrono>
#include <cstdint>
#include <string>

namespace kiln::progress {

// "0.2s", "12.3s", "2m05s"
std::string seconds_text(std::chrono::milliseconds elapsed);
// "123.4 MB" (decimal megabytes, as the engine's `docker images` counts them)
std::string size_text(std::int64_t bytes);

}  // namespace kiln::progress
