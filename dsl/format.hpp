#pragma once
// `dondoc fmt`: the canonical layout of a rule file. Formatting keeps every comment and never
// changes the parsed tree; formatting formatted text changes nothing (idempotent).
//
// The layout: declarations one after another, a blank line around every block, one clause a
// line indented by nesting, clauses in the order they were written (so comments stay next to
// what they comment), lists as `A, B, C`, at most one blank line where the author left some.
// Keywords are written in one canonical spelling of the chosen language.

#include <optional>
#include <string>
#include <string_view>

#include "dsl/ast.hpp"

namespace dondoc::dsl {

struct FormatOptions {
  /// Keyword language of the output; by default the language the file was written in.
  std::optional<Lang> lang;
  int indent = 2;
  /// Long lists (`gồm A, B, …`) wrap after a comma to stay within this many characters; 0: never.
  int width = 100;
};

/// A string literal as the grammar reads it back: quoted, with \" \\ \n \t escaped.
std::string quote_text(std::string_view s);

/// Renders a parsed file (that had no syntax errors) in canonical layout. Time literals keep
/// the words they were written with, unless the keywords are translated to the other language.
std::string format_file(const FileAst& file, const FormatOptions& options = {});

/// Renders one time literal for a keyword language: its written text when `keep_text` (and it
/// has one), else a canonical form built from its value that parses back to the same value,
/// e.g. `Hoàn thành trước tháng 6 năm 2023` or `complete before 2023-06`.
std::string format_time(const TimeExpr& t, Lang lang, bool keep_text = true);

/// The same for the recurrence of a duty: `định kỳ hằng năm (trước ngày 30/11)` or
/// `every year before 30/11`.
std::string format_recurrence(const Recurrence& r, Lang lang, bool keep_text = true);

}  // namespace dondoc::dsl
