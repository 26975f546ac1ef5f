// Tests for src/encoding.{h,cpp}: detection, streaming decoding, names.
#include <catch2/catch.hpp>

#include <cstdint>
#include <fstream>
#include <sstream>
#include <string>
#include <vector>

#include "read/encoding.h"

using kenko::Decoder;
using kenko::Detection;
using kenko::Encoding;

namespace {

struct Decoded {
  bool ok;
  std::string text;
  std::string error;
  uint64_t offset;
};

Decoded decode_all(Encoding e, const std::string& bytes) {
  Decoder d(e);
  Decoded r;
  r.ok = d.decode(bytes, r.text) && d.finish(r.text);
  r.error = d.error();
  r.offset = d.error_offset();
  return r;
}

// Feeds `bytes` in pieces cut at the given offsets.
Decoded decode_split(Encoding e, const std::string& bytes, const std::vector<size_t>& cuts) {
  Decoder d(e);
  Decoded r{true, {}, {}, 0};
  size_t from = 0;
  for (size_t i = 0; i <= cuts.size() && r.ok; ++i) {
    size_t to = i < cuts.size() ? cuts[i] : bytes.size();
    r.ok = d.decode(std::string_view(bytes).substr(from, to - from), r.text);
    from = to;
  }
  if (r.ok) r.ok = d.finish(r.text);
  r.error = d.error();
  r.offset = d.error_offset();
  return r;
}

std::string read_file(const std::string& path) {
  std::ifstream f(path, std::ios::binary);
  REQUIRE(f.good());
  std::ostringstream ss;
  ss << f.rdbuf();
  return ss.str();
}

std::string corpus(const char* name) {
  return read_file(std::string(KENKO_CORPORA_DIR) + "/libvroom/data/encoding/" + name);
}

// UTF-8 -> code points (test input is known to be valid).
std::vector<uint32_t> code_points(const std::string& s) {
  std::vector<uint32_t> cps;
  for (size_t i = 0; i < s.size();) {
    auto c = static_cast<uint8_t>(s[i]);
    int len = c < 0x80 ? 1 : c < 0xE0 ? 2 : c < 0xF0 ? 3 : 4;
    uint32_t cp = len == 1 ? c : len == 2 ? c & 0x1F : len == 3 ? c & 0x0F : c & 0x07;
    for (int k = 1; k < len; ++k) cp = cp << 6 | (static_cast<uint8_t>(s[i + k]) & 0x3F);
    cps.push_back(cp);
    i += len;
  }
  return cps;
}

void put16(std::string& out, uint32_t u, bool be) {
  char hi = static_cast<char>(u >> 8), lo = static_cast<char>(u & 0xFF);
  out += be ? hi : lo;
  out += be ? lo : hi;
}

std::string to_utf16(const std::string& utf8, bool be) {
  std::string out;
  for (uint32_t cp : code_points(utf8)) {
    if (cp >= 0x10000) {
      put16(out, 0xD800 + ((cp - 0x10000) >> 10), be);
      put16(out, 0xDC00 + ((cp - 0x10000) & 0x3FF), be);
    } else {
      put16(out, cp, be);
    }
  }
  return out;
}

std::string to_utf32(const std::string& utf8, bool be) {
  std::string out;
  for (uint32_t cp : code_points(utf8)) {
    char b[4] = {static_cast<char>(cp >> 24), static_cast<char>((cp >> 16) & 0xFF),
                 static_cast<char>((cp >> 8) & 0xFF), static_cast<char>(cp & 0xFF)};
    if (be) {
      out.append(b, 4);
    } else {
      for (int k = 3; k >= 0; --k) out += b[k];
    }
  }
  return out;
}

std::string cp_utf8(uint32_t cp) {
  std::string s;
  if (cp < 0x80) {
    s += static_cast<char>(cp);
  } else if (cp < 0x800) {
    s += static_cast<char>(0xC0 | (cp >> 6));
    s += static_cast<char>(0x80 | (cp & 0x3F));
  } else if (cp < 0x10000) {
    s += static_cast<char>(0xE0 | (cp >> 12));
    s += static_cast<char>(0x80 | ((cp >> 6) & 0x3F));
    s += static_cast<char>(0x80 | (cp & 0x3F));
  } else {
    s += static_cast<char>(0xF0 | (cp >> 18));
    s += static_cast<char>(0x80 | ((cp >> 12) & 0x3F));
    s += static_cast<char>(0x80 | ((cp >> 6) & 0x3F));
    s += static_cast<char>(0x80 | (cp & 0x3F));
  }
  return s;
}

// A mixed Japanese table. CP932 bytes produced by Python: text.encode('cp932').
const std::string kJapaneseUtf8 =
    u8"顧客ID,名前,スコア\r\n1,髙橋①～＼,ﾃｽﾄｶﾞ\r\n2,表示「ソ」№Ⅰ∵,100\n";
const std::string kJapaneseCp932 =
    "\x8C\xDA\x8BqID,\x96\xBC\x91O,\x83X\x83R\x83"
    "A\r\n1,\xEE\xE0\x8B\xB4\x87@\x81`\x81_,\xC3\xBD\xC4\xB6\xDE\r\n2,\x95\x5C\x8E\xA6\x81u\x83\x5C"
    "\x81v\x87\x82\x87T\x81\xE6,100\n";
// The same plus characters outside CP932, including ones outside the BMP (surrogate pairs).
const std::string kMixedUtf8 =
    kJapaneseUtf8 + u8"3,José 𠮷野家 😀,Ā" + std::string(1, '\0') + u8"ÿ\n";

bool contains(const std::string& haystack, const std::string& needle) {
  return haystack.find(needle) != std::string::npos;
}

}  // namespace

