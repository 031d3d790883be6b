// Unicode helpers: NFC (with its fast path for lines already in NFC), folding, hints.

#include "dsl/text.hpp"

#include <catch2/catch.hpp>

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
