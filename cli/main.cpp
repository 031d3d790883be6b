// dondoc — the command line. A thin shell over the dsl, engine and runtime libraries.

#include <CLI/CLI.hpp>

#include <cstdio>
#include <iostream>

#include "cli/commands.hpp"
#include "cli/huge_pages.hpp"
#include "cli/options.hpp"
#include "cli/usage.hpp"

int main(int argc, char** argv) {
  using namespace dondoc;
  cli::use_huge_pages(argv);
  CLI::App app{"dondoc — theo dõi, đôn đốc thực hiện kế hoạch hành động (follows up government action plans)"};
  app.require_subcommand(1);
  std::string lang = "vi";
  app.add_option("--lang", lang, "ngôn ngữ thông báo / message language (vi, en)")->check(CLI::IsMember({"vi", "en"}));

  cli::CheckOptions check;
  auto* check_cmd = app.add_subcommand("check", "kiểm tra các tệp quy tắc / parse and check rule files");
  check_cmd->add_option("paths", check.paths, "tệp hoặc thư mục .rules / rule files or folders");
  check_cmd->add_option("--lang", lang, "vi | en")->check(CLI::IsMember({"vi", "en"}));
  check_cmd->add_option("--calendar", check.calendar.dir,
                        "thư mục lịch ngày nghỉ / holiday calendar folder (default: 'calendar' beside the plan's folder)");
  check_cmd->add_flag("--no-calendar", check.calendar.none, "chỉ dùng ngày nghỉ khai báo trong kế hoạch / only the plan's own holidays");
  check_cmd->add_option("--explain", check.explain, "giải thích cách tính ngày của một nhiệm vụ / how a task's dates were derived");
  check_cmd->add_option("--diff", check.diff, "so sánh hai bản kế hoạch CŨ MỚI / compare two versions of a plan: OLD NEW")->expected(2);
  check_cmd->add_option("--at", check.at, "với --diff: ngày xét các việc đang đôn đốc / with --diff: date of the open escalations");
  check_cmd->add_option("--journal", check.facts.journals, "với --diff --at: tệp nhật ký / with --diff --at: journal file");
  check_cmd->add_option("--assume", check.facts.assume, "với --diff --at: giả định SỰ_KIỆN=NGÀY / with --diff --at: EVENT=DATE");

  cli::FmtOptions fmt_opts;
  auto* fmt_cmd = app.add_subcommand("fmt", "định dạng chuẩn / canonical formatting");
  fmt_cmd->add_option("files", fmt_opts.files, "tệp .rules / rule files")->required();
  fmt_cmd->add_flag("--check", fmt_opts.check, "chỉ kiểm tra, không ghi / only check, write nothing");
  fmt_cmd->add_option("--keywords", fmt_opts.to_lang, "viết từ khóa bằng / write keywords in (vi, en)")->check(CLI::IsMember({"vi", "en"}));
  fmt_cmd->add_option("--lang", lang, "vi | en")->check(CLI::IsMember({"vi", "en"}));

  cli::GraphOptions graph;
  auto* graph_cmd = app.add_subcommand("graph", "vẽ sơ đồ phụ thuộc và thời hạn / draw the dependency and deadline graph");
  graph_cmd->add_option("paths", graph.paths, "thư mục hoặc tệp của kế hoạch / the plan's folder or files")->required();
  graph_cmd->add_option("--format", graph.format, "dot | mermaid | json | svg")->check(CLI::IsMember({"dot", "mermaid", "json", "svg"}));
  graph_cmd->add_option("-o,--output", graph.output, "ghi ra tệp / write to a file");
  graph_cmd->add_option("--at", graph.at, "tô màu theo trạng thái tại ngày / colour by status on this date (YYYY-MM-DD, dd/mm/yyyy)");
  cli::add_fact_options(*graph_cmd, graph.facts);
  graph_cmd->add_option("--calendar", graph.calendar.dir, "thư mục lịch ngày nghỉ / holiday calendar folder");
  graph_cmd->add_flag("--no-calendar", graph.calendar.none, "chỉ dùng ngày nghỉ khai báo trong kế hoạch / only the plan's own holidays");
  graph_cmd->add_option("--lang", lang, "vi | en")->check(CLI::IsMember({"vi", "en"}));

  cli::StatusOptions status;
  auto* status_cmd = app.add_subcommand("status", "tình hình thực hiện tại một ngày / every task's status on a date");
  status_cmd->add_option("paths", status.paths, "thư mục hoặc tệp của kế hoạch / the plan's folder or files")->required();
  status_cmd->add_option("--at", status.at, "ngày / date (YYYY-MM-DD, dd/mm/yyyy)")->required();
  cli::add_fact_options(*status_cmd, status.facts);
  status_cmd->add_option("--format", status.format, "table | json | csv")->check(CLI::IsMember({"table", "json", "csv"}));
  status_cmd->add_option("--calendar", status.calendar.dir, "thư mục lịch ngày nghỉ / holiday calendar folder");
  status_cmd->add_flag("--no-calendar", status.calendar.none, "chỉ dùng ngày nghỉ khai báo trong kế hoạch / only the plan's own holidays");
  status_cmd->add_option("--lang", lang, "vi | en")->check(CLI::IsMember({"vi", "en"}));

  cli::ReportOptions report;
  auto* report_cmd = app.add_subcommand("report", "báo cáo định kỳ, lịch, tiến độ / the periodic report, calendar and timeline");
  report_cmd->add_option("paths", report.paths, "thư mục hoặc tệp của kế hoạch / the plan's folder or files")->required();
  report_cmd->add_option("--at", report.at, "ngày báo cáo / report date (YYYY-MM-DD, dd/mm/yyyy)")->required();
  cli::add_fact_options(*report_cmd, report.facts);
  report_cmd->add_option("--format", report.format, "md | html | csv | ics | svg")
      ->check(CLI::IsMember({"md", "html", "csv", "ics", "svg"}));
  report_cmd->add_option("-o,--output", report.output, "ghi ra tệp / write to a file");
  report_cmd->add_option("--period", report.period, "kỳ báo cáo / period: all | quarter | half | year")
      ->check(CLI::IsMember({"all", "quarter", "half", "year"}));
  report_cmd->add_option("--agency", report.agency, "báo cáo của một đơn vị / one agency's own report (agency id)");
  report_cmd->add_option("--long-overdue", report.long_overdue_days, "quá hạn kéo dài: số ngày / long overdue after N days (120)")
      ->check(CLI::NonNegativeNumber);
  cli::add_calendar_options(*report_cmd, report.calendar);
  report_cmd->add_option("--lang", lang, "vi | en")->check(CLI::IsMember({"vi", "en"}));

  cli::SimulateOptions simulate;
  auto* simulate_cmd = app.add_subcommand("simulate", "chạy thử từng ngày, in các lần đôn đốc / replay day by day, print every escalation");
  simulate_cmd->add_option("paths", simulate.paths, "thư mục hoặc tệp của kế hoạch / the plan's folder or files")->required();
  simulate_cmd->add_option("--from", simulate.from, "từ ngày / first day (YYYY-MM-DD, dd/mm/yyyy)")->required();
  simulate_cmd->add_option("--to", simulate.to, "đến ngày / last day (YYYY-MM-DD, dd/mm/yyyy)")->required();
  cli::add_fact_options(*simulate_cmd, simulate.facts);
  simulate_cmd->add_option("--format", simulate.format, "jsonl | table")->check(CLI::IsMember({"jsonl", "table"}));
  simulate_cmd->add_flag("--alerts", simulate.alerts, "in các thay đổi trạng thái thay vì đôn đốc / print the engine's alerts instead");
  simulate_cmd->add_option("--calendar", simulate.calendar.dir, "thư mục lịch ngày nghỉ / holiday calendar folder");
  simulate_cmd->add_flag("--no-calendar", simulate.calendar.none,
                         "chỉ dùng ngày nghỉ khai báo trong kế hoạch / only the plan's own holidays");
  simulate_cmd->add_option("--lang", lang, "vi | en")->check(CLI::IsMember({"vi", "en"}));

  cli::RunOptions run;
  auto* run_cmd = app.add_subcommand("run", "chạy tiến trình đôn đốc / run the daemon");
  run_cmd->add_option("paths", run.paths, "thư mục hoặc tệp của kế hoạch / the plan's folder or files")->required();
  run_cmd->add_option("--db", run.db, "tệp cơ sở dữ liệu / the store (SQLite file)")->required();
  run_cmd->add_option("--clock", run.clock, "real | sim:START[:DAYS_PER_SECOND]");
  run_cmd->add_option("--sink", run.sinks, "jsonl:FILE | stdout | webhook:URL | exec:CMD | smtp://HOST:PORT (several allowed)");
  run_cmd->add_option("--tick", run.tick_ms, "chu kỳ (ms) / tick period in ms")->check(CLI::Range(1, 86400000));
  run_cmd->add_option("--until", run.until, "dừng sau ngày / stop after this day (YYYY-MM-DD, dd/mm/yyyy)");
  run_cmd->add_option("--log", run.log_file, "tệp nhật ký vận hành / log file (rotating)");
  run_cmd->add_option("--http", run.http, "phục vụ API và bảng theo dõi tại [ĐỊA_CHỈ:]CỔNG / serve the API and dashboard at [HOST:]PORT (127.0.0.1)");
  run_cmd->add_option("--token-file", run.token_file, "tệp chứa mã cho phép ghi qua HTTP / file holding the bearer token for HTTP writes");
  run_cmd->add_flag("--http-read-token", run.http_read_token, "đọc qua HTTP cũng cần mã / HTTP reads need the token too");
  run_cmd->add_option("--calendar", run.calendar.dir, "thư mục lịch ngày nghỉ / holiday calendar folder");
  run_cmd->add_flag("--no-calendar", run.calendar.none, "chỉ dùng ngày nghỉ khai báo trong kế hoạch / only the plan's own holidays");
  run_cmd->add_option("--lang", lang, "vi | en")->check(CLI::IsMember({"vi", "en"}));
  run_cmd->add_option("--mail-from", run.mail_from, "địa chỉ gửi thư / the sender address of smtp:// sinks");
  run_cmd->add_option("--mail-fallback", run.mail_fallback, "địa chỉ cho cơ quan chưa có thư điện tử / for agencies without an address");
  run_cmd->add_flag("--mail-starttls", run.mail_starttls, "bắt buộc STARTTLS / require STARTTLS");
  run_cmd->add_option("--mail-user", run.mail_user, "tên đăng nhập máy chủ thư / SMTP login");
  run_cmd->add_option("--mail-password-file", run.mail_password_file, "tệp mật khẩu (dòng đầu) / file with the SMTP password");

  cli::RecordOptions record;
  auto* record_cmd = app.add_subcommand("record", "ghi sự việc vào cơ sở dữ liệu / record facts in the store");
  record_cmd->add_option("facts", record.facts, "sự việc, mỗi đối số một nhật ký / fact texts, e.g. 'hoàn thành II.3 ngày 20/03/2023'");
  record_cmd->add_option("--db", record.db, "tệp cơ sở dữ liệu / the store")->required();
  record_cmd->add_option("--rules", record.rules, "kế hoạch / the plan (default: the one the daemon runs)");
  record_cmd->add_option("--by", record.by, "người ghi / who records");
  record_cmd->add_option("--journal", record.journals, "tệp nhật ký / journal file (several allowed)");
  record_cmd->add_option("--withdraw", record.withdraw, "rút lại ghi chép số N ('đã ghi #N') / withdraw fact N ('recorded #N')");
  record_cmd->add_option("--reason", record.reason, "lý do rút lại / why it is withdrawn (with --withdraw)");
  record_cmd->add_option("--reference", record.reference, "văn bản yêu cầu rút lại / the document behind the withdrawal");
  record_cmd->add_flag("--allow-future", record.allow_future,
                       "cho phép ngày sau hôm nay / allow dates after today (a decision for a later day)");
  record_cmd->add_option("--calendar", record.calendar.dir, "thư mục lịch ngày nghỉ / holiday calendar folder");
  record_cmd->add_flag("--no-calendar", record.calendar.none, "chỉ dùng ngày nghỉ khai báo trong kế hoạch / only the plan's own holidays");
  record_cmd->add_option("--lang", lang, "vi | en")->check(CLI::IsMember({"vi", "en"}));

  cli::ExportOptions export_opts;
  auto* export_cmd = app.add_subcommand("export", "xuất các sự việc đã ghi thành nhật ký / write the recorded facts as a journal");
  export_cmd->add_option("--db", export_opts.db, "tệp cơ sở dữ liệu / the store")->required();
  export_cmd->add_option("--lang", lang, "vi | en")->check(CLI::IsMember({"vi", "en"}));

  try {
    app.parse(argc, argv);
  } catch (const CLI::ParseError& e) {
    if (auto unknown = cli::unknown_command(app, argc, argv)) {
      std::fputs(unknown->c_str(), stderr);
      return 2;
    }
    int rc = app.exit(e);
    return rc == 0 ? 0 : 2;
  }
  dsl::Lang l = lang == "en" ? dsl::Lang::en : dsl::Lang::vi;
  try {
    if (*check_cmd) {
      check.lang = l;
      return cli::run_check(check);
    }
    if (*fmt_cmd) {
      fmt_opts.lang = l;
      return cli::run_fmt(fmt_opts);
    }
    if (*status_cmd) {
      status.lang = l;
      return cli::run_status(status);
    }
    if (*report_cmd) {
      report.lang = l;
      return cli::run_report(report);
    }
    if (*simulate_cmd) {
      simulate.lang = l;
      return cli::run_simulate(simulate);
    }
    if (*run_cmd) {
      run.lang = l;
      return cli::run_run(run);
    }
    if (*record_cmd) {
      record.lang = l;
      return cli::run_record(record);
    }
    if (*export_cmd) {
      export_opts.lang = l;
      return cli::run_export(export_opts);
    }
    if (*graph_cmd) {
      graph.lang = l;
      return cli::run_graph(graph);
    }
  } catch (const std::exception& e) {
    std::cerr << "dondoc: " << e.what() << "\n";
    return 1;
  }
  return 2;
}
