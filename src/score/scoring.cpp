#include "score/scoring.h"

#include <algorithm>
#include <cmath>
#include <cstring>
#include <limits>
#include <memory>

#include "base/parallel.h"
#include "base/text.h"

#if defined(__GNUC__) && !defined(__clang__)
// GCC keeps a select whose arm is a floating-point operation (`in ? W * v : 0.0`) as a branch,
// which stops the vectoriser, unless it may assume that such operations do not trap (clang
// assumes it by default). No value changes: nothing is reordered, fused or simplified, every
// result is the IEEE result of the operation as written.
#pragma GCC optimize("no-trapping-math", "fp-contract=off")
#endif

// How this file computes, and why every value is the double the plain per-customer formulas
// give (spec, "The score", "Segments and alerts", "Drivers"):
// - Rows go in blocks of kBlock (the sub-score columns are padded to whole blocks); each loop
//   over a block has a fixed trip count and selects instead of branches, so it vectorises.
// - Every per-customer sum is still taken in the spec's order from +0.0: Σ w·s and Σ w per
//   dimension over its indicators in model order, coverage over all indicators in model order,
//   Σ W·D and Σ W over the dimensions in order. A term that does not count adds 0.0, which
//   leaves such a sum unchanged, exactly like skipping it.
// - Coverage, Σ w per dimension and Σ W depend on a customer only through its presence pattern
//   (which indicators have a value): they are summed once per pattern, in that same order.
// - A coded column's w·s is computed once per code (the same product), then looked up.
// - Results keeps what its values were computed from: a weight change recomputes only the
//   dimensions whose indicators' weights changed (the others keep the same doubles), and the
//   conditions on indicators and columns are evaluated once (ConditionCache).

