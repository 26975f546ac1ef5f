// Each rule's meaning, in one place (docs/MODEL.md, "Value sources" and "Rules"): the value an
// indicator reads from a ratio or change, the points a rule gives one value, its maximum points
// P, the sub-score 100 × points / P, the yes/no words, and the rule written back as JSON. The
// column scorer (subscores.cpp), the improvement search, explain, learn-bands and the reports
// call these; none of them writes a rule's formula of its own. A new rule type starts here.
#pragma once
#include <algorithm>
#include <cmath>
#include <cstddef>
#include <limits>
#include <nlohmann/json.hpp>
#include <string>
#include <string_view>
#include <unordered_map>

#include "model/model.h"

namespace kenko {

// The value of a ratio (a / b) or a percent change ((a − b) / |b| × 100) of two present numbers;
// NaN (missing) when b is 0. A column source's value is its own number a.
inline double source_value(SourceKind kind, double a, double b) {
  if (kind == SourceKind::Column) return a;
  if (b == 0) return std::numeric_limits<double>::quiet_NaN();
  return kind == SourceKind::Ratio ? a / b : (a - b) / std::fabs(b) * 100.0;
}

// The words a boolean rule reads (compared ignoring ASCII case, after trimming).
inline constexpr std::string_view kTrueWords[] = {"true", "yes", "y", "t", "1", "はい", "○", "済"};
inline constexpr std::string_view kFalseWords[] = {"false", "no",     "n", "f",
                                                   "0",     "いいえ", "×", "未"};

// A boolean cell: 1 true-like, 0 false-like, -1 neither (missing, reported).
int boolean_value(std::string_view cell);

// Whether a band holds v (never NaN): min ≤ v < max, a bound given as NaN being absent (then
// every value passes it, ±∞ included).
inline bool band_holds(double min, double max, double v) {
  return int{!(v < min)} & int{!(v >= max)};
}

// The index of a bands rule's first band that holds v, or bands.size() when none does.
size_t band_index(const Rule& rule, double v);
// The points of band `b` (band_index's answer): 0 when no band holds the value.
inline double band_points(const Rule& rule, size_t b) {
  return b < rule.bands.size() ? rule.bands[b].points : 0.0;
}

// A linear rule: points × clamp((v − from) / (to − from), 0, 1).
inline double linear_points(const Rule& rule, double v) {
  double t = (v - rule.from) / (rule.to - rule.from);
  t = std::min(1.0, std::max(0.0, t));  // (this order: −0 and NaN become +0)
  return rule.points * t;
}

// A percentile rule's rank (L + E/2) / N: L values below v, E equal to it (v's own included),
// N in all.
inline double percentile_fraction(double below, double equal, double total) {
  return (below + equal / 2) / total;
}
// The points of that rank: points × it, or points × (1 − it) with lower_is_better.
inline double percentile_points(const Rule& rule, double fraction) {
  return rule.lower_is_better ? rule.points * (1 - fraction) : rule.points * fraction;
}

// A category rule's entry for a trimmed, present cell: the index of the map entry it matches
// (ignoring ASCII case), map.size() for `else`, -1 when neither (missing, reported).
int category_entry(const Rule& rule, std::string_view trimmed);

// category_entry() through a hash table of the map's texts: what the column scorer uses, so that
// a map of 10,000 entries costs one look-up per distinct cell, not 10,000 comparisons.
class CategoryLookup {
 public:
  explicit CategoryLookup(const Rule& rule);
  int entry(std::string_view trimmed) const;

 private:
  const Rule& rule_;
  std::unordered_map<std::string, int> index_;  // lower-cased text → its first entry
  mutable std::string lowered_;
};

// The points a boolean or category rule gives a trimmed, present cell; NaN when the rule cannot
// read it (missing).
double text_points(const Rule& rule, std::string_view trimmed);

// The points a bands or linear rule gives a number v (percentile ranks need the whole table:
// percentile_points).
inline double numeric_points(const Rule& rule, double v) {
  return rule.type == RuleType::Bands ? band_points(rule, band_index(rule, v))
                                      : linear_points(rule, v);
}

// A sub-score: 100 × points / P, whatever the rule (P = Rule::max_points(), defined in rules.cpp).
inline double subscore_of(double points, double max_points) {
  return 100.0 * points / max_points;
}

// The rule as model JSON (the fields of docs/MODEL.md, defaults written out).
nlohmann::ordered_json rule_json(const Rule& rule);

}  // namespace kenko
