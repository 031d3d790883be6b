#pragma once
// The ids a plan declares, by kind: the candidates of a "did you mean" when a name is unknown.
// Internal to engine/ (resolve.cpp, facts.cpp).

#include <map>
#include <string_view>
#include <vector>

#include "engine/kind_words.hpp"
#include "engine/plan.hpp"

namespace dondoc::engine::detail {

/// The ids of the declarations of a set of kinds, in declaration order; each set is built once,
/// on first use, from the plan as it is then.
class KindIds {
 public:
  explicit KindIds(const Plan& plan) : plan_(&plan) {}
  const std::vector<std::string_view>& of(Kinds ks);

 private:
  const Plan* plan_;
  std::map<Kinds, std::vector<std::string_view>> sets_;
};

}  // namespace dondoc::engine::detail