namespace kenko {

namespace {
constexpr double kNaN = std::numeric_limits<double>::quiet_NaN();
constexpr size_t kBlock = kRowBlock;

// How many parts of rows a table's loops are split into: one per thread, none smaller than 16
// blocks (the results are the same whatever the split).
size_t row_parts(size_t n) {
  return std::max<size_t>(1, std::min<size_t>(threads(), n / (16 * kBlock)));
}
}  // namespace

Weights Weights::of(const Model& model) {
  Weights w;
  for (const Indicator& ind : model.indicators) w.indicator.push_back(ind.weight_or_default());
  for (const Dimension& d : model.dimensions) w.dimension.push_back(d.weight);
  return w;
}

std::vector<double> full_model_shares(const Model& model, const Weights& weights) {
  const size_t k = model.indicators.size();
  std::vector<double> share(k, 0.0);
  if (model.dimensions.empty()) {
    double total = 0;
    for (size_t i = 0; i < k; ++i) total += weights.indicator[i];
    if (total > 0) {
      for (size_t i = 0; i < k; ++i) share[i] = weights.indicator[i] / total;
    }
    return share;
  }
  // As if every value were present: dimensions whose weight sum is 0 are left out.
  const size_t D = model.dimensions.size();
  std::vector<double> dim_w(D, 0.0);
  for (size_t i = 0; i < k; ++i)
    dim_w[static_cast<size_t>(model.indicators[i].dimension)] += weights.indicator[i];
  double total_W = 0;
  for (size_t d = 0; d < D; ++d) {
    if (dim_w[d] > 0) total_W += weights.dimension[d];
  }
  if (total_W <= 0) return share;
  for (size_t i = 0; i < k; ++i) {
    size_t d = static_cast<size_t>(model.indicators[i].dimension);
    if (dim_w[d] > 0)
      share[i] = (weights.dimension[d] / total_W) * (weights.indicator[i] / dim_w[d]);
  }
  return share;
}

CustomerScorer::CustomerScorer(const Model& model) : D_(model.dimensions.size()) {
  members_.resize(D_ ? D_ : 1);
  for (const Indicator& ind : model.indicators) {
    group_.push_back(D_ ? static_cast<size_t>(ind.dimension) : 0);
    members_[group_.back()].push_back(group_.size() - 1);
  }
}

double CustomerScorer::score(const Weights& weights, const double* s, double* dims) const {
  const std::vector<double>& w = weights.indicator;
  double score = kNaN, total = 0.0, total_W = 0.0;
  for (size_t g = 0; g < members_.size(); ++g) {
    double num = 0.0, den = 0.0;
    for (size_t i : members_[g]) {
      const double x = s[i];
      const bool counts = x == x;
      num += counts ? w[i] * x : 0.0;
      den += counts ? w[i] : 0.0;
    }
    const double v = den > 0 ? num / den : kNaN;
    if (!D_) return v;
    dims[g] = v;
    const bool in = den > 0;
    total += in ? weights.dimension[g] * v : 0.0;
    total_W += in ? weights.dimension[g] : 0.0;
  }
  if (D_) score = total_W > 0 ? total / total_W : kNaN;
  return score;
}

namespace {

// ---- The weights in force, per indicator -------------------------------------------------

struct IndicatorPlan {
  const SubScoreColumn* col = nullptr;
  size_t group = 0;  // dimension, or 0 without dimensions
  double w = 0, share = 0;
  bool always = false;       // counts when missing too (its missing value is given points)
  double ws_missing = 0;     // plain: w · (the missing sub-score), or 0 when it does not count
  std::vector<double> ws;    // coded, per code: w·s, or 0 when the code does not count
  std::vector<double> cost;  // coded, per code: 100 − s (NaN when it does not count)
};

struct Plan {
  size_t n = 0, D = 0, groups = 1;
  std::vector<IndicatorPlan> ind;
  std::vector<std::vector<size_t>> members;  // per group: its indicators in model order
  std::vector<double> W;                     // dimension weights
};

Plan make_plan(const Model& model, const Weights& weights, const SubScores& sub) {
  Plan p;
  p.n = sub.rows;
  p.D = model.dimensions.size();
  p.groups = p.D ? p.D : 1;
  p.W = weights.dimension;
  p.members.resize(p.groups);
  const std::vector<double> share = full_model_shares(model, weights);
  p.ind.resize(sub.indicators);
  for (size_t i = 0; i < sub.indicators; ++i) {
    IndicatorPlan& ip = p.ind[i];
    ip.col = &sub.columns[i];
    ip.group = p.D ? static_cast<size_t>(model.indicators[i].dimension) : 0;
    p.members[ip.group].push_back(i);
    const double w = weights.indicator[i];
    const double m = ip.col->missing;
    ip.w = w;
    ip.share = share[i];
    ip.always = m == m;
    ip.ws_missing = m == m ? w * m : 0.0;
    if (ip.col->coded) {
      // Every byte value is safe to read; wide codes are all below the table's size.
      const size_t entries = ip.col->wide ? ip.col->table.size() : 256;
      ip.ws.assign(entries, 0.0);
      ip.cost.assign(entries, kNaN);
      const std::vector<double>& t = ip.col->table;
      for (size_t c = 0; c < t.size(); ++c) {
        const double x = t[c];
        ip.ws[c] = x == x ? w * x : 0.0;
        ip.cost[c] = 100 - x;
      }
    }
  }
  return p;
}

// ---- Presence patterns -------------------------------------------------------------------

uint64_t mix(uint64_t h) {
  h ^= h >> 33;
  h *= 0xff51afd7ed558ccdULL;
  h ^= h >> 33;
  h *= 0xc4ceb9fe1a85ec53ULL;
  h ^= h >> 33;
  return h;
}

// present[j] = 1 where customer r0 + j has indicator col's value, for a block of rows.
void presence_block(const SubScoreColumn& col, size_t r0, uint8_t* __restrict present) {
  if (col.wide) {
    const uint16_t* c = col.wide_codes.data() + r0;
    for (size_t j = 0; j < kBlock; ++j) present[j] = c[j] != 0;
  } else if (col.coded) {
    const uint8_t* c = col.codes.data() + r0;
    for (size_t j = 0; j < kBlock; ++j) present[j] = c[j] != 0;
  } else {
    const double* v = col.values.data() + r0;
    for (size_t j = 0; j < kBlock; ++j) present[j] = v[j] == v[j];
  }
}

// Numbers the distinct presence patterns in order of first appearance, a block of rows at a
// time (the columns are padded to whole blocks).
void refresh_patterns(PatternCache& pc, const SubScores& sub) {
  if (pc.valid && sub.table_stamp && pc.rows == sub.rows && pc.table_stamp == sub.table_stamp &&
      pc.stamps == sub.stamp) {
    return;
  }
  const size_t n = sub.rows, k = sub.indicators, words = std::max<size_t>(1, (k + 63) / 64);
  pc = PatternCache();
  pc.rows = n;
  pc.table_stamp = sub.table_stamp;
  pc.stamps = sub.stamp;
  pc.words = words;
  // Open addressing: slot → pattern + 1 (0: empty), at most half full.
  std::vector<uint32_t> slot(64, 0);
  size_t count = 0;
  auto hash = [&](const uint64_t* m) {
    uint64_t h = 0;
    for (size_t w = 0; w < words; ++w) h = mix(h ^ m[w]);
    return h;
  };
  auto place = [&](std::vector<uint32_t>& table, const uint64_t* m, uint32_t id) {
    for (size_t s = hash(m) & (table.size() - 1);; s = (s + 1) & (table.size() - 1)) {
      if (!table[s]) {
        table[s] = id + 1;
        return;
      }
    }
  };
  pc.of_row.assign(padded_rows(n), 0);
  std::vector<uint64_t> mask(kBlock * words);  // the block's patterns, row-major
  std::vector<uint8_t> present(kBlock);
  for (size_t r0 = 0; r0 < n; r0 += kBlock) {
    std::fill(mask.begin(), mask.end(), 0);
    for (size_t i = 0; i < k; ++i) {
      presence_block(sub.columns[i], r0, present.data());
      uint64_t* m = mask.data() + i / 64;
      const unsigned shift = static_cast<unsigned>(i % 64);
      for (size_t j = 0; j < kBlock; ++j) m[j * words] |= uint64_t{present[j]} << shift;
    }
    const size_t nb = std::min(kBlock, n - r0);
    for (size_t j = 0; j < nb; ++j) {
      const uint64_t* m = mask.data() + j * words;
      size_t s = hash(m) & (slot.size() - 1);
      for (;; s = (s + 1) & (slot.size() - 1)) {
        if (!slot[s] || std::equal(m, m + words, pc.patterns.data() + (slot[s] - 1) * words)) {
          break;
        }
      }
      if (slot[s]) {
        pc.of_row[r0 + j] = slot[s] - 1;
        continue;
      }
      const uint32_t id = static_cast<uint32_t>(count++);
      pc.patterns.insert(pc.patterns.end(), m, m + words);
      pc.of_row[r0 + j] = id;
      slot[s] = id + 1;
      if (count * 2 > slot.size()) {
        std::vector<uint32_t> bigger(slot.size() * 2, 0);
        for (uint32_t q = 0; q < count; ++q) place(bigger, pc.patterns.data() + q * words, q);
        slot.swap(bigger);
      }
    }
  }
  pc.valid = true;
}

// Per pattern, in the order a customer's sums are taken: [coverage, Σ W, Σ w of each group];
// and which dimensions count (Σ w > 0), bit d % 32 of word d / 32.
struct PatternTables {
  size_t stride = 0;
  std::vector<double> t;
  size_t words = 0;
  std::vector<uint32_t> counts;
};

constexpr size_t kCoverage = 0, kTotalW = 1, kGroupW = 2;

PatternTables pattern_tables(const Plan& p, const PatternCache& pc) {
  PatternTables pt;
  pt.stride = kGroupW + p.groups;
  const size_t count = pc.words ? pc.patterns.size() / pc.words : 0;
  pt.t.assign(count * pt.stride, 0.0);
  pt.words = (p.D + 31) / 32;
  pt.counts.assign(count * pt.words, 0);
  for (size_t q = 0; q < count; ++q) {
    const uint64_t* bits = pc.patterns.data() + q * pc.words;
    double* row = pt.t.data() + q * pt.stride;
    double cov = 0.0;
    for (size_t i = 0; i < p.ind.size(); ++i) {
      const IndicatorPlan& ip = p.ind[i];
      const bool present = (bits[i / 64] >> (i % 64)) & 1;
      cov += present ? ip.share : 0.0;
      row[kGroupW + ip.group] += present || ip.always ? ip.w : 0.0;
    }
    row[kCoverage] = cov;
    double total_W = 0.0;
    for (size_t d = 0; d < p.D; ++d) {
      const bool in = row[kGroupW + d] > 0;
      total_W += in ? p.W[d] : 0.0;
      if (in) pt.counts[q * pt.words + d / 32] |= uint32_t{1} << (d % 32);
    }
    row[kTotalW] = total_W;
  }
  return pt;
}

// ---- Block kernels: fixed trip counts, no branches -----------------------------------------

void gather(const uint32_t* __restrict pattern, const double* __restrict table, size_t stride,
            size_t offset, double* __restrict out) {
  for (size_t j = 0; j < kBlock; ++j) out[j] = table[pattern[j] * stride + offset];
}

void gather_words(const uint32_t* __restrict pattern, const uint32_t* __restrict table,
                  size_t stride, size_t offset, uint32_t* __restrict out) {
  for (size_t j = 0; j < kBlock; ++j) out[j] = table[pattern[j] * stride + offset];
}

template <typename Code>
void add_coded(const Code* __restrict code, const double* __restrict ws, double* __restrict num) {
  for (size_t j = 0; j < kBlock; ++j) num[j] += ws[code[j]];
}

void add_plain(const double* __restrict s, double w, double ws_missing, double* __restrict num) {
  for (size_t j = 0; j < kBlock; ++j) {
    const double x = s[j];
    num[j] += x == x ? w * x : ws_missing;
  }
}

// out = num / den where den > 0, else NaN.
void ratio_or_nan(const double* __restrict num, const double* __restrict den,
                  double* __restrict out) {
  for (size_t j = 0; j < kBlock; ++j) {
    const bool ok = den[j] > 0;
    const double v = num[j] / (ok ? den[j] : 1.0);
    out[j] = v * (ok ? 1.0 : kNaN);  // v × 1 is v
  }
}

// total += W · D where the dimension counts (Σ w > 0: bit `shift` of counts).
void add_dimension(const uint32_t* __restrict counts, unsigned shift,
                   const double* __restrict value, double W, double* __restrict total) {
  for (size_t j = 0; j < kBlock; ++j) {
    const double v = value[j];
    total[j] += (counts[j] >> shift) & 1u ? W * v : 0.0;
  }
}

// Σ w·s of a group's indicators, in model order, for the rows [r0, r0 + kBlock).
void group_sum(const Plan& p, size_t g, size_t r0, double* num) {
  std::fill(num, num + kBlock, 0.0);
  for (size_t i : p.members[g]) {
    const IndicatorPlan& ip = p.ind[i];
    if (ip.col->wide) {
      add_coded(ip.col->wide_codes.data() + r0, ip.ws.data(), num);
    } else if (ip.col->coded) {
      add_coded(ip.col->codes.data() + r0, ip.ws.data(), num);
    } else {
      add_plain(ip.col->values.data() + r0, ip.w, ip.ws_missing, num);
    }
  }
}

// What a group's value (a dimension sub-score, or the score without dimensions) was computed
// from.
std::vector<uint64_t> group_key(const Plan& p, const SubScores& sub, size_t g) {
  std::vector<uint64_t> key;
  for (size_t i : p.members[g]) {
    uint64_t w;
    std::memcpy(&w, &p.ind[i].w, sizeof w);
    key.insert(key.end(), {i, w, sub.stamp[i]});
  }
  return key;
}

// ---- Conditions --------------------------------------------------------------------------

// Score and dimension conditions change with the weights; the others read only the table and
// the sub-scores (static), and are kept in the cache.
bool is_dynamic(const Condition& c) {
  return c.field == Condition::Field::Score || c.field == Condition::Field::Dimension;
}

bool has_static(const std::vector<Condition>& when) {
  return std::any_of(when.begin(), when.end(), [](const Condition& c) { return !is_dynamic(c); });
}

bool has_dynamic(const std::vector<Condition>& when) {
  return std::any_of(when.begin(), when.end(), is_dynamic);
}

// A condition on a value: false when it is missing (NaN).

// A `column.<name>` condition for one customer.
bool column_condition_holds(const Condition& c, const Column& col, size_t r) {
  double v = 0;  // only `in` (or presence) is asked unless there is a min or max
  if (c.min || c.max) {
    if (!col.needs.number || !col.has_number(r)) return false;
    v = col.numbers[r];
  }
  if (col.needs.text) {
    std::string_view cell = trim(col.text(r));
    if (is_missing_cell(cell)) return false;
    if (c.has_in && std::none_of(c.in.begin(), c.in.end(),
                                 [&](const std::string& t) { return lower_equals(cell, t); })) {
      return false;
    }
  }
  return within_bounds(c.min, c.max, v);
}

// hold[r] &= a static condition, for every customer.
void and_static_condition(const Condition& c, const Table& table, const SubScores& sub,
                          std::vector<uint8_t>& hold) {
  const size_t n = sub.rows;
  if (c.field == Condition::Field::Indicator) {
    // The sub-score when the value is present (never NaN then), else false.
    const SubScoreColumn& col = sub.columns[static_cast<size_t>(c.index)];
    if (col.coded) {
      std::vector<uint8_t> ok(col.wide ? col.table.size() : 256, 0);
      for (size_t code = 1; code < col.table.size(); ++code)
        ok[code] = within_bounds(c.min, c.max, col.table[code]);
      if (col.wide) {
        for (size_t r = 0; r < n; ++r) hold[r] &= ok[col.wide_codes[r]];
      } else {
        for (size_t r = 0; r < n; ++r) hold[r] &= ok[col.codes[r]];
      }
    } else {
      for (size_t r = 0; r < n; ++r) hold[r] &= within_bounds(c.min, c.max, col.values[r]);
    }
    return;
  }
  const Column* col = table.column(c.column);
  for (size_t r = 0; r < n; ++r) {
    if (hold[r]) hold[r] = col && column_condition_holds(c, *col, r);
  }
}

// 1 where every static condition of `when` holds, for padded_rows(n) rows (0 after n).
std::vector<uint8_t> static_holds(const std::vector<Condition>& when, const Table& table,
                                  const SubScores& sub) {
  std::vector<uint8_t> hold(sub.rows, 1);
  for (const Condition& c : when) {
    if (!is_dynamic(c)) and_static_condition(c, table, sub, hold);
  }
  hold.resize(padded_rows(sub.rows), 0);
  return hold;
}

bool same_condition(const Condition& a, const Condition& b) {
  return a.field == b.field && a.index == b.index && a.column == b.column && a.min == b.min &&
         a.max == b.max && a.in == b.in && a.has_in == b.has_in;
}

bool same_conditions(const std::vector<Condition>& a, const std::vector<Condition>& b) {
  return a.size() == b.size() && std::equal(a.begin(), a.end(), b.begin(), same_condition);
}

template <typename T>
bool same_whens(const std::vector<std::vector<Condition>>& cached, const std::vector<T>& now) {
  if (cached.size() != now.size()) return false;
  for (size_t g = 0; g < now.size(); ++g) {
    if (!same_conditions(cached[g], now[g].when)) return false;
  }
  return true;
}

bool cache_is_current(const ConditionCache& cc, const Model& model, const SubScores& sub) {
  // (Sub-scores not made by compute_subscores have no stamps: nothing is kept for them.)
  if (!cc.valid || !sub.table_stamp || cc.rows != sub.rows || cc.table_stamp != sub.table_stamp) {
    return false;
  }
  for (const auto& [i, stamp] : cc.indicator_stamps) {
    if (i >= sub.stamp.size() || sub.stamp[i] != stamp) return false;
  }
  return same_whens(cc.segment_when, model.segments) && same_whens(cc.alert_when, model.alerts);
}

// Re-evaluates the static conditions of segments and alerts, unless the cache holds them for
// the same table, sub-scores and conditions.
void refresh_cache(ConditionCache& cc, const Model& model, const Table& table,
                   const SubScores& sub) {
  if (cache_is_current(cc, model, sub)) return;
  cc = ConditionCache();
  const size_t n = sub.rows;
  cc.rows = n;
  cc.table_stamp = sub.table_stamp;
  std::vector<size_t> read;
  auto note = [&](const std::vector<Condition>& when) {
    for (const Condition& c : when) {
      if (c.field == Condition::Field::Indicator) read.push_back(static_cast<size_t>(c.index));
    }
    return when;
  };
  for (const Segment& g : model.segments) cc.segment_when.push_back(note(g.when));
  for (const Alert& a : model.alerts) cc.alert_when.push_back(note(a.when));
  std::sort(read.begin(), read.end());
  read.erase(std::unique(read.begin(), read.end()), read.end());
  for (size_t i : read) cc.indicator_stamps.emplace_back(i, sub.stamp[i]);

  for (const Segment& g : model.segments) {
    cc.segment_static.push_back(has_static(g.when) ? static_holds(g.when, table, sub)
                                                   : std::vector<uint8_t>());
  }
  const size_t aw = alert_words_for(model.alerts.size());
  cc.alert_words = aw;
  cc.alert_bits.assign(padded_rows(n) * aw, 0);
  for (size_t a = 0; a < model.alerts.size(); ++a) {
    const AlertWord bit = AlertWord{1} << (a % kAlertBits);
    AlertWord* bits = cc.alert_bits.data() + a / kAlertBits;
    if (!has_static(model.alerts[a].when)) {
      for (size_t r = 0; r < n; ++r) bits[r * aw] |= bit;
      continue;
    }
    const std::vector<uint8_t> hold = static_holds(model.alerts[a].when, table, sub);
    for (size_t r = 0; r < n; ++r) bits[r * aw] |= hold[r] ? bit : 0;
  }
  cc.valid = true;
}

// ---- Segments and alerts, a block at a time ----------------------------------------------

// Masks m[j] ∈ {0, 1}, segment ids and indexes are small integers held in doubles, combined
// by products and blends b + m × (x − b), which are exact: selects between two loaded values
// vectorise poorly for WebAssembly.

// m[j] = 0 where the condition on v[j] does not hold (NaN: missing, never holds).
void and_range(const Condition& c, const double* __restrict v, double* __restrict m) {
  const double lo = c.min ? *c.min : 0.0, hi = c.max ? *c.max : 0.0;
  if (c.min && c.max) {
    for (size_t j = 0; j < kBlock; ++j) m[j] *= ((v[j] >= lo) & (v[j] < hi)) ? 1.0 : 0.0;
  } else if (c.min) {
    for (size_t j = 0; j < kBlock; ++j) m[j] *= v[j] >= lo ? 1.0 : 0.0;
  } else if (c.max) {
    for (size_t j = 0; j < kBlock; ++j) m[j] *= v[j] < hi ? 1.0 : 0.0;
  } else {
    for (size_t j = 0; j < kBlock; ++j) m[j] *= v[j] == v[j] ? 1.0 : 0.0;
  }
}

void and_flags(const uint8_t* __restrict flag, double* __restrict m) {
  for (size_t j = 0; j < kBlock; ++j) m[j] *= flag[j] ? 1.0 : 0.0;
}

// m[j] = 1 where the condition on v[j] holds, else 0.
void range_flags(const Condition& c, const double* __restrict v, double* __restrict m) {
  const double lo = c.min ? *c.min : 0.0, hi = c.max ? *c.max : 0.0;
  if (c.min && c.max) {
    for (size_t j = 0; j < kBlock; ++j) m[j] = ((v[j] >= lo) & (v[j] < hi)) ? 1.0 : 0.0;
  } else if (c.min) {
    for (size_t j = 0; j < kBlock; ++j) m[j] = v[j] >= lo ? 1.0 : 0.0;
  } else if (c.max) {
    for (size_t j = 0; j < kBlock; ++j) m[j] = v[j] < hi ? 1.0 : 0.0;
  } else {
    for (size_t j = 0; j < kBlock; ++j) m[j] = v[j] == v[j] ? 1.0 : 0.0;
  }
}

// Whether x lies within bounds: 0 none (present), 1 min, 2 max, 3 both.
template <int kBounds>
bool in_bounds(double x, double lo, double hi) {
  if constexpr (kBounds == 0) {
    return x == x;
  } else if constexpr (kBounds == 1) {
    return x >= lo;
  } else if constexpr (kBounds == 2) {
    return x < hi;
  } else {
    return (x >= lo) & (x < hi);
  }
}

// seg[j] = id where the score is within the bounds (and flag[j] is set).
template <int kBounds, bool kFlags>
void select_segment(const double* __restrict score, const uint8_t* __restrict flag, double lo,
                    double hi, double id, double* __restrict seg) {
  for (size_t j = 0; j < kBlock; ++j) {
    bool ok = in_bounds<kBounds>(score[j], lo, hi);
    if constexpr (kFlags) ok = ok & (flag[j] != 0);
    const double b = seg[j];
    seg[j] = b + (ok ? 1.0 : 0.0) * (id - b);
  }
}

template <bool kFlags>
void select_segment(const Condition& bounds, const double* score, const uint8_t* flag, double id,
                    double* seg) {
  const double lo = bounds.min ? *bounds.min : 0.0, hi = bounds.max ? *bounds.max : 0.0;
  switch ((bounds.min ? 1 : 0) + (bounds.max ? 2 : 0)) {
    case 0:
      select_segment<0, kFlags>(score, flag, lo, hi, id, seg);
      break;
    case 1:
      select_segment<1, kFlags>(score, flag, lo, hi, id, seg);
      break;
    case 2:
      select_segment<2, kFlags>(score, flag, lo, hi, id, seg);
      break;
    default:
      select_segment<3, kFlags>(score, flag, lo, hi, id, seg);
      break;
  }
}

void select_where(const double* __restrict m, double id, double* __restrict seg) {
  for (size_t j = 0; j < kBlock; ++j) seg[j] += m[j] * (id - seg[j]);
}

void to_segments(const double* __restrict seg, int32_t* __restrict out) {
  for (size_t j = 0; j < kBlock; ++j) out[j] = static_cast<int32_t>(seg[j]);
}

class SegmentsAndAlerts {
 public:
  SegmentsAndAlerts(const Model& model, const ConditionCache& cc) : model_(model), cc_(cc) {
    for (const Segment& s : model.segments) {
      Condition b;
      b.min = s.min;
      b.max = s.max;
      bounds_.push_back(b);
      dynamic_segment_.push_back(has_dynamic(s.when));
    }
    static_only_.assign(cc.alert_words, 0);
    for (size_t a = 0; a < model.alerts.size(); ++a) {
      if (has_dynamic(model.alerts[a].when)) {
        dynamic_alerts_.push_back(a);
      } else {
        static_only_[a / kAlertBits] |= AlertWord{1} << (a % kAlertBits);
      }
    }
    dyn_.assign(kBlock * cc.alert_words, 0);
    plan_levels();
  }

