// dondoc — the command line. A thin shell over the dsl, engine and runtime libraries: each
// subcommand's options are declared in a function of its own and run by its callback; what they
// share (`--lang`, `--color`, the facts, the calendar) is declared once.

#include <CLI/CLI.hpp>

#include <iostream>

#include "cli/color.hpp"
#include "cli/commands.hpp"
#include "cli/options.hpp"
#include "cli/usage.hpp"
#include "runtime/store.hpp"

namespace {

using namespace dondoc;

/// What every subcommand shares: the language and colour asked for, and the exit code.
struct Shell {
  dsl::Lang lang = dsl::Lang::vi;  ///< read before parsing, for the parser's own messages
  std::string lang_option = "vi";  ///< `--lang`
  std::string color = "auto";      ///< `--color`
  int rc = 2;
  bool vi() const { return lang == dsl::Lang::vi; }
};

const char* const kPlanPaths = "thư mục hoặc tệp của kế hoạch / the plan's folder or files";

/// Subcommand `name`, which runs `run(options)` with the language and colour set.
template <class Options>
CLI::App* command(CLI::App& app, Shell& shell, const char* name, const char* help, Options& options, int (*run)(const Options&)) {
  CLI::App* cmd = app.add_subcommand(name, help);
  cmd->callback([&shell, &options, run] {
    options.lang = shell.lang_option == "en" ? dsl::Lang::en : dsl::Lang::vi;
    cli::set_color_mode(cli::parse_color_mode(shell.color));
    shell.rc = run(options);
  });
  return cmd;
}

void declare_check(CLI::App& app, Shell& shell, cli::CheckOptions& o) {
  auto* cmd = command(app, shell, "check", "kiểm tra các tệp quy tắc / parse and check rule files", o, cli::run_check);
  cmd->add_option("paths", o.paths, "tệp hoặc thư mục .rules / rule files or folders");
  cli::add_calendar_options(*cmd, o.calendar);
  cmd->add_option("--explain", o.explain, "giải thích cách tính ngày của một nhiệm vụ / how a task's dates were derived");
  cmd->add_option("--diff", o.diff, "so sánh hai bản kế hoạch CŨ MỚI / compare two versions of a plan: OLD NEW")->expected(2);
  cmd->add_option("--at", o.at, "với --diff: ngày xét các việc đang đôn đốc / with --diff: date of the open escalations");
  cmd->add_option("--journal", o.facts.journals, "với --diff --at: tệp nhật ký / with --diff --at: journal file");
  cmd->add_option("--assume", o.facts.assume, "với --diff --at: giả định SỰ_KIỆN=NGÀY / with --diff --at: EVENT=DATE");
}

void declare_fmt(CLI::App& app, Shell& shell, cli::FmtOptions& o) {
  auto* cmd = command(app, shell, "fmt", "định dạng chuẩn / canonical formatting", o, cli::run_fmt);
  cmd->add_option("files", o.files, "tệp .rules / rule files")->required();
  cmd->add_flag("--check", o.check, "chỉ kiểm tra, không ghi / only check, write nothing");
  cmd->add_option("--keywords", o.to_lang, "viết từ khóa bằng vi | en / write keywords in vi | en")->check(CLI::IsMember({"vi", "en"}));
}

void declare_graph(CLI::App& app, Shell& shell, cli::GraphOptions& o) {
  auto* cmd = command(app, shell, "graph", "vẽ sơ đồ phụ thuộc và thời hạn / draw the dependency and deadline graph", o, cli::run_graph);
  cmd->add_option("paths", o.paths, kPlanPaths)->required();
  cmd->add_option("--format", o.format, "dot | mermaid | json | svg")->check(CLI::IsMember({"dot", "mermaid", "json", "svg"}));
  cmd->add_option("-o,--output", o.output, "ghi ra tệp / write to a file");
  cmd->add_option("--at", o.at, "tô màu theo trạng thái tại ngày / colour by status on this date (YYYY-MM-DD, dd/mm/yyyy)");
  cli::add_fact_options(*cmd, o.facts);
  cli::add_calendar_options(*cmd, o.calendar);
}

void declare_report(CLI::App& app, Shell& shell, cli::ReportOptions& o) {
  auto* cmd =
      command(app, shell, "report", "báo cáo định kỳ, lịch, tiến độ / the periodic report, calendar and timeline", o, cli::run_report);
  cmd->add_option("paths", o.paths, kPlanPaths)->required();
  cmd->add_option("--at", o.at, "ngày báo cáo / report date (YYYY-MM-DD, dd/mm/yyyy)")->required();
  cli::add_fact_options(*cmd, o.facts);
  cmd->add_option("--format", o.format, "md | html | csv | ics | svg")->check(CLI::IsMember({"md", "html", "csv", "ics", "svg"}));
  cmd->add_option("-o,--output", o.output, "ghi ra tệp / write to a file");
  cmd->add_option("--period", o.period, "kỳ báo cáo: all | quarter | half | year / period: all | quarter | half | year")
      ->check(CLI::IsMember({"all", "quarter", "half", "year"}));
  cmd->add_option("--agency", o.agency, "báo cáo của một đơn vị / one agency's own report (agency id)");
  cmd->add_option("--long-overdue", o.long_overdue_days, "quá hạn kéo dài: số ngày / long overdue after N days")
      ->check(CLI::NonNegativeNumber);
  cli::add_calendar_options(*cmd, o.calendar);
}

void declare_status(CLI::App& app, Shell& shell, cli::StatusOptions& o) {
  auto* cmd = command(app, shell, "status", "tình hình thực hiện tại một ngày / every task's status on a date", o, cli::run_status);
  cmd->add_option("paths", o.paths, kPlanPaths)->required();
  cmd->add_option("--at", o.at, "ngày: YYYY-MM-DD, dd/mm/yyyy, hôm nay / date: YYYY-MM-DD, dd/mm/yyyy, today")
      ->default_str(shell.vi() ? "hôm nay" : "today");
  cli::add_fact_options(*cmd, o.facts);
  cmd->add_option("--format", o.format, "table | json | csv")->check(CLI::IsMember({"table", "json", "csv"}));
  cmd->add_option("--agency", o.agency, "chỉ phần của một cơ quan chủ trì / one lead agency's tasks and reports");
  cmd->add_option("--only", o.only, "attention: chỉ tóm tắt và việc cần chú ý / attention: the summary and what needs attention")
      ->check(CLI::IsMember({"attention"}));
  cli::add_calendar_options(*cmd, o.calendar);
}

void declare_simulate(CLI::App& app, Shell& shell, cli::SimulateOptions& o) {
  auto* cmd = command(app, shell, "simulate", "chạy thử từng ngày, in các lần đôn đốc / replay day by day, print every escalation", o,
                      cli::run_simulate);
  cmd->add_option("paths", o.paths, kPlanPaths)->required();
  cmd->add_option("--from", o.from, "từ ngày / first day (YYYY-MM-DD, dd/mm/yyyy)")->required();
  cmd->add_option("--to", o.to, "đến ngày / last day (YYYY-MM-DD, dd/mm/yyyy)")->required();
  cli::add_fact_options(*cmd, o.facts);
  cmd->add_option("--format", o.format, "jsonl | table")->check(CLI::IsMember({"jsonl", "table"}));
  cmd->add_flag("--alerts", o.alerts, "in các thay đổi trạng thái thay vì đôn đốc / print the engine's alerts instead");
  cli::add_calendar_options(*cmd, o.calendar);
}

void declare_run(CLI::App& app, Shell& shell, cli::RunOptions& o) {
  auto* cmd = command(app, shell, "run", "chạy tiến trình đôn đốc / run the daemon", o, cli::run_run);
  cmd->add_option("paths", o.paths, kPlanPaths)->required();
  cmd->add_option("--db", o.db, "tệp cơ sở dữ liệu / the store (SQLite file)")->required();
  cmd->add_option("--clock", o.clock, "đồng hồ: real | sim:NGÀY_ĐẦU[:SỐ_NGÀY_MỖI_GIÂY] / clock: real | sim:START[:DAYS_PER_SECOND]");
  cmd->add_option("--sink", o.sinks,
                  "nơi nhận thông báo (nhiều lần được): jsonl:TỆP | stdout | console | webhook:URL | exec:LỆNH | smtp://MÁY:CỔNG / "
                  "where escalations go (several allowed): jsonl:FILE | stdout | console | webhook:URL | exec:CMD | smtp://HOST:PORT");
  cmd->add_option("--tick", o.tick_ms, "chu kỳ (ms) / tick period in ms")->check(CLI::Range(1, 86400000));
  cmd->add_option("--until", o.until, "dừng sau ngày / stop after this day (YYYY-MM-DD, dd/mm/yyyy)");
  cmd->add_option("--log", o.log_file, "tệp nhật ký vận hành / log file (rotating)");
  cmd->add_option("--http", o.http, "phục vụ API và bảng theo dõi tại [ĐỊA_CHỈ:]CỔNG / serve the API and dashboard at [HOST:]PORT");
  cmd->add_option("--token-file", o.token_file, "tệp chứa mã cho phép ghi qua HTTP / file holding the bearer token for HTTP writes");
  cmd->add_flag("--http-read-token", o.http_read_token, "đọc qua HTTP cũng cần mã / HTTP reads need the token too");
  cmd->add_option("--mail-from", o.mail_from, "địa chỉ gửi thư / the sender address of smtp:// sinks");
  cmd->add_option("--mail-fallback", o.mail_fallback, "địa chỉ cho cơ quan chưa có thư điện tử / for agencies without an address");
  cmd->add_flag("--mail-starttls", o.mail_starttls, "bắt buộc STARTTLS / require STARTTLS");
  cmd->add_option("--mail-user", o.mail_user, "tên đăng nhập máy chủ thư / SMTP login");
  cmd->add_option("--mail-password-file", o.mail_password_file, "tệp mật khẩu (dòng đầu) / file with the SMTP password");
  cli::add_calendar_options(*cmd, o.calendar);
}

void declare_record(CLI::App& app, Shell& shell, cli::RecordOptions& o) {
  auto* cmd = command(app, shell, "record", "ghi sự việc vào cơ sở dữ liệu / record facts in the store", o, cli::run_record);
  cmd->add_option("facts", o.facts, "sự việc, mỗi đối số một nhật ký / fact texts, e.g. 'hoàn thành II.3 ngày 20/03/2023'");
  cmd->add_option("--db", o.db, "tệp cơ sở dữ liệu / the store")->required();
  cmd->add_option("--rules", o.rules, "kế hoạch (mặc định: kế hoạch tiến trình đang chạy) / the plan (default: the one the daemon runs)");
  cmd->add_option("--by", o.by, "người ghi / who records");
  cmd->add_option("--journal", o.journals, "tệp nhật ký (nhiều tệp được) / journal file (several allowed)");
  cmd->add_option("--withdraw", o.withdraw, "rút lại ghi chép số N ('đã ghi #N') / withdraw fact N ('recorded #N')");
  cmd->add_option("--reason", o.reason, "lý do rút lại / why it is withdrawn (with --withdraw)");
  cmd->add_option("--reference", o.reference, "văn bản yêu cầu rút lại / the document behind the withdrawal");
  cmd->add_flag("--allow-future", o.allow_future, "cho phép ngày sau hôm nay / allow dates after today (a decision for a later day)");
  cli::add_calendar_options(*cmd, o.calendar);
}

void declare_export(CLI::App& app, Shell& shell, cli::ExportOptions& o) {
  auto* cmd =
      command(app, shell, "export", "xuất các sự việc đã ghi thành nhật ký / write the recorded facts as a journal", o, cli::run_export);
  cmd->add_option("--db", o.db, "tệp cơ sở dữ liệu / the store")->required();
}

void declare_backup(CLI::App& app, Shell& shell, cli::BackupOptions& o) {
  auto* cmd = command(app, shell, "backup", "sao lưu hoặc khôi phục cơ sở dữ liệu / back up or restore the store", o, cli::run_backup);
  cmd->add_option("--db", o.db, "cơ sở dữ liệu cần sao lưu (khôi phục: bản sao lưu) / the store to copy (to restore: the backup)")
      ->required();
  cmd->add_option("--to", o.to,
                  "tệp bản sao, ghi mới hoặc thay thế (khôi phục: cơ sở dữ liệu) / the copy, new or replaced (to restore: the store)")
      ->required();
}

/// `--lang` and `--color`, on the program and on every subcommand (both places are accepted).
void declare_shared(CLI::App& app, Shell& shell) {
  auto add = [&](CLI::App& cmd) {
    cmd.add_option("--lang", shell.lang_option, "ngôn ngữ thông báo: vi | en / message language: vi | en")
        ->check(CLI::IsMember({"vi", "en"}));
    cmd.add_option("--color", shell.color, "tô màu: auto | always | never / colour: auto | always | never")
        ->check(CLI::IsMember({"auto", "always", "never"}));
  };
  add(app);
  for (CLI::App* cmd : app.get_subcommands({})) {
    add(*cmd);
    cli::localize_command(*cmd, shell.lang);
  }
}

}  // namespace

