// Tests for src/synth.{h,cpp}: determinism, shape, plausibility and the hidden churn process.
#include <catch2/catch.hpp>

#include <algorithm>
#include <cstdint>
#include <cstdlib>
#include <fstream>
#include <iterator>
#include <sstream>
#include <string>
#include <vector>

#include "helpers.h"
#include "synth/synth.h"

namespace {

std::string generate(uint64_t rows, uint64_t seed, bool ja = false, bool crlf = false) {
  kenko::GenerateOptions options;
  options.rows = rows;
  options.seed = seed;
  options.japanese_headers = ja;
  options.crlf = crlf;
  std::ostringstream out;
  kenko::generate_customers(options, out);
  return out.str();
}

using Record = std::vector<std::string>;

// A strict RFC 4180 reader for what the generator writes (comma, quotes, \n or \r\n).
std::vector<Record> parse_csv(const std::string& text) {
  std::vector<Record> records;
  Record record;
  std::string field;
  bool quoted = false, field_started = false;
  for (size_t i = 0; i < text.size(); ++i) {
    const char c = text[i];
    if (quoted) {
      if (c == '"') {
        if (i + 1 < text.size() && text[i + 1] == '"') {
          field.push_back('"');
          ++i;
        } else {
          quoted = false;
        }
      } else {
        field.push_back(c);
      }
      continue;
    }
    if (c == '"' && field.empty() && !field_started) {
      quoted = true;
      field_started = true;
    } else if (c == ',') {
      record.push_back(field);
      field.clear();
      field_started = false;
    } else if (c == '\n' || c == '\r') {
      if (c == '\r' && i + 1 < text.size() && text[i + 1] == '\n') ++i;
      record.push_back(field);
      records.push_back(record);
      record.clear();
      field.clear();
      field_started = false;
    } else {
      field.push_back(c);
      field_started = true;
    }
  }
  REQUIRE(!quoted);
  if (!record.empty() || !field.empty()) {
    record.push_back(field);
    records.push_back(record);
  }
  return records;
}

bool is_missing(const std::string& cell) {
  return cell.empty() || cell == "NA" || cell == "N/A" || cell == "#N/A" || cell == "-" ||
         cell == "null" || cell == "NULL";
}

double number(const std::string& cell) {
  return std::strtod(cell.c_str(), nullptr);
}

int column(const Record& header, const std::string& name) {
  for (size_t i = 0; i < header.size(); ++i) {
    if (header[i] == name) return static_cast<int>(i);
  }
  FAIL("no column " << name);
  return -1;
}

uint64_t fnv1a(const std::string& text) {
  uint64_t h = 0xcbf29ce484222325ULL;
  for (unsigned char c : text) {
    h ^= c;
    h *= 0x100000001b3ULL;
  }
  return h;
}

}  // namespace

TEST_CASE("synth: the same seed gives the same bytes, another seed other bytes", "[synth]") {
  const std::string a = generate(500, 42);
  CHECK(a == generate(500, 42));
  CHECK(a != generate(500, 43));
  const std::string ja = generate(500, 42, true, true);
  CHECK(ja == generate(500, 42, true, true));
  // A prefix of a longer table is the shorter table.
  const std::string longer = generate(800, 42);
  CHECK(longer.compare(0, a.size(), a) == 0);
}

TEST_CASE("synth: known output (the example files depend on it)", "[synth]") {
  // If the generator changes on purpose, regenerate examples/customers-*.csv and update these.
  CHECK(fnv1a(generate(1000, 42)) == 0x33a70e3d37c7b68aULL);
  CHECK(fnv1a(generate(1000, 7, true, true)) == 0x6eb74e5b3004202aULL);
#ifdef KENKO_SOURCE_DIR
  std::ifstream file(KENKO_SOURCE_DIR "/examples/customers-1000.csv", std::ios::binary);
  REQUIRE(file);
  const std::string bytes((std::istreambuf_iterator<char>(file)), std::istreambuf_iterator<char>());
  CHECK(bytes == generate(1000, 42));
#endif
}