  SegmentsAndAlerts(const SegmentsAndAlerts&) = delete;
  SegmentsAndAlerts& operator=(const SegmentsAndAlerts&) = delete;

  // Segments and alerts of rows [r0, r0 + nb) from their scores and dimension sub-scores
  // (kBlock each).
  void run(size_t r0, size_t nb, const double* score, const double* const* dims, int32_t* seg_out,
           AlertWord* alerts_out) {
    double seg[kBlock], m[kBlock];  // (on the stack: the compilers see they alias nothing)
    int32_t segs[kBlock];
    if (by_level_) {
      segments_by_level(r0, score, segs);
    } else {
      segments_by_score(r0, score, dims, seg, m);
      to_segments(seg, segs);
    }
    std::copy(segs, segs + nb, seg_out + r0);
    alerts(r0, nb, score, dims, segs, m, alerts_out);
  }

 private:
  // Segments with score bounds and cached (static) conditions only, through score levels: the
  // level of a score is 1 + how many of the segments' distinct bounds are ≤ it (0 for NaN), so
  // "min ≤ score < max" is "lo ≤ level ≤ hi" on bytes — 16 customers per SIMD operation
  // instead of 2, and one pass per bound instead of one pass of doubles per segment.
  void plan_levels() {
    by_level_ = model_.segments.size() < kCodeNone;
    std::vector<double> bounds;
    for (size_t s = 0; s < model_.segments.size(); ++s) {
      if (dynamic_segment_[s]) by_level_ = false;
      if (model_.segments[s].min) bounds.push_back(*model_.segments[s].min);
      if (model_.segments[s].max) bounds.push_back(*model_.segments[s].max);
    }
    std::sort(bounds.begin(), bounds.end());
    bounds.erase(std::unique(bounds.begin(), bounds.end()), bounds.end());
    if (bounds.size() > 250) by_level_ = false;
    if (!by_level_) return;
    level_bounds_ = bounds;
    auto pos = [&bounds](double b) {
      return static_cast<size_t>(std::lower_bound(bounds.begin(), bounds.end(), b) -
                                 bounds.begin());
    };
    for (const Segment& g : model_.segments) {
      level_lo_.push_back(static_cast<uint8_t>(g.min ? pos(*g.min) + 2 : 1));
      level_hi_.push_back(static_cast<uint8_t>(g.max ? pos(*g.max) + 1 : 255));
    }
  }

