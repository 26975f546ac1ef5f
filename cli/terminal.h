// Terminal safety for the command line: text that came from a file (ids, labels, column names,
// cells echoed in messages) may hold control bytes — ESC sequences that retitle a window,
// move the cursor or rewrite what was shown. Standard error is always, and standard output when
// it is a terminal, written through a filter that shows each control byte (C0 but line feed, tab
// and the CR of a CRLF, DEL, and the C1 controls U+0080–U+009F) as a visible escape: \x1B,
// \u009B. (Under Node, where every stream looks like a terminal, standard output is left as is.)
#pragma once
#include <streambuf>
#include <string>
#include <string_view>

namespace kenko_cli {

// `text` with its control bytes shown as escapes (what the filter writes).
std::string escape_controls(std::string_view text);

// A streambuf that writes through `target`, escaping control bytes.
class EscapingBuf : public std::streambuf {
 public:
  explicit EscapingBuf(std::streambuf* target) : target_(target) {}
  ~EscapingBuf() override;

 protected:
  int overflow(int c) override;
  std::streamsize xsputn(const char* s, std::streamsize n) override;
  int sync() override;

 private:
  void put(unsigned char c);
  std::streambuf* target_;
  bool after_c2_ = false;  // a 0xC2 byte waits: a C1 control may follow
  bool after_cr_ = false;  // a CR waits: shown as \x0D unless a LF follows
};

// Installs the filter on std::cerr, and on std::cout when standard output is a terminal, for
// as long as it lives.
class TerminalGuard {
 public:
  TerminalGuard();
  ~TerminalGuard();
  TerminalGuard(const TerminalGuard&) = delete;
  TerminalGuard& operator=(const TerminalGuard&) = delete;

 private:
  std::streambuf *cerr_ = nullptr, *cout_ = nullptr;
  EscapingBuf *cerr_buf_ = nullptr, *cout_buf_ = nullptr;
};

}  // namespace kenko_cli
