// Weight fitting with constraints (review/fit.h): a locked indicator keeps its share exactly, a
// minimum share binds where the unconstrained fit goes below it, a dimension's share stays
// within its bounds, constraints that do not bind change nothing, the held-out AUC without the
// constraints is given beside, and constraints that cannot hold are refused with the reason
// (hand-computed shares).
#include <catch2/catch.hpp>
#include <cmath>

#include "base/error.h"
#include "helpers.h"
#include "review/fit.h"

namespace {
// "good" separates the outcome; "noise" and "more" do not.
std::string table(size_t n) {
  std::string csv = "id,good,noise,more,churned\n";
  uint64_t state = 11;
  for (size_t r = 0; r < n; ++r) {
    state = state * 6364136223846793005ULL + 1442695040888963407ULL;
    const int noise = static_cast<int>((state >> 33) % 11);
    const int good = static_cast<int>((state >> 45) % 11);
    const int more = static_cast<int>((state >> 13) % 11);
    const bool churned = good < 3 ? ((state >> 20) % 4 != 0) : ((state >> 20) % 10 == 0);
    csv += "c" + std::to_string(r) + "," + std::to_string(good) + "," + std::to_string(noise) +
           "," + std::to_string(more) + "," + (churned ? "1" : "0") + "\n";
  }
  return csv;
}
// Weights 30, 10, 10: shares 60 %, 20 %, 20 %.
const char* kFlat = R"({"version":1,"id_column":"id",
  "indicators":[
    {"id":"good","column":"good","weight":30,"rule":{"type":"linear","from":0,"to":10}},
    {"id":"noise","column":"noise","weight":10,"rule":{"type":"linear","from":0,"to":10}},
    {"id":"more","column":"more","weight":10,"rule":{"type":"linear","from":0,"to":10}}],
  "outcome":{"column":"churned"}})";
// Dimensions a (W 1: good, noise) and b (W 3: more): shares 1/4·(30/40) = 18.75 %,
// 1/4·(10/40) = 6.25 %, 3/4 = 75 %.
const char* kDims = R"({"version":1,"id_column":"id",
  "dimensions":[{"id":"a","weight":1},{"id":"b","weight":3}],
  "indicators":[
    {"id":"good","column":"good","dimension":"a","weight":30,"rule":{"type":"linear","from":0,"to":10}},
    {"id":"noise","column":"noise","dimension":"a","weight":10,"rule":{"type":"linear","from":0,"to":10}},
    {"id":"more","column":"more","dimension":"b","weight":10,"rule":{"type":"linear","from":0,"to":10}}],
  "outcome":{"column":"churned"}})";

kenko::FitResult fit_with(kenko::Engine& e, const std::string& constraints) {
  kenko::FitOptions o;
  o.constraints = kenko::fit_constraints_from_json(e.model(), constraints);
  return e.fit(o);
}
}  // namespace

TEST_CASE("fit constraints: unconstrained, 'good' takes nearly all; a lock keeps 60 %", "[fit]") {
  kenko::Engine e;
  kenko_test::load(e, kFlat, table(3000));
  const kenko::FitResult free = e.fit();
  CHECK_FALSE(free.constrained);
  CHECK(free.indicator_weights[0] > 90);
  // Locked: good keeps exactly its share under the weights in force, 30 / 50 = 60 %.
  const kenko::FitResult locked = fit_with(e, R"({"lock":["good"]})");
  CHECK(locked.constrained);
  CHECK(locked.indicator_weights[0] == 60);
  CHECK(locked.indicator_weights[1] + locked.indicator_weights[2] == Approx(40).margin(0.011));
  CHECK(locked.locked_shares[0] == Approx(0.6));
  CHECK(std::isnan(locked.locked_shares[1]));
  // The unconstrained fit's held-out AUC on the same folds is given beside.
  REQUIRE(locked.heldout_auc_unconstrained);
  CHECK(*locked.heldout_auc_unconstrained == *free.heldout_auc_after);
  CHECK(locked.fold_auc_unconstrained.size() == 5);
  // Deterministic.
  CHECK(fit_with(e, R"({"lock":["good"]})").indicator_weights == locked.indicator_weights);
}

