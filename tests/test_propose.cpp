// The model proposer (review/propose.h, Engine::propose_model): the direction and DEAR dimension
// rules of a column's name (English and Japanese), the id/label/outcome roles, what is left out
// and why (leaks above all), a proposal that check-model accepts and that scores every row, and
// with an outcome a held-out AUC within 0.02 of the hand-made example model fitted.
#include <catch2/catch.hpp>
#include <cmath>
#include <nlohmann/json.hpp>
#include <sstream>

#include "base/error.h"
#include "helpers.h"
#include "report/init_report.h"
#include "report/model_writer.h"
#include "report/report_json.h"

namespace {

void read_source(kenko::Engine& engine, const std::string& csv, size_t chunk = 1 << 20) {
  engine.begin_source();
  for (size_t at = 0; at < csv.size(); at += chunk) {
    engine.feed_table(std::string_view(csv).substr(at, chunk));
  }
  engine.end_table();
}

std::string generated(uint64_t rows, bool japanese) {
  kenko::GenerateOptions g;
  g.rows = rows;
  g.seed = 1;
  g.japanese_headers = japanese;
  std::ostringstream out;
  kenko::generate_customers(g, out);
  return out.str();
}

const kenko::ColumnProposal& column(const kenko::ModelProposal& p, const std::string& name) {
  for (const kenko::ColumnProposal& c : p.columns) {
    if (c.name == name) return c;
  }
  FAIL("no column " << name);
  return p.columns[0];
}

// The proposal's model, written and parsed back as check-model would.
kenko::ParsedModel written_and_parsed(const kenko::ModelProposal& p) {
  return kenko::parse_model(kenko::model_json(p.model));
}

}  // namespace

TEST_CASE("propose: the direction a column's name says", "[propose]") {
  auto higher = [](const char* name) {
    return kenko::direction_from_name_words(name).higher_is_better;
  };
  CHECK(higher("logins_per_day") == true);
  CHECK(higher("days_since_last_login") == false);  // "since" turns a login measure around
  CHECK(higher("daysSinceLastLogin") == false);
  CHECK(higher("tickets_30d") == false);
  CHECK(higher("ticket_severity_high") == false);
  CHECK(higher("NPS") == true);
  CHECK(higher("ces") == false);
  CHECK(higher("feature_adoption_pct") == true);
  CHECK(higher("contract_months_left") == true);
  CHECK(higher("Usage") == true);
  CHECK(higher("faq_views_30d") == std::nullopt);  // says nothing: asked
  CHECK(higher("TotalCharges") == std::nullopt);
  CHECK(higher("ログイン回数/日") == true);
  CHECK(higher("最終ログインからの日数") == false);
  CHECK(higher("問い合わせ件数(30日)") == false);
  CHECK(higher("重大問い合わせ件数(30日)") == false);
  CHECK(higher("主要機能利用回数(30日)") == true);
  CHECK(higher("解約予定") == false);
  CHECK(higher("お知らせ開封率(%)") == true);
  CHECK(kenko::direction_from_name_words("tickets_30d").words == "'ticket'");
}

TEST_CASE("propose: the DEAR dimension a column's name says", "[propose]") {
  auto dim = [](const char* name) { return kenko::dimension_from_name_words(name).dimension; };
  CHECK(dim("seats") == "deployment");
  CHECK(dim("onboarding_done") == "deployment");
  CHECK(dim("executive_sponsor") == "deployment");
  CHECK(dim("logins_per_day") == "engagement");
  CHECK(dim("days_since_last_login") == "engagement");
  CHECK(dim("announcement_open_rate") == "engagement");
  CHECK(dim("key_feature_uses_30d") == "adoption");
  CHECK(dim("usage_this_month") == "adoption");
  CHECK(dim("nps") == "roi");
  CHECK(dim("tickets_30d") == "roi");
  CHECK(dim("gender") == "other");
  CHECK(dim("契約席数") == "deployment");  // the longer word wins over 契約 (roi)
  CHECK(dim("年間契約額") == "roi");
  CHECK(dim("機能活用率(%)") == "adoption");
  CHECK(dim("定例ミーティング回数(90日)") == "engagement");
  CHECK(dim("オンボーディング完了") == "deployment");
  CHECK(kenko::dimension_from_name_words("gender").words.empty());
}

