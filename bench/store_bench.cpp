// dondoc-bench-store: how fast the store records facts, against bare SQLite on the same machine.
//
//   dondoc-bench-store                       # 200,000 facts in batches of 1,000; 20,000 one by one
//   dondoc-bench-store --facts 1000000 --one 50000 --batch 5000 --runs 5
//   dondoc-bench-store --dir /var/tmp        # where the databases go (a temp folder by default)
//
// Four measures, each on a fresh database file in WAL mode with synchronous=NORMAL:
//   store, batched      Store::record_facts, `--batch` facts per transaction
//   store, one per tx   Store::record_fact, one transaction each
//   bare, batched       one prepared INSERT into a table of the same columns, BEGIN/COMMIT per batch
//   bare, one per tx    the same INSERT in autocommit (a transaction per row)
// The facts carry a realistic journal line (~130 bytes) and attributes. Prints the best and median
// of `--runs` runs in facts/s, and CPU seconds (the machine is shared: wall time includes waiting).

#include <fmt/format.h>
#include <sqlite3.h>
#include <unistd.h>
#include <CLI/CLI.hpp>

#include <algorithm>
#include <chrono>
#include <ctime>
#include <filesystem>
#include <string>
#include <vector>

#include "runtime/store.hpp"

namespace {

namespace fs = std::filesystem;
using dondoc::runtime::NewFact;
using dondoc::runtime::Store;

double cpu_now() {
  timespec ts{};
  clock_gettime(CLOCK_PROCESS_CPUTIME_ID, &ts);
  return double(ts.tv_sec) + double(ts.tv_nsec) * 1e-9;
}

struct Run {
  double wall = 0, cpu = 0;
};

template <class F>
Run timed(F&& f) {
  double c0 = cpu_now();
  auto t0 = std::chrono::steady_clock::now();
  f();
  Run r;
  r.wall = std::chrono::duration<double>(std::chrono::steady_clock::now() - t0).count();
  r.cpu = cpu_now() - c0;
  return r;
}

std::vector<NewFact> make_facts(std::size_t n) {
  std::vector<NewFact> facts(n);
  for (std::size_t i = 0; i < n; ++i) {
    NewFact& f = facts[i];
    f.kind = "done";
    f.target = fmt::format("II.{}", i);
    f.on = fmt::format("2023-{:02}-{:02}", 1 + i % 12, 1 + i % 28);
    f.text = fmt::format(
        "hoàn thành II.{} ngày {:02}/{:02}/2023 {{ người ghi \"Phòng Tổng hợp, Sở Xây dựng\" văn bản \"Tờ trình số {}/TTr-SXD\" }}", i,
        1 + i % 28, 1 + i % 12, i);
    f.recorded_by = "Phòng Tổng hợp, Sở Xây dựng";
    f.reference = fmt::format("Tờ trình số {}/TTr-SXD", i);
    f.recorded_at = "2023-04-01T08:00:00Z";
    f.rule_version = 1;
  }
  return facts;
}

void remove_db(const fs::path& p) {
  for (const char* suffix : {"", "-wal", "-shm"}) fs::remove(p.string() + suffix);
}

Store fresh_store(const fs::path& p) {
  remove_db(p);
  auto store = Store::open(p.string());
  store.add_rule_version({0, "h", "QD-557", {{"plan.rules", "x"}}, "2023-02-17T00:00:00Z"});
  return store;
}

// Bare SQLite ---------------------------------------------------------------------------------

void check(int rc, sqlite3* db, const char* what) {
  if (rc != SQLITE_OK && rc != SQLITE_DONE && rc != SQLITE_ROW) {
    fmt::print(stderr, "dondoc-bench-store: {}: {}\n", what, sqlite3_errmsg(db));
    std::exit(1);
  }
}

struct Bare {
  sqlite3* db = nullptr;
  sqlite3_stmt* insert = nullptr;
  explicit Bare(const fs::path& p) {
    remove_db(p);
    check(sqlite3_open(p.c_str(), &db), db, "open");
    check(sqlite3_exec(db,
                       "PRAGMA journal_mode=WAL; PRAGMA synchronous=NORMAL;"
                       "CREATE TABLE facts(seq INTEGER PRIMARY KEY, kind TEXT, target TEXT, on_date TEXT, text TEXT,"
                       " recorded_by TEXT, reference TEXT, source TEXT, recorded_at TEXT, rule_version INTEGER)",
                       nullptr, nullptr, nullptr),
          db, "create");
    check(sqlite3_prepare_v2(db,
                             "INSERT INTO facts(kind, target, on_date, text, recorded_by, reference, source, recorded_at, rule_version)"
                             " VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9)",
                             -1, &insert, nullptr),
          db, "prepare");
  }
  ~Bare() {
    sqlite3_finalize(insert);
    sqlite3_close(db);
  }
  void add(const NewFact& f) {
    auto text = [&](int i, const std::string& s) { sqlite3_bind_text(insert, i, s.data(), int(s.size()), SQLITE_STATIC); };
    text(1, f.kind);
    text(2, f.target);
    text(3, f.on);
    text(4, f.text);
    text(5, f.recorded_by);
    text(6, f.reference);
    text(7, f.source);
    text(8, f.recorded_at);
    sqlite3_bind_int64(insert, 9, *f.rule_version);
    check(sqlite3_step(insert), db, "insert");
    sqlite3_reset(insert);
  }
  void exec(const char* sql) { check(sqlite3_exec(db, sql, nullptr, nullptr, nullptr), db, sql); }
};

struct Result {
  std::string name;
  std::size_t facts = 0;
  std::vector<Run> runs;
};

void report(const Result& r) {
  std::vector<double> rates;
  for (const Run& run : r.runs) rates.push_back(double(r.facts) / run.wall);
  std::sort(rates.begin(), rates.end());
  double best = rates.back(), median = rates[rates.size() / 2];
  double cpu = r.runs.front().cpu;
  for (const Run& run : r.runs) cpu = std::min(cpu, run.cpu);
  fmt::print("{:<22} {:>9} {:>12.0f} {:>12.0f} {:>14.0f}\n", r.name, r.facts, best, median, double(r.facts) / cpu);
}

}  // namespace