TEST_CASE("synth: header and row count", "[synth]") {
  const auto english = kenko::generated_columns(false);
  const auto japanese = kenko::generated_columns(true);
  REQUIRE(english.size() == japanese.size());
  CHECK(english.size() >= 25);
  CHECK(english.front() == "account_id");
  CHECK(english[1] == "account_name");
  CHECK(english.back() == "churned");
  CHECK(japanese.front() == "顧客ID");
  CHECK(japanese[1] == "顧客名");
  for (const char* name : {"plan",
                           "arr",
                           "seats",
                           "active_users",
                           "logins_per_day",
                           "key_feature_uses_30d",
                           "feature_adoption_pct",
                           "days_since_last_login",
                           "usage_prev_month",
                           "usage_this_month",
                           "tickets_30d",
                           "ticket_severity_high",
                           "meetings_90d",
                           "seminar_attended",
                           "faq_views_30d",
                           "onboarding_done",
                           "nps",
                           "csat",
                           "ces",
                           "goal_attainment_pct",
                           "community_posts_90d",
                           "announcement_open_rate",
                           "contract_months_left",
                           "executive_sponsor",
                           "tenure_months"}) {
    CHECK(std::find(english.begin(), english.end(), name) != english.end());
  }

  for (uint64_t rows : {0, 1, 7, 1234}) {
    const auto records = parse_csv(generate(rows, 5));
    REQUIRE(records.size() == rows + 1);
    CHECK(records[0] == english);
    for (const auto& record : records) CHECK(record.size() == english.size());
  }
  const auto ja = parse_csv(generate(10, 5, true));
  REQUIRE(ja.size() == 11);
  CHECK(ja[0] == japanese);
  CHECK(ja[1][0] == "C000001");
  CHECK(ja[10][0] == "C000010");
}

TEST_CASE("synth: plausible values", "[synth]") {
  const auto records = parse_csv(generate(5000, 11));
  const Record& h = records[0];
  const int seats = column(h, "seats"), active = column(h, "active_users");
  const int plan = column(h, "plan"), tickets = column(h, "tickets_30d");
  const int severe = column(h, "ticket_severity_high"), nps = column(h, "nps");
  const int csat = column(h, "csat"), ces = column(h, "ces");
  const int open = column(h, "announcement_open_rate"), churned = column(h, "churned");
  const int onboarding = column(h, "onboarding_done"), name = column(h, "account_name");
  size_t cells = 0, missing = 0, quoted_names = 0;
  for (size_t i = 1; i < records.size(); ++i) {
    const Record& r = records[i];
    for (const auto& cell : r) {
      ++cells;
      missing += is_missing(cell) ? 1 : 0;
    }
    CHECK((r[plan] == "Starter" || r[plan] == "Pro" || r[plan] == "Enterprise"));
    REQUIRE(!is_missing(r[seats]));
    CHECK(number(r[seats]) >= 1);
    if (!is_missing(r[active])) {
      CHECK(number(r[active]) >= 0);
      CHECK(number(r[active]) <= number(r[seats]));
    }
    CHECK(number(r[severe]) <= number(r[tickets]));
    if (!is_missing(r[nps])) CHECK((number(r[nps]) >= 0 && number(r[nps]) <= 10));
    if (!is_missing(r[csat])) CHECK((number(r[csat]) >= 1 && number(r[csat]) <= 5));
    if (!is_missing(r[ces])) CHECK((number(r[ces]) >= 1 && number(r[ces]) <= 7));
    if (!is_missing(r[open])) CHECK((number(r[open]) >= 0 && number(r[open]) <= 100));
    if (!is_missing(r[onboarding])) CHECK((r[onboarding] == "yes" || r[onboarding] == "no"));
    CHECK((r[churned] == "0" || r[churned] == "1"));
    if (r[name].find(',') != std::string::npos || r[name].find('"') != std::string::npos) {
      ++quoted_names;
    }
  }
  const double missing_share = static_cast<double>(missing) / static_cast<double>(cells);
  CHECK(missing_share >= 0.02);
  CHECK(missing_share <= 0.05);
  CHECK(quoted_names > 50);  // names with a comma or a quote survive RFC 4180 quoting
}

TEST_CASE("synth: churn comes from a hidden process tied to the indicators", "[synth]") {
  for (uint64_t seed : {1, 42}) {
    const auto records = parse_csv(generate(20000, seed));
    const Record& h = records[0];
    const int churned = column(h, "churned"), logins = column(h, "logins_per_day");
    const int nps = column(h, "nps");
    double churners = 0, login_sum[2] = {0, 0}, login_n[2] = {0, 0}, nps_sum[2] = {0, 0},
           nps_n[2] = {0, 0};
    for (size_t i = 1; i < records.size(); ++i) {
      const Record& r = records[i];
      const int c = r[churned] == "1" ? 1 : 0;
      churners += c;
      if (!is_missing(r[logins])) {
        login_sum[c] += number(r[logins]);
        login_n[c] += 1;
      }
      if (!is_missing(r[nps])) {
        nps_sum[c] += number(r[nps]);
        nps_n[c] += 1;
      }
    }
    const double rate = churners / static_cast<double>(records.size() - 1);
    CHECK(rate >= 0.10);
    CHECK(rate <= 0.20);
    CHECK(login_sum[1] / login_n[1] < 0.85 * (login_sum[0] / login_n[0]));
    CHECK(nps_sum[1] / nps_n[1] < nps_sum[0] / nps_n[0] - 0.5);
  }
}

