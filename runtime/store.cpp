#include "runtime/store.hpp"

#include <fmt/format.h>
#include <sqlite3.h>
#include <nlohmann/json.hpp>

#include <array>
#include <cstdlib>
#include <fstream>
#include <functional>
#include <map>
#include <string>
#include <string_view>
#include <type_traits>
#include <unordered_map>
#include <utility>

namespace dondoc::runtime {

bool StoreError::transient() const {
  const int primary = code_ & 0xff;
  return primary == SQLITE_BUSY || primary == SQLITE_LOCKED || primary == SQLITE_FULL;
}

namespace {

/// "DnDc": tells a dondoc store from another program's SQLite file.
constexpr std::int32_t kApplicationId = 0x446E4463;

struct Migration {
  int version;  ///< the user_version after this step
  const char* what;
  const char* sql;
};

// Stepwise migrations: step N takes a version N-1 store to version N. Never edit a step that has
// shipped; add one.
constexpr Migration kMigrations[] = {
    {1, "create the first layout", R"sql(
CREATE TABLE rule_versions(
  id INTEGER PRIMARY KEY,
  hash TEXT NOT NULL,
  plan_id TEXT NOT NULL,
  files TEXT NOT NULL,
  loaded_at TEXT NOT NULL);
CREATE TABLE facts(
  seq INTEGER PRIMARY KEY,
  kind TEXT NOT NULL,
  target TEXT NOT NULL,
  on_date TEXT CHECK (on_date IS NULL OR on_date GLOB '[0-9][0-9][0-9][0-9]-[0-9][0-9]-[0-9][0-9]'),
  text TEXT NOT NULL,
  recorded_by TEXT NOT NULL DEFAULT '',
  reference TEXT NOT NULL DEFAULT '',
  source TEXT NOT NULL DEFAULT '',
  recorded_at TEXT NOT NULL);
CREATE TRIGGER facts_append_only_update BEFORE UPDATE ON facts BEGIN SELECT RAISE(ABORT, 'facts are append-only'); END;
CREATE TRIGGER facts_append_only_delete BEFORE DELETE ON facts BEGIN SELECT RAISE(ABORT, 'facts are append-only'); END;
CREATE TABLE evaluations(
  seq INTEGER PRIMARY KEY,
  plan_date TEXT NOT NULL,
  rule_version INTEGER REFERENCES rule_versions(id),
  facts_seen INTEGER NOT NULL,
  at TEXT NOT NULL);
CREATE TABLE escalations(
  id TEXT PRIMARY KEY,
  seq INTEGER NOT NULL UNIQUE,
  evaluation INTEGER NOT NULL REFERENCES evaluations(seq),
  plan_date TEXT NOT NULL,
  task TEXT NOT NULL,
  kind TEXT NOT NULL,
  level INTEGER NOT NULL,
  recipient TEXT NOT NULL,
  payload TEXT NOT NULL,
  rule_version INTEGER REFERENCES rule_versions(id));
CREATE TABLE deliveries(
  escalation_id TEXT NOT NULL REFERENCES escalations(id),
  sink TEXT NOT NULL,
  delivered_at TEXT,
  PRIMARY KEY (sink, escalation_id)) WITHOUT ROWID;
)sql"},
    {2, "add delivery attempts, the rule version of facts, and the state table", R"sql(
ALTER TABLE facts ADD COLUMN rule_version INTEGER REFERENCES rule_versions(id);
ALTER TABLE deliveries ADD COLUMN attempts INTEGER NOT NULL DEFAULT 0;
ALTER TABLE deliveries ADD COLUMN last_error TEXT NOT NULL DEFAULT '';
UPDATE deliveries SET attempts = 1 WHERE delivered_at IS NOT NULL;
CREATE TABLE state(key TEXT PRIMARY KEY, value TEXT NOT NULL) WITHOUT ROWID;
)sql"},
};

constexpr int kCurrentVersion = kMigrations[std::size(kMigrations) - 1].version;

// Column lists spliced into SQL literals (read_fact and read_escalation read them in this order).
#define DONDOC_FACT_COLUMNS "seq, kind, target, on_date, text, recorded_by, reference, source, recorded_at, rule_version"
#define DONDOC_ESCALATION_COLUMNS "seq, id, evaluation, plan_date, task, kind, level, recipient, payload, rule_version"

/// The damaged-store error: what was found (`detail`, per language) and the recovery steps.
StoreError damaged(const std::string& path, const std::string& detail_en, const std::string& detail_vi) {
  return StoreError(
      fmt::format("{0}: the store is damaged ({1}); nothing was written. To recover: stop the daemon; save the facts that can "
                  "still be read (dondoc export --db {0} > facts.journal); restore the last backup (dondoc backup --db BACKUP --to {0}); "
                  "record again the exported facts the backup lacks (docs/operations.md, \"A damaged store\")",
                  path, detail_en),
      fmt::format("{0}: cơ sở dữ liệu bị hỏng ({1}); chưa ghi gì. Cách khôi phục: dừng tiến trình đôn đốc; lưu các sự việc còn đọc "
                  "được (dondoc export --db {0} > su-viec.journal); khôi phục bản sao lưu gần nhất (dondoc backup --db BẢN_SAO_LƯU --to "
                  "{0}); ghi lại các sự việc đã xuất mà bản sao lưu chưa có (docs/operations.md, \"A damaged store\")",
                  path, detail_vi));
}

/// Whether a file SQLite calls "not a database" is an SQLite database with a damaged first page
/// (rather than another kind of file): it starts with SQLite's magic, or its size is a whole number
/// of pages and most of the pages after the first are laid out as SQLite b-tree pages.
bool damaged_sqlite_file(const std::string& path) {
  std::ifstream in(path, std::ios::binary);
  if (!in) return false;
  std::string head(16, '\0');
  if (in.read(head.data(), 16) && head == std::string("SQLite format 3\0", 16)) return true;
  in.clear();
  in.seekg(0, std::ios::end);
  const auto size = static_cast<std::uint64_t>(in.tellg());
  for (std::uint64_t page = 512; page <= 65536; page *= 2) {
    if (size < 2 * page || size % page != 0) continue;
    const std::uint64_t last = std::min<std::uint64_t>(size / page, 65);
    int btree = 0, looked = 0;
    for (std::uint64_t n = 2; n <= last; ++n, ++looked) {
      std::array<unsigned char, 8> h{};
      in.seekg(static_cast<std::streamoff>((n - 1) * page));
      if (!in.read(reinterpret_cast<char*>(h.data()), h.size())) return false;
      const unsigned type = h[0], freeblock = h[1] << 8 | h[2], content = h[5] << 8 | h[6];
      const bool is_type = type == 2 || type == 5 || type == 10 || type == 13;
      if (is_type && freeblock < page && (content == 0 ? page == 65536 : content <= page) && h[7] <= 60) ++btree;
    }
    if (btree > 0 && 2 * btree >= looked) return true;
  }
  return false;
}

}  // namespace

struct Store::Impl {
  sqlite3* db = nullptr;
  std::string path;
  bool sync_full = false;
  /// Looks a statement up by its SQL text without making a std::string of it.
  struct TextHash {
    using is_transparent = void;
    std::size_t operator()(std::string_view sql) const { return std::hash<std::string_view>{}(sql); }
  };
  /// Prepared statements by their SQL text.
  std::unordered_map<std::string, sqlite3_stmt*, TextHash, std::equal_to<>> stmts;
  /// Per sink: every escalation with a lower seq is delivered (only ever moves up).
  std::map<std::string, std::int64_t> outbox_floor;

