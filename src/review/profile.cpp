#include "review/profile.h"

#include <algorithm>
#include <cmath>
#include <cstring>
#include <fstream>
#include <limits>
#include <map>

#include "base/det_math.h"
#include "base/error.h"
#include "base/number_format.h"
#include "base/text.h"
#include "read/cell.h"
#include "review/stats.h"
#include "score/distinct_keys.h"
#include "score/rank.h"
#include "score/rules.h"

namespace kenko {

namespace {

// Distinct values are counted through a hash table up to this many (it stays in the cache);
// beyond, the keys of every further cell are collected and counted by sorting.
constexpr size_t kMaxHashed = 4096;
// The distinct numbers of a column are counted over every row up to this many (beyond, in the
// sample); every one of an id-named column (for uniqueness).
constexpr size_t kTrackedNumbers = 64;
// A column is numeric (or dates) when at least this share of its present cells are.
constexpr double kKindShare = 0.95;
constexpr size_t kFileChunk = 4 << 20;

// A 64-bit key of a trimmed text, ignoring ASCII case: 8 bytes at a time (the last 8 bytes
// overlapping the word before; a shorter text in two overlapping loads), ASCII capitals
// lower-cased in the word (SWAR), mixed, then a finalising mix. Loads are little-endian on
// every platform kenko runs on (x86, ARM, WebAssembly), so the keys are the same everywhere.
uint64_t text_key(std::string_view s) {
  const size_t n = s.size();
  const char* p = s.data();
  uint64_t h = 0x9E3779B97F4A7C15ULL ^ n;
  auto mix = [&h](uint64_t x) {
    // 'A'..'Z' (ASCII bytes only) get bit 5 set.
    const uint64_t low7 = x & 0x7F7F7F7F7F7F7F7FULL;
    const uint64_t ge_a = low7 + 0x3F3F3F3F3F3F3F3FULL;  // high bit: byte >= 'A'
    const uint64_t gt_z = low7 + 0x2525252525252525ULL;  // high bit: byte > 'Z'
    const uint64_t upper = ~x & (ge_a & ~gt_z) & 0x8080808080808080ULL;
    x |= upper >> 2;
    h = (h ^ x) * 0xff51afd7ed558ccdULL;
    h ^= h >> 32;
  };
  auto load8 = [](const char* at) {
    uint64_t x;
    std::memcpy(&x, at, 8);
    return x;
  };
  auto load4 = [](const char* at) {
    uint32_t x;
    std::memcpy(&x, at, 4);
    return static_cast<uint64_t>(x);
  };
  if (n >= 8) {
    for (size_t at = 0; at + 8 < n; at += 8) mix(load8(p + at));
    mix(load8(p + n - 8));
  } else if (n >= 4) {
    mix(load4(p) | load4(p + n - 4) << 32);
  } else if (n > 0) {
    const auto byte = [p](size_t i) {
      return static_cast<uint64_t>(static_cast<unsigned char>(p[i]));
    };
    mix(byte(0) | byte(n / 2) << 8 | byte(n - 1) << 16);
  }
  h ^= h >> 33;
  h *= 0xc4ceb9fe1a85ec53ULL;
  h ^= h >> 33;
  return h;
}

// trim() for a cell that has nothing to trim, inline (nearly every cell).
inline std::string_view trimmed(std::string_view s) {
  if (s.empty()) return s;
  const unsigned char f = static_cast<unsigned char>(s.front());
  const unsigned char b = static_cast<unsigned char>(s.back());
  if (f > ' ' && f != 0xE3 && b > ' ' && b != 0x80) return s;
  return trim(s);
}

bool digits(std::string_view s, size_t& at, size_t min, size_t max, int& value) {
  size_t n = 0;
  value = 0;
  while (at < s.size() && n < max && s[at] >= '0' && s[at] <= '9') {
    value = value * 10 + (s[at] - '0');
    ++at;
    ++n;
  }
  return n >= min;
}

bool take(std::string_view s, size_t& at, std::string_view what) {
  if (s.substr(at, what.size()) != what) return false;
  at += what.size();
  return true;
}

// An optional time after a date: [T or space]HH:MM[:SS[.fff]][Z or ±HH:MM].
bool time_tail(std::string_view s, size_t at) {
  if (at == s.size()) return true;
  if (s[at] != 'T' && s[at] != ' ') return false;
  ++at;
  int h, m, sec;
  if (!digits(s, at, 1, 2, h) || !take(s, at, ":") || !digits(s, at, 2, 2, m)) return false;
  if (take(s, at, ":")) {
    if (!digits(s, at, 2, 2, sec)) return false;
    if (take(s, at, ".") && !digits(s, at, 1, 9, sec)) return false;
  }
  if (at < s.size() && (s[at] == 'Z' || s[at] == '+' || s[at] == '-')) {
    if (s[at++] != 'Z' && (!digits(s, at, 2, 2, h) || (take(s, at, ":"), !digits(s, at, 2, 2, m))))
      return false;
  }
  return at == s.size() && h < 24 && m < 60;
}

// Date-like: 2024-01-31, 2024/1/31, 2024.01.31, 2024-01 (a month), 31/01/2024, 1/31/24,
// 31.01.2024, 2024年1月31日, 2024年1月; an ISO time may follow.
bool is_date_like(std::string_view s) {
  size_t at = 0;
  int a, b, c;
  if (digits(s, at, 4, 4, a)) {
    if (take(s, at, "年")) {
      if (!digits(s, at, 1, 2, b) || !take(s, at, "月") || b < 1 || b > 12) return false;
      if (at == s.size()) return true;
      return digits(s, at, 1, 2, c) && take(s, at, "日") && c >= 1 && c <= 31 && at == s.size();
    }
    if (at >= s.size() || (s[at] != '-' && s[at] != '/' && s[at] != '.')) return false;
    const char sep = s[at++];
    if (!digits(s, at, 1, 2, b) || b < 1 || b > 12) return false;
    if (at == s.size()) return sep == '-' || sep == '/';
    if (s[at++] != sep || !digits(s, at, 1, 2, c) || c < 1 || c > 31) return false;
    return time_tail(s, at);
  }
  at = 0;
  if (!digits(s, at, 1, 2, a) || at >= s.size()) return false;
  const char sep = s[at];
  if (sep != '/' && sep != '.' && sep != '-') return false;
  ++at;
  if (!digits(s, at, 1, 2, b) || !take(s, at, std::string_view(&sep, 1))) return false;
  const size_t year_at = at;
  if (!digits(s, at, 2, 4, c) || at - year_at == 3) return false;
  if (a < 1 || b < 1 || (a > 12 && b > 12) || a > 31 || b > 31) return false;
  return time_tail(s, at);
}

bool has_percent_sign(std::string_view t) {
  return !t.empty() && (t.back() == '%' || (t.size() >= 3 && t.substr(t.size() - 3) == "％"));
}

bool percent_header(std::string_view name) {
  const std::string lower = ascii_lower(name);
  return lower.find('%') != std::string::npos || lower.find("％") != std::string::npos ||
         lower.find("pct") != std::string::npos || lower.find("percent") != std::string::npos;
}

// The value at rank ⌊q·(n−1)⌋ of ascending (value, count) levels holding n values in all.
double quantile_of(const std::vector<std::pair<double, uint64_t>>& levels, uint64_t n, double q) {
  const uint64_t rank = static_cast<uint64_t>(std::floor(q * static_cast<double>(n - 1)));
  uint64_t below = 0;
  for (const auto& [v, count] : levels) {
    below += count;
    if (rank < below) return v;
  }
  return levels.back().first;
}

// Distinct values counted through a hash table up to kMaxHashed (with their counts and, for
// the first few, their first text); once it is full, the key of every further cell is
// collected (no probing: a column of many values would miss the cache at every cell) and the
// distinct values are counted by sorting.
struct Counter {
  DistinctKeys keys;
  std::vector<uint64_t> count;
  std::vector<std::string> first_text;  // of the first kMaxCategoryValues + 1 values
  std::vector<uint64_t> overflow;       // keys of every cell after the table filled
  bool full() const { return keys.size() == kMaxHashed; }
  // The value's number in the table, or DistinctKeys::kAbsent once the table is full.
  uint32_t add(uint64_t key, std::string_view text) {
    if (full()) {
      overflow.push_back(key);
      return DistinctKeys::kAbsent;
    }
    uint32_t d = keys.find(key);
    if (d == DistinctKeys::kAbsent) {
      d = keys.add(key);
      count.push_back(0);
      if (first_text.size() <= kMaxCategoryValues) first_text.emplace_back(text);
    }
    ++count[d];
    return d;
  }
  // Distinct values in all (sorts the table's keys with the overflow).
  uint64_t distinct() {
    if (overflow.empty()) return keys.size();
    if (!counted_) {
      overflow.insert(overflow.end(), keys.keys().begin(), keys.keys().end());
      radix_sort(overflow, [](uint64_t k) { return k; });
      distinct_ = 0;
      for (size_t i = 0; i < overflow.size(); ++i) {
        distinct_ += i == 0 || overflow[i] != overflow[i - 1];
      }
      overflow.assign(1, 0);  // freed; non-empty: the values are not all in the table
      counted_ = true;
    }
    return distinct_;
  }

