// The text form of one fact, and the journal entry points that need no PEGTL (the parser itself is
// in dsl/journal_parser.inc, inside dsl/parser.cpp).

#include "dsl/journal.hpp"

#include <fmt/format.h>

#include <cmath>

#include "dsl/format.hpp"

namespace dondoc::dsl {

namespace {

std::string date_text(const Date& d, Lang lang) {
  // Four digits for the year, as the grammar reads it back (15/03/0224, not 15/03/224).
  return lang == Lang::en ? d.iso() : fmt::format("{:02}/{:02}/{:04}", d.d, d.m, d.y);
}

/// `mantissa`e`exponent` (the shortest form of a double, such as `1.5e-27`) without the exponent,
/// the same digits: `0.0000000000000000000000000015`.
std::string plain_decimal(std::string mantissa, int exponent) {
  std::string sign;
  if (!mantissa.empty() && mantissa.front() == '-') {
    sign = "-";
    mantissa.erase(0, 1);
  }
  auto dot = mantissa.find('.');
  int point = static_cast<int>(dot == std::string::npos ? mantissa.size() : dot) + exponent;  // digits before the point
  std::string digits = mantissa;
  if (dot != std::string::npos) digits.erase(dot, 1);
  std::string out;
  if (point <= 0) {
    out = "0." + std::string(static_cast<std::size_t>(-point), '0') + digits;
  } else if (point >= static_cast<int>(digits.size())) {
    out = digits + std::string(static_cast<std::size_t>(point) - digits.size(), '0');
  } else {
    out = digits.substr(0, static_cast<std::size_t>(point)) + "." + digits.substr(static_cast<std::size_t>(point));
  }
  return sign + out;
}

/// A value that reads back as itself: `9,5` (vi) or `9.5` (en), never a thousands separator.
std::string number_text(double v, Lang lang) {
  std::string t;
  if (std::fabs(v) < 1e15 && v == std::floor(v)) {
    t = fmt::format("{}", static_cast<long long>(v));
  } else {
    t = fmt::format("{}", v);  // the shortest text that reads back as v
    if (auto e = t.find_first_of("eE"); e != std::string::npos) t = plain_decimal(t.substr(0, e), std::stoi(t.substr(e + 1)));
  }
  auto dot = t.find('.');
  if (dot == std::string::npos) return t;
  if (lang == Lang::vi) {
    t[dot] = ',';
  } else if (t.size() - dot - 1 == 3) {
    t += '0';  // `7.850` reads as 7850 (a Vietnamese thousands dot); `7.8500` is a decimal
  }
  return t;
}

std::string journal_quoted(std::string_view s) {
  std::string clean;
  for (char c : s) {
    if (c != '\r') clean += c;  // a string literal cannot hold a carriage return
  }
  return quote_text(clean);
}

}  // namespace

std::string journal_text(const FactAst& f, Lang lang) {
  bool vi = lang == Lang::vi;
  auto k = [vi](const char* v, const char* e) { return vi ? v : e; };
  std::string out;
  switch (f.kind) {
    case FactAst::Kind::done:
      out = fmt::format("{} {}", k("hoàn thành", "done"), f.target.text);
      if (f.year) {
        out += fmt::format(" {} {}", k("năm", "year"), *f.year);
        if (f.period) out += fmt::format(" {} {}", k("kỳ", "period"), *f.period);
        if (f.agency) out += fmt::format(" {} {}", k("của", "for"), f.agency->text);
      }
      break;
    case FactAst::Kind::happened:
      out = fmt::format("{} {} {}", k("sự kiện", "event"), f.target.text, k("xảy ra", "happened"));
      break;
    case FactAst::Kind::value:
      out = fmt::format("{} {} {} {} {} {}", k("chỉ tiêu", "indicator"), f.target.text, k("năm", "year"), f.year.value_or(0),
                        k("đạt", "value"), number_text(f.value ? f.value->value : 0, lang));
      break;
    case FactAst::Kind::waive:
      out = fmt::format("{} {}", k("dừng", "waive"), f.target.text);
      break;
    case FactAst::Kind::extend:
      out = fmt::format("{} {}", k("gia hạn", "extend"), f.target.text);
      if (f.new_due) out += fmt::format(" {} {}", k("đến", "to"), date_text(*f.new_due, lang));
      break;
    case FactAst::Kind::withdraw:
      out = fmt::format("{} {}", k("rút lại ghi chép", "withdraw fact"), f.withdrawn.value_or(0));
      break;
  }
  if (f.on && f.kind != FactAst::Kind::value) out += fmt::format(" {} {}", k("ngày", "on"), date_text(*f.on, lang));

  std::vector<std::string> attrs;
  if (f.recorded_by) attrs.push_back(fmt::format("{} {}", k("người ghi", "recorded by"), journal_quoted(f.recorded_by->text)));
  if (f.reference) attrs.push_back(fmt::format("{} {}", k("văn bản", "reference"), journal_quoted(f.reference->text)));
  if (f.source) attrs.push_back(fmt::format("{} {}", k("nguồn", "source"), journal_quoted(f.source->text)));
  if (f.authority) attrs.push_back(fmt::format("{} {}", k("quyết định", "decided by"), f.authority->text));
  if (f.reason) attrs.push_back(fmt::format("{} {}", k("lý do", "reason"), journal_quoted(f.reason->text)));
  if (f.note) attrs.push_back(fmt::format("{} {}", k("ghi chú", "note"), journal_quoted(f.note->text)));
  for (std::size_t i = 0; i < attrs.size(); ++i) out += (i == 0 ? " { " : "; ") + attrs[i];
  if (!attrs.empty()) out += " }";
  return out;
}

const std::vector<std::string_view>& journal_keywords() {
  static const std::vector<std::string_view> words = {"hoàn thành", "sự kiện", "chỉ tiêu",  "dừng",  "gia hạn", "rút lại",
                                                      "done",       "event",   "indicator", "waive", "extend",  "withdraw"};
  return words;
}

JournalAst parse_journal_text(SourceSet& sources, std::string path, std::string_view text, Diagnostics& diags) {
  const SourceFile& f = sources.add(std::move(path), std::string(text), diags);
  return parse_journal(f, diags);
}

std::optional<JournalAst> parse_journal_file(SourceSet& sources, const std::filesystem::path& path, Diagnostics& diags) {
  std::error_code ec;
  if (std::filesystem::is_directory(path, ec)) {
    diags.error(Location{}, Message{fmt::format("'{}' là một thư mục, không phải tệp nhật ký", path.string()),
                                    fmt::format("'{}' is a folder, not a journal file", path.string())});
    return std::nullopt;
  }
  auto bytes = read_bytes(path);
  if (!bytes) {
    diags.error(Location{}, Message{fmt::format("không đọc được tệp nhật ký '{}'", path.string()),
                                    fmt::format("cannot read the journal '{}'", path.string())});
    return std::nullopt;
  }
  return parse_journal(sources.add(path.string(), std::move(*bytes), diags), diags);
}

}  // namespace dondoc::dsl
