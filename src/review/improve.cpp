#include "review/improve.h"

#include <algorithm>
#include <cmath>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <iterator>
#include <limits>
#include <nlohmann/json.hpp>
#include <optional>

#include "base/error.h"
#include "base/number_format.h"
#include "base/text.h"
#include "read/cell.h"
#include "score/rank.h"
#include "score/rules.h"

// How the search works (the semantics are in improve.h):
// - RowEval holds one customer: the sub-scores that count and the presence of every indicator,
//   and scores it exactly as compute_scores does (sums in model order from +0.0, a term that
//   does not count adding 0.0, the same products and quotients), then picks the first segment
//   that matches. A change replaces a column cell (column sources: every indicator on that
//   column is re-applied to it and `column.*` conditions read it) or a derived value (ratio,
//   change), and is undone after the evaluation.
// - Along a linear or percentile indicator's path (its values ordered from the current one
//   toward the best), the score, the dimension sub-scores, the indicator's sub-score and the
//   raw value are monotone in double arithmetic (every operation on the way is monotone), so
//   each single-threshold condition flips at most once: the least position that lands is the
//   least position where the score reaches the target tier's min, or else one of the flip
//   points of the segments' thresholds, all found by bisection over the positions.

namespace kenko {

namespace {

using Json = nlohmann::ordered_json;
using Bound = ImprovementStep::Bound;
constexpr double kNaN = std::numeric_limits<double>::quiet_NaN();
constexpr double kInf = std::numeric_limits<double>::infinity();

double next_up(double v) {
  return std::nextafter(v, kInf);
}
double next_down(double v) {
  return std::nextafter(v, -kInf);
}

struct BudgetOut {};

}  // namespace

// ---- What is shared by every customer of a table -------------------------------------------

struct Improver::Shared {
  const Model& model;
  const Weights& weights;
  const Table& table;
  const SubScores& sub;
  const Results* results;
  CustomerScorer scorer;
  size_t k = 0, D = 0;
  std::vector<double> P;
  // Columns of column sources: the indicators on each, the table column.
  struct Col {
    std::string name;
    const Column* col = nullptr;
    std::vector<size_t> inds;
    bool in_conditions = false;
  };
  std::vector<int> colid;  // per indicator, -1 for ratio and change sources
  std::vector<Col> cols;
  struct Cond {
    const Condition* c;
    int colid = -1;               // column conditions on a column-source column
    const Column* col = nullptr;  // column conditions
  };
  std::vector<std::vector<Cond>> seg_conds;
  std::vector<int> rank;          // per segment: 0 without min, 1 + the index of its min
  std::vector<double> tier_mins;  // ascending distinct segment mins; rank r ≥ 1 is tier_mins[r-1]
  struct Pct {
    bool ready = false;
    std::vector<double> distinct;
    std::vector<uint32_t> below, count;  // values < distinct[q], values == distinct[q]
    size_t total = 0;
  };
  std::vector<Pct> pct;

  Shared(const Model& m, const Weights& w, const Table& t, const SubScores& s, const Results* r)
      : model(m), weights(w), table(t), sub(s), results(r), scorer(m) {
    k = model.indicators.size();
    D = model.dimensions.size();
    colid.assign(k, -1);
    pct.resize(k);
    for (size_t i = 0; i < k; ++i) {
      const Indicator& ind = model.indicators[i];
      P.push_back(ind.rule.max_points());
      if (ind.source.kind != SourceKind::Column) continue;
      int c = -1;
      for (size_t q = 0; q < cols.size(); ++q) {
        if (cols[q].name == ind.source.a) c = static_cast<int>(q);
      }
      if (c < 0) {
        cols.push_back({ind.source.a, table.column(ind.source.a), {}, false});
        c = static_cast<int>(cols.size()) - 1;
      }
      cols[static_cast<size_t>(c)].inds.push_back(i);
      colid[i] = c;
    }
    std::vector<double> mins;
    for (const Segment& s : model.segments) {
      std::vector<Cond> conds;
      for (const Condition& c : s.when) {
        Cond cd{&c, -1, nullptr};
        if (c.field == Condition::Field::Column) {
          cd.col = table.column(c.column);
          for (size_t q = 0; q < cols.size(); ++q) {
            if (cols[q].name == c.column) {
              cd.colid = static_cast<int>(q);
              cols[q].in_conditions = true;
            }
          }
        }
        conds.push_back(cd);
      }
      seg_conds.push_back(std::move(conds));
      if (s.min) mins.push_back(*s.min);
    }
    std::sort(mins.begin(), mins.end());
    mins.erase(std::unique(mins.begin(), mins.end()), mins.end());
    tier_mins = mins;
    for (const Segment& s : model.segments) {
      rank.push_back(s.min
                         ? 1 + static_cast<int>(std::lower_bound(mins.begin(), mins.end(), *s.min) -
                                                mins.begin())
                         : 0);
    }
  }

  int rank_of(int32_t seg) const {
    if (seg >= 0) return rank[static_cast<size_t>(seg)];
    return seg == kSegmentNone ? -1 : -2;
  }

  // The numeric value indicator i reads for row r (NaN when it has none), as the rules do.
  double value_at(size_t i, size_t r) const {
    const Indicator& ind = model.indicators[i];
    return value_in(ind, table.column(ind.source.a), table.column(ind.source.b), r);
  }
  static double value_in(const Indicator& ind, const Column* a, const Column* b, size_t r) {
    if (!a || !a->needs.number || !a->has_number(r)) return kNaN;
    if (ind.source.kind == SourceKind::Column) return a->numbers[r];
    if (!b || !b->needs.number || !b->has_number(r)) return kNaN;
    return source_value(ind.source.kind, a->numbers[r], b->numbers[r]);
  }

