// Bytes of a table file → records: detects the encoding (or takes the one given), converts to
// UTF-8, skips a byte-order mark, detects the separator, and tokenizes, chunk by chunk.
#pragma once
#include <cstdint>
#include <memory>
#include <string>
#include <string_view>

#include "read/csv_reader.h"
#include "read/encoding.h"

namespace kenko {

struct TableOptions {
  Encoding encoding = Encoding::Auto;
  char delimiter = 0;           // 0: detect
  uint64_t expected_bytes = 0;  // the file's size when known: columns are sized once from it
};

class RecordStream {
 public:
  RecordStream(TableOptions options, RecordSink& sink);
  // Throws kenko::Error naming the row (and column) at fault.
  void feed(std::string_view bytes);
  void finish();

  Encoding encoding() const { return encoding_; }
  char delimiter() const { return tokenizer_ ? tokenizer_->delimiter() : options_.delimiter; }
  uint64_t bytes() const { return bytes_; }
  uint64_t rows() const { return tokenizer_ ? tokenizer_->rows() : 0; }
  const CsvTokenizer* tokenizer() const { return tokenizer_.get(); }
  // Records that start at a record boundary are parsed by `parser` (CsvTokenizer::BulkParser):
  // the table reader's threads.
  void set_bulk_parser(CsvTokenizer::BulkParser parser) { bulk_ = std::move(parser); }
  // Bytes of the file per record so far (0 before the first record): for sizing columns.
  double file_bytes_per_record() const;

 private:
  void start(bool at_eof);
  void check_decode(bool ok);
  // UTF-8 after the first chunk: checked, then tokenized where it lies (no copy).
  void feed_in_place(std::string_view bytes);
  // After a failed check of `bytes` (the decoder had been given `before` bytes): the part of
  // `bytes` before the invalid sequence.
  std::string_view valid_prefix(std::string_view bytes, uint64_t before) const;

  TableOptions options_;
  RecordSink& sink_;
  Encoding encoding_ = Encoding::Utf8;
  uint64_t bytes_ = 0;
  uint64_t decoded_in_ = 0, decoded_out_ = 0;  // bytes given to and made by the decoder
  std::string detect_problem_;                 // why auto-detection found no encoding
  std::string pending_;                        // raw bytes before detection
  std::string decoded_;                        // reusable decode buffer (not for UTF-8)
  std::unique_ptr<Decoder> decoder_;
  std::unique_ptr<CsvTokenizer> tokenizer_;
  CsvTokenizer::BulkParser bulk_;
};

}  // namespace kenko
