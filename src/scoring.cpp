#include "scoring.h"

#include <algorithm>
#include <cmath>
#include <limits>
#include <memory>

#include "text.h"

#if defined(__GNUC__) && !defined(__clang__)
// GCC keeps a select whose arm is a floating-point operation (`in ? W * v : 0.0`) as a branch,
// which stops the vectoriser, unless it may assume that such operations do not trap (clang
// assumes it by default). No value changes: nothing is reordered, fused or simplified, every
// result is the IEEE result of the operation as written.
#pragma GCC optimize("no-trapping-math", "fp-contract=off")
#endif

// How this file computes, and why every value is the one of the plain per-customer formulas:
// - Rows go in blocks of kBlock (the sub-score columns are padded to whole blocks), each loop
//   over a block has a fixed trip count and no branches, so the compiler vectorises it.
// - Each per-customer sum is still accumulated in the spec's order, starting from 0.0: Σ w·s
//   and Σ w per dimension over its indicators in model order, coverage over all indicators in
//   model order, Σ W·D and Σ W over dimensions in order. A term that does not count adds 0.0,
//   which leaves a sum that starts at +0.0 unchanged, exactly like skipping it.
// - A coded column's w·s, w and share are computed once per code (the same products), then
//   looked up per customer.

namespace kenko {

namespace {
constexpr double kNaN = std::numeric_limits<double>::quiet_NaN();
constexpr size_t kBlock = kRowBlock;
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

namespace {

// ---- The weights in force, per indicator -------------------------------------------------

struct CodeEntry {
  double ws;     // w·s, or 0 when the code does not count
  double w;      // w, or 0 when the code does not count
  double share;  // the full-model share, or 0 when the value is missing
  double cost;   // 100 − s (NaN when the code does not count), for drivers
};

struct IndicatorPlan {
  const SubScoreColumn* col = nullptr;
  size_t group = 0;  // dimension, or 0 without dimensions
  double w = 0, share = 0;
  double ws_missing = 0, w_missing = 0;  // plain: what a missing value adds
  std::vector<CodeEntry> codes;          // coded: per code
};

struct Plan {
  size_t n = 0, D = 0, groups = 1;
  std::vector<IndicatorPlan> ind;
  std::vector<double> W;  // dimension weights
};

Plan make_plan(const Model& model, const Weights& weights, const SubScores& sub) {
  Plan p;
  p.n = sub.rows;
  p.D = model.dimensions.size();
  p.groups = p.D ? p.D : 1;
  p.W = weights.dimension;
  const std::vector<double> share = full_model_shares(model, weights);
  p.ind.resize(sub.indicators);
  for (size_t i = 0; i < sub.indicators; ++i) {
    IndicatorPlan& ip = p.ind[i];
    ip.col = &sub.columns[i];
    ip.group = p.D ? static_cast<size_t>(model.indicators[i].dimension) : 0;
    const double w = weights.indicator[i];
    ip.w = w;
    ip.share = share[i];
    if (ip.col->coded) {
      const std::vector<double>& t = ip.col->table;
      ip.codes.resize(256, CodeEntry{0.0, 0.0, 0.0, kNaN});  // every byte value is safe to read
      for (size_t c = 0; c < t.size(); ++c) {
        const double x = t[c];
        const bool counts = x == x;
        ip.codes[c] =
            CodeEntry{counts ? w * x : 0.0, counts ? w : 0.0, c ? share[i] : 0.0, 100 - x};
      }
    } else {
      const double m = ip.col->missing;
      ip.ws_missing = m == m ? w * m : 0.0;
      ip.w_missing = m == m ? w : 0.0;
    }
  }
  return p;
}

// ---- Block kernels: fixed trip counts, no branches -----------------------------------------

void add_coded(const uint8_t* __restrict code, const CodeEntry* __restrict t,
               double* __restrict num, double* __restrict den, double* __restrict cov) {
  for (size_t j = 0; j < kBlock; ++j) {
    const CodeEntry& e = t[code[j]];
    num[j] += e.ws;
    den[j] += e.w;
    cov[j] += e.share;
  }
}

void add_plain(const double* __restrict s, double w, double share, double ws_missing,
               double w_missing, double* __restrict num, double* __restrict den,
               double* __restrict cov) {
  for (size_t j = 0; j < kBlock; ++j) {
    const double x = s[j];
    const bool present = x == x;
    num[j] += present ? w * x : ws_missing;
    den[j] += present ? w : w_missing;
    cov[j] += present ? share : 0.0;
  }
}

void add_coded_weight(const uint8_t* __restrict code, const CodeEntry* __restrict t,
                      double* __restrict den) {
  for (size_t j = 0; j < kBlock; ++j) den[j] += t[code[j]].w;
}

void add_plain_weight(const double* __restrict s, double w, double w_missing,
                      double* __restrict den) {
  for (size_t j = 0; j < kBlock; ++j) {
    const double x = s[j];
    den[j] += x == x ? w : w_missing;
  }
}

// One dimension: its sub-score where Σ w > 0 (else NaN), and its terms of Σ W·D and Σ W.
void add_dimension(const double* __restrict num, const double* __restrict den, double W,
                   double* __restrict value, double* __restrict total, double* __restrict total_W) {
  for (size_t j = 0; j < kBlock; ++j) {
    const bool in = den[j] > 0;
    const double v = num[j] / (in ? den[j] : 1.0);
    value[j] = v * (in ? 1.0 : kNaN);  // v × 1 is v
    total[j] += W * (in ? v : 0.0);    // W × 0 is 0: W is finite
    total_W[j] += in ? W : 0.0;
  }
}

void add_dimension_weight(const double* __restrict den, double W, double* __restrict total_W) {
  for (size_t j = 0; j < kBlock; ++j) total_W[j] += den[j] > 0 ? W : 0.0;
}

void ratio_or_nan(const double* __restrict num, const double* __restrict den,
                  double* __restrict out) {
  for (size_t j = 0; j < kBlock; ++j) {
    const bool ok = den[j] > 0;
    const double v = num[j] / (ok ? den[j] : 1.0);
    out[j] = v * (ok ? 1.0 : kNaN);
  }
}

// Σ w·s, Σ w per group and coverage for the rows [r0, r0 + kBlock).
void accumulate(const Plan& p, size_t r0, double* num, double* den, double* cov) {
  std::fill(num, num + p.groups * kBlock, 0.0);
  std::fill(den, den + p.groups * kBlock, 0.0);
  std::fill(cov, cov + kBlock, 0.0);
  for (const IndicatorPlan& ip : p.ind) {
    double* gn = num + ip.group * kBlock;
    double* gd = den + ip.group * kBlock;
    if (ip.col->coded) {
      add_coded(ip.col->codes.data() + r0, ip.codes.data(), gn, gd, cov);
    } else {
      add_plain(ip.col->values.data() + r0, ip.w, ip.share, ip.ws_missing, ip.w_missing, gn, gd,
                cov);
    }
  }
}

// Σ w per group (the denominators alone, for drivers).
void accumulate_weights(const Plan& p, size_t r0, double* den) {
  std::fill(den, den + p.groups * kBlock, 0.0);
  for (const IndicatorPlan& ip : p.ind) {
    double* gd = den + ip.group * kBlock;
    if (ip.col->coded) {
      add_coded_weight(ip.col->codes.data() + r0, ip.codes.data(), gd);
    } else {
      add_plain_weight(ip.col->values.data() + r0, ip.w, ip.w_missing, gd);
    }
  }
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
bool value_holds(const Condition& c, double v) {
  if (std::isnan(v)) return false;
  if (c.min && !(v >= *c.min)) return false;
  if (c.max && !(v < *c.max)) return false;
  return true;
}

// ascii_lower(cell) == lowered, without making the lower-cased copy.
bool lower_equals(std::string_view cell, const std::string& lowered) {
  if (cell.size() != lowered.size()) return false;
  for (size_t i = 0; i < cell.size(); ++i) {
    char x = cell[i];
    if (x >= 'A' && x <= 'Z') x = static_cast<char>(x - 'A' + 'a');
    if (x != lowered[i]) return false;
  }
  return true;
}

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
  return value_holds(c, v);
}

// hold[r] &= a static condition, for every customer.
void and_static_condition(const Condition& c, const Table& table, const SubScores& sub,
                          std::vector<uint8_t>& hold) {
  const size_t n = sub.rows;
  if (c.field == Condition::Field::Indicator) {
    // The sub-score when the value is present (never NaN then), else false.
    const SubScoreColumn& col = sub.columns[static_cast<size_t>(c.index)];
    if (col.coded) {
      uint8_t ok[256] = {};
      for (size_t code = 1; code < col.table.size(); ++code)
        ok[code] = value_holds(c, col.table[code]);
      for (size_t r = 0; r < n; ++r) hold[r] &= ok[col.codes[r]];
    } else {
      for (size_t r = 0; r < n; ++r) hold[r] &= value_holds(c, col.values[r]);
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
  if (!cc.valid || cc.rows != sub.rows || cc.table_stamp != sub.table_stamp) return false;
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
  const size_t aw = (model.alerts.size() + 63) / 64;
  cc.alert_words = aw;
  cc.alert_bits.assign(padded_rows(n) * aw, 0);
  for (size_t a = 0; a < model.alerts.size(); ++a) {
    const uint64_t bit = uint64_t{1} << (a % 64);
    uint64_t* bits = cc.alert_bits.data() + a / 64;
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

// m[j] = 0 where the condition on v[j] does not hold (NaN: missing, never holds).
void and_range(const Condition& c, const double* __restrict v, double* __restrict m) {
  const double lo = c.min ? *c.min : 0.0, hi = c.max ? *c.max : 0.0;
  if (c.min && c.max) {
    for (size_t j = 0; j < kBlock; ++j) m[j] = (v[j] >= lo) & (v[j] < hi) ? m[j] : 0.0;
  } else if (c.min) {
    for (size_t j = 0; j < kBlock; ++j) m[j] = v[j] >= lo ? m[j] : 0.0;
  } else if (c.max) {
    for (size_t j = 0; j < kBlock; ++j) m[j] = v[j] < hi ? m[j] : 0.0;
  } else {
    for (size_t j = 0; j < kBlock; ++j) m[j] = v[j] == v[j] ? m[j] : 0.0;
  }
}

void and_flags(const uint8_t* __restrict flag, double* __restrict m) {
  for (size_t j = 0; j < kBlock; ++j) m[j] = flag[j] ? m[j] : 0.0;
}

// m[j] = 1 where the row is scored, else 0.
void scored_flags(const double* __restrict score, double* __restrict m) {
  for (size_t j = 0; j < kBlock; ++j) m[j] = score[j] == score[j] ? 1.0 : 0.0;
}

void select_where(const double* __restrict m, double id, double* __restrict seg) {
  for (size_t j = 0; j < kBlock; ++j) seg[j] = m[j] != 0 ? id : seg[j];
}

class SegmentsAndAlerts {
 public:
  SegmentsAndAlerts(const Model& model, const ConditionCache& cc) : model_(model), cc_(cc) {
    for (const Segment& s : model.segments) {
      Condition b;
      b.min = s.min;
      b.max = s.max;
      bounds_.push_back(b);
    }
    static_only_.assign(cc.alert_words, 0);
    for (size_t a = 0; a < model.alerts.size(); ++a) {
      if (has_dynamic(model.alerts[a].when)) {
        dynamic_alerts_.push_back(a);
      } else {
        static_only_[a / 64] |= uint64_t{1} << (a % 64);
      }
    }
    dyn_.assign(kBlock * cc.alert_words, 0);
  }

  // Segments and alerts of rows [r0, r0 + nb) from their scores (kBlock) and dimension
  // sub-scores (D × kBlock).
  void run(size_t r0, size_t nb, const double* score, const double* dims, int32_t* seg_out,
           uint64_t* alerts_out) {
    double seg[kBlock], m[kBlock];
    // The first segment that holds: try them last to first, each overwriting.
    for (size_t j = 0; j < kBlock; ++j)
      seg[j] = score[j] == score[j] ? kSegmentNone : kSegmentUnscored;
    for (size_t s = model_.segments.size(); s-- > 0;) {
      scored_flags(score, m);
      and_range(bounds_[s], score, m);
      if (!cc_.segment_static[s].empty()) and_flags(cc_.segment_static[s].data() + r0, m);
      for (const Condition& c : model_.segments[s].when) {
        if (is_dynamic(c)) and_range(c, field(c, score, dims), m);
      }
      select_where(m, static_cast<double>(s), seg);
    }
    for (size_t j = 0; j < nb; ++j) seg_out[r0 + j] = static_cast<int32_t>(seg[j]);

    const size_t aw = cc_.alert_words;
    if (!aw) return;
    std::fill(dyn_.begin(), dyn_.end(), 0);
    for (size_t a : dynamic_alerts_) {
      std::fill(m, m + kBlock, 1.0);
      for (const Condition& c : model_.alerts[a].when) {
        if (is_dynamic(c)) and_range(c, field(c, score, dims), m);
      }
      const uint64_t bit = uint64_t{1} << (a % 64);
      uint64_t* d = dyn_.data() + a / 64;
      for (size_t j = 0; j < kBlock; ++j) d[j * aw] |= m[j] != 0 ? bit : 0;
    }
    const uint64_t* bits = cc_.alert_bits.data() + r0 * aw;
    uint64_t* out = alerts_out + r0 * aw;
    for (size_t j = 0; j < nb; ++j) {
      const uint64_t keep = score[j] == score[j] ? ~uint64_t{0} : 0;  // none when unscored
      for (size_t w = 0; w < aw; ++w) {
        out[j * aw + w] = bits[j * aw + w] & (static_only_[w] | dyn_[j * aw + w]) & keep;
      }
    }
  }

 private:
  static const double* field(const Condition& c, const double* score, const double* dims) {
    return c.field == Condition::Field::Score ? score
                                              : dims + static_cast<size_t>(c.index) * kBlock;
  }

  const Model& model_;
  const ConditionCache& cc_;
  std::vector<Condition> bounds_;       // per segment: its score bounds as a condition
  std::vector<size_t> dynamic_alerts_;  // alerts with score or dimension conditions
  std::vector<uint64_t> static_only_;   // per alert word: the alerts with static conditions only
  std::vector<uint64_t> dyn_;           // kBlock × alert words: dynamic conditions that hold
};

// Copies rows [r0, r0 + nb) of `from` into a block, NaN after them.
void load_block(const double* from, size_t r0, size_t nb, double* block) {
  std::copy(from + r0, from + r0 + nb, block);
  std::fill(block + nb, block + kBlock, kNaN);
}

}  // namespace

void compute_segments(const Model& model, const Table& table, const SubScores& sub, Results& out) {
  const size_t n = out.rows, D = model.dimensions.size();
  refresh_cache(out.conditions, model, table, sub);
  out.segment.resize(n);
  out.alert_words = (model.alerts.size() + 63) / 64;
  out.alerts.resize(n * out.alert_words);
  SegmentsAndAlerts sa(model, out.conditions);
  std::vector<double> score(kBlock), dims(std::max<size_t>(D, 1) * kBlock);
  for (size_t r0 = 0; r0 < n; r0 += kBlock) {
    const size_t nb = std::min(kBlock, n - r0);
    load_block(out.score.data(), r0, nb, score.data());
    for (size_t d = 0; d < D; ++d)
      load_block(out.dimension.data() + d * n, r0, nb, dims.data() + d * kBlock);
    sa.run(r0, nb, score.data(), dims.data(), out.segment.data(), out.alerts.data());
  }
}

void compute_scores(const Model& model, const Weights& weights, const Table& table,
                    const SubScores& sub, Results& out) {
  const size_t n = sub.rows, D = model.dimensions.size();
  out.rows = n;
  out.score.resize(n);
  out.coverage.resize(n);
  out.dimension.resize(n * D);
  out.segment.resize(n);
  out.alert_words = (model.alerts.size() + 63) / 64;
  out.alerts.resize(n * out.alert_words);
  out.drivers_ready = false;
  refresh_cache(out.conditions, model, table, sub);
  const Plan p = make_plan(model, weights, sub);
  SegmentsAndAlerts sa(model, out.conditions);
  std::vector<double> num(p.groups * kBlock), den(p.groups * kBlock), cov(kBlock), score(kBlock),
      total(kBlock), total_W(kBlock), dims(std::max<size_t>(D, 1) * kBlock);
  for (size_t r0 = 0; r0 < n; r0 += kBlock) {
    const size_t nb = std::min(kBlock, n - r0);
    accumulate(p, r0, num.data(), den.data(), cov.data());
    std::copy(cov.data(), cov.data() + nb, out.coverage.data() + r0);
    if (!D) {
      ratio_or_nan(num.data(), den.data(), score.data());
    } else {
      std::fill(total.begin(), total.end(), 0.0);
      std::fill(total_W.begin(), total_W.end(), 0.0);
      for (size_t d = 0; d < D; ++d) {
        double* value = dims.data() + d * kBlock;
        add_dimension(num.data() + d * kBlock, den.data() + d * kBlock, p.W[d], value, total.data(),
                      total_W.data());
        std::copy(value, value + nb, out.dimension.data() + d * n + r0);
      }
      ratio_or_nan(total.data(), total_W.data(), score.data());
    }
    std::copy(score.data(), score.data() + nb, out.score.data() + r0);
    sa.run(r0, nb, score.data(), dims.data(), out.segment.data(), out.alerts.data());
  }
}

namespace {

// ---- Drivers -----------------------------------------------------------------------------

// Σ W stays where the row is scored, becomes NaN where it is not.
void mask_unscored(const double* __restrict score, double* __restrict total_W) {
  for (size_t j = 0; j < kBlock; ++j) total_W[j] *= score[j] == score[j] ? 1.0 : kNaN;
}

// a[j] = W / Σ W where the row is scored and the dimension counts (Σ_{V∩d} w > 0), else NaN.
void dimension_share(const double* __restrict den, const double* __restrict total_W, double W,
                     double* __restrict a) {
  for (size_t j = 0; j < kBlock; ++j) a[j] = (W / total_W[j]) * (den[j] > 0 ? 1.0 : kNaN);
}

// Without dimensions: a[j] = 1 where the row is scored, else NaN (1 × q is q exactly).
void scored_share(const double* __restrict score, double* __restrict a) {
  for (size_t j = 0; j < kBlock; ++j) a[j] = score[j] == score[j] ? 1.0 : kNaN;
}

// cost = w_eff × (100 − s) with w_eff = a × (w / Σ_{V∩d} w); NaN where the row, the dimension
// or the indicator does not count, and NaN never becomes a driver.
void coded_cost(const uint8_t* __restrict code, const CodeEntry* __restrict t, double w,
                const double* __restrict a, const double* __restrict den, double* __restrict cost) {
  for (size_t j = 0; j < kBlock; ++j) {
    const double weff = a[j] * (w / (den[j] > 0 ? den[j] : 1.0));
    cost[j] = weff * t[code[j]].cost;
  }
}

void plain_cost(const double* __restrict s, double missing, double w, const double* __restrict a,
                const double* __restrict den, double* __restrict cost) {
  for (size_t j = 0; j < kBlock; ++j) {
    const double x = s[j];
    const double v = x == x ? x : missing;
    const double weff = a[j] * (w / (den[j] > 0 ? den[j] : 1.0));
    cost[j] = weff * (100 - v);
  }
}

// Offers indicator `index` with cost[j] to the three best slots of each row. A strictly
// greater cost moves ahead, so ties keep model order; slots start at cost 0, so only costs > 0
// enter (NaN never does). The indexes are small integers held in doubles: the blends
// b + m × (x − b) with m ∈ {0, 1} are exact.
void offer(const double* __restrict cost, double index, double* __restrict c1,
           double* __restrict c2, double* __restrict c3, double* __restrict i1,
           double* __restrict i2, double* __restrict i3) {
  for (size_t j = 0; j < kBlock; ++j) {
    const double c = cost[j], a1 = c1[j], a2 = c2[j], a3 = c3[j], b1 = i1[j], b2 = i2[j],
                 b3 = i3[j];
    const double m1 = c > a1 ? 1.0 : 0.0, m2 = c > a2 ? 1.0 : 0.0, m3 = c > a3 ? 1.0 : 0.0;
    i1[j] = b1 + m1 * (index - b1);
    i2[j] = b2 + m2 * (index - b2) + m1 * (b1 - index);
    i3[j] = b3 + m3 * (index - b3) + m2 * (b2 - index);
    const double lo1 = c > a1 ? a1 : c;  // what moves down from slot 1: min(c, c1)
    const double lo2 = c > a2 ? a2 : c;  // from slot 2
    c1[j] = c > a1 ? c : a1;
    c2[j] = lo1 > a2 ? lo1 : a2;
    c3[j] = lo2 > a3 ? lo2 : a3;
  }
}

struct TopThree {
  double c1[kBlock], c2[kBlock], c3[kBlock];  // costs, best first
  double i1[kBlock], i2[kBlock], i3[kBlock];  // indicator indexes (-1: empty)

  void clear() {
    std::fill(c1, c1 + kBlock, 0.0);
    std::fill(c2, c2 + kBlock, 0.0);
    std::fill(c3, c3 + kBlock, 0.0);
    std::fill(i1, i1 + kBlock, -1.0);
    std::fill(i2, i2 + kBlock, -1.0);
    std::fill(i3, i3 + kBlock, -1.0);
  }
};

}  // namespace

void compute_drivers(const Model& model, const Weights& weights, const SubScores& sub,
                     Results& out) {
  const size_t n = out.rows, D = model.dimensions.size();
  out.drivers.resize(n * kMaxDrivers);
  const Plan p = make_plan(model, weights, sub);
  std::vector<double> den(p.groups * kBlock), total_W(kBlock), score(kBlock), a(p.groups * kBlock),
      cost(kBlock);
  auto top = std::make_unique<TopThree>();
  for (size_t r0 = 0; r0 < n; r0 += kBlock) {
    const size_t nb = std::min(kBlock, n - r0);
    load_block(out.score.data(), r0, nb, score.data());
    accumulate_weights(p, r0, den.data());
    if (D) {
      std::fill(total_W.begin(), total_W.end(), 0.0);
      for (size_t d = 0; d < D; ++d)
        add_dimension_weight(den.data() + d * kBlock, p.W[d], total_W.data());
      mask_unscored(score.data(), total_W.data());
      for (size_t d = 0; d < D; ++d) {
        dimension_share(den.data() + d * kBlock, total_W.data(), p.W[d], a.data() + d * kBlock);
      }
    } else {
      scored_share(score.data(), a.data());
    }
    top->clear();
    for (size_t i = 0; i < p.ind.size(); ++i) {
      const IndicatorPlan& ip = p.ind[i];
      const double* ga = a.data() + ip.group * kBlock;
      const double* gd = den.data() + ip.group * kBlock;
      if (ip.col->coded) {
        coded_cost(ip.col->codes.data() + r0, ip.codes.data(), ip.w, ga, gd, cost.data());
      } else {
        plain_cost(ip.col->values.data() + r0, ip.col->missing, ip.w, ga, gd, cost.data());
      }
      offer(cost.data(), static_cast<double>(i), top->c1, top->c2, top->c3, top->i1, top->i2,
            top->i3);
    }
    int32_t* o = out.drivers.data() + r0 * kMaxDrivers;
    for (size_t j = 0; j < nb; ++j) {
      o[j * kMaxDrivers + 0] = static_cast<int32_t>(top->i1[j]);
      o[j * kMaxDrivers + 1] = static_cast<int32_t>(top->i2[j]);
      o[j * kMaxDrivers + 2] = static_cast<int32_t>(top->i3[j]);
    }
  }
  out.drivers_ready = true;
}

const char* segment_id(const Model& model, int32_t segment) {
  if (segment == kSegmentUnscored) return "unscored";
  if (segment == kSegmentNone) return "none";
  return model.segments[static_cast<size_t>(segment)].id.c_str();
}

}  // namespace kenko