  const Pct& percentile(size_t i) {
    Pct& p = pct[i];
    if (p.ready) return p;
    const size_t n = table.rows();
    std::vector<uint64_t> keys;
    keys.reserve(n);
    const Indicator& ind = model.indicators[i];
    const Column* a = table.column(ind.source.a);
    const Column* b = ind.source.kind == SourceKind::Column ? nullptr : table.column(ind.source.b);
    for (size_t r = 0; r < n; ++r) {
      const double v = value_in(ind, a, b, r);
      if (v == v) keys.push_back(order_key(v));
    }
    radix_sort(keys, [](uint64_t key) { return key; });
    p.total = keys.size();
    for (size_t g = 0; g < keys.size();) {
      size_t h = g + 1;
      while (h < keys.size() && keys[h] == keys[g]) ++h;
      p.distinct.push_back(from_order_key(keys[g]));
      p.below.push_back(static_cast<uint32_t>(g));
      p.count.push_back(static_cast<uint32_t>(h - g));
      g = h;
    }
    p.ready = true;
    return p;
  }
};

namespace {

using Shared = Improver::Shared;

// A change of one indicator: a numeric value (`eval`, shown as `bound` `value`) or a text.
struct Change {
  size_t ind = 0;
  Bound bound = Bound::AtLeast;
  double value = kNaN, eval = kNaN, band_end = kNaN;
  const std::string* text = nullptr;  // Exactly
  bool text_has_number = false;       // the text read as a number (for numeric uses)
  double text_number = 0;
};

Change numeric_change(size_t ind, Bound bound, double value, double band_end = kNaN) {
  Change c;
  c.ind = ind;
  c.bound = bound;
  c.value = value;
  c.band_end = band_end;
  c.eval = bound == Bound::Above   ? next_up(value)
           : bound == Bound::Below ? next_down(value)
                                   : value;
  return c;
}

Change text_change(size_t ind, const std::string* text) {
  Change c;
  c.ind = ind;
  c.bound = Bound::Exactly;
  c.text = text;
  const CellNumber n = parse_number_cell(*text);
  c.text_has_number = n.kind == CellKind::Number;
  c.text_number = n.value;
  return c;
}

struct Eval {
  double score = kNaN;
  int32_t segment = kSegmentUnscored;
};

// One customer, scored as compute_scores does, with changes applied and undone.
class RowEval {
 public:
  struct Cell {
    bool active = false;
    bool has_number = false;
    double number = 0;
    bool text_missing = true;
    std::string text;  // trimmed
  };

  RowEval(Shared& sh, size_t row, uint64_t budget) : sh_(sh), row_(row), budget_(budget) {
    const size_t k = sh.k;
    base_s_.resize(k);
    base_p_.resize(k);
    base_value_.resize(k);
    for (size_t i = 0; i < k; ++i) {
      base_s_[i] = sh.sub.column(i)[row];
      base_p_[i] = sh.sub.present_column(i)[row];
      base_value_[i] = sh.model.indicators[i].rule.needs_text() ? kNaN : sh.value_at(i, row);
    }
    s_ = base_s_;
    p_ = base_p_;
    dims_.assign(sh.D, kNaN);
    ov_.resize(sh.cols.size());
    base_truth_.resize(sh.seg_conds.size());
    for (size_t g = 0; g < sh.seg_conds.size(); ++g) {
      for (const Shared::Cond& c : sh.seg_conds[g]) {
        uint8_t t = 0;
        if (c.c->field == Condition::Field::Column) t = column_holds(*c.c, c.col, base_cell(c.col));
        base_truth_[g].push_back(t);
      }
    }
  }

  // Sets the base sub-scores and presence (evaluate_customer).
  void set_base(const std::vector<double>& s, const std::vector<uint8_t>& p) {
    base_s_ = s_ = s;
    base_p_ = p_ = p;
  }
  // Replaces a cell for conditions only (evaluate_customer).
  void set_base_cell(const std::string& column, const std::string& text) {
    const Column* col = sh_.table.column(column);
    Cell cell = text_cell(col, text);
    for (size_t g = 0; g < sh_.seg_conds.size(); ++g) {
      for (size_t q = 0; q < sh_.seg_conds[g].size(); ++q) {
        const Shared::Cond& c = sh_.seg_conds[g][q];
        if (c.c->field == Condition::Field::Column && c.c->column == column)
          base_truth_[g][q] = column_holds(*c.c, c.col, cell);
      }
    }
  }

  double base_subscore(size_t i) const { return base_s_[i]; }
  bool base_present(size_t i) const { return base_p_[i] != 0; }
  double base_value(size_t i) const { return base_value_[i]; }
  uint64_t evaluations() const { return evals_; }
  void lift_budget() { budget_ = std::numeric_limits<uint64_t>::max(); }
  const std::vector<double>& dims() const { return dims_; }
  double subscore(size_t i) const { return s_[i]; }
  bool present(size_t i) const { return p_[i] != 0; }
  const Cell& cell(int colid) const { return ov_[static_cast<size_t>(colid)]; }

  // The points indicator i's rule gives a numeric value (NaN: missing), for this customer.
  double points_numeric(size_t i, double v) {
    const Rule& rule = sh_.model.indicators[i].rule;
    switch (rule.type) {
      case RuleType::Bands:
      case RuleType::Linear:
        return numeric_points(rule, v);
      case RuleType::Percentile: {
        const Shared::Pct& p = sh_.percentile(i);
        const size_t q = static_cast<size_t>(
            std::lower_bound(p.distinct.begin(), p.distinct.end(), v) - p.distinct.begin());
        double below = q < p.distinct.size() ? p.below[q] : static_cast<double>(p.total);
        double equal = q < p.distinct.size() && p.distinct[q] == v ? p.count[q] : 0;
        double total = static_cast<double>(p.total);
        const double own = base_value_[i];
        if (own == own) {  // the customer's own value moves: count the others
          total -= 1;
          if (own < v) below -= 1;
          if (own == v) equal -= 1;
        }
        return percentile_points(rule, percentile_fraction(below, equal + 1, total + 1));
      }
      default:
        return kNaN;
    }
  }

