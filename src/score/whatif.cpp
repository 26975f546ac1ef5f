#include "score/whatif.h"

#include <cmath>
#include <nlohmann/json.hpp>
#include <string>

#include "base/error.h"
#include "score/rules.h"

namespace kenko {

namespace {

using Json = nlohmann::json;

// "PATH: why" when the model cannot take weight w (weight_problem(), the model checker's words).
void check_weight(double w, const std::string& path) {
  if (const char* problem = weight_problem(w)) {
    throw Error(path + ": " + english_message(problem, {}));
  }
}

// The index of `id` in `items` (by their .id), or throws naming the path.
template <typename T>
size_t index_of(const std::vector<T>& items, const std::string& id, const std::string& path,
                const char* what) {
  for (size_t i = 0; i < items.size(); ++i) {
    if (items[i].id == id) return i;
  }
  throw Error(path + ": no " + what + " '" + id + "' in the model");
}

const Json& object_at(const Json& doc, const char* key) {
  static const Json empty = Json::object();
  auto it = doc.find(key);
  if (it == doc.end() || it->is_null()) return empty;
  if (!it->is_object()) throw Error(std::string("what-if.") + key + ": must be an object");
  return *it;
}

double weight_at(const Json& v, const std::string& path) {
  if (!v.is_number()) throw Error(path + ": must be a number, 0 or more");
  check_weight(v.get<double>(), path);
  return v.get<double>();
}

std::optional<double> bound_at(const Json& b, const char* key, const std::string& path) {
  auto it = b.find(key);
  if (it == b.end() || it->is_null()) return std::nullopt;
  if (!it->is_number() || !std::isfinite(it->get<double>()) ||
      std::fabs(it->get<double>()) > kMaxModelNumber)
    throw Error(path + "." + key + ": must be a number or null (between -1e300 and 1e300)");
  return it->get<double>();
}

}  // namespace

bool same_rule(const Rule& a, const Rule& b) {
  return rule_json(a) == rule_json(b);
}

WhatIf what_if_from_json(const Model& model, std::string_view json_text) {
  Json doc;
  try {
    doc = Json::parse(json_text.begin(), json_text.end());
  } catch (const Json::parse_error& e) {
    throw Error(std::string("what-if: not JSON: ") + e.what());
  }
  if (!doc.is_object()) throw Error("what-if: must be an object");
  WhatIf w;
  for (const auto& [id, v] : object_at(doc, "indicators").items()) {
    const std::string path = "what-if.indicators." + id;
    w.indicator_weights[index_of(model.indicators, id, path, "indicator")] = weight_at(v, path);
  }
  for (const auto& [id, v] : object_at(doc, "dimensions").items()) {
    const std::string path = "what-if.dimensions." + id;
    w.dimension_weights[index_of(model.dimensions, id, path, "dimension")] = weight_at(v, path);
  }
  for (const auto& [id, b] : object_at(doc, "bounds").items()) {
    const std::string path = "what-if.bounds." + id;
    const size_t s = index_of(model.segments, id, path, "segment");
    if (!b.is_object()) throw Error(path + ": must be an object {min, max}");
    w.bounds[s] = {bound_at(b, "min", path), bound_at(b, "max", path)};
  }
  for (const auto& [id, r] : object_at(doc, "rules").items()) {
    const std::string path = "what-if.rules." + id;
    const size_t i = index_of(model.indicators, id, path, "indicator");
    try {
      w.rules[i] = parse_rule(r.dump());
    } catch (const ModelError& e) {
      throw Error(path + ": " + e.what());
    }
  }
  return w;
}

std::string what_if_json(const Model& model, const WhatIf& w) {
  using Ordered = nlohmann::ordered_json;
  Ordered out = {{"indicators", Ordered::object()},
                 {"dimensions", Ordered::object()},
                 {"bounds", Ordered::object()},
                 {"rules", Ordered::object()}};
  for (const auto& [i, weight] : w.indicator_weights)
    out["indicators"][model.indicators.at(i).id] = weight;
  for (const auto& [d, weight] : w.dimension_weights)
    out["dimensions"][model.dimensions.at(d).id] = weight;
  const auto bound = [](const std::optional<double>& v) {
    return v ? Ordered(*v) : Ordered(nullptr);
  };
  for (const auto& [s, b] : w.bounds)
    out["bounds"][model.segments.at(s).id] = {{"min", bound(b.min)}, {"max", bound(b.max)}};
  for (const auto& [i, rule] : w.rules) out["rules"][model.indicators.at(i).id] = rule_json(rule);
  return out.dump();
}

Model with_what_if(const Model& base, const WhatIf& w) {
  Model m = base;
  for (const auto& [i, rule] : w.rules) {
    if (i >= m.indicators.size()) throw Error("no indicator " + std::to_string(i));
    Indicator& ind = m.indicators[i];
    if (rule.needs_text() && ind.source.kind != SourceKind::Column) {
      throw Error("indicators[" + std::to_string(i) +
                  "].rule: a boolean or category rule needs a \"column\" value source");
    }
    if (ind.missing_points && *ind.missing_points > rule.max_points()) {
      throw Error("indicators[" + std::to_string(i) +
                  "].missing_points: more than the new rule's most points");
    }
    ind.rule = rule;
  }
  for (const auto& [i, rule] : w.rules) {  // a default weight follows the new rule's P
    if (!m.indicators[i].weight && !w.indicator_weights.count(i))
      check_weight(rule.max_points(), "indicators[" + std::to_string(i) + "].weight");
  }
  for (const auto& [i, weight] : w.indicator_weights) {
    if (i >= m.indicators.size()) throw Error("no indicator " + std::to_string(i));
    check_weight(weight, "indicators[" + std::to_string(i) + "].weight");
    m.indicators[i].weight = weight;
  }
  for (const auto& [d, weight] : w.dimension_weights) {
    if (d >= m.dimensions.size()) throw Error("no dimension " + std::to_string(d));
    check_weight(weight, "dimensions[" + std::to_string(d) + "].weight");
    m.dimensions[d].weight = weight;
  }
  for (const auto& [s, b] : w.bounds) {
    if (s >= m.segments.size()) throw Error("no segment " + std::to_string(s));
    for (const std::optional<double>& x : {b.min, b.max}) {
      if (x && !(std::fabs(*x) <= kMaxModelNumber))
        throw Error("segments[" + std::to_string(s) +
                    "]: a bound must be a number between -1e300 and 1e300");
    }
    m.segments[s].min = b.min;
    m.segments[s].max = b.max;
  }
  return m;
}

WhatIf what_if_between(const Model& base, const Model& now) {
  WhatIf w;
  for (size_t i = 0; i < now.indicators.size(); ++i) {
    const Indicator &a = base.indicators[i], &b = now.indicators[i];
    if (!same_rule(a.rule, b.rule)) w.rules[i] = b.rule;
    // A weight the model leaves to default stays so (it follows the rule's P).
    if (b.weight && (!a.weight || *a.weight != *b.weight)) w.indicator_weights[i] = *b.weight;
  }
  for (size_t d = 0; d < now.dimensions.size(); ++d) {
    if (base.dimensions[d].weight != now.dimensions[d].weight)
      w.dimension_weights[d] = now.dimensions[d].weight;
  }
  for (size_t s = 0; s < now.segments.size(); ++s) {
    const Segment &a = base.segments[s], &b = now.segments[s];
    if (a.min != b.min || a.max != b.max) w.bounds[s] = {b.min, b.max};
  }
  return w;
}

}  // namespace kenko
