// The reports of kenko init (docs/INIT.md): a table's column profiles and a proposed model, as
// JSON for front ends (the JS API's profileTable and proposeModel) and as the command line's
// text, one line per column.
#pragma once
#include <ostream>
#include <string>
#include <vector>

#include "read/table.h"
#include "review/profile.h"
#include "review/propose.h"

namespace kenko {

// {rows, bytes, encoding, delimiter, header, warnings, warningDetails, columns: [{name, index,
// kind, read,
//  unread|null, rows, missing, missingRate, present, numbers, distinct, constant, unique,
//  numbers: {count, min, max, mean, integers, quantiles: [{q, value}]}|null,
//  values: [{text, count}], trueTexts, falseTexts, spacedShare, meanLength}]}
std::string profile_json(const TableProfile& profile, const Table& table,
                         const std::vector<std::string>& warnings);
// The same with coded warnings: "warnings" their lines, "warningDetails" [{code, params,
// message}] (report_json.h message_json).
std::string profile_json(const TableProfile& profile, const Table& table,
                         const std::vector<Message>& warnings);

// {model: MODEL JSON, rows, outcome: {column, positive: [texts], positiveCount, negativeCount}
//  |null, columns: [{name, kind, role, include, leak, indicator|null, weight|null, share|null,
//  rule, direction: "higher"|"lower"|null, directionFrom, directionReason, dimension|null,
//  dimensionWords, dimensionReason, reason, auc|null, presenceAuc|null, missingRate, distinct,
//  values: [{text, count, positive, negative, rate}] (yes/no and categories, with an outcome)}],
//  fit: {heldoutAucBefore, heldoutAucAfter, customers, positive, folds}|null, fitRows, notes}
// auc is the column's own AUC taken either way (0.5–1); share its share of the score when every
// value is present (scoring.h full_model_shares).
std::string proposal_json(const ModelProposal& proposal, const TableProfile& profile);

// The command line's report: a header line (rows, columns, encoding, outcome counts), one line
// per column "NAME: KIND, ROLE: REASON[; weight W, S% of the score]", then the model in a line,
// the held-out AUC of the fit and the notes.
void write_proposal_text(std::ostream& out, const std::string& source_name, const Table& table,
                         const TableProfile& profile, const ModelProposal& proposal);

}  // namespace kenko