  double points_text(size_t i, std::string_view trimmed) const {
    return text_points(sh_.model.indicators[i].rule, trimmed);
  }

  double subscore_of_points(size_t i, double points) const { return subscore_of(points, sh_.P[i]); }

  // The sub-score indicator i would have with a numeric value (NaN when missing/not counting).
  double subscore_numeric(size_t i, double v) {
    const double pts = points_numeric(i, v);
    return pts == pts ? subscore_of_points(i, pts) : kNaN;
  }

  void apply(const Change& c) {
    const int cid = sh_.colid[c.ind];
    if (cid < 0) {
      set_points(c.ind, points_numeric(c.ind, c.eval));
      return;
    }
    const Shared::Col& col = sh_.cols[static_cast<size_t>(cid)];
    Cell& o = ov_[static_cast<size_t>(cid)];
    o.active = true;
    touched_cols_.push_back(cid);
    if (c.text) {
      o.text = std::string(trim(*c.text));
      o.text_missing = is_missing_cell(o.text);
      o.has_number = c.text_has_number;
      o.number = c.text_number;
    } else {
      o.has_number = true;
      o.number = c.eval;
      o.text_missing = false;
      if (col.col && col.col->needs.text) o.text = format_full(c.eval);
    }
    for (size_t j : col.inds) {
      const Rule& rule = sh_.model.indicators[j].rule;
      double pts;
      if (rule.needs_text()) {
        pts = o.text_missing ? kNaN : points_text(j, o.text);
      } else {
        pts = o.has_number ? points_numeric(j, o.number) : kNaN;
      }
      set_points(j, pts);
    }
  }

  void undo() {
    for (size_t i : touched_) {
      s_[i] = base_s_[i];
      p_[i] = base_p_[i];
    }
    touched_.clear();
    for (int c : touched_cols_) ov_[static_cast<size_t>(c)].active = false;
    touched_cols_.clear();
  }

  // Scores the customer as it stands (changes applied), through the scorer's one-customer path.
  Eval compute() {
    if (++evals_ > budget_) throw BudgetOut();
    Eval out;
    out.score = sh_.scorer.score(sh_.weights, s_.data(), dims_.data());
    out.segment = first_segment(
        sh_.model, out.score, [&](size_t g, size_t q) { return condition_holds(g, q, out.score); });
    return out;
  }

  Eval evaluate(const Change* changes, size_t n) {
    for (size_t c = 0; c < n; ++c) apply(changes[c]);
    Eval o;
    try {
      o = compute();
    } catch (...) {
      undo();
      throw;
    }
    undo();
    return o;
  }

  static bool column_holds(const Condition& c, const Column* col, const Cell& cell) {
    if (!col) return false;
    double v = 0;
    if (c.min || c.max) {
      if (!col->needs.number || !cell.has_number) return false;
      v = cell.number;
    }
    if (col->needs.text) {
      if (cell.text_missing) return false;
      if (c.has_in && std::none_of(c.in.begin(), c.in.end(), [&](const std::string& t) {
            return lower_equals(cell.text, t);
          })) {
        return false;
      }
    }
    return within_bounds(c.min, c.max, v);
  }

 private:
  void set_points(size_t i, double pts) {
    touched_.push_back(i);
    if (pts == pts) {
      s_[i] = subscore_of_points(i, pts);
      p_[i] = 1;
    } else {
      s_[i] = sh_.sub.columns[i].missing;
      p_[i] = 0;
    }
  }

  Cell base_cell(const Column* col) const {
    Cell cell;
    if (!col) return cell;
    if (col->needs.number && col->has_number(row_)) {
      cell.has_number = true;
      cell.number = col->numbers[row_];
    }
    if (col->needs.text) {
      cell.text = std::string(trim(col->text(row_)));
      cell.text_missing = is_missing_cell(cell.text);
    }
    return cell;
  }

  static Cell text_cell(const Column* col, const std::string& text) {
    Cell cell;
    cell.text = std::string(trim(text));
    cell.text_missing = is_missing_cell(cell.text);
    if (col && col->needs.number) {
      const CellNumber n = parse_number_cell(text);
      cell.has_number = n.kind == CellKind::Number;
      cell.number = n.value;
    }
    return cell;
  }

  bool condition_holds(size_t g, size_t q, double score) const {
    const Shared::Cond& cd = sh_.seg_conds[g][q];
    const Condition& c = *cd.c;
    switch (c.field) {
      case Condition::Field::Score:
        return within_bounds(c.min, c.max, score);
      case Condition::Field::Dimension:
        return within_bounds(c.min, c.max, dims_[static_cast<size_t>(c.index)]);
      case Condition::Field::Indicator: {
        const size_t i = static_cast<size_t>(c.index);
        return p_[i] && within_bounds(c.min, c.max, s_[i]);
      }
      case Condition::Field::Column:
        if (cd.colid >= 0 && ov_[static_cast<size_t>(cd.colid)].active)
          return column_holds(c, cd.col, ov_[static_cast<size_t>(cd.colid)]);
        return base_truth_[g][q];
    }
    return false;
  }

  Shared& sh_;
  size_t row_;
  uint64_t budget_, evals_ = 0;
  std::vector<double> base_s_, s_, base_value_, dims_;
  std::vector<uint8_t> base_p_, p_;
  std::vector<Cell> ov_;
  std::vector<std::vector<uint8_t>> base_truth_;
  std::vector<size_t> touched_;
  std::vector<int> touched_cols_;
};

// ---- Candidates ---------------------------------------------------------------------------

// A linear or percentile indicator's values from the current one toward the best, as
// positions first..n (the sub-score is non-decreasing in the position and, from `first` on,
// higher than the one that counts now).
struct Path {
  bool valid = false;
  size_t ind = 0;
  bool percentile = false;
  int dir = 1;        // +1: higher values are better
  uint64_t key0 = 0;  // linear: the order key of position 0
  uint64_t q0 = 0;    // percentile: the index of position 0 among the positions
  uint64_t first = 0, n = 0;
};

struct IndicatorCandidates {
  std::vector<Change> disc;    // bands, boolean, category
  Path path;                   // linear, percentile
  std::vector<Change> levels;  // linear, percentile: values reaching 25, 50, 75 and the top
  bool any() const { return !disc.empty() || path.valid; }
};

class Search {
 public:
  Search(Shared& sh, size_t row, const ImproveOptions& opt)
      : sh_(sh), row_(row), opt_(opt), ev_(sh, row, opt.max_evaluations) {}

