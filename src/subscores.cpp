#include "subscores.h"

#include <algorithm>
#include <atomic>
#include <cmath>
#include <cstring>
#include <limits>

#include "error.h"
#include "rank.h"
#include "text.h"

namespace kenko {

namespace {

constexpr double kNaN = std::numeric_limits<double>::quiet_NaN();

const Column& need_column(const Table& table, const std::string& name, bool number, bool text) {
  const Column* c = table.column(name);
  if (!c || (number && !c->needs.number) || (text && !c->needs.text)) {
    throw Error("column '" + name +
                "' was not read for this use: read the table again with this model");
  }
  return *c;
}

double linear_points(const Rule& rule, double v) {
  double t = (v - rule.from) / (rule.to - rule.from);
  t = std::min(1.0, std::max(0.0, t));
  return rule.points * t;
}

// Builds a column from sub-scores of any value: coded (one byte per customer) while they take
// at most 255 distinct values, told apart by their bits so that every code's double is exactly
// the value it replaces; plain doubles from the 256th on (the codes so far are turned into
// doubles then). Rows never put are missing.
class ValueCoder {
 public:
  ValueCoder(SubScoreColumn& col, size_t padded, bool compact) : col_(col), padded_(padded) {
    if (compact) {
      col_.coded = true;
      col_.codes.assign(padded, 0);
      col_.table = {col_.missing};
      slot_.assign(512, 0);
    } else {
      col_.values.assign(padded, kNaN);
    }
  }
  void put(size_t r, double s) {
    if (!col_.coded) {
      col_.values[r] = s;
      return;
    }
    uint64_t b;
    std::memcpy(&b, &s, sizeof b);
    size_t h = static_cast<size_t>((b * 0x9e3779b97f4a7c15ULL) >> 55);  // 9 bits
    while (slot_[h] && bits_[slot_[h] - 1] != b) h = (h + 1) & 511;
    if (!slot_[h]) {
      if (col_.table.size() == 256) {  // too many values: plain from here on
        to_plain();
        col_.values[r] = s;
        return;
      }
      col_.table.push_back(s);
      bits_.push_back(b);
      slot_[h] = static_cast<uint16_t>(bits_.size());
    }
    col_.codes[r] = static_cast<uint8_t>(slot_[h]);
  }

 private:
  void to_plain() {
    col_.values.assign(padded_, kNaN);
    for (size_t r = 0; r < padded_; ++r) {
      if (col_.codes[r]) col_.values[r] = col_.table[col_.codes[r]];
    }
    col_.coded = false;
    col_.codes = std::vector<uint8_t>();
    col_.table = std::vector<double>();
  }

  SubScoreColumn& col_;
  size_t padded_;
  std::vector<uint64_t> bits_;  // of table[1..]
  std::vector<uint16_t> slot_;  // open addressing: bits → code (0: empty)
};

// Builds a column from a rule's outcomes (bands, boolean, category): outcome o ≥ 1 has the
// sub-score table[o], 0 is missing. Coded when the outcomes fit a byte.
class OutcomeColumn {
 public:
  OutcomeColumn(SubScoreColumn& col, std::vector<double> table, size_t padded, bool compact)
      : col_(col) {
    col_.coded = compact && table.size() <= 256;
    if (col_.coded) {
      col_.codes.assign(padded, 0);
    } else {
      col_.values.assign(padded, kNaN);
    }
    col_.table = std::move(table);
  }
  void put(size_t r, uint32_t outcome) {
    if (col_.coded) {
      col_.codes[r] = static_cast<uint8_t>(outcome);
    } else {
      col_.values[r] = col_.table[outcome];
    }
  }
  ~OutcomeColumn() {
    if (!col_.coded) col_.table = std::vector<double>();
  }

