// Loading rule files: reading them, checking their UTF-8 and normalising them (SourceSet::add),
// and following a plan's folders and includes (load_plan). Parsing itself is parse_source.

#include <fmt/format.h>

#include <algorithm>
#include <fstream>
#include <map>
#include <set>
#include <sstream>

#include "dsl/parser.hpp"
#include "dsl/text.hpp"

namespace dondoc::dsl {

const SourceFile& SourceSet::add(std::string path, std::string_view raw, Diagnostics& diags) {
  if (raw.size() >= 3 && raw.substr(0, 3) == "\xEF\xBB\xBF") raw.remove_prefix(3);  // a BOM is not content
  std::vector<BadUtf8> bad;
  std::string repaired = repair_utf8(raw, &bad);
  files_.emplace_back(path, nfc(repaired));
  const SourceFile& f = files_.back();
  // One error per line that has invalid bytes (at the first one), and at most a few: a binary
  // file is not a rule file, and saying so once is enough. Lines are counted in one pass.
  constexpr std::size_t kMaxUtf8Errors = 10;
  std::uint32_t line = 1, last_line = 0;
  std::size_t line_start = 0, scanned = 0, reported = 0, bad_lines = 0;
  for (const auto& b : bad) {
    for (; scanned < b.offset; ++scanned) {
      if (raw[scanned] == '\n') {
        ++line;
        line_start = scanned + 1;
      }
    }
    if (line == last_line) continue;
    last_line = line;
    ++bad_lines;
    if (reported == kMaxUtf8Errors) continue;
    ++reported;
    std::uint32_t col = static_cast<std::uint32_t>(codepoint_count(raw.substr(line_start, b.offset - line_start)) + 1);
    diags.error(
        Location{&f, line, col},
        Message{fmt::format("byte 0x{:02X} không hợp lệ trong UTF-8; hãy lưu tệp ở dạng UTF-8", static_cast<unsigned char>(raw[b.offset])),
                fmt::format("invalid UTF-8 byte 0x{:02X}; save the file as UTF-8", static_cast<unsigned char>(raw[b.offset]))});
  }
  if (bad_lines > reported) {
    diags.error(Location{&f, 0, 0},
                Message{fmt::format("còn {} dòng khác có byte không hợp lệ; đây có phải tệp văn bản UTF-8 không?", bad_lines - reported),
                        fmt::format("{} more lines have invalid bytes; is this a UTF-8 text file?", bad_lines - reported)});
  }
  return f;
}

FileAst parse_text(SourceSet& sources, std::string path, std::string_view text, Diagnostics& diags) {
  const SourceFile& f = sources.add(std::move(path), text, diags);
  return parse_source(f, diags);
}

std::optional<FileAst> parse_file(SourceSet& sources, const std::filesystem::path& path, Diagnostics& diags) {
  std::ifstream f(path, std::ios::binary);
  if (!f) {
    diags.error(Location{},
                Message{fmt::format("không đọc được tệp '{}'", path.string()), fmt::format("cannot read file '{}'", path.string())});
    return std::nullopt;
  }
  std::ostringstream ss;
  ss << f.rdbuf();
  return parse_text(sources, path.string(), ss.str(), diags);
}

namespace {

struct Loader {
  SourceSet& sources;
  Diagnostics& diags;
  PlanSources out;
  std::map<std::filesystem::path, std::optional<FileAst>> parsed;  ///< by canonical path; parsed once
  std::set<std::filesystem::path> emitted;
  std::vector<std::filesystem::path> stack;

  static std::filesystem::path canonical(const std::filesystem::path& p) {
    std::error_code ec;
    auto c = std::filesystem::weakly_canonical(std::filesystem::absolute(p, ec), ec);
    return ec ? p : c;
  }

  FileAst* parse(const std::filesystem::path& file) {
    auto canon = canonical(file);
    auto it = parsed.find(canon);
    if (it == parsed.end()) it = parsed.emplace(canon, parse_file(sources, file, diags)).first;
    return it->second ? &*it->second : nullptr;
  }