  static constexpr uint8_t kCodeNone = 254, kCodeUnscored = 255;

  void segments_by_level(size_t r0, const double* __restrict score, int32_t* __restrict segs) {
    // Counted in doubles (compares and adds of doubles vectorise; to bytes they do not), then
    // narrowed once.
    double count[kBlock];
    uint8_t level[kBlock], code[kBlock];
    for (size_t j = 0; j < kBlock; ++j) count[j] = score[j] == score[j] ? 1.0 : 0.0;
    for (double b : level_bounds_) {
      for (size_t j = 0; j < kBlock; ++j) count[j] += score[j] >= b ? 1.0 : 0.0;  // NaN: never
    }
    for (size_t j = 0; j < kBlock; ++j)
      level[j] = static_cast<uint8_t>(static_cast<int32_t>(count[j]));
    for (size_t j = 0; j < kBlock; ++j) code[j] = level[j] ? kCodeNone : kCodeUnscored;
    // The first segment that holds: try them last to first, each overwriting.
    for (size_t s = model_.segments.size(); s-- > 0;) {
      const uint8_t lo = level_lo_[s], hi = level_hi_[s], id = static_cast<uint8_t>(s);
      if (cc_.segment_static[s].empty()) {
        for (size_t j = 0; j < kBlock; ++j) {
          const uint8_t mask = static_cast<uint8_t>(-((level[j] >= lo) & (level[j] <= hi)));
          code[j] ^= (code[j] ^ id) & mask;
        }
      } else {
        const uint8_t* __restrict flag = cc_.segment_static[s].data() + r0;
        for (size_t j = 0; j < kBlock; ++j) {
          const uint8_t mask =
              static_cast<uint8_t>(-((level[j] >= lo) & (level[j] <= hi) & (flag[j] != 0)));
          code[j] ^= (code[j] ^ id) & mask;
        }
      }
    }
    // 254 → −1 (none), 255 → −2 (unscored).
    for (size_t j = 0; j < kBlock; ++j) {
      segs[j] = code[j] >= kCodeNone ? 253 - static_cast<int32_t>(code[j]) : code[j];
    }
  }

