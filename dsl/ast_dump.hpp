#pragma once
// A canonical text of a syntax tree, without source locations: two files that mean the same
// thing dump to the same text. Tests use it to compare trees (e.g. that `dondoc fmt` changes
// nothing but layout); it is also handy when debugging the parser.

#include <string>

#include "dsl/ast.hpp"

namespace dondoc::dsl {

struct DumpOptions {
  /// Include the words time literals were written with (TimeExpr::text, Recurrence::text).
  /// Off to compare a file with its translation to the other keyword language, whose time
  /// literals are rendered from their values.
  bool literal_text = true;
};

/// Every declaration and clause value, one per line, indented by nesting. No locations, no
/// comments, no keyword language.
std::string dump_ast(const FileAst& file, const DumpOptions& options = {});

/// One time value: its form, points, flags and note (and its text when asked).
std::string dump_time(const TimeExpr& t, const DumpOptions& options = {});
std::string dump_recurrence(const Recurrence& r, const DumpOptions& options = {});

}  // namespace dondoc::dsl
