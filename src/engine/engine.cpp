#include "engine/engine.h"

#include <algorithm>
#include <cmath>

#include "base/error.h"
#include "base/parallel.h"
#include "base/text.h"

namespace kenko {

Engine::Engine() = default;
Engine::~Engine() = default;

void Engine::set_threads(unsigned n) {
  kenko::set_threads(n);
}

unsigned Engine::threads() {
  return kenko::threads();
}

std::vector<ModelProblem> Engine::set_model(std::string_view json_text) {
  ParsedModel parsed = parse_model(json_text);
  for (ModelProblem& w : weight_scale_warnings(parsed.model))
    parsed.warnings.push_back(std::move(w));
  model_ = parsed.model;
  baseline_ = parsed.model;
  weights_ = Weights::of(model_);
  have_model_ = true;
  have_table_ = false;
  reader_.reset();
  table_ = Table();
  sub_ = SubScores();
  results_ = Results();
  previous_.reset();
  snapshots_.clear();
  improver_.reset();
  return parsed.warnings;
}

namespace {
// Keeps the model's columns, each found in the header through `mapping`; records the header.
// The columns to keep: those of the model in force and of the model as loaded (so that
// resetting a what-if rule change can always re-apply the original rule), as number and/or
// text as either needs.
std::vector<Model::ColumnUse> columns_of(const Model& now, const Model& baseline) {
  std::vector<Model::ColumnUse> out = now.columns();
  for (const Model::ColumnUse& b : baseline.columns()) {
    auto same = [&b](const Model::ColumnUse& u) { return u.name == b.name; };
    auto it = std::find_if(out.begin(), out.end(), same);
    if (it == out.end()) {
      out.push_back(b);
    } else {
      it->number |= b.number;
      it->text |= b.text;
    }
  }
  return out;
}

// Keeps `columns`, each found in the header through `mapping`; records the header.
ColumnSelector selector_for(std::vector<Model::ColumnUse> columns, ColumnMapping mapping,
                            std::shared_ptr<std::vector<std::string>> header_seen) {
  header_seen->clear();
  return [columns = std::move(columns), mapping = std::move(mapping),
          header_seen = std::move(header_seen)](const std::vector<std::string>& header) {
    *header_seen = header;
    std::map<std::string, ColumnNeeds> wanted;
    for (const Model::ColumnUse& u : columns) {
      std::optional<std::string> found = match_column(u.name, header, mapping);
      wanted[u.name] = ColumnNeeds{u.number, u.text, found ? *found : u.name};
    }
    for (const std::string& name : mapping.keep_text) {
      ColumnNeeds& needs = wanted[name];
      if (needs.header_name.empty()) {
        std::optional<std::string> found = match_column(name, header, mapping);
        needs.header_name = found ? *found : name;
      }
      needs.text = true;
    }
    return wanted;
  };
}
}  // namespace

void Engine::begin_table(TableOptions options, ColumnMapping mapping) {
  if (!have_model_) throw Error("set a model before reading a table");
  // The table and results in hand stay until the new table is read completely.
  profiler_.reset();
  reader_ = std::make_unique<TableReader>(
      options, selector_for(columns_of(model_, baseline_), std::move(mapping), last_header_));
}

void Engine::cancel_table() {
  reader_.reset();
  profiler_.reset();
}

void Engine::drop_table() {
  reader_.reset();
  improver_.reset();
  table_ = Table();
  sub_ = SubScores();
  results_ = Results();
  have_table_ = false;
  outcome_labels_ = {};
  previous_row_ = {};
  joined_now_ = joined_previous_ = 0;
}

void Engine::feed_table(std::string_view bytes) {
  if (profiler_) {
    try {
      profiler_->feed(bytes);
    } catch (...) {
      profiler_.reset();
      throw;
    }
    return;
  }
  if (!reader_) throw Error("begin_table() first");
  try {
    reader_->feed(bytes);
  } catch (...) {
    reader_.reset();
    throw;
  }
}

void Engine::end_table() {
  if (profiler_) {
    std::unique_ptr<TableProfiler> profiler = std::move(profiler_);
    adopt_source(profiler->finish());
    return;
  }
  if (!reader_) throw Error("begin_table() first");
  std::unique_ptr<TableReader> reader = std::move(reader_);
  adopt_table(reader->finish());
}

void Engine::load_table_file(const std::string& path, TableOptions options,
                             const std::function<void(uint64_t, uint64_t)>& progress,
                             ColumnMapping mapping) {
  if (!have_model_) throw Error("set a model before reading a table");
  adopt_table(read_table_file(
      path, options, selector_for(columns_of(model_, baseline_), std::move(mapping), last_header_),
      progress));
}

void Engine::adopt_table(Table table) {
  SubScores sub = compute_subscores(model_, table);
  table_ = std::move(table);
  sub_ = std::move(sub);
  have_table_ = true;
  // What-if changes made to the model stay in force for the new table.
  rescore();
}

namespace {
std::vector<std::string> texts_of(const std::vector<Message>& messages) {
  std::vector<std::string> out;
  for (const Message& m : messages) out.push_back(m.text());
  return out;
}
}  // namespace

std::vector<Message> Engine::reading_warning_messages() const {
  std::vector<Message> out;
  if (!have_table_) return out;
  out = table_.warning_messages();
  for (size_t i = 0; i < model_.indicators.size(); ++i) {
    const IndicatorReport& r = sub_.reports[i];
    const Indicator& ind = model_.indicators[i];
    if (r.invalid.count && ind.rule.needs_text()) {
      MessageParams p = {{"indicator", ind.id},
                         {"rule", ind.rule.type == RuleType::Boolean ? "boolean" : "category"}};
      for (auto& kv : row_list_params(r.invalid.count, r.invalid.first)) p.push_back(kv);
      out.emplace_back("table.unknown_texts", std::move(p));
    }
  }
  if (table_.rows() == 0) out.emplace_back("table.no_rows", MessageParams{});
  return out;
}

std::vector<std::string> Engine::reading_warnings() const {
  return texts_of(reading_warning_messages());
}

uint64_t Engine::table_rows_read() const {
  if (profiler_) return profiler_->rows_read();
  if (reader_) return reader_->rows_read();
  return have_table_ ? table_.rows() : 0;
}

void Engine::require_scored() const {
  if (!have_table_) throw Error("no table has been read");
}

void Engine::rescore() {
  improver_.reset();
  compute_scores(model_, weights_, table_, sub_, results_);
}

void Engine::set_what_if(const WhatIf& w) {
  Model next = with_what_if(baseline_, w);  // throws before anything changes
  std::vector<size_t> rules;                // the indicators whose rule changes
  for (size_t i = 0; i < next.indicators.size(); ++i) {
    if (!same_rule(next.indicators[i].rule, model_.indicators[i].rule)) rules.push_back(i);
  }
  if (have_table_ && !rules.empty()) {
    // One rule is re-applied in place (recompute_indicator writes only when it succeeds);
    // several on a copy, so that a failure leaves the matrix as it was.
    if (rules.size() == 1) {
      recompute_indicator(next, table_, rules[0], sub_);
    } else {
      SubScores sub = sub_;
      for (size_t i : rules) recompute_indicator(next, table_, i, sub);
      sub_ = std::move(sub);
    }
  }
  Weights weights = Weights::of(next);  // a weight left to default follows the new rule's P
  const bool rescore_all = !rules.empty() || weights.indicator != weights_.indicator ||
                           weights.dimension != weights_.dimension;
  bool bounds_moved = false;
  for (size_t s = 0; s < next.segments.size(); ++s) {
    bounds_moved |= next.segments[s].min != model_.segments[s].min ||
                    next.segments[s].max != model_.segments[s].max;
  }
  model_ = std::move(next);
  weights_ = std::move(weights);
  if (have_table_ && (rescore_all || bounds_moved)) {
    improver_.reset();
    if (rescore_all) {
      compute_scores(model_, weights_, table_, sub_, results_);
    } else {
      compute_segments(model_, table_, sub_, results_);
    }
  }
  if (previous_) {
    try {
      previous_->set_what_if(w);
    } catch (const std::exception& e) {
      previous_.reset();
      throw Error(std::string("the what-if applies to the table, but the previous snapshot cannot "
                              "take it and was dropped: ") +
                  e.what());
    }
  }
  for (Snapshot& snap : snapshots_) {
    try {
      snap.engine->set_what_if(w);
    } catch (const std::exception& e) {
      const std::string label = snap.label;
      snapshots_.clear();
      throw Error("the what-if applies to the table, but the snapshot '" + label +
                  "' cannot take it and the history was dropped: " + e.what());
    }
  }
}

void Engine::score_aside(const WhatIf& w, Model& next, std::optional<SubScores>& changed,
                         Results& out) const {
  require_scored();
  next = with_what_if(baseline_, w);
  for (size_t i = 0; i < next.indicators.size(); ++i) {
    if (same_rule(next.indicators[i].rule, model_.indicators[i].rule)) continue;
    if (!changed) changed = sub_;  // a copy of the matrix when a rule changes
    recompute_indicator(next, table_, i, *changed);
  }
  compute_scores(next, Weights::of(next), table_, changed ? *changed : sub_, out);
}

Results Engine::evaluate(const WhatIf& w) const {
  Model next;
  std::optional<SubScores> changed;
  Results out;
  score_aside(w, next, changed, out);
  return out;
}

Validation Engine::validation(const WhatIf& w) const {
  Model next;
  std::optional<SubScores> changed;
  Results out;
  score_aside(w, next, changed, out);
  const SubScores& sub = changed ? *changed : sub_;
  const Summary s = summarize(next, table_, sub, out);
  return validate_outcome(next, table_, sub, out, s);
}

const Column& Engine::text_column(std::string_view name) const {
  const Column* c = table_.column(name);
  if (!c || !c->needs.text) throw Error("column '" + std::string(name) + "' was not kept as text");
  return *c;
}

std::vector<uint32_t> Engine::text_order(std::string_view column) const {
  return order_by_text(text_column(column), table_.rows());
}

void Engine::set_indicator_weight(size_t i, double w) {
  if (i >= model_.indicators.size()) throw Error("no indicator " + std::to_string(i));
  WhatIf x = what_if();
  x.indicator_weights[i] = w;
  set_what_if(x);
}

void Engine::set_dimension_weight(size_t d, double w) {
  if (d >= model_.dimensions.size()) throw Error("no dimension " + std::to_string(d));
  WhatIf x = what_if();
  x.dimension_weights[d] = w;
  set_what_if(x);
}

void Engine::set_segment_bounds(size_t s, std::optional<double> min, std::optional<double> max) {
  set_segment_bounds({SegmentBounds{s, min, max}});
}

void Engine::set_segment_bounds(const std::vector<SegmentBounds>& bounds) {
  WhatIf x = what_if();
  for (const SegmentBounds& b : bounds) {
    if (b.segment >= model_.segments.size()) throw Error("no segment " + std::to_string(b.segment));
    x.bounds[b.segment] = {b.min, b.max};
  }
  set_what_if(x);
}

void Engine::set_rule(size_t i, std::string_view rule_json) {
  if (i >= model_.indicators.size()) throw Error("no indicator " + std::to_string(i));
  WhatIf x = what_if();
  x.rules[i] = parse_rule(rule_json);
  set_what_if(x);
}

void Engine::reset_what_if() {
  set_what_if(WhatIf{});
}

const Results& Engine::results() {
  require_scored();
  if (!results_.drivers_ready) compute_drivers(model_, weights_, sub_, results_);
  return results_;
}

const Results& Engine::results_without_drivers() const {
  require_scored();
  return results_;
}

Summary Engine::summary() {
  require_scored();
  return summarize(model_, table_, sub_, results_);
}

Improvement Engine::improvement(size_t row, const ImproveOptions& options) {
  require_scored();
  if (!improver_) improver_ = std::make_unique<Improver>(model_, weights_, table_, sub_, results_);
  return improver_->improve(row, options);
}

CustomerExplanation Engine::explain(size_t row) {
  require_scored();
  results();  // drivers up to date
  return explain_customer(model_, weights_, table_, sub_, row);
}

size_t Engine::find_customer(std::string_view id) const {
  const Column* ids = table_.column(model_.id_column);
  const std::string_view wanted = trim(id);
  for (size_t r = 0; ids && r < table_.rows(); ++r) {
    if (trim(ids->text(r)) == wanted) return r;
  }
  return table_.rows();
}

FitResult Engine::fit(const FitOptions& options) {
  require_scored();
  return fit_weights(model_, weights_, table_, sub_, options);
}

BandsProposal Engine::propose_bands(size_t indicator, const HealthySpec& healthy) {
  require_scored();
  return kenko::propose_bands(model_, table_, indicator, healthy);
}

std::string Engine::sql(const SqlOptions& options) const {
  if (!have_model_) throw Error("set a model before compiling it to SQL");
  return compile_sql(model_, options);
}

void Engine::write_sql_load_script(std::ostream& out, const SqlLoadOptions& options,
                                   std::ostream* data) const {
  require_scored();
  kenko::write_sql_load_script(out, model_, table_, options, data);
}

void Engine::begin_source(TableOptions options) {
  reader_.reset();
  profiler_ = std::make_unique<TableProfiler>(options);
}

void Engine::load_source_file(const std::string& path, TableOptions options,
                              const std::function<void(uint64_t, uint64_t)>& progress) {
  adopt_source(profile_table_file(path, options, progress));
}

void Engine::adopt_source(ProfiledTable profiled) {
  source_ = std::move(profiled.sample);
  source_profile_ = std::move(profiled.profile);
  have_source_ = true;
}

std::vector<Message> Engine::source_warning_messages() const {
  std::vector<Message> out;
  if (!have_source_) return out;
  out = source_.warning_messages();
  if (source_profile_.rows == 0) out.emplace_back("table.no_data_rows", MessageParams{});
  return out;
}

std::vector<std::string> Engine::source_warnings() const {
  return texts_of(source_warning_messages());
}

ModelProposal Engine::propose_model(const ProposeOptions& options) const {
  if (!have_source_) throw Error("no table has been read to propose a model from");
  return kenko::propose_model(source_, source_profile_, options);
}

void Engine::clear_source() {
  profiler_.reset();
  source_ = Table();
  source_profile_ = TableProfile();
  have_source_ = false;
}

Engine& Engine::previous() {
  if (!have_model_) throw Error("set a model before reading a previous snapshot");
  if (!previous_) {
    previous_ = std::make_unique<Engine>();
    previous_->model_ = model_;
    previous_->baseline_ = baseline_;
    previous_->weights_ = weights_;
    previous_->have_model_ = true;
  }
  return *previous_;
}

Trends Engine::trends() {
  require_scored();
  if (!has_previous()) throw Error("no previous snapshot has been read");
  Engine& then = *previous_;
  if (joined_now_ != sub_.table_stamp || joined_previous_ != then.sub_.table_stamp) {
    previous_row_ = join_by_id(model_, table_, then.table_);
    joined_now_ = sub_.table_stamp;
    joined_previous_ = then.sub_.table_stamp;
  }
  return compute_trends(model_, weights_, table_, sub_, results_, then.table_, then.sub_,
                        then.results_, previous_row_);
}

std::unique_ptr<Engine> Engine::new_snapshot() const {
  if (!have_model_) throw Error("set a model before reading a snapshot");
  auto e = std::make_unique<Engine>();
  e->model_ = model_;
  e->baseline_ = baseline_;
  e->weights_ = weights_;
  e->have_model_ = true;
  return e;
}

void Engine::add_snapshot(std::string label, std::unique_ptr<Engine> snapshot, size_t at) {
  if (!snapshot || !snapshot->has_table()) throw Error("the snapshot has no table");
  snapshots_.insert(
      snapshots_.begin() + static_cast<std::ptrdiff_t>(std::min(at, snapshots_.size())),
      Snapshot{std::move(label), std::move(snapshot)});
}

void Engine::remove_snapshot(size_t i) {
  if (i >= snapshots_.size()) throw Error("no snapshot " + std::to_string(i));
  snapshots_.erase(snapshots_.begin() + static_cast<std::ptrdiff_t>(i));
}

std::vector<double> Engine::values() const {
  return have_table_ ? customer_values(model_, table_) : std::vector<double>();
}

std::vector<std::string> Engine::split_by_date(std::string_view column) {
  require_scored();
  auto dates = rows_by_date(table_, column);
  if (dates.size() < 2) {
    throw Error("the column '" + std::string(column) + "' holds one date only" +
                (dates.empty() ? std::string() : " (" + dates[0].first + ")") +
                ": a history needs at least two");
  }
  std::vector<Snapshot> earlier;
  std::vector<std::string> labels;
  for (size_t d = 0; d + 1 < dates.size(); ++d) {
    std::unique_ptr<Engine> e = new_snapshot();
    e->adopt_table(take_rows(table_, dates[d].second));
    earlier.push_back({dates[d].first, std::move(e)});
    labels.push_back(dates[d].first);
  }
  adopt_table(take_rows(table_, dates.back().second));
  table_label_ = dates.back().first;
  labels.push_back(table_label_);
  snapshots_ = std::move(earlier);
  return labels;
}

History Engine::history(const HistoryOptions& options) {
  require_scored();
  if (snapshots_.empty()) throw Error("no earlier snapshot has been read: a history needs two");
  std::vector<HistorySnapshot> snaps;
  for (const Snapshot& s : snapshots_) {
    snaps.push_back({s.label, &s.engine->table_, &s.engine->results_});
  }
  snaps.push_back({table_label_, &table_, &results_});
  return compute_history(model_, snaps, options);
}

std::optional<double> Engine::auc() {
  require_scored();
  return auc(results_);
}

std::optional<double> Engine::auc(const Results& results) {
  require_scored();
  if (!model_.outcome || results.score.size() != table_.rows()) return std::nullopt;
  if (labels_stamp_ != sub_.table_stamp || outcome_labels_.size() != table_.rows()) {
    outcome_labels_ = outcome_labels(*model_.outcome, table_);
    labels_stamp_ = sub_.table_stamp;
  }
  std::vector<double> scores;
  std::vector<uint8_t> positive;
  for (size_t r = 0; r < table_.rows(); ++r) {
    if (outcome_labels_[r] < 0 || std::isnan(results.score[r])) continue;
    scores.push_back(results.score[r]);
    positive.push_back(static_cast<uint8_t>(outcome_labels_[r]));
  }
  return auc_lower_predicts_positive(scores, positive);
}

Validation Engine::validation() {
  Summary s = summary();
  return validate_outcome(model_, table_, sub_, results_, s);
}

}  // namespace kenko