TEST_CASE("propose: English and Japanese headers give the same model", "[propose]") {
  kenko::Engine en, ja;
  read_source(en, generated(1500, false));
  read_source(ja, generated(1500, true));
  const kenko::ModelProposal a = en.propose_model();
  const kenko::ModelProposal b = ja.propose_model();
  REQUIRE(a.columns.size() == b.columns.size());
  REQUIRE(a.model.indicators.size() == b.model.indicators.size());
  for (size_t c = 0; c < a.columns.size(); ++c) {
    INFO(a.columns[c].name << " / " << b.columns[c].name);
    CHECK(a.columns[c].role == b.columns[c].role);
    // (A name with % or a cell with a % sign makes a numeric column a percent one.)
    auto numeric = [](kenko::ColumnKind k) {
      return k == kenko::ColumnKind::Percent ? kenko::ColumnKind::Number : k;
    };
    CHECK(numeric(a.columns[c].kind) == numeric(b.columns[c].kind));
    CHECK(a.columns[c].higher_is_better == b.columns[c].higher_is_better);
    CHECK(a.columns[c].dimension == b.columns[c].dimension);
  }
  CHECK(b.model.id_column == "顧客ID");
  CHECK(b.model.label_column == "顧客名");
}

TEST_CASE("propose: without an outcome", "[propose]") {
  kenko::Engine engine;
  read_source(engine, kenko_test::generated(1000, 1));
  const kenko::ModelProposal p = engine.propose_model();
  CHECK(p.model.id_column == "account_id");
  CHECK(p.model.label_column == "account_name");
  CHECK_FALSE(p.model.outcome);
  CHECK_FALSE(p.fit);
  CHECK(column(p, "account_id").role == kenko::ColumnRole::Id);
  CHECK(column(p, "account_name").role == kenko::ColumnRole::Label);
  // A category needs an outcome (or points) to say which values are better.
  CHECK(column(p, "plan").role == kenko::ColumnRole::Left);
  CHECK_THAT(column(p, "plan").reason, Catch::Contains("needs an outcome"));
  // Directions from the names, else assumed (and said so).
  CHECK(column(p, "days_since_last_login").higher_is_better == false);
  CHECK(column(p, "days_since_last_login").direction_from == kenko::DirectionFrom::Header);
  CHECK(column(p, "faq_views_30d").direction_from == kenko::DirectionFrom::Assumed);
  CHECK_THAT(column(p, "faq_views_30d").direction, Catch::Contains("check it"));
  // The outcome column of the generated table is a yes/no column like another here.
  CHECK(column(p, "churned").role == kenko::ColumnRole::Indicator);
  // yes/no → boolean.
  const kenko::ColumnProposal& onboarding = column(p, "onboarding_done");
  REQUIRE(onboarding.indicator >= 0);
  CHECK(p.model.indicators[static_cast<size_t>(onboarding.indicator)].rule.type ==
        kenko::RuleType::Boolean);
  // Equal shares.
  const std::vector<double> share = kenko::full_model_shares(p.model, kenko::Weights::of(p.model));
  for (double s : share) CHECK(s == Approx(1.0 / static_cast<double>(share.size())));
  // Every indicator says why, in one line.
  for (const kenko::ColumnProposal& c : p.columns) {
    CHECK_FALSE(c.reason.empty());
    CHECK(c.reason.find('\n') == std::string::npos);
  }
  // Valid, and it scores every row.
  kenko::Engine scorer;
  kenko_test::load(scorer, kenko::model_json(p.model), kenko_test::generated(1000, 1));
  CHECK(scorer.summary().scored == 1000);
}

TEST_CASE("propose: with an outcome, as good as the example model fitted", "[propose]") {
  const std::string csv = kenko_test::generated(4000, 1);
  kenko::Engine engine;
  read_source(engine, csv);
  kenko::ProposeOptions o;
  o.outcome = "churned";
  const kenko::ModelProposal p = engine.propose_model(o);
  REQUIRE(p.model.outcome);
  CHECK(p.model.outcome->positive == std::vector<std::string>{"1"});
  CHECK(column(p, "churned").role == kenko::ColumnRole::Outcome);
  CHECK((column(p, "plan").role == kenko::ColumnRole::Indicator ||
         column(p, "plan").reason.find("fitted weight is 0") != std::string::npos));
  for (const kenko::ColumnProposal& c : p.columns) {
    if (c.role != kenko::ColumnRole::Indicator || c.kind == kenko::ColumnKind::Category) continue;
    INFO(c.name);
    CHECK((c.direction_from == kenko::DirectionFrom::Outcome ||
           c.direction_from == kenko::DirectionFrom::Header));
  }
  REQUIRE(p.fit);
  REQUIRE(p.fit->heldout_auc_after);

  kenko::ParsedModel parsed = written_and_parsed(p);
  CHECK(parsed.warnings.empty());
  // The proposed model and the example model, each fitted: held-out AUC within 0.02.
  kenko::Engine proposed, example;
  kenko_test::load(proposed, kenko::model_json(p.model), csv);
  kenko_test::load(example, kenko_test::slurp(kenko_test::source_path("examples/dear.json")), csv);
  CHECK(proposed.summary().scored == 4000);
  const kenko::FitResult fp = proposed.fit(), fe = example.fit();
  CHECK(*fp.heldout_auc_after >= *fe.heldout_auc_after - 0.02);
}

