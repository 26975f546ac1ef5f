#include "score/rules.h"

#include <algorithm>

#include "base/text.h"

namespace kenko {

double Rule::max_points() const {
  switch (type) {
    case RuleType::Bands: {
      double p = 0;
      for (const Band& b : bands) p = std::max(p, b.points);
      return p;
    }
    case RuleType::Category: {
      double p = else_points ? *else_points : 0;
      for (const auto& e : map) p = std::max(p, e.second);
      return p;
    }
    default:
      return points;
  }
}

int boolean_value(std::string_view cell) {
  const std::string_view t = trim(cell);
  for (std::string_view w : kTrueWords) {
    if (iequals_ascii(t, w)) return 1;
  }
  for (std::string_view w : kFalseWords) {
    if (iequals_ascii(t, w)) return 0;
  }
  return -1;
}

size_t band_index(const Rule& rule, double v) {
  constexpr double kNaN = std::numeric_limits<double>::quiet_NaN();
  if (v != v) {  // no bound holds NaN: only a band without bounds takes it
    for (size_t b = 0; b < rule.bands.size(); ++b) {
      if (!rule.bands[b].min && !rule.bands[b].max) return b;
    }
    return rule.bands.size();
  }
  for (size_t b = 0; b < rule.bands.size(); ++b) {
    const Band& band = rule.bands[b];
    if (band_holds(band.min.value_or(kNaN), band.max.value_or(kNaN), v)) return b;
  }
  return rule.bands.size();
}

int category_entry(const Rule& rule, std::string_view trimmed) {
  for (size_t m = 0; m < rule.map.size(); ++m) {
    if (iequals_ascii(trimmed, rule.map[m].first)) return static_cast<int>(m);
  }
  return rule.else_points ? static_cast<int>(rule.map.size()) : -1;
}

CategoryLookup::CategoryLookup(const Rule& rule) : rule_(rule) {
  index_.reserve(rule.map.size());
  for (size_t m = 0; m < rule.map.size(); ++m)
    index_.emplace(ascii_lower(rule.map[m].first), static_cast<int>(m));  // the first of equals
}

int CategoryLookup::entry(std::string_view trimmed) const {
  lowered_.assign(trimmed);
  for (char& c : lowered_) {
    if (c >= 'A' && c <= 'Z') c = static_cast<char>(c - 'A' + 'a');
  }
  auto it = index_.find(lowered_);
  if (it != index_.end()) return it->second;
  return rule_.else_points ? static_cast<int>(rule_.map.size()) : -1;
}

double text_points(const Rule& rule, std::string_view trimmed) {
  constexpr double kNaN = std::numeric_limits<double>::quiet_NaN();
  if (rule.type == RuleType::Boolean) {
    const int b = boolean_value(trimmed);
    return b < 0 ? kNaN : b ? rule.points : 0.0;
  }
  const int e = category_entry(rule, trimmed);
  if (e < 0) return kNaN;
  return static_cast<size_t>(e) < rule.map.size() ? rule.map[static_cast<size_t>(e)].second
                                                  : *rule.else_points;
}

nlohmann::ordered_json rule_json(const Rule& rule) {
  using Json = nlohmann::ordered_json;
  Json j;
  switch (rule.type) {
    case RuleType::Bands: {
      j["type"] = "bands";
      Json bands = Json::array();
      for (const Band& b : rule.bands) {
        Json band;
        if (b.min) band["min"] = *b.min;
        if (b.max) band["max"] = *b.max;
        band["points"] = b.points;
        bands.push_back(band);
      }
      j["bands"] = bands;
      break;
    }
    case RuleType::Linear:
      j["type"] = "linear";
      j["from"] = rule.from;
      j["to"] = rule.to;
      j["points"] = rule.points;
      break;
    case RuleType::Boolean:
      j["type"] = "boolean";
      j["points"] = rule.points;
      break;
    case RuleType::Category: {
      j["type"] = "category";
      Json map = Json::object();
      for (const auto& [key, points] : rule.map) map[key] = points;
      j["map"] = map;
      if (rule.else_points) j["else"] = *rule.else_points;
      break;
    }
    case RuleType::Percentile:
      j["type"] = "percentile";
      j["points"] = rule.points;
      j["lower_is_better"] = rule.lower_is_better;
      break;
  }
  return j;
}

}  // namespace kenko
