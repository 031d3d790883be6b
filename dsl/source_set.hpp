#pragma once
// The set of loaded files: each file's text, checked as UTF-8 and normalised to NFC once, kept for
// as long as the syntax trees and diagnostics that point into it.

#include <cstddef>
#include <cstdint>
#include <deque>
#include <string>
#include <vector>

#include "dsl/diagnostics.hpp"
#include "dsl/source.hpp"

namespace dondoc::dsl {

/// Owns the text of every loaded file; syntax nodes point into it, so it outlives them.
class SourceSet {
 public:
  /// Adds a file's raw bytes: reports invalid UTF-8 (and repairs it), normalises to NFC. Text
  /// that is valid and already NFC (the common case) is kept as it came: move it in, nothing is
  /// copied.
  const SourceFile& add(std::string path, std::string raw_bytes, Diagnostics& diags);
  const std::deque<SourceFile>& files() const { return files_; }

  /// `add` in two steps, so that the costly one can run on a worker thread: `prepare` (the
  /// checks and the normalisation; touches no shared state), then `commit` (on one thread, in
  /// the order the files should have).
  struct Prepared {
    struct BadByte {
      std::uint32_t line, col;
      unsigned char byte;
    };
    SourceFile file;
    std::vector<BadByte> bad;   ///< the first invalid byte of each line, for the first few lines
    std::size_t bad_lines = 0;  ///< lines that have invalid bytes
  };
  static Prepared prepare(std::string path, std::string raw_bytes);
  const SourceFile& commit(Prepared prepared, Diagnostics& diags);

 private:
  std::deque<SourceFile> files_;  // a deque keeps addresses stable
};

}  // namespace dondoc::dsl