  void segments_by_score(size_t r0, const double* score, const double* const* dims, double* seg,
                         double* m) {
    // The first segment that holds: try them last to first, each overwriting. The bounds of
    // the score never hold for the unscored (NaN), which stay so.
    for (size_t j = 0; j < kBlock; ++j)
      seg[j] = score[j] == score[j] ? kSegmentNone : kSegmentUnscored;
    for (size_t s = model_.segments.size(); s-- > 0;) {
      const double id = static_cast<double>(s);
      const uint8_t* flag =
          cc_.segment_static[s].empty() ? nullptr : cc_.segment_static[s].data() + r0;
      if (!dynamic_segment_[s]) {
        // The score's bounds and the conditions kept in the cache, in one pass.
        if (flag) {
          select_segment<true>(bounds_[s], score, flag, id, seg);
        } else {
          select_segment<false>(bounds_[s], score, flag, id, seg);
        }
        continue;
      }
      range_flags(bounds_[s], score, m);
      if (!cc_.segment_static[s].empty()) and_flags(cc_.segment_static[s].data() + r0, m);
      for (const Condition& c : model_.segments[s].when) {
        if (is_dynamic(c)) and_range(c, field(c, score, dims), m);
      }
      select_where(m, id, seg);
    }
  }

  void alerts(size_t r0, size_t nb, const double* score, const double* const* dims,
              const int32_t* segs, double* m, AlertWord* alerts_out) {
    const size_t aw = cc_.alert_words;
    if (!aw) return;
    const AlertWord* bits = cc_.alert_bits.data() + r0 * aw;
    AlertWord* out = alerts_out + r0 * aw;
    if (dynamic_alerts_.empty() && aw == 1) {
      const AlertWord only = static_only_[0];
      for (size_t j = 0; j < nb; ++j) out[j] = segs[j] != kSegmentUnscored ? bits[j] & only : 0;
      return;
    }
    std::fill(dyn_.begin(), dyn_.end(), 0);
    for (size_t a : dynamic_alerts_) {
      std::fill(m, m + kBlock, 1.0);
      for (const Condition& c : model_.alerts[a].when) {
        if (is_dynamic(c)) and_range(c, field(c, score, dims), m);
      }
      const AlertWord bit = AlertWord{1} << (a % kAlertBits);
      AlertWord* d = dyn_.data() + a / kAlertBits;
      if (aw == 1) {  // contiguous: vectorises
        for (size_t j = 0; j < kBlock; ++j) d[j] |= m[j] != 0 ? bit : 0;
      } else {
        for (size_t j = 0; j < kBlock; ++j) d[j * aw] |= m[j] != 0 ? bit : 0;
      }
    }
    if (aw == 1) {
      const AlertWord only = static_only_[0];
      for (size_t j = 0; j < nb; ++j) {
        const AlertWord keep = segs[j] != kSegmentUnscored ? ~AlertWord{0} : 0;  // none unscored
        out[j] = bits[j] & (only | dyn_[j]) & keep;
      }
      return;
    }
    for (size_t j = 0; j < nb; ++j) {
      const AlertWord keep = segs[j] != kSegmentUnscored ? ~AlertWord{0} : 0;  // none unscored
      for (size_t w = 0; w < aw; ++w) {
        out[j * aw + w] = bits[j * aw + w] & (static_only_[w] | dyn_[j * aw + w]) & keep;
      }
    }
  }