 private:
  uint64_t distinct_ = 0;
  bool counted_ = false;
};

// What one column's cells say, every row.
struct ColumnStats {
  uint64_t missing = 0, present = 0, numbers = 0, percent_signs = 0;
  uint64_t dates = 0;
  bool id_name = false;             // every number counted (uniqueness of an id)
  bool whole = true;                // id_name: every number is whole
  bool numbers_capped = false;      // more than kTrackedNumbers distinct numbers (not id_name)
  Counter numbers_by_value;         // keys: order_key of the number
  Counter texts;                    // cells that are not plain numbers; keys: text_key
  std::vector<double> text_number;  // per text in the table: its number, or NaN
  std::vector<uint8_t> text_flags;  // per text in the table: 1 date-like, 2 a % sign
  RowList not_numbers;

  void count_number_value(double v, std::string_view t) {
    if (!numbers_capped) count_number(v, t);
  }
  void count_number(double v, std::string_view t) {
    // (Every double of magnitude 2^53 or more is whole.)
    if (id_name) {
      whole = whole && (std::fabs(v) >= 9007199254740992.0 ||
                        v == static_cast<double>(static_cast<int64_t>(v)));
    }
    if (!id_name && numbers_by_value.keys.size() == kTrackedNumbers &&
        numbers_by_value.keys.find(order_key(v)) == DistinctKeys::kAbsent) {
      numbers_capped = true;
      return;
    }
    numbers_by_value.add(order_key(v), t);
  }

