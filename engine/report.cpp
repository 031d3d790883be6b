#include "engine/report.hpp"

#include <algorithm>

namespace dondoc::engine {

namespace {

Day period_start(Period period, Day at, Day plan_start) {
  dsl::Date d = date_of(at);
  switch (period) {
    case Period::quarter:
      return day_of(dsl::Date{d.y, (d.m - 1) / 3 * 3 + 1, 1});
    case Period::half:
      return day_of(dsl::Date{d.y, d.m <= 6 ? 1 : 7, 1});
    case Period::year:
      return day_of(dsl::Date{d.y, 1, 1});
    case Period::all:
      break;
  }
  return plan_start;
}

void tally(Tally& into, const Evaluation& e, TaskId t, int long_overdue_days) {
  Category c = category_of(e.status[t], e.start[t], e.at);  // as status counts: not before the task starts
  if (c != Category::none) ++into.categories[static_cast<int>(c)];
  if (e.status[t] == Status::waiting) ++into.waiting;
  if (e.status[t] == Status::ongoing) ++into.ongoing;
  if (e.status[t] == Status::waived) ++into.waived;
  if (e.status[t] == Status::overdue && e.days_late(t) > long_overdue_days) ++into.long_overdue;
}

/// What holds an at-risk task back, nearest first, ending at its root cause.
std::vector<NodeId> chain_of(const Evaluation& e, TaskId t) {
  std::vector<NodeId> chain;
  NodeId root = e.root_cause[t];
  for (NodeId n = e.blocked_by[t]; n != kNone && n != t && chain.size() < 64; n = e.blocked_by[n]) {
    chain.push_back(n);
    if (n == root) break;
  }
  if (root != kNone && root != t && (chain.empty() || chain.back() != root)) chain.push_back(root);
  return chain;
}

void add_rounds(Report& r, const Model& m, const Evaluation& e) {
  const Plan& p = m.plan;
  for (DutyId u = 0; u < p.duties.size(); ++u) {
    std::vector<ReportRound> rounds;
    auto occurrences = m.occurrences.of(u);
    for (std::size_t i = 0; i < occurrences.size(); ++i) {
      const Occurrence& o = occurrences[i];
      if (r.options.agency != kNone && o.agency != r.options.agency) continue;
      auto it = std::find_if(rounds.begin(), rounds.end(), [&](const ReportRound& x) { return x.year == o.year && x.period == o.period; });
      if (it == rounds.end()) {
        rounds.push_back(ReportRound{u, o.year, o.period, o.deadline, {}, {}, {}, {}});
        it = rounds.end() - 1;
      }
      it->due = std::min(it->due, o.deadline);
      auto index = static_cast<std::uint32_t>(m.occurrences.duty_begin[u] + i);
      switch (e.occurrence_status[index]) {
        case Status::done_on_time:
          it->on_time.push_back(index);
          break;
        case Status::done_late:
          it->late.push_back(index);
          break;
        case Status::overdue:
          it->missing.push_back(index);
          break;
        default:
          it->not_due.push_back(index);
          break;
      }
    }
    // The rounds due in the period, then the next one to come.
    bool next_taken = false;
    for (auto& round : rounds) {
      if (round.due > r.at) {
        if (next_taken) break;
        next_taken = true;
        r.rounds.push_back(std::move(round));
      } else if (round.due >= r.from) {
        r.rounds.push_back(std::move(round));
      }
    }
  }
}

}  // namespace

std::optional<Period> period_from_name(std::string_view name) {
  if (name == "quarter") return Period::quarter;
  if (name == "half") return Period::half;
  if (name == "year") return Period::year;
  if (name == "all") return Period::all;
  return std::nullopt;
}

Report build_report(const Model& m, const Evaluation& e, const ReportOptions& options) {
  const Plan& p = m.plan;
  Report r;
  r.at = e.at;
  r.options = options;
  r.from = std::min(e.at, period_start(options.period, e.at, m.dates.plan_start));
  std::vector<std::uint8_t> leads(p.agencies.size());
  std::vector<Tally> by_agency(p.agencies.size());
  for (TaskId t = 0; t < p.tasks.size(); ++t) {
    auto task_leads = p.agencies_of(p.tasks[t].leads);
    if (options.agency != kNone && std::find(task_leads.begin(), task_leads.end(), options.agency) == task_leads.end()) continue;
    r.tasks.push_back(t);
    tally(r.total, e, t, options.long_overdue_days);
    ++r.counts[static_cast<int>(e.status[t])];
    for (AgencyId a : task_leads) {
      if (options.agency != kNone && a != options.agency) continue;
      leads[a] = 1;
      tally(by_agency[a], e, t, options.long_overdue_days);
    }
    if (e.status[t] == Status::waiting) r.waiting.push_back(t);
    if (e.done[t] != kNoDay && e.done[t] >= r.from && e.done[t] <= r.at) r.done_in_period.push_back(t);
    if (e.deadline[t] != kNoDay && e.deadline[t] >= r.from && e.deadline[t] <= r.at) r.due_in_period.push_back(t);
  }
  for (AgencyId a = 0; a < p.agencies.size(); ++a) {
    if (leads[a]) r.agencies.push_back({a, by_agency[a]});
  }
  for (TaskId t : r.tasks) {
    if (e.status[t] == Status::overdue) r.late.push_back({t, e.days_late(t), chain_of(e, t)});
  }
  std::stable_sort(r.late.begin(), r.late.end(), [](const LateTask& a, const LateTask& b) { return a.days_late > b.days_late; });
  for (TaskId t : r.tasks) {
    if (e.status[t] == Status::at_risk) r.late.push_back({t, 0, chain_of(e, t)});
  }
  add_rounds(r, m, e);
  for (IndicatorId i = 0; i < p.indicators.size(); ++i) {
    auto owners = p.agencies_of(p.indicators[i].owners);
    if (options.agency == kNone || std::find(owners.begin(), owners.end(), options.agency) != owners.end()) r.indicators.push_back(i);
  }
  return r;
}

}  // namespace dondoc::engine
