#include "model/model.h"

#include <algorithm>
#include <cmath>

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

}  // namespace kenko
