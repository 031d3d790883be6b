#pragma once
// Text → syntax tree. No PEGTL header is visible from here.

#include <filesystem>
#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "dsl/ast.hpp"
#include "dsl/diagnostics.hpp"
#include "dsl/source.hpp"
#include "dsl/source_set.hpp"

namespace dondoc::dsl {

/// The bytes of a file, read straight into a string of the file's size; nullopt when it cannot
/// be read (no such file, no permission, a folder).
std::optional<std::string> read_bytes(const std::filesystem::path& path);

/// Parses one file's text. Reports every syntax error it can recover from (it recovers at
/// the next declaration) and returns what it could build.
FileAst parse_source(const SourceFile& file, Diagnostics& diags);

/// Convenience for tests and tools: add the text to `sources` as `path` and parse it.
FileAst parse_text(SourceSet& sources, std::string path, std::string_view text, Diagnostics& diags);

/// Reads and parses one file (no includes followed). A file that cannot be read is an error.
std::optional<FileAst> parse_file(SourceSet& sources, const std::filesystem::path& path, Diagnostics& diags);

/// A whole plan: every `.rules` file given (folders are searched recursively, in name order),
/// with `include`s followed. An include may not leave the folder of the plan; include cycles
/// are errors that name the chain.
struct PlanSources {
  std::vector<FileAst> files;  ///< in load order; includes come right after the including file
};

/// How many threads a stage may use: `asked`, else the number in the environment variable
/// DONDOC_THREADS, else one per core.
unsigned worker_threads(unsigned asked = 0);

/// The files of a folder are read and parsed on `threads` threads (0: as many as the machine has
/// cores, or the number in the environment variable DONDOC_THREADS). The result and the
/// diagnostics are the same whatever the number.
PlanSources load_plan(SourceSet& sources, const std::vector<std::filesystem::path>& paths, Diagnostics& diags, unsigned threads = 0);

/// Parses a standalone time literal such as `Quý I/2023` (for tests, journals and the CLI).
/// On failure returns nullopt and appends a diagnostic located in `source_name`.
std::optional<TimeExpr> parse_time_literal(std::string_view text, Diagnostics& diags, std::string source_name = "<time>");
std::optional<Recurrence> parse_recurrence_literal(std::string_view text, Diagnostics& diags, std::string source_name = "<time>");

/// Reading progress, for a progress line on a terminal: bytes parsed so far in the current
/// file and its size. Called about every megabyte, from the threads that parse (load_plan reads
/// several files at once): the function must be safe to call from two threads at a time. Set
/// to nullptr to stop.
using ProgressFn = void (*)(const std::string& path, std::size_t done, std::size_t total);
void set_parse_progress(ProgressFn fn);

/// Keywords that start a declaration, in both languages (for hints and tools).
const std::vector<std::string_view>& declaration_keywords();

}  // namespace dondoc::dsl