  ~Impl() {
    for (auto& [sql, s] : stmts) sqlite3_finalize(s);
    if (db) sqlite3_close_v2(db);
  }

  [[noreturn]] void fail(const std::string& what) const {
    if (db && (sqlite3_extended_errcode(db) & 0xff) == SQLITE_CORRUPT) {
      const std::string detail = fmt::format("SQLite: {}", sqlite3_errmsg(db));
      throw damaged(path, detail, detail);
    }
    throw StoreError(fmt::format("{}: {} (SQLite: {})", path, what, db ? sqlite3_errmsg(db) : "out of memory"), {},
                     db ? sqlite3_extended_errcode(db) : SQLITE_NOMEM);
  }

  /// A file SQLite cannot read as a database: damaged, or not a store at all.
  [[noreturn]] void fail_not_a_database() const {
    if (damaged_sqlite_file(path))
      throw damaged(path, "its first page is not a readable SQLite header, though the rest is laid out as an SQLite database",
                    "trang đầu không còn là phần đầu SQLite đọc được, dù phần còn lại có cấu trúc của cơ sở dữ liệu SQLite");
    throw StoreError(fmt::format("{}: not a dondoc store (SQLite: {})", path, sqlite3_errmsg(db)),
                     fmt::format("{}: không phải cơ sở dữ liệu của dondoc (SQLite: {})", path, sqlite3_errmsg(db)));
  }

  /// A cached prepared statement.
  sqlite3_stmt* stmt(const char* sql) {
    auto it = stmts.find(std::string_view(sql));
    if (it != stmts.end()) return it->second;
    sqlite3_stmt* s = nullptr;
    if (sqlite3_prepare_v3(db, sql, -1, SQLITE_PREPARE_PERSISTENT, &s, nullptr) != SQLITE_OK) fail("preparing a statement");
    stmts.emplace(sql, s);
    return s;
  }

  void exec(const char* sql, const std::string& what) {
    if (sqlite3_exec(db, sql, nullptr, nullptr, nullptr) != SQLITE_OK) fail(what);
  }

