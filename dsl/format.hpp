#pragma once
// `dondoc fmt`: the canonical layout of a rule file. Formatting keeps every comment and never
// changes the parsed tree; formatting formatted text changes nothing (idempotent).

#include <string>

#include "dsl/ast.hpp"

namespace dondoc::dsl {

struct FormatOptions {
  /// Keyword language of the output; by default the language the file was written in.
  std::optional<Lang> lang;
  int indent = 2;
};

/// Renders a parsed file (that had no syntax errors) in canonical layout.
std::string format_file(const FileAst& file, const FormatOptions& options = {});

/// Renders one time literal in canonical form for the given keyword language
/// (e.g. `Quý I/2023` in Vietnamese, `2023-Q1`… is NOT used: the literal keeps its written text
/// when `keep_text` is true, which is the default for formatting).
std::string format_time(const TimeExpr& t, Lang lang, bool keep_text = true);

}  // namespace dondoc::dsl
