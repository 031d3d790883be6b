#include "dsl/ast.hpp"

namespace dondoc::dsl {

const Location& location_of(const Decl& d) {
  return std::visit([](const auto& x) -> const Location& { return x.loc; }, d);
}

}  // namespace dondoc::dsl
