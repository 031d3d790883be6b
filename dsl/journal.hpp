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
//
// English: `done II.3 on 2023-03-20 { recorded by "…" reference "…" }`,
// `done REPORT year 2023 for SXD on …`, `event X happened on …`,
// `indicator X year 2024 value 9.5 { source "…" }`, `waive II.5 on … { decided by CT_UBND … }`,
// `extend II.5 to 2023-09-30 on 2023-07-01 { … }`.

#include <optional>
#include <string>
#include <vector>

#include "dsl/ast.hpp"
#include "dsl/diagnostics.hpp"
#include "dsl/source.hpp"
#include "dsl/time.hpp"

namespace dondoc::dsl {

struct FactAst {
  enum class Kind : std::uint8_t { done, happened, value, waive, extend };
  Kind kind = Kind::done;
  Lang lang = Lang::vi;
  Name target;  ///< the task, duty, event or indicator id
  /// `done` of one occurrence of a recurring duty: `năm 2023 [kỳ 2] của SXD`.
  std::optional<int> year;   ///< also the year of an indicator value
  std::optional<int> period; ///< half/quarter/month within the year (`kỳ N` / `period N`)
  std::optional<Name> agency;
  std::optional<Date> on;       ///< `ngày D` / `on D`: when it happened, was done, was decided
  std::optional<Date> new_due;  ///< `extend … đến D` / `to D`
  std::optional<Number> value;  ///< indicator value
  // attributes (block)
  std::optional<Text> recorded_by;  ///< `người ghi` / `recorded by`
  std::optional<Text> reference;    ///< `văn bản` / `reference`: the document
  std::optional<Text> source;       ///< `nguồn` / `source` (indicator values)
  std::optional<Name> authority;    ///< `quyết định` / `decided by`: an agency id (waive, extend)
  std::optional<Text> note;         ///< `ghi chú` / `note`
  Location loc;                     ///< the fact's first keyword
};

struct JournalAst {
  std::vector<FactAst> facts;  ///< in the order written
};

/// Parses a journal file's text (same recovery and diagnostics style as rule files).
JournalAst parse_journal(const SourceFile& file, Diagnostics& diags);

/// One fact in text form, for `dondoc record` and the store: `fact.to_text(lang)` parses back to the
/// same fact. Canonical: one line, attributes in a block in the order above, dates dd/mm/yyyy (vi)
/// or ISO (en).
std::string journal_text(const FactAst& fact, Lang lang);

}  // namespace dondoc::dsl
