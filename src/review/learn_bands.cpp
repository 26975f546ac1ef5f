#include "review/learn_bands.h"

#include <algorithm>
#include <cmath>
#include <nlohmann/json.hpp>

#include "base/error.h"
#include "base/number_format.h"
#include "base/text.h"
#include "review/stats.h"
#include "score/rules.h"

namespace kenko {

namespace {

// The healthy customers' marks: 1 healthy, 0 not, per row.
std::vector<uint8_t> healthy_rows(const Model& model, const Table& table, const HealthySpec& h) {
  const size_t n = table.rows();
  std::vector<uint8_t> out(n, 0);
  if (h.column.empty()) {
    if (!model.outcome) {
      throw Error("the model has no \"outcome\": name a column that marks healthy customers");
    }
    const Column* col = table.column(model.outcome->column);
    for (size_t r = 0; r < n && col; ++r) {
      std::optional<bool> y = outcome_value(*model.outcome, col->text(r));
      out[r] = y && !*y;
    }
    return out;
  }
  const Column* col = table.column(h.column);
  if (!col || !col->needs.text) {
    throw Error("no column '" + h.column + "' was read to mark healthy customers");
  }
  std::vector<std::string> wanted;
  for (const std::string& v : h.values) wanted.push_back(ascii_lower(trim(v)));
  for (size_t r = 0; r < n; ++r) {
    const std::string cell = ascii_lower(trim(col->text(r)));
    out[r] = std::find(wanted.begin(), wanted.end(), cell) != wanted.end();
  }
  return out;
}

double quantile(const std::vector<double>& sorted, double q) {
  return sorted[static_cast<size_t>(std::floor(q * static_cast<double>(sorted.size() - 1)))];
}

// The share of values that reach `threshold`: v ≥ it when more is better (a band's min, or
// linear `to`); when less is better v < it for a band's max, v ≤ it for linear `to`.
double share_reaching(const std::vector<double>& sorted, double threshold, bool more_is_better,
                      bool upper_inclusive) {
  if (sorted.empty()) return 0;
  const auto it = more_is_better || !upper_inclusive
                      ? std::lower_bound(sorted.begin(), sorted.end(), threshold)
                      : std::upper_bound(sorted.begin(), sorted.end(), threshold);
  const double below = static_cast<double>(it - sorted.begin());
  const double n = static_cast<double>(sorted.size());
  return more_is_better ? (n - below) / n : below / n;
}

}  // namespace

BandsProposal propose_bands(const Model& model, const Table& table, size_t indicator,
                            const HealthySpec& healthy) {
  if (indicator >= model.indicators.size()) {
    throw Error("no indicator " + std::to_string(indicator));
  }
  const Indicator& ind = model.indicators[indicator];
  const Rule& rule = ind.rule;
  const std::string where = "indicator '" + ind.id + "'";
  if (rule.type != RuleType::Bands && rule.type != RuleType::Linear) {
    throw Error(where + ": only bands and linear rules have thresholds to learn");
  }
  // Which way is better, from the rule itself.
  bool more_is_better = true;
  bool best_first = true;
  std::vector<size_t> bounded;  // bands with a bound, in order
  if (rule.type == RuleType::Bands) {
    bool mins = false, maxes = false;
    for (size_t b = 0; b < rule.bands.size(); ++b) {
      const Band& band = rule.bands[b];
      if (band.min && band.max) {
        throw Error(where + ": bands " + std::to_string(b) +
                    " has both min and max: adjust such bands by hand");
      }
      mins |= band.min.has_value();
      maxes |= band.max.has_value();
      if (band.min || band.max) bounded.push_back(b);
    }
    if (mins == maxes) {
      throw Error(where + ": the bands mix min and max bounds (or have none): adjust by hand");
    }
    // The direction from the points: along the list, falling points with `min` bounds (or
    // rising with `max`) mean more is better; the catch-all band (or 0 when none) comes last.
    std::vector<double> points;
    for (const Band& band : rule.bands) points.push_back(band.points);
    if (rule.bands.back().min || rule.bands.back().max) points.push_back(0);
    bool falling = true, rising = true;
    for (size_t k = 1; k < points.size(); ++k) {
      falling &= points[k] <= points[k - 1];
      rising &= points[k] >= points[k - 1];
    }
    if (falling == rising) {
      throw Error(where +
                  ": the bands' points do not rise or fall steadily along the list: adjust by "
                  "hand");
    }
    more_is_better = mins ? falling : rising;
    best_first = falling;  // the first bounded band's bound is the best level's edge
  } else {
    more_is_better = rule.to > rule.from;
  }

  const std::vector<uint8_t> mark = healthy_rows(model, table, healthy);
  std::vector<double> value_store;
  const double* value = numeric_values(ind, table, value_store);
  std::vector<double> good, all;
  BandsProposal out;
  for (size_t r = 0; r < table.rows(); ++r) {
    out.healthy += mark[r];
    if (value[r] != value[r]) continue;  // no number
    all.push_back(value[r]);
    if (mark[r]) good.push_back(value[r]);
  }
  out.healthy_with_value = good.size();
  if (good.size() < 10) {
    throw Error(where + ": " + std::to_string(good.size()) +
                " healthy customers have a value; at least 10 are needed");
  }
  std::sort(good.begin(), good.end());
  std::sort(all.begin(), all.end());

  out.rule = rule;
  std::vector<double> thresholds;
  if (rule.type == RuleType::Bands) {
    // Edges from the best level outwards: the median, then the 25th, 10th... percentiles (the
    // 75th, 90th... when less is better).
    static const double kLevels[] = {0.5, 0.25, 0.10, 0.05, 0.025, 0.01};
    for (size_t j = 0; j < bounded.size(); ++j) {
      const double q = j < 6 ? kLevels[j] : std::ldexp(kLevels[5], -static_cast<int>(j - 5));
      const double t = quantile(good, more_is_better ? q : 1 - q);
      const size_t b = bounded[best_first ? j : bounded.size() - 1 - j];
      Band& band = out.rule.bands[b];
      (band.min ? band.min : band.max) = t;
      if (!thresholds.empty() && t == thresholds.back()) {
        out.notes.push_back("bands[" + std::to_string(b) +
                            "] gets the same bound as its better neighbour (" + format_full(t) +
                            "), so one of them can never match: the healthy values are too alike");
      }
      thresholds.push_back(t);
    }
  } else {
    out.rule.to = quantile(good, 0.5);
    out.rule.from = quantile(good, more_is_better ? 0.05 : 0.95);
    if (out.rule.from == out.rule.to) {
      throw Error(where + ": the healthy customers' values barely vary: keep the rule");
    }
    thresholds = {out.rule.to, out.rule.from};
  }
  const bool inclusive = rule.type == RuleType::Linear;
  for (double t : thresholds) {
    out.reach.push_back({t, share_reaching(good, t, more_is_better, inclusive),
                         share_reaching(all, t, more_is_better, inclusive)});
  }
  out.rule_json = rule_json(out.rule).dump();
  return out;
}

}  // namespace kenko