TEST_CASE("encoding names and aliases", "[encoding]") {
  using kenko::encoding_name;
  using kenko::parse_encoding_name;
  for (Encoding e : {Encoding::Auto, Encoding::Utf8, Encoding::ShiftJis, Encoding::Utf16LE,
                     Encoding::Utf16BE, Encoding::Utf32LE, Encoding::Utf32BE}) {
    REQUIRE(parse_encoding_name(encoding_name(e)) == e);
  }
  CHECK(std::string(encoding_name(Encoding::Utf8)) == "utf-8");
  CHECK(std::string(encoding_name(Encoding::ShiftJis)) == "shift_jis");
  CHECK(std::string(encoding_name(Encoding::Utf16LE)) == "utf-16le");
  CHECK(std::string(encoding_name(Encoding::Utf16BE)) == "utf-16be");
  CHECK(std::string(encoding_name(Encoding::Utf32LE)) == "utf-32le");
  CHECK(std::string(encoding_name(Encoding::Utf32BE)) == "utf-32be");
  CHECK(std::string(encoding_name(Encoding::Auto)) == "auto");
  for (const char* n : {"utf8", "UTF-8", "Utf_8"}) CHECK(parse_encoding_name(n) == Encoding::Utf8);
  for (const char* n : {"sjis", "SJIS", "shift-jis", "Shift_JIS", "shiftjis", "cp932", "CP932",
                        "windows-31j", "Windows-31J", "ms932", "MS932"}) {
    CHECK(parse_encoding_name(n) == Encoding::ShiftJis);
  }
  CHECK(parse_encoding_name("AUTO") == Encoding::Auto);
  CHECK(parse_encoding_name("utf16le") == Encoding::Utf16LE);
  CHECK(parse_encoding_name("UTF-16BE") == Encoding::Utf16BE);
  CHECK(parse_encoding_name("utf_32le") == Encoding::Utf32LE);
  CHECK(parse_encoding_name("utf32be") == Encoding::Utf32BE);
  CHECK_FALSE(parse_encoding_name("latin1").has_value());
  CHECK_FALSE(parse_encoding_name("").has_value());
  CHECK_FALSE(parse_encoding_name("utf-7").has_value());
}

