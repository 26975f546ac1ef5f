#include "score/subscores.h"

#include <algorithm>
#include <atomic>
#include <cmath>
#include <cstring>
#include <limits>

#include "base/error.h"
#include "base/parallel.h"
#include "base/text.h"
#include "score/distinct_keys.h"
#include "score/rank.h"

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

// Where a column's codes go: one byte a row while the table holds at most 256 entries, two
// bytes up to 65,536, then plain doubles. Rows never put are missing (code 0, NaN).
class CodeStore {
 public:
  static constexpr size_t kByteTable = 256, kWideTable = 65536;
  CodeStore(SubScoreColumn& col, size_t padded, bool compact, size_t table_size)
      : col_(col), padded_(padded) {
    col_.coded = compact && table_size <= kWideTable;
    col_.wide = col_.coded && table_size > kByteTable;
    if (!col_.coded) {
      col_.values.assign(padded, kNaN);
    } else if (col_.wide) {
      col_.wide_codes.assign(padded, 0);
    } else {
      col_.codes.assign(padded, 0);
    }
    aim();
  }
  // Stores code c (< the table's size) for row r; its sub-score is col.table[c].
  void put(size_t r, size_t c) {
    if (bytes_) {
      bytes_[r] = static_cast<uint8_t>(c);
    } else if (wide_) {
      wide_[r] = static_cast<uint16_t>(c);
    } else {
      values_[r] = col_.table[c];
    }
  }
  // The table is about to grow to `size` entries: widens the codes, or turns them into plain
  // doubles, when they no longer hold it.
  void grow_to(size_t size) {
    if (col_.coded && !col_.wide && size > kByteTable) {
      col_.wide = true;
      col_.wide_codes.assign(col_.codes.begin(), col_.codes.end());
      col_.codes = std::vector<uint8_t>();
    }
    if (col_.coded && size > kWideTable) {
      col_.values.assign(padded_, kNaN);
      for (size_t r = 0; r < padded_; ++r) {
        if (col_.wide_codes[r]) col_.values[r] = col_.table[col_.wide_codes[r]];
      }
      col_.coded = col_.wide = false;
      col_.wide_codes = std::vector<uint16_t>();
    }
    aim();
  }
  // Done: a plain column keeps no table.
  void finish() {
    if (!col_.coded) col_.table = std::vector<double>();
  }

 private:
  void aim() {  // where put() writes: exactly one of the three
    bytes_ = col_.coded && !col_.wide ? col_.codes.data() : nullptr;
    wide_ = col_.coded && col_.wide ? col_.wide_codes.data() : nullptr;
    values_ = col_.coded ? nullptr : col_.values.data();
  }
  SubScoreColumn& col_;
  size_t padded_;
  uint8_t* bytes_ = nullptr;
  uint16_t* wide_ = nullptr;
  double* values_ = nullptr;
};

// Builds a column from sub-scores of any value, coded by their distinct values (told apart by
// their bits, so that every code's double is exactly the value it replaces).
class ValueCoder {
 public:
  ValueCoder(SubScoreColumn& col, size_t padded, bool compact)
      : col_(col), store_(col, padded, compact, 1), coding_(compact) {
    col_.table = {col_.missing};
  }
  void put(size_t r, double s) {
    if (!coding_) {
      col_.values[r] = s;
      return;
    }
    uint64_t b;
    std::memcpy(&b, &s, sizeof b);
    uint32_t k = distinct_.find(b);
    if (k == DistinctKeys::kAbsent) {
      store_.grow_to(col_.table.size() + 1);
      if (!col_.coded) {  // too many values: plain from here on
        coding_ = false;
        col_.values[r] = s;
        return;
      }
      col_.table.push_back(s);
      k = distinct_.add(b);
    }
    store_.put(r, k + 1);  // code 0 is missing
  }
  ~ValueCoder() { store_.finish(); }

 private:
  SubScoreColumn& col_;
  CodeStore store_;
  bool coding_;
  DistinctKeys distinct_;  // of the bits of table[1..]
};

// Builds a column from a rule's outcomes (bands, boolean, category, percentile ranks): outcome
// o ≥ 1 has the sub-score table[o], 0 is missing.
class OutcomeColumn {
 public:
  OutcomeColumn(SubScoreColumn& col, std::vector<double> table, size_t padded, bool compact)
      : store_(col, padded, compact, table.size()) {
    col.table = std::move(table);
  }
  void put(size_t r, uint32_t outcome) { store_.put(r, outcome); }
  ~OutcomeColumn() { store_.finish(); }

 private:
  CodeStore store_;
};