int main(int argc, char** argv) {
  Shell shell;
  shell.lang = cli::lang_in_args(argc, argv);
  CLI::App app{"dondoc — theo dõi, đôn đốc thực hiện kế hoạch hành động / dondoc — follows up government action plans", "dondoc"};
  cli::localize(app, shell.lang, "dondoc " DONDOC_VERSION);
  app.require_subcommand(1);
  cli::CheckOptions check;
  cli::FmtOptions fmt_options;
  cli::GraphOptions graph;
  cli::StatusOptions status;
  cli::ReportOptions report;
  cli::SimulateOptions simulate;
  cli::RunOptions run;
  cli::RecordOptions record;
  cli::ExportOptions export_options;
  cli::BackupOptions backup;
  declare_check(app, shell, check);
  declare_fmt(app, shell, fmt_options);
  declare_graph(app, shell, graph);
  declare_status(app, shell, status);
  declare_report(app, shell, report);
  declare_simulate(app, shell, simulate);
  declare_run(app, shell, run);
  declare_record(app, shell, record);
  declare_export(app, shell, export_options);
  declare_backup(app, shell, backup);
  declare_shared(app, shell);
  try {
    app.parse(argc, argv);
  } catch (const CLI::ParseError& e) {
    if (std::string unknown = cli::unknown_command(app, argc, argv, shell.lang); !unknown.empty()) {
      std::cerr << unknown;
      return 2;
    }
    return cli::report_parse_error(app, e, shell.lang);
  } catch (const runtime::StoreError& e) {  // said in the language asked for
    std::cerr << "dondoc: " << e.in(shell.vi()) << "\n";
    return 1;
  } catch (const std::exception& e) {
    std::cerr << "dondoc: " << e.what() << "\n";
    return 1;
  }
  return shell.rc;
}
