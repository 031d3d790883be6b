#include "cli/facts_input.hpp"

#include <fmt/format.h>

#include <cstdio>
#include <filesystem>
#include <sstream>

#include "dsl/journal.hpp"
#include "dsl/parser.hpp"
#include "runtime/store.hpp"

namespace dondoc::cli {

std::optional<engine::Day> parse_date_arg(std::string_view text) {
  dsl::Date d;
  char tail = 0;
  std::string s(text);
  if (std::sscanf(s.c_str(), "%4d-%2d-%2d%c", &d.y, &d.m, &d.d, &tail) == 3 && s.size() == 10) {
    // ISO
  } else if (std::sscanf(s.c_str(), "%2d/%2d/%4d%c", &d.d, &d.m, &d.y, &tail) == 3 && s.find('/') != std::string::npos && s.size() >= 8 &&
             s.size() <= 10) {
    // dd/mm/yyyy
  } else {
    return std::nullopt;
  }
  if (!d.valid()) return std::nullopt;
  return engine::day_of(d);
}

namespace {

/// The facts of the store at `path` as one journal, the text `dondoc export` writes (a fact's
/// diagnostics then name the store and the fact's line). nullopt, with an error, when the file is
/// missing or not a readable store.
std::optional<std::string> store_journal(const std::string& path, dsl::Diagnostics& diags) {
  if (!std::filesystem::is_regular_file(path)) {
    diags.error(dsl::Location{}, dsl::Message{fmt::format("không có cơ sở dữ liệu '{}'", path), fmt::format("no store '{}'", path)});
    return std::nullopt;
  }
  try {
    std::ostringstream text;
    runtime::Store::open(path).export_journal(text);
    return text.str();
  } catch (const std::exception& e) {
    diags.error(dsl::Location{}, dsl::Message{fmt::format("không đọc được cơ sở dữ liệu '{}': {}", path, e.what()),
                                              fmt::format("cannot read the store '{}': {}", path, e.what())});
    return std::nullopt;
  }
}

}  // namespace

engine::Facts load_facts(engine::CompiledPlan& compiled, const FactInputs& inputs) {
  std::vector<dsl::JournalAst> journals;
  journals.reserve(inputs.journals.size() + 2);
  if (!inputs.db.empty()) {
    if (auto text = store_journal(inputs.db, compiled.diags)) {
      const dsl::SourceFile& file = compiled.sources.add(inputs.db, std::move(*text), compiled.diags);
      journals.push_back(dsl::parse_journal(file, compiled.diags));
    }
  }
  for (const auto& path : inputs.journals) {
    std::FILE* f = std::fopen(path.c_str(), "rb");
    if (!f) {
      compiled.diags.error(dsl::Location{}, dsl::Message{fmt::format("không đọc được tệp nhật ký '{}'", path),
                                                         fmt::format("cannot read the journal '{}'", path)});
      continue;
    }
    std::string bytes;
    char buf[65536];
    for (std::size_t n; (n = std::fread(buf, 1, sizeof buf, f)) > 0;) bytes.append(buf, n);
    std::fclose(f);
    const dsl::SourceFile& file = compiled.sources.add(path, std::move(bytes), compiled.diags);
    journals.push_back(dsl::parse_journal(file, compiled.diags));
  }
  // `--assume EVENT=DATE`: an event fact written on the command line; a source of its own so that
  // a mistake in it is shown like one in a file.
  dsl::JournalAst assumed;
  for (const auto& spec : inputs.assume) {
    const dsl::SourceFile& file = compiled.sources.add("--assume", spec, compiled.diags);
    std::string_view text = file.text;  // the fact's names view this text, which lives as long as `compiled`
    auto eq = text.find('=');
    auto day = eq == std::string::npos ? std::nullopt : parse_date_arg(text.substr(eq + 1));
    if (eq == std::string::npos || eq == 0 || !day) {
      compiled.diags.error(dsl::Location{&file, 1, 1}, dsl::Message{"'--assume' cần dạng SỰ_KIỆN=NGÀY, ví dụ TTG_DUYET_QHC=01/09/2023",
                                                                    "'--assume' needs EVENT=DATE, e.g. TTG_DUYET_QHC=2023-09-01"});
      continue;
    }
    dsl::FactAst fact;
    fact.kind = dsl::FactAst::Kind::happened;
    fact.target = dsl::Name{text.substr(0, eq), dsl::Location{&file, 1, 1}};
    fact.on = engine::date_of(*day);
    fact.reference = dsl::Text{"--assume", {}};
    fact.loc = dsl::Location{&file, 1, 1};
    assumed.facts.push_back(std::move(fact));
  }
  std::vector<const dsl::JournalAst*> all;
  for (const auto& j : journals) all.push_back(&j);
  if (!assumed.facts.empty()) all.push_back(&assumed);
  engine::Facts facts = engine::resolve_facts(*compiled.plan, compiled.dates, compiled.occurrences, all, compiled.diags);
  compiled.diags.sort_by_location();
  return facts;
}

}  // namespace dondoc::cli
