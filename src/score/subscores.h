// Rules → points → sub-scores: the customers × indicators matrix that every score, segment and
// driver is computed from, and that a what-if change re-uses.
//
// The matrix is stored one indicator (column) at a time, in one of two layouts:
// - coded: a code per customer, an index into a per-indicator table of sub-scores (code 0: the
//   value is missing); one byte when the table holds at most 256 entries, else two ("wide",
//   up to 65,536). Rules with a few outcomes (bands, boolean, category) are coded by outcome;
//   linear and percentile sub-scores by their distinct values (integer-like data, decimals
//   with one or two places, ranks of counts). A weight change then re-computes the table's
//   entries, not a million products, and a column takes 1 or 2 bytes per customer, not 8.
// - plain: the other columns (more than 65,535 distinct sub-scores) store the sub-score as a
//   double, NaN when missing.
// Either way the sub-score of customer r is exactly the double 100 × points / P the rule gives.
#pragma once
#include <cmath>
#include <cstdint>
#include <limits>
#include <vector>

#include "model/model.h"
#include "read/table.h"
#include "score/rules.h"

namespace kenko {

struct IndicatorReport {
  RowList missing;  // no value (missing cell, ratio over 0, ...)
  RowList invalid;  // a cell that is neither missing nor usable by the rule (reported)
};

// Every stored column is padded with missing values to a multiple of this many rows, so the
// scoring loops run over whole blocks (fixed trip counts vectorise at -O2 too).
constexpr size_t kRowBlock = 2048;
inline size_t padded_rows(size_t rows) {
  return (rows + kRowBlock - 1) / kRowBlock * kRowBlock;
}

// One indicator's sub-scores for every customer.
struct SubScoreColumn {
  bool coded = false;
  bool wide = false;  // coded with wide_codes instead of codes
  // The sub-score a missing value counts with: NaN when it does not count (missing under
  // "reweight"), else from missing_points or the "zero" policy.
  double missing = std::numeric_limits<double>::quiet_NaN();
  std::vector<double> values;        // plain: per row (padded), NaN when the value is missing
  std::vector<uint8_t> codes;        // coded: per row (padded), 0 when the value is missing
  std::vector<uint16_t> wide_codes;  // coded and wide: the same, two bytes a row
  std::vector<double> table;         // coded: the sub-score of each code; table[0] == missing

  size_t code(size_t r) const { return wide ? wide_codes[r] : codes[r]; }
  // The sub-score that counts in the score: NaN when the indicator does not count.
  double operator[](size_t r) const {
    if (coded) return table[code(r)];
    const double v = values[r];
    return v == v ? v : missing;
  }
  // 1 when the value is present (not missing), whatever the missing-value policy. A present
  // value's sub-score is never NaN, so NaN (plain) and code 0 (coded) mean missing.
  uint8_t present(size_t r) const {
    if (coded) return code(r) != 0;
    return values[r] == values[r];
  }
};

struct SubScores {
  size_t rows = 0, indicators = 0;
  std::vector<SubScoreColumn> columns;  // one per indicator
  std::vector<IndicatorReport> reports;
  // Identity stamps for caches of derived results (unique across the process): `table_stamp`
  // is new with every compute_subscores(), `stamp[i]` with every (re)computation of column i.
  uint64_t table_stamp = 0;
  std::vector<uint64_t> stamp;

  struct PresentView {
    const SubScoreColumn* c;
    uint8_t operator[](size_t r) const { return c->present(r); }
  };
  // column(i)[r]: the sub-score that counts (NaN when it does not); present_column(i)[r]: 1 when
  // the value is present.
  const SubScoreColumn& column(size_t i) const { return columns[i]; }
  PresentView present_column(size_t i) const { return PresentView{&columns[i]}; }
};

// The sub-score shown for indicator i of customer r (the scored table, explain): NaN (empty)
// when its value is missing, even when the missing value counts in the score.
inline double shown_subscore(const SubScores& sub, size_t i, size_t r) {
  return sub.present_column(i)[r] ? sub.column(i)[r] : std::numeric_limits<double>::quiet_NaN();
}

// The sub-score a missing value of `ind` counts with: its missing_points' sub-score, 0 under
// the "zero" policy, else NaN (it does not count: "reweight").
inline double missing_subscore(const Model& model, const Indicator& ind) {
  if (ind.missing_points) return subscore_of(*ind.missing_points, ind.rule.max_points());
  return model.missing == MissingPolicy::Zero ? 0.0 : std::numeric_limits<double>::quiet_NaN();
}

// How compute_subscores() may store the columns: Compact codes the columns with few values;
// Plain stores every column as doubles (the reference layout, for tests).
enum class SubScoreLayout { Compact, Plain };

// Applies every indicator's rule to the table.
SubScores compute_subscores(const Model& model, const Table& table,
                            SubScoreLayout layout = SubScoreLayout::Compact);
// Re-applies indicator i's rule alone (after a what-if rule change).
void recompute_indicator(const Model& model, const Table& table, size_t i, SubScores& out,
                         SubScoreLayout layout = SubScoreLayout::Compact);

// The numeric value of an indicator's source for a customer, as a stored cell (cell.h): the
// column's own cell for a column source; a ratio or change of two cells, missing when either is
// missing or the divisor is 0, invalid when either is invalid.
struct NumericSource {
  const double* a;
  const double* b;  // ratio and change
  SourceKind kind;
  NumericSource(const Indicator& ind, const Table& table);
  double operator()(size_t r) const {
    const double x = a[r];
    if (kind == SourceKind::Column) return x;
    const double y = b[r];
    if (x != x || y != y) {
      const bool invalid =
          stored_kind(x) == CellKind::Invalid || stored_kind(y) == CellKind::Invalid;
      return stored_cell(invalid ? CellKind::Invalid : CellKind::Missing, 0.0);
    }
    if (y == 0) return stored_cell(CellKind::Missing, 0.0);
    return source_value(kind, x, y);
  }
};

// The numeric values of an indicator's source per customer, as stored cells: the column's own
// array for a column source, else computed into `store`.
const double* numeric_values(const Indicator& ind, const Table& table, std::vector<double>& store);

// The same for many values: the bounds laid out once, found without a data-dependent branch
// (which band holds is as unpredictable as the data).
class BandFinder {
 public:
  explicit BandFinder(const Rule& rule);
  size_t operator()(double v) const {
    size_t index = min_.size();
    for (size_t b = min_.size(); b-- > 0;) index = band_holds(min_[b], max_[b], v) ? b : index;
    return index;
  }

 private:
  std::vector<double> min_, max_;  // NaN: no bound
};

}  // namespace kenko
