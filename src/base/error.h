// kenko's error type: every failure the user can cause (a bad table, a bad model) is a
// kenko::Error carrying one readable line that names the file, row, column or JSON path.
#pragma once
#include <stdexcept>
#include <string>

namespace kenko {

class Error : public std::runtime_error {
 public:
  explicit Error(const std::string& message) : std::runtime_error(message) {}
};

}  // namespace kenko
