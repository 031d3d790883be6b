// The real plan, cross-checked against the structured reading of the decision in
// tests/data/ (tasks.tsv, indicators.tsv): every task with its leads and due time, every
// indicator with its comparator and value. Where the rules deliberately differ, the exception is
// listed below with the reason.

#include <catch2/catch.hpp>

#include <filesystem>
#include <fstream>
#include <map>
#include <set>
#include <sstream>

#include "dsl/diagnostics.hpp"
#include "dsl/parser.hpp"

using namespace dondoc::dsl;

namespace {
using Row = std::map<std::string, std::string>;

std::vector<Row> read_tsv(const std::string& name) {
  std::ifstream f(std::string(DONDOC_SOURCE_DIR) + "/tests/data/" + name);
  REQUIRE(f.good());
  std::vector<Row> rows;
  std::string line;
  std::vector<std::string> header;
  while (std::getline(f, line)) {
    std::vector<std::string> cols;
    std::stringstream ss(line);
    std::string c;
    while (std::getline(ss, c, '\t')) cols.push_back(c);
    if (header.empty()) {
      header = cols;
      continue;
    }
    Row r;
    for (std::size_t i = 0; i < header.size(); ++i) r[header[i]] = i < cols.size() ? cols[i] : "";
    rows.push_back(r);
  }
  return rows;
}

std::set<std::string> split_ids(const std::string& s) {
  std::set<std::string> out;
  std::stringstream ss(s);
  std::string id;
  while (std::getline(ss, id, ';')) {
    auto paren = id.find(" (");  // "SLDTBXH (inferred)"
    if (paren != std::string::npos) id = id.substr(0, paren);
    if (!id.empty()) out.insert(id);
  }
  return out;
}

template <typename T>
void collect(const std::vector<Decl>& decls, std::map<std::string, const T*>& out) {
  for (const auto& d : decls) {
    if (const auto* x = std::get_if<T>(&d)) out[std::string(x->id.text)] = x;
    if (const auto* s = std::get_if<SectionDecl>(&d)) collect(s->items, out);
  }
}

struct RealPlan {
  SourceSet sources;
  PlanSources plan;
  std::map<std::string, const TaskDecl*> tasks;
  std::map<std::string, const IndicatorDecl*> indicators;
  Reading reading = Reading::strict;
};

std::unique_ptr<RealPlan> load_real_plan() {
  auto p = std::make_unique<RealPlan>();
  Diagnostics diags;
  p->plan = load_plan(p->sources, {std::filesystem::path(DONDOC_SOURCE_DIR) / "rules" / "thanh-hoa-557"}, diags);
  INFO(render_all(diags, Lang::en));
  REQUIRE_FALSE(diags.has_errors());
  for (const auto& f : p->plan.files) {
    collect(f.decls, p->tasks);
    collect(f.decls, p->indicators);
    for (const auto& d : f.decls) {
      if (const auto* plan = std::get_if<PlanDecl>(&d); plan && plan->reading) p->reading = *plan->reading;
    }
  }
  return p;
}

std::set<std::string> names(const std::vector<Name>& v) {
  std::set<std::string> out;
  for (const auto& n : v) out.emplace(n.text);
  return out;
}
}  // namespace

TEST_CASE("thanh-hoa-557: every task of Phụ lục 2 has the leads and due time of the decision", "[rules][thanh-hoa-557]") {
  auto real = load_real_plan();
  auto rows = read_tsv("tasks.tsv");
  REQUIRE(rows.size() == 33);
  for (const auto& row : rows) {
    const std::string& id = row.at("id");
    INFO("task " << id << " (" << row.at("time_raw") << ")");
    REQUIRE(real->tasks.count(id));
    const TaskDecl& t = *real->tasks.at(id);
    CHECK(names(t.leads) == split_ids(row.at("lead_ids")));
    REQUIRE_FALSE(t.due.empty());
    const TimeExpr& due = t.due.front().time;  // the appendix's time comes first
    const std::string& kind = row.at("due_kind");
    if (kind == "period") {
      CHECK(due.form == TimeExpr::Form::period);
      CHECK(due.window_start()->iso() == row.at("window_start"));
      CHECK(due.due(real->reading)->iso() == row.at("window_end"));
    } else if (kind == "during_resolution") {
      CHECK(due.form == TimeExpr::Form::during_plan);
    } else if (kind == "conditional") {
      CHECK(t.trigger.has_value());  // waits for an event
      if (row.at("due_date").empty()) {
        CHECK(due.form == TimeExpr::Form::open_ended);
      } else {
        CHECK(due.due(real->reading)->iso() == row.at("due_date"));
      }
    } else {
      REQUIRE(due.due(real->reading).has_value());
      CHECK(due.due(real->reading)->iso() == row.at("due_date"));
    }
  }
}