  Improvement run() {
    Improvement imp;
    imp.row = row_;
    const Results& res = *sh_.results;
    imp.score_before = res.score[row_];
    imp.score_after = kNaN;
    imp.from_segment = res.segment[row_];
    auto fail = [&](ImproveFailure f, std::string why) {
      imp.failure = f;
      imp.reason_if_not_found = std::move(why);
      imp.evaluations = ev_.evaluations();
      return imp;
    };
    if (imp.from_segment == kSegmentUnscored)
      return fail(ImproveFailure::Unscored, "unscored: no indicator counts for this customer");
    if (opt_.target_segment >= 0 &&
        static_cast<size_t>(opt_.target_segment) >= sh_.model.segments.size()) {
      throw Error("no segment " + std::to_string(opt_.target_segment));
    }
    if (opt_.target_segment >= 0 && imp.from_segment == opt_.target_segment)
      return fail(ImproveFailure::AlreadyInTarget, "already in the segment asked for");
    const int r0 = sh_.rank_of(imp.from_segment);
    std::vector<int> targets;  // ranks above r0 that some segment has, nearest first
    if (opt_.target_segment >= 0) {
      targets.push_back(-100);  // (unused: the segment itself is the target)
    } else {
      for (int r = r0 + 1; r <= static_cast<int>(sh_.tier_mins.size()); ++r) {
        if (std::find(sh_.rank.begin(), sh_.rank.end(), r) != sh_.rank.end()) targets.push_back(r);
      }
      if (targets.empty()) return fail(ImproveFailure::BestSegment, "already in the best segment");
    }
    prepare_candidates();
    const int max_ind = std::max(1, std::min(3, opt_.max_indicators));
    try {
      for (int t : targets) {
        target_rank_ = t;
        if (opt_.target_segment >= 0) {
          const Segment& s = sh_.model.segments[static_cast<size_t>(opt_.target_segment)];
          threshold_ = s.min ? *s.min : -kInf;
        } else {
          threshold_ = t >= 1 ? sh_.tier_mins[static_cast<size_t>(t - 1)] : -kInf;
        }
        for (int level = 1; level <= max_ind; ++level) {
          best_ = Best();
          search_level(level);
          if (best_.ok) return finish(imp);
        }
      }
    } catch (const BudgetOut&) {
      imp.complete = false;
      if (best_.ok) return finish(imp);
      return fail(ImproveFailure::Budget,
                  "the search budget (" + std::to_string(opt_.max_evaluations) +
                      " evaluations) ran out before a better segment was reached");
    }
    return fail(ImproveFailure::Unreachable,
                opt_.target_segment >= 0
                    ? "the segment asked for cannot be reached by changing at most " +
                          std::to_string(max_ind) + " indicators"
                    : "no better segment can be reached by changing at most " +
                          std::to_string(max_ind) + " indicators");
  }

 private:
  struct Best {
    bool ok = false;
    double score = kNaN;
    double shown = kNaN;  // the score in hundredths, as shown (two decimals)
    double gain = 0;      // Σ of the sub-scores' increases
    int32_t segment = kSegmentNone;
    std::vector<Change> changes;
  };

  bool lands(int32_t seg) const {
    if (opt_.target_segment >= 0) return seg == opt_.target_segment;
    return seg >= 0 && sh_.rank[static_cast<size_t>(seg)] == target_rank_;
  }

  // ---- Candidate generation

  // The current sub-score that counts: candidates must beat it (NaN: anything goes).
  double current(size_t i) const { return ev_.base_subscore(i); }
  bool better(size_t i, double s) const {
    const double c = current(i);
    return s == s && (c != c || s > c);
  }

  void prepare_candidates() {
    cands_.resize(sh_.k);
    for (size_t i = 0; i < sh_.k; ++i) {
      const Indicator& ind = sh_.model.indicators[i];
      IndicatorCandidates& ic = cands_[i];
      switch (ind.rule.type) {
        case RuleType::Bands:
          band_candidates(i, ic);
          break;
        case RuleType::Boolean:
          boolean_candidates(i, ic);
          break;
        case RuleType::Category:
          category_candidates(i, ic);
          break;
        case RuleType::Linear:
          linear_path(i, ic.path);
          levels(ic);
          break;
        case RuleType::Percentile:
          percentile_path(i, ic.path);
          levels(ic);
          break;
      }
      // Several candidates with the same sub-score act alike unless the column is read
      // elsewhere: keep the nearest.
      const int cid = sh_.colid[i];
      const bool shared = cid >= 0 && (sh_.cols[static_cast<size_t>(cid)].in_conditions ||
                                       sh_.cols[static_cast<size_t>(cid)].inds.size() > 1);
      if (!shared && ic.disc.size() > 1) {
        std::vector<Change> kept;
        std::vector<double> seen;
        for (const Change& c : ic.disc) {
          const double s = subscore_of(c);
          if (std::find(seen.begin(), seen.end(), s) != seen.end()) continue;
          seen.push_back(s);
          kept.push_back(c);
        }
        ic.disc.swap(kept);
      }
      if (ic.any()) movable_.push_back(i);
    }
  }

