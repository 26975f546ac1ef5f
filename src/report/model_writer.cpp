#include "report/model_writer.h"

#include "score/rules.h"

namespace kenko {

namespace {

using Json = nlohmann::ordered_json;

Json conditions_json(const Model& m, const std::vector<Condition>& when) {
  Json out = Json::array();
  for (const Condition& c : when) {
    Json j;
    switch (c.field) {
      case Condition::Field::Score:
        j["field"] = "score";
        break;
      case Condition::Field::Indicator:
        j["field"] = "indicator." + m.indicators[static_cast<size_t>(c.index)].id;
        break;
      case Condition::Field::Dimension:
        j["field"] = "dimension." + m.dimensions[static_cast<size_t>(c.index)].id;
        break;
      case Condition::Field::Column:
        j["field"] = "column." + c.column;
        break;
    }
    if (c.min) j["min"] = *c.min;
    if (c.max) j["max"] = *c.max;
    if (c.has_in) j["in"] = c.in;
    out.push_back(j);
  }
  return out;
}

}  // namespace

nlohmann::ordered_json model_json_value(const Model& m) {
  Json j;
  j["version"] = 1;
  if (!m.name.empty()) j["name"] = m.name;
  j["id_column"] = m.id_column;
  if (!m.label_column.empty()) j["label_column"] = m.label_column;
  j["missing"] = m.missing == MissingPolicy::Zero ? "zero" : "reweight";
  if (!m.dimensions.empty()) {
    Json dims = Json::array();
    for (const Dimension& d : m.dimensions) {
      dims.push_back({{"id", d.id}, {"label", d.label}, {"weight", d.weight}});
    }
    j["dimensions"] = dims;
  }
  Json inds = Json::array();
  for (const Indicator& ind : m.indicators) {
    Json i;
    i["id"] = ind.id;
    if (!ind.label.empty() && ind.label != ind.id) i["label"] = ind.label;
    switch (ind.source.kind) {
      case SourceKind::Column:
        i["column"] = ind.source.a;
        break;
      case SourceKind::Ratio:
        i["ratio"] = {ind.source.a, ind.source.b};
        break;
      case SourceKind::Change:
        i["change"] = {ind.source.a, ind.source.b};
        break;
    }
    if (ind.dimension >= 0) i["dimension"] = m.dimensions[static_cast<size_t>(ind.dimension)].id;
    if (ind.weight) i["weight"] = *ind.weight;
    i["rule"] = rule_json(ind.rule);
    if (ind.missing_points) i["missing_points"] = *ind.missing_points;
    inds.push_back(i);
  }
  j["indicators"] = inds;
  if (!m.default_segments) {
    Json segs = Json::array();
    for (const Segment& s : m.segments) {
      Json g;
      g["id"] = s.id;
      if (!s.label.empty()) g["label"] = s.label;
      if (s.min) g["min"] = *s.min;
      if (s.max) g["max"] = *s.max;
      if (!s.when.empty()) g["when"] = conditions_json(m, s.when);
      if (!s.color.empty()) g["color"] = s.color;
      if (!s.action.empty()) g["action"] = s.action;
      segs.push_back(g);
    }
    j["segments"] = segs;
  }
  if (!m.alerts.empty()) {
    Json alerts = Json::array();
    for (const Alert& a : m.alerts) {
      Json al;
      al["id"] = a.id;
      if (!a.label.empty()) al["label"] = a.label;
      al["when"] = conditions_json(m, a.when);
      if (!a.action.empty()) al["action"] = a.action;
      alerts.push_back(al);
    }
    j["alerts"] = alerts;
  }
  if (m.outcome) j["outcome"] = {{"column", m.outcome->column}, {"positive", m.outcome->positive}};
  if (m.deteriorating_drop != 10) j["trend"] = {{"deteriorating_drop", m.deteriorating_drop}};
  return j;
}

std::string model_json(const Model& model) {
  return model_json_value(model).dump(2) + "\n";
}

}  // namespace kenko
