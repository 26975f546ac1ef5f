// RFC 4180 tokenizer over UTF-8 text, fed in chunks of any size. Records are handed to a sink
// as field views that live until the sink returns.
//
// Dialect (spec, "The customer table", plus what the spec leaves to us):
// - a field that starts with `"` is quoted: `""` inside is one quote; it may hold separators
//   and line breaks; spaces or tabs may follow the closing quote; anything else after it is
//   an error; a quote that is never closed is an error.
// - a `"` inside an unquoted field is kept as text and counted as a stray quote.
// - line ends: `\n` and `\r\n`; when the first line end of the file is a lone `\r`, lone `\r`
//   ends lines too (old Mac files); otherwise a lone `\r` is text.
// - the line end after the last record is optional; an empty line is a record of one empty
//   field (the table reader skips it); a NUL byte is an error (binary data).
// Rows are numbered from 1 (the header) and count every record, blank lines included.
#pragma once
#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

namespace kenko {

struct FieldView {
  std::string_view text;
  bool quoted;
};

class RecordSink {
 public:
  virtual ~RecordSink() = default;
  virtual void on_record(const FieldView* fields, size_t count, uint64_t row) = 0;
};

class CsvTokenizer {
 public:
  explicit CsvTokenizer(char delimiter);

  // Throws kenko::Error naming the row and column on malformed quoting or a NUL byte.
  void feed(std::string_view text, RecordSink& sink);
  void finish(RecordSink& sink);

  char delimiter() const { return delimiter_; }
  uint64_t rows() const { return row_; }               // records completed so far
  uint64_t text_bytes() const { return text_bytes_; }  // bytes of text in those records
  uint64_t stray_quotes() const { return stray_quotes_; }
  const std::vector<uint64_t>& stray_quote_rows() const { return stray_quote_rows_; }  // first few

 private:
  enum class LineEnds { Unknown, Lf, Cr };
  struct RawField {
    size_t begin;  // offset into the record's buffer, or into scratch_
    size_t size;
    bool in_scratch;
    bool quoted;
  };
  // Parses records from [begin, end); returns the bytes consumed (complete records only).
  size_t parse(const char* begin, const char* end, bool final, RecordSink& sink);
  // Parses one record at p; returns nullptr when it is incomplete and more input may come.
  const char* parse_record(const char* p, const char* end, bool final);
  [[noreturn]] void fail(size_t field_index, const std::string& what) const;
  void note_stray_quote();

  char delimiter_;
  bool special_[256];
  LineEnds line_ends_ = LineEnds::Unknown;
  uint64_t row_ = 0;
  uint64_t text_bytes_ = 0;
  std::string carry_;    // an incomplete record carried to the next chunk
  size_t retry_at_ = 0;  // carry_ size before which re-parsing it is pointless
  // Fields of the record being parsed: raw_[0, nraw_). Written member by member (a struct
  // pushed whole stalls on store forwarding in this hot loop).
  void add_field(size_t begin, size_t size, bool in_scratch, bool quoted) {
    if (nraw_ == raw_.size()) raw_.resize(raw_.size() * 2 + 16);
    RawField& f = raw_[nraw_++];
    f.begin = begin;
    f.size = size;
    f.in_scratch = in_scratch;
    f.quoted = quoted;
  }
  std::vector<RawField> raw_;
  size_t nraw_ = 0;
  std::vector<FieldView> views_;
  std::string scratch_;  // unescaped quoted fields
  uint64_t stray_quotes_ = 0;
  std::vector<uint64_t> stray_quote_rows_;
};

// Guesses the separator from the first records of a file: among `,` tab `;` `|`, the one that
// splits those records into the most consistent field counts (at least two fields on average),
// preferring the most fields, then that order; `,` when none does.
char detect_delimiter(std::string_view sample, bool at_eof);

}  // namespace kenko
