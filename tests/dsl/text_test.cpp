// Unicode helpers: NFC (with its fast path for lines already in NFC), folding, hints.

#include "dsl/text.hpp"

#include <catch2/catch.hpp>

#include <string>
#include <vector>

using namespace dondoc::dsl;

TEST_CASE("text: NFC composes Vietnamese typed in NFD and leaves NFC text alone", "[dsl][unicode]") {
  std::string nfc_text = "S\xE1\xBB\x9F X\xC3\xA2y d\xE1\xBB\xB1ng";             // Sở Xây dựng, precomposed
  std::string nfd_text = "So\xCC\x9B\xCC\x89 Xa\xCC\x82y du\xCC\x9B\xCC\xA3ng";  // the same, decomposed
  CHECK(nfc(nfd_text) == nfc_text);
  CHECK(nfc(nfc_text) == nfc_text);
  // Lines are normalised independently; an NFC line next to an NFD one is kept byte for byte.
  CHECK(nfc(nfc_text + "\n" + nfd_text + "\n") == nfc_text + "\n" + nfc_text + "\n");
}

TEST_CASE("text: NFC handles singletons, exclusions and Hangul, not only marks", "[dsl][unicode]") {
  CHECK(nfc("\xE2\x84\xAB") == "\xC3\x85");                  // ANGSTROM SIGN -> Å
  CHECK(nfc("\xE1\x84\x80\xE1\x85\xA1") == "\xEA\xB0\x80");  // Hangul jamo ᄀ + ᅡ -> 가
  CHECK(nfc("\xE0\xA5\x98") == "\xE0\xA4\x95\xE0\xA4\xBC");  // DEVANAGARI QA (excluded) -> KA + NUKTA
}

TEST_CASE("text: names compare after folding and hints ignore marks", "[dsl][unicode]") {
  CHECK(fold("Sở Xây Dựng") == fold("sở xây dựng"));
  CHECK(strip_marks("Nhiệm Vụ Đôn Đốc") == "nhiem vu don doc");
  CHECK(edit_distance("SXD", "SXĐ") == 1);
  CHECK(closest("SKHTD", {"SXD", "SKHDT", "STC"}) == "SKHDT");
  CHECK(closest("XYZABC", {"SXD", "SKHDT"}).empty());
}

TEST_CASE("text: every did-you-mean hint follows one rule, by the longer of the word and the suggestion", "[dsl][unicode]") {
  // 1 edit up to 4 code points, 2 up to 8, 3 beyond.
  CHECK(close_enough(1, 3));
  CHECK(close_enough(1, 4));
  CHECK_FALSE(close_enough(2, 4));
  CHECK(close_enough(2, 5));
  CHECK(close_enough(2, 8));
  CHECK_FALSE(close_enough(3, 8));
  CHECK(close_enough(3, 9));
  CHECK_FALSE(close_enough(4, 40));
  // Ids (folded) and keywords (without marks first) use it alike.
  CHECK(closest("sxd", {"SXD", "STC"}) == "SXD");
  CHECK(closest("SKHD", {"SXD"}).empty());              // two edits between four and three letters
  CHECK(closest("II.99", {"II.1", "II.3"}) == "II.1");  // two edits, five letters typed
  CHECK(closest_keyword("nhiem vu II.1 {", {"nhiệm vụ", "sự kiện"}) == "nhiệm vụ");
  CHECK(closest_keyword("nhiệm vụ II.1 {", {"nhiệm vụ", "sự kiện"}).empty());  // typed right: no hint
  CHECK(closest_keyword("xyz II.1 {", {"nhiệm vụ", "sự kiện"}).empty());
  CHECK(first_words("  cấp 2 sau hạn", 2) == "cấp 2");
}

TEST_CASE("text: an invalid byte is found wherever it is, after long runs of ASCII too", "[dsl][unicode]") {
  CHECK(find_bad_utf8("") == std::string_view::npos);
  CHECK(find_bad_utf8("plain ASCII, longer than eight bytes") == std::string_view::npos);
  CHECK(find_bad_utf8("Sở Xây dựng, đúng hạn") == std::string_view::npos);
  for (std::size_t at = 0; at < 20; ++at) {
    std::string s(20, 'a');
    s[at] = '\xFF';
    CHECK(find_bad_utf8(s) == at);
  }
  CHECK(find_bad_utf8("abcdefghij\xC3") == 10);            // a sequence cut short at the end
  CHECK(find_bad_utf8("abcdefgh\xE1\xBB\x9F\x80") == 11);  // a stray continuation byte
}

TEST_CASE("text: repair replaces each broken sequence once and keeps the rest", "[dsl][unicode]") {
  std::vector<BadUtf8> bad;
  CHECK(repair_utf8("abcdefghij\xE1\xBB zz \xFF\xFFy", &bad) == "abcdefghij\xEF\xBF\xBD zz \xEF\xBF\xBD\xEF\xBF\xBDy");
  REQUIRE(bad.size() == 3);
  CHECK(bad[0].offset == 10);
  CHECK(bad[1].offset == 16);
  CHECK(bad[2].offset == 17);
  bad.clear();
  CHECK(repair_utf8("Sở Xây dựng", &bad) == "Sở Xây dựng");
  CHECK(bad.empty());
}

