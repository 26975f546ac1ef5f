// kenko's error type: every failure the user can cause (a bad table, a bad model) is a
// kenko::Error carrying one readable line that names the file, row, column or JSON path. Most
// carry a message code and its parameters too (base/messages.h), so that a page can say it in
// its own language; the line is the catalogue's English text.
#pragma once
#include <stdexcept>
#include <string>

#include "base/messages.h"

namespace kenko {

class Error : public std::runtime_error {
 public:
  explicit Error(const std::string& message) : std::runtime_error(message) {}
  explicit Error(Message m) : std::runtime_error(m.text()), message_(std::move(m)) {}
  Error(std::string code, MessageParams params)
      : Error(Message(std::move(code), std::move(params))) {}
  // The code ("" for an uncoded error) and the parameters.
  const std::string& code() const { return message_.code; }
  const MessageParams& params() const { return message_.params; }

 private:
  Message message_;
};

}  // namespace kenko
