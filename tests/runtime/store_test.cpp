#include "runtime/store.hpp"

#include <sqlite3.h>
#include <unistd.h>
#include <catch2/catch.hpp>

#include <filesystem>
#include <fstream>
#include <sstream>
#include <string>
#include <vector>

#include "tests/temp_dir.hpp"

using namespace dondoc::runtime;

namespace fs = std::filesystem;

namespace {

/// A fresh directory, removed at the end of the test.
using dondoc::test::TempDir;

/// Runs SQL on a raw connection, as another program (or an old dondoc) would.
void raw_sql(const std::string& path, const std::string& sql) {
  sqlite3* db = nullptr;
  REQUIRE(sqlite3_open(path.c_str(), &db) == SQLITE_OK);
  char* err = nullptr;
  int rc = sqlite3_exec(db, sql.c_str(), nullptr, nullptr, &err);
  std::string msg = err ? err : "";
  sqlite3_free(err);
  sqlite3_close(db);
  INFO(msg);
  REQUIRE(rc == SQLITE_OK);
}

NewFact fact(const std::string& target, const std::string& on) {
  NewFact f;
  f.kind = "done";
  f.target = target;
  f.on = on;
  f.text = "done " + target + " on " + on;
  f.recorded_by = "SKHDT";
  f.reference = "QĐ 1/QĐ-UBND";
  f.recorded_at = "2023-04-01T01:00:00Z";
  return f;
}

NewEscalation escalation(const std::string& id, const std::string& recipient) {
  return {id, "2023-04-01", "II.3", "overdue", 1, recipient, R"({"id":")" + id + R"(","to":")" + recipient + R"("})"};
}

Evaluation evaluation(const std::string& date, std::int64_t facts_seen = 0) {
  return {0, date, std::nullopt, facts_seen, "2023-04-01T01:00:00Z"};
}

std::vector<std::string> ids_of(const std::vector<Escalation>& rows) {
  std::vector<std::string> ids;
  for (const auto& e : rows) ids.push_back(e.id);
  return ids;
}

using Strings = std::vector<std::string>;

}  // namespace

TEST_CASE("store: a new store is in WAL mode at the current schema version", "[runtime][store]") {
  TempDir dir;
  auto store = Store::open(dir.file("state.db"));
  CHECK(store.journal_mode() == "wal");
  CHECK(store.schema_version() == Store::current_schema_version());
  CHECK(Store::current_schema_version() == 2);
  store.record_fact(fact("II.3", "2023-03-20"));
  CHECK(fs::exists(dir.file("state.db-wal")));
  // Reopening an up-to-date store changes nothing.
  auto again = Store::open(dir.file("state.db"));
  CHECK(again.all_facts().size() == 1);
}

