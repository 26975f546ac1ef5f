#include "model/model.h"

#include <algorithm>
#include <cstdio>

#include "base/number_format.h"

namespace kenko {

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
  auto use = [&out](const std::string& name, bool number, bool text) {
    if (name.empty()) return;
    for (ColumnUse& u : out) {
      if (u.name == name) {
        u.number |= number;
        u.text |= text;
        return;
      }
    }
    out.push_back({name, number, text});
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
    const std::string where =
        model.dimensions.empty() ? "the model" : "dimension '" + model.dimensions[g].id + "'";
    for (size_t i = 0; i < model.indicators.size(); ++i) {
      const Indicator& ind = model.indicators[i];
      if (group_of(ind) != g || ind.weight) continue;
      const double p = ind.rule.max_points();
      if (!(p >= 5 * largest_explicit)) continue;
      char share[32];
      std::snprintf(share, sizeof share, "%.0f%%", 100.0 * p / total);
      const std::string points = format_full(p), most = format_full(largest_explicit);
      out.push_back({"indicators[" + std::to_string(i) + "].weight",
                     std::string("not given, so it weighs its rule's most points (") + points +
                         ") beside explicit weights of at most " + most + " in " + where + " (" +
                         names + "): it takes " + share +
                         " of it; give every indicator there a weight on one scale"});
    }
  }
  return out;
}

}  // namespace kenko
