#pragma once
// The argument parser (CLI11) speaking the user's language: its help (labels, the half of each
// bilingual description, each option's default) and its errors, rendered by error type.

#include <string>

#include "dsl/diagnostics.hpp"

namespace CLI {
class App;
class ParseError;
}  // namespace CLI

namespace dondoc::cli {

/// The language asked for anywhere on the command line (`--lang en`, `--lang=en`), read before
/// parsing so that the parser's own messages are in it. Vietnamese unless told.
dsl::Lang lang_in_args(int argc, const char* const* argv);

/// Call on the top-level app before adding subcommands (they inherit it): the help flag, the
/// Vietnamese or English help formatter, defaults captured for the help.
void localize(CLI::App& app, dsl::Lang lang, const std::string& version);

/// Call on each subcommand once it is declared: its group's name in the help.
void localize_command(CLI::App& command, dsl::Lang lang);

/// The message for a first word that is not one of `app`'s commands ("dondoc: không có lệnh
/// 'frob' …", with a "did you mean"); empty when the command line names a command or none at all.
std::string unknown_command(const CLI::App& app, int argc, const char* const* argv, dsl::Lang lang);

/// Prints what a parse error means (help and `--version` to stdout) and returns the exit code:
/// 0 for help and version, 2 for wrong usage.
int report_parse_error(const CLI::App& app, const CLI::ParseError& error, dsl::Lang lang);

}  // namespace dondoc::cli
