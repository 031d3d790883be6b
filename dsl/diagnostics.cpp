#include "dsl/diagnostics.hpp"

#include <fmt/format.h>

#include <algorithm>

#include "dsl/text.hpp"

namespace dondoc::dsl {

void Diagnostics::error(Location loc, Message msg, std::vector<Message> hints) {
  items_.push_back({Severity::error, loc, std::move(msg), std::move(hints), {}});
}

void Diagnostics::warning(Location loc, Message msg, std::vector<Message> hints) {
  items_.push_back({Severity::warning, loc, std::move(msg), std::move(hints), {}});
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
  std::vector<const SourceFile*> order;
  for (const auto& d : items_) {
    if (std::find(order.begin(), order.end(), d.loc.file) == order.end()) order.push_back(d.loc.file);
  }
  auto rank = [&](const SourceFile* f) { return std::find(order.begin(), order.end(), f) - order.begin(); };
  std::stable_sort(items_.begin(), items_.end(), [&](const Diagnostic& a, const Diagnostic& b) {
    auto ra = rank(a.loc.file), rb = rank(b.loc.file);
    if (ra != rb) return ra < rb;
    if (a.loc.line != b.loc.line) return a.loc.line < b.loc.line;
    return a.loc.col < b.loc.col;
  });
}

namespace {
const char* severity_word(Severity s, Lang lang) {
  // The severity word stays English in both languages so that editors and CI can match it.
  (void)lang;
  switch (s) {
    case Severity::error: return "error";
    case Severity::warning: return "warning";
    case Severity::note: return "note";
  }
  return "error";
}

void render_place(std::string& out, const Location& loc, Severity sev, const std::string& msg, Lang lang) {
  if (loc.valid()) {
    out += fmt::format("{}:{}:{}: {}: {}\n", loc.path(), loc.line, loc.col, severity_word(sev, lang), msg);
    if (loc.file) {
      std::string_view line = loc.file->line_text(loc.line);
      out += fmt::format("  {}\n", line);
      // The caret line keeps tabs so that it lines up under the source line.
      std::string pad;
      std::size_t col = 1;
      for (std::size_t i = 0; i < line.size() && col < loc.col; ++i) {
        auto c = static_cast<unsigned char>(line[i]);
        if ((c & 0xC0) == 0x80) continue;
        pad += (c == '\t') ? '\t' : ' ';
        ++col;
      }
      while (col < loc.col) {
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

std::string render_all(const Diagnostics& diags, Lang lang) {
  std::string out;
  for (const auto& d : diags.items()) out += render(d, lang);
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
