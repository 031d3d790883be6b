// Loading rule files: reading them (read_bytes), and following a plan's folders and includes
// (load_plan). Checking and normalising their text is SourceSet (dsl/source_set.cpp); parsing
// itself is parse_source.

#include <fmt/format.h>

#include <algorithm>
#include <atomic>
#include <cstdio>
#include <cstdlib>
#include <exception>
#include <map>
#include <memory>
#include <mutex>
#include <set>
#include <thread>

#include "dsl/parser.hpp"
#include "dsl/text.hpp"

namespace dondoc::dsl {

namespace {
void cannot_read(const std::filesystem::path& path, Diagnostics& diags) {
  diags.error(Location{},
              Message{fmt::format("không đọc được tệp '{}'", path.string()), fmt::format("cannot read file '{}'", path.string())});
}
}  // namespace

std::optional<std::string> read_bytes(const std::filesystem::path& path) {
  std::unique_ptr<std::FILE, int (*)(std::FILE*)> f(std::fopen(path.c_str(), "rb"), &std::fclose);
  if (!f) return std::nullopt;
  std::error_code ec;
  std::uintmax_t size = std::filesystem::file_size(path, ec);
  std::string bytes(ec ? 0 : static_cast<std::size_t>(size), '\0');
  bytes.resize(std::fread(bytes.data(), 1, bytes.size(), f.get()));
  // A file that grew meanwhile, or one without a size (a pipe): read what is left.
  char buf[1 << 16];
  for (std::size_t n; (n = std::fread(buf, 1, sizeof buf, f.get())) > 0;) bytes.append(buf, n);
  if (std::ferror(f.get())) return std::nullopt;
  return bytes;
}

FileAst parse_text(SourceSet& sources, std::string path, std::string_view text, Diagnostics& diags) {
  const SourceFile& f = sources.add(std::move(path), std::string(text), diags);
  return parse_source(f, diags);
}

std::optional<FileAst> parse_file(SourceSet& sources, const std::filesystem::path& path, Diagnostics& diags) {
  auto bytes = read_bytes(path);
  if (!bytes) {
    cannot_read(path, diags);
    return std::nullopt;
  }
  return parse_source(sources.add(path.string(), std::move(*bytes), diags), diags);
}

unsigned worker_threads(unsigned asked) {
  unsigned n = asked;
  if (n == 0) {
    if (const char* env = std::getenv("DONDOC_THREADS")) n = static_cast<unsigned>(std::strtoul(env, nullptr, 10));
  }
  return n == 0 ? std::max(1u, std::thread::hardware_concurrency()) : n;
}

namespace {

/// How many threads read a folder: never more than there are files.
unsigned thread_count(unsigned asked, std::size_t files) {
  return static_cast<unsigned>(std::min<std::size_t>(worker_threads(asked), std::max<std::size_t>(files, 1)));
}

/// Calls `job(i)` once for every i < n, on `threads` threads (the calling one among them). An
/// exception thrown by a job is thrown again here once every thread has stopped.
template <typename Job>
void run_parallel(std::size_t n, unsigned threads, const Job& job) {
  if (threads <= 1 || n <= 1) {
    for (std::size_t i = 0; i < n; ++i) job(i);
    return;
  }
  std::atomic<std::size_t> next{0};
  std::mutex failure_mutex;
  std::exception_ptr failure;
  auto work = [&] {
    for (std::size_t i; (i = next++) < n;) {
      try {
        job(i);
      } catch (...) {
        std::lock_guard lock(failure_mutex);
        if (!failure) failure = std::current_exception();
        next = n;  // stop the others at their next job
      }
    }
  };
  std::vector<std::thread> pool;
  for (unsigned t = 1; t < threads; ++t) pool.emplace_back(work);
  work();
  for (auto& t : pool) t.join();
  if (failure) std::rethrow_exception(failure);
}

struct Loader {
  SourceSet& sources;
  Diagnostics& diags;
  PlanSources out;
  std::map<std::filesystem::path, std::optional<FileAst>> parsed;  ///< by canonical path; parsed once
  std::set<std::filesystem::path> emitted;
  std::vector<std::filesystem::path> stack;
  unsigned threads = 0;  ///< for load_plan's `threads`

  static std::filesystem::path canonical(const std::filesystem::path& p) {
    std::error_code ec;
    auto c = std::filesystem::weakly_canonical(std::filesystem::absolute(p, ec), ec);
    return ec ? p : c;
  }

  FileAst* parse(const std::filesystem::path& file) {
    auto canon = canonical(file);
    auto it = parsed.find(canon);
    if (it == parsed.end()) it = parsed.emplace(canon, parse_file(sources, file, diags)).first;
    return it->second ? &*it->second : nullptr;
  }

