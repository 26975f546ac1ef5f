// Encoding detection and streaming conversion to UTF-8. See encoding.h.
//
// Every converter below is a "step" over a byte range: it decodes the complete characters,
// stops before a character cut by the end of the range (the Decoder keeps those bytes for the
// next chunk) and stops at the first invalid sequence, reporting where it starts and how many
// bytes to show in the message. The same steps serve detection (with no output).
#include "read/encoding.h"

#include <algorithm>
#include <cstring>

namespace kenko {

namespace {

#include "read/cp932_table.inc"

struct Step {
  size_t pos = 0;             // bytes decoded; on error, where the bad sequence starts
  bool ok = true;             // false: invalid sequence at `pos`
  size_t bad_len = 0;         // bytes of the bad sequence to show in the message
  const char* why = nullptr;  // what is wrong with it
};

Step fail(size_t pos, size_t bad_len, const char* why) {
  Step s;
  s.pos = pos;
  s.ok = false;
  s.bad_len = bad_len;
  s.why = why;
  return s;
}

Step done(size_t pos) {
  Step s;
  s.pos = pos;
  return s;
}

void append_utf8(std::string& out, uint32_t cp) {
  if (cp < 0x80) {
    out.push_back(static_cast<char>(cp));
  } else if (cp < 0x800) {
    char b[2] = {static_cast<char>(0xC0 | (cp >> 6)), static_cast<char>(0x80 | (cp & 0x3F))};
    out.append(b, 2);
  } else if (cp < 0x10000) {
    char b[3] = {static_cast<char>(0xE0 | (cp >> 12)), static_cast<char>(0x80 | ((cp >> 6) & 0x3F)),
                 static_cast<char>(0x80 | (cp & 0x3F))};
    out.append(b, 3);
  } else {
    char b[4] = {
        static_cast<char>(0xF0 | (cp >> 18)), static_cast<char>(0x80 | ((cp >> 12) & 0x3F)),
        static_cast<char>(0x80 | ((cp >> 6) & 0x3F)), static_cast<char>(0x80 | (cp & 0x3F))};
    out.append(b, 4);
  }
}

constexpr uint64_t kHighBits = 0x8080808080808080ULL;

bool is_cont(uint8_t b) {
  return (b & 0xC0) == 0x80;
}

// UTF-8 (Unicode 15, table 3-7: no overlong forms, no surrogates, nothing above U+10FFFF).
// Validates only; the caller copies the valid bytes.
Step step_utf8(const uint8_t* p, size_t n) {
  size_t i = 0;
  while (i < n) {
    // ASCII runs, 8 bytes at a time.
    while (i + 8 <= n) {
      uint64_t w;
      std::memcpy(&w, p + i, 8);
      if (w & kHighBits) break;
      i += 8;
    }
    while (i < n && p[i] < 0x80) ++i;
    if (i >= n) break;
    const uint8_t c = p[i];
    size_t len;
    uint8_t lo = 0x80, hi = 0xBF;  // allowed range of the second byte
    const char* second_why = "lead byte not followed by a continuation byte";
    if (c < 0xC0) return fail(i, 1, "continuation byte without a lead byte");
    if (c < 0xC2) {
      return fail(i, 1, "overlong encoding");
    } else if (c < 0xE0) {
      len = 2;
    } else if (c < 0xF0) {
      len = 3;
      if (c == 0xE0) lo = 0xA0, second_why = "overlong encoding";
      if (c == 0xED) hi = 0x9F, second_why = "encoded UTF-16 surrogate";
    } else if (c < 0xF5) {
      len = 4;
      if (c == 0xF0) lo = 0x90, second_why = "overlong encoding";
      if (c == 0xF4) hi = 0x8F, second_why = "code point above U+10FFFF";
    } else {
      return fail(i, 1, c < 0xF8 ? "code point above U+10FFFF" : "byte never used in UTF-8");
    }
    if (i + 1 >= n) return done(i);  // cut after the lead byte
    const uint8_t c1 = p[i + 1];
    if (c1 < lo || c1 > hi) {
      return fail(i, 2, is_cont(c1) ? second_why : "lead byte not followed by a continuation byte");
    }
    for (size_t k = 2; k < len; ++k) {
      if (i + k >= n) return done(i);  // cut inside the sequence
      if (!is_cont(p[i + k]))
        return fail(i, k + 1, "sequence cut short by a non-continuation byte");
    }
    i += len;
  }
  return done(n);
}

bool cp932_lead(uint8_t b) {
  return (b >= 0x81 && b <= 0x9F) || (b >= 0xE0 && b <= 0xFC);
}

// 0 if the pair is not a mapped double-byte code.
uint16_t cp932_pair(uint8_t lead, uint8_t trail) {
  int row = lead <= 0x9F ? lead - 0x81 : lead - 0xE0 + 31;
  int col;
  if (trail >= 0x40 && trail <= 0x7E) {
    col = trail - 0x40;
  } else if (trail >= 0x80 && trail <= 0xFC) {
    col = trail - 0x80 + 63;
  } else {
    return 0;
  }
  return kCp932DoubleByte[row][col];
}

// Shift_JIS as Windows code page 932. `out` may be null (validation only).
Step step_cp932(const uint8_t* p, size_t n, std::string* out) {
  size_t i = 0;
  while (i < n) {
    size_t run = i;
    while (i + 8 <= n) {
      uint64_t w;
      std::memcpy(&w, p + i, 8);
      if (w & kHighBits) break;
      i += 8;
    }
    while (i < n && p[i] < 0x80) ++i;
    if (out && i > run) out->append(reinterpret_cast<const char*>(p + run), i - run);
    if (i >= n) break;
    const uint8_t c = p[i];
    if (c >= 0xA1 && c <= 0xDF) {  // half-width katakana
      if (out) append_utf8(*out, 0xFF61 + (c - 0xA1));
      ++i;
    } else if (cp932_lead(c)) {
      if (i + 1 >= n) return done(i);  // cut after the lead byte
      const uint8_t t = p[i + 1];
      const uint16_t u = cp932_pair(c, t);
      if (u == 0) {
        bool trail_ok = (t >= 0x40 && t <= 0x7E) || (t >= 0x80 && t <= 0xFC);
        return fail(
            i, 2,
            trail_ok ? "unmapped double-byte code" : "lead byte not followed by a trail byte");
      }
      if (out) append_utf8(*out, u);
      i += 2;
    } else {
      return fail(i, 1, "byte not used in Shift_JIS");
    }
  }
  return done(n);
}

template <bool kBigEndian>
uint32_t read16(const uint8_t* p) {
  return kBigEndian ? (uint32_t{p[0]} << 8 | p[1]) : (uint32_t{p[1]} << 8 | p[0]);
}

template <bool kBigEndian>
Step step_utf16(const uint8_t* p, size_t n, std::string* out) {
  size_t i = 0;
  while (i + 2 <= n) {
    uint32_t u = read16<kBigEndian>(p + i);
    if (u < 0xD800 || u > 0xDFFF) {
      if (out) append_utf8(*out, u);
      i += 2;
    } else if (u <= 0xDBFF) {
      if (i + 4 > n) break;  // cut inside the pair
      uint32_t u2 = read16<kBigEndian>(p + i + 2);
      if (u2 < 0xDC00 || u2 > 0xDFFF) return fail(i, 4, "high surrogate not followed by a low one");
      if (out) append_utf8(*out, 0x10000 + ((u - 0xD800) << 10) + (u2 - 0xDC00));
      i += 4;
    } else {
      return fail(i, 2, "low surrogate without a high one");
    }
  }
  return done(i);
}

template <bool kBigEndian>
Step step_utf32(const uint8_t* p, size_t n, std::string* out) {
  size_t i = 0;
  for (; i + 4 <= n; i += 4) {
    const uint8_t* q = p + i;
    uint32_t u = kBigEndian
                     ? (uint32_t{q[0]} << 24 | uint32_t{q[1]} << 16 | uint32_t{q[2]} << 8 | q[3])
                     : (uint32_t{q[3]} << 24 | uint32_t{q[2]} << 16 | uint32_t{q[1]} << 8 | q[0]);
    if (u > 0x10FFFF) return fail(i, 4, "code point above U+10FFFF");
    if (u >= 0xD800 && u <= 0xDFFF) return fail(i, 4, "surrogate code point");
    if (out) append_utf8(*out, u);
  }
  return done(i);
}

// Decodes p[0..n) in `e`, appending to `out` when it is not null.
Step step(Encoding e, const uint8_t* p, size_t n, std::string* out) {
  switch (e) {
    case Encoding::Auto:
    case Encoding::Utf8: {
      Step s = step_utf8(p, n);
      if (out) out->append(reinterpret_cast<const char*>(p), s.pos);
      return s;
    }
    case Encoding::ShiftJis:
      return step_cp932(p, n, out);
    case Encoding::Utf16LE:
      return step_utf16<false>(p, n, out);
    case Encoding::Utf16BE:
      return step_utf16<true>(p, n, out);
    case Encoding::Utf32LE:
      return step_utf32<false>(p, n, out);
    case Encoding::Utf32BE:
      return step_utf32<true>(p, n, out);
  }
  return done(0);
}

const char* label(Encoding e) {
  switch (e) {
    case Encoding::ShiftJis:
      return "Shift_JIS (CP932)";
    case Encoding::Utf16LE:
      return "UTF-16LE";
    case Encoding::Utf16BE:
      return "UTF-16BE";
    case Encoding::Utf32LE:
      return "UTF-32LE";
    case Encoding::Utf32BE:
      return "UTF-32BE";
    default:
      return "UTF-8";
  }
}

std::string hex_bytes(const uint8_t* p, size_t n) {
  static const char digits[] = "0123456789ABCDEF";
  std::string s;
  for (size_t i = 0; i < n; ++i) {
    if (i) s += ' ';
    s += "0x";
    s += digits[p[i] >> 4];
    s += digits[p[i] & 15];
  }
  return s;
}

// "byte offset 15: 0xE9 0x2C (lead byte not followed by a continuation byte)"
std::string describe(uint64_t offset, const uint8_t* bytes, size_t n, const char* why) {
  return "byte offset " + std::to_string(offset) + ": " + hex_bytes(bytes, n) + " (" + why + ")";
}

// "0xE9 0x2C at byte offset 13: lead byte not followed by a continuation byte"
std::string describe_briefly(uint64_t offset, const uint8_t* bytes, size_t n, const char* why) {
  return hex_bytes(bytes, n) + " at byte offset " + std::to_string(offset) + ": " + why;
}

// Validates the whole of `data` as `e` (offsets reported from `base`). Empty if valid.
std::string validate(Encoding e, std::string_view data, bool at_eof, uint64_t base) {
  const auto* p = reinterpret_cast<const uint8_t*>(data.data());
  Step s = step(e, p, data.size(), nullptr);
  if (!s.ok) return describe_briefly(base + s.pos, p + s.pos, s.bad_len, s.why);
  if (at_eof && s.pos < data.size()) {
    return describe_briefly(base + s.pos, p + s.pos, data.size() - s.pos,
                            "character cut short by the end of the data");
  }
  return {};
}

bool starts_with(std::string_view s, const char* bom, size_t n) {
  return s.size() >= n && std::memcmp(s.data(), bom, n) == 0;
}

// UTF-16/32 without a byte-order mark: only when the NUL pattern of mostly-ASCII text is
// unmistakable. Looks at the first 64 KiB.
std::optional<Encoding> guess_by_nul_pattern(std::string_view data) {
  const size_t sample = std::min<size_t>(data.size(), 64 * 1024);
  if (std::memchr(data.data(), 0, sample) == nullptr) return std::nullopt;
  const auto* p = reinterpret_cast<const uint8_t*>(data.data());

  // UTF-32: every unit has its top byte 0 and the next one <= 0x10; >= 90% of the units have
  // a zero second byte (BMP-below-U+0100 text) and a non-zero lowest byte.
  const size_t quads = sample / 4;
  if (quads >= 2) {
    size_t le_fit = 0, be_fit = 0, le_ascii = 0, be_ascii = 0;
    for (size_t k = 0; k < quads; ++k) {
      const uint8_t* q = p + 4 * k;
      if (q[3] == 0 && q[2] <= 0x10) {
        ++le_fit;
        if (q[1] == 0 && q[0] != 0) ++le_ascii;
      }
      if (q[0] == 0 && q[1] <= 0x10) {
        ++be_fit;
        if (q[2] == 0 && q[3] != 0) ++be_ascii;
      }
    }
    if (le_fit == quads && le_ascii * 10 >= quads * 9) return Encoding::Utf32LE;
    if (be_fit == quads && be_ascii * 10 >= quads * 9) return Encoding::Utf32BE;
  }

  // UTF-16: >= 90% of the high bytes are 0 and >= 90% of the low bytes are not.
  const size_t pairs = sample / 2;
  if (pairs >= 2) {
    size_t zero_even = 0, zero_odd = 0;
    for (size_t k = 0; k < pairs; ++k) {
      zero_even += p[2 * k] == 0;
      zero_odd += p[2 * k + 1] == 0;
    }
    const bool even_zero = zero_even * 10 >= pairs * 9, odd_zero = zero_odd * 10 >= pairs * 9;
    const bool even_text = zero_even * 10 <= pairs, odd_text = zero_odd * 10 <= pairs;
    if (odd_zero && even_text) return Encoding::Utf16LE;
    if (even_zero && odd_text) return Encoding::Utf16BE;
  }
  return std::nullopt;
}

std::string lower_alnum(std::string_view s) {
  std::string r;
  for (char c : s) {
    if (c == '-' || c == '_' || c == ' ') continue;
    r += (c >= 'A' && c <= 'Z') ? static_cast<char>(c - 'A' + 'a') : c;
  }
  return r;
}

}  // namespace

const char* encoding_name(Encoding e) {
  switch (e) {
    case Encoding::Auto:
      return "auto";
    case Encoding::Utf8:
      return "utf-8";
    case Encoding::ShiftJis:
      return "shift_jis";
    case Encoding::Utf16LE:
      return "utf-16le";
    case Encoding::Utf16BE:
      return "utf-16be";
    case Encoding::Utf32LE:
      return "utf-32le";
    case Encoding::Utf32BE:
      return "utf-32be";
  }
  return "?";
}

std::optional<Encoding> parse_encoding_name(std::string_view name) {
  // Case, '-', '_' and spaces do not matter: "UTF-8", "utf_8", "Shift-JIS", "windows-31j".
  static const struct {
    const char* key;
    Encoding encoding;
  } kNames[] = {
      {"auto", Encoding::Auto},       {"utf8", Encoding::Utf8},
      {"sjis", Encoding::ShiftJis},   {"shiftjis", Encoding::ShiftJis},
      {"cp932", Encoding::ShiftJis},  {"windows31j", Encoding::ShiftJis},
      {"ms932", Encoding::ShiftJis},  {"windows932", Encoding::ShiftJis},
      {"xsjis", Encoding::ShiftJis},  {"mskanji", Encoding::ShiftJis},
      {"utf16le", Encoding::Utf16LE}, {"utf16be", Encoding::Utf16BE},
      {"utf32le", Encoding::Utf32LE}, {"utf32be", Encoding::Utf32BE},
  };
  const std::string key = lower_alnum(name);
  for (const auto& n : kNames) {
    if (key == n.key) return n.encoding;
  }
  return std::nullopt;
}

Detection detect_encoding(std::string_view prefix, bool at_eof) {
  Detection d;
  // Byte-order marks; UTF-32LE's (FF FE 00 00) starts with UTF-16LE's (FF FE).
  static const struct {
    const char* bytes;
    size_t length;
    Encoding encoding;
  } kBoms[] = {
      {"\xEF\xBB\xBF", 3, Encoding::Utf8},        {"\xFF\xFE\x00\x00", 4, Encoding::Utf32LE},
      {"\x00\x00\xFE\xFF", 4, Encoding::Utf32BE}, {"\xFF\xFE", 2, Encoding::Utf16LE},
      {"\xFE\xFF", 2, Encoding::Utf16BE},
  };
  for (const auto& bom : kBoms) {
    if (!starts_with(prefix, bom.bytes, bom.length)) continue;
    d.encoding = bom.encoding;
    d.bom_length = bom.length;
    std::string why = validate(d.encoding, prefix.substr(bom.length), at_eof, bom.length);
    if (!why.empty()) {
      d.problem = std::string("starts with a ") + label(d.encoding) +
                  " byte-order mark but is not valid " + label(d.encoding) + " (" + why + ")";
    }
    return d;
  }

  if (auto wide = guess_by_nul_pattern(prefix)) {
    d.encoding = *wide;
    std::string why = validate(d.encoding, prefix, at_eof, 0);
    if (!why.empty()) {
      d.problem = std::string("looks like ") + label(d.encoding) +
                  " without a byte-order mark but is not valid " + label(d.encoding) + " (" + why +
                  ")";
    }
    return d;
  }

  std::string utf8_why = validate(Encoding::Utf8, prefix, at_eof, 0);
  if (utf8_why.empty()) {
    d.encoding = Encoding::Utf8;
    return d;
  }
  std::string sjis_why = validate(Encoding::ShiftJis, prefix, at_eof, 0);
  if (sjis_why.empty()) {
    d.encoding = Encoding::ShiftJis;
    return d;
  }
  d.encoding = Encoding::Utf8;
  d.problem = "not valid UTF-8 (" + utf8_why + ") nor Shift_JIS (" + sjis_why + ")";
  return d;
}

Decoder::Decoder(Encoding encoding) : encoding_(encoding) {
  if (encoding_ == Encoding::Auto) {
    error_ = "internal error: the decoder needs a concrete encoding, not auto";
  }
}

bool Decoder::decode(std::string_view in, std::string& out) {
  return decode_to(in, &out);
}

bool Decoder::check(std::string_view in) {
  return decode_to(in, nullptr);
}

bool Decoder::decode_to(std::string_view in, std::string* out) {
  if (!error_.empty()) return false;
  if (in.empty()) return true;
  const auto* p = reinterpret_cast<const uint8_t*>(in.data());
  size_t n = in.size();
  size_t start = 0;  // where in `in` the main pass begins

  if (!pending_.empty()) {
    // Complete the character cut at the end of the last chunk: at most 4 more bytes are needed.
    const size_t carried = pending_.size();
    const size_t take = std::min<size_t>(n, 4);
    std::string buf = pending_;
    buf.append(in.data(), take);
    const auto* b = reinterpret_cast<const uint8_t*>(buf.data());
    const uint64_t buf_offset = consumed_ - carried;
    Step s = step(encoding_, b, buf.size(), out);
    if (!s.ok) {
      error_offset_ = buf_offset + s.pos;
      error_ = std::string("invalid ") + label(encoding_) + " at " +
               describe(error_offset_, b + s.pos, s.bad_len, s.why);
      return false;
    }
    if (s.pos < carried) {
      // Still incomplete: only possible when all of `in` (fewer than 4 bytes) was too short to
      // finish it, since `pending_` is always the start of a single character of <= 4 bytes.
      pending_ = buf.substr(s.pos);
      consumed_ += n;
      return true;
    }
    pending_.clear();
    start = s.pos - carried;
  }

  Step s = step(encoding_, p + start, n - start, out);
  if (!s.ok) {
    error_offset_ = consumed_ + start + s.pos;
    error_ = std::string("invalid ") + label(encoding_) + " at " +
             describe(error_offset_, p + start + s.pos, s.bad_len, s.why);
    return false;
  }
  pending_.assign(in.data() + start + s.pos, n - start - s.pos);
  consumed_ += n;
  return true;
}

bool Decoder::finish(std::string& /*out*/) {
  if (!error_.empty()) return false;
  if (pending_.empty()) return true;
  error_offset_ = consumed_ - pending_.size();
  error_ = std::string("incomplete ") + label(encoding_) +
           " character at the end of the input at " +
           describe(error_offset_, reinterpret_cast<const uint8_t*>(pending_.data()),
                    pending_.size(), "cut short by the end of the data");
  return false;
}

}  // namespace kenko