TEST_CASE("propose: probable leaks are left out unless kept", "[propose]") {
  std::string csv = "id,tenure,churn_date,churn_value,plan,churned\n";
  uint64_t state = 3;
  for (int r = 0; r < 600; ++r) {
    state = state * 6364136223846793005ULL + 1442695040888963407ULL;
    const int tenure = static_cast<int>((state >> 40) % 48);
    const bool churned = tenure < 12 ? (state >> 20) % 3 != 0 : (state >> 20) % 8 == 0;
    csv += "c" + std::to_string(r) + "," + std::to_string(tenure) + "," +
           (churned ? "2024-03-01" : "") + "," + (churned ? "1" : "0") + "," +
           ((state >> 30) % 3 ? "Monthly" : "Yearly") + "," + (churned ? "Yes" : "No") + "\n";
  }
  kenko::Engine engine;
  read_source(engine, csv);
  kenko::ProposeOptions o;
  o.outcome = "churned";
  kenko::ModelProposal p = engine.propose_model(o);
  CHECK(p.model.outcome->positive == std::vector<std::string>{"yes"});
  CHECK(column(p, "churn_value").leak);
  CHECK(column(p, "churn_value").role == kenko::ColumnRole::Left);
  CHECK_THAT(column(p, "churn_value").reason, Catch::Contains("probable leak"));
  CHECK(column(p, "churn_date").leak);  // present only for the churned (and a date)
  CHECK(column(p, "tenure").role == kenko::ColumnRole::Indicator);
  CHECK(column(p, "tenure").higher_is_better == true);
  o.keep = {"churn_value"};
  p = engine.propose_model(o);
  CHECK(column(p, "churn_value").role == kenko::ColumnRole::Indicator);
  CHECK_THAT(column(p, "churn_value").reason, Catch::Contains("kept at your request"));
}

TEST_CASE("propose: the user's choices", "[propose]") {
  kenko::Engine engine;
  read_source(engine, kenko_test::generated(800, 1));
  kenko::ProposeOptions o;
  o.drop = {"arr"};
  o.higher_is_better["faq_views_30d"] = false;
  o.id_column = "account_name";
  o.label_column = "account_id";
  o.name = "Mine";
  const kenko::ModelProposal p = engine.propose_model(o);
  CHECK(p.model.name == "Mine");
  CHECK(p.model.id_column == "account_name");
  CHECK(p.model.label_column == "account_id");
  CHECK(column(p, "arr").role == kenko::ColumnRole::Left);
  CHECK(column(p, "faq_views_30d").higher_is_better == false);
  CHECK(column(p, "faq_views_30d").direction_from == kenko::DirectionFrom::User);

  o = {};
  o.outcome = "nope";
  CHECK_THROWS_WITH(engine.propose_model(o), Catch::Contains("outcome: no column 'nope'"));
  o.outcome = "arr";
  CHECK_THROWS_WITH(engine.propose_model(o),
                    Catch::Contains("an outcome is a yes/no or a category"));
  o.outcome = "plan";
  CHECK_THROWS_WITH(engine.propose_model(o), Catch::Contains("name the positive texts"));
  o.positive = {"Starter"};
  CHECK_NOTHROW(engine.propose_model(o));
  kenko::Engine none;
  CHECK_THROWS_WITH(none.propose_model(), Catch::Contains("no table has been read"));
}

