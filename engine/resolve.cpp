#include "engine/resolve.hpp"

#include "engine/kind_ids.hpp"
#include "engine/kind_words.hpp"

#include <fmt/format.h>

#include <algorithm>
#include <atomic>
#include <cstdlib>
#include <deque>
#include <exception>
#include <map>
#include <span>
#include <stdexcept>
#include <string>
#include <string_view>
#include <system_error>
#include <thread>
#include <unordered_map>

#include "dsl/text.hpp"
#include "engine/escalate.hpp"
#include "engine/memory.hpp"

namespace dondoc::engine {

namespace {
using dsl::Location;
using dsl::Message;
using dsl::Name;

using namespace detail;

/// A name reduced for matching against full names: no marks, no case, letters and digits only.
std::string name_key(std::string_view s) {
  std::string out;
  for (char c : dsl::strip_marks(s)) {
    if (std::isalnum(static_cast<unsigned char>(c))) out += c;
  }
  return out;
}

constexpr int kMaxHints = 200;        // a generated plan full of typos should not cost n² edit distances
constexpr int kMaxLagDays = 365'000;  // about a thousand years, as for durations (engine/node_input.hpp)
constexpr int kMaxLagMonths = kMaxLagDays / 30;
constexpr std::size_t kParallelTasks = 20000;  // below this a second thread costs more than it saves

// ---------------------------------------------------------------- the resolver
class Resolver {
 public:
  Resolver(const dsl::PlanSources& sources, dsl::Diagnostics& diags, unsigned threads) : src_(sources), diags_(diags), threads_(threads) {}

  Plan run() {
    Counts n = reserve();
    bool parallel = false;
    {
      // A large plan's tasks have their texts taken on a second thread, each task as soon as it
      // is declared, while this one declares the rest and resolves agencies to sections.
      const bool large = threads_ >= 2 && n.tasks >= kParallelTasks;
      std::jthread populating;  // meanwhile the page faults of the arrays filled next, on a third
      if (large) {
        try {
          populating = std::jthread([this] {
            // What declaring fills, a declaration at a time; then what the texts and the task
            // workers fill, a task at a time.
            populate_together({reserved(plan_.tasks), reserved(plan_.symbols), reserved(task_decls_)});
            populate_together({reserved(plan_.dues), reserved(plan_.depends_on.offsets), reserved(plan_.depends_on.targets),
                               reserved(plan_.depends_loc), reserved(plan_.waits_for.offsets)});
          });
        } catch (const std::system_error&) {  // no thread to be had: the faults come as the arrays fill
        }
      }
      TextsWorker texts(*this, large);
      for (const auto& f : src_.files) {
        lang_ = f.lang;
        declare_all(f.decls, kNone);
      }
      texts.declared_all();
      plan_.symbols.resize(plan_.strings.size());  // pass 1 interned only ids: the table stays small
      resolve_agencies();
      resolve_groups();
      resolve_agency_ends();
      resolve_header();
      resolve_policies();
      resolve_sections();
      parallel = texts.finish();
    }
    if (!parallel || !resolve_tasks_parallel()) {
      plan_.dues.clear();  // tasks are the first to add due times
      for (TaskId t = 0; t < plan_.tasks.size(); ++t) resolve_task(t);
    }
    resolve_timing();
    for (const Task& task : plan_.tasks) {
      if (task.due.size > 1) put_tracked_first(task);
    }
    for (TaskId t : sent_tasks_) resolve_task_addressing(t);
    for (EventId e = 0; e < plan_.events.size(); ++e) resolve_event(e);
    for (const auto& pa : passages_) resolve_passage(pa);
    for (DutyId d = 0; d < plan_.duties.size(); ++d) resolve_duty(d);
    check_duty_chains();
    for (IndicatorId i = 0; i < plan_.indicators.size(); ++i) resolve_indicator(i);
    for (TaskId t = 0; t < plan_.tasks.size(); ++t) {
      const auto& d = *task_decls_[t];
      if (d.target) {
        add_task_target(t);
      } else if (d.unit) {
        diags_.error(d.unit->loc,
                     Message{fmt::format("nhiệm vụ {} có đơn vị tính nhưng không có mục tiêu", d.id.text),
                             fmt::format("task {} has a unit but no target", d.id.text)},
                     {Message{"thêm 'mục tiêu …', ví dụ 'mục tiêu ≥ 1 năm 2025', hoặc bỏ dòng 'đơn vị tính'",
                              "add 'target …', such as 'target >= 1 in 2025', or remove the 'unit' line"}});
      }
    }
    for (const auto* w : waives_) resolve_waive(*w);
    plan_.dependents = plan_.depends_on.reversed();
    plan_.wakes = plan_.waits_for.reversed();
    plan_.calendar = WorkingCalendar::from(holidays_);
    return std::move(plan_);
  }

 private:
  // ---- pass 0: the plan's arrays sized once from a count of the declarations (a million-task
  // plan would otherwise grow and copy them a dozen times)
  struct Counts {
    std::size_t decls = 0, sections = 0, tasks = 0, events = 0, dues = 0, depends = 0;
    Counts& operator+=(const Counts& o) {
      decls += o.decls, sections += o.sections, tasks += o.tasks, events += o.events, dues += o.dues, depends += o.depends;
      return *this;
    }
  };
  static void count_all(std::span<const dsl::Decl> decls, Counts& n) {
    n.decls += decls.size();
    for (const auto& decl : decls) {
      if (const auto* t = std::get_if<dsl::TaskDecl>(&decl)) {
        ++n.tasks;
        if (t->passes) n.events += t->passes->bodies.size();
        n.dues += t->due.size();
        n.depends += t->depends_on.size();
      } else if (std::holds_alternative<dsl::EventDecl>(decl)) {
        ++n.events;
      } else if (const auto* s = std::get_if<dsl::SectionDecl>(&decl)) {
        ++n.sections;
        count_all(s->items, n);
      }
    }
  }
  /// The declarations of the plan counted, those at the top of its files from `from` to `to` (in
  /// load order) with what their sections hold.
  void count_top(std::size_t from, std::size_t to, Counts& n) const {
    std::size_t at = 0;
    for (const auto& f : src_.files) {
      std::size_t begin = std::max(from, at), end = std::min(to, at + f.decls.size());
      if (begin < end) count_all(std::span<const dsl::Decl>(f.decls).subspan(begin - at, end - begin), n);
      at += f.decls.size();
    }
  }
  /// Counting a million declarations reads a cache line or two of each: ~0.1 s, halved on two threads.
  Counts count_decls() const {
    std::size_t top = 0;
    for (const auto& f : src_.files) top += f.decls.size();
    Counts first, second;
    std::jthread counting;
    if (threads_ >= 2 && top >= 64) {  // a thread costs some 50 µs; most declarations are inside sections
      try {
        counting = std::jthread([&] { count_top(top / 2, top, second); });
      } catch (const std::system_error&) {  // no thread to be had: this one counts it all
      }
    }
    count_top(0, counting.joinable() ? top / 2 : top, first);
    if (counting.joinable()) counting.join();
    return first += second;
  }
  /// Sizes the arrays for every declaration counted; duplicates, left out, only leave room.
  Counts reserve() {
    Counts n = count_decls();
    plan_.strings.reserve(n.decls);  // pass 1 interns only the ids
    reserve_huge(plan_.symbols, n.decls);
    plan_.sections.reserve(n.sections);
    section_decls_.reserve(n.sections);
    reserve_huge(plan_.tasks, n.tasks);  // the texts worker relies on these two never moving
    reserve_huge(task_decls_, n.tasks);
    reserve_huge(plan_.dues, n.dues);
    reserve_huge(plan_.depends_on.offsets, n.tasks + 1);
    reserve_huge(plan_.depends_on.targets, n.depends);
    reserve_huge(plan_.depends_loc, n.depends);
    reserve_huge(plan_.waits_for.offsets, n.tasks + n.events + 1);
    plan_.events.reserve(n.events);
    event_decls_.reserve(n.events);
    return n;
  }