// The outcome of text cells (boolean and category rules), remembered for short cells: a
// column of yes/no answers costs one table look-up per cell. Outcome 0 is missing;
// kInvalidOutcome marks a cell the rule cannot read.
constexpr uint32_t kInvalidOutcome = UINT32_MAX;
#if defined(__BYTE_ORDER__) && __BYTE_ORDER__ == __ORDER_BIG_ENDIAN__
constexpr bool kLittleEndian = false;
#else
constexpr bool kLittleEndian = true;  // x86, Arm, WebAssembly
#endif
class TextOutcomes {
 public:
  explicit TextOutcomes(const Rule& rule) : rule_(rule), category_(rule) {
    for (Slot& s : slots_) s = {0, 0};  // key 0 is the empty cell, which is missing (0)
  }
  // `readable_end`: the end of the buffer the cell lies in (8 bytes may be read past the cell).
  uint32_t operator()(std::string_view raw, const char* readable_end) {
    if (raw.size() > 8) return evaluate(raw);
    // A cell of up to 8 bytes as a number: its bytes, zero-padded. A cell holds no NUL byte
    // (the tokenizer refuses them), so the number tells every such cell apart.
    uint64_t key = 0;
    if (kLittleEndian && readable_end - raw.data() >= 8) {
      std::memcpy(&key, raw.data(), 8);  // then the bytes past the cell are cleared
      key &= raw.size() == 8 ? ~uint64_t{0} : (uint64_t{1} << (8 * raw.size())) - 1;
    } else if (!raw.empty()) {
      std::memcpy(&key, raw.data(), raw.size());
    }
    Slot& slot = slots_[(key * 0x9e3779b97f4a7c15ULL) >> (64 - kSlotBits)];
    if (slot.key == key) return slot.outcome;
    slot = {key, evaluate(raw)};  // a new cell, or one that shares its slot with another
    return slot.outcome;
  }

 private:
  uint32_t evaluate(std::string_view raw) const {
    const std::string_view cell = trim(raw);
    if (is_missing_cell(cell)) return 0;
    if (rule_.type == RuleType::Boolean) {
      const int b = boolean_value(cell);
      return b < 0 ? kInvalidOutcome : b ? 1 : 2;
    }
    const int entry = category_.entry(cell);  // map entries, then else
    return entry < 0 ? kInvalidOutcome : static_cast<uint32_t>(entry) + 1;
  }
  static constexpr unsigned kSlotBits = 8;
  struct Slot {
    uint64_t key;
    uint32_t outcome;
  };
  const Rule& rule_;
  CategoryLookup category_;
  Slot slots_[1 << kSlotBits];
};

std::atomic<uint64_t> g_stamp{0};
uint64_t next_stamp() {
  return ++g_stamp;
}

}  // namespace

BandFinder::BandFinder(const Rule& rule) {
  for (const Band& band : rule.bands) {
    min_.push_back(band.min.value_or(kNaN));
    max_.push_back(band.max.value_or(kNaN));
  }
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
  col.missing = missing_subscore(model, ind);
  auto subscore = [P](double points) { return subscore_of(points, P); };

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
        report.missing.add_at(file_rows, r);
      } else if (o == kInvalidOutcome) {
        report.invalid.add_at(file_rows, r);
        report.missing.add_at(file_rows, r);
      } else {
        put.put(r, o);
      }
    }
  } else {
    const NumericSource source(ind, table);
    // A cell without a number: missing, and reported when invalid.
    auto no_number = [&](size_t r, double v) {
      if (stored_kind(v) == CellKind::Invalid) report.invalid.add_at(file_rows, r);
      report.missing.add_at(file_rows, r);
    };
    if (rule.type == RuleType::Bands) {
      std::vector<double> outcome_s = {col.missing};
      for (const Band& b : rule.bands) outcome_s.push_back(subscore(b.points));
      outcome_s.push_back(subscore(0.0));  // no band holds the value
      OutcomeColumn put(col, std::move(outcome_s), np, compact);
      const BandFinder band_of(rule);
      for (size_t r = 0; r < n; ++r) {
        const double v = source(r);
        if (v != v) {
          no_number(r, v);
          continue;
        }
        put.put(r, static_cast<uint32_t>(band_of(v)) + 1);
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
        outcome_s.push_back(subscore(percentile_points(rule, frac)));
      }
      OutcomeColumn put(col, std::move(outcome_s), np, compact);
      for (size_t r = 0; r < n; ++r) {
        if (ranks.group[r] != PercentileRanks::kNone) put.put(r, ranks.group[r] + 1);
      }
    } else {
      // Linear, and any rule whose points are a function of the value alone (numeric_points in
      // score/rules.h): a new such rule type needs no change here.
      ValueCoder put(col, np, compact);
      for (size_t r = 0; r < n; ++r) {
        const double v = source(r);
        if (v != v) {
          no_number(r, v);
          continue;
        }
        put.put(r, subscore(numeric_points(rule, v)));
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
  // Each indicator's rule over the whole table is a task of its own (it writes only its own
  // column, report and stamp).
  parallel_for(out.indicators,
               [&](size_t i) { recompute_indicator(model, table, i, out, layout); });
  return out;
}

}  // namespace kenko