 private:
  SubScoreColumn& col_;
};

// The outcome of text cells (boolean and category rules), remembered for the first distinct
// short cells seen: a column of yes/no answers costs a few comparisons per cell and no
// data-dependent branch. Outcome 0 is missing; kInvalidOutcome marks a cell the rule cannot
// read.
constexpr uint32_t kInvalidOutcome = UINT32_MAX;
#if defined(__BYTE_ORDER__) && __BYTE_ORDER__ == __ORDER_BIG_ENDIAN__
constexpr bool kLittleEndian = false;
#else
constexpr bool kLittleEndian = true;  // x86, Arm, WebAssembly
#endif
class TextOutcomes {
 public:
  explicit TextOutcomes(const Rule& rule) : rule_(rule) {}
  // `readable_end`: the end of the buffer the cell lies in (8 bytes may be read past the cell).
  uint32_t operator()(std::string_view raw, const char* readable_end) {
    if (raw.size() > 8) return evaluate(raw);
    uint64_t key = 0;  // the cell's bytes and its length (cells of up to 8 bytes)
    if (readable_end - raw.data() >= 8) {
      std::memcpy(&key, raw.data(), 8);  // then the bytes past the cell are cleared
      key &= raw.size() == 8 ? ~uint64_t{0} : (uint64_t{1} << (8 * raw.size())) - 1;
      if (!kLittleEndian) {  // the cell's bytes are the high ones there: read them alone
        key = 0;
        std::memcpy(&key, raw.data(), raw.size());
      }
    } else {
      std::memcpy(&key, raw.data(), raw.size());
    }
    const uint64_t size = raw.size();
    uint32_t hit = 0;  // 1 + the remembered outcome
    for (size_t e = 0; e < kMemo; ++e) {
      hit = (key == key_[e]) & (size == size_[e]) ? outcome_[e] + 1 : hit;
    }
    if (hit) return hit - 1;
    const uint32_t o = evaluate(raw);
    if (used_ < kMemo) {
      key_[used_] = key;
      size_[used_] = size;
      outcome_[used_] = o;
      ++used_;
    }
    return o;
  }

