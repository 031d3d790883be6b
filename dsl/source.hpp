#pragma once
// Source text and positions. Every syntax node carries a Location.

#include <cstdint>
#include <deque>
#include <memory>
#include <string>
#include <string_view>
#include <vector>

namespace dondoc::dsl {

/// One loaded rule file: its display path and its text after UTF-8 repair and NFC normalisation.
struct SourceFile {
  std::string path;                        ///< as shown in diagnostics
  std::string text;                        ///< NFC-normalised UTF-8
  std::vector<std::uint32_t> line_starts;  ///< byte offset of each line start

  SourceFile(std::string p, std::string t);
  /// Keeps a string that syntax nodes of this file show but that is not verbatim in `text` (a
  /// string with its escapes resolved) and returns a view of it, valid as long as the file.
  std::string_view own(std::string s) const { return owned_.emplace_back(std::move(s)); }
  /// The text of line `line` (1-based), without its line break.
  std::string_view line_text(std::uint32_t line) const;
  std::uint32_t line_count() const { return static_cast<std::uint32_t>(line_starts.size()); }

 private:
  mutable std::deque<std::string> owned_;  // a deque keeps addresses stable
};

/// A place in a rule file: 1-based line and column. Columns count characters (code points).
struct Location {
  const SourceFile* file = nullptr;
  std::uint32_t line = 0;
  std::uint32_t col = 0;

  std::string_view path() const { return file ? std::string_view(file->path) : std::string_view("dondoc"); }
  bool valid() const { return line != 0; }
};

/// Column (1-based, in code points) of byte `byte_in_line` of a line.
std::uint32_t column_of(std::string_view line, std::size_t byte_in_line);

}  // namespace dondoc::dsl
