#pragma once
// UTF-8 and Unicode helpers over utf8proc: repair and NFC normalisation of input,
// code-point columns, the edit distance used for "did you mean …" hints, and a stable hash.

#include <cstddef>
#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

namespace dondoc::dsl {

/// A byte sequence that is not valid UTF-8, found by `repair_utf8`.
struct BadUtf8 {
  std::size_t offset;  ///< byte offset in the original text
};

/// Byte offset of the first byte that is not valid UTF-8, or npos when the text is valid.
/// Fast on ASCII (eight bytes at a time), so that valid text can be kept as it is.
std::size_t find_bad_utf8(std::string_view in);

/// Replaces each invalid UTF-8 sequence by U+FFFD and reports where it was.
std::string repair_utf8(std::string_view in, std::vector<BadUtf8>* bad);

/// NFC normalisation of valid UTF-8.
std::string nfc(std::string_view in);

/// NFC normalisation of valid UTF-8 in place. A text that is already NFC (the common case) is
/// left as it is: nothing is copied.
void nfc_in_place(std::string& text);
/// The first byte from which `text` might need repair (invalid UTF-8) or NFC normalisation;
/// npos for plain text, which then needs neither (one fast pass: the common case).
std::size_t first_not_plain(std::string_view text);

/// Number of code points.
std::size_t codepoint_count(std::string_view s);

/// Case-folded NFC form for comparison of names ("Sở Xây Dựng" == "sở xây dựng").
std::string fold(std::string_view s);

/// Case-folded NFC form without diacritics ("Nhiệm Vụ" → "nhiem vu", "Đ" → "d"), for hints.
std::string strip_marks(std::string_view s);

/// Levenshtein distance in code points.
std::size_t edit_distance(std::string_view a, std::string_view b);

/// An e-mail address as mail servers take it: `local@domain`, the local part ASCII letters, digits
/// and `.!#$%&'*+/=?^_`{|}~-` (no leading, trailing or double dot), the domain two or more labels of
/// letters, digits and inner hyphens. No spaces, quotes, comments or display names.
bool is_email_address(std::string_view s);

/// `s` as one CSV field (RFC 4180): quoted when it holds a comma, quote or line break; quotes doubled.
std::string csv_field(std::string_view s);

/// FNV-1a 64 of `s`, continuing from `h` (the offset basis by default): message ids, rule hashes.
std::uint64_t fnv1a(std::string_view s, std::uint64_t h = 0xcbf29ce484222325ull);

/// The one rule of every "did you mean …" hint: a word `distance` edits away from a suggestion is a
/// likely typo of it when that is 1 edit up to 4 code points, 2 up to 8, 3 beyond; `length` is
/// that of the longer of the two (the word as typed, the suggestion).
bool close_enough(std::size_t distance, std::size_t length);

/// The closest candidate to `word` (case-folded) if it is close enough to be a likely typo, else "".
std::string closest(std::string_view word, const std::vector<std::string_view>& candidates);

/// The first `n` words of `text` (words are runs of letters, digits, '_' and '-').
std::string first_words(std::string_view text, std::size_t n);

/// The keyword (of one or more words) that the start of `rest_of_line` is a likely typo of, else "":
/// ranked by the distance without diacritics first (a keyword typed without marks is the most
/// common slip), then by the full distance; a keyword typed right is no typo.
std::string closest_keyword(std::string_view rest_of_line, const std::vector<std::string_view>& keywords);

}  // namespace dondoc::dsl
