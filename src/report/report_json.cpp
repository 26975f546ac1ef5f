#include "report/report_json.h"

#include <cmath>
#include <nlohmann/json.hpp>

#include "read/encoding.h"
#include "score/rules.h"

namespace kenko {

namespace {

using Json = nlohmann::ordered_json;

Json number_or_null(double v) {
  return std::isfinite(v) ? Json(v) : Json(nullptr);
}
Json optional_number(const std::optional<double>& v) {
  return v ? Json(*v) : Json(nullptr);
}
Json text_or_null(const std::string& s) {
  return s.empty() ? Json(nullptr) : Json(s);
}

Json source_json(const ValueSource& s) {
  Json j;
  switch (s.kind) {
    case SourceKind::Column:
      j["column"] = s.a;
      break;
    case SourceKind::Ratio:
      j["ratio"] = {s.a, s.b};
      break;
    case SourceKind::Change:
      j["change"] = {s.a, s.b};
      break;
  }
  return j;
}

Json row_list_json(const RowList& rows) {
  return Json{{"count", rows.count}, {"firstRows", rows.first}};
}

}  // namespace

std::string model_info_json(const Model& model, const Weights& weights) {
  Json j;
  j["name"] = model.name;
  j["idColumn"] = model.id_column;
  j["labelColumn"] = text_or_null(model.label_column);
  j["missing"] = model.missing == MissingPolicy::Zero ? "zero" : "reweight";
  const std::vector<double> share = full_model_shares(model, weights);
  Json dims = Json::array();
  for (size_t d = 0; d < model.dimensions.size(); ++d) {
    const Dimension& dim = model.dimensions[d];
    double dim_share = 0;
    for (size_t i = 0; i < model.indicators.size(); ++i) {
      if (model.indicators[i].dimension == static_cast<int>(d)) dim_share += share[i];
    }
    dims.push_back({{"id", dim.id},
                    {"label", dim.label},
                    {"weight", weights.dimension[d]},
                    {"share", dim_share}});
  }
  j["dimensions"] = dims;
  Json inds = Json::array();
  for (size_t i = 0; i < model.indicators.size(); ++i) {
    const Indicator& ind = model.indicators[i];
    Json e;
    e["id"] = ind.id;
    e["label"] = ind.label.empty() ? ind.id : ind.label;
    e["dimension"] = ind.dimension >= 0
                         ? Json(model.dimensions[static_cast<size_t>(ind.dimension)].id)
                         : Json(nullptr);
    e["weight"] = weights.indicator[i];
    e["weightDefaulted"] = !ind.weight.has_value();
    e["share"] = share[i];
    e["maxPoints"] = ind.rule.max_points();
    e["source"] = source_json(ind.source);
    e["rule"] = rule_json(ind.rule);
    e["missingPoints"] = optional_number(ind.missing_points);
    inds.push_back(e);
  }
  j["indicators"] = inds;
  Json segs = Json::array();
  const std::vector<int> tiers = segment_tiers(model);
  for (const Segment& s : model.segments) {
    segs.push_back({{"id", s.id},
                    {"rank", optional_number(s.rank)},
                    {"tier", tiers[segs.size()]},
                    {"label", s.label.empty() ? s.id : s.label},
                    {"min", optional_number(s.min)},
                    {"max", optional_number(s.max)},
                    {"color", text_or_null(s.color)},
                    {"action", text_or_null(s.action)},
                    {"hasWhen", !s.when.empty()}});
  }
  j["segments"] = segs;
  j["defaultSegments"] = model.default_segments;
  Json alerts = Json::array();
  for (const Alert& a : model.alerts) {
    alerts.push_back({{"id", a.id},
                      {"label", a.label.empty() ? a.id : a.label},
                      {"action", text_or_null(a.action)}});
  }
  j["alerts"] = alerts;
  j["outcome"] =
      model.outcome ? Json{{"column", model.outcome->column}, {"positive", model.outcome->positive}}
                    : Json(nullptr);
  Json columns = Json::array();
  for (const Model::ColumnUse& u : model.columns()) columns.push_back(u.name);
  j["columns"] = columns;
  j["deterioratingDrop"] = model.deteriorating_drop;
  j["valueColumn"] = text_or_null(model.value_column);
  return j.dump();
}

std::string summary_json(const Model& model, const Summary& s) {
  Json j;
  j["customers"] = s.customers;
  j["scored"] = s.scored;
  j["unscored"] = s.unscored;
  j["mean"] = optional_number(s.mean);
  j["median"] = optional_number(s.median);
  j["histogram"] = s.histogram;
  Json segs = Json::array();
  for (size_t i = 0; i < s.per_segment.size(); ++i) {
    const bool own = i < model.segments.size();
    const std::string id = own                          ? model.segments[i].id
                           : i == model.segments.size() ? "none"
                                                        : "unscored";
    Json e{{"id", id},
           {"label", own && !model.segments[i].label.empty() ? model.segments[i].label : id},
           {"count", s.per_segment[i]}};
    if (s.outcome) {
      const SegmentOutcome& so = s.outcome->per_segment[i];
      e["outcome"] = {{"customers", so.customers}, {"positive", so.positive}};
    }
    if (s.value) e["value"] = s.value->per_segment[i];
    segs.push_back(e);
  }
  j["segments"] = segs;
  Json alerts = Json::array();
  for (size_t a = 0; a < s.per_alert.size(); ++a) {
    const Alert& al = model.alerts[a];
    alerts.push_back(
        {{"id", al.id}, {"label", al.label.empty() ? al.id : al.label}, {"count", s.per_alert[a]}});
  }
  j["alerts"] = alerts;
  Json inds = Json::array();
  for (size_t i = 0; i < s.indicators.size(); ++i) {
    inds.push_back({{"id", model.indicators[i].id},
                    {"share", i < s.share.size() ? Json(s.share[i]) : Json(nullptr)},
                    {"missing", row_list_json(s.indicators[i].missing)},
                    {"invalid", row_list_json(s.indicators[i].invalid)}});
  }
  j["indicators"] = inds;
  if (s.outcome) {
    j["outcome"] = {{"positive", s.outcome->positive},
                    {"negative", s.outcome->negative},
                    {"excluded", s.outcome->excluded},
                    {"auc", optional_number(s.outcome->auc)}};
  } else {
    j["outcome"] = nullptr;
  }
  j["value"] = s.value ? Json{{"column", model.value_column},
                              {"total", s.value->total},
                              {"atRisk", s.value->at_risk},
                              {"withValue", s.value->with_value},
                              {"without", s.value->without}}
                       : Json(nullptr);
  return j.dump();
}

std::string explanation_json(const Model& model, const Table& table, const Results& res,
                             const CustomerExplanation& e) {
  const size_t r = e.row;
  Json j;
  j["row"] = r;
  j["fileRow"] = e.file_row;
  const Column* id = table.column(model.id_column);
  j["id"] = id ? Json(std::string(id->text(r))) : Json(nullptr);
  const Column* label = model.label_column.empty() ? nullptr : table.column(model.label_column);
  j["label"] = label ? Json(std::string(label->text(r))) : Json(nullptr);
  j["score"] = number_or_null(res.score[r]);
  j["coverage"] = res.coverage[r];
  j["segment"] = segment_id(model, res.segment[r]);
  Json drivers = Json::array();
  if (res.drivers_ready) {
    for (size_t k = 0; k < kMaxDrivers; ++k) {
      const int32_t i = res.drivers[r * kMaxDrivers + k];
      if (i >= 0) drivers.push_back(model.indicators[static_cast<size_t>(i)].id);
    }
  }
  j["drivers"] = drivers;
  Json alerts = Json::array();
  for (size_t a = 0; a < model.alerts.size(); ++a) {
    if (res.has_alert(r, a)) alerts.push_back(model.alerts[a].id);
  }
  j["alerts"] = alerts;
  Json dims = Json::array();
  for (size_t d = 0; d < model.dimensions.size(); ++d) {
    dims.push_back({{"id", model.dimensions[d].id},
                    {"value", number_or_null(res.dimension[d * res.rows + r])}});
  }
  j["dimensions"] = dims;
  Json inds = Json::array();
  for (size_t i = 0; i < e.indicators.size(); ++i) {
    const IndicatorExplanation& x = e.indicators[i];
    inds.push_back({{"id", model.indicators[i].id},
                    {"value", x.value},
                    {"present", x.present},
                    {"counts", x.counts},
                    {"points", number_or_null(x.points)},
                    {"subscore", number_or_null(x.subscore)},
                    {"share", x.share},
                    {"contribution", x.contribution}});
  }
  j["indicators"] = inds;
  return j.dump();
}

std::string validation_json(const Model& model, const Validation& v) {
  const OutcomeStats& o = v.outcome;
  Json j;
  j["auc"] = optional_number(o.auc);
  j["positive"] = o.positive;
  j["negative"] = o.negative;
  j["excluded"] = o.excluded;
  Json segs = Json::array();
  for (size_t i = 0; i < o.per_segment.size(); ++i) {
    const std::string id = i < model.segments.size()    ? model.segments[i].id
                           : i == model.segments.size() ? "none"
                                                        : "unscored";
    const SegmentOutcome& so = o.per_segment[i];
    segs.push_back({{"id", id},
                    {"customers", so.customers},
                    {"positive", so.positive},
                    {"rate", so.customers ? Json(static_cast<double>(so.positive) /
                                                 static_cast<double>(so.customers))
                                          : Json(nullptr)}});
  }
  j["segments"] = segs;
  Json deciles = Json::array();
  for (size_t d = 0; d < v.deciles.size(); ++d) {
    const DecileRow& row = v.deciles[d];
    deciles.push_back({{"decile", d + 1},
                       {"customers", row.customers},
                       {"positive", row.positive},
                       {"rate", optional_number(row.rate)},
                       {"lift", optional_number(row.lift)},
                       {"minScore", optional_number(row.min_score)},
                       {"maxScore", optional_number(row.max_score)}});
  }
  j["deciles"] = deciles;
  Json inds = Json::array();
  for (size_t i = 0; i < v.indicators.size(); ++i) {
    inds.push_back({{"id", model.indicators[i].id},
                    {"auc", optional_number(v.indicators[i].auc)},
                    {"missing", v.indicators[i].missing},
                    {"missingRate", v.indicators[i].missing_rate}});
  }
  j["indicators"] = inds;
  Json roc = Json::array();
  for (const RocPoint& p : v.roc) roc.push_back({p.fpr, p.tpr, p.threshold});
  j["roc"] = roc;
  if (v.value) {
    Json vd = Json::array();
    for (size_t d = 0; d < v.value->deciles.size(); ++d) {
      const ValueDecile& x = v.value->deciles[d];
      vd.push_back({{"decile", d + 1},
                    {"value", x.value},
                    {"positive", x.positive},
                    {"rate", optional_number(x.rate)},
                    {"lift", optional_number(x.lift)}});
    }
    j["value"] = {{"column", model.value_column},  {"auc", optional_number(v.value->auc)},
                  {"positive", v.value->positive}, {"negative", v.value->negative},
                  {"without", v.value->without},   {"deciles", vd}};
  } else {
    j["value"] = nullptr;
  }
  return j.dump();
}

std::string fit_json(const Model& model, const FitResult& fit) {
  Json j;
  j["heldoutAucBefore"] = optional_number(fit.heldout_auc_before);
  j["heldoutAucAfter"] = optional_number(fit.heldout_auc_after);
  Json folds = Json::array();
  for (size_t f = 0; f < fit.fold_auc_before.size(); ++f) {
    folds.push_back({{"before", optional_number(fit.fold_auc_before[f])},
                     {"after", optional_number(fit.fold_auc_after[f])}});
  }
  j["folds"] = folds;
  j["customers"] = fit.customers;
  j["positive"] = fit.positive;
  j["note"] = text_or_null(fit.note);
  Json inds = Json::array();
  for (size_t i = 0; i < fit.indicator_weights.size(); ++i) {
    inds.push_back({{"id", model.indicators[i].id}, {"weight", fit.indicator_weights[i]}});
  }
  j["indicators"] = inds;
  Json dims = Json::array();
  for (size_t d = 0; d < fit.dimension_weights.size(); ++d) {
    dims.push_back({{"id", model.dimensions[d].id}, {"weight", fit.dimension_weights[d]}});
  }
  j["dimensions"] = dims;
  // Each indicator's share of the score under the proposal; the constraints' outcome.
  Weights proposal{fit.indicator_weights, fit.dimension_weights};
  j["shares"] = full_model_shares(model, proposal);
  j["constrained"] = fit.constrained;
  j["heldoutAucUnconstrained"] = optional_number(fit.heldout_auc_unconstrained);
  Json locked = Json::array();
  for (size_t i = 0; i < fit.locked_shares.size(); ++i) {
    if (!std::isnan(fit.locked_shares[i])) {
      locked.push_back({{"id", model.indicators[i].id}, {"share", fit.locked_shares[i]}});
    }
  }
  j["locked"] = locked;
  return j.dump();
}

std::string bands_proposal_json(const BandsProposal& p) {
  Json j;
  j["rule"] = Json::parse(p.rule_json);
  j["healthy"] = p.healthy;
  j["healthyWithValue"] = p.healthy_with_value;
  Json reach = Json::array();
  for (const ThresholdReach& r : p.reach) {
    reach.push_back(
        {{"threshold", r.threshold}, {"healthyShare", r.healthy_share}, {"allShare", r.all_share}});
  }
  j["reach"] = reach;
  j["notes"] = p.notes;
  return j.dump();
}

Json message_json(const Message& m) {
  Json params = Json::object();
  for (const auto& [k, v] : m.params) params[k] = v;
  return {{"code", m.code}, {"params", params}, {"message", m.text()}};
}

std::vector<Message> plain_messages(const std::vector<std::string>& lines) {
  std::vector<Message> out;
  for (const std::string& l : lines) out.push_back(Message::plain(l));
  return out;
}

std::string problems_json(const std::vector<ModelProblem>& problems) {
  Json out = Json::array();
  for (const ModelProblem& p : problems) {
    Json params = Json::object();
    for (const auto& [k, v] : p.params) params[k] = v;
    out.push_back({{"path", p.path},
                   {"code", p.code},
                   {"params", params},
                   {"message", p.message},
                   {"text", p.to_string()}});
  }
  return out.dump(-1, ' ', false, Json::error_handler_t::replace);
}

std::string table_info_json(const Table& table, const std::vector<std::string>& warnings) {
  return table_info_json(table, plain_messages(warnings));
}

std::string table_info_json(const Table& table, const std::vector<Message>& warnings) {
  Json j;
  j["rows"] = table.rows();
  j["bytes"] = table.bytes;
  j["encoding"] = encoding_name(table.encoding);
  j["delimiter"] = std::string(1, table.delimiter);
  j["header"] = table.header;
  Json cols = Json::array();
  for (const Column& c : table.columns) {
    cols.push_back({{"model", c.name}, {"header", table.header[c.header_index]}});
  }
  j["columns"] = cols;
  Json lines = Json::array(), details = Json::array();
  for (const Message& m : warnings) {
    lines.push_back(m.text());
    details.push_back(message_json(m));
  }
  j["warnings"] = lines;
  j["warningDetails"] = details;
  return j.dump();
}

std::string trends_counts_json(const Trends& t) {
  return "{\"matched\":" + std::to_string(t.matched) +
         ",\"onlyNow\":" + std::to_string(t.only_now) +
         ",\"onlyPrevious\":" + std::to_string(t.only_previous) +
         ",\"deterioratingCount\":" + std::to_string(t.deteriorating_count) + "}";
}

std::string model_json_with_weights(std::string_view model_json,
                                    const std::vector<double>& indicator_weights,
                                    const std::vector<double>& dimension_weights) {
  nlohmann::ordered_json j = nlohmann::ordered_json::parse(model_json);
  nlohmann::ordered_json& inds = j.at("indicators");
  for (size_t i = 0; i < inds.size() && i < indicator_weights.size(); ++i) {
    inds[i]["weight"] = indicator_weights[i];
  }
  if (j.contains("dimensions")) {
    nlohmann::ordered_json& dims = j.at("dimensions");
    for (size_t d = 0; d < dims.size() && d < dimension_weights.size(); ++d) {
      dims[d]["weight"] = dimension_weights[d];
    }
  }
  return j.dump(2) + "\n";
}

}  // namespace kenko