TEST_CASE("store: opening a version 1 store upgrades it and keeps its data", "[runtime][store]") {
  TempDir dir;
  std::string path = dir.file("v1.db");
  // The version 1 layout, written by hand as the first dondoc wrote it.
  raw_sql(path, R"sql(
PRAGMA application_id = 1148077155;
CREATE TABLE rule_versions(id INTEGER PRIMARY KEY, hash TEXT NOT NULL, plan_id TEXT NOT NULL, files TEXT NOT NULL, loaded_at TEXT NOT NULL);
CREATE TABLE facts(seq INTEGER PRIMARY KEY, kind TEXT NOT NULL, target TEXT NOT NULL,
  on_date TEXT CHECK (on_date IS NULL OR on_date GLOB '[0-9][0-9][0-9][0-9]-[0-9][0-9]-[0-9][0-9]'),
  text TEXT NOT NULL, recorded_by TEXT NOT NULL DEFAULT '', reference TEXT NOT NULL DEFAULT '', source TEXT NOT NULL DEFAULT '',
  recorded_at TEXT NOT NULL);
CREATE TRIGGER facts_append_only_update BEFORE UPDATE ON facts BEGIN SELECT RAISE(ABORT, 'facts are append-only'); END;
CREATE TRIGGER facts_append_only_delete BEFORE DELETE ON facts BEGIN SELECT RAISE(ABORT, 'facts are append-only'); END;
CREATE TABLE evaluations(seq INTEGER PRIMARY KEY, plan_date TEXT NOT NULL, rule_version INTEGER REFERENCES rule_versions(id),
  facts_seen INTEGER NOT NULL, at TEXT NOT NULL);
CREATE TABLE escalations(id TEXT PRIMARY KEY, seq INTEGER NOT NULL UNIQUE, evaluation INTEGER NOT NULL REFERENCES evaluations(seq),
  plan_date TEXT NOT NULL, task TEXT NOT NULL, kind TEXT NOT NULL, level INTEGER NOT NULL, recipient TEXT NOT NULL,
  payload TEXT NOT NULL, rule_version INTEGER REFERENCES rule_versions(id));
CREATE TABLE deliveries(escalation_id TEXT NOT NULL REFERENCES escalations(id), sink TEXT NOT NULL, delivered_at TEXT,
  PRIMARY KEY (sink, escalation_id)) WITHOUT ROWID;
INSERT INTO rule_versions VALUES (1, 'h1', 'QD-557', '[{"path":"plan.rules","hash":"f1"}]', '2023-02-17T00:00:00Z');
INSERT INTO facts VALUES (1, 'done', 'II.3', '2023-03-20', 'done II.3 on 2023-03-20', 'SKHDT', 'TTr 45', '', '2023-03-21T00:00:00Z');
INSERT INTO evaluations VALUES (1, '2023-04-01', 1, 1, '2023-04-01T00:00:00Z');
INSERT INTO escalations VALUES ('e1', 1, 1, '2023-04-01', 'II.4', 'overdue', 1, 'SXD', '{"id":"e1"}', 1);
INSERT INTO escalations VALUES ('e2', 2, 1, '2023-04-01', 'II.5', 'overdue', 1, 'SYT', '{"id":"e2"}', 1);
INSERT INTO deliveries VALUES ('e1', 'stdout', '2023-04-01T00:00:01Z');
PRAGMA user_version = 1;
)sql");

  auto store = Store::open(path);
  CHECK(store.schema_version() == 2);
  CHECK(store.journal_mode() == "wal");
  auto facts = store.all_facts();
  REQUIRE(facts.size() == 1);
  CHECK(facts[0].text == "done II.3 on 2023-03-20");
  CHECK(facts[0].rule_version == std::nullopt);  // the column version 2 added
  auto d = store.delivery("stdout", "e1");
  REQUIRE(d);
  CHECK(d->delivered_at == "2023-04-01T00:00:01Z");
  CHECK(d->attempts == 1);  // filled in for deliveries made before version 2
  CHECK(ids_of(store.outbox("stdout", 10)) == Strings{"e2"});
  store.set_state("clock", "2023-04-02");  // the table version 2 added
  CHECK(store.get_state("clock") == "2023-04-02");
  auto rv = store.latest_rule_version();
  REQUIRE(rv);
  CHECK(rv->files.size() == 1);
  CHECK(rv->files[0].path == "plan.rules");
  // New rows go on after the old ones.
  CHECK(store.record_fact(fact("II.4", "2023-04-02")) == 2);
  CHECK(store.commit_evaluation(evaluation("2023-04-02"), std::vector{escalation("e3", "SXD")}).new_escalations == 1);
  CHECK(store.escalation_ids() == Strings{"e1", "e2", "e3"});
}

TEST_CASE("store: refuses a store written by a newer dondoc", "[runtime][store]") {
  TempDir dir;
  std::string path = dir.file("new.db");
  raw_sql(path, "PRAGMA application_id = 1148077155; CREATE TABLE future(x); PRAGMA user_version = 9;");
  try {
    Store::open(path);
    FAIL("opened a newer store");
  } catch (const StoreError& e) {
    CHECK(std::string(e.what()) == path + ": the store has schema version 9, newer than this dondoc understands (2); use a newer dondoc");
  }
}

TEST_CASE("store: refuses a file that is not a database, and leaves it as it was", "[runtime][store]") {
  TempDir dir;
  std::string path = dir.file("notes.txt");
  std::string text = "hoàn thành II.3 ngày 20/03/2023\nThis is a journal, not a database.\n";
  std::ofstream(path) << text;
  try {
    Store::open(path);
    FAIL("opened a text file");
  } catch (const StoreError& e) {
    CHECK(std::string(e.what()) == path + ": not a dondoc store (SQLite: file is not a database)");
  }
  std::ifstream in(path);
  std::stringstream ss;
  ss << in.rdbuf();
  CHECK(ss.str() == text);
  CHECK_FALSE(fs::exists(path + "-wal"));
}

