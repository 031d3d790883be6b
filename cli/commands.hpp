#pragma once
// The subcommands of `dondoc`. Each returns the process exit code:
// 0 success, 1 the input has errors (diagnostics printed), 2 wrong usage.

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "cli/facts_input.hpp"
#include "dsl/ast.hpp"
#include "dsl/diagnostics.hpp"
#include "engine/compile.hpp"

namespace dondoc::cli {

using engine::CalendarChoice;
using engine::compile_plan;
using engine::CompiledPlan;

struct CheckOptions {
  std::vector<std::string> paths;
  CalendarChoice calendar;        ///< `--calendar DIR` / `--no-calendar`
  std::string explain;            ///< `--explain TASK`: how the task's dates were derived
  std::vector<std::string> diff;  ///< `--diff OLD NEW`: what an amendment changes
  std::string at;                 ///< with --diff: the date of the open escalations (DATE)
  FactInputs facts;               ///< with --diff --at: `--journal FILE`…, `--assume EVENT=DATE`…
  dsl::Lang lang = dsl::Lang::vi;
};
int run_check(const CheckOptions& options);
/// `dondoc check --diff OLD NEW [--at DATE [--journal FILE]...]` (cli/check_diff_command.cpp).
int run_check_diff(const CheckOptions& options);

struct FmtOptions {
  std::vector<std::string> files;
  bool check = false;
  std::string to_lang;  ///< "", "vi" or "en": rewrite keywords in that language
  dsl::Lang lang = dsl::Lang::vi;
};
int run_fmt(const FmtOptions& options);

struct GraphOptions {
  std::vector<std::string> paths;
  std::string format = "dot";  ///< dot | mermaid | json | svg
  std::string output;          ///< a file; stdout when empty
  std::string at;              ///< DATE: colour the nodes by their status on it
  FactInputs facts;            ///< with --at: `--journal FILE`…, `--assume EVENT=DATE`…
  CalendarChoice calendar;
  dsl::Lang lang = dsl::Lang::vi;
};
int run_graph(const GraphOptions& options);
/// Lays out DOT text with Graphviz's `dot` engine and renders SVG; empty on failure, with `error`
/// set (cli/graph_command.cpp).
std::string render_svg(const std::string& dot, std::string& error);

struct ReportOptions {
  std::vector<std::string> paths;
  std::string at;               ///< DATE: YYYY-MM-DD or dd/mm/yyyy
  FactInputs facts;             ///< `--journal FILE`…, `--assume EVENT=DATE`…
  std::string format = "md";    ///< md | html | csv | ics | svg
  std::string output;           ///< a file; stdout when empty
  std::string period = "all";   ///< all | quarter | half | year
  std::string agency;           ///< one agency's own report
  int long_overdue_days = 120;  ///< overdue by more than this: long overdue
  CalendarChoice calendar;
  dsl::Lang lang = dsl::Lang::vi;
};
/// `dondoc report` (cli/report_command.cpp).
int run_report(const ReportOptions& options);

struct StatusOptions {
  std::vector<std::string> paths;
  std::string at;                ///< DATE: YYYY-MM-DD, dd/mm/yyyy, `hôm nay`/`today` (also when empty)
  FactInputs facts;              ///< `--journal FILE`… or `--db FILE`, `--assume EVENT=DATE`…
  std::string format = "table";  ///< table | json | csv
  std::string agency;            ///< `--agency ID`: the table of one lead agency
  std::string only;              ///< `--only attention`: the summary and what needs attention
  CalendarChoice calendar;
  dsl::Lang lang = dsl::Lang::vi;
};
int run_status(const StatusOptions& options);
/// The diagnostics worth showing when a command evaluates a plan: every error, and the warnings
/// of journals and `--assume`, and the rules' warnings that change the dates shown (a year without
/// holidays); the rules' other warnings are `dondoc check`'s to show.
std::string relevant_diagnostics(const dsl::Diagnostics& diags, dsl::Lang lang);
/// Prints them to stderr (coloured on a terminal).
void print_relevant_diagnostics(const dsl::Diagnostics& diags, dsl::Lang lang);

struct SimulateOptions {
  std::vector<std::string> paths;
  std::string from, to;          ///< DATE: YYYY-MM-DD or dd/mm/yyyy
  FactInputs facts;              ///< `--journal FILE`…, `--assume EVENT=DATE`…
  std::string format = "jsonl";  ///< jsonl | table
  bool alerts = false;           ///< print the engine's alerts instead of escalations
  CalendarChoice calendar;
  dsl::Lang lang = dsl::Lang::vi;
};
int run_simulate(const SimulateOptions& options);

struct RunOptions {
  std::vector<std::string> paths;
  std::string db;
  std::string clock = "real";  ///< real | sim:START[:DAYS_PER_SECOND]
  std::vector<std::string> sinks;
  int tick_ms = 1000;
  std::string until;  ///< DATE: stop after evaluating it and draining
  std::string log_file;
  std::string http;        ///< `--http [HOST:]PORT`
  std::string token_file;  ///< `--token-file FILE`
  bool http_read_token = false;
  CalendarChoice calendar;
  dsl::Lang lang = dsl::Lang::vi;
  std::string mail_from, mail_fallback, mail_user, mail_password_file;
  bool mail_starttls = false;
};
int run_run(const RunOptions& options);  ///< the daemon (runtime/run_daemon.hpp)

struct RecordOptions {
  std::string db;
  std::string rules;  ///< the plan; empty: the one the daemon stored
  std::string by;     ///< who records
  std::vector<std::string> journals;
  std::vector<std::string> facts;        ///< fact texts, one journal each
  std::optional<std::int64_t> withdraw;  ///< `--withdraw N`
  std::string reason, reference;         ///< of the withdrawal
  bool allow_future = false;             ///< `--allow-future`
  CalendarChoice calendar;
  dsl::Lang lang = dsl::Lang::vi;
};
int run_record(const RecordOptions& options);

struct ExportOptions {
  std::string db;
  dsl::Lang lang = dsl::Lang::vi;
};
int run_export(const ExportOptions& options);

struct BackupOptions {
  std::string db;  ///< the store (or, to restore, the backup)
  std::string to;  ///< the copy written (or, to restore, the store)
  dsl::Lang lang = dsl::Lang::vi;
};
int run_backup(const BackupOptions& options);  ///< cli/backup_command.cpp

}  // namespace dondoc::cli
