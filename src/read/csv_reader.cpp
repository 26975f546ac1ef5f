#include "read/csv_reader.h"

#include <algorithm>
#include <cstring>

#if defined(__SSE2__)
#include <emmintrin.h>
#elif defined(__wasm_simd128__)
#include <wasm_simd128.h>
#endif

#include "base/error.h"

namespace kenko {

namespace {
constexpr size_t kMaxStrayQuoteRows = 5;
// Bytes of a new chunk appended at least to a carried incomplete record (many records' worth).
constexpr size_t kCarryPiece = 4096;
}  // namespace

CsvTokenizer::CsvTokenizer(char delimiter)
    : delimiter_(delimiter),
      plain_records_(delimiter != '"' && delimiter != '\n' && delimiter != '\r' &&
                     delimiter != '\0') {}

void CsvTokenizer::fail(size_t field_index, const char* code) const {
  throw Error(code,
              {{"row", std::to_string(row_ + 1)}, {"column", std::to_string(field_index + 1)}});
}

void CsvTokenizer::fail_too_wide() const {
  throw Error("csv.too_many_columns",
              {{"row", std::to_string(row_ + 1)}, {"max", std::to_string(kMaxColumns)}});
}

size_t CsvTokenizer::carried_column() const {
  size_t column = 1;
  bool quoted = false;
  for (char c : carry_) {
    if (c == '"') quoted = !quoted;  // "" inside quotes toggles twice
    if (c == delimiter_ && !quoted) ++column;
  }
  return column;
}

void CsvTokenizer::note_stray_quote() {
  ++stray_quotes_;
  if (stray_quote_rows_.size() < kMaxStrayQuoteRows &&
      (stray_quote_rows_.empty() || stray_quote_rows_.back() != row_ + 1)) {
    stray_quote_rows_.push_back(row_ + 1);
  }
}

namespace {

// Bit i of the result is set when byte i of the 64 at p may be special for the tokenizer: the
// separator, a quote, or a byte <= CR (LF, CR and NUL among them; the caller steps over the
// other control bytes, which are rare). 16 bytes at a time with SSE2 or WebAssembly SIMD,
// else 8 at a time in plain 64-bit arithmetic (SWAR).
#if defined(__SSE2__)
uint64_t special_bits64(const char* p, char delimiter) {
  const __m128i sep = _mm_set1_epi8(delimiter), quote = _mm_set1_epi8('"');
  const __m128i cr = _mm_set1_epi8('\r');
  uint64_t bits = 0;
  for (int i = 0; i < 4; ++i) {
    const __m128i v = _mm_loadu_si128(reinterpret_cast<const __m128i*>(p + 16 * i));
    const __m128i low = _mm_cmpeq_epi8(_mm_min_epu8(v, cr), v);  // v <= CR, unsigned
    const __m128i hit =
        _mm_or_si128(_mm_or_si128(_mm_cmpeq_epi8(v, sep), _mm_cmpeq_epi8(v, quote)), low);
    bits |= static_cast<uint64_t>(static_cast<uint32_t>(_mm_movemask_epi8(hit))) << (16 * i);
  }
  return bits;
}
#elif defined(__wasm_simd128__)
uint64_t special_bits64(const char* p, char delimiter) {
  const v128_t sep = wasm_i8x16_splat(delimiter), quote = wasm_i8x16_splat('"');
  const v128_t cr = wasm_i8x16_splat('\r');
  uint64_t bits = 0;
  for (int i = 0; i < 4; ++i) {
    const v128_t v = wasm_v128_load(p + 16 * i);
    const v128_t hit = wasm_v128_or(wasm_v128_or(wasm_i8x16_eq(v, sep), wasm_i8x16_eq(v, quote)),
                                    wasm_u8x16_le(v, cr));
    bits |= static_cast<uint64_t>(wasm_i8x16_bitmask(hit)) << (16 * i);
  }
  return bits;
}
#else
constexpr uint64_t kOnes = 0x0101010101010101ULL;
constexpr uint64_t kLow7 = 0x7F7F7F7F7F7F7F7FULL;
constexpr uint64_t kHigh = 0x8080808080808080ULL;

// The high bit of each byte of x that is zero (exact: no carry crosses bytes).
uint64_t zero_bytes(uint64_t x) {
  return ~(((x & kLow7) + kLow7) | x | kLow7);
}

uint64_t special_bits64(const char* p, char delimiter) {
  const uint64_t sep = kOnes * static_cast<unsigned char>(delimiter), quote = kOnes * '"';
  uint64_t bits = 0;
  for (int i = 0; i < 8; ++i) {
    uint64_t x;
    std::memcpy(&x, p + 8 * i, 8);
#if defined(__BYTE_ORDER__) && __BYTE_ORDER__ == __ORDER_BIG_ENDIAN__
    x = __builtin_bswap64(x);  // byte 0 of the text in the low bits
#endif
    // Bytes < 0x0E: adding 0x72 to the low 7 bits sets the high bit from 0x0E up.
    const uint64_t low = ~(((x & kLow7) + kOnes * (0x80 - 0x0E)) | x) & kHigh;
    const uint64_t hit = zero_bytes(x ^ sep) | zero_bytes(x ^ quote) | low;
    // Gather the 8 high bits into one byte: each lands on its own bit, no carries.
    bits |= (((hit >> 7) * 0x0102040810204080ULL) >> 56) << (8 * i);
  }
  return bits;
}
#endif

// The same for the `size` bytes at p (fewer than 64 at the end of the text): the rest of the
// block counts as plain text.
uint64_t special_bits(const char* p, size_t size, char delimiter) {
  if (size >= 64) return special_bits64(p, delimiter);
  char block[64];
  std::memset(block, 'a', sizeof block);
  if (size) std::memcpy(block, p, size);
  return special_bits64(block, delimiter);
}

int lowest_bit(uint64_t bits) {
  return __builtin_ctzll(bits);
}

}  // namespace

#if defined(__GNUC__)
#define KENKO_ALWAYS_INLINE inline __attribute__((always_inline))
#else
#define KENKO_ALWAYS_INLINE inline
#endif

// Inlined: it runs once per field.
KENKO_ALWAYS_INLINE const char* CsvTokenizer::next_special(const char* q, const char* const end) {
  for (;;) {
    // Blocks start every 64 bytes from scan_begin_; a q before block_ wraps to a large offset.
    size_t offset = static_cast<size_t>(q - block_);
    if (offset >= 64) {
      if (q >= end) return end;
      block_ = scan_begin_ + ((static_cast<size_t>(q - scan_begin_)) & ~size_t{63});
      block_bits_ = special_bits(block_, static_cast<size_t>(end - block_), delimiter_);
      offset = static_cast<size_t>(q - block_);
    }
    const uint64_t bits = block_bits_ >> offset;
    if (bits) return q + lowest_bit(bits);
    q = block_ + 64;
    if (q >= end) return end;
  }
}

const char* CsvTokenizer::parse_plain_record(const char* p, const char* const end) {
  nfields_ = 0;
  for (const char* q = p;;) {
    const char* start = q;
    const bool quoted = q < end && *q == '"';
    size_t size;
    if (quoted) {
      // Only the simple quoted field: no doubled quote, no NUL, the closing quote right before
      // a separator or a line end.
      ++start;
      for (q = start;; ++q) {
        q = next_special(q, end);
        if (q == end || *q == '\0') return nullptr;
        if (*q == '"') break;
      }
      size = static_cast<size_t>(q - start);
      if (++q == end || *q == '"') return nullptr;
    } else {
      q = next_special(q, end);
      if (q == end) return nullptr;
      size = static_cast<size_t>(q - start);
    }
    add_field(start, size, quoted);
    const char c = *q;
    if (c == delimiter_) {
      ++q;
      continue;
    }
    if (c != '\n') return nullptr;  // a stray quote, CR, NUL, control byte: the general parser
    if (line_ends_ == LineEnds::Unknown) line_ends_ = LineEnds::Lf;
    return q + 1;
  }
}

const char* CsvTokenizer::parse_record(const char* p, const char* const end, bool final) {
  nfields_ = 0;
  scratch_.clear();
  scratch_fields_.clear();
  const char* q = p;
  for (;;) {
    const size_t index = nfields_;
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
          fail(index, "csv.nul_in_quoted");
        }
        if (!hit) {
          if (!final) return nullptr;
          fail(index, "csv.unclosed_quote");
        }
        const char* quote = limit;
        if (quote + 1 == end && !final) return nullptr;
        if (quote + 1 < end && quote[1] == '"') {
          escaped = true;
          scratch_.append(q, static_cast<size_t>(quote + 1 - q));  // text and one quote
          q = quote + 2;
          continue;
        }
        // Closing quote.
        if (escaped) {
          scratch_.append(q, static_cast<size_t>(quote - q));
          scratch_fields_.push_back({nfields_, scratch_begin, scratch_.size() - scratch_begin});
          add_field(nullptr, 0, true);  // its view is set when the record is complete
        } else {
          add_field(start, static_cast<size_t>(quote - start), true);
        }
        q = quote + 1;
        while (q < end && (*q == ' ' || *q == '\t') && *q != delimiter_) ++q;
        if (q == end) {
          if (!final) return nullptr;
          return q;  // last record, no line end
        }
        if (*q != delimiter_ && *q != '\n' && *q != '\r') {
          fail(index, "csv.text_after_quote");
        }
        break;
      }
    } else {
      // Unquoted field: up to a separator or a line end.
      const char* start = q;
      for (;;) {
        q = next_special(q, end);
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
        if (c == '\0') fail(index, "csv.nul");
        if (c == '\r' && line_ends_ == LineEnds::Lf) {
          if (q + 1 == end && !final) return nullptr;
          if (q + 1 < end && q[1] == '\n') break;
          ++q;  // a lone CR in a file with LF line ends is text
          continue;
        }
        if (c != delimiter_ && c != '\n' && c != '\r') {
          ++q;  // another control byte: text
          continue;
        }
        break;
      }
      add_field(start, static_cast<size_t>(q - start), false);
      if (q == end) return q;  // final: last record without line end
    }
    // q points at a separator or a line end.
    char c = *q;
    if (c == delimiter_ && c != '\n' && c != '\r') {
      ++q;
      if (q == end) {
        if (!final) return nullptr;
        add_field(q, 0, false);
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

size_t CsvTokenizer::parse(const char* begin, const char* end, bool final, RecordSink& sink,
                           const char* limit) {
  if (!limit) limit = end;
  scan_begin_ = begin;
  block_ = begin;
  block_bits_ = special_bits(begin, static_cast<size_t>(end - begin), delimiter_);
  const char* p = begin;
  while (p < limit) {
    uint64_t stray_before = stray_quotes_;
    size_t stray_rows_before = stray_quote_rows_.size();
    const char* next = plain_records_ ? parse_plain_record(p, end) : nullptr;
    if (!next) next = parse_record(p, end, final);
    if (!next) {
      // Incomplete: undo what this attempt counted; it is parsed again with more input.
      stray_quotes_ = stray_before;
      stray_quote_rows_.resize(stray_rows_before);
      break;
    }
    for (const ScratchField& f : scratch_fields_) {
      fields_[f.index].text = std::string_view(scratch_.data() + f.begin, f.size);
    }
    scratch_fields_.clear();  // parse_plain_record does not clear it
    ++row_;
    text_bytes_ += static_cast<uint64_t>(next - p);
    sink.on_record(fields_.data(), nfields_, row_);
    p = next;
  }
  return static_cast<size_t>(p - begin);
}

void CsvTokenizer::feed(std::string_view text, RecordSink& sink) {
  size_t pos = 0;  // bytes of `text` parsed or moved into carry_
  while (!carry_.empty() && pos < text.size()) {
    // An incomplete record waits in carry_: complete it with a piece of `text` at least as long
    // as the carry, rather than appending the whole chunk (a copy of every byte of the file).
    const size_t carried = carry_.size();
    const size_t take = std::min(text.size() - pos, std::max(carried, kCarryPiece));
    carry_.append(text.data() + pos, take);
    pos += take;
    // A record longer than a chunk is re-parsed only once the carry has doubled: linear overall.
    if (carry_.size() < retry_at_) continue;
    const size_t used = parse(carry_.data(), carry_.data() + carry_.size(), false, sink);
    if (used >= carried) {
      // The carried record is complete: what follows it is parsed where it lies in `text`.
      pos -= carry_.size() - used;
      carry_.clear();
      break;
    }
    carry_.erase(0, used);
    retry_at_ = carry_.size() * 2;
  }
  if (!carry_.empty() || pos == text.size()) return;
  const size_t used = bulk_ ? bulk_(*this, text.data() + pos, text.data() + text.size())
                            : parse(text.data() + pos, text.data() + text.size(), false, sink);
  carry_.assign(text.substr(pos + used));
  retry_at_ = carry_.size() * 2;
}

CsvTokenizer CsvTokenizer::piece() const {
  CsvTokenizer t(delimiter_);
  t.line_ends_ = line_ends_;
  return t;
}

void CsvTokenizer::absorb(const CsvTokenizer& piece) {
  for (uint64_t r : piece.stray_quote_rows_) {
    if (stray_quote_rows_.size() < kMaxStrayQuoteRows) stray_quote_rows_.push_back(row_ + r);
  }
  stray_quotes_ += piece.stray_quotes_;
  row_ += piece.row_;
  text_bytes_ += piece.text_bytes_;
  if (line_ends_ == LineEnds::Unknown) line_ends_ = piece.line_ends_;
}

void CsvTokenizer::flush(RecordSink& sink) {
  if (carry_.empty()) return;
  const size_t used = parse(carry_.data(), carry_.data() + carry_.size(), false, sink);
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
