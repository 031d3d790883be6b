#include "engine/kind_ids.hpp"

namespace dondoc::engine::detail {

const std::vector<std::string_view>& KindIds::of(Kinds ks) {
  auto it = sets_.find(ks);
  if (it != sets_.end()) return it->second;
  std::vector<std::string_view> ids;
  for (StrId s = 0; s < plan_->symbols.size(); ++s) {
    if (plan_->symbols[s].kind != Kind::none && (ks & bit(plan_->symbols[s].kind))) ids.push_back(plan_->str(s));
  }
  return sets_.emplace(ks, std::move(ids)).first->second;
}

}  // namespace dondoc::engine::detail
