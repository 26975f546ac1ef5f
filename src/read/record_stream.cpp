#include "read/record_stream.h"

#include "base/error.h"

namespace kenko {

namespace {
// Bytes looked at before the encoding and separator are decided.
constexpr size_t kDetectBytes = 1 << 20;
constexpr std::string_view kUtf8Bom = "\xEF\xBB\xBF";
}  // namespace

RecordStream::RecordStream(TableOptions options, RecordSink& sink)
    : options_(options), sink_(sink) {}

void RecordStream::start(bool at_eof) {
  // Detected from the first MiB only, whatever the size of the chunks given.
  Detection d = detect_encoding(std::string_view(pending_).substr(0, kDetectBytes),
                                at_eof && pending_.size() <= kDetectBytes);
  if (options_.encoding == Encoding::Auto) {
    // The bytes are decoded as the detected encoding all the same, up to the invalid one, so
    // that the error names its row and column (check_decode).
    detect_problem_ = d.problem;
  } else {
    if (d.encoding != options_.encoding) d.bom_length = 0;
    d.encoding = options_.encoding;
  }
  encoding_ = d.encoding;
  decoder_ = std::make_unique<Decoder>(d.encoding);
  std::string_view bytes(pending_);
  bytes.remove_prefix(std::min(d.bom_length, bytes.size()));
  // UTF-8 is checked and tokenized where it lies; other encodings are decoded into decoded_.
  const bool in_place = d.encoding == Encoding::Utf8;
  const uint64_t before = decoded_in_;
  decoded_.clear();
  bool ok = in_place ? decoder_->check(bytes) : decoder_->decode(bytes, decoded_);
  decoded_in_ += bytes.size();
  decoded_out_ += in_place ? bytes.size() : decoded_.size();
  if (ok && at_eof) ok = decoder_->finish(decoded_);
  std::string_view text = in_place ? bytes : std::string_view(decoded_);
  if (!ok && in_place) text = valid_prefix(bytes, before);
  // A byte-order mark may remain when the encoding was given, or after UTF-16 decoding.
  if (text.substr(0, 3) == kUtf8Bom) text.remove_prefix(3);
  char delimiter = options_.delimiter ? options_.delimiter : detect_delimiter(text, at_eof || !ok);
  tokenizer_ = std::make_unique<CsvTokenizer>(delimiter);
  tokenizer_->set_bulk_parser(bulk_);
  if (!ok) {
    decoded_.assign(text);
    check_decode(false);
  }
  if (!detect_problem_.empty()) {  // (the decoder found nothing: cannot happen, but never go on)
    throw Error("table.not_text", {{"detail", detect_problem_}});
  }
  tokenizer_->feed(text, sink_);
  pending_.clear();
  pending_.shrink_to_fit();
}

void RecordStream::check_decode(bool ok) {
  if (ok) return;
  // Tokenize what decoded fine first, so that the message can name the row.
  try {
    tokenizer_->feed(decoded_, sink_);
    tokenizer_->flush(sink_);
  } catch (const Error&) {
  }
  const std::string row = std::to_string(tokenizer_->rows() + 1);
  const std::string column = std::to_string(tokenizer_->carried_column());
  if (!detect_problem_.empty()) {
    throw Error("table.not_text", {{"row", row}, {"column", column}, {"detail", detect_problem_}});
  }
  throw Error("table.bad_encoding", {{"row", row},
                                     {"column", column},
                                     {"encoding", encoding_name(decoder_->encoding())},
                                     {"detail", decoder_->error()}});
}

void RecordStream::feed(std::string_view bytes) {
  bytes_ += bytes.size();
  if (!decoder_) {
    pending_.append(bytes);
    if (pending_.size() >= kDetectBytes) start(false);
    return;
  }
  if (decoder_->encoding() == Encoding::Utf8) {
    feed_in_place(bytes);
    return;
  }
  decoded_.clear();
  bool ok = decoder_->decode(bytes, decoded_);
  decoded_in_ += bytes.size();
  decoded_out_ += decoded_.size();
  check_decode(ok);
  tokenizer_->feed(decoded_, sink_);
}

std::string_view RecordStream::valid_prefix(std::string_view bytes, uint64_t before) const {
  const uint64_t at = decoder_->error_offset();  // counted over all bytes given to the decoder
  return bytes.substr(
      0, at > before ? static_cast<size_t>(std::min<uint64_t>(at - before, bytes.size())) : 0);
}

void RecordStream::feed_in_place(std::string_view bytes) {
  const uint64_t before = decoded_in_;
  const bool ok = decoder_->check(bytes);
  decoded_in_ += bytes.size();
  decoded_out_ += bytes.size();
  if (!ok) {
    decoded_.assign(valid_prefix(bytes, before));  // check_decode tokenizes it to name the row
    check_decode(false);
  }
  // A character cut at the end stays in the tokenizer's incomplete record (a record ends with
  // a line end) until the next chunk completes it.
  tokenizer_->feed(bytes, sink_);
}

double RecordStream::file_bytes_per_record() const {
  if (!tokenizer_ || tokenizer_->rows() == 0 || decoded_out_ == 0) return 0;
  double text_per_record =
      static_cast<double>(tokenizer_->text_bytes()) / static_cast<double>(tokenizer_->rows());
  return text_per_record * static_cast<double>(decoded_in_) / static_cast<double>(decoded_out_);
}

void RecordStream::finish() {
  if (!decoder_) {
    start(true);
  } else {
    decoded_.clear();
    check_decode(decoder_->finish(decoded_));
    tokenizer_->feed(decoded_, sink_);
  }
  tokenizer_->finish(sink_);
}

}  // namespace kenko
