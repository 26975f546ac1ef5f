#include "terminal.h"

#include <unistd.h>

#include <iostream>

namespace kenko_cli {

namespace {

const char kHex[] = "0123456789ABCDEF";

// A control byte shown as an escape (a CR is handled apart: it stays before a LF).
bool is_c0(unsigned char c) {
  return (c < 0x20 && c != '\n' && c != '\t' && c != '\r') || c == 0x7F;
}

template <typename Out>
void escape_byte(unsigned char c, Out&& out) {
  out('\\');
  out('x');
  out(kHex[c >> 4]);
  out(kHex[c & 15]);
}

template <typename Out>
void escape_c1(unsigned char c, Out&& out) {  // U+0080–U+009F, the second byte of C2 xx
  for (char k : std::string_view("\\u00")) out(k);
  out(kHex[c >> 4]);
  out(kHex[c & 15]);
}

}  // namespace

std::string escape_controls(std::string_view text) {
  std::string out;
  out.reserve(text.size());
  auto add = [&out](char c) { out += c; };
  for (size_t i = 0; i < text.size(); ++i) {
    const auto c = static_cast<unsigned char>(text[i]);
    if (c == '\r') {
      if (i + 1 < text.size() && text[i + 1] == '\n') {
        out += '\r';
      } else {
        escape_byte(c, add);
      }
    } else if (is_c0(c)) {
      escape_byte(c, add);
    } else if (c == 0xC2 && i + 1 < text.size() &&
               (static_cast<unsigned char>(text[i + 1]) & 0xE0) == 0x80) {
      escape_c1(static_cast<unsigned char>(text[++i]), add);
    } else {
      out += text[i];
    }
  }
  return out;
}

void EscapingBuf::put(unsigned char c) {
  auto add = [this](char k) { target_->sputc(k); };
  if (after_cr_) {  // a CR waits for the next byte: a CRLF line end is written as it is
    after_cr_ = false;
    if (c == '\n') {
      target_->sputc('\r');
    } else {
      escape_byte('\r', add);
    }
  }
  if (c == '\r') {
    after_cr_ = true;
    return;
  }
  if (after_c2_) {
    after_c2_ = false;
    if ((c & 0xE0) == 0x80) {
      escape_c1(c, add);
      return;
    }
    target_->sputc(static_cast<char>(0xC2));
  }
  if (c == 0xC2) {
    after_c2_ = true;
  } else if (is_c0(c)) {
    escape_byte(c, add);
  } else {
    target_->sputc(static_cast<char>(c));
  }
}

int EscapingBuf::overflow(int c) {
  if (c != traits_type::eof()) put(static_cast<unsigned char>(c));
  return traits_type::not_eof(c);
}

std::streamsize EscapingBuf::xsputn(const char* s, std::streamsize n) {
  // Runs of plain bytes go through whole.
  std::streamsize i = 0;
  while (i < n) {
    std::streamsize j = i;
    if (!after_c2_ && !after_cr_) {
      while (j < n) {
        const auto c = static_cast<unsigned char>(s[j]);
        if (is_c0(c) || c == 0xC2 || c == '\r') break;
        ++j;
      }
      if (j > i) target_->sputn(s + i, j - i);
    }
    if (j < n) put(static_cast<unsigned char>(s[j++]));
    i = j;
  }
  return n;
}

int EscapingBuf::sync() {
  // A 0xC2 at the end of what was written so far waits: the next byte decides what it is.
  return target_->pubsync();
}

EscapingBuf::~EscapingBuf() {
  if (after_cr_) escape_byte('\r', [this](char k) { target_->sputc(k); });
  if (after_c2_) target_->sputc(static_cast<char>(0xC2));
  target_->pubsync();
}

TerminalGuard::TerminalGuard() {
  cerr_ = std::cerr.rdbuf();
  cerr_buf_ = new EscapingBuf(cerr_);
  std::cerr.rdbuf(cerr_buf_);
#ifndef __EMSCRIPTEN__  // (under Node every stream looks like a terminal: the bytes stay as they
                        // are)
  const bool stdout_tty = isatty(1);
#else
  const bool stdout_tty = false;
#endif
  if (stdout_tty) {
    cout_ = std::cout.rdbuf();
    cout_buf_ = new EscapingBuf(cout_);
    std::cout.rdbuf(cout_buf_);
  }
}

TerminalGuard::~TerminalGuard() {
  std::cerr.rdbuf(cerr_);
  delete cerr_buf_;
  if (cout_buf_) {
    std::cout.flush();
    std::cout.rdbuf(cout_);
    delete cout_buf_;
  }
}

}  // namespace kenko_cli
