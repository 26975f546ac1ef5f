#include "report/text_report.h"

#include <cmath>
#include <cstdio>

#include "base/number_format.h"
#include "base/text.h"

namespace kenko {

namespace {

std::string percent(uint64_t part, uint64_t whole) {
  if (!whole) return "-";
  char b[32];
  std::snprintf(b, sizeof b, "%.1f%%",
                100.0 * static_cast<double>(part) / static_cast<double>(whole));
  return b;
}

}  // namespace

void write_summary_text(std::ostream& out, const Model& model, const Summary& s) {
  out << "model      " << (model.name.empty() ? "(unnamed)" : model.name) << "\n";
  out << "customers  " << s.customers << " (" << s.scored << " scored, " << s.unscored
      << " unscored)\n";
  if (s.mean) out << "mean       " << format_fixed2(*s.mean) << "\n";
  if (s.median) out << "median     " << format_fixed2(*s.median) << "\n";
  out << "\nsegments\n";
  for (size_t i = 0; i < s.per_segment.size(); ++i) {
    std::string id = i < model.segments.size()    ? model.segments[i].id
                     : i == model.segments.size() ? "none"
                                                  : "unscored";
    if (i >= model.segments.size() && s.per_segment[i] == 0) continue;
    char line[256];
    std::snprintf(line, sizeof line, "  %-20s %10llu  %6s", id.c_str(),
                  static_cast<unsigned long long>(s.per_segment[i]),
                  percent(s.per_segment[i], s.customers).c_str());
    out << line;
    if (s.outcome) {
      const SegmentOutcome& so = s.outcome->per_segment[i];
      out << "   outcome rate " << percent(so.positive, so.customers) << " of " << so.customers;
    }
    out << "\n";
  }
  out << "\nscore histogram\n";
  uint64_t peak = 1;
  for (uint64_t c : s.histogram) peak = std::max(peak, c);
  for (size_t b = 0; b < Summary::kBins; ++b) {
    char line[64];
    std::snprintf(line, sizeof line, "  %3zu-%-3zu %10llu  ", b * 5, b * 5 + 5,
                  static_cast<unsigned long long>(s.histogram[b]));
    out << line
        << std::string(
               static_cast<size_t>(
                   40.0 * static_cast<double>(s.histogram[b]) / static_cast<double>(peak) + 0.5),
               '#')
        << "\n";
  }
  if (!model.alerts.empty()) {
    out << "\nalerts\n";
    for (size_t a = 0; a < model.alerts.size(); ++a) {
      char line[256];
      std::snprintf(line, sizeof line, "  %-28s %10llu  %6s", model.alerts[a].id.c_str(),
                    static_cast<unsigned long long>(s.per_alert[a]),
                    percent(s.per_alert[a], s.customers).c_str());
      out << line << "\n";
    }
  }
  out << "\nindicators (share of the score, missing, invalid)\n";
  for (size_t i = 0; i < model.indicators.size(); ++i) {
    const IndicatorReport& rep = s.indicators[i];
    char share[32];
    std::snprintf(share, sizeof share, "%.1f%%", i < s.share.size() ? 100.0 * s.share[i] : 0.0);
    out << "  " << model.indicators[i].id << ": share " << share << ", missing "
        << rep.missing.describe() << ", invalid " << rep.invalid.describe() << "\n";
  }
  if (s.outcome) {
    out << "\noutcome    " << s.outcome->positive << " positive, " << s.outcome->negative
        << " negative, " << s.outcome->excluded << " left out\n";
    out << "auc        " << (s.outcome->auc ? format_full(*s.outcome->auc) : "NA") << "\n";
  }
  if (s.value) {
    const ValueStats& v = *s.value;
    out << "\nvalue (" << model.value_column << ")\n";
    for (size_t i = 0; i < v.per_segment.size(); ++i) {
      const std::string id = i < model.segments.size()    ? model.segments[i].id
                             : i == model.segments.size() ? "none"
                                                          : "unscored";
      if (i >= model.segments.size() && s.per_segment[i] == 0) continue;
      char line[256];
      std::snprintf(
          line, sizeof line, "  %-20s %16s  %6s", id.c_str(),
          format_fixed2(v.per_segment[i]).c_str(),
          v.total > 0 ? (format_fixed2(100.0 * v.per_segment[i] / v.total) + "%").c_str() : "-");
      out << line << "\n";
    }
    char line[256];
    std::snprintf(line, sizeof line, "  %-20s %16s\n  %-20s %16s  (the worst segments)\n", "total",
                  format_fixed2(v.total).c_str(), "at risk", format_fixed2(v.at_risk).c_str());
    out << line << "  without a value      " << v.without << " customers\n";
  }
}

void write_validation_text(std::ostream& out, const Model& model, const Validation& v) {
  const OutcomeStats& o = v.outcome;
  auto ratio = [](uint64_t part, uint64_t whole) {
    return whole ? format_full(static_cast<double>(part) / static_cast<double>(whole)) : "NA";
  };
  auto optional = [](const std::optional<double>& x) { return x ? format_full(*x) : "NA"; };
  out << "auc " << optional(o.auc) << "\n";
  out << "positive " << o.positive << "\n";
  out << "negative " << o.negative << "\n";
  out << "excluded " << o.excluded << "\n";
  out << "segment customers positive rate\n";
  for (size_t i = 0; i < o.per_segment.size(); ++i) {
    std::string id = i < model.segments.size()    ? model.segments[i].id
                     : i == model.segments.size() ? "none"
                                                  : "unscored";
    const SegmentOutcome& so = o.per_segment[i];
    if (i >= model.segments.size() && so.customers == 0) continue;
    out << id << " " << so.customers << " " << so.positive << " "
        << ratio(so.positive, so.customers) << "\n";
  }
  out << "decile customers positive rate lift min_score max_score\n";
  for (size_t d = 0; d < v.deciles.size(); ++d) {
    const DecileRow& row = v.deciles[d];
    out << d + 1 << " " << row.customers << " " << row.positive << " " << optional(row.rate) << " "
        << optional(row.lift) << " " << optional(row.min_score) << " " << optional(row.max_score)
        << "\n";
  }
  out << "indicator auc missing_rate\n";
  for (size_t i = 0; i < v.indicators.size(); ++i) {
    out << model.indicators[i].id << " " << optional(v.indicators[i].auc) << " "
        << format_full(v.indicators[i].missing_rate) << "\n";
  }
  if (v.value) {
    out << "value_column " << model.value_column << "\n";
    out << "value_auc " << optional(v.value->auc) << "\n";
    out << "value_positive " << format_full(v.value->positive) << "\n";
    out << "value_negative " << format_full(v.value->negative) << "\n";
    out << "value_without " << v.value->without << "\n";
    out << "decile value value_positive value_rate value_lift\n";
    for (size_t d = 0; d < v.value->deciles.size(); ++d) {
      const ValueDecile& x = v.value->deciles[d];
      out << d + 1 << " " << format_full(x.value) << " " << format_full(x.positive) << " "
          << optional(x.rate) << " " << optional(x.lift) << "\n";
    }
  }
}

void write_fit_text(std::ostream& out, const Model& m, const Weights& before, const FitResult& fit,
                    size_t folds) {
  auto auc = [](const std::optional<double>& v) { return v ? format_full(*v) : "NA"; };
  out << "heldout_auc_before " << auc(fit.heldout_auc_before) << "\n";
  out << "heldout_auc_after " << auc(fit.heldout_auc_after) << "\n";
  if (fit.constrained) {
    out << "heldout_auc_unconstrained " << auc(fit.heldout_auc_unconstrained) << "\n";
  }
  out << "folds " << folds << " customers " << fit.customers << " positive " << fit.positive
      << "\n";
  if (!fit.note.empty()) out << "note " << fit.note << "\n";
  for (size_t d = 0; d < m.dimensions.size(); ++d) {
    out << "dimension " << m.dimensions[d].id << " " << format_full(before.dimension[d]) << " -> "
        << format_full(fit.dimension_weights[d]) << "\n";
  }
  for (size_t i = 0; i < m.indicators.size(); ++i) {
    out << "indicator " << m.indicators[i].id << " " << format_full(before.indicator[i]) << " -> "
        << format_full(fit.indicator_weights[i]) << "\n";
  }
  if (fit.constrained) {
    // Each indicator's share of the score, before and under the proposal (the constraints
    // are on shares), then the locked ones.
    const std::vector<double> was = full_model_shares(m, before);
    const std::vector<double> now =
        full_model_shares(m, Weights{fit.indicator_weights, fit.dimension_weights});
    for (size_t i = 0; i < m.indicators.size(); ++i) {
      out << "share " << m.indicators[i].id << " " << format_fixed2(100 * was[i]) << "% -> "
          << format_fixed2(100 * now[i]) << "%"
          << (!std::isnan(fit.locked_shares[i]) ? " locked" : "") << "\n";
    }
  }
}

void write_bands_text(std::ostream& out, const BandsProposal& p) {
  out << p.rule_json << "\n";
  out << "healthy " << p.healthy << " with a value " << p.healthy_with_value << "\n";
  out << "bound healthy_share all_share\n";
  for (const ThresholdReach& r : p.reach) {
    out << format_full(r.threshold) << " " << format_full(r.healthy_share) << " "
        << format_full(r.all_share) << "\n";
  }
}

void write_explanation_text(std::ostream& out, const Model& m, const Table& t, const Results& res,
                            const CustomerExplanation& e, const Improvement& imp) {
  const size_t row = e.row;
  auto number = [](double v) { return std::isnan(v) ? std::string("-") : format_fixed2(v); };
  const Column* ids = t.column(m.id_column);
  out << "customer " << (ids ? std::string(trim(ids->text(row))) : std::string());
  const Column* label = m.label_column.empty() ? nullptr : t.column(m.label_column);
  if (label) out << " (" << label->text(row) << ")";
  out << ", row " << e.file_row << "\n";
  out << "score " << number(res.score[row]) << "  segment " << segment_id(m, res.segment[row])
      << "  coverage " << format_fixed2(res.coverage[row]) << "\n";
  std::string drivers, alerts;
  for (size_t k = 0; k < kMaxDrivers; ++k) {
    const int32_t i = res.drivers[row * kMaxDrivers + k];
    if (i >= 0) drivers += (drivers.empty() ? "" : ";") + m.indicators[static_cast<size_t>(i)].id;
  }
  for (size_t al = 0; al < m.alerts.size(); ++al) {
    if (res.has_alert(row, al)) alerts += (alerts.empty() ? "" : ";") + m.alerts[al].id;
  }
  out << "drivers " << (drivers.empty() ? "-" : drivers) << "\n";
  out << "alerts " << (alerts.empty() ? "-" : alerts) << "\n";
  out << "indicator value points subscore share contribution\n";
  for (size_t i = 0; i < e.indicators.size(); ++i) {
    const IndicatorExplanation& x = e.indicators[i];
    out << m.indicators[i].id << " " << (x.value.empty() ? "-" : x.value) << " " << number(x.points)
        << " " << number(x.subscore) << " " << format_fixed2(x.share) << " "
        << format_fixed2(x.contribution) << "\n";
  }
  out << "\n" << improvement_text(m, imp);
}

}  // namespace kenko