TEST_CASE("propose: options from JSON", "[propose]") {
  const kenko::ProposeOptions o = kenko::propose_options_from_json(
      R"({"outcome":"Churn","positive":["Yes"],"keep":["a"],"drop":["b"],)"
      R"("directions":{"c":"lower"},"fit":false,"folds":3,"id":"i","label":null})");
  CHECK(o.outcome == "Churn");
  CHECK(o.positive == std::vector<std::string>{"Yes"});
  CHECK(o.keep == std::vector<std::string>{"a"});
  CHECK(o.drop == std::vector<std::string>{"b"});
  CHECK(o.higher_is_better.at("c") == false);
  CHECK_FALSE(o.fit);
  CHECK(o.fit_options.folds == 3);
  CHECK(o.id_column == "i");
  CHECK_THROWS_WITH(kenko::propose_options_from_json(R"({"outcom":"x"})"),
                    Catch::Contains("propose options.outcom: unknown option"));
  CHECK_THROWS_WITH(kenko::propose_options_from_json(R"({"directions":{"c":"up"}})"),
                    Catch::Contains("directions.c"));
}

TEST_CASE("propose: the reports", "[propose]") {
  kenko::Engine engine;
  read_source(engine, kenko_test::generated(600, 1));
  kenko::ProposeOptions o;
  o.outcome = "churned";
  const kenko::ModelProposal p = engine.propose_model(o);
  const nlohmann::json j = nlohmann::json::parse(kenko::proposal_json(p, engine.source_profile()));
  CHECK(j["model"]["id_column"] == "account_id");
  CHECK(j["columns"].size() == 28);
  double shares = 0;
  for (const auto& c : j["columns"]) {
    if (c["include"].get<bool>()) shares += c["share"].get<double>();
  }
  CHECK(shares == Approx(1.0));
  CHECK(j["fit"]["heldoutAucAfter"].is_number());
  std::ostringstream text;
  kenko::write_proposal_text(text, "t.csv", engine.source(), engine.source_profile(), p);
  CHECK_THAT(text.str(),
             Catch::StartsWith("t.csv: 600 rows, 28 columns (utf-8, ','); outcome 'churned'"));
  CHECK_THAT(text.str(), Catch::Contains("  account_id: id, the id column"));
  CHECK_THAT(text.str(), Catch::Contains("held-out AUC (5 folds, 600 customers)"));
  const nlohmann::json prof = nlohmann::json::parse(
      kenko::profile_json(engine.source_profile(), engine.source(), engine.source_warnings()));
  CHECK(prof["rows"] == 600);
  CHECK(prof["columns"][0]["kind"] == "id");
}

TEST_CASE("check-model warns of defaulted weights beside small explicit ones", "[propose]") {
  kenko::Engine engine;
  const std::vector<kenko::ModelProblem> w = engine.set_model(R"({"version":1,"id_column":"id",
    "dimensions":[{"id":"e"},{"id":"f"}],
    "indicators":[
      {"id":"a","column":"a","dimension":"e","weight":3,"rule":{"type":"linear","from":0,"to":1}},
      {"id":"b","column":"b","dimension":"e","rule":{"type":"linear","from":0,"to":1}},
      {"id":"c","column":"c","dimension":"f","rule":{"type":"linear","from":0,"to":1}},
      {"id":"d","column":"d","dimension":"f","weight":40,"rule":{"type":"linear","from":0,"to":1}}]})");
  REQUIRE(w.size() == 1);
  CHECK(w[0].path == "indicators[1].weight");
  CHECK_THAT(w[0].message, Catch::Contains("its rule's most points (100)"));
  CHECK_THAT(w[0].message, Catch::Contains("at most 3 in dimension 'e'"));
  CHECK_THAT(w[0].message, Catch::Contains("it takes 97%"));
  // The example models mix nothing.
  CHECK(engine.set_model(kenko_test::slurp(kenko_test::source_path("examples/dear.json"))).empty());
}

TEST_CASE("model info and summary give each indicator's share of the score", "[propose]") {
  kenko::Engine engine;
  kenko_test::load(engine, kenko_test::slurp(kenko_test::source_path("examples/dear.json")),
                   kenko_test::generated(200, 1));
  const nlohmann::json info =
      nlohmann::json::parse(kenko::model_info_json(engine.model(), engine.weights()));
  // logins: engagement (W 3 of 10) × 3 of 7 in engagement.
  CHECK(info["indicators"][3]["id"] == "logins");
  CHECK(info["indicators"][3]["share"].get<double>() == Approx(0.3 * 3.0 / 7.0));
  CHECK(info["indicators"][3]["weightDefaulted"] == false);
  CHECK(info["dimensions"][1]["share"].get<double>() == Approx(0.3));
  const kenko::Summary s = engine.summary();
  CHECK(s.share[3] == Approx(0.3 * 3.0 / 7.0));
}
