#include "cli/usage.hpp"

#include <CLI/CLI.hpp>

#include <iostream>
#include <regex>
#include <string_view>
#include <vector>

#include "cli/color.hpp"
#include "dsl/text.hpp"

namespace dondoc::cli {

namespace {

/// The half of a bilingual text `tiếng Việt / English` for `lang`; the whole when it has one.
std::string half(const std::string& text, dsl::Lang lang) {
  auto slash = text.find(" / ");
  if (slash == std::string::npos) return text;
  return lang == dsl::Lang::en ? text.substr(slash + 3) : text.substr(0, slash);
}

void replace_all(std::string& s, std::string_view from, std::string_view to) {
  for (auto at = s.find(from); at != std::string::npos; at = s.find(from, at + to.size())) s.replace(at, from.size(), to);
}

/// CLI11's help, in one language: its labels, one half of each description, the defaults.
class Help : public CLI::Formatter {
 public:
  explicit Help(dsl::Lang lang) : lang_(lang) {
    column_width(34);
    label("SUBCOMMAND", lang == dsl::Lang::en ? "COMMAND" : "LỆNH");
    if (lang == dsl::Lang::en) return;
    label("Usage", "Cách dùng");
    label("OPTIONS", "TÙY_CHỌN");
    label("SUBCOMMANDS", "LỆNH");
    label("Positionals", "Đối số");
    label("REQUIRED", "(bắt buộc)");
    label("Needs", "cần");
    label("Excludes", "không dùng cùng");
    label("Env", "biến môi trường");
  }
  std::string make_option_desc(const CLI::Option* opt) const override { return half(opt->get_description(), lang_); }
  std::string make_description(const CLI::App* app) const override {
    std::string desc = half(app->get_description(), lang_);
    return desc.empty() ? desc : desc + "\n";
  }
  std::string make_subcommand(const CLI::App* sub) const override {
    return aligned(sub->get_display_name(true), half(sub->get_description(), lang_));
  }
  std::string make_option(const CLI::Option* opt, bool positional) const override {
    return aligned(make_option_name(opt, positional) + make_option_opts(opt), make_option_desc(opt));
  }
  std::string make_option_opts(const CLI::Option* opt) const override {
    std::string out = CLI::Formatter::make_option_opts(opt);
    replace_all(out, "=[]", "");        // an empty list is no default worth showing
    replace_all(out, " TEXT:{", " {");  // a choice shows its choices
    if (lang_ == dsl::Lang::vi) {
      replace_all(out, " TEXT", " CHỮ");
      replace_all(out, " INT", " SỐ");
    }
    return out;
  }

 private:
  dsl::Lang lang_;

