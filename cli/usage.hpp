#pragma once
// Usage mistakes CLI11 words poorly, caught before it: `dondoc frob` names the unknown command
// (with a "did you mean") instead of saying that a command is required.

#include <CLI/CLI.hpp>

#include <optional>
#include <string>

namespace dondoc::cli {

/// The message for a first word that is not one of `app`'s commands ("dondoc: không có lệnh
/// 'frob'; …"), in the language `--lang` asks for; nullopt when the command line names a command or
/// none at all.
std::optional<std::string> unknown_command(const CLI::App& app, int argc, const char* const* argv);

}  // namespace dondoc::cli