TEST_CASE("detect: byte-order marks", "[encoding]") {
  struct Case {
    std::string bytes;
    Encoding encoding;
    size_t bom;
  };
  const std::vector<Case> cases = {
      {"\xEF\xBB\xBFid\n", Encoding::Utf8, 3},
      {std::string("\xFF\xFEi\0d\0", 6), Encoding::Utf16LE, 2},
      {std::string("\xFE\xFF\0i\0d", 6), Encoding::Utf16BE, 2},
      {std::string("\xFF\xFE\0\0i\0\0\0", 8), Encoding::Utf32LE, 4},
      {std::string("\0\0\xFE\xFF\0\0\0i", 8), Encoding::Utf32BE, 4},
      {"\xEF\xBB\xBF", Encoding::Utf8, 3},
      {std::string("\xFF\xFE\0\0", 4), Encoding::Utf32LE, 4},  // UTF-32LE checked first
      {"\xFF\xFE", Encoding::Utf16LE, 2},
  };
  for (const auto& c : cases) {
    for (bool eof : {true, false}) {
      Detection d = kenko::detect_encoding(c.bytes, eof);
      CHECK(d.encoding == c.encoding);
      CHECK(d.bom_length == c.bom);
      CHECK(d.problem.empty());
    }
  }
  // A BOM followed by data invalid in that encoding: encoding kept, problem explained.
  Detection d = kenko::detect_encoding(
      "\xEF\xBB\xBF"
      "ab\xFF",
      true);
  CHECK(d.encoding == Encoding::Utf8);
  CHECK(d.bom_length == 3);
  CHECK(contains(d.problem, "byte offset 5"));
  CHECK(contains(d.problem, "0xFF"));
  d = kenko::detect_encoding(std::string("\xFF\xFE"
                                         "a\0\x00\xDC",
                                         6),
                             true);  // lone low surrogate
  CHECK(d.encoding == Encoding::Utf16LE);
  CHECK(contains(d.problem, "byte offset 4"));
  CHECK(contains(d.problem, "0x00 0xDC"));
  // UTF-16 with BOM cut after an odd byte: fine unless at the end of the file.
  d = kenko::detect_encoding(std::string("\xFF\xFE"
                                         "a\0b",
                                         5),
                             false);
  CHECK(d.problem.empty());
  d = kenko::detect_encoding(std::string("\xFF\xFE"
                                         "a\0b",
                                         5),
                             true);
  CHECK(contains(d.problem, "byte offset 4"));
}

TEST_CASE("detect: UTF-8, ASCII, Shift_JIS, cut characters", "[encoding]") {
  auto det = [](const std::string& s, bool eof) { return kenko::detect_encoding(s, eof); };
  CHECK(det("", true).encoding == Encoding::Utf8);
  CHECK(det("", true).problem.empty());
  CHECK(det("id,name\n1,x\n", true).encoding == Encoding::Utf8);
  CHECK(det("id,name\n1,x\n", true).bom_length == 0);
  CHECK(det(kMixedUtf8, true).encoding == Encoding::Utf8);
  CHECK(det(kMixedUtf8, true).problem.empty());
  CHECK(det(kJapaneseCp932, true).encoding == Encoding::ShiftJis);
  CHECK(det(kJapaneseCp932, true).problem.empty());

  // A UTF-8 sequence cut at the end of a prefix that is not the whole file is not an error.
  const std::string emoji = u8"x😀";  // 78 F0 9F 98 80
  for (size_t cut = 2; cut < emoji.size(); ++cut) {
    Detection d = det(emoji.substr(0, cut), false);
    CHECK(d.encoding == Encoding::Utf8);
    CHECK(d.problem.empty());
  }
  // ...but it is at the end of the file (F0 9F 98 is not CP932 either: 98 is a cut lead byte).
  Detection d = det(emoji.substr(0, 4), true);
  CHECK(contains(d.problem, "not valid UTF-8"));
  CHECK(contains(d.problem, "byte offset 1"));
  CHECK(contains(d.problem, "0xF0 0x9F 0x98"));
  CHECK(contains(d.problem, "Shift_JIS"));
  // Same for a CP932 lead byte cut from its trail byte.
  const std::string sjis = kJapaneseCp932.substr(0, 3);  // 8C DA 8B
  CHECK(det(sjis, false).encoding == Encoding::ShiftJis);
  CHECK(det(sjis, false).problem.empty());
  CHECK_FALSE(det(sjis, true).problem.empty());
  // A prefix cut inside an invalid UTF-8 sequence that is already wrong is wrong.
  CHECK(det("ab\xE0\x80", false).encoding != Encoding::Utf8);
}

TEST_CASE("detect: neither UTF-8 nor Shift_JIS is reported", "[encoding]") {
  Detection d = kenko::detect_encoding("id,v\n1,\x80x\n", true);
  CHECK(contains(d.problem, "not valid UTF-8"));
  CHECK(contains(d.problem, "nor Shift_JIS"));
  CHECK(contains(d.problem, "0x80 at byte offset 7"));
  CHECK(d.problem.find('\n') == std::string::npos);
  // Valid as neither: lead E9 with ',' after it.
  d = kenko::detect_encoding("Jos\xE9,M", false);
  CHECK(contains(d.problem, "0xE9 0x2C at byte offset 3"));
  // 0xFD is not a Shift_JIS byte.
  CHECK_FALSE(kenko::detect_encoding("a\xFD", true).problem.empty());
}