  static const double* field(const Condition& c, const double* score, const double* const* dims) {
    return c.field == Condition::Field::Score ? score : dims[c.index];
  }

  const Model& model_;
  const ConditionCache& cc_;
  std::vector<Condition> bounds_;         // per segment: its score bounds as a condition
  std::vector<uint8_t> dynamic_segment_;  // per segment: it has score or dimension conditions
  std::vector<size_t> dynamic_alerts_;    // alerts with score or dimension conditions
  std::vector<AlertWord> static_only_;    // per alert word: the alerts with static conditions only
  std::vector<AlertWord> dyn_;            // kBlock × alert words: dynamic conditions that hold
  bool by_level_ = false;                 // every segment static: segments_by_level()
  std::vector<double> level_bounds_;      // the segments' distinct bounds, ascending
  std::vector<uint8_t> level_lo_, level_hi_;  // per segment: the levels it takes
};

// Rows [r0, r0 + kBlock) of `from`: in place for a whole block, else copied into `local`
// (NaN after the last row).
const double* block_of(const double* from, size_t r0, size_t nb, double* local) {
  if (nb == kBlock) return from + r0;
  std::copy(from + r0, from + r0 + nb, local);
  std::fill(local + nb, local + kBlock, kNaN);
  return local;
}

// Where to write rows [r0, r0 + kBlock) of `to`: in place for a whole block, else `local`
// (then flushed with flush_block).
double* output_of(double* to, size_t r0, size_t nb, double* local) {
  return nb == kBlock ? to + r0 : local;
}

void flush_block(const double* block, double* to, size_t r0, size_t nb) {
  if (block != to + r0) std::copy(block, block + nb, to + r0);
}

}  // namespace

void compute_segments(const Model& model, const Table& table, const SubScores& sub, Results& out) {
  const size_t n = out.rows, D = model.dimensions.size();
  refresh_cache(out.conditions, model, table, sub);
  out.segment.resize(n);
  out.alert_words = alert_words_for(model.alerts.size());
  out.alerts.resize(n * out.alert_words);
  const size_t parts = row_parts(n);
  parallel_for(parts, [&](size_t part) {
    const Range range = part_of(n, parts, part, kBlock);
    SegmentsAndAlerts sa(model, out.conditions);
    std::vector<double> local((D + 1) * kBlock);
    std::vector<const double*> dims(D);
    for (size_t r0 = range.begin; r0 < range.end; r0 += kBlock) {
      const size_t nb = std::min(kBlock, n - r0);
      const double* score = block_of(out.score.data(), r0, nb, local.data());
      for (size_t d = 0; d < D; ++d) {
        dims[d] = block_of(out.dimension.data() + d * n, r0, nb, local.data() + (d + 1) * kBlock);
      }
      sa.run(r0, nb, score, dims.data(), out.segment.data(), out.alerts.data());
    }
  });
}

void compute_scores(const Model& model, const Weights& weights, const Table& table,
                    const SubScores& sub, Results& out) {
  const size_t n = sub.rows, D = model.dimensions.size();
  const bool same_shape = out.rows == n && out.score.size() == n && out.dimension.size() == n * D;
  out.rows = n;
  out.score.resize(n);
  out.coverage.resize(n);
  out.dimension.resize(n * D);
  out.segment.resize(n);
  out.alert_words = alert_words_for(model.alerts.size());
  out.alerts.resize(n * out.alert_words);
  out.drivers_ready = false;
  refresh_cache(out.conditions, model, table, sub);
  refresh_patterns(out.patterns, sub);
  const Plan p = make_plan(model, weights, sub);
  const PatternTables pt = pattern_tables(p, out.patterns);

  // A group (dimension) whose indicators, weights and columns are those its values in `out`
  // were computed from keeps them; the others are computed afresh.
  DimensionCache& dc = out.computed;
  const bool cached = same_shape && dc.valid && sub.table_stamp && dc.rows == n &&
                      dc.table_stamp == sub.table_stamp && dc.groups.size() == p.groups;
  std::vector<std::vector<uint64_t>> keys(p.groups);
  std::vector<uint8_t> fresh(p.groups);
  for (size_t g = 0; g < p.groups; ++g) {
    keys[g] = group_key(p, sub, g);
    fresh[g] = !cached || dc.groups[g] != keys[g];
  }
  dc = DimensionCache();

  // Rows in parts of whole blocks, a part per thread: each writes only its own rows.
  const size_t parts = row_parts(n);
  parallel_for(parts, [&](size_t part) {
    const Range range = part_of(n, parts, part, kBlock);
    SegmentsAndAlerts sa(model, out.conditions);
    std::vector<double> num(kBlock), den(kBlock), total(kBlock), total_W(kBlock),
        local((p.groups + 2) * kBlock);
    std::vector<uint32_t> counts(std::max<size_t>(pt.words, 1) * kBlock);
    std::vector<const double*> values(p.groups);
    for (size_t r0 = range.begin; r0 < range.end; r0 += kBlock) {
      const size_t nb = std::min(kBlock, n - r0);
      const uint32_t* pattern = out.patterns.of_row.data() + r0;
      double* cov = output_of(out.coverage.data(), r0, nb, local.data());
      gather(pattern, pt.t.data(), pt.stride, kCoverage, cov);
      flush_block(cov, out.coverage.data(), r0, nb);
      for (size_t g = 0; g < p.groups; ++g) {
        double* kept = D ? out.dimension.data() + g * n : out.score.data();
        double* mine = local.data() + (g + 2) * kBlock;
        if (fresh[g]) {
          group_sum(p, g, r0, num.data());
          gather(pattern, pt.t.data(), pt.stride, kGroupW + g, den.data());
          double* value = output_of(kept, r0, nb, mine);
          ratio_or_nan(num.data(), den.data(), value);
          flush_block(value, kept, r0, nb);
          values[g] = value;
        } else {
          values[g] = block_of(kept, r0, nb, mine);
        }
      }
      const double* score = values[0];  // without dimensions, the one group's value
      if (D) {
        for (size_t w = 0; w < pt.words; ++w) {
          gather_words(pattern, pt.counts.data(), pt.words, w, counts.data() + w * kBlock);
        }
        std::fill(total.begin(), total.end(), 0.0);
        for (size_t d = 0; d < D; ++d) {
          add_dimension(counts.data() + d / 32 * kBlock, static_cast<unsigned>(d % 32), values[d],
                        p.W[d], total.data());
        }
        gather(pattern, pt.t.data(), pt.stride, kTotalW, total_W.data());
        double* scores = output_of(out.score.data(), r0, nb, local.data() + kBlock);
        ratio_or_nan(total.data(), total_W.data(), scores);
        flush_block(scores, out.score.data(), r0, nb);
        score = scores;
      }
      sa.run(r0, nb, score, values.data(), out.segment.data(), out.alerts.data());
    }
  });
  dc.valid = true;
  dc.rows = n;
  dc.table_stamp = sub.table_stamp;
  dc.groups = std::move(keys);
}

namespace {

// ---- Drivers -----------------------------------------------------------------------------
//
// A customer's drivers are the first three of its indicators ordered by cost, largest first,
// ties in model order, among costs > 0. Rows go kRows at a time in two passes:
// 1. each indicator's costs (0 where not > 0) are kept, and the three largest cost values of
//    each row are found with a max/min network (c1 ≥ c2 ≥ c3, 0 for none);
// 2. going through the indicators from last to first, the indicator whose cost equals c_k
//    takes slot k, so that the first one in model order keeps it. When c1 > c2 > c3 this is
//    the order of the spec (a cost equal to c1 or c2 is unique, one equal to c3 goes to the
//    first in model order). Rows with c1 = c2 > 0 or c2 = c3 > 0 are ranked one at a time.

constexpr size_t kRows = 512;

void gather_rows(const uint32_t* __restrict pattern, const double* __restrict table, size_t stride,
                 size_t offset, double* __restrict out) {
  for (size_t j = 0; j < kRows; ++j) out[j] = table[pattern[j] * stride + offset];
}

// Σ W stays where the row is scored, becomes NaN where it is not.
void mask_unscored(const double* __restrict score, double* __restrict total_W) {
  for (size_t j = 0; j < kRows; ++j) total_W[j] *= score[j] == score[j] ? 1.0 : kNaN;
}

// a[j] = W / Σ W where the row is scored and the dimension counts (Σ_{V∩d} w > 0), else NaN.
void dimension_share(const double* __restrict den, const double* __restrict total_W, double W,
                     double* __restrict a) {
  for (size_t j = 0; j < kRows; ++j) a[j] = (W / total_W[j]) * (den[j] > 0 ? 1.0 : kNaN);
}

// Without dimensions: a[j] = 1 where the row is scored, else NaN (1 × q is q exactly).
void scored_share(const double* __restrict score, double* __restrict a) {
  for (size_t j = 0; j < kRows; ++j) a[j] = score[j] == score[j] ? 1.0 : kNaN;
}

// cost = w_eff × (100 − s) with w_eff = a × (w / Σ_{V∩d} w), or 0 where it is not > 0 (it is
// NaN where the row, the dimension or the indicator does not count): only costs > 0 count.
template <typename Code>
void coded_cost(const Code* __restrict code, const double* __restrict left, double w,
                const double* __restrict a, const double* __restrict den, double* __restrict cost) {
  for (size_t j = 0; j < kRows; ++j) {
    const double weff = a[j] * (w / (den[j] > 0 ? den[j] : 1.0));
    const double c = weff * left[code[j]];
    cost[j] = c > 0 ? c : 0.0;
  }
}

void plain_cost(const double* __restrict s, double missing, double w, const double* __restrict a,
                const double* __restrict den, double* __restrict cost) {
  for (size_t j = 0; j < kRows; ++j) {
    const double x = s[j];
    const double v = x == x ? x : missing;
    const double weff = a[j] * (w / (den[j] > 0 ? den[j] : 1.0));
    const double c = weff * (100 - v);
    cost[j] = c > 0 ? c : 0.0;
  }
}

// The three largest costs so far (c1 ≥ c2 ≥ c3 ≥ 0) take in cost[j] ≥ 0.
void top_costs(const double* __restrict cost, double* __restrict c1, double* __restrict c2,
               double* __restrict c3) {
  for (size_t j = 0; j < kRows; ++j) {
    const double c = cost[j], a1 = c1[j], a2 = c2[j], a3 = c3[j];
    const double lo1 = a1 < c ? a1 : c;      // what moves down from slot 1: min(c1, c)
    const double lo2 = a2 < lo1 ? a2 : lo1;  // from slot 2
    c1[j] = a1 > c ? a1 : c;
    c2[j] = a2 > lo1 ? a2 : lo1;
    c3[j] = a3 > lo2 ? a3 : lo2;
  }
}

// Slot k takes `index` where its cost is the slot's (NaN for an empty slot: never equal). The
// indexes are small integers held in doubles: the blends b + m × (index − b), m ∈ {0, 1}, are
// exact.
void take_slots(const double* __restrict cost, double index, const double* __restrict t1,
                const double* __restrict t2, const double* __restrict t3, double* __restrict i1,
                double* __restrict i2, double* __restrict i3) {
  for (size_t j = 0; j < kRows; ++j) {
    const double x = cost[j], b1 = i1[j], b2 = i2[j], b3 = i3[j];
    const double m1 = x == t1[j] ? 1.0 : 0.0, m2 = x == t2[j] ? 1.0 : 0.0,
                 m3 = x == t3[j] ? 1.0 : 0.0;
    i1[j] = b1 + m1 * (index - b1);
    i2[j] = b2 + m2 * (index - b2);
    i3[j] = b3 + m3 * (index - b3);
  }
}

void slot_costs(const double* __restrict c, double* __restrict t) {
  for (size_t j = 0; j < kRows; ++j) t[j] = c[j] > 0 ? c[j] : kNaN;
}

// One row the plain way: each indicator, in model order, enters the first slot whose cost it
// strictly exceeds (an empty slot costs 0).
void rank_row(const double* cost, size_t k, size_t j, DriverIndex* out) {
  double best_cost[kMaxDrivers] = {0, 0, 0};
  DriverIndex best[kMaxDrivers] = {-1, -1, -1};
  for (size_t i = 0; i < k; ++i) {
    const double c = cost[i * kRows + j];
    for (size_t slot = 0; slot < kMaxDrivers; ++slot) {
      if (c > best_cost[slot]) {
        for (size_t m = kMaxDrivers - 1; m > slot; --m) {
          best[m] = best[m - 1];
          best_cost[m] = best_cost[m - 1];
        }
        best[slot] = static_cast<DriverIndex>(i);
        best_cost[slot] = c;
        break;
      }
    }
  }
  std::copy(best, best + kMaxDrivers, out);
}

}  // namespace

void compute_drivers(const Model& model, const Weights& weights, const SubScores& sub,
                     Results& out) {
  const size_t n = out.rows, D = model.dimensions.size(), k = sub.indicators;
  out.drivers.resize(n * kMaxDrivers);
  refresh_patterns(out.patterns, sub);
  const Plan p = make_plan(model, weights, sub);
  const PatternTables pt = pattern_tables(p, out.patterns);
  // Rows in parts of whole blocks, a part per thread: each writes only its own rows.
  const size_t parts = row_parts(n);
  parallel_for(parts, [&](size_t part) {
    const Range range = part_of(n, parts, part, kBlock);
    std::vector<double> den(p.groups * kRows), a(p.groups * kRows), total_W(kRows), score(kRows),
        cost(std::max<size_t>(k, 1) * kRows), top(6 * kRows), slot(3 * kRows);
    double *c1 = top.data(), *c2 = c1 + kRows, *c3 = c2 + kRows;
    double *i1 = c3 + kRows, *i2 = i1 + kRows, *i3 = i2 + kRows;
    double *t1 = slot.data(), *t2 = t1 + kRows, *t3 = t2 + kRows;
    for (size_t r0 = range.begin; r0 < range.end; r0 += kRows) {
      const size_t nb = std::min(kRows, n - r0);
      const uint32_t* pattern = out.patterns.of_row.data() + r0;
      std::copy(out.score.data() + r0, out.score.data() + r0 + nb, score.data());
      std::fill(score.data() + nb, score.data() + kRows, kNaN);
      for (size_t g = 0; g < p.groups; ++g) {
        gather_rows(pattern, pt.t.data(), pt.stride, kGroupW + g, den.data() + g * kRows);
      }
      if (D) {
        gather_rows(pattern, pt.t.data(), pt.stride, kTotalW, total_W.data());
        mask_unscored(score.data(), total_W.data());
        for (size_t d = 0; d < D; ++d) {
          dimension_share(den.data() + d * kRows, total_W.data(), p.W[d], a.data() + d * kRows);
        }
      } else {
        scored_share(score.data(), a.data());
      }
      std::fill(c1, c1 + 3 * kRows, 0.0);
      for (size_t i = 0; i < k; ++i) {
        const IndicatorPlan& ip = p.ind[i];
        const double* ga = a.data() + ip.group * kRows;
        const double* gd = den.data() + ip.group * kRows;
        double* ci = cost.data() + i * kRows;
        if (ip.col->wide) {
          coded_cost(ip.col->wide_codes.data() + r0, ip.cost.data(), ip.w, ga, gd, ci);
        } else if (ip.col->coded) {
          coded_cost(ip.col->codes.data() + r0, ip.cost.data(), ip.w, ga, gd, ci);
        } else {
          plain_cost(ip.col->values.data() + r0, ip.col->missing, ip.w, ga, gd, ci);
        }
        top_costs(ci, c1, c2, c3);
      }
      slot_costs(c1, t1);
      slot_costs(c2, t2);
      slot_costs(c3, t3);
      std::fill(i1, i1 + 3 * kRows, -1.0);
      for (size_t i = k; i-- > 0;) {
        take_slots(cost.data() + i * kRows, static_cast<double>(i), t1, t2, t3, i1, i2, i3);
      }
      DriverIndex* o = out.drivers.data() + r0 * kMaxDrivers;
      for (size_t j = 0; j < nb; ++j) {
        DriverIndex* row = o + j * kMaxDrivers;
        if ((c1[j] == c2[j] && c2[j] > 0) || (c2[j] == c3[j] && c3[j] > 0)) {
          rank_row(cost.data(), k, j, row);  // equal costs among the three: rank them plainly
          continue;
        }
        row[0] = static_cast<DriverIndex>(i1[j]);
        row[1] = static_cast<DriverIndex>(i2[j]);
        row[2] = static_cast<DriverIndex>(i3[j]);
      }
    }
  });
  out.drivers_ready = true;
}

const char* segment_id(const Model& model, int32_t segment) {
  if (segment == kSegmentUnscored) return "unscored";
  if (segment == kSegmentNone) return "none";
  return model.segments[static_cast<size_t>(segment)].id.c_str();
}

}  // namespace kenko