  double subscore_of(const Change& c) {
    if (c.text) {
      const double pts = ev_.points_text(c.ind, trim(*c.text));
      return pts == pts ? ev_.subscore_of_points(c.ind, pts) : kNaN;
    }
    return ev_.subscore_numeric(c.ind, c.eval);
  }

  void band_candidates(size_t i, IndicatorCandidates& ic) {
    const Rule& rule = sh_.model.indicators[i].rule;
    std::vector<double> bp;
    for (const Band& b : rule.bands) {
      if (b.min) bp.push_back(*b.min);
      if (b.max) bp.push_back(*b.max);
    }
    std::sort(bp.begin(), bp.end());
    bp.erase(std::unique(bp.begin(), bp.end()), bp.end());
    const double v0 = ev_.base_value(i);
    struct Item {
      double dist;
      size_t order;
      Change c;
    };
    std::vector<Item> items;
    // Intervals (-inf, bp[0]), [bp[0], bp[1]), ..., [bp[m-1], +inf): one first band each.
    for (size_t q = 0; q <= bp.size(); ++q) {
      const double lo = q == 0 ? -kInf : bp[q - 1];
      const double hi = q == bp.size() ? kInf : bp[q];
      if (q == 0 && bp.empty()) continue;  // one interval: the same band everywhere
      Change c;
      if (v0 == v0 && v0 >= hi) {
        c = numeric_change(i, Bound::Below, hi, q == 0 ? kNaN : lo);
      } else if (v0 == v0 && v0 >= lo) {
        continue;  // the customer's own interval
      } else if (q > 0) {
        c = numeric_change(i, Bound::AtLeast, lo, hi == kInf ? kNaN : hi);
      } else {
        c = numeric_change(i, Bound::Below, hi, kNaN);
      }
      if (!better(i, subscore_of(c))) continue;
      const double dist = v0 == v0 ? std::fabs(c.eval - v0) : static_cast<double>(q);
      items.push_back({dist, q, c});
    }
    std::stable_sort(items.begin(), items.end(),
                     [](const Item& a, const Item& b) { return a.dist < b.dist; });
    for (const Item& it : items) ic.disc.push_back(it.c);
  }

  void boolean_candidates(size_t i, IndicatorCandidates& ic) {
    if (!better(i, ev_.subscore_of_points(i, sh_.model.indicators[i].rule.points))) return;
    const Column* col = sh_.table.column(sh_.model.indicators[i].source.a);
    size_t word = 0;  // "true"
    if (col && col->needs.text) {
      const std::string_view t = trim(col->text(row_));
      for (size_t q = 0; q < std::size(kFalseWords); ++q) {
        if (iequals_ascii(t, kFalseWords[q])) word = q;
      }
    }
    // The true-like word that pairs with the false-like one the cell holds ("no" → "yes").
    static const std::vector<std::string> kTrueTexts(std::begin(kTrueWords), std::end(kTrueWords));
    ic.disc.push_back(text_change(i, &kTrueTexts[word]));
  }

  void category_candidates(size_t i, IndicatorCandidates& ic) {
    const Rule& rule = sh_.model.indicators[i].rule;
    std::vector<std::pair<double, size_t>> order;
    for (size_t m = 0; m < rule.map.size(); ++m) {
      const double s = ev_.subscore_of_points(i, rule.map[m].second);
      if (better(i, s)) order.emplace_back(s, m);
    }
    // Smallest gain first (ties in map order).
    std::stable_sort(order.begin(), order.end(),
                     [](const auto& a, const auto& b) { return a.first < b.first; });
    for (const auto& [s, m] : order) ic.disc.push_back(text_change(i, &rule.map[m].first));
  }

  // Positions of a path → the change.
  Change at(const Path& p, uint64_t pos) const {
    if (!p.percentile) {
      const uint64_t key = p.dir > 0 ? p.key0 + pos : p.key0 - pos;
      return numeric_change(p.ind, p.dir > 0 ? Bound::AtLeast : Bound::AtMost, from_order_key(key));
    }
    const Shared::Pct& pc = sh_.pct[p.ind];
    const uint64_t q = p.q0 + pos;
    const size_t m = pc.distinct.size();
    const size_t kq = static_cast<size_t>(q / 2);
    if (p.dir > 0) {
      return numeric_change(p.ind, q % 2 ? Bound::Above : Bound::AtLeast, pc.distinct[kq]);
    }
    return numeric_change(p.ind, q % 2 ? Bound::Below : Bound::AtMost, pc.distinct[m - 1 - kq]);
  }

  double path_subscore(const Path& p, uint64_t pos) {
    return ev_.subscore_numeric(p.ind, at(p, pos).eval);
  }

  // Sets p.first: the least position whose sub-score beats the current one (invalid if none).
  void finish_path(Path& p) {
    const double c = current(p.ind);
    if (c == c) {
      if (!(path_subscore(p, p.n) > c)) return;
      uint64_t lo = 0, hi = p.n;  // answer in (lo, hi] unless position 0 already beats it
      if (path_subscore(p, 0) > c) {
        hi = 0;
      } else {
        while (hi - lo > 1) {
          const uint64_t mid = lo + (hi - lo) / 2;
          (path_subscore(p, mid) > c ? hi : lo) = mid;
        }
      }
      p.first = hi;
    }
    p.valid = true;
  }

  void linear_path(size_t i, Path& p) {
    const Rule& rule = sh_.model.indicators[i].rule;
    p.ind = i;
    p.dir = rule.to > rule.from ? 1 : -1;
    const double v0 = ev_.base_value(i);
    double start = rule.from;
    if (v0 == v0 && (p.dir > 0 ? v0 > rule.from : v0 < rule.from)) start = v0;
    if (p.dir > 0 ? !(start < rule.to) : !(start > rule.to)) return;  // at the best already
    p.key0 = order_key(start);
    const uint64_t kt = order_key(rule.to);
    p.n = p.dir > 0 ? kt - p.key0 : p.key0 - kt;
    finish_path(p);
  }

