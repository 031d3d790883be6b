// Temporary: replaced by the canonical formatter.
#include "dsl/format.hpp"

namespace dondoc::dsl {
std::string format_file(const FileAst& file, const FormatOptions&) { return file.source ? file.source->text : std::string(); }
std::string format_time(const TimeExpr& t, Lang, bool) { return t.text; }
}  // namespace dondoc::dsl
