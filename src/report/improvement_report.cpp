// An improvement (review/improve.h) as readable lines and as JSON for front ends.
#include <nlohmann/json.hpp>

#include "base/number_format.h"
#include "report/report_json.h"
#include "report/text_report.h"

namespace kenko {

namespace {
using Json = nlohmann::ordered_json;
using Bound = ImprovementStep::Bound;
}  // namespace

// ---- Text and JSON -------------------------------------------------------------------------

namespace {

// Two decimals without trailing zeros: "40", "40.5", "33.33".
std::string short_number(double v) {
  std::string s = format_fixed2(v);
  if (s.find('.') != std::string::npos) {
    while (!s.empty() && s.back() == '0') s.pop_back();
    if (!s.empty() && s.back() == '.') s.pop_back();
  }
  if (s == "-0") s = "0";
  return s;
}

std::string indicator_label(const Model& model, size_t i) {
  const Indicator& ind = model.indicators[i];
  return ind.label.empty() ? ind.id : ind.label;
}

std::string segment_label(const Model& model, int32_t seg) {
  if (seg < 0) return segment_id(model, seg);
  const Segment& s = model.segments[static_cast<size_t>(seg)];
  return s.label.empty() ? s.id : s.label;
}

// A stable code for front ends to word the reason in their language.
const char* failure_code(ImproveFailure f) {
  switch (f) {
    case ImproveFailure::None:
      return "none";
    case ImproveFailure::Unscored:
      return "unscored";
    case ImproveFailure::BestSegment:
      return "bestSegment";
    case ImproveFailure::AlreadyInTarget:
      return "alreadyInTarget";
    case ImproveFailure::Unreachable:
      return "unreachable";
    case ImproveFailure::Budget:
      return "budget";
  }
  return "none";
}

const char* bound_name(Bound b) {
  switch (b) {
    case Bound::AtLeast:
      return "atLeast";
    case Bound::Above:
      return "above";
    case Bound::AtMost:
      return "atMost";
    case Bound::Below:
      return "below";
    case Bound::Exactly:
      return "is";
  }
  return "";
}

std::string step_line(const Model& model, const ImprovementStep& st) {
  std::string to;
  switch (st.bound) {
    case Bound::AtLeast:
      to = "at least " + st.to_text;
      break;
    case Bound::Above:
      to = "more than " + st.to_text;
      break;
    case Bound::AtMost:
      to = "at most " + st.to_text;
      break;
    case Bound::Below:
      to = "below " + st.to_text;
      break;
    case Bound::Exactly:
      to = st.to_text;
      break;
  }
  if (st.band_end == st.band_end) {
    to += st.bound == Bound::Below ? " (and at least " + format_full(st.band_end) + ")"
                                   : " (and below " + format_full(st.band_end) + ")";
  }
  const std::string from = st.from_text.empty() ? "missing" : st.from_text;
  const std::string s0 =
      st.from_subscore == st.from_subscore ? short_number(st.from_subscore) : "none";
  return indicator_label(model, st.indicator) + ": from " + from + " to " + to + " (sub-score " +
         s0 + " → " + short_number(st.to_subscore) + ")";
}

Json number_or_null(double v) {
  return std::isfinite(v) ? Json(v) : Json(nullptr);
}

std::vector<std::string> text_lines(const Model& model, const Improvement& imp) {
  std::vector<std::string> lines;
  if (!imp.found) {
    lines.push_back("No improvement: " + imp.reason_if_not_found);
    return lines;
  }
  for (const ImprovementStep& st : imp.steps) lines.push_back(step_line(model, st));
  lines.push_back("→ " + std::string(segment_id(model, imp.to_segment)) + " (" +
                  segment_label(model, imp.to_segment) + "): score " +
                  short_number(imp.score_before) + " → " + short_number(imp.score_after));
  return lines;
}

}  // namespace

std::string improvement_text(const Model& model, const Improvement& imp) {
  std::string out;
  for (const std::string& l : text_lines(model, imp)) out += l + "\n";
  return out;
}

std::string improvement_json(const Model& model, const Improvement& imp) {
  Json j;
  j["found"] = imp.found;
  j["complete"] = imp.complete;
  j["row"] = imp.row;
  j["from"] = {{"segment", segment_id(model, imp.from_segment)},
               {"label", segment_label(model, imp.from_segment)},
               {"score", number_or_null(imp.score_before)}};
  if (imp.found) {
    j["to"] = {{"segment", segment_id(model, imp.to_segment)},
               {"label", segment_label(model, imp.to_segment)},
               {"score", number_or_null(imp.score_after)}};
  } else {
    j["to"] = nullptr;
  }
  Json steps = Json::array();
  for (const ImprovementStep& st : imp.steps) {
    Json s;
    s["indicator"] = model.indicators[st.indicator].id;
    s["label"] = indicator_label(model, st.indicator);
    s["fromPresent"] = st.from_present;
    s["from"] = st.from_text.empty() ? Json(nullptr) : Json(st.from_text);
    s["fromValue"] = number_or_null(st.from_value);
    s["fromSubscore"] = number_or_null(st.from_subscore);
    s["bound"] = bound_name(st.bound);
    s["to"] = st.to_text;
    s["toValue"] = number_or_null(st.to_value);
    s["bandEnd"] = number_or_null(st.band_end);
    s["toSubscore"] = number_or_null(st.to_subscore);
    s["text"] = step_line(model, st);
    steps.push_back(s);
  }
  j["steps"] = steps;
  j["reason"] = imp.found ? Json(nullptr) : Json(imp.reason_if_not_found);
  j["reasonCode"] = imp.found ? Json(nullptr) : Json(failure_code(imp.failure));
  j["evaluations"] = imp.evaluations;
  j["text"] = text_lines(model, imp);
  return j.dump();
}

}  // namespace kenko