  // ---- pass 1: every declaration gets its id, in declaration order
  void declare_all(const std::vector<dsl::Decl>& decls, SectionId section) {
    // The cache misses of a declaration, asked for ahead: its id in the source text, then the
    // slot of the id table where that id goes.
    constexpr std::size_t kText = 16, kSlot = 8;
    for (std::size_t i = 0; i < decls.size(); ++i) {
      const dsl::Decl& decl = decls[i];
      if (i + kText < decls.size()) {
        if (const auto* t = std::get_if<dsl::TaskDecl>(&decls[i + kText])) __builtin_prefetch(t->id.text.data());
      }
      if (i + kSlot < decls.size()) {
        if (const auto* t = std::get_if<dsl::TaskDecl>(&decls[i + kSlot])) plan_.strings.prefetch(t->id.text);
      }
      std::visit(
          [&](const auto& d) {
            using T = std::decay_t<decltype(d)>;
            if constexpr (!std::is_same_v<T, dsl::HolidaysDecl> && !std::is_same_v<T, dsl::IncludeDecl>) plan_content_ = true;
            if constexpr (std::is_same_v<T, dsl::PlanDecl>) {
              if (header_) {
                dsl::Diagnostic diag{dsl::Severity::error,
                                     d.id.loc,
                                     Message{"kế hoạch chỉ có một phần đầu, nhưng đây là phần đầu thứ hai",
                                             "a plan has one header, and this is a second one"},
                                     {Message{"mỗi thư mục (hoặc tệp) là một kế hoạch; hãy xóa phần đầu này hoặc tách thành kế hoạch riêng",
                                              "a folder (or file) is one plan; remove this header or make it a separate plan"}},
                                     {{header_->id.loc, Message{"phần đầu thứ nhất ở đây", "the first header is here"}}}};
                diags_.add(std::move(diag));
              } else {
                header_ = &d;
              }
            } else if constexpr (std::is_same_v<T, dsl::AgencyDecl>) {
              if (StrId id = declare(d.id, Kind::agency, plan_.agencies.size()); id != kNone) {
                agency_decls_.push_back(&d);
                plan_.agencies.push_back(Agency{});
                plan_.agencies.back().id = id;
              }
            } else if constexpr (std::is_same_v<T, dsl::GroupDecl>) {
              if (StrId id = declare(d.id, Kind::group, plan_.groups.size()); id != kNone) {
                group_decls_.push_back(&d);
                plan_.groups.push_back(Group{});
                plan_.groups.back().id = id;
              }
            } else if constexpr (std::is_same_v<T, dsl::SectionDecl>) {
              SectionId inner = section;
              if (StrId id = declare(d.id, Kind::section, plan_.sections.size()); id != kNone) {
                inner = static_cast<SectionId>(plan_.sections.size());
                section_decls_.push_back(&d);
                Section s;
                s.id = id;
                s.parent = section;
                plan_.sections.push_back(s);
              }
              declare_all(d.items, inner);
            } else if constexpr (std::is_same_v<T, dsl::TaskDecl>) {
              if (StrId id = declare(d.id, Kind::task, plan_.tasks.size()); id != kNone) {
                if (plan_.tasks.size() == plan_.tasks.capacity()) {  // the texts worker holds on to the tasks
                  throw std::logic_error("dondoc: resolve counted fewer tasks than it declares");
                }
                task_decls_.push_back(&d);
                Task& t = plan_.tasks.emplace_back();
                t.id = id;
                t.section = section;
                if (texts_worker_) texts_worker_->declared(plan_.tasks.size());
                if (d.sent) sent_tasks_.push_back(static_cast<TaskId>(plan_.tasks.size() - 1));
                if (d.passes) declare_passages(d, static_cast<TaskId>(plan_.tasks.size() - 1), section);
              }
            } else if constexpr (std::is_same_v<T, dsl::EventDecl>) {
              if (StrId id = declare(d.id, Kind::event, plan_.events.size()); id != kNone) {
                event_decls_.push_back(&d);
                Event& e = plan_.events.emplace_back();
                e.id = id;
                e.section = section;
              }
            } else if constexpr (std::is_same_v<T, dsl::DutyDecl>) {
              if (StrId id = declare(d.id, Kind::duty, plan_.duties.size()); id != kNone) {
                duty_decls_.push_back(&d);
                Duty u;
                u.id = id;
                u.section = section;
                plan_.duties.push_back(u);
              }
            } else if constexpr (std::is_same_v<T, dsl::IndicatorDecl>) {
              if (StrId id = declare(d.id, Kind::indicator, plan_.indicators.size()); id != kNone) {
                indicator_decls_.push_back(&d);
                Indicator ind;
                ind.id = id;
                ind.section = section;
                plan_.indicators.push_back(ind);
              }
            } else if constexpr (std::is_same_v<T, dsl::EscalationDecl>) {
              if (StrId id = declare(d.id, Kind::policy, plan_.policies.size()); id != kNone) {
                policy_decls_.push_back(&d);
                plan_.policies.push_back(Policy{});
                plan_.policies.back().id = id;
              }
            } else if constexpr (std::is_same_v<T, dsl::WaiveDecl>) {
              waives_.push_back(&d);
            } else if constexpr (std::is_same_v<T, dsl::HolidaysDecl>) {
              auto [it, fresh] = holiday_years_.emplace(d.year, &d);
              if (!fresh) {
                dsl::Diagnostic diag{dsl::Severity::error,
                                     d.loc,
                                     Message{fmt::format("ngày nghỉ năm {} được khai báo hai lần", d.year),
                                             fmt::format("the holidays of {} are declared twice", d.year)},
                                     {Message{"gộp hai khai báo thành một", "merge the two declarations into one"}},
                                     {{it->second->loc, Message{"khai báo lần đầu ở đây", "first declared here"}}}};
                diags_.add(std::move(diag));
              } else {
                holidays_.push_back(&d);
              }
            }
          },
          decl);
    }
  }

  // ---- passages (`cấp trình CP (dự kiến …), QH`): an event per body, `<task>.<body>`, each after
  // the one before it, the first after the task (docs/language.md §4.14)
  struct PassageRef {
    EventId event;
    TaskId task;
    const dsl::TaskDecl* decl;
    std::size_t index;  ///< in decl->passes->bodies
    dsl::Lang lang;
  };
  void declare_passages(const dsl::TaskDecl& d, TaskId task, SectionId section) {
    std::string_view prev = d.id.text;
    const auto& bodies = d.passes->bodies;
    for (std::size_t i = 0; i < bodies.size(); ++i) {
      const dsl::Passage& b = bodies[i];
      auto first = std::find_if(bodies.begin(), bodies.begin() + static_cast<std::ptrdiff_t>(i),
                                [&](const dsl::Passage& o) { return o.body.text == b.body.text; });
      if (first != bodies.begin() + static_cast<std::ptrdiff_t>(i)) {
        dsl::Diagnostic diag{dsl::Severity::error,
                             b.body.loc,
                             Message{fmt::format("'{}' được ghi hai lần trong 'cấp trình' của nhiệm vụ {}", b.body.text, d.id.text),
                                     fmt::format("'{}' is written twice in the 'passes' of task {}", b.body.text, d.id.text)},
                             {Message{"mỗi cơ quan chỉ ghi một lần, theo thứ tự sản phẩm được trình",
                                      "write each body once, in the order the product passes them"}},
                             {{first->body.loc, Message{"lần thứ nhất ở đây", "the first one is here"}}}};
        diags_.add(std::move(diag));
        continue;
      }
      const std::string& id = owned_.emplace_back(fmt::format("{}.{}", d.id.text, b.body.text));
      dsl::EventDecl& e = passage_decls_.emplace_back();
      e.id = dsl::Name{id, b.body.loc};
      e.title = dsl::Text{id, b.body.loc};  // the real title needs the body's name: resolve_passage
      e.after.push_back(dsl::Name{prev, b.body.loc});
      if (b.expected) e.expected = *b.expected;
      e.expected_loc = b.expected_loc;
      e.source = d.source;
      if (StrId sid = declare(e.id, Kind::event, plan_.events.size()); sid != kNone) {
        event_decls_.push_back(&e);
        Event& ev = plan_.events.emplace_back();
        ev.id = sid;
        ev.section = section;
        passages_.push_back(PassageRef{static_cast<EventId>(plan_.events.size() - 1), task, &d, i, lang_});
        prev = id;
      }
    }
  }

  /// Registers an id and returns its string; a second declaration of it is an error that points
  /// at the first, and kNone.
  StrId declare(const Name& id, Kind kind, std::size_t index) {
    StrId s = plan_.strings.intern(id.text);
    if (plan_.symbols.size() <= s) plan_.symbols.resize(s + 1);
    Symbol& sym = plan_.symbols[s];
    if (sym.kind != Kind::none) {
      Message msg = sym.kind == kind ? Message{fmt::format("{} {} được khai báo hai lần", kind_vi(kind), id.text),
                                               fmt::format("{} {} is declared twice", kind_en(kind), id.text)}
                                     : Message{fmt::format("mã '{}' đã được dùng cho một {}", id.text, kind_vi(sym.kind)),
                                               fmt::format("'{}' is already the id of {}", id.text, a_kind_en(sym.kind))};
      dsl::Diagnostic diag{dsl::Severity::error,
                           id.loc,
                           std::move(msg),
                           {Message{"mỗi mã chỉ được khai báo một lần trong cả kế hoạch; hãy đổi một trong hai mã",
                                    "an id is declared once in the whole plan; change one of the two"}},
                           {{sym.loc, Message{"khai báo lần đầu ở đây", "first declared here"}}}};
      diags_.add(std::move(diag));
      return kNone;
    }
    sym = Symbol{kind, static_cast<std::uint32_t>(index), id.loc};
    return s;
  }

  // ---- names
  /// What `id` names, or a Symbol of Kind::none.
  Symbol symbol_of(std::string_view id) const {
    StrId s = plan_.strings.find(id);
    return (s != kNone && s < plan_.symbols.size()) ? plan_.symbols[s] : Symbol{};
  }

  /// The declaration `n` names if it is of one of the `expected` kinds; otherwise reports it.
  Symbol lookup(const Name& n, Kinds expected) {
    Symbol sym = symbol_of(n.text);
    if (sym.kind != Kind::none && (expected & bit(sym.kind))) return sym;
    report_unresolved(n, expected, sym, {});
    return {};
  }

