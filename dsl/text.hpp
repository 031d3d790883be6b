#pragma once
// UTF-8 and Unicode helpers over utf8proc: repair and NFC normalisation of input,
// code-point columns, and the edit distance used for "did you mean …" hints.

#include <cstddef>
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

/// The closest candidate to `word` if it is close enough to be a likely typo, else "".
std::string closest(std::string_view word, const std::vector<std::string_view>& candidates);

}  // namespace dondoc::dsl