  /// `  name  description`, the descriptions in one column counted in code points (CLI11 counts
  /// bytes, which shifts every Vietnamese line).
  std::string aligned(const std::string& name, const std::string& desc) const {
    std::string out = "  " + name;
    std::size_t width = 2 + dsl::codepoint_count(name);
    if (desc.empty()) return out + "\n";
    if (width + 1 > column_width_) {
      out += "\n";
      width = 0;
    }
    return out + std::string(column_width_ - width, ' ') + desc + "\n";
  }
};

/// `dondoc status`: the command the user typed, for the hint.
std::string command_path(const CLI::App& app) {
  std::string path = "dondoc";
  for (const CLI::App* at = &app;;) {
    auto subs = at->get_subcommands();
    if (subs.empty()) return path;
    at = subs.front();
    path += " " + at->get_name();
  }
}

/// What went wrong, in `lang`: CLI11's message rewritten by error type.
std::string what_went_wrong(const CLI::App& app, const CLI::ParseError& e, dsl::Lang lang) {
  const bool vi = lang == dsl::Lang::vi;
  const std::string m = e.what();
  std::smatch g;
  auto is = [&](const char* pattern) { return std::regex_match(m, g, std::regex(pattern)); };
  // By the error's class (its get_name() may be the subcommand's name instead).
  auto type = [&]<class Error>(const Error*) { return dynamic_cast<const Error*>(&e) != nullptr; };
  if (type(static_cast<const CLI::RequiredError*>(nullptr)) && m.starts_with("A subcommand")) {
    std::string names;
    for (const CLI::App* sub : app.get_subcommands({})) names += (names.empty() ? "" : ", ") + sub->get_name();
    return vi ? "cần một lệnh: " + names : "a command is required: " + names;
  }
  if (type(static_cast<const CLI::RequiredError*>(nullptr)) && is("(.+) is required"))
    return vi ? "thiếu " + g[1].str() + " (bắt buộc)" : m;
  if (type(static_cast<const CLI::ExtrasError*>(nullptr)) && is("The following arguments? (?:was|were) not expected: (.*)"))
    return vi ? "không hiểu đối số: " + g[1].str() : m;
  if (type(static_cast<const CLI::ValidationError*>(nullptr)) && is("(.+): (.*) not in \\{(.*)\\}"))
    return vi ? g[1].str() + ": '" + g[2].str() + "' không hợp lệ; chọn một trong " + g[3].str()
              : g[1].str() + ": '" + g[2].str() + "' is not one of " + g[3].str();
  if (type(static_cast<const CLI::ValidationError*>(nullptr)) && is("(.+): Value (.*) not in range (.*) to (.*)"))
    return vi ? g[1].str() + ": '" + g[2].str() + "' phải là một số dương"
              : g[1].str() + ": '" + g[2].str() + "' must be a positive number";
  if (type(static_cast<const CLI::ConversionError*>(nullptr)) && is("Could not convert: (.*) = (.*)"))
    return vi ? g[1].str() + ": '" + g[2].str() + "' không phải giá trị hợp lệ" : m;
  if (type(static_cast<const CLI::ConversionError*>(nullptr)) && is("The value (.*) is not an allowed value for (.*)"))
    return vi ? g[2].str() + ": '" + g[1].str() + "' không phải giá trị hợp lệ" : m;
  if (type(static_cast<const CLI::ExcludesError*>(nullptr)) && is("(.+) excludes (.+)"))
    return vi ? g[1].str() + " không dùng cùng " + g[2].str() : m;
  if (type(static_cast<const CLI::RequiresError*>(nullptr)) && is("(.+) requires (.+)"))
    return vi ? g[1].str() + " cần có " + g[2].str() : m;
  if (type(static_cast<const CLI::ArgumentMismatch*>(nullptr)) && is("Expected (exactly|at least) (\\d+) arguments to (.*), got (\\d+)"))
    return vi ? g[3].str() + " cần " + (g[1] == "exactly" ? "đúng " : "ít nhất ") + g[2].str() + " giá trị, nhận được " + g[4].str() : m;
  if (type(static_cast<const CLI::ArgumentMismatch*>(nullptr)) && is("(.+): At least (\\d+) required but received (\\d+)"))
    return vi ? g[1].str() + " cần ít nhất " + g[2].str() + " giá trị, nhận được " + g[3].str() : m;
  if (type(static_cast<const CLI::ArgumentMismatch*>(nullptr)) && is("(.+): (\\d+) required (.*) missing"))
    return vi ? g[1].str() + " cần một giá trị" : g[1].str() + " needs a value";
  return m;
}

}  // namespace

dsl::Lang lang_in_args(int argc, const char* const* argv) {
  dsl::Lang lang = dsl::Lang::vi;
  for (int i = 1; i < argc; ++i) {
    std::string_view a = argv[i];
    if (a == "--") break;
    if (a == "--lang=en" || (a == "--lang" && i + 1 < argc && std::string_view(argv[i + 1]) == "en")) lang = dsl::Lang::en;
    if (a == "--lang=vi" || (a == "--lang" && i + 1 < argc && std::string_view(argv[i + 1]) == "vi")) lang = dsl::Lang::vi;
  }
  return lang;
}

void localize(CLI::App& app, dsl::Lang lang, const std::string& version) {
  const bool vi = lang == dsl::Lang::vi;
  app.formatter(std::make_shared<Help>(lang));
  app.option_defaults()->always_capture_default()->group(vi ? "Tùy chọn" : "Options");
  app.set_help_flag("-h,--help", vi ? "in trợ giúp này rồi thoát" : "print this help and exit");
  app.set_version_flag("--version", version, vi ? "in phiên bản rồi thoát" : "print the version and exit");
}

void localize_command(CLI::App& command, dsl::Lang lang) {
  command.group(lang == dsl::Lang::vi ? "Lệnh" : "Commands");
  // The help flag was copied from the program's before the option group was known.
  if (CLI::Option* help = command.get_option_no_throw("--help")) help->group(lang == dsl::Lang::vi ? "Tùy chọn" : "Options");
}

int report_parse_error(const CLI::App& app, const CLI::ParseError& error, dsl::Lang lang) {
  if (dynamic_cast<const CLI::CallForHelp*>(&error) || dynamic_cast<const CLI::CallForAllHelp*>(&error)) {
    std::cout << app.help();
    return 0;
  }
  if (dynamic_cast<const CLI::CallForVersion*>(&error)) {
    std::cout << error.what() << "\n";
    return 0;
  }
  Palette err = Palette::for_stream(stderr);
  std::string path = command_path(app);
  std::string hint = lang == dsl::Lang::vi ? "Xem: " + path + " --help\n" : "See: " + path + " --help\n";
  std::cerr << "dondoc: " << err.paint(Tone::error, what_went_wrong(app, error, lang)) << "\n" << hint;
  return 2;
}

std::string unknown_command(const CLI::App& app, int argc, const char* const* argv, dsl::Lang lang) {
  std::string_view first;
  for (int i = 1; i < argc && first.empty(); ++i) {
    std::string_view a = argv[i];
    if (a == "--lang" || a == "--color") {
      ++i;  // its value
    } else if (!a.starts_with("-")) {
      first = a;
    }
  }
  if (first.empty()) return "";
  std::vector<std::string> names;
  for (const CLI::App* sub : app.get_subcommands({})) {
    if (sub->get_name() == first) return "";
    names.push_back(sub->get_name());
  }
  std::vector<std::string_view> views(names.begin(), names.end());
  std::string near = dsl::closest(first, views);
  std::string list;
  for (const auto& n : names) list += (list.empty() ? "" : ", ") + n;
  if (lang == dsl::Lang::en) {
    return "dondoc: '" + std::string(first) + "' is not a command" + (near.empty() ? "" : " (did you mean '" + near + "'?)") +
           "; the commands are: " + list + "\n";
  }
  return "dondoc: không có lệnh '" + std::string(first) + "'" + (near.empty() ? "" : " (có phải ý bạn là '" + near + "'?)") +
         "; các lệnh là: " + list + "\n";
}

}  // namespace dondoc::cli
