#pragma once
// The identity of a rule set: a content hash over every file's path and text, so that the store
// can tell which rules a fact was checked against and an unchanged reload is recognised.

#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

#include "dsl/source_set.hpp"
#include "runtime/store.hpp"

namespace dondoc::runtime {

/// `h` as 16 hex digits.
std::string hex16(std::uint64_t h);

/// A content hash of a rule set (FNV-1a 64 over every file's path and text, in load order), 16 hex
/// digits, and the hash of each file. Paths are taken without their common folder, so the same
/// rules read from another working directory (or another checkout) have the same hash.
std::string rules_hash(const dsl::SourceSet& sources, std::vector<RuleFile>* files = nullptr);

}  // namespace dondoc::runtime