TEST_CASE("store: refuses another program's SQLite database", "[runtime][store]") {
  TempDir dir;
  std::string path = dir.file("other.db");
  raw_sql(path, "CREATE TABLE contacts(name TEXT);");
  CHECK_THROWS_WITH(Store::open(path), path + ": not a dondoc store (an SQLite database with other tables)");
  raw_sql(path, "PRAGMA application_id = 42;");
  CHECK_THROWS_WITH(Store::open(path), path + ": not a dondoc store (an SQLite database of another program, application_id 0x2a)");
}

TEST_CASE("store: an unwritable place gives an error naming the file", "[runtime][store]") {
  TempDir dir;
  std::string path = dir.file("no/such/dir/state.db");
  CHECK_THROWS_WITH(Store::open(path), path + ": cannot open the store (SQLite: unable to open database file)");
}

TEST_CASE("store: facts recorded in a batch and one by one come back in order", "[runtime][store]") {
  TempDir dir;
  auto store = Store::open(dir.file("state.db"));
  std::vector<NewFact> batch{fact("II.1", "2023-03-01"), fact("II.2", "2023-03-02"), fact("II.3", "2023-03-03")};
  batch[1].kind = "value";
  batch[1].on = "";  // an indicator value has no date
  batch[1].rule_version = store.add_rule_version({0, "h", "QD-557", {{"a.rules", "x"}}, "2023-02-17T00:00:00Z"});
  CHECK(store.record_facts(batch) == std::vector<std::int64_t>{1, 2, 3});
  CHECK(store.record_fact(fact("II.4", "2023-03-04")) == 4);
  CHECK(store.record_fact(fact("II.5", "2023-03-05")) == 5);
  CHECK(store.last_fact_seq() == 5);

  auto all = store.all_facts();
  REQUIRE(all.size() == 5);
  CHECK(all[1].kind == "value");
  CHECK(all[1].on == "");
  CHECK(all[1].rule_version == 1);
  CHECK(all[0].reference == "QĐ 1/QĐ-UBND");
  auto since = store.facts_since(3);
  REQUIRE(since.size() == 2);
  CHECK(since[0].seq == 4);
  CHECK(since[0].target == "II.4");

  std::ostringstream journal;
  store.export_journal(journal);
  CHECK(journal.str() ==
        "done II.1 on 2023-03-01\ndone II.2 on 2023-03-02\ndone II.3 on 2023-03-03\ndone II.4 on 2023-03-04\ndone II.5 on 2023-03-05\n");
}

TEST_CASE("store: a batch with one bad fact records nothing", "[runtime][store]") {
  auto store = Store::open_memory();
  store.record_fact(fact("II.1", "2023-03-01"));
  std::vector<NewFact> batch{fact("II.2", "2023-03-02"), fact("II.3", "2023-03-03")};
  batch[1].text = "two\nlines";
  CHECK_THROWS_WITH(store.record_facts(batch), ":memory:: fact 2: the journal text must be one line");
  batch[1] = fact("II.3", "20/03/2023");  // not ISO: the schema refuses it
  CHECK_THROWS_WITH(store.record_facts(batch),
                    ":memory:: recording fact 2 (done II.3) (SQLite: CHECK constraint failed: on_date IS NULL OR "
                    "on_date GLOB '[0-9][0-9][0-9][0-9]-[0-9][0-9]-[0-9][0-9]')");
  CHECK(store.all_facts().size() == 1);
  // The store is usable after the rollback.
  CHECK(store.record_fact(fact("II.2", "2023-03-02")) == 2);
}

TEST_CASE("store: facts are append-only", "[runtime][store]") {
  TempDir dir;
  std::string path = dir.file("state.db");
  {
    auto store = Store::open(path);
    store.record_fact(fact("II.1", "2023-03-01"));
  }
  sqlite3* db = nullptr;
  REQUIRE(sqlite3_open(path.c_str(), &db) == SQLITE_OK);
  CHECK(sqlite3_exec(db, "UPDATE facts SET target = 'II.9'", nullptr, nullptr, nullptr) != SQLITE_OK);
  CHECK(std::string(sqlite3_errmsg(db)) == "facts are append-only");
  CHECK(sqlite3_exec(db, "DELETE FROM facts", nullptr, nullptr, nullptr) != SQLITE_OK);
  sqlite3_close(db);
  CHECK(Store::open(path).all_facts().size() == 1);
}