  void observe(std::string_view raw, uint64_t file_row) {
    double v;
    // Nearly every cell of a numeric column: a plain number, nothing to trim.
    if (raw.size() <= 16 && cell_detail::parse_simple_decimal(raw, v)) {
      ++present;
      ++numbers;
      count_number_value(v, raw);
      return;
    }
    const std::string_view t = trimmed(raw);
    if (is_missing_cell(t)) {
      ++missing;
      return;
    }
    ++present;
    const uint32_t d = texts.add(text_key(t), t);
    uint8_t flags;
    if (d == DistinctKeys::kAbsent) {
      // (A number starts with a digit, a sign, or a full-width character: else none.)
      const unsigned char c0 = static_cast<unsigned char>(t[0]);
      const bool may_be_number =
          cell_detail::is_digit(t[0]) || c0 == '-' || c0 == '+' || c0 >= 0x80;
      const CellNumber n =
          may_be_number ? parse_number_cell(t) : CellNumber{CellKind::Invalid, 0.0};
      v = n.kind == CellKind::Number ? n.value : std::numeric_limits<double>::quiet_NaN();
      flags = static_cast<uint8_t>((v != v && is_date_like(t)) | (has_percent_sign(t) << 1));
    } else {
      if (d == text_number.size()) {
        const CellNumber n = parse_number_cell(t);
        text_number.push_back(
            n.kind == CellKind::Number ? n.value : std::numeric_limits<double>::quiet_NaN());
        const double w = text_number.back();
        text_flags.push_back(
            static_cast<uint8_t>((w != w && is_date_like(t)) | (has_percent_sign(t) << 1)));
      }
      v = text_number[d];
      flags = text_flags[d];
    }
    if (v == v) {
      ++numbers;
      count_number_value(v, t);
      percent_signs += flags >> 1;
    } else {
      dates += flags & 1;
      not_numbers.add(file_row);
    }
  }
};

// One sampled row: the bytes its cells lie in, and each cell (of the columns read) as a begin
// and an end in them. A record whose cells lie in one span of the input (nearly every record)
// is copied whole; another cell by cell.
struct Slot {
  uint64_t index = 0, file_row = 0;
  std::string bytes;
  std::vector<uint32_t> cells;  // begin, end of each cell read
  std::string_view cell(size_t k) const {
    return std::string_view(bytes.data() + cells[2 * k], cells[2 * k + 1] - cells[2 * k]);
  }
};

}  // namespace

std::vector<std::string> name_words(std::string_view name) {
  std::vector<std::string> out;
  std::string cur;
  auto flush = [&] {
    if (!cur.empty()) out.push_back(cur);
    cur.clear();
  };
  auto upper = [](char c) { return c >= 'A' && c <= 'Z'; };
  auto lower = [](char c) { return c >= 'a' && c <= 'z'; };
  auto digit = [](char c) { return c >= '0' && c <= '9'; };
  for (size_t i = 0; i < name.size(); ++i) {
    const char c = name[i];
    if (!upper(c) && !lower(c) && !digit(c)) {
      flush();
      continue;
    }
    if (!cur.empty()) {
      const char p = name[i - 1];
      // fooBar → foo|Bar; CSATScore → CSAT|Score (an upper run before a lower letter).
      const bool camel = lower(p) && upper(c);
      const bool acronym_end = upper(p) && upper(c) && i + 1 < name.size() && lower(name[i + 1]);
      if (camel || acronym_end) flush();
    }
    cur += static_cast<char>(upper(c) ? c + 32 : c);
  }
  flush();
  return out;
}

bool name_says_id(std::string_view name) {
  static const char* const kWords[] = {"id",     "ids", "code", "key",  "no",
                                       "number", "num", "uuid", "guid", "identifier"};
  for (const std::string& w : name_words(name)) {
    for (const char* k : kWords) {
      if (w == k) return true;
    }
  }
  for (const char* k : {"番号", "コード", "識別"}) {
    if (name.find(k) != std::string_view::npos) return true;
  }
  return false;
}

const char* column_kind_name(ColumnKind kind) {
  switch (kind) {
    case ColumnKind::Empty:
      return "empty";
    case ColumnKind::Number:
      return "number";
    case ColumnKind::Percent:
      return "percent";
    case ColumnKind::YesNo:
      return "yes/no";
    case ColumnKind::Category:
      return "category";
    case ColumnKind::Date:
      return "date";
    case ColumnKind::Id:
      return "id";
    case ColumnKind::Text:
      return "text";
  }
  return "?";
}

double NumberStats::quantile(double q) const {
  for (size_t i = 0; i < kLevels && i < quantiles.size(); ++i) {
    if (kQuantileLevels[i] == q) return quantiles[i];
  }
  return std::numeric_limits<double>::quiet_NaN();
}

const ColumnProfile* TableProfile::column(std::string_view name) const {
  for (const ColumnProfile& c : columns) {
    if (c.name == name && c.unread.empty()) return &c;
  }
  return nullptr;
}

struct TableProfiler::Impl : RecordSink {
  RecordStream stream;
  size_t sample_cap;
  bool have_header = false;
  std::vector<std::string> header;
  std::vector<size_t> read;         // header indexes of the columns read
  std::vector<std::string> unread;  // per header column: why not read ("" when read)
  std::vector<ColumnStats> stats;   // per column read
  TableReport report;
  uint64_t data_rows = 0;
  uint64_t random = 0x6B656E6B6F696E69ULL;  // the sample's generator (splitmix64)
  std::vector<Slot> slots;

