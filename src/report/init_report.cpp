#include "report/init_report.h"

#include <cmath>
#include <cstdio>
#include <nlohmann/json.hpp>

#include "base/number_format.h"
#include "read/encoding.h"
#include "report/model_writer.h"
#include "report/report_json.h"
#include "score/scoring.h"

namespace kenko {

namespace {

using Json = nlohmann::ordered_json;

Json optional_number(const std::optional<double>& v) {
  return v ? Json(*v) : Json(nullptr);
}

std::string percent1(double share) {
  char b[32];
  std::snprintf(b, sizeof b, "%.1f%%", 100.0 * share);
  return b;
}

std::string delimiter_name(char d) {
  return d == '\t' ? "tab" : std::string("'") + d + "'";
}

}  // namespace

std::string profile_json(const TableProfile& profile, const Table& table,
                         const std::vector<std::string>& warnings) {
  return profile_json(profile, table, plain_messages(warnings));
}

std::string profile_json(const TableProfile& profile, const Table& table,
                         const std::vector<Message>& warnings) {
  Json j;
  j["rows"] = profile.rows;
  j["bytes"] = table.bytes;
  j["encoding"] = encoding_name(table.encoding);
  j["delimiter"] = std::string(1, table.delimiter);
  j["header"] = table.header;
  Json lines = Json::array(), details = Json::array();
  for (const Message& m : warnings) {
    lines.push_back(m.text());
    details.push_back(message_json(m));
  }
  j["warnings"] = lines;
  j["warningDetails"] = details;
  Json cols = Json::array();
  for (const ColumnProfile& p : profile.columns) {
    Json c;
    c["name"] = p.name;
    c["index"] = p.header_index;
    c["kind"] = column_kind_name(p.kind);
    c["read"] = p.unread.empty();
    c["unread"] = p.unread.empty() ? Json(nullptr) : Json(p.unread);
    c["rows"] = p.rows;
    c["missing"] = p.missing;
    c["missingRate"] = p.missing_rate();
    c["present"] = p.present;
    c["numbers"] = p.numbers;
    c["distinct"] = p.distinct;
    c["constant"] = p.constant();
    c["unique"] = p.unique();
    if (p.number_stats) {
      const NumberStats& s = *p.number_stats;
      Json q = Json::array();
      for (size_t i = 0; i < NumberStats::kLevels; ++i) {
        q.push_back({{"q", NumberStats::kQuantileLevels[i]}, {"value", s.quantiles[i]}});
      }
      c["numberStats"] = {{"count", s.count}, {"min", s.min},           {"max", s.max},
                          {"mean", s.mean},   {"integers", s.integers}, {"quantiles", q}};
    } else {
      c["numberStats"] = nullptr;
    }
    Json values = Json::array();
    for (const ValueCount& v : p.values) values.push_back({{"text", v.text}, {"count", v.count}});
    c["values"] = values;
    c["trueTexts"] = p.true_texts;
    c["falseTexts"] = p.false_texts;
    c["spacedShare"] = p.spaced_share;
    c["meanLength"] = p.mean_length;
    cols.push_back(c);
  }
  j["columns"] = cols;
  return j.dump();
}

std::string proposal_json(const ModelProposal& pr, const TableProfile& profile) {
  const Model& m = pr.model;
  const std::vector<double> share = full_model_shares(m, Weights::of(m));
  Json j;
  j["model"] = model_json_value(m);
  j["rows"] = pr.rows;
  if (m.outcome) {
    j["outcome"] = {{"column", m.outcome->column},
                    {"positive", m.outcome->positive},
                    {"positiveCount", pr.positive},
                    {"negativeCount", pr.negative}};
  } else {
    j["outcome"] = nullptr;
  }
  Json cols = Json::array();
  for (size_t c = 0; c < pr.columns.size(); ++c) {
    const ColumnProposal& cp = pr.columns[c];
    const ColumnProfile& p = profile.columns[c];
    Json e;
    e["name"] = cp.name;
    e["kind"] = column_kind_name(cp.kind);
    e["role"] = column_role_name(cp.role);
    e["include"] = cp.role == ColumnRole::Indicator;
    e["leak"] = cp.leak;
    if (cp.indicator >= 0) {
      const size_t i = static_cast<size_t>(cp.indicator);
      e["indicator"] = m.indicators[i].id;
      e["weight"] = m.indicators[i].weight_or_default();
      e["share"] = share[i];
    } else {
      e["indicator"] = nullptr;
      e["weight"] = nullptr;
      e["share"] = nullptr;
    }
    e["rule"] = cp.rule;
    e["direction"] =
        cp.higher_is_better ? Json(*cp.higher_is_better ? "higher" : "lower") : Json(nullptr);
    e["directionFrom"] = direction_from_name(cp.direction_from);
    e["directionReason"] = cp.direction;
    e["dimension"] = cp.dimension.empty() ? Json(nullptr) : Json(cp.dimension);
    e["dimensionWords"] = cp.dimension_words;
    e["dimensionReason"] = cp.dimension_reason;
    e["reason"] = cp.reason;
    e["auc"] = cp.outcome ? optional_number(cp.outcome->strength()) : Json(nullptr);
    e["presenceAuc"] = cp.outcome ? optional_number(cp.outcome->presence_auc) : Json(nullptr);
    e["missingRate"] = p.missing_rate();
    e["distinct"] = p.distinct;
    Json values = Json::array();
    if (cp.outcome && (cp.kind == ColumnKind::Category || cp.kind == ColumnKind::YesNo)) {
      const std::vector<ValueOutcome>& lv = cp.outcome->levels;
      auto add = [&](const std::string& text, uint64_t count, const ValueOutcome& l) {
        const uint64_t all = l.positive + l.negative;
        values.push_back(
            {{"text", text},
             {"count", count},
             {"positive", l.positive},
             {"negative", l.negative},
             {"rate", all ? Json(static_cast<double>(l.positive) / static_cast<double>(all))
                          : Json(nullptr)}});
      };
      if (cp.kind == ColumnKind::Category) {
        for (size_t v = 0; v < p.values.size() && v < lv.size(); ++v) {
          add(p.values[v].text, p.values[v].count, lv[v]);
        }
      } else if (lv.size() == 2) {
        add(p.false_texts.empty() ? "no" : p.false_texts[0], lv[0].positive + lv[0].negative,
            lv[0]);
        add(p.true_texts.empty() ? "yes" : p.true_texts[0], lv[1].positive + lv[1].negative, lv[1]);
      }
    }
    e["values"] = values;
    cols.push_back(e);
  }
  j["columns"] = cols;
  if (pr.fit) {
    j["fit"] = {{"heldoutAucBefore", optional_number(pr.fit->heldout_auc_before)},
                {"heldoutAucAfter", optional_number(pr.fit->heldout_auc_after)},
                {"customers", pr.fit->customers},
                {"positive", pr.fit->positive},
                {"folds", pr.fit->fold_auc_after.size()},
                {"note", pr.fit->note.empty() ? Json(nullptr) : Json(pr.fit->note)}};
  } else {
    j["fit"] = nullptr;
  }
  j["fitRows"] = pr.fit_rows;
  j["notes"] = pr.notes;
  return j.dump();
}

void write_proposal_text(std::ostream& out, const std::string& source_name, const Table& table,
                         const TableProfile& profile, const ModelProposal& pr) {
  const Model& m = pr.model;
  const std::vector<double> share = full_model_shares(m, Weights::of(m));
  out << source_name << ": " << thousands(pr.rows) << " rows, " << profile.columns.size()
      << " columns (" << encoding_name(table.encoding) << ", " << delimiter_name(table.delimiter)
      << ")";
  if (m.outcome) {
    out << "; outcome '" << m.outcome->column << "': " << thousands(pr.positive) << " positive, "
        << thousands(pr.negative) << " negative";
  }
  out << "\n";
  for (const ColumnProposal& cp : pr.columns) {
    out << "  " << cp.name << ": " << column_kind_name(cp.kind) << ", ";
    switch (cp.role) {
      case ColumnRole::Indicator: {
        const size_t i = static_cast<size_t>(cp.indicator);
        out << "indicator '" << m.indicators[i].id << "': " << cp.reason << "; weight "
            << format_full(m.indicators[i].weight_or_default()) << ", " << percent1(share[i])
            << " of the score";
        break;
      }
      case ColumnRole::Left:
        out << cp.reason;
        break;
      default:
        out << cp.reason;
        break;
    }
    out << "\n";
  }
  out << "model: " << m.indicators.size() << " indicators";
  if (!m.dimensions.empty()) {
    out << " in " << m.dimensions.size() << " dimensions (";
    for (size_t d = 0; d < m.dimensions.size(); ++d) {
      size_t n = 0;
      double s = 0;
      for (size_t i = 0; i < m.indicators.size(); ++i) {
        if (m.indicators[i].dimension == static_cast<int>(d)) {
          ++n;
          s += share[i];
        }
      }
      out << (d ? ", " : "") << m.dimensions[d].id << " " << n << " = " << percent1(s);
    }
    out << ")";
  }
  out << "; id '" << m.id_column << "'";
  if (!m.label_column.empty()) out << ", label '" << m.label_column << "'";
  out << "\n";
  if (pr.fit) {
    auto auc = [](const std::optional<double>& v) { return v ? format_full(*v) : "NA"; };
    out << "held-out AUC (" << pr.fit->fold_auc_after.size() << " folds, "
        << thousands(pr.fit->customers) << " customers): " << auc(pr.fit->heldout_auc_before)
        << " with equal weights, " << auc(pr.fit->heldout_auc_after) << " with fitted weights\n";
  }
  for (const std::string& note : pr.notes) out << "note: " << note << "\n";
}

}  // namespace kenko