TEST_CASE("store: an evaluation and its escalations are committed together, each id once", "[runtime][store]") {
  TempDir dir;
  auto store = Store::open(dir.file("state.db"));
  auto first = store.commit_evaluation(evaluation("2023-04-01", 0),
                                       std::vector{escalation("a", "SXD"), escalation("b", "SYT"), escalation("a", "SXD")});
  CHECK(first.evaluation == 1);
  CHECK(first.new_escalations == 2);  // "a" twice in one batch is one row
  // Re-running the same evaluation (after a crash, say) adds an evaluation row, no escalation twice.
  auto again = store.commit_evaluation(evaluation("2023-04-01", 0), std::vector{escalation("b", "SYT"), escalation("c", "SXD")});
  CHECK(again.evaluation == 2);
  CHECK(again.new_escalations == 1);
  CHECK(store.escalation_ids() == Strings{"a", "b", "c"});
  CHECK(store.has_escalation("c"));
  CHECK_FALSE(store.has_escalation("d"));
  auto last = store.last_evaluation();
  REQUIRE(last);
  CHECK(last->seq == 2);
  CHECK(last->plan_date == "2023-04-01");

  auto rows = store.outbox("jsonl:out.jsonl", 10);
  REQUIRE(rows.size() == 3);
  CHECK(rows[0].evaluation == 1);
  CHECK(rows[2].evaluation == 2);
  CHECK(rows[2].payload == R"({"id":"c","to":"SXD"})");
}

TEST_CASE("store: a failure in the middle of a commit leaves neither the evaluation nor any escalation", "[runtime][store]") {
  TempDir dir;
  std::string path = dir.file("state.db");
  auto store = Store::open(path);
  store.commit_evaluation(evaluation("2023-04-01"), std::vector{escalation("a", "SXD")});
  // Make the second escalation of the next commit fail inside the transaction.
  raw_sql(path, "CREATE TRIGGER boom BEFORE INSERT ON escalations WHEN NEW.id = 'boom' BEGIN SELECT RAISE(ABORT, 'boom'); END;");
  CHECK_THROWS_WITH(store.commit_evaluation(evaluation("2023-04-02"), std::vector{escalation("b", "SXD"), escalation("boom", "SXD")}),
                    path + ": recording escalation boom (SQLite: boom)");
  CHECK(store.last_evaluation()->plan_date == "2023-04-01");
  CHECK(store.escalation_ids() == Strings{"a"});
  CHECK_THROWS_WITH(store.commit_evaluation(evaluation("2023-04-02"), std::vector{NewEscalation{"x", "", "", "", 0, "SXD", "{\n}"}}),
                    path + ": escalation x: the payload must be one line of JSON");
  CHECK(store.last_evaluation()->plan_date == "2023-04-01");
}

TEST_CASE("store: the outbox is per sink, in insertion order, without what was delivered", "[runtime][store]") {
  auto store = Store::open_memory();
  store.commit_evaluation(evaluation("2023-04-01"), std::vector{escalation("z", "SXD"), escalation("y", "SYT")});
  store.commit_evaluation(evaluation("2023-04-02"), std::vector{escalation("x", "SXD"), escalation("w", "STC")});
  CHECK(ids_of(store.outbox("a", 10)) == Strings{"z", "y", "x", "w"});
  CHECK(ids_of(store.outbox("a", 2)) == Strings{"z", "y"});
  CHECK(ids_of(store.outbox("a", 10, 2)) == Strings{"x", "w"});  // paging: after seq 2

  store.mark_delivered("a", "y", "2023-04-02T00:00:00Z");  // out of order: a held recipient
  store.mark_failed("a", "z", "HTTP 503");
  store.mark_failed("a", "z", "HTTP 502");
  CHECK(ids_of(store.outbox("a", 10)) == Strings{"z", "x", "w"});
  CHECK(ids_of(store.outbox("b", 10)) == Strings{"z", "y", "x", "w"});
  auto z = store.delivery("a", "z");
  REQUIRE(z);
  CHECK_FALSE(z->delivered_at);
  CHECK(z->attempts == 2);
  CHECK(z->last_error == "HTTP 502");

  store.mark_delivered("a", "z", "2023-04-02T00:00:05Z");
  store.mark_delivered("a", "x", "2023-04-02T00:00:05Z");
  store.mark_delivered("a", "w", "2023-04-02T00:00:05Z");
  CHECK(store.outbox("a", 10).empty());
  CHECK(store.delivery("a", "z")->attempts == 3);
  CHECK(store.delivery("a", "z")->delivered_at == "2023-04-02T00:00:05Z");
  store.mark_failed("a", "z", "late failure");  // a delivered escalation stays delivered
  CHECK(store.delivery("a", "z")->delivered_at);
  store.commit_evaluation(evaluation("2023-04-03"), std::vector{escalation("v", "SXD")});
  CHECK(ids_of(store.outbox("a", 10)) == Strings{"v"});
  CHECK_THROWS_WITH(store.mark_delivered("a", "nope", "t"),
                    ":memory:: marking escalation nope delivered to a (SQLite: FOREIGN KEY constraint failed)");
}