int main(int argc, char** argv) {
  CLI::App app{"dondoc-bench-store: facts/s through the store and bare SQLite"};
  std::size_t batched = 200000, one = 20000, batch = 1000, runs = 3;
  std::string dir;
  app.add_option("--facts", batched, "facts recorded in batches");
  app.add_option("--one", one, "facts recorded one per transaction");
  app.add_option("--batch", batch, "facts per batch")->check(CLI::PositiveNumber);
  app.add_option("--runs", runs, "runs of each measure (best and median are printed)")->check(CLI::PositiveNumber);
  app.add_option("--dir", dir, "folder for the databases (default: a fresh temp folder)");
  CLI11_PARSE(app, argc, argv);

  bool temp = dir.empty();
  if (temp) {
    std::string tmpl = (fs::temp_directory_path() / "dondoc-bench-store.XXXXXX").string();
    if (!mkdtemp(tmpl.data())) {
      fmt::print(stderr, "dondoc-bench-store: cannot make a temp folder\n");
      return 1;
    }
    dir = tmpl;
  }
  fs::path db = fs::path(dir) / "bench.db";
  auto facts = make_facts(std::max(batched, one));
  fmt::print("SQLite {}, databases in {}, {} runs; journal line ~{} bytes\n", sqlite3_libversion(), dir, runs, facts[0].text.size());

  Result store_batched{fmt::format("store, batches of {}", batch), batched, {}};
  Result store_one{"store, one per tx", one, {}};
  Result bare_batched{fmt::format("bare, batches of {}", batch), batched, {}};
  Result bare_one{"bare, one per tx", one, {}};
  for (std::size_t r = 0; r < runs; ++r) {
    {
      auto store = fresh_store(db);
      store_batched.runs.push_back(timed([&] {
        for (std::size_t i = 0; i < batched; i += batch)
          store.record_facts(std::span<const NewFact>(facts.data() + i, std::min(batch, batched - i)));
      }));
    }
    {
      auto store = fresh_store(db);
      store_one.runs.push_back(timed([&] {
        for (std::size_t i = 0; i < one; ++i) store.record_fact(facts[i]);
      }));
    }
    {
      Bare bare(db);
      bare_batched.runs.push_back(timed([&] {
        for (std::size_t i = 0; i < batched; i += batch) {
          bare.exec("BEGIN");
          for (std::size_t j = i; j < std::min(i + batch, batched); ++j) bare.add(facts[j]);
          bare.exec("COMMIT");
        }
      }));
    }
    {
      Bare bare(db);
      bare_one.runs.push_back(timed([&] {
        for (std::size_t i = 0; i < one; ++i) bare.add(facts[i]);
      }));
    }
  }
  fmt::print("{:<22} {:>9} {:>12} {:>12} {:>14}\n", "measure", "facts", "best /s", "median /s", "by CPU time /s");
  for (const Result* r : {&store_batched, &store_one, &bare_batched, &bare_one}) report(*r);
  remove_db(db);
  if (temp) fs::remove_all(dir);
  return 0;
}