  /// Reports `n`, which names `sym` (Kind::none: nothing) instead of one of the `expected` kinds.
  void report_unresolved(const Name& n, Kinds expected, const Symbol& sym, std::vector<Message> extra_hints) {
    if (sym.kind != Kind::none) {
      Message want = kinds_words(expected, "hay", true);
      dsl::Diagnostic diag{dsl::Severity::error,
                           n.loc,
                           Message{fmt::format("'{}' là một {}, không phải {}", n.text, kind_vi(sym.kind), want.vi),
                                   fmt::format("'{}' is {}, not {}", n.text, a_kind_en(sym.kind), want.en)},
                           std::move(extra_hints),
                           {{sym.loc, Message{fmt::format("{} {} được khai báo ở đây", kind_vi(sym.kind), n.text),
                                              fmt::format("{} {} is declared here", kind_en(sym.kind), n.text)}}}};
      diags_.add(std::move(diag));
      return;
    }
    Message want = kinds_words(expected, "hay", false);
    std::vector<Message> hints = did_you_mean(n.text, expected);
    hints.insert(hints.end(), extra_hints.begin(), extra_hints.end());
    diags_.error(
        n.loc, Message{fmt::format("không có {} nào mang mã '{}'", want.vi, n.text), fmt::format("no {} has the id '{}'", want.en, n.text)},
        std::move(hints));
  }

  std::vector<Message> did_you_mean(std::string_view written, Kinds expected) {
    if (++hints_given_ > kMaxHints) return {};
    auto& ids = candidates_.of(expected);
    std::string best = dsl::closest(written, ids);
    StrId found = kNone;
    if (!best.empty()) {
      found = plan_.strings.find(best);
    } else if (expected & bit(Kind::agency)) {
      // An agency written by its name ("SởXâyDựng", "So_Xay_dung") or a typo of it.
      build_name_keys();
      std::string key = name_key(written);
      std::string by_name = key.empty() ? std::string() : dsl::closest(key, name_key_views_);
      if (!by_name.empty()) {
        auto at = std::find(name_keys_.begin(), name_keys_.end(), by_name) - name_keys_.begin();
        found = plan_.agencies[name_key_agency_[static_cast<std::size_t>(at)]].id;
      }
    }
    if (found == kNone) return {};
    const Symbol& sym = plan_.symbols[found];
    StrId full = sym.kind == Kind::agency ? plan_.agencies[sym.index].name : sym.kind == Kind::group ? plan_.groups[sym.index].name : kNone;
    return {dsl::did_you_mean(plan_.str(found), full == kNone ? std::string_view() : plan_.str(full))};
  }

  void build_name_keys() {
    if (!name_keys_.empty() || plan_.agencies.empty()) return;
    for (AgencyId a = 0; a < plan_.agencies.size(); ++a) {
      const auto& d = *agency_decls_[a];
      auto add = [&](std::string_view text) {
        std::string k = name_key(text);
        if (k.empty()) return;
        name_keys_.push_back(std::move(k));
        name_key_agency_.push_back(a);
      };
      add(d.name.text);
      for (const auto& al : d.aliases) add(al.text);
    }
    for (const auto& k : name_keys_) name_key_views_.push_back(k);
  }

  /// Appends the agencies named by `names` (groups expanded) to the pool, skipping any already
  /// marked with the current stamp. Returns the span of what was added.
  Span expand(const std::vector<Name>& names, bool fresh_stamp = true) {
    if (fresh_stamp) next_stamp();
    Span out{static_cast<std::uint32_t>(plan_.agency_pool.size()), 0};
    for (const auto& n : names) {
      Symbol sym = lookup(n, kAgencyOrGroup);
      if (sym.kind == Kind::agency) {
        add_agency(sym.index);
      } else if (sym.kind == Kind::group) {
        const Group& g = plan_.groups[sym.index];
        for (std::uint32_t i = 0; i < g.members.size; ++i) add_agency(plan_.agency_pool[g.members.begin + i]);
      }
    }
    out.size = static_cast<std::uint32_t>(plan_.agency_pool.size()) - out.begin;
    return out;
  }
  void next_stamp() {
    if (stamp_of_.size() < plan_.agencies.size()) stamp_of_.resize(plan_.agencies.size(), 0);
    ++stamp_;
  }
  void add_agency(AgencyId a) {
    if (stamp_of_[a] == stamp_) return;
    stamp_of_[a] = stamp_;
    plan_.agency_pool.push_back(a);
  }

  AgencyId agency(const std::optional<Name>& n) {
    if (!n) return kNone;
    Symbol sym = lookup(*n, bit(Kind::agency));
    return sym.kind == Kind::agency ? sym.index : kNone;
  }
  PolicyId policy(const std::optional<Name>& n) {
    if (!n) return kNone;
    Symbol sym = lookup(*n, bit(Kind::policy));
    return sym.kind == Kind::policy ? sym.index : kNone;
  }
  StrId text(const std::optional<dsl::Text>& t) { return text_in(plan_.strings, t); }
  static StrId text_in(Interner& strings, const std::optional<dsl::Text>& t) { return t ? strings.intern(t->text) : kNone; }

  void report_repeated(const std::vector<dsl::RepeatedClause>& repeated, Kind kind, const Name& id) {
    for (const auto& r : repeated) {
      dsl::Diagnostic diag{
          dsl::Severity::error,
          r.again,
          Message{fmt::format("'{}' được ghi hai lần trong {} {}; chỉ được ghi một lần", r.keyword, kind_vi(kind), id.text),
                  fmt::format("'{}' is written twice in {} {}; it may be written only once", r.keyword, kind_en(kind), id.text)},
          {Message{"giữ lại một dòng và xóa dòng kia", "keep one line and delete the other"}},
          {{r.first, Message{"lần thứ nhất ở đây", "the first one is here"}}}};
      diags_.add(std::move(diag));
    }
  }

  // ---- pass 2: every reference resolved
  void resolve_agencies() {
    for (AgencyId a = 0; a < plan_.agencies.size(); ++a) {
      const auto& d = *agency_decls_[a];
      Agency& ag = plan_.agencies[a];
      ag.name = plan_.strings.intern(d.name.text);
      ag.external = d.external;
      ag.loc = d.id.loc;
      for (const auto& al : d.aliases) ag.aliases.push_back(plan_.strings.intern(al.text));
      for (const auto& e : d.emails) {
        if (!dsl::is_email_address(e.text))
          diags_.error(e.loc,
                       Message{fmt::format("'{}' không phải là một địa chỉ thư điện tử", e.text),
                               fmt::format("'{}' is not an e-mail address", e.text)},
                       {Message{"viết một địa chỉ trong mỗi dòng, dạng 'tên@miền', ví dụ 'vanthu@thanhhoa.gov.vn'",
                                "write one address a line, as 'name@domain', such as 'office@thanhhoa.gov.vn'"}});
        ag.emails.push_back(plan_.strings.intern(e.text));
      }
      report_repeated(d.repeated, Kind::agency, d.id);
    }
    // After every agency has its name: `cấp trên` may name one declared later.
    for (AgencyId a = 0; a < plan_.agencies.size(); ++a) {
      const auto& d = *agency_decls_[a];
      plan_.agencies[a].reports_to = agency(d.reports_to);
      if (d.reports_to) plan_.agencies[a].reports_to_loc = d.reports_to->loc;
    }
  }

  /// `chấm dứt … hợp nhất vào STC`: the successors, after the groups (a successor may be one).
  void resolve_agency_ends() {
    for (AgencyId a = 0; a < plan_.agencies.size(); ++a) {
      const auto& d = *agency_decls_[a];
      if (!d.ends) continue;
      AgencyEnd end{d.ends->on, d.ends->kind, {}, plan_.strings.intern(d.ends->by.text), d.ends->loc};
      for (const auto& n : d.ends->successors) {
        Symbol sym = lookup(n, kAgencyOrGroup);
        if (sym.kind == Kind::agency) end.successors.push_back(sym.index);
        if (sym.kind == Kind::group) {
          for (AgencyId m : plan_.agencies_of(plan_.groups[sym.index].members)) end.successors.push_back(m);
        }
      }
      plan_.agencies[a].ends = std::move(end);
    }
  }

  void resolve_groups() {
    struct Member {
      Kind kind;
      std::uint32_t index;
      Location loc;
    };
    std::size_t n = plan_.groups.size();
    std::vector<std::vector<Member>> direct(n);
    for (GroupId g = 0; g < n; ++g) {
      const auto& d = *group_decls_[g];
      Group& gr = plan_.groups[g];
      gr.name = plan_.strings.intern(d.name.text);
      gr.loc = d.id.loc;
    }
    for (GroupId g = 0; g < n; ++g) {
      const auto& d = *group_decls_[g];
      if (d.members.empty()) {
        diags_.error(d.id.loc,
                     Message{fmt::format("nhóm {} không có thành viên nào", d.id.text), fmt::format("group {} has no members", d.id.text)},
                     {Message{"thêm dòng 'gồm <mã cơ quan>, <mã cơ quan>, …' vào nhóm",
                              "add a line 'members <agency id>, <agency id>, …' to the group"}});
      }
      for (const auto& m : d.members) {
        Symbol sym = lookup(m, kAgencyOrGroup);
        if (sym.kind != Kind::none) direct[g].push_back(Member{sym.kind, sym.index, m.loc});
      }
    }
    // Expand nested groups depth-first without recursion; a group inside itself is an error.
    enum : std::uint8_t { fresh, open, done };
    std::vector<std::uint8_t> state(n, fresh);
    std::vector<std::vector<AgencyId>> flat(n);
    for (GroupId root = 0; root < n; ++root) {
      if (state[root] != fresh) continue;
      std::vector<std::pair<GroupId, std::size_t>> stack{{root, 0}};
      state[root] = open;
      while (!stack.empty()) {
        auto& [g, next] = stack.back();
        if (next < direct[g].size()) {
          const Member& m = direct[g][next++];
          if (m.kind != Kind::group) continue;
          if (state[m.index] == fresh) {
            state[m.index] = open;
            stack.emplace_back(m.index, 0);
          } else if (state[m.index] == open) {
            std::string path;
            bool on = false;
            for (const auto& entry : stack) {
              if (entry.first == m.index) on = true;
              if (on) path += std::string(plan_.str(plan_.groups[entry.first].id)) + " -> ";
            }
            path += plan_.str(plan_.groups[m.index].id);
            diags_.error(m.loc,
                         Message{fmt::format("các nhóm chứa lẫn nhau thành vòng: {}", path),
                                 fmt::format("groups contain each other in a cycle: {}", path)},
                         {Message{"một nhóm không thể là thành viên của chính nó, kể cả qua nhóm khác",
                                  "a group cannot be a member of itself, not even through another group"}});
          }
          continue;
        }
        // All members done: flatten, keeping the first place of each agency.
        next_stamp();
        for (const Member& m : direct[g]) {
          if (m.kind == Kind::agency) {
            if (stamp_of_[m.index] != stamp_) flat[g].push_back(m.index);
            stamp_of_[m.index] = stamp_;
          } else if (state[m.index] == done) {
            for (AgencyId a : flat[m.index]) {
              if (stamp_of_[a] != stamp_) flat[g].push_back(a);
              stamp_of_[a] = stamp_;
            }
          }
        }
        state[g] = done;
        stack.pop_back();
      }
    }
    for (GroupId g = 0; g < n; ++g) {
      plan_.groups[g].members = Span{static_cast<std::uint32_t>(plan_.agency_pool.size()), static_cast<std::uint32_t>(flat[g].size())};
      plan_.agency_pool.insert(plan_.agency_pool.end(), flat[g].begin(), flat[g].end());
    }
  }

