// The malformed-input corpus (issue 15): every input under tests/malformed/ is given to the real
// `dondoc` binary, which must answer with exactly the expected message and exit code, leave the
// store as it was when it refuses, and never crash, hang (a timeout) or grow without bound (an
// address-space limit). Adding a case is adding files; see tests/malformed/README.md.
// DONDOC_UPDATE_GOLDEN=1 rewrites the expected files (review them!).

#include <fcntl.h>
#include <signal.h>
#include <sys/resource.h>
#include <sys/wait.h>
#include <unistd.h>

#include <catch2/catch.hpp>

#include <chrono>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <regex>
#include <sstream>
#include <string>
#include <thread>
#include <vector>

#include "tests/test_util.hpp"

namespace fs = std::filesystem;

namespace {

#if defined(__SANITIZE_ADDRESS__)
constexpr bool kSanitized = true;  // ASan reserves terabytes of address space: no limit then
#elif defined(__has_feature)
#if __has_feature(address_sanitizer)
constexpr bool kSanitized = true;
#else
constexpr bool kSanitized = false;
#endif
#else
constexpr bool kSanitized = false;
#endif

constexpr int kTimeoutSeconds = 120;               // a hang, not a slow machine
constexpr rlim_t kAddressSpace = rlim_t{4} << 30;  // 4 GiB: "grows without bound" fails

const fs::path kCorpus = fs::path(DONDOC_SOURCE_DIR) / "tests" / "malformed";
const char* const kPlan = "rules/thanh-hoa-557";

struct Outcome {
  std::string err;
  int code = -1;   ///< exit code; -1 when killed by a signal
  int signal = 0;  ///< the signal that ended it (a crash, or the timeout's SIGKILL)
  bool timed_out = false;
};

/// Runs `dondoc ARGS` from the repository root (no shell: arguments are bytes), stdout discarded.
Outcome run(const std::vector<std::string>& args, const fs::path& scratch) {
  fs::path err_file = scratch / "stderr";
  pid_t pid = fork();
  REQUIRE(pid >= 0);
  if (pid == 0) {
    if (chdir(DONDOC_SOURCE_DIR) != 0) _exit(127);
    int null = open("/dev/null", O_RDWR);
    int err = open(err_file.c_str(), O_WRONLY | O_CREAT | O_TRUNC, 0644);
    if (null < 0 || err < 0) _exit(127);
    dup2(null, 0);
    dup2(null, 1);
    dup2(err, 2);
    if (!kSanitized) {
      rlimit limit{kAddressSpace, kAddressSpace};
      setrlimit(RLIMIT_AS, &limit);
    }
    std::vector<char*> argv{const_cast<char*>(DONDOC_BINARY)};
    for (const auto& a : args) argv.push_back(const_cast<char*>(a.c_str()));
    argv.push_back(nullptr);
    execv(DONDOC_BINARY, argv.data());
    _exit(127);
  }
  Outcome o;
  int status = 0;
  auto deadline = std::chrono::steady_clock::now() + std::chrono::seconds(kTimeoutSeconds);
  while (waitpid(pid, &status, WNOHANG) == 0) {
    if (std::chrono::steady_clock::now() > deadline) {
      kill(pid, SIGKILL);
      waitpid(pid, &status, 0);
      o.timed_out = true;
      break;
    }
    std::this_thread::sleep_for(std::chrono::milliseconds(5));
  }
  if (WIFEXITED(status)) o.code = WEXITSTATUS(status);
  if (WIFSIGNALED(status)) o.signal = WTERMSIG(status);
  o.err = dondoc::test::read_file(err_file.string());
  return o;
}

std::string replace_all(std::string s, const std::string& from, const std::string& to) {
  for (std::size_t at = 0; (at = s.find(from, at)) != std::string::npos; at += to.size()) s.replace(at, from.size(), to);
  return s;
}

/// The lines of a file; one argument each (a `.args` case).
std::vector<std::string> lines_of(const fs::path& file) {
  std::vector<std::string> out;
  std::istringstream in(dondoc::test::read_file(file.string()));
  for (std::string line; std::getline(in, line);) out.push_back(line);
  return out;
}

/// A generated input (a `.gen` case): the recipe's lines `text STRING` and `repeat N STRING`
/// (`{i}` is the repetition's number, from 1) append to the input; `\n` in STRING is a line break;
/// `#` starts a comment line. So a 50 MB input is a three-line file.
std::string generate(const fs::path& recipe) {
  std::string out;
  for (const auto& line : lines_of(recipe)) {
    if (line.empty() || line[0] == '#') continue;
    auto sp = line.find(' ');
    std::string verb = line.substr(0, sp);
    std::string rest = sp == std::string::npos ? "" : line.substr(sp + 1);
    if (verb == "text") {
      out += replace_all(rest, "\\n", "\n");
    } else if (verb == "repeat") {
      auto sp2 = rest.find(' ');
      std::size_t n = std::stoul(rest.substr(0, sp2));
      std::string piece = replace_all(sp2 == std::string::npos ? "" : rest.substr(sp2 + 1), "\\n", "\n");
      bool numbered = piece.find("{i}") != std::string::npos;
      out.reserve(out.size() + n * piece.size());
      for (std::size_t i = 1; i <= n; ++i) out += numbered ? replace_all(piece, "{i}", std::to_string(i)) : piece;
    } else {
      FAIL("unknown verb in " << recipe << ": " << line);
    }
  }
  return out;
}

struct Case {
  fs::path input;     ///< the file or folder under tests/malformed/KIND/
  std::string kind;   ///< rules | journals | record | cli
  fs::path expected;  ///< NAME.err (exit 1), NAME.usage (exit 2) or NAME.ok (exit 0)
  int code = 1;
};

std::vector<Case> cases() {
  std::vector<Case> out;
  for (std::string kind : {"rules", "journals", "record", "cli"}) {
    for (const auto& e : fs::directory_iterator(kCorpus / kind)) {
      const fs::path& p = e.path();
      std::string ext = p.extension().string();
      if (ext == ".err" || ext == ".usage" || ext == ".ok") continue;
      Case c{p, kind, {}, 1};
      fs::path stem = p.parent_path() / p.stem();
      for (auto [suffix, code] : {std::pair{".err", 1}, std::pair{".usage", 2}, std::pair{".ok", 0}}) {
        if (fs::exists(stem.string() + suffix)) c = Case{p, kind, stem.string() + suffix, code};
      }
      out.push_back(c);
    }
  }
  std::sort(out.begin(), out.end(), [](const Case& a, const Case& b) { return a.input < b.input; });
  return out;
}

/// The command line of a case, with its input in place (`@DB@`: this case's copy of the store,
/// `@TMP@`: its scratch folder).
std::vector<std::string> command(const Case& c, const fs::path& scratch, const fs::path& db) {
  fs::path input = fs::relative(c.input, DONDOC_SOURCE_DIR);
  std::string generated;
  if (c.input.extension() == ".gen") {
    generated = generate(c.input);
    input = scratch / (c.input.stem().string() + (c.kind == "rules" ? ".rules" : ".journal"));
    std::ofstream(input, std::ios::binary) << generated;
  }
  std::vector<std::string> args;
  if (c.kind == "rules") {
    args = {"check", input.string()};
  } else if (c.kind == "journals") {
    args = {"record", "--db", db.string(), "--rules", kPlan, "--journal", input.string()};
  } else if (c.kind == "record") {
    args = {"record", "--db", db.string(), "--rules", kPlan};
    if (c.input.extension() == ".gen") {
      args.push_back(generated);
    } else {
      for (const auto& a : lines_of(c.input)) args.push_back(a);
    }
  } else {
    for (const auto& a : lines_of(c.input)) args.push_back(a);
  }
  for (auto& a : args) a = replace_all(replace_all(a, "@DB@", db.string()), "@TMP@", scratch.string());
  return args;
}

/// The store and its write-ahead log, byte for byte.
std::string store_bytes(const fs::path& db) {
  std::string wal = fs::exists(db.string() + "-wal") ? dondoc::test::read_file(db.string() + "-wal") : "";
  return dondoc::test::read_file(db.string()) + "\x1f" + wal;
}

/// The store every case starts from, made once per process (Catch runs the test case again for
/// each section): the real plan, one recorded fact, and the daemon run up to 02/06/2023 (so that
/// a clock starting before that jumps back). Removed when the process ends.
struct Base {
  fs::path root = fs::temp_directory_path() / ("dondoc_malformed." + std::to_string(getpid()));
  fs::path db = root / "base.db";
  Base() {
    fs::remove_all(root);
    fs::create_directories(root);
    auto seeded = run({"record", "--db", db.string(), "--rules", kPlan, "hoàn thành II.3 ngày 20/03/2023"}, root);
    INFO(seeded.err);
    REQUIRE(seeded.code == 0);
    auto ran = run({"run", kPlan, "--db", db.string(), "--clock", "sim:2023-06-01:1000", "--until", "2023-06-02", "--sink",
                    "jsonl:" + (root / "base.jsonl").string()},
                   root);
    INFO(ran.err);
    REQUIRE(ran.code == 0);
  }
  ~Base() { fs::remove_all(root); }
};

}  // namespace

