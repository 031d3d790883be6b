#include "cli/color.hpp"

#include <unistd.h>

#include <cstdlib>

namespace dondoc::cli {

namespace {

ColorMode g_mode = ColorMode::automatic;

std::string_view sgr(Tone tone) {
  switch (tone) {
    case Tone::error:
      return "\x1b[1;31m";
    case Tone::warning:
      return "\x1b[33m";
    case Tone::done:
      return "\x1b[32m";
    case Tone::heading:
      return "\x1b[1m";
    case Tone::muted:
      return "\x1b[2m";
  }
  return "";
}

bool env_set(const char* name) {
  const char* v = std::getenv(name);
  return v && *v;
}

}  // namespace

void set_color_mode(ColorMode mode) {
  g_mode = mode;
}

ColorMode parse_color_mode(std::string_view text) {
  if (text == "always") return ColorMode::always;
  if (text == "never") return ColorMode::never;
  return ColorMode::automatic;
}

Palette Palette::for_stream(std::FILE* stream) {
  if (g_mode != ColorMode::automatic) return Palette(g_mode == ColorMode::always);
  if (env_set("NO_COLOR") || env_set("CI")) return Palette(false);
  const char* term = std::getenv("TERM");
  if (term && std::string_view(term) == "dumb") return Palette(false);
  return Palette(::isatty(::fileno(stream)) == 1);
}

std::string Palette::paint(Tone tone, std::string_view text) const {
  if (!on_ || text.empty()) return std::string(text);
  std::string out(sgr(tone));
  out += text;
  out += "\x1b[0m";
  return out;
}

std::string Palette::diagnostics(std::string text) const {
  if (!on_) return text;
  std::string out;
  std::size_t start = 0;
  // Only the first `error:` / `warning:` of a line is the severity (the message may quote one).
  while (start < text.size()) {
    std::size_t end = text.find('\n', start);
    if (end == std::string::npos) end = text.size();
    std::string_view line(text.data() + start, end - start);
    bool painted = false;
    for (auto [word, tone] :
         {std::pair{std::string_view(" error:"), Tone::error}, std::pair{std::string_view(" warning:"), Tone::warning}}) {
      auto at = line.find(word);
      if (at == std::string_view::npos || painted) continue;
      out += line.substr(0, at + 1);
      out += paint(tone, word.substr(1));
      out += line.substr(at + word.size());
      painted = true;
    }
    if (!painted) out += line;
    if (end < text.size()) out += '\n';
    start = end + 1;
  }
  return out;
}

}  // namespace dondoc::cli