  void resolve_header() {
    Header& h = plan_.header;
    if (!header_) {
      if (!plan_content_) return;  // a holiday calendar alone (rules/calendar) is data, not a plan
      Location where;
      if (!src_.files.empty()) where.file = src_.files.front().source;
      diags_.error(where, Message{"kế hoạch chưa có phần đầu (khai báo 'kế hoạch')", "the plan has no header (a 'plan' declaration)"},
                   {Message{"ví dụ: kế hoạch KH01 \"Kế hoạch hành động …\" { số \"01/KH-UBND\"  ban hành 17/02/2023 }",
                            "for example: plan P01 \"Action plan …\" { number \"01/KH-UBND\"  issued 2023-02-17 }"}});
      return;
    }
    const auto& d = *header_;
    h.id = plan_.strings.intern(d.id.text);
    h.title = plan_.strings.intern(d.title.text);
    h.number = text(d.number);
    h.timezone = text(d.timezone);
    h.source = text(d.source);
    h.issued = d.issued;
    h.effective = d.effective;
    h.horizon = d.horizon;
    h.reading = d.reading.value_or(dsl::Reading::strict);
    h.due_soon_days = d.due_soon_days;
    h.owner = agency(d.owner);
    h.follow_up = agency(d.follow_up);
    h.escalation = policy(d.escalation);
    h.loc = d.id.loc;
    for (std::size_t i = 0; i < d.duty_days.size(); ++i) {
      const auto& day = d.duty_days[i];
      auto same = std::find_if(d.duty_days.begin(), d.duty_days.begin() + static_cast<std::ptrdiff_t>(i),
                               [&](const dsl::DutyDay& o) { return o.every.freq == day.every.freq; });
      if (same != d.duty_days.begin() + static_cast<std::ptrdiff_t>(i)) {
        diags_.add(
            dsl::Diagnostic{dsl::Severity::error,
                            day.loc,
                            Message{fmt::format("hạn mặc định của nghĩa vụ '{}' ghi lần thứ hai cho cùng một định kỳ", day.every.text),
                                    fmt::format("the default duty day '{}' is given twice for the same frequency", day.every.text)},
                            {},
                            {{same->loc, Message{"ghi lần đầu ở đây", "first given here"}}}});
        continue;
      }
      h.duty_days.push_back(day.every);
    }
  }

  /// A duty's recurrence written without a day takes the plan's default day for its frequency
  /// (`hạn nghĩa vụ hằng năm trước ngày 15/12`); given years take the yearly one.
  void apply_duty_day(dsl::Recurrence& every) const {
    if (every.anchor != dsl::Recurrence::Anchor::none) return;
    using Freq = dsl::Recurrence::Freq;
    const Freq freq = every.freq == Freq::fixed_years ? Freq::yearly : every.freq;
    for (const auto& day : plan_.header.duty_days) {
      if (day.freq != freq) continue;
      every.anchor = day.anchor;
      every.day = day.day;
      every.month = day.month;
    }
  }

  void resolve_policies() {
    for (PolicyId p = 0; p < plan_.policies.size(); ++p) {
      const auto& d = *policy_decls_[p];
      Policy& pol = plan_.policies[p];
      pol.title = plan_.strings.intern(d.title.text);
      pol.daily_digest = d.daily_digest;
      pol.loc = d.id.loc;
      for (const auto& st : d.steps) {
        PolicyStep step;
        step.kind = st.kind;
        step.level = st.level;
        step.days = st.days;
        step.repeat_days = st.repeat_days;
        step.label = text(st.label);
        step.loc = st.loc;
        for (const auto& t : st.templates) {
          StrId& slot = step.message[static_cast<int>(t.lang)];
          if (slot != kNone) {
            diags_.error(
                t.loc,
                Message{"bước đôn đốc này đã có mẫu thông báo bằng ngôn ngữ này; mỗi bước một mẫu tiếng Việt và một mẫu tiếng Anh",
                        "this step already has a message template in this language; a step has one Vietnamese and one English template"});
          }
          check_template(t.text.text, t.text.loc, diags_);
          slot = plan_.strings.intern(t.text.text);
        }
        for (const auto& r : st.to) {
          Recipient rec{r.kind, kNone};
          if (r.kind == dsl::Recipient::Kind::agency) {
            rec.agency = agency(r.agency);
            if (rec.agency == kNone) continue;
          }
          step.to.push_back(rec);
        }
        pol.steps.push_back(std::move(step));
      }
    }
  }

  void resolve_sections() {
    for (SectionId s = 0; s < plan_.sections.size(); ++s) {
      const auto& d = *section_decls_[s];
      Section& sec = plan_.sections[s];
      sec.title = plan_.strings.intern(d.title.text);
      sec.source = text(d.source);
      sec.escalation = policy(d.escalation);
      sec.loc = d.id.loc;
      if (d.quiet) {
        quiet_sections_.resize(plan_.sections.size());
        quiet_sections_[s] = 1;
      }
    }
  }

  /// Whether a declaration without a policy of its own is inside a section that says `đôn đốc
  /// không` (the innermost section that says anything about escalation decides).
  bool quiet_by_section(bool own, SectionId section) const {
    if (own || quiet_sections_.empty()) return false;
    for (SectionId s = section; s != kNone; s = plan_.sections[s].parent) {
      if (plan_.sections[s].escalation != kNone) return false;
      if (quiet_sections_[s]) return true;
    }
    return false;
  }

  /// The policy that applies: the declaration's own, else its sections' inside out, else the plan's.
  PolicyId effective_policy(PolicyId own, SectionId section) const {
    if (own != kNone) return own;
    for (SectionId s = section; s != kNone; s = plan_.sections[s].parent) {
      if (plan_.sections[s].escalation != kNone) return plan_.sections[s].escalation;
    }
    return plan_.header.escalation;
  }

  void resolve_task(TaskId t) {
    const auto& d = *task_decls_[t];
    Task& task = plan_.tasks[t];
    task_texts(d, task, true, plan_.strings);
    report_repeated(d.repeated, Kind::task, d.id);

    if (d.leads.empty()) {
      diags_.error(
          d.id.loc,
          Message{fmt::format("nhiệm vụ {} chưa có đơn vị chủ trì", d.id.text), fmt::format("task {} has no lead agency", d.id.text)},
          {Message{"thêm dòng 'chủ trì <mã cơ quan>' vào nhiệm vụ", "add a line 'lead <agency id>' to the task"}});
    }
    task.leads = expand(d.leads);
    task.support = expand(d.support, false);  // same stamp: a lead is not also listed as support

    if (d.trigger) {
      task.trigger_mode = d.trigger->mode;
      task.trigger_loc = d.trigger->loc;
      for (const auto& n : d.trigger->on) {
        Symbol sym = lookup(n, kTaskOrEvent);
        if (sym.kind == Kind::task) add_edge(plan_.waits_for, plan_.waits_loc, sym.index, n.loc);
        if (sym.kind == Kind::event) add_edge(plan_.waits_for, plan_.waits_loc, plan_.event_node(sym.index), n.loc);
      }
    } else if (const Name* anchor = implied_trigger(d)) {
      // `thời hạn 30 ngày sau khi II.3 hoàn thành` with no `bắt đầu sau`: the task waits for II.3.
      task.trigger_loc = anchor->loc;
      Symbol sym = lookup(*anchor, kTaskOrEvent);
      if (sym.kind == Kind::task) add_edge(plan_.waits_for, plan_.waits_loc, sym.index, anchor->loc);
      if (sym.kind == Kind::event) add_edge(plan_.waits_for, plan_.waits_loc, plan_.event_node(sym.index), anchor->loc);
    }
    close_row(plan_.waits_for);

    for (const auto& n : d.depends_on) {
      Symbol sym = symbol_of(n.text);
      if (sym.kind == Kind::task) {
        add_edge(plan_.depends_on, plan_.depends_loc, sym.index, n.loc);
        continue;
      }
      std::vector<Message> extra;
      if (sym.kind == Kind::event) {
        extra.push_back(Message{fmt::format("để nhiệm vụ chờ sự kiện, hãy viết 'bắt đầu sau {}'", n.text),
                                fmt::format("to make the task wait for the event, write 'starts after {}'", n.text)});
      }
      report_unresolved(n, bit(Kind::task), sym, std::move(extra));
    }
    close_row(plan_.depends_on);

    if (d.duration) task.duration = TaskDuration{d.duration->amount, d.duration->unit};
    task.quiet = d.quiet || quiet_by_section(d.escalation.has_value(), task.section);
    task.escalation = task.quiet ? kNone : effective_policy(policy(d.escalation), task.section);
  }

