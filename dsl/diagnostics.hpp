#pragma once
// One report of every problem found in a run. Every stage appends here and keeps going;
// the driver stops between stages when there were errors.

#include <deque>
#include <functional>
#include <memory>
#include <string>
#include <string_view>
#include <vector>

#include "dsl/ast.hpp"
#include "dsl/source.hpp"

namespace dondoc::dsl {

enum class Severity : std::uint8_t { error, warning, note };

/// A message in both languages. Vietnamese is the default language of diagnostics.
struct Message {
  std::string vi;
  std::string en;
  const std::string& in(Lang lang) const { return lang == Lang::en ? en : vi; }
};

/// The hint of a likely typo: "có phải ý bạn là 'SXD'?" / "did you mean 'SXD'?", with what the
/// suggestion names when it is known and not empty: "did you mean 'SXD' (Sở Xây dựng)?".
Message did_you_mean(std::string_view suggestion, std::string_view names = {});

struct Diagnostic {
  Severity severity = Severity::error;
  Location loc;
  Message message;
  std::vector<Message> hints;                       ///< "did you mean 'SXD'?"
  std::vector<std::pair<Location, Message>> notes;  ///< related places, e.g. the other due date
  /// Shown by every command that computes dates (status, simulate…), not only by `check`: a
  /// warning about the rules that changes the dates they print, such as a year without holidays.
  bool every_command = false;
};

class Diagnostics {
 public:
  void error(Location loc, Message msg, std::vector<Message> hints = {});
  void warning(Location loc, Message msg, std::vector<Message> hints = {});
  void add(Diagnostic d) { items_.push_back(std::move(d)); }
  /// Moves every diagnostic of `other` to the end of these, in order (for work done apart, e.g.
  /// on another thread). The sources `other` keeps stay alive with these.
  void append(Diagnostics&& other);

  const std::vector<Diagnostic>& items() const { return items_; }
  std::size_t error_count() const;
  std::size_t warning_count() const;
  bool has_errors() const { return error_count() != 0; }

  /// Sorts by file order of appearance then line and column (stable), for deterministic output.
  void sort_by_location();

  /// Keeps a source alive as long as these diagnostics (and their copies), for texts that have
  /// no SourceSet, like a time literal given on the command line.
  const SourceFile& keep(SourceFile file);

 private:
  std::vector<Diagnostic> items_;
  std::shared_ptr<std::deque<SourceFile>> kept_;
  std::vector<std::shared_ptr<std::deque<SourceFile>>> appended_kept_;  ///< from append()
};

/// `file:line:col: error: message`, the source line, a caret under the column, then hints.
std::string render(const Diagnostic& d, Lang lang);

/// At most this many diagnostics are shown per file; the rest are counted in one line.
inline constexpr std::size_t kMaxShownPerFile = 100;
/// Every diagnostic `keep` accepts (all when it is empty), in order, at most `max_per_file` per
/// file, then for each file that had more one line "PATH: error: và N lỗi khác" / "… and N more
/// errors", so that the report of a huge broken file stays short and costs time in proportion to
/// the input.
std::string render_all(const Diagnostics& diags, Lang lang, const std::function<bool(const Diagnostic&)>& keep = {},
                       std::size_t max_per_file = kMaxShownPerFile);
/// "2 lỗi, 1 cảnh báo" / "2 errors, 1 warning"
std::string summary(const Diagnostics& diags, Lang lang);

}  // namespace dondoc::dsl