TEST_CASE("detect: UTF-16/32 without BOM only when the NUL pattern is unmistakable", "[encoding]") {
  const std::string text = "id,name,score\r\n1,Jos\xC3\xA9,42\r\n";
  Detection d = kenko::detect_encoding(to_utf16(text, false), true);
  CHECK(d.encoding == Encoding::Utf16LE);
  CHECK(d.bom_length == 0);
  CHECK(d.problem.empty());
  d = kenko::detect_encoding(to_utf16(text, true), true);
  CHECK(d.encoding == Encoding::Utf16BE);
  CHECK(d.problem.empty());
  d = kenko::detect_encoding(to_utf32(text, false), true);
  CHECK(d.encoding == Encoding::Utf32LE);
  CHECK(d.problem.empty());
  d = kenko::detect_encoding(to_utf32(text, true), true);
  CHECK(d.encoding == Encoding::Utf32BE);
  CHECK(d.problem.empty());
  // Cut after an odd byte: fine for a prefix, a problem at the end of the file.
  std::string le = to_utf16(text, false);
  d = kenko::detect_encoding(le.substr(0, le.size() - 1), false);
  CHECK(d.encoding == Encoding::Utf16LE);
  CHECK(d.problem.empty());
  d = kenko::detect_encoding(le.substr(0, le.size() - 1), true);
  CHECK(d.encoding == Encoding::Utf16LE);
  CHECK(contains(d.problem, "without a byte-order mark"));

  // A few NULs in ordinary text do not make it UTF-16 (the CSV layer reports the NULs).
  const std::string nuls("id,name\n1,a\0b\n2,\0\0\n", 19);
  d = kenko::detect_encoding(nuls, true);
  CHECK(d.encoding == Encoding::Utf8);
  CHECK(d.problem.empty());
  d = kenko::detect_encoding(std::string(64, '\0'), true);
  CHECK(d.encoding == Encoding::Utf8);
  CHECK(d.problem.empty());
  // Japanese UTF-16 without BOM has no telling NUL pattern: not guessed.
  d = kenko::detect_encoding(to_utf16(u8"顧客名前", false), true);
  CHECK(d.encoding != Encoding::Utf16LE);
}

TEST_CASE("detect: large input", "[encoding]") {
  std::string big;
  while (big.size() < 4 * 1024 * 1024) big += "12345,some customer name,2024-01-01,99.5\n";
  std::string utf8 = big + kMixedUtf8;
  Detection d = kenko::detect_encoding(utf8, true);
  CHECK(d.encoding == Encoding::Utf8);
  CHECK(d.problem.empty());
  std::string sjis = big + kJapaneseCp932;
  d = kenko::detect_encoding(sjis, true);
  CHECK(d.encoding == Encoding::ShiftJis);
  CHECK(d.problem.empty());
  d = kenko::detect_encoding(big + "\xFF", true);
  CHECK(contains(d.problem, "byte offset " + std::to_string(big.size())));
}

TEST_CASE("decode UTF-8: valid edge cases are copied", "[encoding]") {
  std::string all;
  for (uint32_t cp :
       {0x00u, 0x7Fu, 0x80u, 0x7FFu, 0x800u, 0xFFFu, 0x1000u, 0xD7FFu, 0xE000u, 0xFEFFu, 0xFFFDu,
        0xFFFFu, 0x10000u, 0x3FFFFu, 0x40000u, 0xFFFFFu, 0x100000u, 0x10FFFFu}) {
    all += cp_utf8(cp);
  }
  Decoded r = decode_all(Encoding::Utf8, all);
  CHECK(r.ok);
  CHECK(r.text == all);
  // The decoder does not strip a BOM: it is U+FEFF like any other character.
  r = decode_all(Encoding::Utf8, "\xEF\xBB\xBFx");
  CHECK(r.ok);
  CHECK(r.text == "\xEF\xBB\xBFx");
}