  /// parse() of each file, on worker threads. What is left is what parse() one file after the
  /// other leaves: the same files in `sources` in the same order, the same diagnostics in the
  /// same order. Reading, checking and parsing run on the workers; only adding a file to
  /// `sources` (cheap) runs here, in order, between the two parallel steps.
  void parse_all(const std::vector<std::filesystem::path>& files) {
    struct Job {
      std::filesystem::path path, canon;
      std::optional<SourceSet::Prepared> prepared;
      const SourceFile* source = nullptr;
      Diagnostics diags;
      std::optional<FileAst> ast;
    };
    std::vector<Job> jobs;
    std::set<std::filesystem::path> seen;
    for (const auto& f : files) {
      auto canon = canonical(f);
      if (parsed.count(canon) || !seen.insert(canon).second) continue;  // parsed once, by its first path
      jobs.push_back(Job{f, canon, {}, nullptr, {}, {}});
    }
    unsigned n = thread_count(threads, jobs.size());
    run_parallel(jobs.size(), n, [&](std::size_t i) {
      if (auto bytes = read_bytes(jobs[i].path)) jobs[i].prepared = SourceSet::prepare(jobs[i].path.string(), std::move(*bytes));
    });
    for (auto& job : jobs) {
      if (job.prepared) {
        job.source = &sources.commit(std::move(*job.prepared), job.diags);
        job.prepared.reset();
      } else {
        cannot_read(job.path, job.diags);
      }
    }
    run_parallel(jobs.size(), n, [&](std::size_t i) {
      if (jobs[i].source) jobs[i].ast = parse_source(*jobs[i].source, jobs[i].diags);
    });
    for (auto& job : jobs) {
      diags.append(std::move(job.diags));
      parsed.emplace(job.canon, std::move(job.ast));
    }
  }

  /// The includes of a parsed file that stay inside `root` (others are reported).
  std::vector<std::pair<std::filesystem::path, Location>> includes(const std::filesystem::path& file, const FileAst& ast,
                                                                   const std::filesystem::path& root, bool report) {
    std::vector<std::pair<std::filesystem::path, Location>> out_list;
    for (const auto& d : ast.decls) {
      const auto* inc = std::get_if<IncludeDecl>(&d);
      if (!inc) continue;
      std::filesystem::path target = file.parent_path() / inc->path.text;
      auto rel = canonical(target).lexically_relative(root);
      if (inc->path.text.empty()) {
        if (report)
          diags.error(inc->path.loc, Message{"thiếu tên tệp sau 'bao gồm', ví dụ 'bao gồm \"phu-luc-2.rules\"'",
                                             "the file name after 'include' is missing, such as 'include \"appendix-2.rules\"'"});
        continue;
      }
      if (rel.empty() || *rel.begin() == "..") {
        if (report) {
          diags.error(inc->path.loc,
                      Message{fmt::format("không được bao gồm tệp '{}' nằm ngoài thư mục của kế hoạch", inc->path.text),
                              fmt::format("cannot include '{}': it is outside the plan's folder", inc->path.text)},
                      {Message{"một kế hoạch chỉ gồm các tệp trong thư mục của nó và các thư mục con",
                               "a plan is made of the files in its folder and its subfolders only"}});
        }
        continue;
      }
      out_list.emplace_back(target, inc->path.loc);
    }
    return out_list;
  }

  /// Adds a file to the plan, then the files it includes, depth first.
  void emit(const std::filesystem::path& file, const std::filesystem::path& root, const Location& from) {
    auto canon = canonical(file);
    auto on_stack = std::find(stack.begin(), stack.end(), canon);
    if (on_stack != stack.end()) {
      std::string chain;
      for (auto it = on_stack; it != stack.end(); ++it) chain += it->filename().string() + " -> ";
      chain += canon.filename().string();
      diags.error(from, Message{fmt::format("tệp bao gồm lẫn nhau thành vòng: {}", chain), fmt::format("include cycle: {}", chain)});
      return;
    }
    if (emitted.count(canon)) return;  // already in the plan (found by the folder scan or another include)
    std::error_code ec;
    if (!std::filesystem::is_regular_file(canon, ec)) {
      diags.error(from, Message{fmt::format("không tìm thấy tệp '{}'", file.string()), fmt::format("file '{}' not found", file.string())});
      return;
    }
    emitted.insert(canon);
    FileAst* ast = parse(file);
    if (!ast) return;
    auto incs = includes(file, *ast, root, true);
    out.files.push_back(std::move(*ast));
    stack.push_back(canon);
    for (const auto& [target, loc] : incs) emit(target, root, loc);
    stack.pop_back();
  }

  /// A folder: every `.rules` file under it, in name order, except that a file included by
  /// another one comes right after the file that includes it.
  void folder(const std::filesystem::path& dir) {
    std::error_code ec;
    auto root = canonical(dir);
    std::vector<std::filesystem::path> files;
    for (auto it = std::filesystem::recursive_directory_iterator(dir, ec); it != std::filesystem::recursive_directory_iterator(); ++it) {
      if (it->is_regular_file() && it->path().extension() == ".rules") files.push_back(it->path());
    }
    std::sort(files.begin(), files.end());
    parse_all(files);
    std::set<std::filesystem::path> included;
    for (const auto& f : files) {
      if (FileAst* ast = parse(f)) {
        for (const auto& [target, loc] : includes(f, *ast, root, false)) included.insert(canonical(target));
      }
    }
    for (const auto& f : files) {
      if (!included.count(canonical(f))) emit(f, root, Location{});
    }
    for (const auto& f : files) emit(f, root, Location{});  // files only reachable through an include cycle
  }
};

}  // namespace

PlanSources load_plan(SourceSet& sources, const std::vector<std::filesystem::path>& paths, Diagnostics& diags, unsigned threads) {
  Loader loader{sources, diags, {}, {}, {}, {}, threads};
  for (const auto& p : paths) {
    std::error_code ec;
    if (std::filesystem::is_directory(p, ec)) {
      loader.folder(p);
    } else if (std::filesystem::exists(p, ec)) {
      loader.emit(p, Loader::canonical(p).parent_path(), Location{});
    } else {
      diags.error(Location{}, Message{fmt::format("không tìm thấy '{}'", p.string()), fmt::format("'{}' not found", p.string())});
    }
  }
  diags.sort_by_location();
  return std::move(loader.out);
}

}  // namespace dondoc::dsl
