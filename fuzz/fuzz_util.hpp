#pragma once
// What the libFuzzer targets share: the real plan compiled once, the check that no exception
// escapes, and rendering every diagnostic in both languages.

#include <cstdio>
#include <cstdlib>
#include <exception>
#include <memory>

#include "dsl/diagnostics.hpp"
#include "engine/compile.hpp"

namespace dondoc::fuzz {

/// rules/thanh-hoa-557, compiled once for the whole run (the targets fuzz what comes after it).
inline const engine::CompiledPlan& real_plan() {
  static const std::unique_ptr<engine::CompiledPlan> plan = [] {
    auto p = engine::compile_plan({DONDOC_SOURCE_DIR "/rules/thanh-hoa-557"}, engine::CalendarChoice{});
    if (!p->ok()) {
      std::fputs(dsl::render_all(p->diags, dsl::Lang::en).c_str(), stderr);
      std::abort();
    }
    return p;
  }();
  return *plan;
}

inline void render_both(const dsl::Diagnostics& diags) {
  volatile std::size_t n = 0;  // built to be tested, then discarded
  n = n + dsl::render_all(diags, dsl::Lang::vi).size() + dsl::render_all(diags, dsl::Lang::en).size();
  n = n + dsl::summary(diags, dsl::Lang::vi).size() + dsl::summary(diags, dsl::Lang::en).size();
  (void)n;
}

/// Runs `body`; an exception escaping it is a bug, reported as a crash (abort).
template <typename F>
void no_escape(const char* target, F&& body) {
  try {
    body();
  } catch (const std::exception& e) {
    std::fprintf(stderr, "%s: exception escaped: %s\n", target, e.what());
    std::abort();
  } catch (...) {
    std::fprintf(stderr, "%s: exception escaped (not a std::exception)\n", target);
    std::abort();
  }
}

}  // namespace dondoc::fuzz
