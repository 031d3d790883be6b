#pragma once
// A temporary folder for one test (mkdtemp under the system's temp folder), removed with all it
// holds when the test ends.

#include <stdlib.h>
#include <catch2/catch.hpp>

#include <filesystem>
#include <string>

namespace dondoc::test {

struct TempDir {
  std::filesystem::path path;
  TempDir() {
    std::string tmpl = (std::filesystem::temp_directory_path() / "dondoc_test.XXXXXX").string();
    REQUIRE(mkdtemp(tmpl.data()) != nullptr);
    path = tmpl;
  }
  ~TempDir() { std::filesystem::remove_all(path); }
  TempDir(const TempDir&) = delete;
  TempDir& operator=(const TempDir&) = delete;
  /// The path of `name` in the folder.
  std::string file(const std::string& name) const { return (path / name).string(); }
};

}  // namespace dondoc::test