  /// The task or event a task without `bắt đầu sau` waits for because a due time counts from it
  /// (`thời hạn 30 ngày sau khi II.3 hoàn thành`): the first such, or nullptr.
  static const Name* implied_trigger(const dsl::TaskDecl& d) {
    if (d.trigger) return nullptr;
    for (const auto& dc : d.due) {
      if (dc.anchor) return &*dc.anchor;
    }
    return nullptr;
  }

  /// After every task's trigger is known: the lags of triggers (Plan::lags), and due times counted
  /// from a task or event that is not the one the task waits for (a task counts its relative due
  /// times from one point: its start condition).
  void resolve_timing() {
    for (TaskId t = 0; t < plan_.tasks.size(); ++t) {
      const auto& d = *task_decls_[t];
      if (d.trigger && d.trigger->lag) {
        const auto& lag = *d.trigger->lag;
        const int most = lag.unit == dsl::TimeExpr::Unit::months ? kMaxLagMonths : kMaxLagDays;
        plan_.lags.emplace_back(t, Lag{std::clamp(lag.amount, 0, most), lag.unit});
      }
      const Name* implied = implied_trigger(d);
      for (const auto& dc : d.due) {
        if (!dc.anchor || &*dc.anchor == implied) continue;
        check_anchor(t, d, *dc.anchor, dc.time.text);
      }
    }
  }

  /// A due time counted from `anchor` in a task that also says when it starts: only when the
  /// start condition is that one task or event, with no lag, do both count from the same day.
  void check_anchor(TaskId t, const dsl::TaskDecl& d, const Name& anchor, const std::string& text) {
    Symbol sym = symbol_of(anchor.text);
    if (sym.kind != Kind::task && sym.kind != Kind::event) {
      lookup(anchor, kTaskOrEvent);
      return;
    }
    auto waits = plan_.waits_for.of(t);
    NodeId node = sym.kind == Kind::task ? sym.index : plan_.event_node(sym.index);
    if (!(d.trigger && d.trigger->lag) && waits.size() == 1 && waits[0] == node) return;
    std::string starts;
    for (const auto& n : d.trigger ? d.trigger->on : std::vector<Name>{*implied_trigger(d)}) {
      starts += (starts.empty() ? "" : ", ") + std::string(n.text);
    }
    diags_.error(anchor.loc,
                 Message{fmt::format("thời hạn '{}' tính từ {}, nhưng nhiệm vụ {} bắt đầu {}sau {}: thời hạn tương đối của một nhiệm vụ "
                                     "chỉ tính từ một mốc, là điều kiện bắt đầu của nó",
                                     text, anchor.text, d.id.text, d.trigger && d.trigger->lag ? "một thời gian " : "", starts),
                         fmt::format("the due time '{}' counts from {}, but task {} starts {}after {}: a task's relative due times count "
                                     "from one point, its start condition",
                                     text, anchor.text, d.id.text, d.trigger && d.trigger->lag ? "some time " : "", starts)},
                 {Message{fmt::format("ghi 'thời hạn trong …' (tính từ điều kiện bắt đầu), hoặc 'bắt đầu sau {}'", anchor.text),
                          fmt::format("write 'due within …' (counted from the start condition), or 'starts after {}'", anchor.text)}});
  }

  /// A task with several due times (the appendix and the body disagree) is tracked against the
  /// earliest calendar date that binds: a date written with `phấn đấu` (aspirational) counts only
  /// when every date of the task is. That due time goes first in Plan::dues; the others keep the
  /// order written. Due times without a date (relative, standing) never displace a dated one.
  void put_tracked_first(const Task& task) {
    auto first = plan_.dues.begin() + task.due.begin, last = first + task.due.size;
    bool binding = std::any_of(first, last, [](const Due& d) { return d.date && !d.time->aspirational; });
    auto best = first;
    for (auto it = first; it != last; ++it) {
      if (!it->date || (binding && it->time->aspirational)) continue;
      bool best_counts = best->date && (!binding || !best->time->aspirational);
      if (!best_counts || *it->date < *best->date) best = it;
    }
    std::rotate(first, best, best + 1);
  }

  /// A task written in several places of the decision (`nguồn` twice): its sources in the order
  /// written, joined by "; " as one reference.
  static std::string joined_sources(const dsl::TaskDecl& d) {
    std::string all(d.source->text);
    for (const auto& s : d.more_sources) (all += "; ") += s.text;
    return all;
  }

  /// What a task adds to the plan's shared tables, in the order that gives the strings their ids:
  /// its texts (into `strings`), its due times (with their dates when `dates`), its waiver.
  /// `renumber_texts` follows every string this interns.
  void task_texts(const dsl::TaskDecl& d, Task& task, bool dates, Interner& strings) {
    task.title = strings.intern(d.title.text);
    task.deliverable = text_in(strings, d.deliverable);
    task.source = text_in(strings, d.source);
    if (!d.more_sources.empty()) task.source = strings.intern(joined_sources(d));
    task.loc = d.id.loc;
    task.due.begin = static_cast<std::uint32_t>(plan_.dues.size());
    for (const auto& dc : d.due) {
      Due& due = plan_.dues.emplace_back();
      due.time = shared_time(dc.time);
      if (!d.trigger && dc.time.form == dsl::TimeExpr::Form::relative && dc.time.amount == 0) {
        // `ngay` with nothing to count from: the decision asks for it at once, with no date (urgency).
        dsl::TimeExpr urgent = dc.time;
        urgent.form = dsl::TimeExpr::Form::urgent;
        due.time = shared_time(urgent);
      }
      due.per = dc.per ? strings.intern(dc.per->text) : kNone;
      if (dates) due.date = dc.time.due(plan_.header.reading);
      due.loc = dc.loc;
    }
    task.due.size = static_cast<std::uint32_t>(plan_.dues.size()) - task.due.begin;
    if (d.waived) task.waived = Waiver{strings.intern(d.waived->by.text), text_in(strings, d.waived->reason), d.waived->loc};
  }

  /// After task_texts put the tasks' texts into a table of their own: the plan's ids for them.
  /// Interning that table's strings in its order gives each the id it would have had if the tasks
  /// had been taken one by one into the plan's table after the sections, as resolve_task does.
  void renumber_texts(const Interner& texts) {
    std::vector<std::string_view> strings(texts.size());
    for (StrId s = 0; s < texts.size(); ++s) strings[s] = texts.str(s);
    std::vector<StrId> id(texts.size());
    plan_.strings.intern_all(strings, id);
    auto renumber = [&](StrId& s) {
      if (s != kNone) s = id[s];
    };
    for (Task& task : plan_.tasks) {
      renumber(task.title);
      renumber(task.deliverable);
      renumber(task.source);
      if (task.waived) {
        renumber(task.waived->by);
        renumber(task.waived->reason);
      }
    }
    for (Due& due : plan_.dues) renumber(due.per);
  }

  /// The tasks' texts and due times on a second thread, taken in task order as `declare_all`
  /// declares them (ids are interned by this thread meanwhile, so the texts go to a table of their
  /// own, renumbered at the end). It stops at a task that needs a message, to leave the whole task
  /// loop to resolve_task.
  class TextsWorker {
   public:
    TextsWorker(Resolver& r, bool wanted) : r_(r) {
      if (!wanted) return;
      r_.texts_worker_ = this;
      try {
        thread_ = std::thread([this] { run(); });
      } catch (const std::system_error&) {  // no thread to be had: the one-thread loop
        r_.texts_worker_ = nullptr;
      }
    }
    TextsWorker(const TextsWorker&) = delete;
    TextsWorker& operator=(const TextsWorker&) = delete;
    ~TextsWorker() {
      declared_all();
      if (thread_.joinable()) thread_.join();
      r_.texts_worker_ = nullptr;
    }

    /// Tasks [0, n) are declared. Called for each; told to the worker by the thousand.
    void declared(std::size_t n) {
      if (n % 1024 == 0) publish(n);
    }
    void declared_all() {
      if (r_.texts_worker_ == this && !(published_.load(std::memory_order_relaxed) & kAll)) publish(r_.plan_.tasks.size() | kAll);
    }
    /// Waits for the worker: true when it took every task, the texts now under the plan's ids.
    bool finish() {
      declared_all();
      if (!thread_.joinable()) return false;
      thread_.join();
      if (failure_) std::rethrow_exception(failure_);
      if (!complete_) return false;
      r_.renumber_texts(texts_);
      return true;
    }

   private:
    static constexpr std::size_t kAll = std::size_t{1} << 63;  // with the count: no more tasks to come

