#pragma once
// The report's content once, as blocks (headings, paragraphs, lists, tables), which the Markdown
// and HTML renderers lay out each in its own way. Internal to the engine.

#include <string>
#include <vector>

#include "engine/report.hpp"

namespace dondoc::engine::detail {

struct Block {
  enum class Kind : std::uint8_t { heading, paragraph, bullets, table };
  Kind kind = Kind::paragraph;
  int level = 2;                               ///< heading: 1, 2 or 3
  std::string id;                              ///< heading: the part it opens (`summary`, `appendix`, …)
  std::string text;                            ///< heading, paragraph
  std::vector<std::string> items;              ///< bullets
  std::vector<std::string> header;             ///< table
  std::string align;                           ///< table: `l` or `r` per column
  std::vector<std::vector<std::string>> rows;  ///< table
  std::vector<std::string> row_class;          ///< table, per row: a status name, `section`, or ""
  int status_column = -1;                      ///< table: the column that says the row's status (tinted by it)
};
using Doc = std::vector<Block>;

/// The report's blocks: title, period, summary, agencies, late tasks, waiting tasks, recurring
/// reports, indicators, appendix (each part opens with a heading whose `id` names it).
Doc report_doc(const ReportInput& in);
/// About the bytes of a document's text (cells, items, headings), to reserve room for it at once.
std::size_t size_of(const Doc& doc);

}  // namespace dondoc::engine::detail
