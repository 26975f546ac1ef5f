// Text encodings of customer tables: detection and streaming conversion to UTF-8.
// Supported: UTF-8 (with or without BOM), Shift_JIS as Windows code page 932 (what Japanese
// Excel writes), UTF-16 LE/BE (with BOM, or without one when the NUL pattern is unmistakable)
// and UTF-32 LE/BE with BOM.
#pragma once
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

namespace kenko {

enum class Encoding { Auto, Utf8, ShiftJis, Utf16LE, Utf16BE, Utf32LE, Utf32BE };

// "utf-8", "shift_jis", "utf-16le", ... (the names the command line and the page show).
const char* encoding_name(Encoding e);
// Accepts the names above and common aliases, case-insensitively: auto, utf8, utf-8, sjis,
// shift-jis, shift_jis, cp932, windows-31j, ms932, utf-16le, utf-16be, utf16le, ...
std::optional<Encoding> parse_encoding_name(std::string_view name);

struct Detection {
  Encoding encoding = Encoding::Utf8;
  size_t bom_length = 0;  // bytes of byte-order mark at the start to skip
  // Non-empty when the bytes are neither valid UTF-8 nor valid Shift_JIS (nor UTF-16/32):
  // a readable reason such as "invalid UTF-8 at byte 1234 and not Shift_JIS either".
  std::string problem;
};

// Looks at the first bytes of a file (as many as are at hand; `at_eof` says they are all of
// it, so a sequence cut at the end of `prefix` is an error only then). Order: BOM; UTF-16/32
// without BOM by NUL pattern; valid UTF-8 (pure ASCII counts as UTF-8); valid CP932.
// Details:
// - BOMs: EF BB BF, FF FE 00 00 (UTF-32LE, tested before FF FE), 00 00 FE FF, FF FE, FE FF.
//   The rest of `prefix` is then validated in that encoding; if it is invalid, `encoding`
//   and `bom_length` are still set and `problem` says what is wrong.
// - Without BOM, UTF-16 is chosen only when, over the first 64 KiB, >= 90% of the high bytes
//   are 0 and >= 90% of the low bytes are not (at least 2 code units); UTF-32 likewise
//   (every unit <= U+10FFFF-shaped and >= 90% of them in U+0001..U+00FF). Such data that
//   then fails to decode gets a `problem` rather than falling back to UTF-8.
// - NUL bytes are not an error for UTF-8 or Shift_JIS (the CSV layer rejects them).
// - When neither UTF-8 nor CP932 fits, `encoding` is Utf8 and `problem` names, for both, the
//   byte offset and the offending byte(s) in hex: "not valid UTF-8 (0xE9 0x2C at byte offset
//   13: lead byte not followed by a continuation byte) nor Shift_JIS (0xE9 0x2C at byte
//   offset 13: lead byte not followed by a trail byte)".
// Linear in prefix.size(); the ASCII parts are checked 8 bytes at a time.
Detection detect_encoding(std::string_view prefix, bool at_eof);

// Converts a byte stream in one encoding to UTF-8, chunk by chunk: a character cut between two
// chunks is completed with the next one. Never throws; on invalid input it stops and reports.
// - It does not strip a byte-order mark: the caller skips Detection::bom_length bytes (a BOM
//   fed to it decodes as U+FEFF). Error offsets count from the first byte fed to it, so a
//   caller that skipped the BOM adds bom_length to get the file offset.
// - UTF-8 is validated (no overlong forms, encoded surrogates or code points > U+10FFFF) and
//   copied. UTF-16 surrogate pairs are combined; lone surrogates are errors. UTF-32 units
//   above U+10FFFF or in the surrogate range are errors. CP932 follows Python's 'cp932' codec
//   for every double-byte code (user-defined area F040-F9FC -> U+E000-U+E757 included);
//   0xA1-0xDF are half-width katakana U+FF61-U+FF9F; single bytes 0x80, 0xA0 and 0xFD-0xFF are
//   invalid. NUL bytes / U+0000 pass through unchanged.
// - After an error, decode() and finish() keep returning false and error() keeps the first
//   error. A Decoder built with Encoding::Auto is in the error state from the start.
// - Messages are one English line naming the byte offset and the bytes in hex, e.g.
//   "invalid UTF-8 at byte offset 15: 0xE9 0x2C (lead byte not followed by a continuation
//   byte)".
class Decoder {
 public:
  explicit Decoder(Encoding encoding);  // any but Auto
  Encoding encoding() const { return encoding_; }

  // Appends the UTF-8 for the complete characters of `in` to `out`. Returns false at the
  // first invalid byte sequence: `out` then holds everything before it, and error() says what
  // and at which byte offset of the whole stream (counting from 0, BOM included if fed).
  bool decode(std::string_view in, std::string& out);
  // The same, checking `in` without writing it out: for UTF-8, whose text is read where it
  // lies (a character cut at the end of `in` is completed by the next call).
  bool check(std::string_view in);
  // End of input: false if a character was left incomplete.
  bool finish(std::string& out);

  const std::string& error() const { return error_; }
  uint64_t error_offset() const { return error_offset_; }

 private:
  bool decode_to(std::string_view in, std::string* out);  // out: null to check only

  Encoding encoding_;
  std::string pending_;    // bytes of an incomplete character carried to the next chunk
  uint64_t consumed_ = 0;  // bytes fed so far (for error offsets)
  std::string error_;
  uint64_t error_offset_ = 0;
};

}  // namespace kenko
