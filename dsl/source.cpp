#include "dsl/source.hpp"

#include <algorithm>
#include <cstring>

#include "dsl/text.hpp"

namespace dondoc::dsl {

SourceFile::SourceFile(std::string p, std::string t) : path(std::move(p)), text(std::move(t)) {
  // Counting first costs one fast pass and saves the copies of a growing vector (a large plan
  // has millions of lines).
  line_starts.reserve(static_cast<std::size_t>(std::count(text.begin(), text.end(), '\n')) + 1);
  line_starts.push_back(0);
  const char* begin = text.data();
  const char* end = begin + text.size();
  for (const char* at = begin; (at = static_cast<const char*>(std::memchr(at, '\n', static_cast<std::size_t>(end - at)))) != nullptr;) {
    ++at;
    line_starts.push_back(static_cast<std::uint32_t>(at - begin));
  }
}

std::string_view SourceFile::line_text(std::uint32_t line) const {
  if (line == 0 || line > line_starts.size()) return {};
  std::size_t begin = line_starts[line - 1];
  std::size_t end = line < line_starts.size() ? line_starts[line] - 1 : text.size();
  if (end > begin && text[end - 1] == '\r') --end;
  return std::string_view(text).substr(begin, end - begin);
}

std::uint32_t column_of(std::string_view line, std::size_t byte_in_line) {
  if (byte_in_line > line.size()) byte_in_line = line.size();
  return static_cast<std::uint32_t>(codepoint_count(line.substr(0, byte_in_line)) + 1);
}

}  // namespace dondoc::dsl
