#include "runtime/daemon.hpp"

#include <fmt/format.h>
#include <spdlog/spdlog.h>

#include <algorithm>
#include <chrono>
#include <nlohmann/json.hpp>

#include "dsl/text.hpp"
#include "engine/escalate.hpp"
#include "engine/escalation_line.hpp"
#include "runtime/mail.hpp"
#include "runtime/record.hpp"
#include "runtime/rules_hash.hpp"

namespace dondoc::runtime {

namespace {

using engine::Day;
using engine::iso;
using engine::kNoDay;

/// Errors shown per file in a `rules_rejected` escalation (a message to people, not a full report).
constexpr std::size_t kEscalationErrorsPerFile = 10;

std::optional<Day> parse_iso(std::string_view s) {
  auto d = dsl::parse_iso_date(std::string(s));
  return d ? std::optional<Day>(engine::day_of(*d)) : std::nullopt;
}

/// The rule files as the file system sees them (path, mtime, size): polled every tick.
std::string files_signature(const std::vector<std::filesystem::path>& roots) {
  namespace fs = std::filesystem;
  std::vector<std::string> rows;
  std::error_code ec;
  auto add = [&](const fs::path& p) {
    std::error_code e;
    auto size = fs::file_size(p, e);
    auto mtime = fs::last_write_time(p, e);
    rows.push_back(fmt::format("{}:{}:{}", p.string(), e ? 0 : mtime.time_since_epoch().count(), e ? 0 : size));
  };
  for (const auto& root : roots) {
    if (fs::is_directory(root, ec)) {
      for (auto it = fs::recursive_directory_iterator(root, ec); !ec && it != fs::recursive_directory_iterator(); it.increment(ec)) {
        if (it->is_regular_file(ec) && it->path().extension() == ".rules") add(it->path());
      }
    } else {
      add(root);
    }
  }
  std::sort(rows.begin(), rows.end());
  std::string sig;
  for (auto& r : rows) sig += r + "\n";
  return sig;
}

NewEscalation to_row(const engine::Model& m, const engine::Escalation& e) {
  const engine::Plan& p = m.plan;
  NewEscalation r;
  r.id = e.id;
  r.plan_date = iso(e.at);
  r.task = std::string(e.node != engine::kNone ? p.node_name(e.node) : p.str(p.duties[e.duty].id));
  r.kind = std::string(engine::escalation_kind_name(e.kind));
  r.level = e.level;
  for (auto a : e.to) r.recipient += (r.recipient.empty() ? "" : ",") + std::string(p.str(p.agencies[a].id));
  r.payload = engine::to_json(m, e);
  return r;
}

}  // namespace

Dispatcher::Options Daemon::dispatcher_options() {
  Dispatcher::Options options;
  options.wall_time = [this] { return stamp(); };
  return options;
}

Daemon::Daemon(const DaemonOptions& o, Store store, Clock& clock, std::function<bool()> stop_asked)
    : o_(o),
      store_(std::move(store)),
      clock_(clock),
      // A simulated clock resumes where the simulation stopped and stops at the plan's horizon.
      sim_(dynamic_cast<SimClock*>(&clock)),
      stop_asked_(stop_asked ? std::move(stop_asked) : [] { return false; }),
      dispatcher_(store_, dispatcher_options()) {
  for (const auto& p : o.paths) paths_.emplace_back(p);
}

Daemon::~Daemon() = default;

int Daemon::start() {
  rules_ = compile();
  if (!rules_.compiled->ok()) {
    // Fatal: logged (stderr and --log, with time and level) like every reason the daemon stops.
    spdlog::error("the rules have errors; the daemon does not start:\n{}{}", dsl::render_all(rules_.compiled->diags, o_.lang),
                  dsl::summary(rules_.compiled->diags, o_.lang));
    return 1;
  }
  watched_ = watched_roots();
  signature_ = files_signature(watched_);
  record_version(rules_);
  counters_.last_good_reload = clock_.now();
  nlohmann::json paths = nlohmann::json::array();
  for (const auto& p : paths_) paths.push_back(std::filesystem::absolute(p).lexically_normal().string());
  store_.set_state(kStatePlanPaths, paths.dump());
  if (!o_.calendar.dir.empty()) store_.set_state(kStateCalendar, std::filesystem::absolute(o_.calendar.dir).string());

  // Facts: all of them, re-resolved against the rules in force.
  dsl::Diagnostics parse_diags;
  log_.add_stored(store_.all_facts(), parse_diags);
  report_skipped(parse_diags);
  engine::Facts facts = resolve_all();

  // Where we are: the day after the last evaluation.
  if (auto last = store_.last_evaluation()) last_day_ = parse_iso(last->plan_date).value_or(kNoDay);
  resume_clock();

  escalator_ = std::make_unique<engine::Escalator>(*rules_.model, o_.lang);
  if (last_day_ == kNoDay) {
    evaluator_ = std::make_unique<engine::Evaluator>(*rules_.model, first_day() - 1);
    evaluator_->add(facts);
  } else if (!restore_threads(facts)) {
    replay(facts);
  }

  SinkOptions sink_options;
  sink_options.mail = o_.mail;
  sink_options.mail.compose = [this](const Delivery& d) {
    return compose_mail(*rules_.compiled->plan, d, o_.mail.from, o_.mail.fallback, o_.lang);
  };
  sink_options.console_line = [this](const Delivery& d) {
    return engine::escalation_line_of_json(*rules_.compiled->plan, d.json, o_.lang);
  };
  for (const auto& spec : o_.sinks) dispatcher_.add_sink(make_sink(spec, sink_options));
  log_settings();
  started_ = true;
  return 0;
}

void Daemon::resume_clock() {
  if (!sim_) return;
  Day base = engine::day_of(sim_->start());
  auto saved = store_.get_state(kStateSimClock);
  if (saved && saved->size() == 21 && parse_iso(saved->substr(0, 10)) == base) {
    if (auto pos = parse_iso(saved->substr(11))) base = *pos;
  }
  if (last_day_ != kNoDay && last_day_ > base) base = last_day_;
  sim_->resume_at(engine::date_of(base));
}

void Daemon::replay(const engine::Facts& facts) {
  // Warm up: replay what was evaluated, committing nothing, so that the escalator remembers what
  // it sent and which threads are open (for their resolution notices).
  auto t = std::chrono::steady_clock::now();
  Day first = last_day_;
  if (auto f = store_.get_state(kStateFirstDay)) first = parse_iso(*f).value_or(last_day_);
  if (first > last_day_) first = last_day_;
  evaluator_ = std::make_unique<engine::Evaluator>(*rules_.model, first);
  evaluator_->add(facts);
  std::size_t replayed = 0;
  for (Day d = first; d <= last_day_; ++d) {
    if (d != first) evaluator_->set_date(d);
    replayed += escalator_->run(evaluator_->evaluation()).size();
  }
  spdlog::info("resumed after {}: replayed {} days ({} escalations already sent, {} open threads) in {} ms", iso(last_day_),
               last_day_ - first + 1, replayed, escalator_->open_threads(),
               std::chrono::duration_cast<std::chrono::milliseconds>(std::chrono::steady_clock::now() - t).count());
}

void Daemon::log_settings() const {
  std::string sinks;
  for (const auto& s : dispatcher_.sinks()) sinks += (sinks.empty() ? "" : ", ") + s->name();
  const engine::Plan& p = *rules_.compiled->plan;
  std::string stop = o_.until               ? "until " + iso(*o_.until)
                     : stop_day() != kNoDay ? "until the plan's horizon " + iso(stop_day())
                     : sim_                 ? "until stopped (the plan declares no horizon)"
                                            : "until stopped";
  spdlog::info("started: plan {} ({} tasks), rules version {} (hash {}), {} facts, db {}, clock {}, sinks [{}], tick {} ms, {}",
               p.str(p.header.id), p.tasks.size(), rules_.version, rules_.hash, log_.last_seq(), o_.db, clock_.describe(), sinks,
               o_.tick_ms, stop);
  if (dispatcher_.sinks().empty())
    spdlog::warn("no --sink given: escalations are kept in the store's outbox and reach nobody (add e.g. --sink jsonl:FILE)");
  if (sim_ && stop_day() == kNoDay)
    spdlog::warn("a simulated clock without --until, and the plan declares no horizon: the simulation runs until it is stopped");
}

bool Daemon::restore_threads(const engine::Facts& facts) {
  auto at = store_.get_state(kStateThreadsAt);
  auto last = store_.last_evaluation();
  auto saved = store_.get_state(kStateThreads);
  if (!at || !last || !saved || *at != std::to_string(last->seq)) return false;
  auto t = std::chrono::steady_clock::now();
  if (!escalator_->load_threads(*saved)) {
    spdlog::warn("the saved escalation threads cannot be read; replaying the evaluated days instead");
    return false;
  }
  std::size_t sent = 0;
  for (auto& id : store_.escalation_ids()) escalator_->mark_sent(std::move(id)), ++sent;
  evaluator_ = std::make_unique<engine::Evaluator>(*rules_.model, last_day_);
  evaluator_->add(facts);
  spdlog::info("resumed after {} from the saved threads ({} open, {} escalations already sent) in {} ms", iso(last_day_),
               escalator_->open_threads(), sent,
               std::chrono::duration_cast<std::chrono::milliseconds>(std::chrono::steady_clock::now() - t).count());
  return true;
}

void Daemon::tick() {
  if (reload_asked_) {
    reload_asked_ = false;
    reload("SIGHUP");
  } else {
    std::string sig = files_signature(watched_);
    // Reload once the files stopped changing for one tick (an editor writes in several steps).
    if (sig != signature_ && sig == pending_signature_) {
      signature_ = sig;
      reload("the rule files changed");
    }
    pending_signature_ = sig;
  }
  const auto t0 = std::chrono::steady_clock::now();
  const std::int64_t seen_before = log_.last_seq();
  const Day day_before = last_day_;
  bool fresh = take_new_facts();
  const bool had_facts = fresh;

  Day today = this->today();
  if (stop_day() != kNoDay && today > stop_day()) today = stop_day();
  Day from = last_day_ == kNoDay ? first_day() : last_day_ + 1;
  for (Day d = from; d <= today && !stop_asked_(); ++d) {
    evaluate_day(d);
    fresh = false;
    if (!sim_ || d == stop_day() || engine::date_of(d + 1).d == 1) end_period();
  }
  if (fresh && last_day_ != kNoDay) evaluate_day(last_day_);  // same day, new facts

  const auto t1 = std::chrono::steady_clock::now();
  drain();
  if (had_facts || last_day_ != day_before) {
    using ms = std::chrono::duration<double, std::milli>;
    spdlog::debug("tick: {} new facts, {} days evaluated, {:.2f} ms (+ {:.2f} ms drain)", log_.last_seq() - seen_before,
                  day_before == kNoDay ? (last_day_ == kNoDay ? 0 : 1) : last_day_ - day_before, ms(t1 - t0).count(),
                  ms(std::chrono::steady_clock::now() - t1).count());
  }
  if (sim_ && last_day_ != kNoDay && last_day_ != saved_position_) {
    store_.set_state(kStateSimClock, sim_->start().iso() + " " + iso(last_day_));
    saved_position_ = last_day_;
  }
}

Day Daemon::stop_day() const {
  if (o_.until) return *o_.until;
  return sim_ ? rules_.compiled->dates.plan_end : kNoDay;
}

bool Daemon::finished(std::string& why) {
  Day stop = stop_day();
  if (stop == kNoDay || last_day_ == kNoDay || last_day_ < stop) return false;
  for (const auto& s : dispatcher_.sinks())
    if (!store_.outbox(s->name(), 1).empty()) return false;
  why = o_.until ? "--until " + iso(stop) + " reached"
                 : fmt::format("the plan's horizon {} reached on the simulated clock; give --until to stop elsewhere", iso(stop));
  return true;
}

void Daemon::stop() {
  end_period();
  save_threads();
}

void Daemon::end_period() {
  if (period_.days == 0 && period_.raised == 0) return;
  drain();
  const auto& c = evaluator_->evaluation().counts;
  std::string label = sim_ ? iso(last_day_).substr(0, 7) : iso(last_day_);
  auto count = [](int n, const char* one, const char* many) { return fmt::format("{} {}", n, n == 1 ? one : many); };
  spdlog::info("{}: {} evaluated, {}, {} ({}); on {}: {} overdue, {} due soon, {} at risk", label, count(period_.days, "day", "days"),
               count(period_.raised, "new escalation", "new escalations"), count(period_.delivered, "delivery", "deliveries"),
               count(period_.failed, "failed attempt", "failed attempts"), iso(last_day_), c[static_cast<int>(engine::Status::overdue)],
               c[static_cast<int>(engine::Status::due_soon)], c[static_cast<int>(engine::Status::at_risk)]);
  period_ = {};
}

void Daemon::save_threads() {
  auto last = store_.last_evaluation();
  if (!escalator_ || !last) return;
  store_.set_state(kStateThreads, escalator_->save_threads());
  store_.set_state(kStateThreadsAt, std::to_string(last->seq));
}

std::vector<std::string> Daemon::sink_names() const {
  std::vector<std::string> names;
  for (const auto& s : dispatcher_.sinks()) names.push_back(s->name());
  return names;
}

WriteOutcome Daemon::record(const std::vector<JournalInput>& journals, const std::string& by, dsl::Lang lang) {
  RecordRequest request;
  for (const auto& j : journals) request.texts.push_back({j.name, j.text});
  request.by = by;
  request.at = stamp();
  WriteOutcome out;
  RecordResult r;
  try {
    r = record_facts(store_, *rules_.compiled, request);
  } catch (const StoreError& e) {  // a damaged store: refused, said in the caller's language
    spdlog::error("http: recording facts: {}", e.what());
    out.kind = WriteOutcome::Kind::failed;
    out.message = e.in(lang == dsl::Lang::vi);
    return out;
  }
  if (r.outcome == RecordResult::Outcome::refused) {
    out.kind = WriteOutcome::Kind::invalid;
    out.message = r.render_diagnostics(lang);
    return out;
  }
  if (r.outcome == RecordResult::Outcome::busy) {
    out.kind = WriteOutcome::Kind::conflict;
    out.message = RecordResult::busy_message().in(lang);
    return out;
  }
  for (const auto& f : r.recorded) out.seqs.push_back(f.seq), out.texts.push_back(f.text);
  out.message = r.render_recorded(lang) + r.render_diagnostics(lang);
  counters_.facts_recorded_http += static_cast<std::int64_t>(r.recorded.size());
  if (take_new_facts() && last_day_ != kNoDay) evaluate_day(last_day_);
  return out;
}

WriteOutcome Daemon::reload(dsl::Lang lang) {
  WriteOutcome r = reload("HTTP POST /api/reload");
  if (lang == o_.lang || r.kind == WriteOutcome::Kind::ok) return r;
  r.message = dsl::render_all(rejected_->compiled->diags, lang) + dsl::summary(rejected_->compiled->diags, lang);
  return r;
}

std::vector<std::filesystem::path> Daemon::watched_roots() const {
  std::vector<std::filesystem::path> roots = paths_;
  if (rules_.compiled->calendar) roots.push_back(*rules_.compiled->calendar);
  return roots;
}

Daemon::Rules Daemon::compile() const {
  Rules r;
  r.compiled = engine::compile_plan(paths_, o_.calendar);
  r.hash = rules_hash(r.compiled->sources, &r.files);
  if (r.compiled->ok()) {
    auto& c = *r.compiled;
    r.model = std::make_unique<engine::Model>(engine::Model{*c.plan, c.dates, c.occurrences, c.schedule});
  }
  return r;
}

void Daemon::record_version(Rules& r) {
  auto latest = store_.latest_rule_version();
  if (latest && latest->hash == r.hash) {
    r.version = latest->id;
    return;
  }
  RuleVersion v;
  v.hash = r.hash;
  v.plan_id = std::string(r.compiled->plan->str(r.compiled->plan->header.id));
  v.files = r.files;
  v.loaded_at = stamp();
  r.version = store_.add_rule_version(v);
  spdlog::info("rules version {} recorded (hash {}, {} files)", r.version, r.hash, r.files.size());
}

void Daemon::report_skipped(const dsl::Diagnostics& diags) {
  for (const auto& d : diags.items()) {
    if (d.severity != dsl::Severity::error) continue;
    spdlog::warn("fact {} skipped (kept in the store): {}", d.loc.path(), d.message.in(dsl::Lang::en));
  }
}

engine::Facts Daemon::resolve_all() {
  dsl::Diagnostics diags;
  engine::Facts facts = log_.resolve(*rules_.compiled, diags);
  report_skipped(diags);
  return facts;
}

bool Daemon::take_new_facts() {
  auto fresh = store_.facts_since(log_.last_seq());
  if (fresh.empty()) return false;
  std::size_t from = log_.journal_count();
  dsl::Diagnostics diags;
  log_.add_stored(fresh, diags);
  engine::Facts facts = log_.resolve(*rules_.compiled, diags, from);
  for (const auto& f : fresh) spdlog::info("fact #{} taken in: {}", f.seq, f.text);
  report_skipped(diags);
  if (!facts.withdrawn.empty()) {
    // A withdrawal takes an earlier fact out of force: evaluate from the facts in force now.
    std::string which;
    for (auto n : facts.withdrawn) which += (which.empty() ? "#" : ", #") + std::to_string(n);
    spdlog::info("facts withdrawn: {}; evaluating again without them", which);
    log_.invalidate();
    engine::Facts all = resolve_all();
    evaluator_ = std::make_unique<engine::Evaluator>(*rules_.model, evaluator_->evaluation().at);
    evaluator_->add(all);
    return true;
  }
  for (const auto& f : facts.items) evaluator_->add(f);
  spdlog::debug("{} new facts (up to #{}), {} in force", fresh.size(), log_.last_seq(), facts.items.size());
  return true;
}

void Daemon::evaluate_day(Day d) {
  if (evaluator_->evaluation().at != d) evaluator_->set_date(d);
  // A new day is a full pass; new facts on the day already run change only what they reach,
  // and the escalator looks only there.
  auto day = escalator_->run(evaluator_->evaluation(), evaluator_->take_changes());
  std::vector<NewEscalation> rows;
  rows.reserve(day.size());
  for (const auto& e : day) rows.push_back(to_row(*rules_.model, e));
  for (const auto& g : engine::make_digests(*rules_.model, day, o_.lang)) {
    NewEscalation r;
    r.id = g.id;
    r.plan_date = iso(g.at);
    r.kind = "digest";
    r.recipient = std::string(rules_.model->plan.str(rules_.model->plan.agencies[g.to].id));
    r.payload = engine::to_json(*rules_.model, g);
    rows.push_back(std::move(r));
  }
  if (!store_.get_state(kStateFirstDay)) store_.set_state(kStateFirstDay, iso(d));
  Evaluation ev;
  ev.plan_date = iso(d);
  ev.rule_version = rules_.version;
  ev.facts_seen = log_.last_seq();
  ev.at = stamp();
  auto res = store_.commit_evaluation(ev, rows);
  if (d != last_day_) ++period_.days;
  period_.raised += res.new_escalations;
  last_day_ = d;
  const auto& c = evaluator_->evaluation().counts;
  spdlog::debug("evaluated {}: {} escalations ({} new), overdue {}, due soon {}, at risk {}", iso(d), rows.size(), res.new_escalations,
                c[static_cast<int>(engine::Status::overdue)], c[static_cast<int>(engine::Status::due_soon)],
                c[static_cast<int>(engine::Status::at_risk)]);
}

void Daemon::drain() {
  auto stats = dispatcher_.drain();
  period_.delivered += stats.delivered;
  period_.failed += stats.failed;
  if (stats.delivered || stats.failed)
    spdlog::debug("drained: {} delivered, {} failed, {} held", stats.delivered, stats.failed, stats.held);
}

WriteOutcome Daemon::reload(const std::string& why) {
  Rules next = compile();
  WriteOutcome out;
  out.version = rules_.version;
  if (next.hash == rules_.hash) {
    spdlog::info("reload ({}): the rules are unchanged (hash {})", why, next.hash);
    out.message = fmt::format("the rules are unchanged (version {}, hash {})", rules_.version, next.hash);
    return out;
  }
  if (!next.compiled->ok()) {
    const auto& diags = next.compiled->diags;
    out.kind = WriteOutcome::Kind::invalid;
    out.message = dsl::render_all(diags, o_.lang) + dsl::summary(diags, o_.lang);
    if (next.hash == rejected_hash_) return out;
    rejected_hash_ = next.hash;
    ++counters_.reload_failures;
    spdlog::warn("reload ({}): the new rules (hash {}) have errors; the rules in force (version {}, hash {}) keep running:\n{}{}", why,
                 next.hash, rules_.version, rules_.hash, dsl::render_all(diags, o_.lang), dsl::summary(diags, o_.lang));
    reject(next);
    rejected_ = std::make_unique<Rules>(std::move(next));
    return out;
  }
  rejected_hash_.clear();
  record_version(next);
  Rules old = std::move(rules_);
  rules_ = std::move(next);
  log_.invalidate();
  watched_ = watched_roots();
  engine::Facts facts = resolve_all();
  Day at = last_day_ != kNoDay ? last_day_ : first_day() - 1;
  evaluator_ = std::make_unique<engine::Evaluator>(*rules_.model, at);
  evaluator_->add(facts);
  escalator_->reload(*rules_.model);
  const engine::Plan& p = *rules_.compiled->plan;
  spdlog::info("reload ({}): rules version {} in force (hash {}, was {}), {} tasks, {} facts", why, rules_.version, rules_.hash, old.hash,
               p.tasks.size(), facts.items.size());
  ++counters_.reloads;
  counters_.last_good_reload = clock_.now();
  out.version = rules_.version;
  out.message = fmt::format("rules version {} in force (hash {}), {} tasks", rules_.version, rules_.hash, p.tasks.size());
  return out;
  // `old` is released here, after nothing points to it any more.
}

void Daemon::reject(const Rules& bad) {
  const engine::Plan& p = *rules_.compiled->plan;
  std::vector<std::string> to;
  for (auto a : {p.header.owner, p.header.follow_up}) {
    if (a == engine::kNone) continue;
    std::string id(p.str(p.agencies[a].id));
    if (std::find(to.begin(), to.end(), id) == to.end()) to.push_back(id);
  }
  Day day = last_day_ != kNoDay ? last_day_ : first_day() - 1;
  const auto& diags = bad.compiled->diags;
  nlohmann::ordered_json j;
  j["id"] = hex16(dsl::fnv1a(bad.hash, dsl::fnv1a("rules_rejected")));
  j["at"] = iso(day);
  j["task"] = nullptr;
  j["kind"] = "rules_rejected";
  j["level"] = 0;
  j["to"] = to;
  j["reason"] =
      fmt::format("the edited rules have {} errors; the rules in force (version {}) keep running", diags.error_count(), rules_.version);
  j["rules_hash"] = bad.hash;
  j["in_force"] = rules_.hash;
  std::string lead = o_.lang == dsl::Lang::en ? "The edited rule files were not put in force; fix these errors:\n"
                                              : "Các tệp quy tắc vừa sửa chưa được áp dụng; cần sửa các lỗi sau:\n";
  // A bounded summary: the first few errors of each file, the rest counted (the log has more).
  j["message"] = lead + dsl::render_all(diags, o_.lang, {}, kEscalationErrorsPerFile) + dsl::summary(diags, o_.lang);
  NewEscalation r;
  r.id = j["id"];
  r.plan_date = iso(day);
  r.kind = "rules_rejected";
  for (const auto& t : to) r.recipient += (r.recipient.empty() ? "" : ",") + t;
  r.payload = j.dump(-1, ' ', false, nlohmann::ordered_json::error_handler_t::replace);
  Evaluation ev;
  ev.plan_date = iso(day);
  ev.rule_version = rules_.version;
  ev.facts_seen = log_.last_seq();
  ev.at = stamp();
  store_.commit_evaluation(ev, std::vector<NewEscalation>{r});
}

Day Daemon::first_day() const {
  return sim_ && last_day_ == kNoDay ? engine::day_of(sim_->start()) : today();
}

std::size_t Daemon::open_threads() const {
  return escalator_ ? escalator_->open_threads() : 0;
}

}  // namespace dondoc::runtime
