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
#include <algorithm>
#include <cstdint>
#include <functional>
#include <string>
#include <string_view>
#include <vector>

#include "base/text.h"

namespace kenko {

// A record holds at most this many fields (columns): Excel's sheets hold 16,384. A wider record
// is an error as soon as its field kMaxColumns + 1 is found (before anything is kept per column),
// so that a header of millions of separators cannot take memory many times its size.
constexpr size_t kMaxColumns = 65536;

struct FieldView {
  std::string_view text;
  bool quoted;
};

// A blank line: nothing between two line ends (one unquoted empty field). Skipped wherever a
// table is read; a line of only spaces or tabs is a record (RFC 4180), except before the
// header, where it could only be an unnamed header and is skipped too (blank_before_header).
inline bool is_blank_line(const FieldView* fields, size_t count) {
  return count == 1 && !fields[0].quoted && fields[0].text.empty();
}
inline bool blank_before_header(const FieldView* fields, size_t count) {
  return count == 1 && !fields[0].quoted && trim(fields[0].text).empty();
}

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
  // Hands over every complete record still carried (one may wait for more input before it is
  // parsed again): before an error is reported for the text that follows.
  void flush(RecordSink& sink);
  void finish(RecordSink& sink);

  // ---- Parallel parsing --------------------------------------------------------------------
  // A bulk parser takes over text that starts at a record boundary (what follows a carried
  // record, or a whole chunk): it parses the complete records of [begin, end) its own way (on
  // threads, each with a piece() tokenizer), hands them on in order, counts them here with
  // absorb() (or parses them here with parse_here()), and returns the bytes it consumed; what
  // follows is carried as usual.
  using BulkParser = std::function<size_t(CsvTokenizer& main, const char* begin, const char* end)>;
  void set_bulk_parser(BulkParser parser) { bulk_ = std::move(parser); }
  // A tokenizer in this one's dialect (separator, line ends) for a piece of text that starts at
  // a record boundary, its rows counted from 0 within the piece.
  CsvTokenizer piece() const;
  // Parses the complete records of [begin, end) that start before `limit`; returns where the
  // last one ends (begin when none).
  const char* parse_piece(const char* begin, const char* limit, const char* end, RecordSink& sink) {
    return begin + parse(begin, end, false, sink, limit);
  }
  // Parses the complete records of [begin, end) here; returns the bytes consumed.
  size_t parse_here(const char* begin, const char* end, RecordSink& sink) {
    return parse(begin, end, false, sink);
  }
  // Counts a piece's records (parsed elsewhere, handed on) as this tokenizer's next ones.
  void absorb(const CsvTokenizer& piece);

  // Whether lone CRs end records (the file's first line end was one).
  bool lone_cr_line_ends() const { return line_ends_ == LineEnds::Cr; }

  // The column (from 1) at the end of the incomplete record carried (after flush(): the text
  // given that no line end has closed yet): 1 + its separators outside quotes. For an error in
  // what follows (an invalid byte) to name its row and column.
  size_t carried_column() const;

  char delimiter() const { return delimiter_; }
  uint64_t rows() const { return row_; }               // records completed so far
  uint64_t text_bytes() const { return text_bytes_; }  // bytes of text in those records
  uint64_t stray_quotes() const { return stray_quotes_; }
  const std::vector<uint64_t>& stray_quote_rows() const { return stray_quote_rows_; }  // first few

 private:
  enum class LineEnds { Unknown, Lf, Cr };
  // Parses records from [begin, end) that start before `limit` (default: end); returns the bytes
  // consumed (complete records only).
  size_t parse(const char* begin, const char* end, bool final, RecordSink& sink,
               const char* limit = nullptr);
  // Parses one record at p; returns nullptr when it is incomplete and more input may come.
  const char* parse_record(const char* p, const char* end, bool final);
  // The common record, parsed with fewer tests: fields unquoted or quoted without doubled
  // quotes, no stray quote, CR, NUL or other control byte outside quotes, ended by LF. Returns
  // nullptr for any other record (parse_record then reads it from the start again).
  const char* parse_plain_record(const char* p, const char* end);
  // The first byte at or after q that may end an unquoted field (separator, quote, CR, LF, NUL,
  // or another control byte below CR, which the caller steps over), or end.
  const char* next_special(const char* q, const char* end);
  [[noreturn]] void fail(size_t field_index, const char* code) const;  // a csv.* message
  [[noreturn]] void fail_too_wide() const;
  void note_stray_quote();

  BulkParser bulk_;
  char delimiter_;
  bool plain_records_;  // parse_plain_record may be tried (a separator that is no special byte)
  LineEnds line_ends_ = LineEnds::Unknown;
  uint64_t row_ = 0;
  uint64_t text_bytes_ = 0;
  std::string carry_;    // an incomplete record carried to the next chunk
  size_t retry_at_ = 0;  // carry_ size before which re-parsing it is pointless
  // The structural scan of the text parse() is given: a bit per byte of one 64-byte block
  // (counted from scan_begin_) that may be special, so that fields are found by counting
  // zero bits instead of testing byte after byte (a mispredicted branch at every field end).
  const char* scan_begin_ = nullptr;
  const char* block_ = nullptr;  // the block block_bits_ describes; nullptr: none yet
  uint64_t block_bits_ = 0;
  // Fields of the record being parsed: fields_[0, nfields_), views into the text parse() is
  // given, or, for quoted fields with doubled quotes, into scratch_ (scratch_fields_ lists
  // those: their views are set once the record is complete, as scratch_ may move). Written
  // member by member (a struct stored whole stalls on store forwarding in this hot loop).
  void add_field(const char* begin, size_t size, bool quoted) {
    if (nfields_ == fields_.size()) {
      if (nfields_ >= kMaxColumns) fail_too_wide();
      fields_.resize(std::min(fields_.size() * 2 + 16, kMaxColumns));
    }
    FieldView& f = fields_[nfields_++];
    f.text = std::string_view(begin, size);
    f.quoted = quoted;
  }
  struct ScratchField {
    size_t index;  // in fields_
    size_t begin;  // in scratch_
    size_t size;
  };
  std::vector<FieldView> fields_;
  size_t nfields_ = 0;
  std::vector<ScratchField> scratch_fields_;
  std::string scratch_;  // unescaped quoted fields
  uint64_t stray_quotes_ = 0;
  std::vector<uint64_t> stray_quote_rows_;
};

// Guesses the separator from the first records of a file: among `,` tab `;` `|`, the one that
// splits those records into the most consistent field counts (at least two fields on average),
// preferring the most fields, then that order; `,` when none does.
char detect_delimiter(std::string_view sample, bool at_eof);

}  // namespace kenko
