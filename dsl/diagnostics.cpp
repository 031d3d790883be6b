#include "dsl/diagnostics.hpp"

#include <fmt/format.h>

#include <algorithm>
#include <iterator>
#include <unordered_map>

#include "dsl/text.hpp"

namespace dondoc::dsl {

Message did_you_mean(std::string_view suggestion, std::string_view names) {
  if (names.empty()) return {fmt::format("có phải ý bạn là '{}'?", suggestion), fmt::format("did you mean '{}'?", suggestion)};
  return {fmt::format("có phải ý bạn là '{}' ({})?", suggestion, names), fmt::format("did you mean '{}' ({})?", suggestion, names)};
}

void Diagnostics::error(Location loc, Message msg, std::vector<Message> hints) {
  items_.push_back({Severity::error, loc, std::move(msg), std::move(hints), {}});
}

void Diagnostics::warning(Location loc, Message msg, std::vector<Message> hints) {
  items_.push_back({Severity::warning, loc, std::move(msg), std::move(hints), {}});
}

const SourceFile& Diagnostics::keep(SourceFile file) {
  if (!kept_) kept_ = std::make_shared<std::deque<SourceFile>>();
  kept_->push_back(std::move(file));
  return kept_->back();
}

void Diagnostics::append(Diagnostics&& other) {
  if (items_.empty()) {
    items_ = std::move(other.items_);
  } else {
    items_.insert(items_.end(), std::make_move_iterator(other.items_.begin()), std::make_move_iterator(other.items_.end()));
  }
  other.items_.clear();
  if (other.kept_) appended_kept_.push_back(std::move(other.kept_));
  for (auto& k : other.appended_kept_) appended_kept_.push_back(std::move(k));
  other.appended_kept_.clear();
}

std::size_t Diagnostics::error_count() const {
  return static_cast<std::size_t>(
      std::count_if(items_.begin(), items_.end(), [](const Diagnostic& d) { return d.severity == Severity::error; }));
}

std::size_t Diagnostics::warning_count() const {
  return static_cast<std::size_t>(
      std::count_if(items_.begin(), items_.end(), [](const Diagnostic& d) { return d.severity == Severity::warning; }));
}

void Diagnostics::sort_by_location() {
  // Files in the order they first appear in the report; within a file by line and column.
  // (A map, not a search: `record` gives each argument its own file, and there may be many.)
  std::unordered_map<const SourceFile*, std::size_t> order;
  for (const auto& d : items_) order.try_emplace(d.loc.file, order.size());
  auto rank = [&](const SourceFile* f) { return order.find(f)->second; };
  std::stable_sort(items_.begin(), items_.end(), [&](const Diagnostic& a, const Diagnostic& b) {
    auto ra = rank(a.loc.file), rb = rank(b.loc.file);
    if (ra != rb) return ra < rb;
    // A message about a whole file (no line) comes after the file's located ones.
    auto la = a.loc.line ? a.loc.line : UINT32_MAX, lb = b.loc.line ? b.loc.line : UINT32_MAX;
    if (la != lb) return la < lb;
    return a.loc.col < b.loc.col;
  });
}

namespace {
constexpr std::size_t kMaxShownColumns = 160;

/// The part of a long line around column `col` (1-based), with "…" where it is cut; `col` is
/// moved to the caret's column within the part. `storage` holds the text.
std::string_view around(std::string_view line, std::uint32_t& col, std::string& storage) {
  std::vector<std::size_t> starts;  // byte offset of each code point
  for (std::size_t i = 0; i < line.size(); ++i) {
    if ((static_cast<unsigned char>(line[i]) & 0xC0) != 0x80) starts.push_back(i);
  }
  std::size_t n = starts.size(), c = std::min<std::size_t>(col ? col - 1 : 0, n);
  std::size_t from = c > 60 ? c - 60 : 0, to = std::min(n, from + kMaxShownColumns - 20);
  storage.clear();
  if (from > 0) storage += "…";
  storage.append(line.substr(starts[from], (to < n ? starts[to] : line.size()) - starts[from]));
  if (to < n) storage += "…";
  col = static_cast<std::uint32_t>(c - from + 1 + (from > 0 ? 1 : 0));
  return storage;
}

/// The line as shown: control characters (NUL, ESC, CR …; not tab) become U+FFFD, one column each,
/// so that a NUL cannot cut the message short and no escape sequence reaches the terminal.
std::string_view printable(std::string_view line, std::string& storage) {
  auto control = [](char ch) {
    auto c = static_cast<unsigned char>(ch);
    return (c < 0x20 && c != '\t') || c == 0x7F;
  };
  if (std::none_of(line.begin(), line.end(), control)) return line;
  std::string shown;
  shown.reserve(line.size() + 8);
  for (char ch : line) shown += control(ch) ? std::string_view("\xEF\xBF\xBD") : std::string_view(&ch, 1);
  storage = std::move(shown);
  return storage;
}

const char* severity_word(Severity s, Lang lang) {
  // The severity word stays English in both languages so that editors and CI can match it.
  (void)lang;
  switch (s) {
    case Severity::error:
      return "error";
    case Severity::warning:
      return "warning";
    case Severity::note:
      return "note";
  }
  return "error";
}

void render_place(std::string& out, const Location& loc, Severity sev, const std::string& msg, Lang lang) {
  if (loc.valid()) {
    out += fmt::format("{}:{}:{}: {}: {}\n", loc.path(), loc.line, loc.col, severity_word(sev, lang), msg);
    if (loc.file && loc.line > 0) {
      std::string_view line = loc.file->line_text(loc.line);
      std::uint32_t col = loc.col;
      std::string window;
      if (codepoint_count(line) > kMaxShownColumns) {
        // A very long line: show the part around the caret.
        line = around(line, col, window);
      }
      std::string cleaned;
      line = printable(line, cleaned);
      out += fmt::format("  {}\n", line);
      // The caret line keeps tabs so that it lines up under the source line.
      std::string pad;
      std::uint32_t target = col;
      col = 1;
      for (std::size_t i = 0; i < line.size() && col < target; ++i) {
        auto c = static_cast<unsigned char>(line[i]);
        if ((c & 0xC0) == 0x80) continue;
        pad += (c == '\t') ? '\t' : ' ';
        ++col;
      }
      while (col < target) {
        pad += ' ';
        ++col;
      }
      out += fmt::format("  {}^\n", pad);
    }
  } else {
    out += fmt::format("{}: {}: {}\n", loc.path(), severity_word(sev, lang), msg);
  }
}
}  // namespace

std::string render(const Diagnostic& d, Lang lang) {
  std::string out;
  render_place(out, d.loc, d.severity, d.message.in(lang), lang);
  for (const auto& h : d.hints) out += fmt::format("  {}: {}\n", lang == Lang::en ? "hint" : "gợi ý", h.in(lang));
  for (const auto& [loc, msg] : d.notes) render_place(out, loc, Severity::note, msg.in(lang), lang);
  return out;
}

namespace {
struct Hidden {
  const SourceFile* file = nullptr;
  std::size_t shown = 0, errors = 0, warnings = 0;
};

std::string more_line(const Hidden& h, std::size_t shown, Lang lang) {
  std::string_view path = h.file ? std::string_view(h.file->path) : std::string_view("dondoc");
  const char* sev = h.errors ? "error" : "warning";
  std::string what;
  if (lang == Lang::en) {
    std::string e = fmt::format("{} more error{}", h.errors, h.errors == 1 ? "" : "s");
    std::string w = fmt::format("{} more warning{}", h.warnings, h.warnings == 1 ? "" : "s");
    what = h.errors && h.warnings ? e + " and " + w : h.errors ? e : w;
    return fmt::format("{}: {}: and {} (only the first {} are shown)\n", path, sev, what, shown);
  }
  what = h.errors && h.warnings ? fmt::format("{} lỗi và {} cảnh báo", h.errors, h.warnings)
         : h.errors             ? fmt::format("{} lỗi", h.errors)
                                : fmt::format("{} cảnh báo", h.warnings);
  return fmt::format("{}: {}: và {} khác (chỉ hiện {} thông báo đầu)\n", path, sev, what, shown);
}
}  // namespace

std::string render_all(const Diagnostics& diags, Lang lang, const std::function<bool(const Diagnostic&)>& keep, std::size_t max_per_file) {
  std::string out;
  std::vector<Hidden> files;  // in order of first appearance
  std::unordered_map<const SourceFile*, std::size_t> index;
  for (const auto& d : diags.items()) {
    if (keep && !keep(d)) continue;
    auto [at, added] = index.try_emplace(d.loc.file, files.size());
    if (added) files.push_back(Hidden{d.loc.file});
    Hidden& h = files[at->second];
    if (h.shown < max_per_file) {
      ++h.shown;
      out += render(d, lang);
    } else {
      ++(d.severity == Severity::warning ? h.warnings : h.errors);
    }
  }
  for (const auto& h : files) {
    if (h.errors || h.warnings) out += more_line(h, max_per_file, lang);
  }
  return out;
}

std::string summary(const Diagnostics& diags, Lang lang) {
  auto e = diags.error_count(), w = diags.warning_count();
  if (lang == Lang::en) {
    return fmt::format("{} error{}, {} warning{}", e, e == 1 ? "" : "s", w, w == 1 ? "" : "s");
  }
  return fmt::format("{} lỗi, {} cảnh báo", e, w);
}

}  // namespace dondoc::dsl
