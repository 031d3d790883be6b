// libFuzzer target for the plan language parser.
//
// Each input is fed, as raw bytes, to:
//   * parse_text (UTF-8 repair, NFC, the PEGTL grammar, the recovery loop and all actions),
//     after which every diagnostic is rendered in both languages (render_all, summary);
//   * parse_journal_text (the journal: the text form of facts), and for every fact it built,
//     journal_text in both languages, which must parse back to one fact printing the same text
//     (the canonical form is a fixed point); a difference aborts;
//   * parse_time_literal and parse_recurrence_literal (the standalone entry points), whose
//     diagnostics are rendered too.
// No exception may escape the library: anything that does is reported as a crash (abort).
// Sanitizers (ASan, UBSan with no recovery) report memory errors and undefined behaviour.

#include <cstddef>
#include <cstdint>
#include <cstdio>
#include <cstdlib>
#include <exception>
#include <string>
#include <string_view>

#include "dsl/diagnostics.hpp"
#include "dsl/journal.hpp"
#include "dsl/parser.hpp"

namespace {

[[noreturn]] void escaped(const char* where, const char* what) {
  std::fprintf(stderr, "dondoc-fuzz-parser: exception escaped %s: %s\n", where, what);
  std::abort();
}

void render_both(const dondoc::dsl::Diagnostics& diags) {
  using dondoc::dsl::Lang;
  // The result is discarded; building it is what is being tested.
  volatile std::size_t n = 0;
  n = n + dondoc::dsl::render_all(diags, Lang::vi).size();
  n = n + dondoc::dsl::render_all(diags, Lang::en).size();
  n = n + dondoc::dsl::summary(diags, Lang::vi).size();
  n = n + dondoc::dsl::summary(diags, Lang::en).size();
  (void)n;
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  const std::string_view text(reinterpret_cast<const char*>(data), size);

  try {
    dondoc::dsl::SourceSet sources;
    dondoc::dsl::Diagnostics diags;
    auto ast = dondoc::dsl::parse_text(sources, "fuzz.rules", text, diags);
    (void)ast;
    diags.sort_by_location();
    render_both(diags);
  } catch (const std::exception& e) {
    escaped("parse_text", e.what());
  } catch (...) {
    escaped("parse_text", "(not a std::exception)");
  }

  try {
    using dondoc::dsl::Lang;
    dondoc::dsl::SourceSet sources;
    dondoc::dsl::Diagnostics diags;
    auto journal = dondoc::dsl::parse_journal_text(sources, "fuzz.journal", text, diags);
    diags.sort_by_location();
    render_both(diags);
    for (const auto& fact : journal.facts) {
      for (Lang lang : {Lang::vi, Lang::en}) {
        std::string once = dondoc::dsl::journal_text(fact, lang);
        dondoc::dsl::Diagnostics again_diags;
        auto again = dondoc::dsl::parse_journal_text(sources, "again.journal", once, again_diags);
        if (again.facts.size() != 1 || dondoc::dsl::journal_text(again.facts[0], lang) != once) {
          std::fprintf(stderr, "dondoc-fuzz-parser: journal_text is not a fixed point: '%s'\n", once.c_str());
          std::abort();
        }
      }
    }
  } catch (const std::exception& e) {
    escaped("parse_journal_text", e.what());
  } catch (...) {
    escaped("parse_journal_text", "(not a std::exception)");
  }

  try {
    dondoc::dsl::Diagnostics diags;
    auto t = dondoc::dsl::parse_time_literal(text, diags);
    (void)t;
    render_both(diags);
  } catch (const std::exception& e) {
    escaped("parse_time_literal", e.what());
  } catch (...) {
    escaped("parse_time_literal", "(not a std::exception)");
  }

  try {
    dondoc::dsl::Diagnostics diags;
    auto r = dondoc::dsl::parse_recurrence_literal(text, diags);
    (void)r;
    render_both(diags);
  } catch (const std::exception& e) {
    escaped("parse_recurrence_literal", e.what());
  } catch (...) {
    escaped("parse_recurrence_literal", "(not a std::exception)");
  }
  return 0;
}
