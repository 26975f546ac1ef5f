// JSON reports for front ends (the WebAssembly API and the page): the model with its defaults
// and what-if values applied, the summary statistics, a customer's explanation, a table's
// reading report. Numbers are full precision; NaN is null.
#pragma once
#include <nlohmann/json_fwd.hpp>
#include <string>

#include "model/model.h"
#include "read/table.h"
#include "review/explain.h"
#include "review/fit.h"
#include "review/improve.h"
#include "review/learn_bands.h"
#include "review/stats.h"
#include "review/trends.h"
#include "review/validation.h"
#include "score/scoring.h"

namespace kenko {

std::string model_info_json(const Model& model, const Weights& weights);
std::string summary_json(const Model& model, const Summary& summary);
std::string explanation_json(const Model& model, const Table& table, const Results& results,
                             const CustomerExplanation& explanation);
// The outcome review: auc, counts, segments, deciles, indicators and the ROC curve.
std::string validation_json(const Model& model, const Validation& v);
// A weight proposal: {heldoutAucBefore, heldoutAucAfter, folds: [{before, after}], customers,
// positive, note, indicators: [{id, weight}], dimensions: [{id, weight}]}.
std::string fit_json(const Model& model, const FitResult& fit);
// A thresholds proposal: {rule, healthy, healthyWithValue, reach: [{threshold, healthyShare,
// allShare}], notes}.
std::string bands_proposal_json(const BandsProposal& p);
// Rows, bytes, encoding, delimiter, header, the columns kept (model name → header name) and
// the warnings given: "warnings" their English lines, "warningDetails" [{code, params,
// message}] (message_json). Uncoded warnings (plain lines) have the code "".
std::string table_info_json(const Table& table, const std::vector<Message>& warnings);
std::string table_info_json(const Table& table, const std::vector<std::string>& warnings);
// A coded message (base/messages.h) for front ends: {code, params: {name: value}, message}.
nlohmann::ordered_json message_json(const Message& m);
std::vector<Message> plain_messages(const std::vector<std::string>& lines);
// A model's problems (errors or warnings): [{path, code, params, message, text}], text being
// "path: message" (ModelProblem::to_string()).
std::string problems_json(const std::vector<ModelProblem>& problems);
// {"found", "complete", "row", "from": {segment, label, score}, "to": {...} | null,
//  "steps": [{indicator, label, fromPresent, from, fromValue, fromSubscore, bound, to,
//  toValue, bandEnd, toSubscore}], "reason", "reasonCode" (unscored, bestSegment,
//  alreadyInTarget, unreachable, budget; null when found), "evaluations", "text": [lines]}
std::string improvement_json(const Model& model, const Improvement& imp);
// The counts of a join of two snapshots: {matched, onlyNow, onlyPrevious, deterioratingCount}.
std::string trends_counts_json(const Trends& t);
// A model's JSON text with new weights written in (kenko fit -o; the rest kept as written).
std::string model_json_with_weights(std::string_view model_json,
                                    const std::vector<double>& indicator_weights,
                                    const std::vector<double>& dimension_weights);

}  // namespace kenko