  /// Reads an integer pragma; the first read of the file, so it is where a file that is not a
  /// database shows.
  std::int64_t pragma_int(const char* name) {
    std::string sql = fmt::format("PRAGMA {}", name);
    sqlite3_stmt* s = nullptr;
    int rc = sqlite3_prepare_v2(db, sql.c_str(), -1, &s, nullptr);
    std::int64_t v = 0;
    if (rc == SQLITE_OK) {
      rc = sqlite3_step(s);
      if (rc == SQLITE_ROW) v = sqlite3_column_int64(s, 0);
      sqlite3_finalize(s);
    }
    if (rc != SQLITE_OK && rc != SQLITE_ROW && rc != SQLITE_DONE) {
      if ((sqlite3_extended_errcode(db) & 0xff) == SQLITE_NOTADB) fail_not_a_database();
      fail("reading the store's header");
    }
    return v;
  }

  std::string pragma_text(const char* sql, const std::string& what) {
    sqlite3_stmt* s = nullptr;
    if (sqlite3_prepare_v2(db, sql, -1, &s, nullptr) != SQLITE_OK) fail(what);
    std::string v;
    int rc = sqlite3_step(s);
    if (rc == SQLITE_ROW && sqlite3_column_text(s, 0)) v = reinterpret_cast<const char*>(sqlite3_column_text(s, 0));
    sqlite3_finalize(s);
    if (rc != SQLITE_ROW && rc != SQLITE_DONE) fail(what);
    return v;
  }

  void open_and_upgrade();

  /// `PRAGMA quick_check`, throwing the damaged-store error unless it answers ok.
  void quick_check() {
    sqlite3_stmt* s = nullptr;
    if (sqlite3_prepare_v2(db, "PRAGMA quick_check(1)", -1, &s, nullptr) != SQLITE_OK) fail("checking the store (PRAGMA quick_check)");
    int rc = sqlite3_step(s);
    std::string answer;
    if (rc == SQLITE_ROW && sqlite3_column_text(s, 0)) answer = reinterpret_cast<const char*>(sqlite3_column_text(s, 0));
    sqlite3_finalize(s);
    if (rc != SQLITE_ROW) {
      if ((sqlite3_extended_errcode(db) & 0xff) == SQLITE_NOTADB) fail_not_a_database();
      fail("checking the store (PRAGMA quick_check)");
    }
    if (answer != "ok") throw damaged(path, "PRAGMA quick_check found errors", "PRAGMA quick_check phát hiện lỗi");
  }
  bool check_integrity = false;
};

namespace {

/// Resets a cached statement when the scope ends, so it never holds a read lock.
class Use {
 public:
  /// A cached statement (the cache is keyed by the SQL text).
  Use(Store::Impl& impl, const char* sql) : impl_(impl), s_(impl.stmt(sql)) {}
  /// A statement prepared by the caller; finalized at the end when `owned`.
  Use(Store::Impl& impl, sqlite3_stmt* s, bool owned) : impl_(impl), s_(s), owned_(owned) {}
  ~Use() {
    if (owned_) {
      sqlite3_finalize(s_);
    } else {
      sqlite3_reset(s_);
      sqlite3_clear_bindings(s_);
    }
  }
  Use(const Use&) = delete;
  Use& operator=(const Use&) = delete;

  Use& bind(int i, const std::string& v) {
    check(sqlite3_bind_text(s_, i, v.data(), static_cast<int>(v.size()), SQLITE_TRANSIENT));
    return *this;
  }
  Use& bind_date(int i, const std::string& v) {
    if (v.empty()) return bind_null(i);
    return bind(i, v);
  }
  Use& bind(int i, std::int64_t v) {
    check(sqlite3_bind_int64(s_, i, v));
    return *this;
  }
  Use& bind(int i, const std::optional<std::int64_t>& v) { return v ? bind(i, *v) : bind_null(i); }
  Use& bind_null(int i) {
    check(sqlite3_bind_null(s_, i));
    return *this;
  }

  /// Steps once: true on a row, false when done; throws on an error, saying what it was doing:
  /// `what` is a string, or a function making one (so a message is formatted only on failure).
  template <class What>
  bool step(const What& what) {
    int rc = sqlite3_step(s_);
    if (rc == SQLITE_ROW) return true;
    if (rc == SQLITE_DONE) return false;
    if constexpr (std::is_invocable_v<What>) {
      impl_.fail(what());
    } else {
      impl_.fail(what);
    }
  }

  std::int64_t i64(int col) const { return sqlite3_column_int64(s_, col); }
  std::optional<std::int64_t> opt_i64(int col) const {
    if (sqlite3_column_type(s_, col) == SQLITE_NULL) return std::nullopt;
    return sqlite3_column_int64(s_, col);
  }
  std::string text(int col) const {
    auto* p = sqlite3_column_text(s_, col);
    return p ? std::string(reinterpret_cast<const char*>(p), static_cast<std::size_t>(sqlite3_column_bytes(s_, col))) : std::string();
  }
  bool is_null(int col) const { return sqlite3_column_type(s_, col) == SQLITE_NULL; }