  Impl(TableOptions o, size_t cap) : stream(o, *this), sample_cap(cap) {}

  void on_record(const FieldView* fields, size_t count, uint64_t row) override {
    // Blank lines as the table reader counts them (read/csv_reader.h): a line of spaces after
    // the header is a record, so init and score see the same rows.
    if (have_header ? is_blank_line(fields, count) : blank_before_header(fields, count)) {
      if (have_header) ++report.blank_lines;
      return;
    }
    if (!have_header) {
      read_header(fields, count);
      return;
    }
    const size_t width = header.size();
    if (count < width) report.short_rows.add(row);
    if (count > width) report.long_rows.add(row);
    const size_t K = read.size();
    const size_t* const at_field = read.data();
    ColumnStats* const st = stats.data();
    for (size_t k = 0; k < K; ++k) {
      const size_t f = at_field[k];
      st[k].observe(f < count ? fields[f].text : std::string_view(), row);
    }
    // Reservoir sampling: the row takes slot i while the sample is not full, else a slot drawn
    // uniformly from i + 1 (kept when it is one of the sample's).
    const uint64_t i = data_rows++;
    size_t slot;
    if (i < sample_cap) {
      slots.emplace_back();
      slot = static_cast<size_t>(i);
    } else {
      const uint64_t j = splitmix64(random) % (i + 1);
      if (j >= sample_cap) return;
      slot = static_cast<size_t>(j);
    }
    Slot& s = slots[slot];
    s.index = i;
    s.file_row = row;
    s.cells.resize(2 * K);
    uint32_t* const cell = s.cells.data();
    // The span of the record's cells, when they lie in one (views into the input).
    const char* const begin = fields[0].text.data();
    const char* const end = fields[count - 1].text.data() + fields[count - 1].text.size();
    bool one_span = begin != nullptr && end >= begin;
    for (size_t k = 0; k < K && one_span; ++k) {
      const size_t f = at_field[k];
      if (f >= count) {
        cell[2 * k] = cell[2 * k + 1] = 0;
        continue;
      }
      const char* const b = fields[f].text.data();
      one_span = b >= begin && b + fields[f].text.size() <= end;
      cell[2 * k] = static_cast<uint32_t>(b - begin);
      cell[2 * k + 1] = static_cast<uint32_t>(b - begin + fields[f].text.size());
    }
    if (one_span) {
      s.bytes.assign(begin, static_cast<size_t>(end - begin));
      return;
    }
    s.bytes.clear();
    for (size_t k = 0; k < K; ++k) {
      const size_t f = at_field[k];
      cell[2 * k] = static_cast<uint32_t>(s.bytes.size());
      if (f < count) s.bytes.append(fields[f].text.data(), fields[f].text.size());
      cell[2 * k + 1] = static_cast<uint32_t>(s.bytes.size());
    }
  }

