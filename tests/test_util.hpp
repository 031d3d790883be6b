#pragma once
// Shared test helpers.

#include <catch2/catch.hpp>

#include <fstream>
#include <sstream>
#include <string>

#include "dsl/diagnostics.hpp"
#include "dsl/parser.hpp"
#include "dsl/text.hpp"

namespace dondoc::test {

/// Parses text that must have no diagnostic at all; keeps the sources alive with the tree.
struct Parsed {
  dsl::SourceSet sources;
  dsl::FileAst ast;
};

inline std::unique_ptr<Parsed> parse_ok(const std::string& text) {
  auto p = std::make_unique<Parsed>();
  dsl::Diagnostics diags;
  p->ast = dsl::parse_text(p->sources, "test.rules", text, diags);
  INFO(dsl::render_all(diags, dsl::Lang::en));
  REQUIRE(diags.items().empty());
  return p;
}

/// Parses text and returns the rendered diagnostics (Vietnamese unless told).
inline std::string parse_errors(const std::string& text, dsl::Lang lang = dsl::Lang::vi) {
  dsl::SourceSet sources;
  dsl::Diagnostics diags;
  dsl::parse_text(sources, "test.rules", text, diags);
  return dsl::render_all(diags, lang);
}

inline std::string read_file(const std::string& path) {
  std::ifstream f(path, std::ios::binary);
  std::ostringstream ss;
  ss << f.rdbuf();
  return ss.str();
}

}  // namespace dondoc::test
