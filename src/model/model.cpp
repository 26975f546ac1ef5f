#include "model/model.h"

#include <algorithm>

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

}  // namespace kenko
