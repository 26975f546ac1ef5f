#include "csv_reader.h"

#include <cstring>

#include "error.h"

namespace kenko {

namespace {
constexpr size_t kMaxStrayQuoteRows = 5;
}

CsvTokenizer::CsvTokenizer(char delimiter) : delimiter_(delimiter) {
  std::memset(special_, 0, sizeof special_);
  for (unsigned char c : {static_cast<unsigned char>(delimiter), static_cast<unsigned char>('\n'),
                          static_cast<unsigned char>('\r'), static_cast<unsigned char>('"'),
                          static_cast<unsigned char>('\0')}) {
    special_[c] = true;
  }
}

void CsvTokenizer::fail(size_t field_index, const std::string& what) const {
  throw Error("row " + std::to_string(row_ + 1) + ", column " + std::to_string(field_index + 1) +
              ": " + what);
}

void CsvTokenizer::note_stray_quote() {
  ++stray_quotes_;
  if (stray_quote_rows_.size() < kMaxStrayQuoteRows &&
      (stray_quote_rows_.empty() || stray_quote_rows_.back() != row_ + 1)) {
    stray_quote_rows_.push_back(row_ + 1);
  }
}

const char* CsvTokenizer::parse_record(const char* p, const char* const end, bool final) {
  nraw_ = 0;
  scratch_.clear();
  const char* const record = p;
  const char* q = p;
  for (;;) {
    const size_t index = nraw_;
    if (q < end && *q == '"') {
      // Quoted field.
      ++q;
      const char* start = q;
      bool escaped = false;
      size_t scratch_begin = scratch_.size();
      for (;;) {
        const void* hit = q < end ? std::memchr(q, '"', static_cast<size_t>(end - q)) : nullptr;
        const char* limit = hit ? static_cast<const char*>(hit) : end;
        if (std::memchr(q, '\0', static_cast<size_t>(limit - q))) {
          fail(index,
               "NUL byte inside a quoted field: this looks like binary data, not a CSV table");
        }
        if (!hit) {
          if (!final) return nullptr;
          fail(index, "the quote that opens this field is never closed");
        }
        const char* quote = limit;
        if (quote + 1 == end && !final) return nullptr;
        if (quote + 1 < end && quote[1] == '"') {
          if (!escaped) {
            escaped = true;
          }
          scratch_.append(q, static_cast<size_t>(quote + 1 - q));  // text and one quote
          q = quote + 2;
          continue;
        }
        // Closing quote.
        if (escaped) {
          scratch_.append(q, static_cast<size_t>(quote - q));
          add_field(scratch_begin, scratch_.size() - scratch_begin, true, true);
        } else {
          add_field(static_cast<size_t>(start - record), static_cast<size_t>(quote - start), false,
                    true);
        }
        q = quote + 1;
        while (q < end && (*q == ' ' || *q == '\t') && *q != delimiter_) ++q;
        if (q == end) {
          if (!final) return nullptr;
          return q;  // last record, no line end
        }
        if (*q != delimiter_ && *q != '\n' && *q != '\r') {
          fail(index,
               "unexpected text after the closing quote of a quoted field (a quote inside a "
               "quoted field must be doubled: \"\")");
        }
        break;
      }
    } else {
      // Unquoted field: up to a separator or a line end.
      const char* start = q;
      for (;;) {
        while (q < end && !special_[static_cast<unsigned char>(*q)]) ++q;
        if (q == end) {
          if (!final) return nullptr;
          break;
        }
        char c = *q;
        if (c == '"') {
          note_stray_quote();
          ++q;
          continue;
        }
        if (c == '\0') fail(index, "NUL byte: this looks like binary data, not a CSV table");
        if (c == '\r' && line_ends_ == LineEnds::Lf) {
          if (q + 1 == end && !final) return nullptr;
          if (q + 1 < end && q[1] == '\n') break;
          ++q;  // a lone CR in a file with LF line ends is text
          continue;
        }
        break;
      }
      add_field(static_cast<size_t>(start - record), static_cast<size_t>(q - start), false, false);
      if (q == end) return q;  // final: last record without line end
    }
    // q points at a separator or a line end.
    char c = *q;
    if (c == delimiter_ && c != '\n' && c != '\r') {
      ++q;
      if (q == end) {
        if (!final) return nullptr;
        add_field(static_cast<size_t>(q - record), 0, false, false);
        return q;
      }
      continue;
    }
    if (c == '\n') {
      if (line_ends_ == LineEnds::Unknown) line_ends_ = LineEnds::Lf;
      return q + 1;
    }
    // c == '\r'
    if (q + 1 == end && !final) return nullptr;
    if (q + 1 < end && q[1] == '\n') {
      if (line_ends_ == LineEnds::Unknown) line_ends_ = LineEnds::Lf;
      return q + 2;
    }
    if (line_ends_ == LineEnds::Unknown) line_ends_ = LineEnds::Cr;
    return q + 1;
  }
}

size_t CsvTokenizer::parse(const char* begin, const char* end, bool final, RecordSink& sink) {
  const char* p = begin;
  while (p < end) {
    uint64_t stray_before = stray_quotes_;
    size_t stray_rows_before = stray_quote_rows_.size();
    const char* next = parse_record(p, end, final);
    if (!next) {
      // Incomplete: undo what this attempt counted; it is parsed again with more input.
      stray_quotes_ = stray_before;
      stray_quote_rows_.resize(stray_rows_before);
      break;
    }
    views_.resize(nraw_);
    for (size_t i = 0; i < nraw_; ++i) {
      const RawField& f = raw_[i];
      const char* base = f.in_scratch ? scratch_.data() : p;
      views_[i] = FieldView{std::string_view(base + f.begin, f.size), f.quoted};
    }
    ++row_;
    text_bytes_ += static_cast<uint64_t>(next - p);
    sink.on_record(views_.data(), views_.size(), row_);
    p = next;
  }
  return static_cast<size_t>(p - begin);
}

void CsvTokenizer::feed(std::string_view text, RecordSink& sink) {
  if (text.empty()) return;
  if (carry_.empty()) {
    size_t used = parse(text.data(), text.data() + text.size(), false, sink);
    carry_.assign(text.substr(used));
    retry_at_ = carry_.size() * 2;
    return;
  }
  carry_.append(text);
  // A record longer than a chunk is re-parsed only once the carry has doubled: linear overall.
  if (carry_.size() < retry_at_) return;
  size_t used = parse(carry_.data(), carry_.data() + carry_.size(), false, sink);
  carry_.erase(0, used);
  retry_at_ = carry_.size() * 2;
}

void CsvTokenizer::finish(RecordSink& sink) {
  parse(carry_.data(), carry_.data() + carry_.size(), true, sink);
  carry_.clear();
  retry_at_ = 0;
}

namespace {

class FieldCounter : public RecordSink {
 public:
  std::vector<size_t> counts;
  void on_record(const FieldView* fields, size_t count, uint64_t) override {
    if (count == 1 && fields[0].text.empty() && !fields[0].quoted) return;  // blank line
    if (counts.size() < 10) counts.push_back(count);
  }
};

}  // namespace

char detect_delimiter(std::string_view sample, bool at_eof) {
  const char candidates[] = {',', '\t', ';', '|'};
  char best = ',';
  double best_delta = 0, best_avg = 0;
  bool have_best = false;
  for (char d : candidates) {
    CsvTokenizer tokenizer(d);
    FieldCounter counter;
    try {
      tokenizer.feed(sample, counter);
      if (at_eof) tokenizer.finish(counter);
    } catch (const Error&) {
      // Malformed under this separator; judge by the records read so far.
    }
    if (counter.counts.empty()) continue;
    double sum = 0, delta = 0;
    for (size_t i = 0; i < counter.counts.size(); ++i) {
      sum += static_cast<double>(counter.counts[i]);
      if (i > 0) {
        delta += static_cast<double>(counter.counts[i] > counter.counts[i - 1]
                                         ? counter.counts[i] - counter.counts[i - 1]
                                         : counter.counts[i - 1] - counter.counts[i]);
      }
    }
    double avg = sum / static_cast<double>(counter.counts.size());
    if (avg < 1.99) continue;
    if (!have_best || delta < best_delta || (delta == best_delta && avg > best_avg)) {
      best = d;
      best_delta = delta;
      best_avg = avg;
      have_best = true;
    }
  }
  return best;
}

}  // namespace kenko