 private:
  uint32_t evaluate(std::string_view raw) const {
    const std::string_view cell = trim(raw);
    if (is_missing_cell(cell)) return 0;
    if (rule_.type == RuleType::Boolean) {
      const int b = boolean_value(cell);
      return b < 0 ? kInvalidOutcome : b ? 1 : 2;
    }
    for (size_t m = 0; m < rule_.map.size(); ++m) {
      if (iequals_ascii(cell, rule_.map[m].first)) return static_cast<uint32_t>(m) + 1;
    }
    return rule_.else_points ? static_cast<uint32_t>(rule_.map.size()) + 1 : kInvalidOutcome;
  }
  static constexpr size_t kMemo = 8;
  const Rule& rule_;
  size_t used_ = 0;
  // Unused entries have a size of 9, which no remembered cell has.
  uint64_t key_[kMemo] = {}, size_[kMemo] = {9, 9, 9, 9, 9, 9, 9, 9};
  uint32_t outcome_[kMemo] = {};
};

std::atomic<uint64_t> g_stamp{0};
uint64_t next_stamp() {
  return ++g_stamp;
}

}  // namespace

size_t band_index(const Rule& rule, double v) {
  // From the last band to the first, keeping the earliest that holds: no data-dependent branch
  // (which band holds is as unpredictable as the data).
  size_t index = rule.bands.size();
  for (size_t b = rule.bands.size(); b-- > 0;) {
    const Band& band = rule.bands[b];
    const bool above_min = !band.min.has_value() | (band.min.value_or(0.0) <= v);
    const bool below_max = !band.max.has_value() | (v < band.max.value_or(0.0));
    index = above_min & below_max ? b : index;
  }
  return index;
}

NumericSource::NumericSource(const Indicator& ind, const Table& table)
    : a(need_column(table, ind.source.a, true, false).numbers.data()),
      b(ind.source.kind == SourceKind::Column
            ? nullptr
            : need_column(table, ind.source.b, true, false).numbers.data()),
      kind(ind.source.kind) {}

const double* numeric_values(const Indicator& ind, const Table& table, std::vector<double>& store) {
  const NumericSource source(ind, table);
  if (source.kind == SourceKind::Column) return source.a;
  const size_t n = table.rows();
  store.resize(n);
  for (size_t r = 0; r < n; ++r) store[r] = source(r);
  return store.data();
}

int boolean_value(std::string_view cell) {
  std::string_view t = trim(cell);
  static constexpr std::string_view kTrue[] = {"true", "yes", "y", "t", "1", "はい", "○", "済"};
  static constexpr std::string_view kFalse[] = {"false", "no", "n", "f", "0", "いいえ", "×", "未"};
  for (std::string_view w : kTrue) {
    if (iequals_ascii(t, w)) return 1;
  }
  for (std::string_view w : kFalse) {
    if (iequals_ascii(t, w)) return 0;
  }
  return -1;
}

void recompute_indicator(const Model& model, const Table& table, size_t i, SubScores& out,
                         SubScoreLayout layout) {
  const Indicator& ind = model.indicators[i];
  const Rule& rule = ind.rule;
  const size_t n = table.rows(), np = padded_rows(n);
  const bool compact = layout == SubScoreLayout::Compact;
  const std::vector<uint64_t>& file_rows = table.file_rows;
  const double P = rule.max_points();
  IndicatorReport report;
  SubScoreColumn col;
  if (ind.missing_points) {
    col.missing = 100.0 * *ind.missing_points / P;
  } else if (model.missing == MissingPolicy::Zero) {
    col.missing = 0.0;
  }
  // A sub-score is always 100 × points / P, whatever the rule.
  auto subscore = [P](double points) { return 100.0 * points / P; };

  if (rule.needs_text()) {
    // Boolean and category rules: outcome 1 + index into the points of the rule's outcomes.
    const Column& c = need_column(table, ind.source.a, false, true);
    std::vector<double> outcome_s = {col.missing};
    if (rule.type == RuleType::Boolean) {
      outcome_s.push_back(subscore(rule.points));
      outcome_s.push_back(subscore(0.0));
    } else {
      for (const auto& entry : rule.map) outcome_s.push_back(subscore(entry.second));
      if (rule.else_points) outcome_s.push_back(subscore(*rule.else_points));
    }
    OutcomeColumn put(col, std::move(outcome_s), np, compact);
    TextOutcomes outcome_of(rule);
    const char* const text_end = c.text_bytes.data() + c.text_bytes.size();
    for (size_t r = 0; r < n; ++r) {
      const uint32_t o = outcome_of(c.text(r), text_end);
      if (o == 0) {
        report.missing.add(file_rows[r]);
      } else if (o == kInvalidOutcome) {
        report.invalid.add(file_rows[r]);
        report.missing.add(file_rows[r]);
      } else {
        put.put(r, o);
      }
    }
  } else {
    const NumericSource source(ind, table);
    // A cell without a number: missing, and reported when invalid.
    auto no_number = [&](size_t r, double v) {
      if (stored_kind(v) == CellKind::Invalid) report.invalid.add(file_rows[r]);
      report.missing.add(file_rows[r]);
    };
    if (rule.type == RuleType::Bands) {
      std::vector<double> outcome_s = {col.missing};
      for (const Band& b : rule.bands) outcome_s.push_back(subscore(b.points));
      outcome_s.push_back(subscore(0.0));  // no band holds the value
      OutcomeColumn put(col, std::move(outcome_s), np, compact);
      for (size_t r = 0; r < n; ++r) {
        const double v = source(r);
        if (v != v) {
          no_number(r, v);
          continue;
        }
        put.put(r, static_cast<uint32_t>(band_index(rule, v)) + 1);
      }
    } else if (rule.type == RuleType::Percentile) {
      std::vector<double> store;
      const double* value = numeric_values(ind, table, store);
      for (size_t r = 0; r < n; ++r) {
        if (value[r] != value[r]) no_number(r, value[r]);
      }
      const PercentileRanks ranks = percentile_ranks(value, n);
      std::vector<double> outcome_s = {col.missing};  // per distinct value, as outcomes
      for (const double frac : ranks.fraction) {
        outcome_s.push_back(
            subscore(rule.lower_is_better ? rule.points * (1 - frac) : rule.points * frac));
      }
      OutcomeColumn put(col, std::move(outcome_s), np, compact);
      for (size_t r = 0; r < n; ++r) {
        if (ranks.group[r] != PercentileRanks::kNone) put.put(r, ranks.group[r] + 1);
      }
    } else {
      ValueCoder put(col, np, compact);
      for (size_t r = 0; r < n; ++r) {
        const double v = source(r);
        if (v != v) {
          no_number(r, v);
          continue;
        }
        put.put(r, subscore(linear_points(rule, v)));
      }
    }
  }
  out.columns[i] = std::move(col);
  out.reports[i] = std::move(report);
  out.stamp[i] = next_stamp();
}

SubScores compute_subscores(const Model& model, const Table& table, SubScoreLayout layout) {
  SubScores out;
  out.rows = table.rows();
  out.indicators = model.indicators.size();
  out.columns.resize(out.indicators);
  out.reports.resize(out.indicators);
  out.stamp.resize(out.indicators);
  out.table_stamp = next_stamp();
  for (size_t i = 0; i < out.indicators; ++i) recompute_indicator(model, table, i, out, layout);
  return out;
}

}  // namespace kenko