TEST_CASE("store: another process records facts while the store is open", "[runtime][store]") {
  TempDir dir;
  std::string path = dir.file("state.db");
  auto daemon = Store::open(path);
  daemon.record_fact(fact("II.1", "2023-03-01"));
  {
    auto recorder = Store::open(path);  // `dondoc record` beside the running daemon
    recorder.record_fact(fact("II.2", "2023-03-02"));
  }
  auto seen = daemon.facts_since(1);
  REQUIRE(seen.size() == 1);
  CHECK(seen[0].target == "II.2");
}

TEST_CASE("store: a write that stays locked fails with a clear error", "[runtime][store]") {
  TempDir dir;
  std::string path = dir.file("state.db");
  auto store = Store::open(path, StoreOptions{50});
  sqlite3* other = nullptr;
  REQUIRE(sqlite3_open(path.c_str(), &other) == SQLITE_OK);
  REQUIRE(sqlite3_exec(other, "BEGIN IMMEDIATE", nullptr, nullptr, nullptr) == SQLITE_OK);
  CHECK_THROWS_WITH(store.record_fact(fact("II.1", "2023-03-01")), path + ": recording a fact (SQLite: database is locked)");
  sqlite3_exec(other, "ROLLBACK", nullptr, nullptr, nullptr);
  sqlite3_close(other);
  CHECK(store.record_fact(fact("II.1", "2023-03-01")) == 1);
}

TEST_CASE("store: rule versions and state round-trip", "[runtime][store]") {
  auto store = Store::open_memory();
  CHECK_FALSE(store.latest_rule_version());
  CHECK_FALSE(store.get_state("k"));
  store.add_rule_version({0, "h1", "QD-557", {{"a.rules", "1"}}, "2023-02-17T00:00:00Z"});
  auto id = store.add_rule_version({0, "h2", "QD-557", {{"a.rules", "2"}, {"b \"quoted\".rules", "3"}}, "2023-02-18T00:00:00Z"});
  auto v = store.latest_rule_version();
  REQUIRE(v);
  CHECK(v->id == id);
  CHECK(v->hash == "h2");
  REQUIRE(v->files.size() == 2);
  CHECK(v->files[1].path == "b \"quoted\".rules");
  store.set_state("k", "1");
  store.set_state("k", "2");
  CHECK(store.get_state("k") == "2");
}

TEST_CASE("store: facts checked against an older state are not recorded", "[runtime][store]") {
  TempDir dir;
  auto a = Store::open(dir.file("s.db"));
  auto b = Store::open(dir.file("s.db"));  // another process, e.g. a second `dondoc record`
  std::int64_t seen_by_a = a.last_fact_seq(), seen_by_b = b.last_fact_seq();
  std::vector<NewFact> one{fact("II.3", "2023-03-20")};
  auto first = b.record_facts_if_unchanged(one, seen_by_b);
  REQUIRE(first);
  CHECK(*first == std::vector<std::int64_t>{1});
  // `a` checked its fact before b's was recorded: refused, nothing written; checked again, it goes.
  std::vector<NewFact> other{fact("II.3", "2023-03-25")};
  CHECK_FALSE(a.record_facts_if_unchanged(other, seen_by_a));
  CHECK(a.all_facts().size() == 1);
  auto again = a.record_facts_if_unchanged(other, a.last_fact_seq());
  REQUIRE(again);
  CHECK(*again == std::vector<std::int64_t>{2});
}