TEST_CASE("thanh-hoa-557: body and appendix disagreements are both written down", "[rules][thanh-hoa-557]") {
  auto real = load_real_plan();
  const TaskDecl& ii5 = *real->tasks.at("II.5");
  REQUIRE(ii5.due.size() == 2);
  CHECK(ii5.due[0].time.due(Reading::strict) == Date{2023, 5, 31});
  CHECK(ii5.due[1].time.due(Reading::strict) == Date{2023, 6, 30});
  CHECK(ii5.due[0].per.has_value());
  CHECK(ii5.due[1].per.has_value());
  // IV.3's airport milestone: "vào năm 2025" (appendix) vs "trước năm 2025" (body III.4.2.a).
  // The rules keep IV.3 itself as the 2023–2030 road programme and put the airport on its own task.
  const TaskDecl& airport = *real->tasks.at("IV.3-CHKQT");
  REQUIRE(airport.due.size() == 2);
  CHECK(airport.due[0].time.due(Reading::strict) == Date{2025, 12, 31});
  CHECK(airport.due[1].time.due(Reading::strict) == Date{2024, 12, 31});
}

TEST_CASE("thanh-hoa-557: every indicator has the comparator, value, year and owners of the decision", "[rules][thanh-hoa-557]") {
  auto real = load_real_plan();
  auto rows = read_tsv("indicators.tsv");
  REQUIRE(rows.size() == 28);
  for (const auto& row : rows) {
    const std::string& id = row.at("id");
    INFO("indicator " << id << " " << row.at("target_raw"));
    REQUIRE(real->indicators.count(id));
    const IndicatorDecl& ind = *real->indicators.at(id);
    CHECK(names(ind.owners) == split_ids(row.at("owner_ids")));
    if (!row.at("parent").empty()) {
      REQUIRE(ind.part_of.has_value());
      CHECK(ind.part_of->text == row.at("parent"));
    }
    const std::string& cmp = row.at("comparator_eval");
    if (cmp == "composite") {
      CHECK_FALSE(ind.target.has_value());  // a composite target is its parts
      continue;
    }
    REQUIRE(ind.target.has_value());
    static const std::map<std::string, Target::Cmp> kCmp = {{">=", Target::Cmp::ge}, {"<=", Target::Cmp::le},
                                                            {">", Target::Cmp::gt},  {"<", Target::Cmp::lt},
                                                            {"=", Target::Cmp::eq},  {"range", Target::Cmp::range}};
    REQUIRE(kCmp.count(cmp));
    CHECK(ind.target->cmp == kCmp.at(cmp));
    CHECK(ind.target->value.value == Approx(std::stod(row.at("value"))));
    if (cmp == "range") CHECK(ind.target->value_max->value == Approx(std::stod(row.at("value_max"))));
    // A level the decision says to keep ("duy trì ở mức") is held every year, not reached by the
    // appendix's year (docs/language.md §4.8).
    CHECK(ind.target->every_year == (row.at("target_raw").find("Duy trì") != std::string::npos));
    if (!row.at("target_year").empty() && !ind.target->every_year) {
      REQUIRE(ind.target->year.has_value());
      CHECK(*ind.target->year == std::stoi(row.at("target_year")));
    }
  }
}
