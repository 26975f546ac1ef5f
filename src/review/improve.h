// "What would make this customer green": the smallest change of a customer's indicator values
// that lifts it into the next better segment, searched over the rules' own breakpoints so the
// answer is exact (every answer is re-scored by a single-customer evaluator that gives the
// engine's score and segment bit for bit).
//
// Semantics (the contract of improve_customer):
// - Quality of segments. A segment with a score `min` ranks by that min (higher is better);
//   segments without `min` rank below every segment with one; `none` (scored, nothing
//   matched) ranks below them all. Segments with the same min share a rank ("tier"), so
//   yellow-high-touch and yellow are equally good. `unscored` customers get no answer.
// - Target. The next better tier the customer can reach: the tiers above the customer's, from
//   the nearest up; the first one that some change of at most `max_indicators` indicators
//   reaches is the target, and the changed customer must land in a segment of exactly that
//   tier (the first segment that matches, with every `when` condition evaluated for the
//   changed customer). ImproveOptions::target_segment asks for one segment instead.
// - Changes. Only improvements: an indicator's new sub-score is higher than the one that
//   counts now (a missing value that does not count may take any value). Per rule:
//   bands — each interval between the bands' breakpoints whose first matching band gives more
//     points (earlier bands shadow later ones), reached at its lower end (AtLeast x: the
//     value x) or just under its upper end (Below x: evaluated at the double just below x);
//     `band_end` is the far end of the interval;
//   linear — the exact least change: the double nearest to the current value, toward `to`,
//     at which the customer lands (AtLeast x, or AtMost x when `from` > `to`);
//   percentile — a position among the other customers' values of the column, the customer's
//     own value moving (N, L and E count the other customers plus the customer itself): equal
//     to a value x (AtLeast x / AtMost x) or strictly between it and the next one (Above x /
//     Below x, evaluated at the double just beyond x);
//   boolean — true-like (the counterpart of the customer's false-like word: "no" → "yes",
//     "0" → "1", "いいえ" → "はい", ...; "true" when the value is missing) (Exactly);
//   category — a mapped text (the map's lower-cased key) with more points (Exactly); `else`
//     is never proposed (it names no text).
//   Ratio and change sources: the change is of the derived value (a / b; the percent change);
//   the cells themselves are unchanged for conditions and other indicators.
//   Column sources: the new cell (a number written in its shortest round-trip form, or the
//   text) is what `column.<name>` conditions see, and every indicator with a column source on
//   that same column is re-applied to it. (Along a linear or percentile path the search
//   follows the score, dimension, indicator and numeric column thresholds; an `in` condition
//   on such a column is checked for every answer but not searched for.)
// - Search. One indicator first, then pairs, then triples (never two indicators on the same
//   column). Discrete candidates as above; a linear or percentile indicator is solved exactly
//   when it is the one left (the others taking discrete values: for linear and percentile the
//   least values that reach sub-scores 25, 50, 75, 90 and the top). Preference: fewer
//   indicators, then the smallest resulting score as shown (two decimals), then the smallest
//   sum of the indicators' sub-score increases (the most modest asks), then model order of
//   the indicators, then the candidates nearest the current values. The work is bounded by
//   `max_evaluations` evaluations of a customer (deterministic: no clock, so native and
//   WebAssembly agree); when the budget runs out the best answer of the level being searched
//   is returned with complete = false.
#pragma once
#include <cstdint>
#include <memory>
#include <string>
#include <vector>

#include "model/model.h"
#include "read/table.h"
#include "score/scoring.h"
#include "score/subscores.h"