 private:
  void check(int rc) {
    if (rc != SQLITE_OK) impl_.fail("binding a value");
  }
  Store::Impl& impl_;
  sqlite3_stmt* s_;
  bool owned_ = false;
};

/// BEGIN IMMEDIATE … COMMIT, rolled back if the scope ends without commit().
class Transaction {
 public:
  Transaction(Store::Impl& impl, const char* what) : impl_(impl), what_(what) { Use(impl_, "BEGIN IMMEDIATE").step(what_); }
  ~Transaction() {
    if (!done_) sqlite3_exec(impl_.db, "ROLLBACK", nullptr, nullptr, nullptr);
  }
  Transaction(const Transaction&) = delete;
  Transaction& operator=(const Transaction&) = delete;
  void commit() {
    Use(impl_, "COMMIT").step(what_);
    done_ = true;
  }

 private:
  Store::Impl& impl_;
  const char* what_;
  bool done_ = false;
};

StoredFact read_fact(const Use& q) {
  StoredFact f;
  f.seq = q.i64(0);
  f.kind = q.text(1);
  f.target = q.text(2);
  f.on = q.text(3);
  f.text = q.text(4);
  f.recorded_by = q.text(5);
  f.reference = q.text(6);
  f.source = q.text(7);
  f.recorded_at = q.text(8);
  f.rule_version = q.opt_i64(9);
  return f;
}

Escalation read_escalation(const Use& q) {
  Escalation e;
  e.seq = q.i64(0);
  e.id = q.text(1);
  e.evaluation = q.i64(2);
  e.plan_date = q.text(3);
  e.task = q.text(4);
  e.kind = q.text(5);
  e.level = static_cast<int>(q.i64(6));
  e.recipient = q.text(7);
  e.payload = q.text(8);
  e.rule_version = q.opt_i64(9);
  return e;
}

}  // namespace

bool one_line(std::string_view s) {
  return s.find_first_of("\r\n") == std::string_view::npos;
}

void Store::Impl::open_and_upgrade() {
  // Identify the file before writing anything to it: never turn another program's database into
  // WAL mode or add tables to it.
  std::int64_t app = pragma_int("application_id");
  std::int64_t version = pragma_int("user_version");
  if (app != 0 && app != kApplicationId)
    throw StoreError(fmt::format("{}: not a dondoc store (an SQLite database of another program, application_id {:#x})", path, app));
  if (version == 0 && app == 0 && pragma_int("schema_version") != 0 &&
      !pragma_text("SELECT name FROM sqlite_master LIMIT 1", "reading the store's tables").empty())
    throw StoreError(fmt::format("{}: not a dondoc store (an SQLite database with other tables)", path));
  if (version > kCurrentVersion)
    throw StoreError(fmt::format("{}: the store has schema version {}, newer than this dondoc understands ({}); use a newer dondoc", path,
                                 version, kCurrentVersion));
  if (check_integrity && path != ":memory:") quick_check();

  if (path != ":memory:") {
    std::string mode = pragma_text("PRAGMA journal_mode=WAL", "switching to WAL mode");
    if (mode != "wal") throw StoreError(fmt::format("{}: cannot use WAL mode (SQLite kept journal mode '{}')", path, mode));
  }
  if (sync_full) {
    exec("PRAGMA synchronous=FULL", "setting synchronous=FULL");
  } else {
    exec("PRAGMA synchronous=NORMAL", "setting synchronous=NORMAL");
  }
  exec("PRAGMA foreign_keys=ON", "enabling foreign keys");
  if (version == kCurrentVersion) return;

  Transaction tx(*this, "starting the schema upgrade");
  version = pragma_int("user_version");  // another process may have upgraded it meanwhile
  if (version > kCurrentVersion)
    throw StoreError(fmt::format("{}: the store has schema version {}, newer than this dondoc understands ({}); use a newer dondoc", path,
                                 version, kCurrentVersion));
  for (const Migration& m : kMigrations) {
    if (m.version <= version) continue;
    if (sqlite3_exec(db, m.sql, nullptr, nullptr, nullptr) != SQLITE_OK)
      fail(fmt::format("upgrading the store to schema version {} ({})", m.version, m.what));
  }
  exec(fmt::format("PRAGMA application_id={}; PRAGMA user_version={}", kApplicationId, kCurrentVersion).c_str(),
       "writing the schema version");
  tx.commit();
}

Store::Store(std::unique_ptr<Impl> impl) : impl_(std::move(impl)) {}
Store::Store(Store&&) noexcept = default;
Store& Store::operator=(Store&&) noexcept = default;
Store::~Store() = default;

Store Store::open(const std::string& path, const StoreOptions& options) {
  auto impl = std::make_unique<Impl>();
  impl->path = path;
  impl->sync_full = options.sync_full;
  impl->check_integrity = options.check_integrity;
  int flags = SQLITE_OPEN_READWRITE | SQLITE_OPEN_CREATE | SQLITE_OPEN_NOMUTEX;
  if (sqlite3_open_v2(path.c_str(), &impl->db, flags, nullptr) != SQLITE_OK) impl->fail("cannot open the store");
  sqlite3_extended_result_codes(impl->db, 1);
  sqlite3_busy_timeout(impl->db, options.busy_timeout_ms);
  impl->open_and_upgrade();
  // A test hook, for the disk-full tests only (docs/reliability.md): SQLite's own page limit, read
  // from a file the test can change while the daemon waits, makes writes fail with SQLITE_FULL as
  // on a full disk. Never set in production; an absent or empty file means no limit.
  if (const char* limit_file = std::getenv("DONDOC_TEST_MAX_PAGE_COUNT_FILE")) {
    std::ifstream in(limit_file);
    long long pages = 0;
    if (in >> pages && pages > 0) impl->exec(fmt::format("PRAGMA max_page_count={}", pages).c_str(), "setting max_page_count");
  }
  return Store(std::move(impl));
}

Store Store::open_memory() {
  return open(":memory:");
}

int Store::current_schema_version() {
  return kCurrentVersion;
}

int Store::schema_version() const {
  return static_cast<int>(impl_->pragma_int("user_version"));
}

std::string Store::journal_mode() const {
  return impl_->pragma_text("PRAGMA journal_mode", "reading the journal mode");
}

const std::string& Store::path() const {
  return impl_->path;
}

std::int64_t Store::backup_to(const std::string& target) const {
  sqlite3* raw = nullptr;
  const int opened = sqlite3_open_v2(target.c_str(), &raw, SQLITE_OPEN_READWRITE | SQLITE_OPEN_CREATE | SQLITE_OPEN_NOMUTEX, nullptr);
  auto copy = std::make_unique<Impl>();  // closes the copy however this ends
  copy->db = raw;
  copy->path = target;
  if (opened != SQLITE_OK) copy->fail("cannot create the backup");
  sqlite3_extended_result_codes(raw, 1);
  copy->exec("PRAGMA synchronous=FULL", "setting synchronous=FULL");
  sqlite3_backup* backup = sqlite3_backup_init(raw, "main", impl_->db, "main");
  if (!backup) copy->fail("starting the backup");
  // All pages in one step: one read transaction on the store, so one snapshot. A writer holding
  // the store in a way that stops readers (only during a checkpoint's restart) is waited out.
  int rc = SQLITE_OK;
  for (int attempt = 0; attempt < 600; ++attempt) {
    rc = sqlite3_backup_step(backup, -1);
    if (rc != SQLITE_BUSY && rc != SQLITE_LOCKED) break;
    sqlite3_sleep(100);
  }
  const std::int64_t pages = sqlite3_backup_pagecount(backup);
  sqlite3_backup_finish(backup);
  if (rc == SQLITE_BUSY || rc == SQLITE_LOCKED)
    throw StoreError(fmt::format("{}: the store stayed locked for a minute; no backup was taken", impl_->path),
                     fmt::format("{}: cơ sở dữ liệu bị khóa suốt một phút; chưa sao lưu được", impl_->path));
  if (rc != SQLITE_DONE) {
    if ((rc & 0xff) == SQLITE_CORRUPT) {  // the store is damaged, not the copy
      const std::string detail = fmt::format("SQLite: {}", sqlite3_errmsg(raw));
      throw damaged(impl_->path, detail, detail);
    }
    copy->fail("writing the backup");
  }
  copy->quick_check();
  return pages;
}

void Store::check_integrity() const {
  if (impl_->path != ":memory:") impl_->quick_check();
}

// Facts ---------------------------------------------------------------------------------------

namespace {

void insert_fact(Store::Impl& impl, const NewFact& f, std::size_t index) {
  if (f.kind.empty() || f.target.empty() || f.text.empty())
    throw StoreError(fmt::format("{}: fact {} has no kind, target or text", impl.path, index + 1));
  if (!one_line(f.text)) throw StoreError(fmt::format("{}: fact {}: the journal text must be one line", impl.path, index + 1));
  Use q(impl,
        "INSERT INTO facts(kind, target, on_date, text, recorded_by, reference, source, recorded_at, rule_version) "
        "VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9)");
  q.bind(1, f.kind).bind(2, f.target).bind_date(3, f.on).bind(4, f.text);
  q.bind(5, f.recorded_by).bind(6, f.reference).bind(7, f.source).bind(8, f.recorded_at).bind(9, f.rule_version);
  q.step([&] { return fmt::format("recording fact {} ({} {})", index + 1, f.kind, f.target); });
}

}  // namespace

namespace {
/// Inserts facts inside the caller's transaction; their seqs.
std::vector<std::int64_t> insert_facts(Store::Impl& impl, std::span<const NewFact> facts) {
  std::vector<std::int64_t> seqs;
  seqs.reserve(facts.size());
  for (std::size_t i = 0; i < facts.size(); ++i) {
    insert_fact(impl, facts[i], i);
    seqs.push_back(sqlite3_last_insert_rowid(impl.db));
  }
  return seqs;
}
}  // namespace

std::vector<std::int64_t> Store::record_facts(std::span<const NewFact> facts) {
  Transaction tx(*impl_, "recording facts");
  auto seqs = insert_facts(*impl_, facts);
  tx.commit();
  return seqs;
}

std::optional<std::vector<std::int64_t>> Store::record_facts_if_unchanged(std::span<const NewFact> facts, std::int64_t checked_up_to) {
  Transaction tx(*impl_, "recording facts");  // BEGIN IMMEDIATE: no other writer until commit
  {
    Use q(*impl_, "SELECT IFNULL(MAX(seq), 0) FROM facts");
    q.step("reading facts");
    if (q.i64(0) != checked_up_to) return std::nullopt;  // rolled back by tx
  }
  auto seqs = insert_facts(*impl_, facts);
  tx.commit();
  return seqs;
}

std::int64_t Store::record_fact(const NewFact& fact) {
  Transaction tx(*impl_, "recording a fact");
  insert_fact(*impl_, fact, 0);
  std::int64_t seq = sqlite3_last_insert_rowid(impl_->db);
  tx.commit();
  return seq;
}

std::vector<StoredFact> Store::facts_since(std::int64_t seq) const {
  std::vector<StoredFact> out;
  Use q(*impl_, "SELECT " DONDOC_FACT_COLUMNS " FROM facts WHERE seq > ?1 ORDER BY seq");
  q.bind(1, seq);
  while (q.step("reading facts")) out.push_back(read_fact(q));
  return out;
}

void Store::for_each_fact(const std::function<void(const StoredFact&)>& fn) const {
  // A statement of its own, not a cached one, so that `fn` may use the store.
  sqlite3_stmt* s = nullptr;
  if (sqlite3_prepare_v2(impl_->db, "SELECT " DONDOC_FACT_COLUMNS " FROM facts ORDER BY seq", -1, &s, nullptr) != SQLITE_OK)
    impl_->fail("reading facts");
  Use q(*impl_, s, /*owned=*/true);
  while (q.step("reading facts")) fn(read_fact(q));
}

void Store::export_journal(std::ostream& out) const {
  for_each_fact([&](const StoredFact& f) { out << f.text << '\n'; });
}

std::int64_t Store::last_fact_seq() const {
  Use q(*impl_, "SELECT IFNULL(MAX(seq), 0) FROM facts");
  q.step("reading facts");
  return q.i64(0);
}

// Rule versions -------------------------------------------------------------------------------

std::int64_t Store::add_rule_version(const RuleVersion& v) {
  nlohmann::json files = nlohmann::json::array();
  for (const RuleFile& f : v.files) files.push_back({{"path", f.path}, {"hash", f.hash}});
  Use q(*impl_, "INSERT INTO rule_versions(hash, plan_id, files, loaded_at) VALUES (?1, ?2, ?3, ?4)");
  q.bind(1, v.hash).bind(2, v.plan_id).bind(3, files.dump()).bind(4, v.loaded_at);
  q.step("recording a rule version");
  return sqlite3_last_insert_rowid(impl_->db);
}

std::optional<RuleVersion> Store::latest_rule_version() const {
  Use q(*impl_, "SELECT id, hash, plan_id, files, loaded_at FROM rule_versions ORDER BY id DESC LIMIT 1");
  if (!q.step("reading rule versions")) return std::nullopt;
  RuleVersion v;
  v.id = q.i64(0);
  v.hash = q.text(1);
  v.plan_id = q.text(2);
  v.loaded_at = q.text(4);
  auto files = nlohmann::json::parse(q.text(3), nullptr, false);
  if (!files.is_array()) throw StoreError(fmt::format("{}: rule version {} has a damaged file list", impl_->path, v.id));
  for (const auto& f : files) {
    if (!f.is_object() || !f.contains("path") || !f.contains("hash") || !f["path"].is_string() || !f["hash"].is_string())
      throw StoreError(fmt::format("{}: rule version {} has a damaged file list", impl_->path, v.id));
    v.files.push_back({f["path"].get<std::string>(), f["hash"].get<std::string>()});
  }
  return v;
}

// Evaluations and escalations -----------------------------------------------------------------

CommitResult Store::commit_evaluation(const Evaluation& ev, std::span<const NewEscalation> escalations) {
  for (std::size_t i = 0; i < escalations.size(); ++i) {
    const NewEscalation& e = escalations[i];
    if (e.id.empty()) throw StoreError(fmt::format("{}: escalation {} has no id", impl_->path, i + 1));
    if (!one_line(e.payload)) throw StoreError(fmt::format("{}: escalation {}: the payload must be one line of JSON", impl_->path, e.id));
  }
  CommitResult r;
  Transaction tx(*impl_, "committing an evaluation");
  {
    Use q(*impl_, "INSERT INTO evaluations(plan_date, rule_version, facts_seen, at) VALUES (?1, ?2, ?3, ?4)");
    q.bind(1, ev.plan_date).bind(2, ev.rule_version).bind(3, ev.facts_seen).bind(4, ev.at);
    q.step([&] { return fmt::format("recording the evaluation of {}", ev.plan_date); });
    r.evaluation = sqlite3_last_insert_rowid(impl_->db);
  }
  for (const NewEscalation& e : escalations) {
    // ON CONFLICT(id) only: any other constraint failure must abort, never drop an escalation.
    Use q(*impl_,
          "INSERT INTO escalations(id, seq, evaluation, plan_date, task, kind, level, recipient, payload, rule_version) "
          "VALUES (?1, (SELECT IFNULL(MAX(seq), 0) + 1 FROM escalations), ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9) "
          "ON CONFLICT(id) DO NOTHING");
    q.bind(1, e.id).bind(2, r.evaluation).bind(3, e.plan_date).bind(4, e.task).bind(5, e.kind);
    q.bind(6, static_cast<std::int64_t>(e.level)).bind(7, e.recipient).bind(8, e.payload).bind(9, ev.rule_version);
    q.step([&] { return fmt::format("recording escalation {}", e.id); });
    r.new_escalations += sqlite3_changes(impl_->db);
  }
  tx.commit();
  return r;
}

std::optional<Evaluation> Store::last_evaluation() const {
  Use q(*impl_, "SELECT seq, plan_date, rule_version, facts_seen, at FROM evaluations ORDER BY seq DESC LIMIT 1");
  if (!q.step("reading evaluations")) return std::nullopt;
  return Evaluation{q.i64(0), q.text(1), q.opt_i64(2), q.i64(3), q.text(4)};
}

std::vector<std::string> Store::escalation_ids() const {
  std::vector<std::string> ids;
  Use q(*impl_, "SELECT id FROM escalations ORDER BY seq");
  while (q.step("reading escalations")) ids.push_back(q.text(0));
  return ids;
}

bool Store::has_escalation(const std::string& id) const {
  Use q(*impl_, "SELECT 1 FROM escalations WHERE id = ?1");
  q.bind(1, id);
  return q.step("reading escalations");
}

// Deliveries ----------------------------------------------------------------------------------

std::vector<Escalation> Store::outbox(const std::string& sink, int limit, std::int64_t after_seq) {
  std::int64_t& floor = impl_->outbox_floor.try_emplace(sink, 1).first->second;
  bool from_floor = after_seq < floor;
  std::vector<Escalation> out;
  // One read snapshot for the rows and the highest seq, so the floor never skips a new row.
  Use(*impl_, "BEGIN").step("reading the outbox");
  struct End {
    Store::Impl& impl;
    ~End() { sqlite3_exec(impl.db, "COMMIT", nullptr, nullptr, nullptr); }
  } end{*impl_};
  {
    Use q(*impl_, "SELECT " DONDOC_ESCALATION_COLUMNS
                  " FROM escalations e WHERE e.seq > ?2 AND NOT EXISTS (SELECT 1 FROM deliveries d "
                  "WHERE d.sink = ?1 AND d.escalation_id = e.id AND d.delivered_at IS NOT NULL) ORDER BY e.seq LIMIT ?3");
    q.bind(1, sink).bind(2, std::max(after_seq, floor - 1)).bind(3, static_cast<std::int64_t>(limit));
    while (q.step("reading the outbox")) out.push_back(read_escalation(q));
  }
  if (from_floor) {
    if (!out.empty()) {
      floor = out.front().seq;
    } else {
      Use q(*impl_, "SELECT IFNULL(MAX(seq), 0) FROM escalations");
      q.step("reading the outbox");
      floor = std::max(floor, q.i64(0) + 1);
    }
  }
  return out;
}

void Store::mark_delivered(const std::string& sink, const std::string& id, const std::string& delivered_at) {
  Use q(*impl_,
        "INSERT INTO deliveries(escalation_id, sink, delivered_at, attempts, last_error) VALUES (?1, ?2, ?3, 1, '') "
        "ON CONFLICT(sink, escalation_id) DO UPDATE SET delivered_at = excluded.delivered_at, attempts = attempts + 1 "
        "WHERE delivered_at IS NULL");
  q.bind(1, id).bind(2, sink).bind(3, delivered_at);
  q.step([&] { return fmt::format("marking escalation {} delivered to {}", id, sink); });
}

void Store::mark_failed(const std::string& sink, const std::string& id, const std::string& error) {
  Use q(*impl_,
        "INSERT INTO deliveries(escalation_id, sink, delivered_at, attempts, last_error) VALUES (?1, ?2, NULL, 1, ?3) "
        "ON CONFLICT(sink, escalation_id) DO UPDATE SET attempts = attempts + 1, last_error = excluded.last_error "
        "WHERE delivered_at IS NULL");
  q.bind(1, id).bind(2, sink).bind(3, error);
  q.step([&] { return fmt::format("recording a failed delivery of escalation {} to {}", id, sink); });
}

std::optional<DeliveryState> Store::delivery(const std::string& sink, const std::string& id) const {
  Use q(*impl_, "SELECT delivered_at, attempts, last_error FROM deliveries WHERE sink = ?1 AND escalation_id = ?2");
  q.bind(1, sink).bind(2, id);
  if (!q.step("reading deliveries")) return std::nullopt;
  DeliveryState d;
  if (!q.is_null(0)) d.delivered_at = q.text(0);
  d.attempts = static_cast<int>(q.i64(1));
  d.last_error = q.text(2);
  return d;
}

// For people and monitoring -------------------------------------------------------------------

std::vector<Escalation> Store::escalations(std::int64_t after_seq, const std::string& from_date, int limit) const {
  std::vector<Escalation> out;
  Use q(*impl_, "SELECT " DONDOC_ESCALATION_COLUMNS " FROM escalations WHERE seq > ?1 AND plan_date >= ?2 ORDER BY seq LIMIT ?3");
  q.bind(1, after_seq).bind(2, from_date).bind(3, static_cast<std::int64_t>(limit));
  while (q.step("reading escalations")) out.push_back(read_escalation(q));
  return out;
}

std::vector<Escalation> Store::escalations_of(const std::string& task, int limit) const {
  std::vector<Escalation> out;
  Use q(*impl_,
        "SELECT * FROM (SELECT " DONDOC_ESCALATION_COLUMNS " FROM escalations WHERE task = ?1 ORDER BY seq DESC LIMIT ?2) ORDER BY seq");
  q.bind(1, task).bind(2, static_cast<std::int64_t>(limit));
  while (q.step("reading escalations")) out.push_back(read_escalation(q));
  return out;
}

std::vector<std::pair<std::string, DeliveryState>> Store::deliveries_of(const std::string& id) const {
  std::vector<std::pair<std::string, DeliveryState>> out;
  Use q(*impl_, "SELECT sink, delivered_at, attempts, last_error FROM deliveries WHERE escalation_id = ?1 ORDER BY sink");
  q.bind(1, id);
  while (q.step("reading deliveries")) {
    DeliveryState d;
    if (!q.is_null(1)) d.delivered_at = q.text(1);
    d.attempts = static_cast<int>(q.i64(2));
    d.last_error = q.text(3);
    out.emplace_back(q.text(0), std::move(d));
  }
  return out;
}

std::vector<std::pair<std::string, std::int64_t>> Store::escalation_counts() const {
  std::vector<std::pair<std::string, std::int64_t>> out;
  Use q(*impl_, "SELECT kind, COUNT(*) FROM escalations GROUP BY kind ORDER BY kind");
  while (q.step("counting escalations")) out.emplace_back(q.text(0), q.i64(1));
  return out;
}

std::vector<Store::KindLevelCount> Store::escalation_counts_by_level() const {
  std::vector<KindLevelCount> out;
  Use q(*impl_, "SELECT kind, level, COUNT(*) FROM escalations GROUP BY kind, level ORDER BY kind, level");
  while (q.step("counting escalations")) out.push_back({q.text(0), static_cast<int>(q.i64(1)), q.i64(2)});
  return out;
}

std::int64_t Store::backlog(const std::string& sink) const {
  Use q(*impl_,
        "SELECT COUNT(*) FROM escalations e WHERE NOT EXISTS (SELECT 1 FROM deliveries d "
        "WHERE d.sink = ?1 AND d.escalation_id = e.id AND d.delivered_at IS NOT NULL)");
  q.bind(1, sink);
  q.step("counting the outbox");
  return q.i64(0);
}

std::int64_t Store::failed_attempts(const std::string& sink) const {
  Use q(*impl_, "SELECT IFNULL(SUM(attempts - (delivered_at IS NOT NULL)), 0) FROM deliveries WHERE sink = ?1");
  q.bind(1, sink);
  q.step("counting failed deliveries");
  return q.i64(0);
}

// State ---------------------------------------------------------------------------------------

std::optional<std::string> Store::get_state(const std::string& key) const {
  Use q(*impl_, "SELECT value FROM state WHERE key = ?1");
  q.bind(1, key);
  if (!q.step("reading state")) return std::nullopt;
  return q.text(0);
}

void Store::set_state(const std::string& key, const std::string& value) {
  Use q(*impl_, "INSERT INTO state(key, value) VALUES (?1, ?2) ON CONFLICT(key) DO UPDATE SET value = excluded.value");
  q.bind(1, key).bind(2, value);
  q.step([&] { return fmt::format("writing state {}", key); });
}

}  // namespace dondoc::runtime