TEST_CASE("fit constraints: a minimum share binds where the fit goes below it", "[fit]") {
  kenko::Engine e;
  kenko_test::load(e, kFlat, table(3000));
  const kenko::FitResult free = e.fit();
  REQUIRE(free.indicator_weights[1] < 10);
  const kenko::FitResult floor =
      fit_with(e, R"({"indicators":{"noise":{"min_share":25},"more":{"min_share":10}}})");
  CHECK(floor.indicator_weights[1] == 25);
  CHECK(floor.indicator_weights[2] == 10);
  CHECK(floor.indicator_weights[0] == 65);
  // Not binding: the same weights as without it.
  const kenko::FitResult loose = fit_with(e, R"({"indicators":{"good":{"min_share":1}}})");
  CHECK(loose.indicator_weights == free.indicator_weights);
  CHECK(*loose.heldout_auc_after == *free.heldout_auc_after);
}

TEST_CASE("fit constraints: a dimension's share within its bounds; a lock with dimensions",
          "[fit]") {
  kenko::Engine e;
  kenko_test::load(e, kDims, table(3000));
  const kenko::FitResult free = e.fit();
  REQUIRE(free.dimension_weights[1] < 10);  // b (more) carries nothing
  const kenko::FitResult dim = fit_with(e, R"({"dimensions":{"b":{"min_share":30}}})");
  CHECK(dim.dimension_weights[1] == 30);  // each dimension weighs its indicators' shares
  CHECK(dim.indicator_weights[2] == 30);
  CHECK(dim.dimension_weights[0] == 70);
  const kenko::FitResult capped = fit_with(e, R"({"dimensions":{"a":{"max_share":80}}})");
  CHECK(capped.dimension_weights[0] == 80);
  CHECK(capped.indicator_weights[0] + capped.indicator_weights[1] == Approx(80).margin(0.011));
  // noise's share with dimensions: 1/4 × 10/40 = 6.25 %.
  const kenko::FitResult locked = fit_with(e, R"({"lock":["noise"]})");
  CHECK(locked.indicator_weights[1] == 6.25);
}

TEST_CASE("fit constraints: refused when they cannot hold, naming why", "[fit]") {
  kenko::Engine e;
  kenko_test::load(e, kDims, table(400));
  auto refused = [&](const std::string& json, const std::string& why) {
    INFO(json);
    CHECK_THROWS_WITH(fit_with(e, json), Catch::Contains(why));
  };
  // good locked at 18.75 % + 90 % for more = 108.75 %.
  refused(R"({"lock":["good"],"indicators":{"more":{"min_share":90}}})",
          "the locked shares (18.75%) and the indicators' minimum shares (90%) add up to more "
          "than 100%");
  refused(R"({"dimensions":{"a":{"min_share":60},"b":{"min_share":50}}})", "add up to 110%");
  refused(R"({"dimensions":{"a":{"min_share":60,"max_share":40}}})",
          "dimension 'a': its minimum share 60% is above its maximum 40%");
  refused(R"({"lock":["good","noise"],"dimensions":{"a":{"max_share":20}}})",
          "dimension 'a': its locked and minimum indicator shares (25%) exceed its maximum share "
          "20%");
  // a's maximum 10 % and b's maximum 10 % leave 80 % nowhere.
  refused(R"({"dimensions":{"a":{"max_share":10},"b":{"max_share":10}}})",
          "the constraints cannot all hold at once");
  refused(R"({"lock":["nope"]})", "constraints.lock[0]: no indicator \"nope\"");
  refused(R"({"dimensions":{"c":{"min_share":1}}})",
          "constraints.dimensions.c: the model has no such dimension");
  refused(R"({"indicators":{"good":{"min_share":120}}})",
          "constraints.indicators.good.min_share: a share in percent, from 0 to 100");
  refused(R"({"indicators":{"good":{"max_share":12}}})",
          "constraints.indicators.good.max_share: unknown key (min_share)");
  refused(R"({"lok":[]})", "constraints.lok: unknown key (lock, indicators, dimensions)");
  kenko::Engine flat;
  kenko_test::load(flat, kFlat, table(400));
  CHECK_THROWS_WITH(fit_with(flat, R"({"dimensions":{"a":{"min_share":5}}})"),
                    Catch::Contains("constraints.dimensions.a: the model has no such dimension"));
}
