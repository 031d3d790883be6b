#pragma once
// Strings stored once, each with a dense id (StrId): the plan's ids, names and texts.

#include <cstddef>
#include <cstdint>
#include <cstring>
#include <memory>
#include <span>
#include <string_view>
#include <vector>

namespace dondoc::engine {

using StrId = std::uint32_t;

/// "No such thing": an absent optional reference, string or id.
inline constexpr std::uint32_t kNone = 0xFFFFFFFFu;

/// Every string of the plan stored once; an id per distinct string. The text lives in large
/// blocks (one allocation per megabyte, not per string), each string right after its id and
/// length, and the index is an open-addressing table of (hash, place) slots: a lookup reads its
/// slot and then the string itself, two cache misses on a million-task plan. Views returned by
/// `str` stay valid for the Interner's lifetime, moves included. At most ~4 GB of text.
class Interner {
 public:
  StrId intern(std::string_view s);
  /// Makes room for `strings` distinct strings in all, so that interning them rehashes nothing.
  void reserve(std::size_t strings);
  /// The id of `s` if it was interned, else kNone.
  StrId find(std::string_view s) const;
  /// find() for each of `in` into `out` (of the same size), in stages over groups of strings so
  /// that their cache misses overlap instead of coming one after another.
  void find_all(std::span<const std::string_view> in, std::span<StrId> out) const;
  /// intern() for each of `in`, in order, into `out`; staged as find_all.
  void intern_all(std::span<const std::string_view> in, std::span<StrId> out);
  /// Starts loading the slot where `s` is or would go, for a lookup a little later: a loop over
  /// many strings calls this some iterations ahead, so that the cache misses overlap.
  void prefetch(std::string_view s) const {
    if (!slots_.empty()) __builtin_prefetch(&slots_[hash(s) & (slots_.size() - 1)]);
  }
  /// The string of `id`; "" for kNone.
  std::string_view str(StrId id) const { return id == kNone ? std::string_view() : text_at(places_[id]); }
  std::size_t size() const { return places_.size(); }

 private:
  /// Where a string is stored: (block << kOffsetBits) | offset in the block.
  using Place = std::uint32_t;
  static constexpr unsigned kOffsetBits = 20;  // blocks of 1 MB; a longer string has a block of its own
  static constexpr std::size_t kMaxBlocks = (std::size_t{1} << (32 - kOffsetBits)) - 1;  // so that place + 1 fits a slot
  static constexpr std::size_t kHeader = 8;  // the id and the length (4 bytes each) before the text

  const char* at(Place p) const { return blocks_[p >> kOffsetBits].get() + (p & ((Place{1} << kOffsetBits) - 1)); }
  std::string_view text_at(Place p) const {
    const char* s = at(p);
    std::uint32_t n;
    std::memcpy(&n, s + 4, 4);
    return {s + kHeader, n};
  }
  StrId id_at(Place p) const {
    StrId id;
    std::memcpy(&id, at(p), 4);
    return id;
  }
  static std::uint32_t hash(std::string_view s);
  /// The stages of find_all and intern_all: `each(i, hash)` for each string of `in`, after its
  /// slot and the string in it were asked into the cache, a group of strings at a time.
  template <class Each>
  void staged(std::span<const std::string_view> in, Each&& each) const;
  StrId intern(std::string_view s, std::uint32_t h);
  /// The slot that holds `s`, or the empty slot where it would go.
  std::size_t slot_of(std::string_view s, std::uint32_t h) const;
  Place store(std::string_view s, StrId id);
  char* new_block(std::size_t size);
  void grow();
  void rehash(std::size_t slots);

  std::vector<std::unique_ptr<char[]>> blocks_;
  std::size_t open_block_ = 0;  // the block `free_` is in
  char* free_ = nullptr;        // the unused end of the open block
  std::size_t free_size_ = 0;
  std::vector<Place> places_;         // by id
  std::vector<std::uint64_t> slots_;  // (hash << 32) | (place + 1); 0 = empty; size a power of two
};

}  // namespace dondoc::engine
