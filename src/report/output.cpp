#include "report/output.h"

#include <algorithm>
#include <cmath>
#include <cstdio>
#include <cstdlib>

#include "base/number_format.h"
#include "base/text.h"
#include "read/cell.h"

namespace kenko {

namespace {
constexpr size_t kFlushBytes = 1 << 20;

void flush_if_large(std::ostream& out, std::string& buf, bool force = false) {
  if (force || buf.size() >= kFlushBytes) {
    out.write(buf.data(), static_cast<std::streamsize>(buf.size()));
    buf.clear();
  }
}

}  // namespace

bool formula_like(std::string_view cell) {
  if (cell.empty()) return false;
  switch (cell[0]) {
    case '=':
    case '@':
    case '\t':
    case '\r':
      return true;
    case '+':
    case '-':
      return parse_number_cell(cell).kind != CellKind::Number;
    default:
      return false;
  }
}

std::vector<std::string> scored_columns(const Model& model) {
  std::vector<std::string> cols = {model.id_column, "score", "segment", "coverage"};
  for (const Dimension& d : model.dimensions) cols.push_back("dim." + d.id);
  for (const Indicator& i : model.indicators) cols.push_back("ind." + i.id);
  cols.push_back("drivers");
  cols.push_back("alerts");
  return cols;
}

namespace {

// The previous segment's id, or "" for a customer the previous snapshot lacks.
std::string_view previous_segment_id(const Model& model, int32_t segment) {
  return segment == kSegmentAbsent ? std::string_view() : segment_id(model, segment);
}

std::string_view driver_id(const Model& model, int32_t indicator) {
  return indicator < 0 ? std::string_view() : model.indicators[static_cast<size_t>(indicator)].id;
}

std::string join_ids(const Model& model, const Results& res, size_t r, bool drivers) {
  std::string out;
  if (drivers) {
    for (size_t slot = 0; slot < kMaxDrivers; ++slot) {
      int32_t i = res.drivers[r * kMaxDrivers + slot];
      if (i < 0) break;
      if (!out.empty()) out += ';';
      out += model.indicators[static_cast<size_t>(i)].id;
    }
  } else {
    for (size_t a = 0; a < model.alerts.size(); ++a) {
      if (!res.has_alert(r, a)) continue;
      if (!out.empty()) out += ';';
      out += model.alerts[a].id;
    }
  }
  return out;
}

}  // namespace

void write_scored_csv(std::ostream& out, const Model& model, const Table& table,
                      const SubScores& sub, const Results& res, ScoredCsvOptions options) {
  std::string buf = options.bom ? "\xEF\xBB\xBF" : "";
  const bool safe = options.excel_safe;
  auto text = [&buf, safe](std::string_view cell) {
    if (safe && formula_like(cell)) {
      append_csv_field(buf, "'" + std::string(cell));
    } else {
      append_csv_field(buf, cell);
    }
  };
  std::vector<std::string> cols = scored_columns(model);
  // The label column, unless the model has none or its name is already a column here.
  const bool label_wanted = options.label && !model.label_column.empty() &&
                            std::find(cols.begin(), cols.end(), model.label_column) == cols.end();
  const Column* label = label_wanted ? table.column(model.label_column) : nullptr;
  if (label) cols.insert(cols.begin() + 1, model.label_column);
  const Trends* trends = options.trends;
  if (trends)
    cols.insert(cols.end(), {"score_prev", "score_change", "segment_prev", "change_driver"});
  for (size_t c = 0; c < cols.size(); ++c) {
    if (c) buf += ',';
    text(cols[c]);
  }
  buf += '\n';
  const Column* id = table.column(model.id_column);
  const size_t n = res.rows, D = model.dimensions.size(), k = model.indicators.size();
  const bool full = options.full_precision;
  auto append_number = [full](std::string& to, double v) {
    if (!full) {
      append_fixed2(to, v);
    } else if (!std::isnan(v)) {
      to += format_full(v);
    }
  };
  for (size_t r = 0; r < n; ++r) {
    text(id ? id->text(r) : std::string_view());
    buf += ',';
    if (label) {
      text(label->text(r));
      buf += ',';
    }
    append_number(buf, res.score[r]);
    buf += ',';
    text(segment_id(model, res.segment[r]));
    buf += ',';
    append_number(buf, res.coverage[r]);
    for (size_t d = 0; d < D; ++d) {
      buf += ',';
      append_number(buf, res.dimension[d * n + r]);
    }
    for (size_t i = 0; i < k; ++i) {
      buf += ',';
      append_number(buf, shown_subscore(sub, i, r));
    }
    buf += ',';
    text(join_ids(model, res, r, true));
    buf += ',';
    text(join_ids(model, res, r, false));
    if (trends) {
      buf += ',';
      append_number(buf, trends->score_prev[r]);
      buf += ',';
      append_number(buf, trends->score_change[r]);
      buf += ',';
      text(previous_segment_id(model, trends->segment_prev[r]));
      buf += ',';
      text(driver_id(model, trends->change_driver[r]));
    }
    buf += '\n';
    flush_if_large(out, buf);
  }
  flush_if_large(out, buf, true);
}

void write_scored_json(std::ostream& out, const Model& model, const Table& table,
                       const SubScores& sub, const Results& res, const Trends* trends) {
  std::string buf = "[";
  const Column* id = table.column(model.id_column);
  const size_t n = res.rows, D = model.dimensions.size(), k = model.indicators.size();
  auto number = [&buf](double v) { buf += std::isnan(v) ? "null" : format_full(v); };
  for (size_t r = 0; r < n; ++r) {
    buf += r ? ",\n{" : "\n{";
    append_json_string(buf, model.id_column);
    buf += ':';
    append_json_string(buf, id ? id->text(r) : std::string_view());
    buf += ",\"score\":";
    number(res.score[r]);
    buf += ",\"segment\":";
    append_json_string(buf, segment_id(model, res.segment[r]));
    buf += ",\"coverage\":";
    number(res.coverage[r]);
    buf += ",\"dim\":{";
    for (size_t d = 0; d < D; ++d) {
      if (d) buf += ',';
      append_json_string(buf, model.dimensions[d].id);
      buf += ':';
      number(res.dimension[d * n + r]);
    }
    buf += "},\"ind\":{";
    for (size_t i = 0; i < k; ++i) {
      if (i) buf += ',';
      append_json_string(buf, model.indicators[i].id);
      buf += ':';
      number(shown_subscore(sub, i, r));
    }
    buf += "},\"drivers\":[";
    for (size_t slot = 0; slot < kMaxDrivers; ++slot) {
      int32_t i = res.drivers[r * kMaxDrivers + slot];
      if (i < 0) break;
      if (slot) buf += ',';
      append_json_string(buf, model.indicators[static_cast<size_t>(i)].id);
    }
    buf += "],\"alerts\":[";
    bool first = true;
    for (size_t a = 0; a < model.alerts.size(); ++a) {
      if (!res.has_alert(r, a)) continue;
      if (!first) buf += ',';
      first = false;
      append_json_string(buf, model.alerts[a].id);
    }
    buf += ']';
    if (trends) {
      buf += ",\"score_prev\":";
      number(trends->score_prev[r]);
      buf += ",\"score_change\":";
      number(trends->score_change[r]);
      buf += ",\"segment_prev\":";
      if (trends->segment_prev[r] == kSegmentAbsent) {
        buf += "null";
      } else {
        append_json_string(buf, segment_id(model, trends->segment_prev[r]));
      }
      buf += ",\"change_driver\":";
      if (trends->change_driver[r] < 0) {
        buf += "null";
      } else {
        append_json_string(buf, driver_id(model, trends->change_driver[r]));
      }
      buf += trends->deteriorating[r] ? ",\"deteriorating\":true" : ",\"deteriorating\":false";
    }
    buf += '}';
    flush_if_large(out, buf);
  }
  buf += "\n]\n";
  flush_if_large(out, buf, true);
}

}  // namespace kenko