namespace kenko {

struct ImproveOptions {
  int max_indicators = 3;                 // 1 to 3
  uint64_t max_evaluations = 400000;      // customer evaluations, all levels and tiers together
  int32_t target_segment = kSegmentNone;  // ≥ 0: land in exactly this segment instead
};

struct ImprovementStep {
  enum class Bound {
    AtLeast,  // value ≥ to_value (evaluated at to_value)
    Above,    // value > to_value (evaluated at the next double up)
    AtMost,   // value ≤ to_value (evaluated at to_value)
    Below,    // value < to_value (evaluated at the next double down)
    Exactly   // the text to_text (boolean, category)
  };
  size_t indicator = 0;
  bool from_present = false;  // the value was there
  std::string from_text;      // the value as read ("" when missing); ratio/change: computed
  double from_value;          // numeric rules: the value (NaN when missing or not a number)
  double from_subscore;       // the sub-score that counted (NaN when it did not count)
  Bound bound = Bound::AtLeast;
  double to_value;  // numeric rules: the exact bound; NaN for boolean and category
  // Bands: the far end of the interval holding to_value (exclusive for AtLeast, inclusive for
  // Below); NaN when unbounded or not bands.
  double band_end;
  // What to show: numbers rounded in the direction of the change to the fewest significant
  // digits (at least 3) that still land in the same segment; texts as proposed.
  std::string to_text;
  double to_subscore = 0;
};

enum class ImproveFailure {
  None,             // found
  Unscored,         // nothing counts for this customer
  BestSegment,      // already in the best tier
  AlreadyInTarget,  // (target_segment) already there
  Unreachable,      // no better segment within max_indicators indicators
  Budget            // the evaluation budget ran out first
};

struct Improvement {
  size_t row = 0;
  bool found = false;
  bool complete = true;  // the search ended by itself, not by the budget
  int32_t from_segment = kSegmentUnscored, to_segment = kSegmentNone;
  double score_before, score_after;    // score_after NaN when not found
  std::vector<ImprovementStep> steps;  // in model order
  ImproveFailure failure = ImproveFailure::None;
  std::string reason_if_not_found;
  uint64_t evaluations = 0;
};

// Answers for many customers of one table: prepares what is shared (the sorted values of
// percentile columns) once, on first need. Keeps references: the model, weights, table,
// sub-scores and results must outlive it and not change (make a new one after a new table,
// model, rule or weight). Not for use from two threads at once.
class Improver {
 public:
  Improver(const Model& model, const Weights& weights, const Table& table, const SubScores& sub,
           const Results& results);
  ~Improver();
  Improver(const Improver&) = delete;
  Improver& operator=(const Improver&) = delete;
  // Throws kenko::Error when `row` is out of range.
  Improvement improve(size_t row, const ImproveOptions& options = {});

  struct Shared;

 private:
  std::unique_ptr<Shared> shared_;
};

// One customer (prepares and drops an Improver).
Improvement improve_customer(const Model& model, const Weights& weights, const Table& table,
                             const SubScores& sub, const Results& results, size_t row,
                             const ImproveOptions& options = {});

// Its text and JSON: improvement_text (report/text_report.h), improvement_json
// (report/report_json.h).

// ---- The single-customer evaluator --------------------------------------------------------

struct CustomerScore {
  double score;                   // NaN when unscored
  std::vector<double> dimension;  // per dimension (NaN when left out)
  int32_t segment = kSegmentUnscored;
};

// A cell of the customer replaced, for `column.<name>` conditions (numbers are read from the
// text as the table reader would).
struct CellOverride {
  std::string column, text;
};

// Scores one customer as compute_scores does, bit for bit: `subscore[i]` the sub-score that
// counts (NaN when it does not), `present[i]` whether the value is there (for `indicator.*`
// conditions); `column.*` conditions read row `row` of the table unless overridden.
CustomerScore evaluate_customer(const Model& model, const Weights& weights, const Table& table,
                                size_t row, const std::vector<double>& subscore,
                                const std::vector<uint8_t>& present,
                                const std::vector<CellOverride>& cells = {});

// The customer with the steps applied (each indicator's new sub-score from its rule, column
// cells replaced, indicators on a changed column re-applied), scored by evaluate_customer.
CustomerScore evaluate_steps(const Model& model, const Weights& weights, const Table& table,
                             const SubScores& sub, size_t row,
                             const std::vector<ImprovementStep>& steps);

}  // namespace kenko