    void publish(std::size_t value) {
      published_.store(value, std::memory_order_release);
      published_.notify_one();
    }
    void run() {
      try {
        texts_.reserve(r_.plan_.tasks.capacity());
        Task* tasks = r_.plan_.tasks.data();  // reserved: declaring does not move them
        const dsl::TaskDecl* const* decls = r_.task_decls_.data();
        std::size_t seen = 0;
        for (TaskId t = 0;; ++t) {
          while (t >= (seen & ~kAll)) {
            if (seen & kAll) {
              complete_ = true;
              return;
            }
            published_.wait(seen, std::memory_order_acquire);
            seen = published_.load(std::memory_order_acquire);
          }
          const dsl::TaskDecl& d = *decls[t];
          if (!d.repeated.empty() || d.leads.empty()) return;  // a message: resolve_task says it
          r_.task_texts(d, tasks[t], false, texts_);           // the dates: by the task workers
        }
      } catch (...) {
        failure_ = std::current_exception();
      }
    }

    Resolver& r_;
    Interner texts_;
    std::atomic<std::size_t> published_{0};
    bool complete_ = false;
    std::exception_ptr failure_;
    std::thread thread_;
  };

  // ---- the task loop on two threads, for a large plan. The texts and due times were taken by
  // the TextsWorker while the ids were declared; then two workers resolve the names of two halves
  // of the tasks, the first straight into the plan, the second into buffers appended after it.
  // Anything that would be reported sends the whole loop back to resolve_task, so the messages
  // are those of one thread. The Plan is the same, byte for byte, as resolve_task builds.

  /// The symbols of a worker's next names, looked up together.
  struct NameBatch {
    std::vector<std::string_view> names;
    std::vector<StrId> ids;
    std::size_t next_at = 0;
    /// What the next name names (Kind::none: nothing).
    Symbol next(const Plan& p) {
      StrId s = ids[next_at++];
      return s < p.symbols.size() ? p.symbols[s] : Symbol{};
    }
  };

  /// Where a worker puts the rows of its tasks: the first writes into the plan, the second into
  /// buffers of its own (pool and graph rows that begin at zero), appended when both are done.
  struct TaskRows {
    std::vector<AgencyId>* pool;
    Csr* waits_for;
    std::vector<Location>* waits_loc;
    Csr* depends_on;
    std::vector<Location>* depends_loc;
    std::vector<std::uint32_t> stamp_of;
    std::uint32_t stamp = 0;
    NameBatch names;
  };
  struct OwnRows {
    std::vector<AgencyId> pool;
    Csr waits_for, depends_on;
    std::vector<Location> waits_loc, depends_loc;
  };

  /// After the TextsWorker: false (and nothing in the plan changed that resolve_task does not set
  /// again) when a task needs a message.
  bool resolve_tasks_parallel() {
    const std::size_t n = plan_.tasks.size();
    const auto half = static_cast<TaskId>(n / 2);
    std::size_t names = 0, waits = 0, depends = 0;  // of the second half, to size its buffers
    for (TaskId t = half; t < n; ++t) {
      const auto& d = *task_decls_[t];
      names += d.leads.size() + d.support.size();
      waits += d.trigger ? d.trigger->on.size() : 0;
      depends += d.depends_on.size();
    }

    // The groups' members, which the first worker's appends to the pool would move under the second.
    group_pool_.assign(plan_.agency_pool.begin(), plan_.agency_pool.end());
    const std::size_t sizes[] = {plan_.agency_pool.size(), plan_.waits_for.offsets.size(),  plan_.waits_for.targets.size(),
                                 plan_.waits_loc.size(),   plan_.depends_on.offsets.size(), plan_.depends_on.targets.size(),
                                 plan_.depends_loc.size()};
    OwnRows own;
    own.pool.reserve(names);
    own.waits_for.offsets.reserve(n - half + 1);
    own.waits_for.targets.reserve(waits);
    own.waits_loc.reserve(waits);
    reserve_huge(own.depends_on.offsets, n - half + 1);
    reserve_huge(own.depends_on.targets, depends);
    reserve_huge(own.depends_loc, depends);
    TaskRows rows[2] = {{&plan_.agency_pool, &plan_.waits_for, &plan_.waits_loc, &plan_.depends_on, &plan_.depends_loc, {}, 0, {}},
                        {&own.pool, &own.waits_for, &own.waits_loc, &own.depends_on, &own.depends_loc, {}, 0, {}}};
    bool ok[2] = {false, false};
    std::atomic<bool> give_up{false};  // set by a worker that found a task needing a message
    std::exception_ptr failure;
    auto second_half = [&] {
      try {
        ok[1] = task_rows(half, static_cast<TaskId>(n), rows[1], give_up);
      } catch (...) {
        failure = std::current_exception();
      }
    };
    std::thread second;
    try {
      second = std::thread(second_half);
    } catch (const std::system_error&) {
      second_half();  // no thread to be had: the same work, one half after the other
    }
    try {
      ok[0] = task_rows(0, half, rows[0], give_up);
    } catch (...) {
      if (second.joinable()) second.join();
      throw;
    }
    if (second.joinable()) second.join();
    if (failure) std::rethrow_exception(failure);
    if (!ok[0] || !ok[1]) {
      plan_.agency_pool.resize(sizes[0]);
      plan_.waits_for.offsets.resize(sizes[1]);
      plan_.waits_for.targets.resize(sizes[2]);
      plan_.waits_loc.resize(sizes[3]);
      plan_.depends_on.offsets.resize(sizes[4]);
      plan_.depends_on.targets.resize(sizes[5]);
      plan_.depends_loc.resize(sizes[6]);
      return false;
    }

    auto base = static_cast<std::uint32_t>(plan_.agency_pool.size());
    for (TaskId t = half; t < n; ++t) {
      plan_.tasks[t].leads.begin += base;
      plan_.tasks[t].support.begin += base;
    }
    plan_.agency_pool.insert(plan_.agency_pool.end(), own.pool.begin(), own.pool.end());
    append_rows(plan_.waits_for, plan_.waits_loc, own.waits_for, own.waits_loc);
    append_rows(plan_.depends_on, plan_.depends_loc, own.depends_on, own.depends_loc);
    return true;
  }

  static void append_rows(Csr& g, std::vector<Location>& locs, const Csr& part, const std::vector<Location>& part_locs) {
    auto base = static_cast<std::uint32_t>(g.targets.size());
    for (std::size_t i = 1; i < part.offsets.size(); ++i) g.offsets.push_back(base + part.offsets[i]);
    g.targets.insert(g.targets.end(), part.targets.begin(), part.targets.end());
    locs.insert(locs.end(), part_locs.begin(), part_locs.end());
  }

  /// The names and rows of tasks [from, to), as resolve_task gives them, into `out`; of the rest
  /// of the plan it writes only those tasks and their due dates. false at the first name that
  /// does not resolve, telling the other worker through `give_up`, or soon after it did.
  bool task_rows(TaskId from, TaskId to, TaskRows& out, std::atomic<bool>& give_up) {
    bool ok = task_rows_until_wrong(from, to, out, give_up);
    if (!ok) give_up = true;
    return ok;
  }
  bool task_rows_until_wrong(TaskId from, TaskId to, TaskRows& out, const std::atomic<bool>& give_up) {
    out.stamp_of.assign(plan_.agencies.size(), 0);
    constexpr TaskId kBatch = 32;  // tasks whose names are looked up together
    for (TaskId t = from; t < to; ++t) {
      if (t % 4096 == 0 && give_up.load(std::memory_order_relaxed)) return false;  // the other half went wrong
      if ((t - from) % kBatch == 0) look_up_names(t, std::min<TaskId>(to, t + kBatch), out.names);
      const auto& d = *task_decls_[t];
      Task& task = plan_.tasks[t];
      ++out.stamp;
      if (!expand_into(d.leads, task.leads, out) || !expand_into(d.support, task.support, out)) return false;

      for (std::uint32_t i = 0; i < task.due.size; ++i) {
        plan_.dues[task.due.begin + i].date = d.due[i].time.due(plan_.header.reading);
      }

      if (implied_trigger(d)) return false;  // rare: resolve_task makes the trigger
      if (d.trigger) {
        task.trigger_mode = d.trigger->mode;
        task.trigger_loc = d.trigger->loc;
        for (const auto& name : d.trigger->on) {
          Symbol sym = out.names.next(plan_);
          if (sym.kind == Kind::task) {
            add_edge(*out.waits_for, *out.waits_loc, sym.index, name.loc);
          } else if (sym.kind == Kind::event) {
            add_edge(*out.waits_for, *out.waits_loc, plan_.event_node(sym.index), name.loc);
          } else {
            return false;
          }
        }
      }
      close_row(*out.waits_for);

      for (const auto& name : d.depends_on) {
        Symbol sym = out.names.next(plan_);
        if (sym.kind != Kind::task) return false;
        add_edge(*out.depends_on, *out.depends_loc, sym.index, name.loc);
      }
      close_row(*out.depends_on);

      if (d.duration) task.duration = TaskDuration{d.duration->amount, d.duration->unit};
      task.quiet = d.quiet || quiet_by_section(d.escalation.has_value(), task.section);
      task.escalation = kNone;
      if (!d.quiet) {  // a quiet task's policy is not looked up, as in resolve_task
        PolicyId own = kNone;
        if (d.escalation) {
          Symbol sym = out.names.next(plan_);
          if (sym.kind != Kind::policy) return false;
          own = sym.index;
        }
        if (!task.quiet) task.escalation = effective_policy(own, task.section);
      }
    }
    return true;
  }

