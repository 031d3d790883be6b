#pragma once
// Colour for people at a terminal, never in a pipe, a file or CI. One place decides whether to
// colour (`--color auto|always|never`, `NO_COLOR`, `CI`, `TERM=dumb`, isatty) and which colour a
// kind of text gets; every command paints through it.

#include <cstdio>
#include <string>
#include <string_view>

namespace dondoc::cli {

enum class ColorMode { automatic, always, never };

/// What a piece of text is, hence its colour.
enum class Tone {
  error,    ///< red, bold: an error, an overdue task or report
  warning,  ///< yellow: a warning, at risk, due soon
  done,     ///< green: done, on track
  heading,  ///< bold: a section's title
  muted     ///< dim: waiting, not yet due
};

/// Set once by `main` from `--color` (default automatic).
void set_color_mode(ColorMode mode);
/// "auto", "always" or "never" (what `--color` accepts).
ColorMode parse_color_mode(std::string_view text);

/// Paints text for one stream: does nothing unless colour is on for that stream.
class Palette {
 public:
  explicit Palette(bool on = false) : on_(on) {}
  /// The palette for `stream` (stdout or stderr) under the mode set by `main` and the
  /// environment: with `automatic`, colour only when the stream is a terminal, `NO_COLOR` is
  /// unset or empty, `CI` is unset and `TERM` is not `dumb`.
  static Palette for_stream(std::FILE* stream);
  bool on() const { return on_; }
  std::string paint(Tone tone, std::string_view text) const;
  /// Rendered diagnostics with their `error:` and `warning:` painted.
  std::string diagnostics(std::string text) const;

 private:
  bool on_;
};

}  // namespace dondoc::cli
