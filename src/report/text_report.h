// The command line's readable reports: summary, validation, fitted weights, learnt bands, one
// customer's explanation and an improvement. Plain text, one fact a line, stable for scripts.
#pragma once
#include <ostream>
#include <string>

#include "model/model.h"
#include "read/table.h"
#include "review/explain.h"
#include "review/fit.h"
#include "review/improve.h"
#include "review/learn_bands.h"
#include "review/stats.h"
#include "review/validation.h"
#include "score/scoring.h"

namespace kenko {

void write_summary_text(std::ostream& out, const Model& model, const Summary& summary);
// First line "auc <value>" (or "auc NA" when it is undefined), then the outcome counts, the
// outcome rate per segment and per score decile, and each indicator's AUC and missing rate.
void write_validation_text(std::ostream& out, const Model& model, const Validation& v);
// heldout_auc_before/after, the folds and counts, then "dimension|indicator ID OLD -> NEW".
void write_fit_text(std::ostream& out, const Model& model, const Weights& before,
                    const FitResult& fit, size_t folds);
// The proposed rule as JSON, the healthy counts, then "bound healthy_share all_share" lines.
void write_bands_text(std::ostream& out, const BandsProposal& p);
// One customer: score, segment, coverage, drivers, alerts, then per indicator its value,
// points, sub-score, share and contribution, then the improvement.
void write_explanation_text(std::ostream& out, const Model& model, const Table& table,
                            const Results& res, const CustomerExplanation& e,
                            const Improvement& imp);
// "Logins per day: from 0.3 to at least 0.5 (sub-score 20 → 50)" per step, then
// "→ yellow (Watch): score 35.2 → 40" — or "No improvement: <reason>".
std::string improvement_text(const Model& model, const Improvement& imp);

}  // namespace kenko
