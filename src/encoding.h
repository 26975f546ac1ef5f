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
Detection detect_encoding(std::string_view prefix, bool at_eof);

// Converts a byte stream in one encoding to UTF-8, chunk by chunk: a character cut between two
// chunks is completed with the next one. Never throws; on invalid input it stops and reports.
class Decoder {
 public:
  explicit Decoder(Encoding encoding);  // any but Auto
  Encoding encoding() const { return encoding_; }

  // Appends the UTF-8 for the complete characters of `in` to `out`. Returns false at the
  // first invalid byte sequence: `out` then holds everything before it, and error() says what
  // and at which byte offset of the whole stream (counting from 0, BOM included if fed).
  bool decode(std::string_view in, std::string& out);
  // End of input: false if a character was left incomplete.
  bool finish(std::string& out);

  const std::string& error() const { return error_; }
  uint64_t error_offset() const { return error_offset_; }

 private:
  Encoding encoding_;
  std::string pending_;     // bytes of an incomplete character carried to the next chunk
  uint64_t consumed_ = 0;   // bytes fed so far (for error offsets)
  std::string error_;
  uint64_t error_offset_ = 0;
};

}  // namespace kenko