  /// The names of tasks [from, to) in the order task_rows_until_wrong reads them, looked up
  /// together (Interner::find_all); their symbols are on their way into the cache.
  void look_up_names(TaskId from, TaskId to, NameBatch& b) const {
    b.names.clear();
    for (TaskId t = from; t < to; ++t) {
      const auto& d = *task_decls_[t];
      for (const auto& n : d.leads) b.names.push_back(n.text);
      for (const auto& n : d.support) b.names.push_back(n.text);
      if (d.trigger) {
        for (const auto& n : d.trigger->on) b.names.push_back(n.text);
      }
      for (const auto& n : d.depends_on) b.names.push_back(n.text);
      if (!d.quiet && d.escalation) b.names.push_back(d.escalation->text);
    }
    b.ids.resize(b.names.size());
    plan_.strings.find_all(b.names, b.ids);
    for (StrId s : b.ids) {
      if (s < plan_.symbols.size()) __builtin_prefetch(&plan_.symbols[s]);
    }
    b.next_at = 0;
  }

  /// expand() for a worker, of names that come next in `out.names`: agencies into `out.pool`
  /// under the current stamp; false when a name is not an agency or group.
  bool expand_into(const std::vector<Name>& names, Span& span, TaskRows& out) const {
    span = Span{static_cast<std::uint32_t>(out.pool->size()), 0};
    auto add = [&](AgencyId a) {
      if (out.stamp_of[a] == out.stamp) return;
      out.stamp_of[a] = out.stamp;
      out.pool->push_back(a);
    };
    for (std::size_t left = names.size(); left > 0; --left) {
      Symbol sym = out.names.next(plan_);
      if (sym.kind == Kind::agency) {
        add(sym.index);
      } else if (sym.kind == Kind::group) {
        const Group& g = plan_.groups[sym.index];
        for (std::uint32_t i = 0; i < g.members.size; ++i) add(group_pool_[g.members.begin + i]);
      } else {
        return false;
      }
    }
    span.size = static_cast<std::uint32_t>(out.pool->size()) - span.begin;
    return true;
  }

  /// The element of Plan::times equal to `t`, added when it is the first due time written so: a
  /// plan of a million tasks writes a few hundred different ones.
  const dsl::TimeExpr* shared_time(const dsl::TimeExpr& t) {
    auto it = times_by_text_.find(t.text);
    if (it != times_by_text_.end()) {
      for (const dsl::TimeExpr* same : it->second) {
        if (same_time(*same, t)) return same;
      }
    }
    const dsl::TimeExpr* added = &plan_.times.emplace_back(t);
    times_by_text_[added->text].push_back(added);  // the key views the plan's copy, which stays put
    return added;
  }
  static bool same_point(const dsl::TimePoint& a, const dsl::TimePoint& b) {
    return a.kind == b.kind && a.y == b.y && a.q == b.q && a.m == b.m && a.d == b.d;
  }
  static bool same_time(const dsl::TimeExpr& a, const dsl::TimeExpr& b) {
    static_assert(sizeof(dsl::TimeExpr) == 152, "same_time compares every field of TimeExpr: add the new one");
    return a.form == b.form && same_point(a.point, b.point) && same_point(a.to, b.to) && a.amount == b.amount && a.unit == b.unit &&
           a.completion == b.completion && a.aspirational == b.aspirational && a.meeting == b.meeting && a.note == b.note &&
           a.anchor == b.anchor && a.text == b.text;
  }

  /// Adds an edge to the row being built (the last one), once.
  static void add_edge(Csr& g, std::vector<Location>& locs, std::uint32_t to, Location loc) {
    for (std::size_t i = g.offsets.back(); i < g.targets.size(); ++i) {
      if (g.targets[i] == to) return;
    }
    g.targets.push_back(to);
    locs.push_back(loc);
  }
  static void close_row(Csr& g) { g.offsets.push_back(static_cast<std::uint32_t>(g.targets.size())); }

  void resolve_event(EventId e) {
    const auto& d = *event_decls_[e];
    Event& ev = plan_.events[e];
    ev.title = plan_.strings.intern(d.title.text);
    ev.source = text(d.source);
    ev.loc = d.id.loc;
    ev.expected = d.expected;
    ev.expected_loc = d.expected_loc;
    if (d.expected) ev.expected_date = d.expected->due(plan_.header.reading);
    ev.follow_up = agency(d.follow_up);
    report_repeated(d.repeated, Kind::event, d.id);
    for (const auto& n : d.after) {
      Symbol sym = lookup(n, kTaskOrEvent);
      if (sym.kind == Kind::task) add_edge(plan_.waits_for, plan_.waits_loc, sym.index, n.loc);
      if (sym.kind == Kind::event) add_edge(plan_.waits_for, plan_.waits_loc, plan_.event_node(sym.index), n.loc);
    }
    close_row(plan_.waits_for);
  }

  /// A passage's body, title (`II.6: Chính phủ thông qua`) and follow-up (the task's first lead);
  /// a warning when it is expected before the task is due, or before the body before it.
  void resolve_passage(const PassageRef& pa) {
    const dsl::Passage& b = pa.decl->passes->bodies[pa.index];
    Event& ev = plan_.events[pa.event];
    ev.passage_of = pa.task;
    ev.body = agency(b.body);
    std::string_view body = ev.body == kNone ? b.body.text : plan_.str(plan_.agencies[ev.body].name);
    ev.title = plan_.strings.intern(pa.lang == dsl::Lang::en ? fmt::format("{}: passed by {}", pa.decl->id.text, body)
                                                             : fmt::format("{}: {} thông qua", pa.decl->id.text, body));
    const Task& task = plan_.tasks[pa.task];
    if (task.leads.size) ev.follow_up = plan_.agency_pool[task.leads.begin];
    if (!ev.expected_date) return;
    // The date it must follow: the body before it that has one, else the task's due date.
    std::optional<dsl::Date> before;
    std::string before_what;
    for (std::size_t j = pa.index; j-- > 0 && !before;) {
      const auto& o = pa.decl->passes->bodies[j];
      if (o.expected) before = o.expected->due(plan_.header.reading), before_what = std::string(o.body.text);
    }
    if (!before && task.due.size) before = plan_.dues[task.due.begin].date;
    if (!before || !(*ev.expected_date < *before)) return;
    const dsl::Lang vi = dsl::Lang::vi, en = dsl::Lang::en;
    Message what = before_what.empty() ? Message{fmt::format("nhiệm vụ {} hạn {}", pa.decl->id.text, show_date(*before, vi)),
                                                 fmt::format("task {} is due on {}", pa.decl->id.text, show_date(*before, en))}
                                       : Message{fmt::format("{} dự kiến {}", before_what, show_date(*before, vi)),
                                                 fmt::format("{} is expected on {}", before_what, show_date(*before, en))};
    diags_.warning(
        b.expected_loc,
        Message{fmt::format("{} dự kiến thông qua {}, trước khi {}", b.body.text, show_date(*ev.expected_date, vi), what.vi),
                fmt::format("{} is expected to pass it on {}, before {}", b.body.text, show_date(*ev.expected_date, en), what.en)},
        {Message{"sản phẩm qua các cấp theo thứ tự đã ghi: kiểm tra lại thời gian dự kiến",
                 "the product passes the bodies in the order written: check the expected times"}});
  }

  /// `gửi A, B qua C`, `đồng gửi D` of a task.
  void resolve_task_addressing(TaskId t) {
    Addressing a = addressing(*task_decls_[t]->sent);
    if (!a.empty()) plan_.task_sent.emplace(t, a);
  }
  Addressing addressing(const dsl::Addressing& d) {
    Addressing a;
    a.to = expand(d.to);
    a.via = agency(d.via);
    a.copy_to = expand(d.copy_to);
    return a;
  }

  void resolve_duty(DutyId u) {
    const auto& d = *duty_decls_[u];
    Duty& duty = plan_.duties[u];
    duty.title = plan_.strings.intern(d.title.text);
    duty.deliverable = text(d.deliverable);
    duty.source = text(d.source);
    duty.loc = d.id.loc;
    duty.every = d.every;
    duty.period = d.period;
    duty.all_leads = d.all_leads;
    report_repeated(d.repeated, Kind::duty, d.id);
    if (d.after) {
      resolve_duty_after(u, d);
    } else {
      apply_duty_day(duty.every);
    }
    if (!d.every_loc.valid() && !d.after) {
      diags_.error(d.id.loc,
                   Message{fmt::format("nghĩa vụ {} chưa ghi định kỳ", d.id.text),
                           fmt::format("duty {} does not say how often it recurs", d.id.text)},
                   {Message{"thêm dòng như 'định kỳ hằng năm (trước ngày 30/11)'", "add a line such as 'every year before 30/11'"}});
    }
    if (d.by.empty() && !d.all_leads) {
      diags_.error(d.id.loc,
                   Message{fmt::format("nghĩa vụ {} chưa ghi đơn vị thực hiện", d.id.text),
                           fmt::format("duty {} does not say who performs it", d.id.text)},
                   {Message{"thêm dòng 'thực hiện <mã cơ quan>' hoặc 'thực hiện các đơn vị chủ trì'",
                            "add a line 'by <agency id>' or 'by all leads'"}});
    }
    duty.by = expand(d.by);
    duty.sent = addressing(d.sent);
    duty.escalation =
        d.quiet || quiet_by_section(d.escalation.has_value(), duty.section) ? kNone : effective_policy(policy(d.escalation), duty.section);
  }

