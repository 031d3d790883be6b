#include "dsl/text.hpp"

#include <utf8proc.h>

#include <algorithm>
#include <cctype>
#include <cstdint>
#include <cstdlib>
#include <cstring>
#include <memory>

namespace dondoc::dsl {

namespace {
/// True when the eight bytes at `p` are all ASCII.
bool ascii8(const char* p) {
  std::uint64_t w;
  std::memcpy(&w, p, sizeof w);
  return (w & 0x8080808080808080ull) == 0;
}
}  // namespace

std::size_t find_bad_utf8(std::string_view in) {
  auto* p = reinterpret_cast<const utf8proc_uint8_t*>(in.data());
  std::size_t i = 0;
  while (i < in.size()) {
    if (i + 8 <= in.size() && ascii8(in.data() + i)) {
      i += 8;
    } else if (static_cast<unsigned char>(in[i]) < 0x80) {
      ++i;
    } else {
      utf8proc_int32_t cp;
      auto n = utf8proc_iterate(p + i, static_cast<utf8proc_ssize_t>(in.size() - i), &cp);
      if (n < 0) return i;
      i += static_cast<std::size_t>(n);
    }
  }
  return std::string_view::npos;
}

std::string repair_utf8(std::string_view in, std::vector<BadUtf8>* bad) {
  std::string out;
  out.reserve(in.size());
  std::size_t i = 0;
  while (i < in.size()) {
    std::size_t good = find_bad_utf8(in.substr(i));  // valid bytes from i on
    if (good == std::string_view::npos) good = in.size() - i;
    out.append(in.substr(i, good));
    i += good;
    if (i == in.size()) break;
    if (bad) bad->push_back({i});
    out += "\xEF\xBF\xBD";
    ++i;
    // Skip the continuation bytes of the broken sequence, so that one bad character is one error.
    while (i < in.size() && (static_cast<unsigned char>(in[i]) & 0xC0) == 0x80) ++i;
  }
  return out;
}

namespace {
std::string map_with(std::string_view in, int options) {
  utf8proc_uint8_t* dst = nullptr;
  auto n = utf8proc_map(reinterpret_cast<const utf8proc_uint8_t*>(in.data()), static_cast<utf8proc_ssize_t>(in.size()), &dst,
                        static_cast<utf8proc_option_t>(options));
  if (n < 0) return std::string(in);
  std::unique_ptr<utf8proc_uint8_t, decltype(&std::free)> guard(dst, &std::free);
  return std::string(reinterpret_cast<char*>(dst), static_cast<std::size_t>(n));
}

std::vector<utf8proc_int32_t> codepoints(std::string_view s) {
  std::vector<utf8proc_int32_t> out;
  auto* p = reinterpret_cast<const utf8proc_uint8_t*>(s.data());
  std::size_t i = 0;
  while (i < s.size()) {
    utf8proc_int32_t cp;
    auto n = utf8proc_iterate(p + i, static_cast<utf8proc_ssize_t>(s.size() - i), &cp);
    if (n <= 0) {
      cp = 0xFFFD;
      n = 1;
    }
    out.push_back(cp);
    i += static_cast<std::size_t>(n);
  }
  return out;
}
}  // namespace

namespace {
/// False only for characters that NFC keeps as they are whatever surrounds them: Latin letters
/// with their precomposed Vietnamese forms, common punctuation, currency and math signs. Every
/// other character (a combining mark, Hangul, a singleton like U+212B, an excluded composition…)
/// sends its line through the full normalisation. Conservative by construction.
bool nfc_sensitive(utf8proc_int32_t cp) {
  if (cp < 0x300) return false;                    // Latin-1, Latin Extended-A/B, IPA
  if (cp >= 0x1E00 && cp <= 0x1EFF) return false;  // Latin Extended Additional (ạ ả ấ … ỹ)
  if (cp >= 0x2002 && cp <= 0x206F) return false;  // spaces, dashes, quotes, … (2000/2001 are singletons)
  if (cp >= 0x20A0 && cp <= 0x20CF) return false;  // currency, e.g. ₫
  if (cp >= 0x2190 && cp <= 0x22FF) return false;  // arrows and mathematical operators (≥ ≤ ≠)
  if (cp >= 0x2460 && cp <= 0x25FF) return false;  // enclosed numbers, boxes, shapes
  return cp != 0xFFFD;                             // the replacement character is stable too
}

/// The first byte from which `in` is not plain text: an invalid or 4-byte UTF-8 sequence, or a
/// character NFC could change. Decodes 2- and 3-byte sequences inline (Vietnamese is Latin-1,
/// Latin Extended and Latin Extended Additional), which is what a rule file is made of.
std::size_t first_not_plain_impl(std::string_view in) {
  const auto* p = reinterpret_cast<const unsigned char*>(in.data());
  const std::size_t n = in.size();
  std::size_t i = 0;
  while (i < n) {
    if (i + 8 <= n && ascii8(in.data() + i)) {
      i += 8;
      continue;
    }
    unsigned c = p[i];
    if (c < 0x80) {
      ++i;
    } else if (c >= 0xC2 && c <= 0xDF) {
      if (i + 1 >= n || (p[i + 1] & 0xC0) != 0x80) return i;
      auto cp = static_cast<utf8proc_int32_t>(((c & 0x1F) << 6) | (p[i + 1] & 0x3F));
      if (nfc_sensitive(cp)) return i;
      i += 2;
    } else if (c >= 0xE0 && c <= 0xEF) {
      if (i + 2 >= n || (p[i + 1] & 0xC0) != 0x80 || (p[i + 2] & 0xC0) != 0x80) return i;
      auto cp = static_cast<utf8proc_int32_t>(((c & 0x0F) << 12) | ((p[i + 1] & 0x3F) << 6) | (p[i + 2] & 0x3F));
      if (cp < 0x800 || (cp >= 0xD800 && cp <= 0xDFFF) || nfc_sensitive(cp)) return i;
      i += 3;
    } else {
      return i;  // a 4-byte sequence or an invalid lead byte: the careful path decides
    }
  }
  return std::string_view::npos;
}
}  // namespace

namespace {
/// Byte offset of the start of the first line that holds a character NFC could change, or npos.
std::size_t first_nfc_line(std::string_view in) {
  auto* p = reinterpret_cast<const utf8proc_uint8_t*>(in.data());
  std::size_t i = 0;
  while (i < in.size()) {
    if (i + 8 <= in.size() && ascii8(in.data() + i)) {
      i += 8;
      continue;
    }
    if (static_cast<unsigned char>(in[i]) < 0x80) {
      ++i;
      continue;
    }
    utf8proc_int32_t cp;
    auto n = utf8proc_iterate(p + i, static_cast<utf8proc_ssize_t>(in.size() - i), &cp);
    if (n <= 0 || nfc_sensitive(cp)) {
      std::size_t nl = in.rfind('\n', i);
      return nl == std::string_view::npos ? 0 : nl + 1;
    }
    i += static_cast<std::size_t>(n);
  }
  return std::string_view::npos;
}

/// `in` with its lines from byte `from` on normalised, each only if it needs it.
std::string nfc_from(std::string_view in, std::size_t from) {
  std::string out;
  out.reserve(in.size());
  out.append(in.substr(0, from));
  std::size_t line_start = from;
  while (line_start < in.size()) {
    std::size_t line_end = in.find('\n', line_start);
    line_end = line_end == std::string_view::npos ? in.size() : line_end + 1;
    std::string_view line = in.substr(line_start, line_end - line_start);
    if (first_nfc_line(line) != std::string_view::npos) {
      out += map_with(line, UTF8PROC_STABLE | UTF8PROC_COMPOSE);
    } else {
      out.append(line);
    }
    line_start = line_end;
  }
  return out;
}
}  // namespace

// Most rule files are already NFC (typed with a Vietnamese keyboard). Only the lines that hold a
// character NFC could change are normalised; the others are kept as they are.
std::string nfc(std::string_view in) {
  std::size_t from = first_nfc_line(in);
  return from == std::string_view::npos ? std::string(in) : nfc_from(in, from);
}

void nfc_in_place(std::string& text) {
  std::size_t from = first_nfc_line(text);
  if (from != std::string_view::npos) text = nfc_from(text, from);
}

std::string fold(std::string_view s) {
  return map_with(s, UTF8PROC_STABLE | UTF8PROC_COMPOSE | UTF8PROC_CASEFOLD);
}

std::string strip_marks(std::string_view s) {
  std::string out = map_with(s, UTF8PROC_STABLE | UTF8PROC_COMPOSE | UTF8PROC_CASEFOLD | UTF8PROC_STRIPMARK);
  // đ has no decomposition; Vietnamese typed without marks writes it as d.
  std::string r;
  for (std::size_t i = 0; i < out.size(); ++i) {
    if (i + 1 < out.size() && static_cast<unsigned char>(out[i]) == 0xC4 && static_cast<unsigned char>(out[i + 1]) == 0x91) {
      r += 'd';
      ++i;
    } else {
      r += out[i];
    }
  }
  return r;
}

std::size_t codepoint_count(std::string_view s) {
  std::size_t n = 0;
  for (char c : s) {
    if ((static_cast<unsigned char>(c) & 0xC0) != 0x80) ++n;
  }
  return n;
}

std::size_t edit_distance(std::string_view a, std::string_view b) {
  auto x = codepoints(a), y = codepoints(b);
  std::vector<std::size_t> prev(y.size() + 1), cur(y.size() + 1);
  for (std::size_t j = 0; j <= y.size(); ++j) prev[j] = j;
  for (std::size_t i = 1; i <= x.size(); ++i) {
    cur[0] = i;
    for (std::size_t j = 1; j <= y.size(); ++j) {
      std::size_t sub = prev[j - 1] + (x[i - 1] == y[j - 1] ? 0 : 1);
      cur[j] = std::min({prev[j] + 1, cur[j - 1] + 1, sub});
    }
    std::swap(prev, cur);
  }
  return prev[y.size()];
}

std::string closest(std::string_view word, const std::vector<std::string_view>& candidates) {
  std::string w = fold(word);
  std::size_t best = static_cast<std::size_t>(-1);
  std::string_view best_name;
  for (auto c : candidates) {
    std::size_t d = edit_distance(w, fold(c));
    if (d < best) {
      best = d;
      best_name = c;
    }
  }
  if (best == static_cast<std::size_t>(-1) || !close_enough(best, std::max(codepoint_count(word), codepoint_count(best_name)))) return {};
  return std::string(best_name);
}

bool close_enough(std::size_t distance, std::size_t length) {
  return distance <= (length <= 4 ? 1u : (length <= 8 ? 2u : 3u));
}

std::string first_words(std::string_view text, std::size_t n) {
  std::string out;
  std::size_t i = 0, taken = 0;
  auto is_word = [](unsigned char c) { return std::isalnum(c) || c == '_' || c == '-' || c >= 0x80; };
  while (taken < n && i < text.size()) {
    while (i < text.size() && (text[i] == ' ' || text[i] == '\t')) ++i;
    std::size_t b = i;
    while (i < text.size() && is_word(static_cast<unsigned char>(text[i]))) ++i;
    if (i == b) break;
    if (!out.empty()) out += ' ';
    out.append(text.substr(b, i - b));
    ++taken;
  }
  return out;
}

std::string closest_keyword(std::string_view rest_of_line, const std::vector<std::string_view>& keywords) {
  std::string first = first_words(rest_of_line, 1);
  if (first.empty() || first.size() > 64) return {};  // no keyword is that long
  std::pair<std::size_t, std::size_t> best{static_cast<std::size_t>(-1), 0};
  std::string_view best_kw;
  std::string best_typed;
  for (auto kw : keywords) {
    std::size_t words = static_cast<std::size_t>(std::count(kw.begin(), kw.end(), ' ')) + 1;
    std::string typed = first_words(rest_of_line, words);
    std::pair<std::size_t, std::size_t> d{edit_distance(strip_marks(typed), strip_marks(kw)), edit_distance(fold(typed), fold(kw))};
    if (d < best) {
      best = d;
      best_kw = kw;
      best_typed = std::move(typed);
    }
  }
  if (best.second == 0 || !close_enough(best.first, std::max(codepoint_count(best_typed), codepoint_count(best_kw)))) return {};
  return std::string(best_kw);
}

std::string csv_field(std::string_view s) {
  if (s.find_first_of(",\"\r\n") == std::string_view::npos) return std::string(s);
  std::string out = "\"";
  for (char c : s) {
    if (c == '"') out += '"';
    out += c;
  }
  return out + "\"";
}

std::uint64_t fnv1a(std::string_view s, std::uint64_t h) {
  for (unsigned char c : s) {
    h ^= c;
    h *= 0x100000001b3ull;
  }
  return h;
}

std::size_t first_not_plain(std::string_view in) {
  return first_not_plain_impl(in);
}

bool is_email_address(std::string_view s) {
  auto at = s.find('@');
  if (at == std::string_view::npos || s.find('@', at + 1) != std::string_view::npos || s.size() > 254) return false;
  auto alnum = [](char c) { return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9'); };
  std::string_view local = s.substr(0, at), domain = s.substr(at + 1);
  if (local.empty() || local.size() > 64 || local.front() == '.' || local.back() == '.' || local.find("..") != std::string_view::npos)
    return false;
  for (char c : local)
    if (!alnum(c) && std::string_view(".!#$%&'*+/=?^_`{|}~-").find(c) == std::string_view::npos) return false;
  int labels = 0;
  for (std::size_t start = 0; start <= domain.size(); ++labels) {
    std::size_t dot = std::min(domain.find('.', start), domain.size());
    std::string_view label = domain.substr(start, dot - start);
    if (label.empty() || label.size() > 63 || label.front() == '-' || label.back() == '-') return false;
    for (char c : label)
      if (!alnum(c) && c != '-') return false;
    start = dot + 1;
  }
  return labels >= 2;
}

}  // namespace dondoc::dsl