  void percentile_path(size_t i, Path& p) {
    const Rule& rule = sh_.model.indicators[i].rule;
    const Shared::Pct& pc = sh_.percentile(i);
    const size_t m = pc.distinct.size();
    if (m == 0) return;
    p.ind = i;
    p.percentile = true;
    p.dir = rule.lower_is_better ? -1 : 1;
    const double v0 = ev_.base_value(i);
    uint64_t q0 = 0;
    if (v0 == v0) {
      // Position 0: just beyond the customer's own value (which is among the distinct ones).
      const size_t k0 = static_cast<size_t>(
          std::lower_bound(pc.distinct.begin(), pc.distinct.end(), v0) - pc.distinct.begin());
      q0 = p.dir > 0 ? 2 * k0 + 1 : 2 * (m - 1 - k0) + 1;
    }
    if (q0 > 2 * m - 1) return;
    p.q0 = q0;
    p.n = 2 * m - 1 - q0;
    finish_path(p);
  }

  // The least positions reaching sub-scores 25, 50, 75 and 90, and the end.
  void levels(IndicatorCandidates& ic) {
    const Path& p = ic.path;
    if (!p.valid) return;
    std::vector<uint64_t> pos;
    const double c = current(p.ind);
    for (double level : {25.0, 50.0, 75.0, 90.0}) {
      if (c == c && !(level > c)) continue;
      if (!(path_subscore(p, p.n) >= level)) continue;
      uint64_t lo = p.first, hi = p.n;
      if (path_subscore(p, lo) >= level) {
        hi = lo;
      } else {
        while (hi - lo > 1) {
          const uint64_t mid = lo + (hi - lo) / 2;
          (path_subscore(p, mid) >= level ? hi : lo) = mid;
        }
      }
      pos.push_back(hi);
    }
    pos.push_back(p.n);
    pos.erase(std::unique(pos.begin(), pos.end()), pos.end());
    for (uint64_t q : pos) ic.levels.push_back(at(p, q));
  }

  // ---- The search

  bool coupled(size_t i) const {
    const int c = sh_.colid[i];
    return c >= 0 && sh_.cols[static_cast<size_t>(c)].inds.size() > 1;
  }

  const std::vector<Change>& combo_list(size_t i) const {
    return cands_[i].path.valid ? cands_[i].levels : cands_[i].disc;
  }

  // The candidate with the most (best) or least (!best) sub-score.
  Change extreme(size_t i, bool best) {
    const IndicatorCandidates& ic = cands_[i];
    if (ic.path.valid) return at(ic.path, best ? ic.path.n : ic.path.first);
    size_t pick = 0;
    for (size_t q = 1; q < ic.disc.size(); ++q) {
      const double a = subscore_of(ic.disc[q]), b = subscore_of(ic.disc[pick]);
      if (best ? a > b : a < b) pick = q;
    }
    return ic.disc[pick];
  }

  static double shown(double score) { return std::round(score * 100); }

  // Whether a combination whose score is at least `low` may still beat the best.
  bool may_beat(double low) const { return !best_.ok || !(shown(low) > best_.shown); }

  // Keeps the answer with the least shown score, then the least gain of sub-scores, then the
  // first found (model order).
  void consider(const std::vector<Change>& changes, const Eval& o) {
    if (!lands(o.segment)) return;
    const double sh = shown(o.score);
    if (best_.ok && sh > best_.shown) return;
    double gain = 0;
    for (const Change& c : changes) {
      const double before = current(c.ind);
      gain += subscore_of(c) - (before == before ? before : 0.0);
    }
    if (best_.ok && sh == best_.shown && !(gain < best_.gain)) return;
    best_.ok = true;
    best_.score = o.score;
    best_.shown = sh;
    best_.gain = gain;
    best_.segment = o.segment;
    best_.changes = changes;
  }

  void search_level(int level) {
    std::vector<size_t> combo;
    enumerate(level, 0, combo);
  }

  void enumerate(int level, size_t from, std::vector<size_t>& combo) {
    if (static_cast<int>(combo.size()) == level) {
      try_combo(combo);
      return;
    }
    for (size_t q = from; q < movable_.size(); ++q) {
      const size_t i = movable_[q];
      const int c = sh_.colid[i];
      bool clash = false;
      for (size_t j : combo) clash |= c >= 0 && sh_.colid[j] == c;
      if (clash) continue;
      combo.push_back(i);
      enumerate(level, q + 1, combo);
      combo.pop_back();
    }
  }

  void try_combo(const std::vector<size_t>& combo) {
    bool monotone = true;
    for (size_t i : combo) monotone &= !coupled(i);
    std::vector<Change> ch;
    if (monotone && combo.size() > 1) {
      // The score is monotone in each sub-score: the best candidates bound what the
      // combination can reach, the least ones what it must at least give.
      for (size_t i : combo) ch.push_back(extreme(i, true));
      if (threshold_ > -kInf && ev_.evaluate(ch.data(), ch.size()).score < threshold_) return;
      if (best_.ok) {
        ch.clear();
        for (size_t i : combo) ch.push_back(extreme(i, false));
        if (!may_beat(ev_.evaluate(ch.data(), ch.size()).score)) return;
      }
    }
    bool any_path = false;
    for (size_t i : combo) any_path |= cands_[i].path.valid;
    if (!any_path) {
      ch.clear();
      product(combo, combo.size(), 0, ch);
      return;
    }
    for (size_t m = 0; m < combo.size(); ++m) {
      if (!cands_[combo[m]].path.valid) continue;
      ch.clear();
      product(combo, m, 0, ch);
    }
  }