  void read_header(const FieldView* fields, size_t count) {
    have_header = true;
    for (size_t i = 0; i < count; ++i) header.emplace_back(trim(fields[i].text));
    std::map<std::string, size_t> seen;
    for (const std::string& h : header) ++seen[h];
    unread.assign(count, "");
    for (size_t i = 0; i < count; ++i) {
      if (header[i].empty()) {
        unread[i] = "the header gives this column no name";
      } else if (seen[header[i]] > 1) {
        unread[i] =
            "the header names " + std::to_string(seen[header[i]]) + " columns '" + header[i] + "'";
      } else {
        read.push_back(i);
        stats.emplace_back();
        stats.back().id_name = name_says_id(header[i]);
      }
    }
  }

  ProfiledTable finish();
};

namespace {

// A column's profile from its statistics over every row and its cells in the sample (`col`,
// typed here when numeric).
void profile_column(ColumnStats& st, Column& col, const std::vector<uint64_t>& sample_rows,
                    bool sampled, ColumnProfile& out) {
  out.missing = st.missing;
  out.present = st.present;
  out.numbers = st.numbers;
  out.percent_signs = st.percent_signs;
  out.not_numbers = st.not_numbers;
  out.id_name = st.id_name;
  if (!st.present) {
    out.kind = ColumnKind::Empty;
    return;
  }
  const double present = static_cast<double>(st.present);
  const bool numeric = static_cast<double>(st.numbers) >= kKindShare * present;
  // The shape of its texts (in the sample; not for a numeric column): spaces inside, code-like
  // (no space, at most 40 bytes), length; of the present cells that are not plain numbers.
  uint64_t sample_present = 0, texts = 0, spaced = 0, code_like = 0, bytes = 0;
  for (size_t r = 0; !numeric && r < col.text_end.size(); ++r) {
    const std::string_view t = trimmed(col.text(r));
    if (is_missing_cell(t)) continue;
    ++sample_present;
    double v;
    if (t.size() <= 16 && cell_detail::parse_simple_decimal(t, v)) continue;
    ++texts;
    bytes += t.size();
    const bool space =
        t.find(' ') != std::string_view::npos || t.find("\xE3\x80\x80") != std::string_view::npos;
    spaced += space;
    code_like += !space && t.size() <= 40;
  }
  if (texts) {
    out.spaced_share = static_cast<double>(spaced) / static_cast<double>(sample_present);
    out.mean_length = static_cast<double>(bytes) / static_cast<double>(texts);
  }
  const double code_share =
      sample_present ? static_cast<double>(code_like) / static_cast<double>(sample_present) : 0;
  // A text that reads as a number (" 5 ", "1,000") was counted by value with the numbers too:
  // the texts' own values are the others.
  uint64_t numeric_texts = 0;
  for (size_t d = 0; d < st.texts.keys.size() && d < st.text_number.size(); ++d) {
    numeric_texts += st.text_number[d] == st.text_number[d];
  }
  const uint64_t text_values = st.texts.distinct() - (st.numbers_capped ? 0 : numeric_texts);
  // Every value exactly when the numbers were counted over every row: numbers by value (those
  // written otherwise, "1,000" and 1000, among them), then the other texts.
  std::vector<ValueCount> values;
  bool exact =
      !st.numbers_capped && st.numbers_by_value.overflow.empty() && st.texts.overflow.empty();
  if (exact) {
    const Counter& n = st.numbers_by_value;
    for (size_t d = 0; d < n.keys.size(); ++d) {
      values.push_back({d < n.first_text.size() ? n.first_text[d] : std::string(),
                        from_order_key(n.keys.keys()[d]), n.count[d]});
    }
    for (size_t d = 0; d < st.texts.keys.size(); ++d) {
      const double v = d < st.text_number.size() ? st.text_number[d] : 0;
      if (v == v && d < st.text_number.size()) continue;  // among the numbers already
      values.push_back({d < st.texts.first_text.size() ? st.texts.first_text[d] : std::string(), v,
                        st.texts.count[d]});
    }
    out.distinct = values.size();
  } else {
    out.distinct = (st.numbers_capped ? 0 : st.numbers_by_value.distinct()) + text_values;
  }
  const bool few = exact && out.distinct <= kMaxCategoryValues;
  bool all_boolean = few && !values.empty();
  for (const ValueCount& v : values) all_boolean = all_boolean && boolean_value(v.text) >= 0;
  if (all_boolean) {
    out.kind = ColumnKind::YesNo;
    for (const ValueCount& v : values) {
      (boolean_value(v.text) == 1 ? out.true_texts : out.false_texts).push_back(v.text);
    }
  } else if (numeric && st.id_name && st.whole && exact && out.distinct == st.present) {
    out.kind = ColumnKind::Id;
  } else if (numeric) {
    out.kind = ColumnKind::Number;
  } else if (static_cast<double>(st.dates) >= kKindShare * present) {
    out.kind = ColumnKind::Date;
  } else if (out.distinct == st.present && !st.numbers_capped && code_share >= kKindShare) {
    out.kind = ColumnKind::Id;
  } else if (few && out.distinct < st.present) {
    out.kind = ColumnKind::Category;
  } else {
    out.kind = ColumnKind::Text;
  }
  if (few) {
    std::stable_sort(values.begin(), values.end(),
                     [](const ValueCount& a, const ValueCount& b) { return a.count > b.count; });
  }
  if (out.kind != ColumnKind::Number) {
    if (few) out.values = std::move(values);
    return;
  }

  // A numeric column: typed in the sample; quantiles (and, with many, its distinct numbers)
  // there; count, min, max, mean over every row.
  const size_t n = col.text_end.size();
  std::vector<double> cells(n);
  std::vector<uint64_t> keys;
  keys.reserve(n);
  col.missing = RowList();
  col.invalid = st.not_numbers;
  for (size_t r = 0; r < n; ++r) {
    const std::string_view t = trimmed(col.text(r));
    if (is_missing_cell(t)) {
      cells[r] = stored_cell(CellKind::Missing, 0.0);
      col.missing.add(sample_rows[r]);
      continue;
    }
    const CellNumber c = parse_number_cell(t);
    cells[r] = stored_cell(c.kind, c.value);
    if (c.kind == CellKind::Number) keys.push_back(order_key(c.value));
  }
  radix_sort(keys, [](uint64_t k) { return k; });
  std::vector<std::pair<double, uint64_t>> levels;
  for (size_t i = 0; i < keys.size();) {
    size_t j = i + 1;
    while (j < keys.size() && keys[j] == keys[i]) ++j;
    levels.push_back({from_order_key(keys[i]), j - i});
    i = j;
  }
  NumberStats s;
  s.count = st.numbers;
  if (!keys.empty()) {
    double sum = 0;
    for (const auto& [v, count] : levels) {
      sum += v * static_cast<double>(count);
      // (Every double of magnitude 2^53 or more is whole.)
      s.integers = s.integers && (std::fabs(v) >= 9007199254740992.0 ||
                                  v == static_cast<double>(static_cast<int64_t>(v)));
    }
    s.min = levels.front().first;
    s.max = levels.back().first;
    s.mean = sum / static_cast<double>(keys.size());
    for (double q : NumberStats::kQuantileLevels) {
      s.quantiles.push_back(quantile_of(levels, keys.size(), q));
    }
  }
  if (!exact) {
    out.distinct = levels.size();
    out.distinct_in_sample = sampled;
  }
  out.number_stats = s;
  if (static_cast<double>(st.percent_signs) * 2 >= static_cast<double>(st.numbers) ||
      (percent_header(out.name) && s.min >= 0 && s.max <= 100)) {
    out.kind = ColumnKind::Percent;
  }
  if (few) {
    // Numbers in words as first written.
    for (ValueCount& v : values) {
      if (v.text.empty()) v.text = format_full(v.number);
    }
    out.values = std::move(values);
  }
  col.numbers = std::move(cells);
  col.needs.number = true;
  if (out.distinct > kMaxTextKeptNumbers) {
    col.text_bytes = TextBytes();
    col.text_end = std::vector<uint32_t>();
    col.needs.text = false;
  }
}

}  // namespace

ProfiledTable TableProfiler::Impl::finish() {
  stream.finish();
  if (!have_header) throw Error("the table is empty: no header row");
  ProfiledTable out;
  Table& t = out.sample;
  t.header = header;
  t.bytes = stream.bytes();
  t.encoding = stream.encoding();
  t.delimiter = stream.delimiter();
  t.report = report;
  t.report.stray_quotes.count = stream.tokenizer()->stray_quotes();
  t.report.stray_quotes.first = stream.tokenizer()->stray_quote_rows();
  // The sample in file order.
  std::vector<uint32_t> order(slots.size());
  for (size_t i = 0; i < order.size(); ++i) order[i] = static_cast<uint32_t>(i);
  std::sort(order.begin(), order.end(),
            [this](uint32_t a, uint32_t b) { return slots[a].index < slots[b].index; });
  for (uint32_t o : order) t.file_rows.push_back(slots[o].file_row);
  t.columns.resize(read.size());
  for (size_t k = 0; k < read.size(); ++k) {
    Column& c = t.columns[k];
    c.name = header[read[k]];
    c.header_index = read[k];
    c.needs = ColumnNeeds{false, true, c.name};
    c.text_end.reserve(slots.size());
    for (uint32_t o : order) {
      c.text_bytes.append(slots[o].cell(k));
      c.text_end.push_back(static_cast<uint32_t>(c.text_bytes.size()));
    }
  }
  slots = std::vector<Slot>();
  TableProfile& p = out.profile;
  p.rows = data_rows;
  p.sample_rows = t.rows();
  p.columns.resize(header.size());
  for (size_t i = 0; i < header.size(); ++i) {
    p.columns[i].name = header[i];
    p.columns[i].header_index = i;
    p.columns[i].rows = data_rows;
    p.columns[i].unread = unread[i];
  }
  for (size_t k = 0; k < read.size(); ++k) {
    profile_column(stats[k], t.columns[k], t.file_rows, p.sample_rows < p.rows, p.columns[read[k]]);
  }
  stats = std::vector<ColumnStats>();
  return out;
}

TableProfiler::TableProfiler(TableOptions options, size_t sample_rows)
    : impl_(std::make_unique<Impl>(options, std::max<size_t>(sample_rows, 1))) {}
TableProfiler::~TableProfiler() = default;
void TableProfiler::feed(std::string_view bytes) {
  impl_->stream.feed(bytes);
}
ProfiledTable TableProfiler::finish() {
  return impl_->finish();
}
uint64_t TableProfiler::bytes_fed() const {
  return impl_->stream.bytes();
}
uint64_t TableProfiler::rows_read() const {
  return impl_->stream.rows();
}

ProfiledTable profile_table_file(const std::string& path, TableOptions options,
                                 const std::function<void(uint64_t, uint64_t)>& progress) {
  std::ifstream in(path, std::ios::binary);
  if (!in) throw Error("cannot open '" + path + "'");
  TableProfiler profiler(options);
  std::string chunk(kFileChunk, '\0');
  while (in) {
    in.read(chunk.data(), static_cast<std::streamsize>(chunk.size()));
    const std::streamsize got = in.gcount();
    if (got <= 0) break;
    profiler.feed(std::string_view(chunk.data(), static_cast<size_t>(got)));
    if (progress) progress(profiler.bytes_fed(), profiler.rows_read());
  }
  if (in.bad()) throw Error("cannot read '" + path + "'");
  return profiler.finish();
}

ColumnOutcome column_outcome(const Table& table, const ColumnProfile& profile,
                             const std::vector<int8_t>& labels) {
  ColumnOutcome out;
  const Column* c = table.column(profile.name);
  if (!c || !profile.unread.empty()) return out;
  const size_t n = table.rows();
  // Per row: present? and, for the value AUC, its group.
  uint64_t missing_pos = 0, missing_neg = 0, total_pos = 0, total_neg = 0;
  auto count_missing = [&](size_t r) {
    if (labels[r] < 0) return;
    (labels[r] ? missing_pos : missing_neg)++;
  };
  const ColumnKind kind = profile.kind;
  if (kind == ColumnKind::Number || kind == ColumnKind::Percent) {
    DistinctKeys keys;
    std::vector<ValueOutcome> levels;
    bool sorted_path = false;
    std::vector<uint64_t> items;  // order key << 1 | label, when the values are too many
    for (size_t r = 0; r < n; ++r) {
      const double v = c->numbers[r];
      if (!(v == v)) {
        count_missing(r);
        continue;
      }
      if (labels[r] < 0) continue;
      const bool y = labels[r] == 1;
      (y ? out.positive : out.negative)++;
      if (sorted_path) continue;
      const uint64_t k = order_key(v);
      uint32_t d = keys.find(k);
      if (d == DistinctKeys::kAbsent) {
        if (keys.size() == kMaxHashed) {
          sorted_path = true;
          continue;
        }
        d = keys.add(k);
        levels.push_back({v, 0, 0});
      }
      (y ? levels[d].positive : levels[d].negative)++;
    }
    if (sorted_path) {
      levels.clear();
      // Two keys per value: the order key's top 63 bits would lose a bit, so sort (key, label)
      // pairs as items.
      struct Item {
        uint64_t key;
        uint8_t y;
      };
      std::vector<Item> all;
      all.reserve(out.positive + out.negative);
      for (size_t r = 0; r < n; ++r) {
        const double v = c->numbers[r];
        if (v == v && labels[r] >= 0)
          all.push_back({order_key(v), static_cast<uint8_t>(labels[r])});
      }
      radix_sort(all, [](const Item& it) { return it.key; });
      for (size_t i = 0; i < all.size();) {
        ValueOutcome l{from_order_key(all[i].key), 0, 0};
        size_t j = i;
        for (; j < all.size() && all[j].key == all[i].key; ++j) {
          (all[j].y ? l.positive : l.negative)++;
        }
        levels.push_back(l);
        i = j;
      }
    } else {
      std::sort(levels.begin(), levels.end(), [](const ValueOutcome& a, const ValueOutcome& b) {
        return order_key(a.number) < order_key(b.number);
      });
    }
    AucWalk walk(out.positive, out.negative);
    for (const ValueOutcome& l : levels) walk.group(l.positive, l.negative);
    out.auc = walk.auc();
    out.levels = std::move(levels);
  } else if (kind == ColumnKind::YesNo || kind == ColumnKind::Category) {
    // The listed values, by their key.
    std::unordered_map<uint64_t, size_t> index;
    for (size_t v = 0; v < profile.values.size(); ++v) index[text_key(profile.values[v].text)] = v;
    if (kind == ColumnKind::YesNo) out.levels.resize(2);
    if (kind == ColumnKind::Category) out.levels.resize(profile.values.size());
    for (size_t r = 0; r < n; ++r) {
      const std::string_view t = trimmed(c->text(r));
      if (is_missing_cell(t)) {
        count_missing(r);
        continue;
      }
      if (labels[r] < 0) continue;
      size_t level;
      if (kind == ColumnKind::YesNo) {
        level = static_cast<size_t>(boolean_value(t) == 1);
      } else {
        auto it = index.find(text_key(t));
        if (it == index.end()) continue;
        level = it->second;
      }
      const bool y = labels[r] == 1;
      (y ? out.positive : out.negative)++;
      (y ? out.levels[level].positive : out.levels[level].negative)++;
    }
    std::vector<size_t> order(out.levels.size());
    for (size_t i = 0; i < order.size(); ++i) order[i] = i;
    if (kind == ColumnKind::Category) {
      // Highest outcome rate first (lowest "score"); ties in value order.
      auto rate = [&](size_t i) {
        const ValueOutcome& l = out.levels[i];
        const uint64_t all = l.positive + l.negative;
        return all ? static_cast<double>(l.positive) / static_cast<double>(all) : 0.0;
      };
      std::stable_sort(order.begin(), order.end(),
                       [&](size_t a, size_t b) { return rate(a) > rate(b); });
    }
    AucWalk walk(out.positive, out.negative);
    for (size_t i = 0; i < order.size();) {
      // Equal rates are one group (a tie).
      uint64_t p = 0, q = 0;
      size_t j = i;
      auto same = [&](size_t a, size_t b) {
        const ValueOutcome &x = out.levels[a], &y = out.levels[b];
        return x.positive * (y.positive + y.negative) == y.positive * (x.positive + x.negative);
      };
      for (; j < order.size() && (kind == ColumnKind::Category ? same(order[i], order[j]) : j == i);
           ++j) {
        p += out.levels[order[j]].positive;
        q += out.levels[order[j]].negative;
      }
      walk.group(p, q);
      i = j;
    }
    out.auc = walk.auc();
  } else {
    for (size_t r = 0; r < n; ++r) {
      if (is_missing_cell(trimmed(c->text(r)))) count_missing(r);
    }
  }
  total_pos = missing_pos + out.positive;
  total_neg = missing_neg + out.negative;
  if (kind != ColumnKind::Number && kind != ColumnKind::Percent && kind != ColumnKind::YesNo &&
      kind != ColumnKind::Category) {
    // Present values' outcomes for the presence AUC.
    total_pos = total_neg = 0;
    for (size_t r = 0; r < n; ++r) {
      if (labels[r] >= 0) (labels[r] ? total_pos : total_neg)++;
    }
  }
  AucWalk presence(total_pos, total_neg);
  presence.group(missing_pos, missing_neg);
  presence.group(total_pos - missing_pos, total_neg - missing_neg);
  out.presence_auc = presence.auc();
  return out;
}

}  // namespace kenko