TEST_CASE("text: NFC in place changes only the lines that need it", "[dsl][unicode]") {
  std::string nfc_text = "S\xE1\xBB\x9F X\xC3\xA2y d\xE1\xBB\xB1ng";
  std::string nfd_text = "So\xCC\x9B\xCC\x89 Xa\xCC\x82y du\xCC\x9B\xCC\xA3ng";
  std::string text = "ascii line\n" + nfc_text + "\n" + nfd_text + "\n" + nfd_text;
  nfc_in_place(text);
  CHECK(text == "ascii line\n" + nfc_text + "\n" + nfc_text + "\n" + nfc_text);
  std::string already = "ascii line\n" + nfc_text + "\n";
  const char* data = already.data();
  nfc_in_place(already);
  CHECK(already == "ascii line\n" + nfc_text + "\n");
  CHECK(already.data() == data);  // not copied
}

TEST_CASE("text: plain text needs neither repair nor NFC, and whatever does is never called plain", "[dsl][unicode]") {
  const std::string npos_text = "Quý I/2023: Sở Xây dựng chủ trì, đôn đốc — ≥ 95% ₫";
  CHECK(first_not_plain(npos_text) == std::string_view::npos);
  CHECK(first_not_plain("ab"
                        "a\xCC\x81") == 3);          // a + combining acute (NFD)
  CHECK(first_not_plain("x\xC0\x80") == 1);          // overlong NUL
  CHECK(first_not_plain("x\xED\xA0\x80") == 1);      // a surrogate
  CHECK(first_not_plain("x\xE1\xBA") == 1);          // cut short at the end
  CHECK(first_not_plain("x\xF0\x9F\x98\x80") == 1);  // 4 bytes: the careful path decides
  CHECK(first_not_plain("\xE2\x84\xAB") == 0);       // U+212B ANGSTROM SIGN, a singleton

  // Random mixes of the pieces a rule file is made of and of broken ones: whenever the fast
  // scan says plain, the careful functions agree.
  const std::vector<std::string> pieces = {"a",
                                           "Z",
                                           " ",
                                           "\n",
                                           "ạ",
                                           "Đ",
                                           "ư",
                                           "ờ",
                                           "—",
                                           "≥",
                                           "₫",
                                           "a\xCC\x81",
                                           "\xCC\x81",
                                           "\xC3",
                                           "\x80",
                                           "\xE1\xBA",
                                           "\xF0\x9F\x98\x80",
                                           "\xED\xA0\x80",
                                           "\xEF\xBB\xBF",
                                           "\xE2\x84\xAB"};
  std::uint32_t seed = 12345;
  auto next = [&] { return seed = seed * 1103515245u + 12345u; };
  int plain = 0;
  for (int round = 0; round < 3000; ++round) {
    std::string s;
    int len = static_cast<int>(next() % 40);
    for (int k = 0; k < len; ++k) {
      std::uint32_t r = next() >> 8;
      s += pieces[r % 4 == 0 ? r % pieces.size() : r % 11];  // mostly plain pieces
    }
    if (first_not_plain(s) == std::string_view::npos) {
      ++plain;
      INFO(s);
      CHECK(find_bad_utf8(s) == std::string_view::npos);
      CHECK(nfc(s) == s);
    } else {
      std::size_t at = first_not_plain(s);
      INFO(s << " at " << at);
      CHECK(first_not_plain(s.substr(0, at)) == std::string_view::npos);  // everything before it is plain
    }
  }
  CHECK(plain > 300);
}

TEST_CASE("text: an e-mail address has one '@', a plain local part and a dotted domain", "[dsl][text]") {
  for (const char* ok : {"vanthu@thanhhoa.gov.vn", "so.khdt@skhdt.thanhhoa.gov.vn", "a+b_c-d@x-y.vn", "A1@B2.COM"}) {
    INFO(ok);
    CHECK(is_email_address(ok));
  }
  for (const char* bad :
       {"", "vanthu", "vanthu@thanhhoa", "so khdt@thanhhoa.gov.vn", "a@b@thanhhoa.gov.vn", ".a@thanhhoa.gov.vn", "a..b@thanhhoa.gov.vn",
        "a.@thanhhoa.gov.vn", "@thanhhoa.gov.vn", "a@-thanhhoa.gov.vn", "a@thanhhoa..vn", "a@thanhhoa.vn.",
        "a@thanhhoa.gov.vn, b@thanhhoa.gov.vn", "Văn thư <vanthu@thanhhoa.gov.vn>", "vănthư@thanhhoa.gov.vn"}) {
    INFO(bad);
    CHECK_FALSE(is_email_address(bad));
  }
}
