#include "model/model.h"

#include <algorithm>
#include <cmath>
#include <unordered_map>

#include <cstdio>
#include "base/text.h"

#include "base/number_format.h"

namespace kenko {

const char* weight_problem(double w) {
  if (!(w >= 0) || !std::isfinite(w)) return "model.weight_negative";
  if (w > kMaxModelNumber) return "model.weight_too_large";
  if (w > 0 && w < kMinPositiveWeight) return "model.weight_too_small";
  return nullptr;
}

namespace {
// CSS Color Module 4's named colours, sorted.
constexpr std::string_view kColorNames[] = {"aliceblue",
                                            "antiquewhite",
                                            "aqua",
                                            "aquamarine",
                                            "azure",
                                            "beige",
                                            "bisque",
                                            "black",
                                            "blanchedalmond",
                                            "blue",
                                            "blueviolet",
                                            "brown",
                                            "burlywood",
                                            "cadetblue",
                                            "chartreuse",
                                            "chocolate",
                                            "coral",
                                            "cornflowerblue",
                                            "cornsilk",
                                            "crimson",
                                            "cyan",
                                            "darkblue",
                                            "darkcyan",
                                            "darkgoldenrod",
                                            "darkgray",
                                            "darkgreen",
                                            "darkgrey",
                                            "darkkhaki",
                                            "darkmagenta",
                                            "darkolivegreen",
                                            "darkorange",
                                            "darkorchid",
                                            "darkred",
                                            "darksalmon",
                                            "darkseagreen",
                                            "darkslateblue",
                                            "darkslategray",
                                            "darkslategrey",
                                            "darkturquoise",
                                            "darkviolet",
                                            "deeppink",
                                            "deepskyblue",
                                            "dimgray",
                                            "dimgrey",
                                            "dodgerblue",
                                            "firebrick",
                                            "floralwhite",
                                            "forestgreen",
                                            "fuchsia",
                                            "gainsboro",
                                            "ghostwhite",
                                            "gold",
                                            "goldenrod",
                                            "gray",
                                            "green",
                                            "greenyellow",
                                            "grey",
                                            "honeydew",
                                            "hotpink",
                                            "indianred",
                                            "indigo",
                                            "ivory",
                                            "khaki",
                                            "lavender",
                                            "lavenderblush",
                                            "lawngreen",
                                            "lemonchiffon",
                                            "lightblue",
                                            "lightcoral",
                                            "lightcyan",
                                            "lightgoldenrodyellow",
                                            "lightgray",
                                            "lightgreen",
                                            "lightgrey",
                                            "lightpink",
                                            "lightsalmon",
                                            "lightseagreen",
                                            "lightskyblue",
                                            "lightslategray",
                                            "lightslategrey",
                                            "lightsteelblue",
                                            "lightyellow",
                                            "lime",
                                            "limegreen",
                                            "linen",
                                            "magenta",
                                            "maroon",
                                            "mediumaquamarine",
                                            "mediumblue",
                                            "mediumorchid",
                                            "mediumpurple",
                                            "mediumseagreen",
                                            "mediumslateblue",
                                            "mediumspringgreen",
                                            "mediumturquoise",
                                            "mediumvioletred",
                                            "midnightblue",
                                            "mintcream",
                                            "mistyrose",
                                            "moccasin",
                                            "navajowhite",
                                            "navy",
                                            "oldlace",
                                            "olive",
                                            "olivedrab",
                                            "orange",
                                            "orangered",
                                            "orchid",
                                            "palegoldenrod",
                                            "palegreen",
                                            "paleturquoise",
                                            "palevioletred",
                                            "papayawhip",
                                            "peachpuff",
                                            "peru",
                                            "pink",
                                            "plum",
                                            "powderblue",
                                            "purple",
                                            "rebeccapurple",
                                            "red",
                                            "rosybrown",
                                            "royalblue",
                                            "saddlebrown",
                                            "salmon",
                                            "sandybrown",
                                            "seagreen",
                                            "seashell",
                                            "sienna",
                                            "silver",
                                            "skyblue",
                                            "slateblue",
                                            "slategray",
                                            "slategrey",
                                            "snow",
                                            "springgreen",
                                            "steelblue",
                                            "tan",
                                            "teal",
                                            "thistle",
                                            "tomato",
                                            "turquoise",
                                            "violet",
                                            "wheat",
                                            "white",
                                            "whitesmoke",
                                            "yellow",
                                            "yellowgreen"};

bool is_hex(char c) {
  return (c >= '0' && c <= '9') || (c >= 'a' && c <= 'f') || (c >= 'A' && c <= 'F');
}
}  // namespace

bool valid_color(std::string_view color) {
  if (color.empty()) return true;
  if (color[0] == '#') {
    if (color.size() != 4 && color.size() != 7) return false;
    return std::all_of(color.begin() + 1, color.end(), is_hex);
  }
  if (color.size() > 20) return false;
  const std::string lower = ascii_lower(color);
  return std::binary_search(std::begin(kColorNames), std::end(kColorNames), lower);
}

int Model::indicator_index(std::string_view id) const {
  for (size_t i = 0; i < indicators.size(); ++i) {
    if (indicators[i].id == id) return static_cast<int>(i);
  }
  return -1;
}

int Model::dimension_index(std::string_view id) const {
  for (size_t i = 0; i < dimensions.size(); ++i) {
    if (dimensions[i].id == id) return static_cast<int>(i);
  }
  return -1;
}

std::vector<Model::ColumnUse> Model::columns() const {
  std::vector<ColumnUse> out;
  std::unordered_map<std::string, size_t> index;  // name → its place in out
  auto use = [&out, &index](const std::string& name, bool number, bool text) {
    if (name.empty()) return;
    auto [it, added] = index.emplace(name, out.size());
    if (added) {
      out.push_back({name, number, text});
    } else {
      out[it->second].number |= number;
      out[it->second].text |= text;
    }
  };
  use(id_column, false, true);
  use(label_column, false, true);
  for (const Indicator& ind : indicators) {
    bool text = ind.rule.needs_text();
    use(ind.source.a, !text, text);
    if (ind.source.kind != SourceKind::Column) use(ind.source.b, true, false);
  }
  auto conditions = [&use](const std::vector<Condition>& when) {
    for (const Condition& c : when) {
      if (c.field != Condition::Field::Column) continue;
      bool number = c.min || c.max;
      use(c.column, number, c.has_in || !number);
    }
  };
  for (const Segment& s : segments) conditions(s.when);
  for (const Alert& a : alerts) conditions(a.when);
  if (outcome) use(outcome->column, false, true);
  use(value_column, true, false);
  return out;
}

std::vector<int> segment_tiers(const Model& model) {
  const bool ranked = !model.segments.empty() && model.segments[0].rank.has_value();
  std::vector<double> keys;  // larger is better
  for (const Segment& s : model.segments) {
    keys.push_back(ranked ? -s.rank.value_or(0) : s.min ? *s.min : -INFINITY);
  }
  std::vector<double> distinct = keys;
  std::sort(distinct.begin(), distinct.end());
  distinct.erase(std::unique(distinct.begin(), distinct.end()), distinct.end());
  std::vector<int> out;
  for (double k : keys) {
    out.push_back(
        static_cast<int>(std::lower_bound(distinct.begin(), distinct.end(), k) - distinct.begin()));
  }
  return out;
}

std::vector<ModelProblem> weight_scale_warnings(const Model& model) {
  std::vector<ModelProblem> out;
  const size_t groups = model.dimensions.empty() ? 1 : model.dimensions.size();
  auto group_of = [&model](const Indicator& ind) {
    return model.dimensions.empty() ? size_t{0} : static_cast<size_t>(ind.dimension);
  };
  for (size_t g = 0; g < groups; ++g) {
    double largest_explicit = 0, total = 0;
    std::vector<std::string> explicit_ids;
    for (const Indicator& ind : model.indicators) {
      if (group_of(ind) != g) continue;
      total += ind.weight_or_default();
      if (ind.weight && *ind.weight > 0) {
        largest_explicit = std::max(largest_explicit, *ind.weight);
        explicit_ids.push_back(ind.id);
      }
    }
    if (explicit_ids.empty() || !(total > 0)) continue;
    std::string names;
    for (size_t k = 0; k < explicit_ids.size() && k < 3; ++k) {
      names += (k ? ", '" : "'") + explicit_ids[k] + "'";
    }
    if (explicit_ids.size() > 3) names += ", ...";
    const std::string dimension = model.dimensions.empty() ? "" : model.dimensions[g].id;
    for (size_t i = 0; i < model.indicators.size(); ++i) {
      const Indicator& ind = model.indicators[i];
      if (group_of(ind) != g || ind.weight) continue;
      const double p = ind.rule.max_points();
      if (!(p >= 5 * largest_explicit)) continue;
      char share[32];
      std::snprintf(share, sizeof share, "%.0f%%", 100.0 * p / total);
      const std::string points = format_full(p), most = format_full(largest_explicit);
      out.push_back({"indicators[" + std::to_string(i) + "].weight",
                     "model.weight_scale",
                     {{"indicator", ind.id},
                      {"points", points},
                      {"most", most},
                      {"dimension", dimension},
                      {"names", names},
                      {"share", share}}});
    }
  }
  return out;
}

std::vector<Segment> default_segments() {
  return {{"green", "Green", "#2e7d32", "", 70.0, std::nullopt, {}, std::nullopt},
          {"yellow", "Yellow", "#f9a825", "", 40.0, std::nullopt, {}, std::nullopt},
          {"red", "Red", "#c62828", "", std::nullopt, std::nullopt, {}, std::nullopt}};
}

}  // namespace kenko