TEST_CASE("synth: line endings", "[synth]") {
  const std::string lf = generate(200, 3);
  const std::string crlf = generate(200, 3, false, true);
  CHECK(lf.find('\r') == std::string::npos);
  size_t lines = 0;
  for (size_t i = 0; i < crlf.size(); ++i) {
    if (crlf[i] == '\n') {
      ++lines;
      REQUIRE(i > 0);
      CHECK(crlf[i - 1] == '\r');
    }
  }
  CHECK(lines == 201);
  CHECK(crlf.size() == lf.size() + 201);
  CHECK(crlf.substr(crlf.size() - 2) == "\r\n");
  CHECK(lf.back() == '\n');
}

TEST_CASE("synth: Japanese headers and texts, same customers", "[synth]") {
  const auto en = parse_csv(generate(2000, 9));
  const auto ja = parse_csv(generate(2000, 9, true));
  REQUIRE(en.size() == ja.size());
  const Record& h = ja[0];
  const int plan = column(h, "プラン"), onboarding = column(h, "オンボーディング完了");
  const int sponsor = column(h, "エグゼクティブスポンサー"), seminar = column(h, "セミナー参加");
  const int arr = column(h, "年間契約額"), goal = column(h, "目標達成率");
  const int logins = column(h, "ログイン回数/日"), churned = column(h, "解約");
  CHECK(column(en[0], "logins_per_day") == logins);
  bool grouped_arr = false, percent_goal = false, company = false;
  for (size_t i = 1; i < ja.size(); ++i) {
    const Record& r = ja[i];
    CHECK((r[plan] == "スターター" || r[plan] == "プロ" || r[plan] == "エンタープライズ"));
    if (!is_missing(r[onboarding])) CHECK((r[onboarding] == "済" || r[onboarding] == "未"));
    if (!is_missing(r[sponsor])) CHECK((r[sponsor] == "○" || r[sponsor] == "×"));
    if (!is_missing(r[seminar])) CHECK((r[seminar] == "はい" || r[seminar] == "いいえ"));
    grouped_arr = grouped_arr || r[arr].find(',') != std::string::npos;
    percent_goal = percent_goal || (!r[goal].empty() && r[goal].back() == '%');
    company = company || r[1].find("株式会社") != std::string::npos;
    // The numbers are the same customers as in English.
    CHECK(r[0] == en[i][0]);
    CHECK(r[logins] == en[i][logins]);
    CHECK(r[churned] == en[i][churned]);
  }
  CHECK(grouped_arr);  // "1,234,000" as Japanese Excel writes yen
  CHECK(percent_goal);
  CHECK(company);
}

TEST_CASE("synth: a month earlier: the same customers, moved back along their course", "[synth]") {
  kenko::GenerateOptions g;
  g.rows = 2000;
  g.seed = 42;
  std::ostringstream now_out, then_out;
  kenko::generate_customers(g, now_out);
  g.month_earlier = true;
  kenko::generate_customers(g, then_out);
  const std::string then = then_out.str();
  std::ostringstream again;
  kenko::generate_customers(g, again);
  CHECK(again.str() == then);  // deterministic
#ifdef KENKO_SOURCE_DIR
  std::ifstream file(KENKO_SOURCE_DIR "/examples/customers-1000-previous.csv", std::ios::binary);
  REQUIRE(file);
  const std::string bytes((std::istreambuf_iterator<char>(file)), std::istreambuf_iterator<char>());
  g.rows = 1000;
  std::ostringstream example;
  kenko::generate_customers(g, example);
  CHECK(bytes == example.str());
#endif
  // Joined by id with the DEAR model: most customers are in both, the newest only now, and
  // customers whose usage fell this month scored higher then (they declined).
  kenko::Engine engine;
  kenko_test::load(engine, kenko_test::slurp(kenko_test::source_path("examples/dear.json")),
                   now_out.str());
  engine.previous().begin_table();
  engine.previous().feed_table(then);
  engine.previous().end_table();
  kenko::Trends t = engine.trends();
  CHECK(t.matched > 1800);
  CHECK(t.only_now > 0);
  CHECK(t.only_now + t.matched == 2000);
  CHECK(t.only_previous == 0);
  CHECK(t.deteriorating_count > 20);
  CHECK(t.deteriorating_count < 300);
}