TEST_CASE("decode UTF-8: invalid sequences", "[encoding]") {
  struct Case {
    std::string bytes;
    uint64_t offset;
    std::string shown;
    std::string why;
  };
  const std::vector<Case> cases = {
      {"abc\x80", 3, "0x80", "continuation byte without a lead byte"},
      {"ab\xC0\xAF", 2, "0xC0", "overlong"},
      {"ab\xC1\xBF", 2, "0xC1", "overlong"},
      {"ab\xE0\x80\xAF", 2, "0xE0 0x80", "overlong"},
      {"ab\xE0\x9F\xBF", 2, "0xE0 0x9F", "overlong"},
      {"ab\xF0\x80\x80\xAF", 2, "0xF0 0x80", "overlong"},
      {"ab\xF0\x8F\xBF\xBF", 2, "0xF0 0x8F", "overlong"},
      {"ab\xED\xA0\x80", 2, "0xED 0xA0", "surrogate"},
      {"ab\xED\xBF\xBF", 2, "0xED 0xBF", "surrogate"},
      {"ab\xF4\x90\x80\x80", 2, "0xF4 0x90", "above U+10FFFF"},
      {"ab\xF5\x80\x80\x80", 2, "0xF5", "above U+10FFFF"},
      {"ab\xFF", 2, "0xFF", "never used"},
      {"ab\xFE", 2, "0xFE", "never used"},
      {"ab\xC3(", 2, "0xC3 0x28", "not followed by a continuation byte"},
      {"ab\xE3\x81(", 2, "0xE3 0x81 0x28", "cut short"},
      {"ab\xF0\x9F\x98(", 2, "0xF0 0x9F 0x98 0x28", "cut short"},
      {"\xC3\xA9\xE9,x", 2, "0xE9 0x2C", "not followed by a continuation byte"},
  };
  for (const auto& c : cases) {
    INFO("input " << c.bytes);
    Decoded r = decode_all(Encoding::Utf8, c.bytes);
    CHECK_FALSE(r.ok);
    CHECK(r.offset == c.offset);
    CHECK(r.text == c.bytes.substr(0, c.offset));  // everything before the error
    CHECK(contains(r.error, "invalid UTF-8 at byte offset " + std::to_string(c.offset) + ": " +
                                c.shown + " ("));
    CHECK(contains(r.error, c.why));
    CHECK(r.error.find('\n') == std::string::npos);
  }
  // Cut at the very end of the input: decode() accepts, finish() reports.
  Decoder d(Encoding::Utf8);
  std::string out;
  CHECK(d.decode("ab\xE3\x81", out));
  CHECK(out == "ab");
  CHECK_FALSE(d.finish(out));
  CHECK(d.error_offset() == 2);
  CHECK(contains(d.error(), "incomplete UTF-8 character"));
  CHECK(contains(d.error(), "byte offset 2: 0xE3 0x81"));
  // The error is sticky.
  CHECK_FALSE(d.decode("x", out));
  CHECK(out == "ab");
  CHECK(d.error_offset() == 2);
}

TEST_CASE("decode UTF-16 and UTF-32", "[encoding]") {
  const std::string text = u8"a é 日本 𠮷😀 \U0010FFFF";
  for (bool be : {false, true}) {
    Decoded r = decode_all(be ? Encoding::Utf16BE : Encoding::Utf16LE, to_utf16(text, be));
    CHECK(r.ok);
    CHECK(r.text == text);
    r = decode_all(be ? Encoding::Utf32BE : Encoding::Utf32LE, to_utf32(text, be));
    CHECK(r.ok);
    CHECK(r.text == text);
  }
  // Lone surrogates.
  Decoded r = decode_all(Encoding::Utf16LE, std::string("a\0\x3D\xD8"
                                                        "b\0",
                                                        6));
  CHECK_FALSE(r.ok);
  CHECK(r.offset == 2);
  CHECK(r.text == "a");
  CHECK(contains(r.error, "invalid UTF-16LE at byte offset 2: 0x3D 0xD8 0x62 0x00"));
  CHECK(contains(r.error, "high surrogate"));
  r = decode_all(Encoding::Utf16BE, std::string("\0a\xDC\x00", 4));
  CHECK_FALSE(r.ok);
  CHECK(r.offset == 2);
  CHECK(contains(r.error, "0xDC 0x00"));
  CHECK(contains(r.error, "low surrogate"));
  r = decode_all(Encoding::Utf16BE, std::string("\0a\xD8\x3D", 4));  // high surrogate at end
  CHECK_FALSE(r.ok);
  CHECK(r.offset == 2);
  CHECK(contains(r.error, "incomplete UTF-16BE character"));
  r = decode_all(Encoding::Utf16LE, std::string("a\0b", 3));  // odd length
  CHECK_FALSE(r.ok);
  CHECK(r.offset == 2);
  CHECK(r.text == "a");
  // UTF-32: beyond U+10FFFF and surrogates.
  r = decode_all(Encoding::Utf32LE, std::string("a\0\0\0\0\0\x11\0", 8));
  CHECK_FALSE(r.ok);
  CHECK(r.offset == 4);
  CHECK(contains(r.error, "0x00 0x00 0x11 0x00"));
  CHECK(contains(r.error, "above U+10FFFF"));
  r = decode_all(Encoding::Utf32BE, std::string("\0\0\xD8\0", 4));
  CHECK_FALSE(r.ok);
  CHECK(contains(r.error, "surrogate"));
  r = decode_all(Encoding::Utf32BE, std::string("\0\0\0a\0\0", 6));
  CHECK_FALSE(r.ok);
  CHECK(r.offset == 4);
}

