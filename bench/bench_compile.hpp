#pragma once
// A bench's plan compiled as `dondoc check --no-calendar` would, with its diagnostics printed when
// it does not compile. For the bench programs that link the engine.

#include <fmt/format.h>

#include <filesystem>
#include <memory>
#include <string_view>

#include "dsl/diagnostics.hpp"
#include "engine/compile.hpp"

namespace dondoc::bench {

/// The plan in `folder`, compiled; null (its errors printed, in English) when it has any.
inline std::unique_ptr<engine::CompiledPlan> compile_for_bench(const std::filesystem::path& folder, std::string_view who) {
  fmt::print(stderr, "{}: compiling {}\n", who, folder.string());
  auto compiled = engine::compile_plan({folder}, engine::CalendarChoice{"", true});
  if (compiled->ok()) return compiled;
  fmt::print(stderr, "{}", dsl::render_all(compiled->diags, dsl::Lang::en));
  return nullptr;
}

}  // namespace dondoc::bench
