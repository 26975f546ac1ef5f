// A what-if as one value: the indicator and dimension weights, segment bounds and rules that
// differ from the model as loaded. The engine puts one in force in one call and at most one
// re-score (Engine::set_what_if), or scores one without keeping it (Engine::evaluate). Its JSON
// (what the page and the JS API send) is keyed by the model's ids:
//   {"indicators": {ID: w}, "dimensions": {ID: W}, "bounds": {ID: {"min": x|null, "max": y|null}},
//    "rules": {ID: RULE}}
#pragma once
#include <map>
#include <optional>
#include <string>
#include <string_view>

#include "model/model.h"

namespace kenko {

struct WhatIf {
  std::map<size_t, double> indicator_weights, dimension_weights;  // by index
  struct Bounds {
    std::optional<double> min, max;
  };
  std::map<size_t, Bounds> bounds;  // by segment index
  std::map<size_t, Rule> rules;     // by indicator index
  bool empty() const {
    return indicator_weights.empty() && dimension_weights.empty() && bounds.empty() &&
           rules.empty();
  }
};

// Reads the JSON above against `model`'s ids; throws kenko::Error naming the JSON path of the
// first bad entry (e.g. `what-if.indicators.logins: must be a number, 0 or more`).
WhatIf what_if_from_json(const Model& model, std::string_view json_text);

// The JSON above for `w` (ids from `model`; keys in model order; bounds as {"min", "max"} with
// null for none; rules as the model format writes them).
std::string what_if_json(const Model& model, const WhatIf& w);

// `base` with `w` in force; throws kenko::Error naming the model's path (`indicators[2].weight:
// must be 0 or more`, `no indicator 7`) when the model cannot take a value: nothing is half done.
Model with_what_if(const Model& base, const WhatIf& w);

// What `now` differs from `base` in (with_what_if(base, what_if_between(base, now)) == now).
WhatIf what_if_between(const Model& base, const Model& now);

// Whether two rules are the same (the same JSON).
bool same_rule(const Rule& a, const Rule& b);

}  // namespace kenko
