// The set of loaded files (dsl/source_set.hpp): a BOM dropped, invalid UTF-8 reported and repaired,
// the text normalised to NFC.

#include "dsl/source_set.hpp"

#include <fmt/format.h>

#include <string_view>

#include "dsl/text.hpp"

namespace dondoc::dsl {

namespace {
/// A file that is not a rule file gets one error per line with invalid bytes, not thousands.
constexpr std::size_t kMaxUtf8Errors = 10;
}  // namespace

SourceSet::Prepared SourceSet::prepare(std::string path, std::string raw) {
  if (raw.size() >= 3 && std::string_view(raw).substr(0, 3) == "\xEF\xBB\xBF") raw.erase(0, 3);  // a BOM is not content
  std::vector<Prepared::BadByte> reports;
  std::size_t bad_lines = 0;
  if (first_not_plain(raw) == std::string_view::npos) return Prepared{SourceFile(std::move(path), std::move(raw)), {}, 0};
  if (find_bad_utf8(raw) != std::string_view::npos) {
    // Rare: a file saved in another encoding. Places are counted in the bytes as they came.
    std::vector<BadUtf8> bad;
    std::string repaired = repair_utf8(raw, &bad);
    std::uint32_t line = 1, last_line = 0;
    std::size_t line_start = 0, scanned = 0;
    for (const auto& b : bad) {
      for (; scanned < b.offset; ++scanned) {
        if (raw[scanned] == '\n') {
          ++line;
          line_start = scanned + 1;
        }
      }
      if (line == last_line) continue;  // one error per line, at its first invalid byte
      last_line = line;
      ++bad_lines;
      if (reports.size() == kMaxUtf8Errors) continue;
      auto col = static_cast<std::uint32_t>(codepoint_count(std::string_view(raw).substr(line_start, b.offset - line_start)) + 1);
      reports.push_back({line, col, static_cast<unsigned char>(raw[b.offset])});
    }
    raw = std::move(repaired);
  }
  nfc_in_place(raw);
  return Prepared{SourceFile(std::move(path), std::move(raw)), std::move(reports), bad_lines};
}

const SourceFile& SourceSet::commit(Prepared prepared, Diagnostics& diags) {
  files_.push_back(std::move(prepared.file));
  const SourceFile& f = files_.back();
  for (const auto& b : prepared.bad) {
    diags.error(Location{&f, b.line, b.col},
                Message{fmt::format("byte 0x{:02X} không hợp lệ trong UTF-8; hãy lưu tệp ở dạng UTF-8", b.byte),
                        fmt::format("invalid UTF-8 byte 0x{:02X}; save the file as UTF-8", b.byte)});
  }
  if (prepared.bad_lines > prepared.bad.size()) {
    std::size_t more = prepared.bad_lines - prepared.bad.size();
    diags.error(Location{&f, 0, 0},
                Message{fmt::format("còn {} dòng khác có byte không hợp lệ; đây có phải tệp văn bản UTF-8 không?", more),
                        fmt::format("{} more lines have invalid bytes; is this a UTF-8 text file?", more)});
  }
  return f;
}

const SourceFile& SourceSet::add(std::string path, std::string raw, Diagnostics& diags) {
  return commit(prepare(std::move(path), std::move(raw)), diags);
}

}  // namespace dondoc::dsl
