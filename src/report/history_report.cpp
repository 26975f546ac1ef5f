#include "report/history_report.h"

#include <algorithm>
#include <cmath>
#include <nlohmann/json.hpp>

#include "base/number_format.h"
#include "base/text.h"

namespace kenko {

namespace {

using Json = nlohmann::ordered_json;

// The id of a slot: model segments, none, unscored, then absent (flows).
std::string slot_id(const Model& model, size_t slot) {
  const size_t n = model.segments.size();
  if (slot < n) return model.segments[slot].id;
  return slot == n ? "none" : slot == n + 1 ? "unscored" : "absent";
}

std::string customer_id(const Model& model, const Table& t, size_t row) {
  const Column* ids = t.column(model.id_column);
  return ids ? std::string(trim(ids->text(row))) : std::string();
}

// The fall over the customer's streak (a positive number).
double fall(const History& h, size_t r) {
  const size_t P = h.periods.size(), n = h.rows;
  const size_t last = P - 1, first = P - 1 - h.streak[r];
  return h.score[first * n + r] - h.score[last * n + r];
}

}  // namespace

std::vector<size_t> deteriorating_rows(const History& h) {
  std::vector<size_t> rows;
  for (size_t r = 0; r < h.rows; ++r) {
    if (h.streak[r] >= h.options.streak) rows.push_back(r);
  }
  std::stable_sort(rows.begin(), rows.end(), [&](size_t a, size_t b) {
    if (h.streak[a] != h.streak[b]) return h.streak[a] > h.streak[b];
    return fall(h, a) > fall(h, b);
  });
  return rows;
}

std::string history_json(const Model& model, const Table& latest, const History& h,
                         bool with_customers) {
  Json j;
  Json periods = Json::array();
  for (const PeriodStats& p : h.periods) {
    Json segs = Json::array();
    for (size_t i = 0; i < p.per_segment.size(); ++i) {
      Json e{{"id", slot_id(model, i)}, {"count", p.per_segment[i]}};
      if (!p.value.empty()) e["value"] = p.value[i];
      segs.push_back(e);
    }
    periods.push_back({{"label", p.label},
                       {"customers", p.customers},
                       {"scored", p.scored},
                       {"mean", p.mean ? Json(*p.mean) : Json(nullptr)},
                       {"segments", segs}});
  }
  j["periods"] = periods;
  Json flows = Json::array();
  for (size_t f = 0; f < h.flows.size(); ++f) {
    const SegmentFlow& fl = h.flows[f];
    Json ids = Json::array(), counts = Json::array();
    for (size_t a = 0; a < fl.width; ++a) {
      ids.push_back(slot_id(model, a));
      Json row = Json::array();
      for (size_t b = 0; b < fl.width; ++b) row.push_back(fl.counts[a * fl.width + b]);
      counts.push_back(row);
    }
    flows.push_back({{"from", h.periods[f].label},
                     {"to", h.periods[f + 1].label},
                     {"ids", ids},
                     {"counts", counts}});
  }
  j["flows"] = flows;
  j["rows"] = h.rows;
  j["streak"] = h.options.streak;
  j["minDrop"] = h.options.min_drop;
  j["deteriorating"] = h.deteriorating;
  if (with_customers) {
    Json list = Json::array();
    for (size_t r : deteriorating_rows(h)) {
      Json scores = Json::array();
      for (size_t p = 0; p < h.periods.size(); ++p) {
        const double v = h.score[p * h.rows + r];
        scores.push_back(std::isnan(v) ? Json(nullptr) : Json(v));
      }
      list.push_back({{"row", r},
                      {"id", customer_id(model, latest, r)},
                      {"streak", h.streak[r]},
                      {"scores", scores}});
    }
    j["customers"] = list;
  }
  return j.dump();
}

void write_history_text(std::ostream& out, const Model& model, const Table& latest,
                        const History& h) {
  out << "periods";
  for (const PeriodStats& p : h.periods) out << " " << p.label;
  out << "\n";
  for (const PeriodStats& p : h.periods) {
    out << "period " << p.label << " customers " << p.customers << " scored " << p.scored
        << " mean " << (p.mean ? format_fixed2(*p.mean) : "NA") << "\n";
    for (size_t i = 0; i < p.per_segment.size(); ++i) {
      if (i >= model.segments.size() && p.per_segment[i] == 0) continue;
      out << "  " << slot_id(model, i) << " " << p.per_segment[i];
      if (!p.value.empty()) out << " value " << format_fixed2(p.value[i]);
      out << "\n";
    }
  }
  for (size_t f = 0; f < h.flows.size(); ++f) {
    const SegmentFlow& fl = h.flows[f];
    out << "flow " << h.periods[f].label << " -> " << h.periods[f + 1].label << "\n";
    for (size_t a = 0; a < fl.width; ++a) {
      for (size_t b = 0; b < fl.width; ++b) {
        const uint64_t c = fl.counts[a * fl.width + b];
        if (c) out << "  " << slot_id(model, a) << " -> " << slot_id(model, b) << " " << c << "\n";
      }
    }
  }
  out << "deteriorating " << h.deteriorating << " (the score fell in each of the last "
      << h.options.streak << " period" << (h.options.streak == 1 ? "" : "s");
  if (h.options.min_drop > 0) out << ", by at least " << format_full(h.options.min_drop);
  out << ")\n";
  for (size_t r : deteriorating_rows(h)) {
    out << "  " << customer_id(model, latest, r) << " streak " << h.streak[r] << ":";
    for (size_t p = 0; p < h.periods.size(); ++p) {
      const double v = h.score[p * h.rows + r];
      out << " " << (std::isnan(v) ? std::string("-") : format_fixed2(v));
    }
    out << "\n";
  }
}

}  // namespace kenko