TEST_CASE("decode Shift_JIS: matches Python's cp932 codec", "[encoding]") {
  // (code, Python's bytes([code >> 8, code & 0xFF]).decode('cp932')) across the table: JIS
  // rows, NEC special row 13, NEC-selected IBM extensions (ED/EE), IBM extensions (FA-FC),
  // and the user-defined area F040-F9FC, which Python maps to the private use area.
  const std::vector<std::pair<uint16_t, uint32_t>> sample = {
      {0x8140, 0x3000}, {0x815F, 0xFF3C}, {0x8160, 0xFF5E}, {0x8161, 0x2225}, {0x817C, 0xFF0D},
      {0x8191, 0xFFE0}, {0x8192, 0xFFE1}, {0x81CA, 0xFFE2}, {0x81FC, 0x25EF}, {0x8740, 0x2460},
      {0x8754, 0x2160}, {0x875F, 0x3349}, {0x8790, 0x2252}, {0x879A, 0x2235}, {0x889F, 0x4E9C},
      {0x9872, 0x8155}, {0x989F, 0x5F0C}, {0x9FFC, 0x6ECC}, {0xE040, 0x6F3E}, {0xEAA4, 0x7199},
      {0xED40, 0x7E8A}, {0xEEFC, 0xFF02}, {0xEEF9, 0xFFE2}, {0xFA40, 0x2170}, {0xFA54, 0xFFE2},
      {0xFA5B, 0x2235}, {0xFBFC, 0x9AD9}, {0xFC4B, 0x9ED1}, {0xF040, 0xE000}, {0xF9FC, 0xE757},
      {0x82A0, 0x3042}, {0x8342, 0x30A3}, {0x8394, 0x30F4}, {0x83BF, 0x03B1}, {0x8440, 0x0410},
      {0x84BE, 0x2542}, {0x954C, 0x7562}, {0x955C, 0x8868}, {0xEEE0, 0x9AD9},
  };
  for (const auto& [code, cp] : sample) {
    INFO("code " << std::hex << code);
    std::string bytes{static_cast<char>(code >> 8), static_cast<char>(code & 0xFF)};
    Decoded r = decode_all(Encoding::ShiftJis, bytes);
    CHECK(r.ok);
    CHECK(r.text == cp_utf8(cp));
  }
  // Codes Python rejects.
  for (uint16_t code :
       {0x8540, 0x86FC, 0xEB40, 0xEC9F, 0xEF40, 0x81AD, 0x84BF, 0x879D, 0xEAA5, 0xFC4C}) {
    INFO("code " << std::hex << code);
    std::string bytes{'x', static_cast<char>(code >> 8), static_cast<char>(code & 0xFF)};
    Decoded r = decode_all(Encoding::ShiftJis, bytes);
    CHECK_FALSE(r.ok);
    CHECK(r.offset == 1);
    CHECK(r.text == "x");
    CHECK(contains(r.error, "unmapped double-byte code"));
  }
  // Lead byte followed by a byte that cannot be a trail byte (0x7F, controls, 0xFD-0xFF).
  for (char trail : {'\x7F', '\n', ',', '\xFD', '\x3F'}) {
    Decoded r = decode_all(Encoding::ShiftJis, std::string("ab\x88") + trail);
    CHECK_FALSE(r.ok);
    CHECK(r.offset == 2);
    CHECK(contains(r.error, "invalid Shift_JIS (CP932) at byte offset 2: 0x88 0x"));
    CHECK(contains(r.error, "not followed by a trail byte"));
  }
  // Single bytes: ASCII (0x5C stays a backslash, 0x7E a tilde), half-width katakana, invalid.
  Decoded r = decode_all(Encoding::ShiftJis, "\\~\xA1\xDF");
  CHECK(r.ok);
  CHECK(r.text == u8"\\~｡ﾟ");
  for (char bad : {'\x80', '\xA0', '\xFD', '\xFE', '\xFF'}) {
    r = decode_all(Encoding::ShiftJis, std::string("ok") + bad);
    CHECK_FALSE(r.ok);
    CHECK(r.offset == 2);
    CHECK(contains(r.error, "byte not used in Shift_JIS"));
  }
  // Lead byte at the very end.
  r = decode_all(Encoding::ShiftJis, "ab\x82");
  CHECK_FALSE(r.ok);
  CHECK(r.offset == 2);
  CHECK(contains(r.error, "incomplete Shift_JIS (CP932) character"));
  // A sentence with ①, ～, ＼, 髙 and half-width katakana, encoded by Python.
  r = decode_all(Encoding::ShiftJis,
                 "\x8C\xDA\x8Bq\x87@\x97l\x81"
                 "A\xC3\xBD\xC4\x81`\x81_\xEE\xE0\x8B\xB4\x81@\x95\x5C\x8E\xA6\x81u\xB6\xDE\x81v"
                 "\x87\x82\xB1\xB2\xB3");
  CHECK(r.ok);
  CHECK(r.text == u8"顧客①様、ﾃｽﾄ～＼髙橋　表示「ｶﾞ」№ｱｲｳ");
  r = decode_all(Encoding::ShiftJis, kJapaneseCp932);
  CHECK(r.ok);
  CHECK(r.text == kJapaneseUtf8);
}