  /// The includes of a parsed file that stay inside `root` (others are reported).
  std::vector<std::pair<std::filesystem::path, Location>> includes(const std::filesystem::path& file, const FileAst& ast,
                                                                   const std::filesystem::path& root, bool report) {
    std::vector<std::pair<std::filesystem::path, Location>> out_list;
    for (const auto& d : ast.decls) {
      const auto* inc = std::get_if<IncludeDecl>(&d);
      if (!inc) continue;
      std::filesystem::path target = file.parent_path() / inc->path.text;
      auto rel = canonical(target).lexically_relative(root);
      if (inc->path.text.empty() || rel.empty() || *rel.begin() == "..") {
        if (report) {
          diags.error(inc->path.loc,
                      Message{fmt::format("không được bao gồm tệp '{}' nằm ngoài thư mục của kế hoạch", inc->path.text),
                              fmt::format("cannot include '{}': it is outside the plan's folder", inc->path.text)},
                      {Message{"một kế hoạch chỉ gồm các tệp trong thư mục của nó và các thư mục con",
                               "a plan is made of the files in its folder and its subfolders only"}});
        }
        continue;
      }
      out_list.emplace_back(target, inc->path.loc);
    }
    return out_list;
  }

  /// Adds a file to the plan, then the files it includes, depth first.
  void emit(const std::filesystem::path& file, const std::filesystem::path& root, const Location& from) {
    auto canon = canonical(file);
    auto on_stack = std::find(stack.begin(), stack.end(), canon);
    if (on_stack != stack.end()) {
      std::string chain;
      for (auto it = on_stack; it != stack.end(); ++it) chain += it->filename().string() + " -> ";
      chain += canon.filename().string();
      diags.error(from, Message{fmt::format("tệp bao gồm lẫn nhau thành vòng: {}", chain), fmt::format("include cycle: {}", chain)});
      return;
    }
    if (emitted.count(canon)) return;  // already in the plan (found by the folder scan or another include)
    std::error_code ec;
    if (!std::filesystem::is_regular_file(canon, ec)) {
      diags.error(from, Message{fmt::format("không tìm thấy tệp '{}'", file.string()), fmt::format("file '{}' not found", file.string())});
      return;
    }
    emitted.insert(canon);
    FileAst* ast = parse(file);
    if (!ast) return;
    auto incs = includes(file, *ast, root, true);
    out.files.push_back(std::move(*ast));
    stack.push_back(canon);
    for (const auto& [target, loc] : incs) emit(target, root, loc);
    stack.pop_back();
  }

  /// A folder: every `.rules` file under it, in name order, except that a file included by
  /// another one comes right after the file that includes it.
  void folder(const std::filesystem::path& dir) {
    std::error_code ec;
    auto root = canonical(dir);
    std::vector<std::filesystem::path> files;
    for (auto it = std::filesystem::recursive_directory_iterator(dir, ec); it != std::filesystem::recursive_directory_iterator(); ++it) {
      if (it->is_regular_file() && it->path().extension() == ".rules") files.push_back(it->path());
    }
    std::sort(files.begin(), files.end());
    std::set<std::filesystem::path> included;
    for (const auto& f : files) {
      if (FileAst* ast = parse(f)) {
        for (const auto& [target, loc] : includes(f, *ast, root, false)) included.insert(canonical(target));
      }
    }
    for (const auto& f : files) {
      if (!included.count(canonical(f))) emit(f, root, Location{});
    }
    for (const auto& f : files) emit(f, root, Location{});  // files only reachable through an include cycle
  }
};

}  // namespace

PlanSources load_plan(SourceSet& sources, const std::vector<std::filesystem::path>& paths, Diagnostics& diags) {
  Loader loader{sources, diags, {}, {}, {}, {}};
  for (const auto& p : paths) {
    std::error_code ec;
    if (std::filesystem::is_directory(p, ec)) {
      loader.folder(p);
    } else if (std::filesystem::exists(p, ec)) {
      loader.emit(p, Loader::canonical(p).parent_path(), Location{});
    } else {
      diags.error(Location{}, Message{fmt::format("không tìm thấy '{}'", p.string()), fmt::format("'{}' not found", p.string())});
    }
  }
  diags.sort_by_location();
  return std::move(loader.out);
}

}  // namespace dondoc::dsl