  // Every choice of candidates for the members other than `solved` (all of them when solved ==
  // combo.size()), then the solved member's exact least value.
  void product(const std::vector<size_t>& combo, size_t solved, size_t at_member,
               std::vector<Change>& ch) {
    if (at_member == combo.size()) {
      if (solved == combo.size()) {
        consider(ch, ev_.evaluate(ch.data(), ch.size()));
      } else {
        solve(cands_[combo[solved]].path, ch);
      }
      return;
    }
    if (at_member == solved) {
      product(combo, solved, at_member + 1, ch);
      return;
    }
    const size_t i = combo[at_member];
    const std::vector<Change>& list = combo.size() == 1 ? cands_[i].disc : combo_list(i);
    for (const Change& c : list) {
      ch.push_back(c);
      product(combo, solved, at_member + 1, ch);
      ch.pop_back();
    }
  }

  Eval eval_with(std::vector<Change>& fixed, const Change& c) {
    fixed.push_back(c);
    Eval o;
    try {
      o = ev_.evaluate(fixed.data(), fixed.size());
    } catch (...) {
      fixed.pop_back();
      throw;
    }
    fixed.pop_back();
    return o;
  }

  // A condition on one monotone quantity along a path: `min` (q ≥ θ) or `max` (q < θ).
  struct Atom {
    Condition::Field field;
    int index;  // dimension or indicator; column: colid
    double theta;
    bool is_min;
  };

  bool atom_holds(std::vector<Change>& fixed, const Change& c, const Atom& a) {
    fixed.push_back(c);
    for (const Change& x : fixed) ev_.apply(x);
    Eval o;
    try {
      o = ev_.compute();
    } catch (...) {
      ev_.undo();
      fixed.pop_back();
      throw;
    }
    double q = kNaN;
    switch (a.field) {
      case Condition::Field::Score:
        q = o.score;
        break;
      case Condition::Field::Dimension:
        q = ev_.dims()[static_cast<size_t>(a.index)];
        break;
      case Condition::Field::Indicator: {
        const size_t i = static_cast<size_t>(a.index);
        q = ev_.present(i) ? ev_.subscore(i) : kNaN;
        break;
      }
      case Condition::Field::Column: {
        const RowEval::Cell& cell = ev_.cell(a.index);
        q = cell.has_number ? cell.number : kNaN;
        break;
      }
    }
    ev_.undo();
    fixed.pop_back();
    if (q != q) return false;
    return a.is_min ? q >= a.theta : q < a.theta;
  }

  // The least position of `p` that, with `fixed`, lands in the target.
  void solve(const Path& p, std::vector<Change>& fixed) {
    const Eval top = eval_with(fixed, at(p, p.n));
    if (threshold_ > -kInf && !(top.score >= threshold_)) return;
    const Eval low = eval_with(fixed, at(p, p.first));
    if (!may_beat(low.score) && !coupled(p.ind)) return;
    uint64_t start = p.first;
    Eval at_start = low;
    if (threshold_ > -kInf && !(low.score >= threshold_)) {
      uint64_t lo = p.first, hi = p.n;  // score(lo) < θ ≤ score(hi)
      while (hi - lo > 1) {
        const uint64_t mid = lo + (hi - lo) / 2;
        (eval_with(fixed, at(p, mid)).score >= threshold_ ? hi : lo) = mid;
      }
      start = hi;
      at_start = eval_with(fixed, at(p, start));
    }
    if (lands(at_start.segment)) {
      fixed.push_back(at(p, start));
      consider(fixed, at_start);
      fixed.pop_back();
      return;
    }
    // The landing changes only where one of the segments' thresholds flips.
    std::vector<Atom> atoms;
    auto add = [&](Condition::Field f, int index, const std::optional<double>& min,
                   const std::optional<double>& max) {
      if (min) atoms.push_back({f, index, *min, true});
      if (max) atoms.push_back({f, index, *max, false});
    };
    const int cid = sh_.colid[p.ind];
    for (size_t g = 0; g < sh_.model.segments.size(); ++g) {
      const Segment& s = sh_.model.segments[g];
      add(Condition::Field::Score, 0, s.min, s.max);
      for (const Shared::Cond& cd : sh_.seg_conds[g]) {
        const Condition& c = *cd.c;
        if (c.field == Condition::Field::Column) {
          if (cd.colid >= 0 && cd.colid == cid) add(c.field, cid, c.min, c.max);
        } else {
          add(c.field, c.index, c.min, c.max);
        }
      }
    }
    std::vector<uint64_t> flips;
    for (const Atom& a : atoms) {
      const bool h0 = atom_holds(fixed, at(p, start), a);
      if (atom_holds(fixed, at(p, p.n), a) == h0) continue;
      uint64_t lo = start, hi = p.n;
      while (hi - lo > 1) {
        const uint64_t mid = lo + (hi - lo) / 2;
        (atom_holds(fixed, at(p, mid), a) != h0 ? hi : lo) = mid;
      }
      flips.push_back(hi);
    }
    std::sort(flips.begin(), flips.end());
    flips.erase(std::unique(flips.begin(), flips.end()), flips.end());
    for (uint64_t q : flips) {
      const Change c = at(p, q);
      const Eval o = eval_with(fixed, c);
      if (lands(o.segment)) {
        fixed.push_back(c);
        consider(fixed, o);
        fixed.pop_back();
        return;
      }
    }
  }

  // ---- The answer

  std::string value_text(size_t i) const {
    const Indicator& ind = sh_.model.indicators[i];
    const Column* a = sh_.table.column(ind.source.a);
    if (!a) return "";
    if (ind.source.kind == SourceKind::Column && a->needs.text && ind.rule.needs_text())
      return std::string(trim(a->text(row_)));
    const double v = ev_.base_value(i);
    if (v != v) return "";
    if (ind.source.kind == SourceKind::Column) return format_full(v);
    // A ratio or a percent change: four significant digits are enough to read.
    char buf[64];
    std::snprintf(buf, sizeof buf, "%.3e", v);
    return format_full(std::strtod(buf, nullptr));
  }

