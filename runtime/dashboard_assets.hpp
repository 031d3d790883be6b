#pragma once
// The dashboard's files (runtime/dashboard/), embedded in the binary at build time by
// runtime/dashboard/embed.cmake: the daemon serves them from memory, never from the file system.

#include <span>
#include <string_view>

namespace dondoc::runtime {

struct Asset {
  std::string_view path;  ///< the URL path, e.g. `/app.js`
  std::string_view type;  ///< the Content-Type
  std::string_view body;
};

/// Every embedded file, in name order.
std::span<const Asset> dashboard_assets();

}  // namespace dondoc::runtime
