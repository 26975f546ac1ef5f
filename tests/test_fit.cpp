// Weight fitting: non-negative weights judged by k-fold held-out AUC; on the generated example
// the fitted model's held-out AUC is at least the hand-made model's; an indicator that carries
// the outcome gets the weight; the fitted model JSON keeps everything else as written.
#include <catch2/catch.hpp>
#include <nlohmann/json.hpp>

#include "base/error.h"
#include "helpers.h"
#include "report/report_json.h"
#include "review/fit.h"

namespace {
// Built so that "good" separates the outcome and "noise" does not.
std::string table_with_signal(size_t n) {
  std::string csv = "id,good,noise,churned\n";
  uint64_t state = 7;
  for (size_t r = 0; r < n; ++r) {
    state = state * 6364136223846793005ULL + 1442695040888963407ULL;
    const int noise = static_cast<int>((state >> 33) % 11);
    const int good = static_cast<int>((state >> 45) % 11);
    const bool churned = good < 3 ? ((state >> 20) % 4 != 0) : ((state >> 20) % 10 == 0);
    csv += "c" + std::to_string(r) + "," + std::to_string(good) + "," + std::to_string(noise) +
           "," + (churned ? "1" : "0") + "\n";
  }
  return csv;
}
const char* kModel = R"({"version":1,"id_column":"id",
  "indicators":[
    {"id":"good","column":"good","rule":{"type":"linear","from":0,"to":10}},
    {"id":"noise","column":"noise","rule":{"type":"linear","from":0,"to":10}}],
  "outcome":{"column":"churned"}})";
}  // namespace

TEST_CASE("fit: the indicator that carries the outcome gets the weight", "[fit]") {
  kenko::Engine engine;
  kenko_test::load(engine, kModel, table_with_signal(2000));
  kenko::FitResult fit =
      kenko::fit_weights(engine.model(), engine.weights(), engine.table(), engine.subscores());
  REQUIRE(fit.indicator_weights.size() == 2);
  CHECK(fit.indicator_weights[0] > 90);
  CHECK(fit.indicator_weights[1] < 10);
  CHECK(fit.indicator_weights[0] + fit.indicator_weights[1] == Approx(100).margin(0.011));
  CHECK(fit.fold_auc_before.size() == 5);
  CHECK(*fit.heldout_auc_after > *fit.heldout_auc_before);
  CHECK(fit.customers == 2000);
  // Deterministic.
  kenko::FitResult again =
      kenko::fit_weights(engine.model(), engine.weights(), engine.table(), engine.subscores());
  CHECK(again.indicator_weights == fit.indicator_weights);
  CHECK(again.heldout_auc_after == fit.heldout_auc_after);
}

TEST_CASE("fit: the generated example's fitted held-out AUC is at least the hand-made model's",
          "[fit]") {
  for (const char* name : {"examples/dear.json", "examples/seed-points.json"}) {
    kenko::Engine engine;
    kenko_test::load(engine, kenko_test::slurp(kenko_test::source_path(name)),
                     kenko_test::slurp(kenko_test::source_path("examples/customers-1000.csv")));
    kenko::FitResult fit =
        kenko::fit_weights(engine.model(), engine.weights(), engine.table(), engine.subscores());
    INFO(name);
    CHECK(*fit.heldout_auc_after >= *fit.heldout_auc_before);
    for (double w : fit.indicator_weights) CHECK(w >= 0);
    for (double w : fit.dimension_weights) CHECK(w >= 0);
    // With dimensions, each dimension weighs what its indicators weigh together.
    const kenko::Model& m = engine.model();
    for (size_t d = 0; d < m.dimensions.size(); ++d) {
      double sum = 0;
      for (size_t i = 0; i < m.indicators.size(); ++i) {
        if (m.indicators[i].dimension == static_cast<int>(d)) sum += fit.indicator_weights[i];
      }
      CHECK(fit.dimension_weights[d] == Approx(sum).margin(0.006));
    }
  }
}

TEST_CASE("fit: needs an outcome and both outcomes in every fold", "[fit]") {
  kenko::Engine engine;
  kenko_test::load(engine, kModel, "id,good,noise,churned\na,1,1,1\nb,2,2,0\nc,3,3,0\n");
  CHECK_THROWS_WITH(
      kenko::fit_weights(engine.model(), engine.weights(), engine.table(), engine.subscores()),
      Catch::Contains("at least 5 customers of each outcome (the table has 1 positive and 2 "
                      "negative)"));
  kenko::Engine plain;
  kenko_test::load(plain, R"({"version":1,"id_column":"id",
    "indicators":[{"id":"good","column":"good","rule":{"type":"linear","from":0,"to":10}}]})",
                   "id,good\na,1\n");
  CHECK_THROWS_AS(
      kenko::fit_weights(plain.model(), plain.weights(), plain.table(), plain.subscores()),
      kenko::Error);
}

TEST_CASE("fit: the fitted model JSON changes the weights only", "[fit]") {
  const std::string text = R"({"version":1,"id_column":"id","x-note":"kept",
    "dimensions":[{"id":"d","weight":1}],
    "indicators":[{"id":"a","column":"a","dimension":"d","rule":{"type":"boolean"}}]})";
  nlohmann::json j = nlohmann::json::parse(kenko::model_json_with_weights(text, {42.5}, {7}));
  CHECK(j["indicators"][0]["weight"] == 42.5);
  CHECK(j["dimensions"][0]["weight"] == 7);
  CHECK(j["x-note"] == "kept");
  CHECK(j["indicators"][0]["rule"]["type"] == "boolean");
}