  // Rounds v to `digits` significant digits in direction dir (+1 up, −1 down).
  static double round_toward(double v, int digits, int dir) {
    char buf[64];
    std::snprintf(buf, sizeof buf, "%.*e", digits - 1, v);
    double r = std::strtod(buf, nullptr);
    if (dir > 0 ? r < v : r > v) {
      const char* e = std::strchr(buf, 'e');
      const int exp10 = e ? std::atoi(e + 1) : 0;
      char unit[16];  // 10^(exp10 − digits + 1), read exactly rather than from pow()
      std::snprintf(unit, sizeof unit, "1e%d", exp10 - (digits - 1));
      r += dir * std::strtod(unit, nullptr);
      std::snprintf(buf, sizeof buf, "%.*e", digits - 1, r);
      r = std::strtod(buf, nullptr);
      if (dir > 0 ? r < v : r > v) return v;
    }
    return r;
  }

  Improvement finish(Improvement& imp) {
    const uint64_t used = ev_.evaluations();
    ev_.lift_budget();  // (showing the answer is not part of the search)
    std::vector<Change> changes = best_.changes;
    std::sort(changes.begin(), changes.end(),
              [](const Change& a, const Change& b) { return a.ind < b.ind; });
    imp.found = true;
    imp.failure = ImproveFailure::None;
    imp.to_segment = best_.segment;
    imp.score_after = best_.score;
    for (const Change& x : changes) ev_.apply(x);
    std::vector<double> after(sh_.k);
    for (size_t i = 0; i < sh_.k; ++i) after[i] = ev_.subscore(i);
    ev_.undo();
    for (size_t q = 0; q < changes.size(); ++q) {
      const Change& c = changes[q];
      ImprovementStep st;
      st.indicator = c.ind;
      st.from_present = ev_.base_present(c.ind);
      st.from_text = value_text(c.ind);
      st.from_value = ev_.base_value(c.ind);
      st.from_subscore = ev_.base_subscore(c.ind);
      st.bound = c.bound;
      st.to_value = c.text ? kNaN : c.value;
      st.band_end = c.band_end;
      st.to_subscore = after[c.ind];
      if (c.text) {
        st.to_text = *c.text;
      } else if (sh_.model.indicators[c.ind].rule.type == RuleType::Linear) {
        // The exact least value, shown with fewer digits when that still lands.
        const int dir = c.bound == Bound::AtLeast ? 1 : -1;
        st.to_text = format_full(c.value);
        for (int digits = 3; digits < 17; ++digits) {
          const double r = round_toward(c.value, digits, dir);
          if (r == c.value) break;
          std::vector<Change> alt = changes;
          alt[q] = numeric_change(c.ind, c.bound, r);
          const Eval o = ev_.evaluate(alt.data(), alt.size());
          if (o.segment == best_.segment) {
            st.to_text = format_full(r);
            break;
          }
        }
      } else {
        st.to_text = format_full(c.value);
      }
      imp.steps.push_back(std::move(st));
    }
    imp.evaluations = used;
    return imp;
  }

  Shared& sh_;
  size_t row_;
  ImproveOptions opt_;
  RowEval ev_;
  std::vector<IndicatorCandidates> cands_;
  std::vector<size_t> movable_;
  int target_rank_ = 0;
  double threshold_ = -kInf;
  Best best_;
};

}  // namespace

// ---- Public API ---------------------------------------------------------------------------

Improver::Improver(const Model& model, const Weights& weights, const Table& table,
                   const SubScores& sub, const Results& results)
    : shared_(std::make_unique<Shared>(model, weights, table, sub, &results)) {}

Improver::~Improver() = default;

Improvement Improver::improve(size_t row, const ImproveOptions& options) {
  if (row >= shared_->table.rows() || row >= shared_->results->rows) {
    throw Error("no customer " + std::to_string(row) + " (the table has " +
                std::to_string(shared_->table.rows()) + ")");
  }
  Search search(*shared_, row, options);
  return search.run();
}

Improvement improve_customer(const Model& model, const Weights& weights, const Table& table,
                             const SubScores& sub, const Results& results, size_t row,
                             const ImproveOptions& options) {
  Improver improver(model, weights, table, sub, results);
  return improver.improve(row, options);
}

CustomerScore evaluate_customer(const Model& model, const Weights& weights, const Table& table,
                                size_t row, const std::vector<double>& subscore,
                                const std::vector<uint8_t>& present,
                                const std::vector<CellOverride>& cells) {
  SubScores none;
  none.columns.resize(model.indicators.size());
  none.rows = table.rows();
  Shared sh(model, weights, table, none, nullptr);
  // RowEval reads the base from the sub-scores: give it empty columns, then the vectors.
  for (auto& c : none.columns) {
    c.values.assign(padded_rows(table.rows()), kNaN);
  }
  RowEval ev(sh, row, std::numeric_limits<uint64_t>::max());
  ev.set_base(subscore, present);
  for (const CellOverride& c : cells) ev.set_base_cell(c.column, c.text);
  const Eval o = ev.compute();
  CustomerScore out;
  out.score = o.score;
  out.segment = o.segment;
  out.dimension = ev.dims();
  return out;
}

CustomerScore evaluate_steps(const Model& model, const Weights& weights, const Table& table,
                             const SubScores& sub, size_t row,
                             const std::vector<ImprovementStep>& steps) {
  Shared sh(model, weights, table, sub, nullptr);
  RowEval ev(sh, row, std::numeric_limits<uint64_t>::max());
  std::vector<Change> changes;
  for (const ImprovementStep& st : steps) {
    if (st.bound == Bound::Exactly) {
      changes.push_back(text_change(st.indicator, &st.to_text));
    } else {
      changes.push_back(numeric_change(st.indicator, st.bound, st.to_value, st.band_end));
    }
  }
  for (const Change& c : changes) ev.apply(c);
  const Eval o = ev.compute();
  CustomerScore out;
  out.score = o.score;
  out.segment = o.segment;
  out.dimension = ev.dims();
  ev.undo();
  return out;
}

}  // namespace kenko