TEST_CASE("decode: NUL bytes pass through", "[encoding]") {
  const std::string nul("a\0b", 3);
  CHECK(decode_all(Encoding::Utf8, nul).text == nul);
  CHECK(decode_all(Encoding::ShiftJis, nul).text == nul);
  CHECK(decode_all(Encoding::Utf16LE, to_utf16(nul, false)).text == nul);
  CHECK(decode_all(Encoding::Utf32BE, to_utf32(nul, true)).text == nul);
}

TEST_CASE("decode: an Auto decoder refuses", "[encoding]") {
  Decoder d(Encoding::Auto);
  std::string out;
  CHECK_FALSE(d.decode("abc", out));
  CHECK(out.empty());
  CHECK_FALSE(d.error().empty());
}

TEST_CASE("decode: chunked equals one-shot for every split point", "[encoding]") {
  struct Case {
    Encoding encoding;
    std::string bytes;
    std::string text;
  };
  const std::vector<Case> cases = {
      {Encoding::ShiftJis, kJapaneseCp932, kJapaneseUtf8},
      {Encoding::Utf8, kMixedUtf8, kMixedUtf8},
      {Encoding::Utf16LE, to_utf16(kMixedUtf8, false), kMixedUtf8},
      {Encoding::Utf16BE, to_utf16(kMixedUtf8, true), kMixedUtf8},
      {Encoding::Utf32LE, to_utf32(kMixedUtf8, false), kMixedUtf8},
      {Encoding::Utf32BE, to_utf32(kMixedUtf8, true), kMixedUtf8},
  };
  for (const auto& c : cases) {
    INFO("encoding " << kenko::encoding_name(c.encoding));
    Decoded one = decode_all(c.encoding, c.bytes);
    REQUIRE(one.ok);
    REQUIRE(one.text == c.text);
    for (size_t i = 0; i <= c.bytes.size(); ++i) {
      INFO("split at " << i);
      Decoded two = decode_split(c.encoding, c.bytes, {i});
      CHECK(two.ok);
      CHECK(two.text == c.text);
    }
    // Three pieces with the middle one short (1-3 bytes), and byte by byte.
    for (size_t i = 0; i + 3 <= c.bytes.size(); ++i) {
      for (size_t len = 1; len <= 3; ++len) {
        Decoded three = decode_split(c.encoding, c.bytes, {i, i + len});
        CHECK(three.ok);
        CHECK(three.text == c.text);
      }
    }
    std::vector<size_t> every;
    for (size_t i = 1; i < c.bytes.size(); ++i) every.push_back(i);
    Decoded bytewise = decode_split(c.encoding, c.bytes, every);
    CHECK(bytewise.ok);
    CHECK(bytewise.text == c.text);
  }
}