TEST_CASE("malformed: every input gets its expected message, exit code and an unchanged store", "[malformed]") {
  static const std::vector<Case> all = cases();
  REQUIRE(all.size() >= 150);
  const bool update = std::getenv("DONDOC_UPDATE_GOLDEN") != nullptr;
  static const Base made;
  const fs::path& root = made.root;
  const fs::path& base = made.db;

  for (const auto& c : all) {
    std::string name = fs::relative(c.input, kCorpus).string();
    DYNAMIC_SECTION(name) {
      fs::path scratch = root / "case";
      fs::remove_all(scratch);
      fs::create_directories(scratch);
      fs::path db = scratch / "store.db";
      fs::copy_file(base, db);
      const std::string before = store_bytes(db);
      Outcome o = run(command(c, scratch, db), scratch);
      // The daemon's log lines carry the time of day, durations and the rules' hash: not compared.
      static const std::regex times(R"(\d{4}-\d\d-\d\d \d\d:\d\d:\d\d\.\d{3} |\d+ ms\b|\b[0-9a-f]{16}\b)");
      std::string err = std::regex_replace(replace_all(o.err, scratch.string(), "@TMP@"), times, "@TIME@ ");
      if (update) {
        const char* suffix = o.code == 0 ? ".ok" : o.code == 2 ? ".usage" : ".err";
        if (!c.expected.empty()) fs::remove(c.expected);
        std::ofstream((c.input.parent_path() / c.input.stem()).string() + suffix, std::ios::binary) << err;
      }
      INFO(err.substr(0, 4000));  // a message may quote a 50 MB input; the comparison sees all of it
      CHECK_FALSE(o.timed_out);
      CHECK(o.signal == 0);
      if (!update) {
        REQUIRE_FALSE(c.expected.empty());
        CHECK(o.code == c.code);
        CHECK(err == dondoc::test::read_file(c.expected.string()));
      }
      if (!update && c.code != 0) CHECK(store_bytes(db) == before);
    }
  }
}
