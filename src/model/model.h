// A health model (spec, "The model"): indicators with a value source and a rule, optional DEAR
// dimensions, segments, alerts and an outcome. Built by parse_model() from JSON text, which
// validates it completely.
#pragma once
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "base/messages.h"

namespace kenko {

enum class RuleType { Bands, Linear, Boolean, Category, Percentile };
enum class SourceKind { Column, Ratio, Change };
enum class MissingPolicy { Reweight, Zero };

// The limits of a model (docs/MODEL.md, "Limits"), each checked before any per-item work, so a
// hostile model is refused at once. A driver is kept as a 16-bit index (kMaxIndicators).
constexpr size_t kMaxIndicators = 32767;
constexpr size_t kMaxDimensions = 1000;
constexpr size_t kMaxSegments = 1000;
constexpr size_t kMaxAlerts = 1000;
constexpr size_t kMaxBands = 1000;             // per bands rule
constexpr size_t kMaxCategoryEntries = 10000;  // per category map
constexpr size_t kMaxConditions = 100;         // per `when`
constexpr size_t kMaxInTexts = 10000;          // per `in`
constexpr size_t kMaxOutcomeTexts = 1000;      // outcome.positive
// Every number in a model lies within ±kMaxModelNumber, and a weight is 0 or at least
// kMinPositiveWeight: then every sum of the score (Σ w·s per dimension, Σ W·D, with s and D at
// most 100 and at most kMaxIndicators or kMaxDimensions terms) stays finite, no product falls
// into the subnormal range, and every score is the plain formula's double.
constexpr double kMaxModelNumber = 1e300;
constexpr double kMinPositiveWeight = 1e-300;

// Why a weight (indicator w or dimension W, in a model or a what-if) cannot be taken, as a
// message code (model.weight_negative, model.weight_too_large, model.weight_too_small), or
// nullptr.
const char* weight_problem(double w);

// Whether a segment colour is valid: empty (none), #rgb, #rrggbb or a CSS named colour (ASCII
// case ignored).
bool valid_color(std::string_view color);

struct Band {
  std::optional<double> min, max;
  double points = 0;
};

struct Rule {
  RuleType type = RuleType::Bands;
  std::vector<Band> bands;                          // bands
  double from = 0, to = 0;                          // linear
  double points = 100;                              // linear, boolean, percentile
  bool lower_is_better = false;                     // percentile
  std::vector<std::pair<std::string, double>> map;  // category: lower-cased trimmed key
  std::optional<double> else_points;                // category
  // P: the most points the rule can give (score/rules.cpp, with the rest of each rule's meaning).
  double max_points() const;
  bool needs_text() const { return type == RuleType::Boolean || type == RuleType::Category; }
};

struct ValueSource {
  SourceKind kind = SourceKind::Column;
  std::string a, b;  // column; ratio a / b; change (a − b) / |b| × 100
};

struct Indicator {
  std::string id, label;
  ValueSource source;
  int dimension = -1;            // index into Model::dimensions
  std::optional<double> weight;  // as written; weight() applies the default
  Rule rule;
  std::optional<double> missing_points;
  double weight_or_default() const { return weight ? *weight : rule.max_points(); }
};

struct Dimension {
  std::string id, label;
  double weight = 1;
};

// min ≤ v < max (each bound when given); false for NaN (a missing value never holds).
inline bool within_bounds(const std::optional<double>& min, const std::optional<double>& max,
                          double v) {
  if (v != v) return false;
  if (min && !(v >= *min)) return false;
  if (max && !(v < *max)) return false;
  return true;
}

struct Condition {
  enum class Field { Score, Indicator, Dimension, Column };
  Field field = Field::Score;
  int index = -1;      // indicator or dimension index
  std::string column;  // column name
  std::optional<double> min, max;
  std::vector<std::string> in;  // lower-cased, trimmed
  bool has_in = false;
};

struct Segment {
  std::string id, label, color, action;
  std::optional<double> min, max;
  std::vector<Condition> when;
  // Extension: the segment's place from the best (1) down; when one segment has it, all do.
  std::optional<double> rank;
};

// The segments a model without `segments` gets: green (70 and more), yellow (40), red.
std::vector<Segment> default_segments();

struct Alert {
  std::string id, label, action;
  std::vector<Condition> when;
};

struct Outcome {
  std::string column;
  std::vector<std::string> positive;  // lower-cased, trimmed
};

struct Model {
  std::string name, id_column, label_column;
  MissingPolicy missing = MissingPolicy::Reweight;
  std::vector<Dimension> dimensions;
  std::vector<Indicator> indicators;
  std::vector<Segment> segments;  // the defaults (green/yellow/red) when the model has none
  bool default_segments = false;
  std::vector<Alert> alerts;
  std::optional<Outcome> outcome;
  // Extension ("trend": {"deteriorating_drop": D}): a customer whose score fell by at least D
  // points since the previous snapshot is flagged as deteriorating.
  double deteriorating_drop = 10;
  // Extension ("value_column": "arr"): each customer's value (ARR, MRR...), summed per segment
  // and weighting the value-weighted review; never changes a score.
  std::string value_column;

  int indicator_index(std::string_view id) const;
  int dimension_index(std::string_view id) const;
  // Every table column the model reads, and whether as number and/or text.
  struct ColumnUse {
    std::string name;
    bool number = false, text = false;
  };
  std::vector<ColumnUse> columns() const;
};

// Each segment's tier, worst 0 upwards (equal tiers: equally good): by the explicit `rank`
// when the model gives one (rank 1 the best), else by `min` (a segment without one below
// every segment with one), as the improvement search tiers them.
std::vector<int> segment_tiers(const Model& model);

// One problem of a model: where (its JSON path), its code and parameters (base/messages.h,
// the model.* codes) and its English message (the catalogue's text).
struct ModelProblem {
  std::string path;  // JSON path, e.g. indicators[2].rule.bands[0].min
  std::string message;
  std::string code;
  MessageParams params;
  ModelProblem() = default;
  ModelProblem(std::string p, std::string c, MessageParams ps)
      : path(std::move(p)),
        message(english_message(c, ps)),
        code(std::move(c)),
        params(std::move(ps)) {}
  std::string to_string() const { return path.empty() ? message : path + ": " + message; }
};

struct ParsedModel {
  Model model;
  std::vector<ModelProblem> warnings;  // valid, but probably not what was meant
};

// Parses and validates; throws ModelError listing every problem found.
ParsedModel parse_model(std::string_view json_text);

// Weights of mixed scales (docs/MODEL.md, "Sub-scores and weights"): in one dimension (or in a
// model without dimensions), an indicator whose weight is left to default weighs its rule's
// most points P; beside explicit weights of P / 5 or less it swamps them. One warning per such
// indicator, at indicators[i].weight, saying what share of the dimension it takes. (The engine
// adds these to parse_model's warnings.)
std::vector<ModelProblem> weight_scale_warnings(const Model& model);

class ModelError : public std::exception {
 public:
  explicit ModelError(std::vector<ModelProblem> problems);
  const char* what() const noexcept override { return text_.c_str(); }
  const std::vector<ModelProblem>& problems() const { return problems_; }

 private:
  std::vector<ModelProblem> problems_;
  std::string text_;
};

// Validation of a rule on its own (for the what-if "change one rule"): the rule's JSON.
Rule parse_rule(std::string_view json_text, std::vector<ModelProblem>* warnings = nullptr);

}  // namespace kenko