  /// `thời hạn 10 ngày sau BC_NAM`: the duty it follows, and the time after it.
  void resolve_duty_after(DutyId u, const dsl::DutyDecl& d) {
    Duty& duty = plan_.duties[u];
    const dsl::TimeExpr& t = d.after->time;
    const int most = t.unit == dsl::TimeExpr::Unit::months ? kMaxLagMonths : kMaxLagDays;
    duty.after_lag = Lag{std::clamp(t.amount, 0, most), t.unit};
    duty.after_loc = d.after->loc;
    if (d.every_loc.valid() && d.every.anchor != dsl::Recurrence::Anchor::none) {
      diags_.error(d.every_loc,
                   Message{fmt::format("nghĩa vụ {} vừa có ngày riêng ('{}') vừa tính hạn sau nghĩa vụ {}; chỉ ghi một cách", d.id.text,
                                       d.every.text, d.after->duty.text),
                           fmt::format("duty {} has a day of its own ('{}') and is also due after duty {}; write one of them", d.id.text,
                                       d.every.text, d.after->duty.text)},
                   {Message{"bỏ ngày trong dòng định kỳ, hoặc bỏ dòng 'thời hạn … sau …'",
                            "remove the day from the recurrence, or the line 'due … after …'"}});
    }
    Symbol sym = lookup(d.after->duty, bit(Kind::duty));
    if (sym.kind == Kind::duty) duty.after = sym.index;
  }

  /// After every duty is resolved: a chain of duties each due after the next must end, and a duty
  /// written with its own frequency must recur as often as the one it follows.
  void check_duty_chains() {
    const auto n = static_cast<DutyId>(plan_.duties.size());
    for (DutyId u = 0; u < n; ++u) {
      if (plan_.duties[u].after == kNone) continue;
      std::vector<DutyId> path{u};
      DutyId v = plan_.duties[u].after;
      while (v != kNone && v != u && path.size() <= n) path.push_back(v), v = plan_.duties[v].after;
      if (v == u) {
        if (u != *std::min_element(path.begin(), path.end())) continue;  // one message per cycle
        std::string shown;
        for (DutyId w : path) shown += std::string(plan_.str(plan_.duties[w].id)) + " -> ";
        shown += plan_.str(plan_.duties[u].id);
        diags_.error(plan_.duties[u].after_loc,
                     Message{fmt::format("các nghĩa vụ tính hạn sau nhau thành vòng, không có kỳ nào đến hạn trước: {}", shown),
                             fmt::format("duties due after one another go in a circle, so none is due first: {}", shown)},
                     {Message{"một nghĩa vụ trong vòng phải có ngày riêng ('định kỳ hằng năm (trước ngày 30/11)')",
                              "one duty of the circle needs a day of its own ('every year before 30/11')"}});
        continue;
      }
      const auto& d = *duty_decls_[u];
      const dsl::Recurrence& root = plan_.duties[path.back()].every;
      if (d.every_loc.valid() && !same_frequency(d.every, root)) {
        const Duty& base = plan_.duties[plan_.duties[u].after];
        diags_.error(d.every_loc,
                     Message{fmt::format("nghĩa vụ {} định kỳ '{}' nhưng tính hạn sau nghĩa vụ {} định kỳ '{}': hai định kỳ phải như nhau",
                                         d.id.text, d.every.text, plan_.str(base.id), root.text),
                             fmt::format("duty {} recurs '{}' but is due after duty {}, which recurs '{}': both must recur alike",
                                         d.id.text, d.every.text, plan_.str(base.id), root.text)},
                     {Message{"bỏ dòng định kỳ: nghĩa vụ tính hạn sau nghĩa vụ khác lấy định kỳ của nghĩa vụ đó",
                              "remove the recurrence: a duty due after another recurs as that one does"}});
      }
    }
  }
  static bool same_frequency(const dsl::Recurrence& a, const dsl::Recurrence& b) {
    return a.freq == b.freq && (a.freq != dsl::Recurrence::Freq::fixed_years || a.years == b.years);
  }

  void resolve_indicator(IndicatorId i) {
    const auto& d = *indicator_decls_[i];
    Indicator& ind = plan_.indicators[i];
    ind.name = plan_.strings.intern(d.name.text);
    ind.unit = text(d.unit);
    ind.source = text(d.source);
    ind.loc = d.id.loc;
    ind.baseline = d.baseline;
    set_target(ind, d.target, d.trajectory);
    report_repeated(d.repeated, Kind::indicator, d.id);
    ind.owners = expand(d.owners);
    if (d.part_of) {
      Symbol sym = lookup(*d.part_of, bit(Kind::indicator));
      if (sym.kind == Kind::indicator) ind.part_of = sym.index;
    }
  }

  /// The target and the trajectory, with the milestones written in the target clause
  /// (`≥ 1 năm 2025, ≥ 2 năm 2030`) joined to the trajectory, in year order.
  static void set_target(Indicator& ind, const std::optional<dsl::Target>& target, const std::vector<dsl::YearValue>& trajectory) {
    ind.target = target;
    ind.trajectory = trajectory;
    if (!target) return;
    ind.trajectory.insert(ind.trajectory.end(), target->earlier.begin(), target->earlier.end());
    std::stable_sort(ind.trajectory.begin(), ind.trajectory.end(), [](const auto& a, const auto& b) { return a.year < b.year; });
    ind.target->earlier.clear();
  }

  /// A task's `mục tiêu`: an indicator of its own, with the task's id, title and leads, judged like
  /// any other from `chỉ tiêu ID năm Y đạt V` facts written with the task's id.
  void add_task_target(TaskId t) {
    const auto& d = *task_decls_[t];
    const Task& task = plan_.tasks[t];
    Indicator ind;
    ind.id = task.id;
    ind.name = task.title;
    ind.unit = text(d.unit);
    ind.owners = task.leads;
    ind.section = task.section;
    ind.task = t;
    ind.loc = d.target->loc;
    set_target(ind, d.target, {});
    plan_.indicators.push_back(std::move(ind));
  }

  void resolve_waive(const dsl::WaiveDecl& w) {
    Symbol sym = lookup(w.task, bit(Kind::task));
    if (sym.kind != Kind::task) return;
    Task& task = plan_.tasks[sym.index];
    if (task.waived) {
      dsl::Diagnostic diag{dsl::Severity::error,
                           w.task.loc,
                           Message{fmt::format("nhiệm vụ {} đã được dừng theo một văn bản khác", w.task.text),
                                   fmt::format("task {} is already waived by another document", w.task.text)},
                           {Message{"mỗi nhiệm vụ chỉ dừng theo một văn bản; giữ lại văn bản có hiệu lực",
                                    "a task is waived by one document; keep the one in force"}},
                           {{task.waived->loc, Message{"lần dừng thứ nhất ở đây", "the first waiver is here"}}}};
      diags_.add(std::move(diag));
      return;
    }
    task.waived = Waiver{plan_.strings.intern(w.waiver.by.text), text(w.waiver.reason), w.waiver.loc};
  }

  const dsl::PlanSources& src_;
  std::vector<std::uint8_t> quiet_sections_;  ///< per section (empty when none): `đôn đốc không`
  dsl::Diagnostics& diags_;
  unsigned threads_;
  Plan plan_;
  const dsl::PlanDecl* header_ = nullptr;
  bool plan_content_ = false;  // anything besides holidays and includes
  std::vector<const dsl::AgencyDecl*> agency_decls_;
  std::vector<const dsl::GroupDecl*> group_decls_;
  std::vector<const dsl::SectionDecl*> section_decls_;
  std::vector<const dsl::TaskDecl*> task_decls_;
  std::vector<const dsl::EventDecl*> event_decls_;
  std::vector<const dsl::DutyDecl*> duty_decls_;
  std::vector<const dsl::IndicatorDecl*> indicator_decls_;
  std::vector<const dsl::EscalationDecl*> policy_decls_;
  std::vector<const dsl::WaiveDecl*> waives_;
  std::vector<const dsl::HolidaysDecl*> holidays_;
  dsl::Lang lang_ = dsl::Lang::vi;  // of the file being declared
  std::vector<TaskId> sent_tasks_;  // the tasks with `gửi` / `đồng gửi`
  std::deque<std::string> owned_;   // the ids of passages
  std::deque<dsl::EventDecl> passage_decls_;
  std::vector<PassageRef> passages_;
  TextsWorker* texts_worker_ = nullptr;  // while one takes the tasks' texts
  std::map<int, const dsl::HolidaysDecl*> holiday_years_;
  std::unordered_map<std::string_view, std::vector<const dsl::TimeExpr*>> times_by_text_;  // Plan::times by their text
  // Hints.
  int hints_given_ = 0;
  KindIds candidates_{plan_};
  std::vector<std::string> name_keys_;
  std::vector<std::string_view> name_key_views_;
  std::vector<AgencyId> name_key_agency_;
  // De-duplication of agency lists.
  std::vector<std::uint32_t> stamp_of_;
  std::uint32_t stamp_ = 0;
  std::vector<AgencyId> group_pool_;  // Plan::agency_pool before the tasks, for the task workers
};
}  // namespace

Plan resolve(const dsl::PlanSources& sources, dsl::Diagnostics& diags, unsigned threads) {
  return Resolver(sources, diags, std::min(dsl::worker_threads(threads), 2u)).run();  // the task loop uses two at most
}

}  // namespace dondoc::engine
