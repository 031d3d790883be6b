#pragma once
// The syntax tree of a journal: the text form of facts ("what happened"), kept beside the rules
// and read with `--journal FILE`. Same lexical rules as the plan language (comments, strings,
// bilingual keywords, dates as in rule files). Names are not resolved here; the engine checks
// them against the plan (engine/facts.hpp).
//
//   hoàn thành II.3 ngày 20/03/2023 {
//     người ghi "Phòng Tổng hợp, Sở Xây dựng"
//     văn bản "Tờ trình số 45/TTr-SXD ngày 20/03/2023"
//   }
//   hoàn thành BAO_CAO_NAM năm 2023 của SXD ngày 25/11/2023
//   sự kiện TTG_DUYET_QHC xảy ra ngày 01/09/2023 { văn bản "QĐ 1234/QĐ-TTg ngày 01/09/2023" }
//   chỉ tiêu CT_GRDP năm 2024 đạt 9,5 { nguồn "Cục Thống kê tỉnh" }
//   dừng II.5 ngày 01/07/2023 { quyết định CT_UBND  văn bản "QĐ 99/QĐ-UBND" }
//   gia hạn II.5 đến 30/09/2023 ngày 01/07/2023 { quyết định CT_UBND  văn bản "…" }
//   rút lại ghi chép 12 ngày 05/03/2024 { lý do "ghi nhầm năm"; người ghi "SKHDT" }
//
// English: `done II.3 on 2023-03-20 { recorded by "…" reference "…" }`,
// `done REPORT year 2023 for SXD on …`, `event X happened on …`,
// `indicator X year 2024 value 9.5 { source "…" }`, `waive II.5 on … { decided by CT_UBND … }`,
// `extend II.5 to 2023-09-30 on 2023-07-01 { … }`, `withdraw fact 12 on 2024-03-05 { reason "…" }`.
//
// A withdrawal names an earlier fact by its number: its place in the recording order, counted from
// 1 over the journals read together (a journal's first fact continues from the previous journal's
// last), or the store's seq (`đã ghi #12`) for a fact read from the store; the line of a fact in
// `dondoc export` is its number.

#include <filesystem>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "dsl/ast.hpp"
#include "dsl/diagnostics.hpp"
#include "dsl/parser.hpp"
#include "dsl/source.hpp"
#include "dsl/time.hpp"

namespace dondoc::dsl {

struct FactAst {
  enum class Kind : std::uint8_t { done, happened, value, waive, extend, withdraw };
  Kind kind = Kind::done;
  Lang lang = Lang::vi;
  Name target;  ///< the task, duty, event or indicator id (a withdrawal: the number, as written)
  /// `done` of one occurrence of a recurring duty: `năm 2023 [kỳ 2] của SXD`.
  std::optional<int> year;    ///< also the year of an indicator value
  std::optional<int> period;  ///< half/quarter/month within the year (`kỳ N` / `period N`)
  std::optional<Name> agency;
  std::optional<Date> on;                 ///< `ngày D` / `on D`: when it happened, was done, was decided
  std::optional<Date> new_due;            ///< `extend … đến D` / `to D`
  std::optional<Number> value;            ///< indicator value
  std::optional<std::int64_t> withdrawn;  ///< withdraw: the number of the fact withdrawn
  // attributes (block)
  std::optional<Text> recorded_by;  ///< `người ghi` / `recorded by`
  std::optional<Text> reference;    ///< `văn bản` / `reference`: the document
  std::optional<Text> source;       ///< `nguồn` / `source` (indicator values)
  std::optional<Name> authority;    ///< `quyết định` / `decided by`: an agency id (waive, extend)
  std::optional<Text> reason;       ///< `lý do` / `reason` (withdrawals)
  std::optional<Text> note;         ///< `ghi chú` / `note`
  Location loc;                     ///< the fact's first keyword
  // Where the values without a location of their own were written (invalid when not written, or
  // for a fact built by hand): the date after `ngày` / `on`, after `đến` / `to`, the year, `kỳ`.
  Location on_loc, new_due_loc, year_loc, period_loc, withdrawn_loc;
};

struct JournalAst {
  std::vector<FactAst> facts;  ///< in the order written
  /// The number of the first fact (a stored fact: its seq); 0: the one after the previous journal's.
  std::int64_t first_number = 0;
};

/// Parses a journal file's text (same recovery and diagnostics style as rule files): every syntax
/// error is reported, parsing resumes at the next line that starts a fact, and a fact with a syntax
/// error is left out.
JournalAst parse_journal(const SourceFile& file, Diagnostics& diags);

/// Convenience for tests and tools: add the text to `sources` as `path` and parse it as a journal.
JournalAst parse_journal_text(SourceSet& sources, std::string path, std::string_view text, Diagnostics& diags);
/// Reads and parses a journal file; a file that cannot be read is an error (nullopt).
std::optional<JournalAst> parse_journal_file(SourceSet& sources, const std::filesystem::path& path, Diagnostics& diags);

/// One fact in text form, for `dondoc record`, `dondoc export` and the store:
/// `journal_text(fact, lang)` parses back to the same fact (locations aside). Canonical: one line,
/// keywords in `lang`, attributes in a block in the order above separated by `; `, dates dd/mm/yyyy
/// (vi) or ISO (en), values with a decimal comma (vi) or point (en), never a thousands separator.
std::string journal_text(const FactAst& fact, Lang lang);

/// The keywords that start a fact, in both languages (for hints and tools).
const std::vector<std::string_view>& journal_keywords();

}  // namespace dondoc::dsl