TEST_CASE("decode: chunked errors equal one-shot errors", "[encoding]") {
  struct Case {
    Encoding encoding;
    std::string bytes;
  };
  const std::vector<Case> cases = {
      {Encoding::Utf8, kMixedUtf8 + "\xE3\x81(" + kMixedUtf8},
      {Encoding::Utf8, kMixedUtf8 + "\xED\xA0\x80"},
      {Encoding::Utf8, kMixedUtf8 + "\xF0\x9F\x98"},  // cut at the end: finish() reports
      {Encoding::ShiftJis, kJapaneseCp932 + "\x88\x7F" + kJapaneseCp932},
      {Encoding::ShiftJis, kJapaneseCp932 + "\x88"},
      {Encoding::Utf16LE, to_utf16(kJapaneseUtf8, false) + std::string("\x3D\xD8"
                                                                       "a\0",
                                                                       4)},
      {Encoding::Utf16BE, to_utf16(kJapaneseUtf8, true) + std::string("\xD8\x3D", 2)},
      {Encoding::Utf32LE, to_utf32(kJapaneseUtf8, false) + std::string("\0\xD8\0\0", 4)},
  };
  for (const auto& c : cases) {
    INFO("encoding " << kenko::encoding_name(c.encoding));
    Decoded one = decode_all(c.encoding, c.bytes);
    REQUIRE_FALSE(one.ok);
    for (size_t i = 0; i <= c.bytes.size(); ++i) {
      INFO("split at " << i);
      Decoded two = decode_split(c.encoding, c.bytes, {i});
      CHECK_FALSE(two.ok);
      CHECK(two.offset == one.offset);
      CHECK(two.error == one.error);
      CHECK(two.text == one.text);
    }
  }
}

TEST_CASE("corpus: libvroom encoding files", "[encoding]") {
  auto detect_and_decode = [](const std::string& bytes, Detection& d, std::string& text) {
    d = kenko::detect_encoding(bytes, true);
    if (!d.problem.empty()) return false;
    Decoder dec(d.encoding);
    return dec.decode(std::string_view(bytes).substr(d.bom_length), text) && dec.finish(text);
  };
  Detection d;
  std::string text;

  REQUIRE(detect_and_decode(corpus("utf8_bom.csv"), d, text));
  CHECK(d.encoding == Encoding::Utf8);
  CHECK(d.bom_length == 3);
  CHECK(text == "name,value\nAlice,100\nBob,200\n");

  text.clear();
  REQUIRE(detect_and_decode(corpus("utf16_bom.csv"), d, text));
  CHECK(d.encoding == Encoding::Utf16LE);
  CHECK(d.bom_length == 2);
  CHECK(text == "name\n");

  // These six hold the same table.
  const std::string expected =
      u8"name,city,country\r\nJosé,Montréal,Canada\r\nPierre,Paris,France\r\n"
      u8"Ana,São Paulo,Brazil\r\n";
  struct File {
    const char* name;
    Encoding encoding;
    size_t bom;
  };
  for (const File& f : {File{"utf16_le_bom.csv", Encoding::Utf16LE, 2},
                        File{"utf16_be_bom.csv", Encoding::Utf16BE, 2},
                        File{"utf16_le_no_bom.csv", Encoding::Utf16LE, 0},
                        File{"utf16_be_no_bom.csv", Encoding::Utf16BE, 0},
                        File{"utf32_le_bom.csv", Encoding::Utf32LE, 4},
                        File{"utf32_be_bom.csv", Encoding::Utf32BE, 4}}) {
    INFO(f.name);
    text.clear();
    REQUIRE(detect_and_decode(corpus(f.name), d, text));
    CHECK(d.encoding == f.encoding);
    CHECK(d.bom_length == f.bom);
    CHECK(text == expected);
  }

  // Latin-1: "Jos\xE9," (offset 13) is neither UTF-8 nor Shift_JIS (E9 is a CP932 lead byte, ',' no
  // trail).
  d = kenko::detect_encoding(corpus("latin1.csv"), true);
  CHECK(contains(d.problem, "not valid UTF-8"));
  CHECK(contains(d.problem, "nor Shift_JIS"));
  CHECK(contains(d.problem, "0xE9 0x2C at byte offset 13"));
}
