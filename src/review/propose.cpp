#include "review/propose.h"

#include <algorithm>
#include <cmath>
#include <nlohmann/json.hpp>

#include "base/error.h"
#include "base/number_format.h"
#include "base/text.h"
#include "review/stats.h"
#include "score/rules.h"
#include "score/scoring.h"
#include "score/subscores.h"

namespace kenko {

namespace {

// ---- The words of a column's name ------------------------------------------------------------
//
// English words are matched as whole words of the name (profile.h name_words), a word also
// matching its plural (+s, +es, y → ies); an entry of two words matches two words in a row.
// Japanese words are matched anywhere in the name.

bool token_is(const std::string& token, std::string_view word) {
  if (token == word) return true;
  if (token.size() == word.size() + 1 && token.back() == 's' &&
      token.compare(0, word.size(), word) == 0)
    return true;
  if (token.size() == word.size() + 2 && token.compare(token.size() - 2, 2, "es") == 0 &&
      token.compare(0, word.size(), word) == 0)
    return true;
  if (!word.empty() && word.back() == 'y' && token.size() == word.size() + 2 &&
      token.compare(0, word.size() - 1, word.substr(0, word.size() - 1)) == 0 &&
      token.compare(token.size() - 3, 3, "ies") == 0)
    return true;
  return false;
}

struct Lexicon {
  std::vector<std::string_view> english;   // tokens, or two tokens separated by a space
  std::vector<std::string_view> japanese;  // anywhere in the name
};

struct Match {
  std::vector<std::string> words;
  size_t longest = 0;  // characters of the longest word matched (a Japanese character counts 1)
};

size_t characters(std::string_view s) {
  size_t n = 0;
  for (char c : s) n += (static_cast<unsigned char>(c) & 0xC0) != 0x80;
  return n;
}

Match match(const Lexicon& lex, const std::vector<std::string>& tokens, std::string_view name) {
  Match m;
  auto found = [&m](std::string_view w) {
    if (std::find(m.words.begin(), m.words.end(), std::string(w)) != m.words.end()) return;
    m.words.emplace_back(w);
    m.longest = std::max(m.longest, characters(w));
  };
  for (std::string_view w : lex.english) {
    const size_t space = w.find(' ');
    for (size_t t = 0; t < tokens.size(); ++t) {
      if (space == std::string_view::npos) {
        if (token_is(tokens[t], w)) found(w);
      } else if (t + 1 < tokens.size() && token_is(tokens[t], w.substr(0, space)) &&
                 token_is(tokens[t + 1], w.substr(space + 1))) {
        found(w);
      }
    }
  }
  for (std::string_view w : lex.japanese) {
    if (name.find(w) != std::string_view::npos) found(w);
  }
  return m;
}

std::string quoted_words(const std::vector<std::string>& words) {
  std::string out;
  for (size_t i = 0; i < words.size(); ++i) out += (i ? ", '" : "'") + words[i] + "'";
  return out;
}

// "Since" words turn a measure around: days since the last login grow as a customer drifts away.
const Lexicon kSince = {{"since", "ago", "without", "inactive", "idle", "dormant"},
                        {"からの日数", "経過", "以来", "未ログイン", "未利用", "休眠"}};
// Higher is worse.
const Lexicon kWorse = {
    {"ticket",    "complaint", "escalation", "escalated", "incident", "bug",       "error",
     "outage",    "defect",    "churn",      "churned",   "cancel",   "cancelled", "cancellation",
     "downgrade", "refund",    "overdue",    "late",      "delay",    "delayed",   "unpaid",
     "debt",      "arrears",   "failed",     "failure",   "bounce",   "bounced",   "effort",
     "ces",       "severity",  "severe",     "critical",  "wait",     "risk",      "problem",
     "issue",     "detractor", "lost",       "declined"},
    {"問い合わせ", "問合せ", "問合わせ", "苦情",   "クレーム", "障害", "不具合",
     "エラー",     "解約",   "遅延",     "滞納",   "未払",     "延滞", "重大",
     "放置",       "負担",   "待ち時間", "リスク", "失敗",     "返金", "ダウングレード"}};
// Higher is better.
const Lexicon kBetter = {
    {"login",       "logon",       "signin",      "session",     "visit",        "active",
     "usage",       "use",         "used",        "adoption",    "adopted",      "feature",
     "engagement",  "engaged",     "nps",         "csat",        "satisfaction", "satisfied",
     "rating",      "goal",        "attainment",  "achievement", "meeting",      "attended",
     "attendance",  "seminar",     "webinar",     "training",    "trained",      "certified",
     "completed",   "complete",    "done",        "onboarding",  "onboarded",    "sponsor",
     "champion",    "post",        "open",        "opened",      "click",        "seat",
     "user",        "tenure",      "renewal",     "renewed",     "revenue",      "arr",
     "mrr",         "spend",       "expansion",   "upsell",      "growth",       "health",
     "utilization", "utilisation", "integration", "api",         "left",         "remaining",
     "promoter",    "referral",    "advocate",    "license",     "licence",      "activity"},
    {"ログイン", "利用",         "活用",
     "使用",     "アクティブ",   "参加",
     "開封",     "達成",         "満足",
     "完了",     "済",           "投稿",
     "継続",     "ミーティング", "会議",
     "定例",     "推奨",         "導入",
     "席",       "契約額",       "売上",
     "収益",     "成長",         "スポンサー",
     "研修",     "トレーニング", "オンボーディング",
     "セミナー", "ウェビナー",   "残",
     "更新",     "紹介"}};

const Lexicon kDimensionWords[4] = {
    // deployment
    {{"seat",       "license",        "licence",     "licensed",     "deploy",   "deployment",
      "deployed",   "implementation", "implemented", "setup",        "rollout",  "provisioned",
      "onboarding", "onboarded",      "install",     "installation", "user",     "sponsor",
      "executive",  "champion",       "admin",       "activation",   "activated"},
     {"席", "ライセンス", "導入", "オンボーディング", "アクティブユーザー", "ユーザー数", "展開",
      "初期設定", "スポンサー", "契約席", "管理者"}},
    // engagement
    {{"login",    "logon",   "signin",  "session",      "visit",      "last login",
      "since",    "meeting", "seminar", "webinar",      "event",      "training",
      "email",    "open",    "opened",  "announcement", "newsletter", "community",
      "post",     "forum",   "qbr",     "call",         "touchpoint", "attendance",
      "attended", "faq",     "click",   "view",         "contact"},
     {"ログイン", "セッション", "訪問", "ミーティング", "会議", "定例", "セミナー", "ウェビナー",
      "イベント", "研修", "トレーニング", "開封", "お知らせ", "メール", "コミュニティ", "投稿",
      "参加", "閲覧"}},
    // adoption
    {{"feature", "usage",       "use",         "used",       "adoption",  "adopted",
      "module",  "api",         "integration", "workflow",   "report",    "breadth",
      "depth",   "utilization", "utilisation", "automation", "dashboard", "project",
      "storage", "service",     "product",     "addon",      "streaming", "activity"},
     {"機能", "利用", "活用", "使用", "連携", "ワークフロー", "自動化", "ダッシュボード",
      "サービス"}},
    // roi
    {{"nps",       "csat",       "ces",      "satisfaction", "survey",  "rating",    "review",
      "goal",      "attainment", "roi",      "value",        "outcome", "ticket",    "support",
      "complaint", "escalation", "incident", "severity",     "bug",     "sentiment", "renewal",
      "contract",  "arr",        "mrr",      "revenue",      "spend",   "price",     "billing",
      "invoice",   "payment",    "charge",   "expansion",    "upsell",  "effort",    "tenure"},
     {"満足", "目標", "達成", "問い合わせ", "問合せ", "苦情", "障害", "不具合", "契約", "更新",
      "売上", "収益", "請求", "支払",       "料金",   "推奨", "評価", "効果",   "成果", "費用"}},
};
const char* const kDimensionLabels[] = {"Deployment", "Engagement", "Adoption", "ROI", "Other"};

// Names of a code (not a quantity), and of a name for people.
const Lexicon kCodeWords = {{"id", "code", "zip", "postal", "postcode", "zipcode", "phone", "fax",
                             "lat", "latitude", "lon", "lng", "longitude", "uuid", "guid"},
                            {"郵便", "電話", "緯度", "経度", "番号", "コード", "識別"}};
const Lexicon kNameWords = {{"name", "company", "title", "organization", "organisation"},
                            {"名", "会社", "社名", "企業"}};

// ---- Numbers in words --------------------------------------------------------------------------

std::string num(double v) {
  return format_full(v);
}

std::string percent1(double share) {
  char b[32];
  std::snprintf(b, sizeof b, "%.1f%%", 100.0 * share);
  return b;
}

std::string auc2(double v) {
  char b[32];
  std::snprintf(b, sizeof b, "%.2f", v);
  return b;
}

// ---- Rules ----------------------------------------------------------------------------------

constexpr double kLeakAuc = 0.97;       // a column's own AUC at or above: a probable leak
constexpr double kDirectionAuc = 0.52;  // from the outcome when the column separates it so
constexpr double kMostlyMissing = 0.9;  // left out when missing in this share of rows or more
constexpr double kShrink = 20;          // outcome rates pulled towards the mean by this many rows
constexpr size_t kFewValues = 6;        // a number with this many values or fewer: a band each

// Non-decreasing least squares fit of `x` with weights `w` (pool adjacent violators).
std::vector<double> isotonic(const std::vector<double>& x, const std::vector<double>& w) {
  struct Block {
    double sum, weight;
    size_t count;
  };
  std::vector<Block> blocks;
  for (size_t i = 0; i < x.size(); ++i) {
    blocks.push_back({x[i] * w[i], w[i], 1});
    while (blocks.size() > 1) {
      const Block& b = blocks.back();
      const Block& a = blocks[blocks.size() - 2];
      if (a.sum * b.weight <= b.sum * a.weight) break;  // a's mean ≤ b's mean
      Block merged{a.sum + b.sum, a.weight + b.weight, a.count + b.count};
      blocks.pop_back();
      blocks.back() = merged;
    }
  }
  std::vector<double> out;
  for (const Block& b : blocks) out.insert(out.end(), b.count, b.sum / b.weight);
  return out;
}

// Points 0–100 (whole numbers) from outcome rates: the lowest rate earns 100, the highest 0.
// Empty when every rate is the same.
std::vector<double> points_from_rates(const std::vector<double>& rate) {
  const double hi = *std::max_element(rate.begin(), rate.end());
  const double lo = *std::min_element(rate.begin(), rate.end());
  if (!(hi - lo > 1e-12)) return {};
  std::vector<double> out;
  for (double r : rate) out.push_back(std::round(100.0 * (hi - r) / (hi - lo)));
  return out;
}

// A shrunk outcome rate: (positive + k·mean) / (customers + k).
double shrunk_rate(uint64_t positive, uint64_t negative, double mean) {
  return (static_cast<double>(positive) + kShrink * mean) /
         (static_cast<double>(positive + negative) + kShrink);
}

struct NumericRule {
  Rule rule;
  std::string words;
};

// Cut points of a numeric column (a value v is in the group above cut c when v ≥ c): a cut at
// each value when there are few, else at the quintiles; never at the smallest value.
std::vector<double> cuts_of(const ColumnProfile& p, bool with_outcome) {
  const NumberStats& s = *p.number_stats;
  std::vector<double> cuts;
  auto distinct_cuts = [&] {
    std::sort(cuts.begin(), cuts.end());
    cuts.erase(std::unique(cuts.begin(), cuts.end()), cuts.end());
    cuts.erase(std::remove_if(cuts.begin(), cuts.end(), [&s](double c) { return c <= s.min; }),
               cuts.end());
  };
  if (p.distinct <= kFewValues) {
    for (const ValueCount& v : p.values) cuts.push_back(v.number);
  } else if (with_outcome) {
    // Deciles and the tails: the outcome rates then merge the bands that do not differ.
    for (double q : {0.1, 0.2, 0.4, 0.5, 0.6, 0.8, 0.9, 0.95}) cuts.push_back(s.quantile(q));
  } else {
    for (double q : {0.2, 0.4, 0.6, 0.8}) cuts.push_back(s.quantile(q));
    distinct_cuts();
    if (cuts.size() < 2) {
      for (double q : {0.9, 0.95}) cuts.push_back(s.quantile(q));
    }
  }
  distinct_cuts();
  if (cuts.empty()) {
    // Nearly every value is the smallest: its customers against the rest.
    double above = s.max;
    for (double q : s.quantiles) {
      if (q > s.min) above = std::min(above, q);
    }
    cuts.push_back(above);
  }
  return cuts;
}

// Whether the values spread evenly enough for a linear rule between the 5th and 95th
// percentiles: many values, and the median not crowded against either end.
bool linear_fits(const ColumnProfile& p) {
  const NumberStats& s = *p.number_stats;
  const double lo = s.quantile(0.05), mid = s.quantile(0.5), hi = s.quantile(0.95);
  if (p.distinct < 20 || !(hi > lo)) return false;
  return mid - lo >= (hi - lo) / 5 && hi - mid >= (hi - lo) / 5;
}

std::string joined(const std::vector<double>& v, const char* sep = " / ") {
  std::string out;
  for (size_t i = 0; i < v.size(); ++i) out += (i ? sep : "") + num(v[i]);
  return out;
}

NumericRule numeric_rule(const ColumnProfile& p, bool higher_better, const ColumnOutcome* outcome) {
  NumericRule out;
  const NumberStats& s = *p.number_stats;
  std::vector<double> cuts = cuts_of(p, outcome != nullptr);
  const bool few = p.distinct <= kFewValues;
  if (!outcome && !few && linear_fits(p)) {
    const double lo = s.quantile(0.05), hi = s.quantile(0.95);
    out.rule.type = RuleType::Linear;
    out.rule.points = 100;
    out.rule.from = higher_better ? lo : hi;
    out.rule.to = higher_better ? hi : lo;
    out.words = "linear from " + num(out.rule.from) + " (0 points) to " + num(out.rule.to) +
                " (100): the " + (higher_better ? "5th and 95th" : "95th and 5th") + " percentiles";
    return out;
  }
  const size_t groups = cuts.size() + 1;
  std::vector<double> points;
  std::string how;
  if (outcome && !outcome->levels.empty()) {
    // Each group's outcome rate (shrunk towards the mean), made monotone in the direction.
    std::vector<uint64_t> pos(groups, 0), neg(groups, 0);
    for (const ValueOutcome& l : outcome->levels) {
      const size_t g =
          static_cast<size_t>(std::upper_bound(cuts.begin(), cuts.end(), l.number) - cuts.begin());
      pos[g] += l.positive;
      neg[g] += l.negative;
    }
    const double mean = static_cast<double>(outcome->positive) /
                        static_cast<double>(outcome->positive + outcome->negative);
    std::vector<double> rate(groups), weight(groups);
    for (size_t g = 0; g < groups; ++g) {
      // Higher better: the rate should fall as the values rise (fit −rate non-decreasing).
      const double r = shrunk_rate(pos[g], neg[g], mean);
      rate[g] = higher_better ? -r : r;
      weight[g] = static_cast<double>(pos[g] + neg[g]) + 1e-9;
    }
    rate = isotonic(rate, weight);
    for (double& r : rate) r = higher_better ? -r : r;
    points = points_from_rates(rate);
    how = "points by each band's outcome rate";
  }
  if (points.size() != groups) {
    points.assign(groups, 0);
    const double m = static_cast<double>(groups - 1);
    for (size_t g = 0; g < groups; ++g) {
      const double up = std::round(100.0 * static_cast<double>(g) / m);
      points[g] = higher_better ? up : 100 - up;
    }
    how = "points evenly spaced";
  }
  // Adjacent groups with equal points are one band.
  std::vector<double> kept_cuts, kept_points{points[0]};
  for (size_t g = 1; g < groups; ++g) {
    if (points[g] == kept_points.back()) continue;
    kept_cuts.push_back(cuts[g - 1]);
    kept_points.push_back(points[g]);
  }
  out.rule.type = RuleType::Bands;
  for (size_t g = kept_points.size(); g-- > 1;) {
    out.rule.bands.push_back(Band{kept_cuts[g - 1], std::nullopt, kept_points[g]});
  }
  out.rule.bands.push_back(Band{std::nullopt, std::nullopt, kept_points[0]});
  out.words = std::string("bands at ") + (few ? "its values " : "the quantiles ") +
              joined(kept_cuts) + " (points " + joined(kept_points) + "; " + how + ")";
  return out;
}

std::string lower_trimmed(std::string_view s) {
  return ascii_lower(trim(s));
}

// ---- Choosing ---------------------------------------------------------------------------------

bool listed(const std::vector<std::string>& list, const std::string& name) {
  return std::find(list.begin(), list.end(), name) != list.end();
}

void check_column(const TableProfile& profile, const std::string& name, const char* what) {
  if (profile.column(name)) return;
  std::vector<std::string> names;
  for (const ColumnProfile& c : profile.columns) names.push_back(c.name);
  std::vector<std::string> hints = closest_names(name, names);
  throw Error(
      "mapping.no_column",
      {{"what", what}, {"column", name}, {"closest", hints.empty() ? "" : quoted_words(hints)}});
}

std::string slug(std::string_view name) {
  std::string out;
  bool gap = false;
  auto upper = [](char c) { return c >= 'A' && c <= 'Z'; };
  auto lower = [](char c) { return c >= 'a' && c <= 'z'; };
  for (size_t i = 0; i < name.size(); ++i) {
    const char c = name[i];
    const unsigned char u = static_cast<unsigned char>(c);
    const bool word = upper(c) || lower(c) || (c >= '0' && c <= '9') || u >= 0x80;
    if (!word) {
      gap = true;
      continue;
    }
    if (i && lower(name[i - 1]) && upper(c)) gap = true;
    if (gap && !out.empty()) out += '_';
    gap = false;
    out += static_cast<char>(upper(c) ? c + 32 : c);
  }
  return out.empty() ? "column" : out;
}

}  // namespace

const char* column_role_name(ColumnRole role) {
  switch (role) {
    case ColumnRole::Id:
      return "id";
    case ColumnRole::Label:
      return "label";
    case ColumnRole::Outcome:
      return "outcome";
    case ColumnRole::Indicator:
      return "indicator";
    case ColumnRole::Left:
      return "left out";
  }
  return "?";
}

const char* direction_from_name(DirectionFrom from) {
  switch (from) {
    case DirectionFrom::None:
      return "";
    case DirectionFrom::Outcome:
      return "outcome";
    case DirectionFrom::Header:
      return "header";
    case DirectionFrom::User:
      return "you";
    case DirectionFrom::Assumed:
      return "assumed";
  }
  return "";
}

DirectionHint direction_from_name_words(std::string_view column_name) {
  const std::vector<std::string> tokens = name_words(column_name);
  DirectionHint out;
  const Match since = match(kSince, tokens, column_name);
  if (!since.words.empty()) {
    out.higher_is_better = false;
    out.words = quoted_words(since.words);
    return out;
  }
  const Match worse = match(kWorse, tokens, column_name);
  const Match better = match(kBetter, tokens, column_name);
  if (!worse.words.empty() && better.words.empty()) {
    out.higher_is_better = false;
    out.words = quoted_words(worse.words);
  } else if (!better.words.empty() && worse.words.empty()) {
    out.higher_is_better = true;
    out.words = quoted_words(better.words);
  } else if (!better.words.empty()) {
    // Both: the longer word wins ("重大問い合わせ" is about tickets, not "合わせ"); a tie says
    // nothing.
    if (worse.longest != better.longest) out.higher_is_better = better.longest > worse.longest;
    out.words = quoted_words(worse.words) + " and " + quoted_words(better.words);
  }
  return out;
}

DimensionHint dimension_from_name_words(std::string_view column_name) {
  const std::vector<std::string> tokens = name_words(column_name);
  DimensionHint out;
  size_t best_len = 0, best_count = 0;
  for (size_t d = 0; d < 4; ++d) {
    const Match m = match(kDimensionWords[d], tokens, column_name);
    if (m.words.empty()) continue;
    if (m.longest > best_len || (m.longest == best_len && m.words.size() > best_count)) {
      best_len = m.longest;
      best_count = m.words.size();
      out.dimension = kDearDimensions[d];
      out.words = quoted_words(m.words);
    }
  }
  return out;
}

ProposeOptions propose_options_from_json(std::string_view json_text) {
  using Json = nlohmann::json;
  ProposeOptions o;
  if (trim(json_text).empty()) return o;
  Json j;
  try {
    j = Json::parse(json_text);
  } catch (const Json::exception& e) {
    throw Error(std::string("propose options: not JSON: ") + e.what());
  }
  if (!j.is_object()) throw Error("propose options: must be an object");
  auto text = [](const Json& v, const std::string& key) {
    if (!v.is_string()) throw Error("propose options." + key + ": must be a text");
    return v.get<std::string>();
  };
  auto texts = [&text](const Json& v, const std::string& key) {
    std::vector<std::string> out;
    if (!v.is_array()) throw Error("propose options." + key + ": must be a list of texts");
    for (size_t i = 0; i < v.size(); ++i)
      out.push_back(text(v[i], key + "[" + std::to_string(i) + "]"));
    return out;
  };
  for (const auto& [key, v] : j.items()) {
    if (key == "outcome") {
      o.outcome = v.is_null() ? "" : text(v, key);
    } else if (key == "positive") {
      o.positive = texts(v, key);
    } else if (key == "id") {
      o.id_column = v.is_null() ? "" : text(v, key);
    } else if (key == "label") {
      o.label_column = v.is_null() ? "" : text(v, key);
    } else if (key == "keep") {
      o.keep = texts(v, key);
    } else if (key == "drop") {
      o.drop = texts(v, key);
    } else if (key == "name") {
      o.name = text(v, key);
    } else if (key == "directions") {
      if (!v.is_object()) throw Error("propose options.directions: must be an object");
      for (const auto& [column, d] : v.items()) {
        const std::string s = d.is_string() ? d.get<std::string>() : "";
        if (s != "higher" && s != "lower") {
          throw Error("propose options.directions." + column + ": must be \"higher\" or \"lower\"");
        }
        o.higher_is_better[column] = s == "higher";
      }
    } else if (key == "fit") {
      if (!v.is_boolean()) throw Error("propose options.fit: must be true or false");
      o.fit = v.get<bool>();
    } else if (key == "folds") {
      if (!v.is_number_integer() || v.get<int64_t>() < 2 || v.get<int64_t>() > 100) {
        throw Error("propose options.folds: a whole number from 2 to 100");
      }
      o.fit_options.folds = static_cast<size_t>(v.get<int64_t>());
    } else if (key == "fitSample") {
      if (!v.is_number_integer() || v.get<int64_t>() < 100) {
        throw Error("propose options.fitSample: a whole number, 100 or more");
      }
      o.fit_sample = static_cast<size_t>(v.get<int64_t>());
    } else {
      throw Error("propose options." + key + ": unknown option");
    }
  }
  return o;
}

ModelProposal propose_model(const Table& table, const TableProfile& profile,
                            const ProposeOptions& o) {
  ModelProposal out;
  out.rows = profile.rows;
  const size_t C = profile.columns.size();
  if (!o.outcome.empty()) check_column(profile, o.outcome, "outcome");
  if (!o.id_column.empty()) check_column(profile, o.id_column, "id");
  if (!o.label_column.empty()) check_column(profile, o.label_column, "label");
  for (const std::string& k : o.keep) check_column(profile, k, "keep");
  for (const std::string& k : o.drop) check_column(profile, k, "drop");
  for (const auto& [k, v] : o.higher_is_better) check_column(profile, k, "direction");

  // The outcome.
  std::optional<Outcome> outcome;
  std::vector<int8_t> labels;
  if (!o.outcome.empty()) {
    const ColumnProfile& oc = *profile.column(o.outcome);
    const bool two_valued = oc.kind == ColumnKind::YesNo || oc.kind == ColumnKind::Category ||
                            (oc.distinct <= kMaxTextKeptNumbers &&
                             (oc.kind == ColumnKind::Number || oc.kind == ColumnKind::Percent));
    if (!two_valued) {
      throw Error("outcome: column '" + oc.name + "' is " + column_kind_name(oc.kind) + " with " +
                  thousands(oc.distinct) +
                  " different values: an outcome is a yes/no or a category column");
    }
    Outcome oo;
    oo.column = oc.name;
    for (const std::string& t : o.positive) oo.positive.push_back(lower_trimmed(t));
    if (oo.positive.empty()) {
      if (oc.kind == ColumnKind::YesNo) {
        for (const std::string& t : oc.true_texts) oo.positive.push_back(lower_trimmed(t));
      } else {
        oo.positive = {"1", "yes", "true"};
      }
    }
    bool any = false;
    std::string values;
    for (const ValueCount& v : oc.values) {
      any = any || listed(oo.positive, lower_trimmed(v.text));
      values += (values.empty() ? "'" : ", '") + v.text + "'";
    }
    if (!any) {
      throw Error("outcome: no cell of '" + oc.name + "' is " + quoted_words(oo.positive) +
                  " (its values: " + values + "): name the positive texts");
    }
    labels = outcome_labels(oo, table);
    for (int8_t y : labels) {
      if (y == 1) ++out.positive;
      if (y == 0) ++out.negative;
    }
    if (!out.positive || !out.negative) {
      out.notes.push_back("the outcome '" + oc.name + "' has " +
                          (out.positive ? "no negative" : "no positive") +
                          " customer: directions come from the names");
    }
    outcome = oo;
  }

  // Every column: its kind and, with an outcome, how it separates it.
  out.columns.resize(C);
  for (size_t i = 0; i < C; ++i) {
    const ColumnProfile& p = profile.columns[i];
    ColumnProposal& cp = out.columns[i];
    cp.name = p.name;
    cp.kind = p.kind;
    if (outcome && p.unread.empty() && p.name != outcome->column) {
      cp.outcome = column_outcome(table, p, labels);
    }
  }

  // The id column: the one named, else a unique column with an id word in its name, else the
  // first id-like column, else the first unique column, else the first column.
  auto usable = [&](size_t i) { return profile.columns[i].unread.empty(); };
  size_t id = C;
  auto find_first = [&](auto&& pred) {
    for (size_t i = 0; i < C; ++i) {
      if (usable(i) && pred(profile.columns[i])) return i;
    }
    return C;
  };
  std::string id_reason;
  if (!o.id_column.empty()) {
    id = find_first([&](const ColumnProfile& p) { return p.name == o.id_column; });
    id_reason = "the id column: your choice";
  }
  auto complete_unique = [](const ColumnProfile& p) { return p.unique() && p.missing == 0; };
  if (id == C) {
    id = find_first([&](const ColumnProfile& p) {
      return complete_unique(p) && p.kind != ColumnKind::Text && p.id_name;
    });
    if (id != C) id_reason = "the id column: unique in every row, and its name says id";
  }
  if (id == C) {
    id = find_first(
        [&](const ColumnProfile& p) { return complete_unique(p) && p.kind == ColumnKind::Id; });
    if (id != C) id_reason = "the id column: a unique code in every row";
  }
  if (id == C) {
    id = find_first(complete_unique);
    if (id != C) id_reason = "the id column: unique in every row";
  }
  if (id == C) {
    id = find_first([](const ColumnProfile&) { return true; });
    if (id == C) throw Error("the table has no column to propose a model from");
    id_reason = "used as the id column, but no column is unique in every row: choose the id";
    out.notes.push_back("no column holds a different value in every row: '" +
                        profile.columns[id].name + "' stands in as the id column");
  }
  out.columns[id].role = ColumnRole::Id;
  out.columns[id].reason = id_reason;

  // The label column: the one named, else a text whose name says name, else a near-unique text
  // with spaces (company names).
  size_t label = C;
  if (!o.label_column.empty()) {
    label = find_first([&](const ColumnProfile& p) { return p.name == o.label_column; });
    if (label == id) label = C;
    if (label != C) out.columns[label].reason = "the label column: your choice";
  } else {
    label = find_first([&](const ColumnProfile& p) {
      return p.header_index != id && (p.kind == ColumnKind::Text || p.kind == ColumnKind::Id) &&
             !match(kNameWords, name_words(p.name), p.name).words.empty();
    });
    if (label != C) {
      out.columns[label].reason = "the label column: names for people, and its name says name";
    } else {
      label = find_first([&](const ColumnProfile& p) {
        return p.header_index != id && p.kind == ColumnKind::Text && p.spaced_share >= 0.3 &&
               static_cast<double>(p.distinct) >= 0.5 * static_cast<double>(p.present);
      });
      if (label != C) out.columns[label].reason = "the label column: names for people";
    }
  }
  if (label != C) out.columns[label].role = ColumnRole::Label;

  // Indicators.
  Model& m = out.model;
  m.name = o.name.empty() ? "Proposed by kenko init" : o.name;
  m.id_column = profile.columns[id].name;
  if (label != C) m.label_column = profile.columns[label].name;
  m.outcome = outcome;
  std::vector<std::string> dims_of_indicators;
  for (size_t i = 0; i < C; ++i) {
    const ColumnProfile& p = profile.columns[i];
    ColumnProposal& cp = out.columns[i];
    if (!p.unread.empty()) {
      cp.reason = "not read: " + p.unread;
      continue;
    }
    if (outcome && p.name == outcome->column) {
      cp.role = ColumnRole::Outcome;
      cp.reason = "the outcome: " + thousands(out.positive) + " positive (" +
                  quoted_words(outcome->positive) + ") and " + thousands(out.negative) +
                  " negative customers";
      continue;
    }
    if (cp.role != ColumnRole::Left) continue;  // id, label
    const bool keep = listed(o.keep, p.name);
    if (listed(o.drop, p.name)) {
      cp.reason = "left out: your choice";
      continue;
    }
    // A probable leak of the outcome: a value known only after it.
    std::string leak_reason;
    if (cp.outcome) {
      const std::optional<double> s = cp.outcome->strength();
      const std::optional<double> ps = cp.outcome->presence_auc;
      const double pstrength = ps ? std::max(*ps, 1 - *ps) : 0.5;
      if (s && *s >= kLeakAuc) {
        cp.leak = true;
        leak_reason = "probable leak: it separates the outcome almost perfectly (own AUC " +
                      auc2(*s) + "), as a value known only after the outcome would";
      } else if (pstrength >= kLeakAuc) {
        cp.leak = true;
        leak_reason =
            "probable leak: whether it has a value separates the outcome almost "
            "perfectly (AUC " +
            auc2(pstrength) + "), as a value recorded only at churn would";
      }
    }
    // What cannot be scored at all.
    std::string cannot;
    if (p.kind == ColumnKind::Empty) cannot = "no values";
    if (p.constant()) {
      cannot = "the same value in every row ('" +
               (p.values.empty() ? std::string() : p.values[0].text) + "')";
    }
    if (p.kind == ColumnKind::Date) {
      cannot = "dates: export the days since (or until) them as a number to score them";
    }
    if (p.kind == ColumnKind::Id) cannot = "id-like: a different code in almost every row";
    if (p.kind == ColumnKind::Text) {
      cannot =
          static_cast<double>(p.distinct) >= 0.9 * static_cast<double>(p.present)
              ? "near-unique texts (names or notes): " + thousands(p.distinct) + " different values"
              : "free text: " + thousands(p.distinct) +
                    " different values, too many for category points (at most " +
                    std::to_string(kMaxCategoryValues) + ")";
    }
    if (!cannot.empty()) {
      cp.reason = "left out: " + cannot + (cp.leak ? "; and a " + leak_reason : "");
      if (keep) out.notes.push_back("'" + p.name + "' cannot be kept: " + cannot);
      continue;
    }
    // What should not be scored unless the user keeps it.
    std::string why_not;
    const Match code = match(kCodeWords, name_words(p.name), p.name);
    const bool numeric = p.kind == ColumnKind::Number || p.kind == ColumnKind::Percent;
    if (numeric && !code.words.empty()) {
      why_not =
          "a code or coordinate, not a quantity (the name says " + quoted_words(code.words) + ")";
    }
    if (p.missing_rate() >= kMostlyMissing) {
      why_not = "missing in " + percent1(p.missing_rate()) + " of the rows";
    }
    if (!leak_reason.empty()) why_not = leak_reason;
    if (p.kind == ColumnKind::Category && !outcome) {
      why_not = "a category: which values are better needs an outcome column (or your points)";
    }
    if (p.kind == ColumnKind::Category && cp.outcome && cp.outcome->auc &&
        *cp.outcome->auc < kDirectionAuc) {
      // Points from outcome rates always span 0–100: for a category that separates nothing
      // they would only score noise.
      why_not = "a category that hardly separates the outcome (AUC " + auc2(*cp.outcome->auc) +
                " with its values ordered by their rates)";
    }
    if (!why_not.empty() && !keep) {
      cp.reason = "left out: " + why_not + (cp.leak ? "; keep it if it is known beforehand" : "");
      continue;
    }

    // Direction (numbers and yes/no).
    const std::optional<double> auc = cp.outcome ? cp.outcome->auc : std::nullopt;
    const std::optional<double> strength = cp.outcome ? cp.outcome->strength() : std::nullopt;
    const DirectionHint hint = direction_from_name_words(p.name);
    const bool yes_no = p.kind == ColumnKind::YesNo;
    const std::string higher =
        yes_no ? "'" + (p.true_texts.empty() ? std::string("yes") : p.true_texts[0]) + "'"
               : "higher";
    const std::string lower =
        yes_no ? "'" + (p.false_texts.empty() ? std::string("no") : p.false_texts[0]) + "'"
               : "lower";
    auto said = [&](bool h) { return (h ? higher : lower) + " is better"; };
    auto from_outcome = [&]() {
      cp.higher_is_better = *auc > 0.5;
      cp.direction_from = DirectionFrom::Outcome;
      cp.direction = said(*cp.higher_is_better) + ": own AUC " + auc2(*strength) + " against '" +
                     outcome->column + "'";
    };
    if (p.kind != ColumnKind::Category) {
      auto user = o.higher_is_better.find(p.name);
      if (user != o.higher_is_better.end()) {
        cp.higher_is_better = user->second;
        cp.direction_from = DirectionFrom::User;
        cp.direction = said(user->second) + ": your choice";
      } else if (strength && *strength >= kDirectionAuc) {
        from_outcome();
      } else if (hint.higher_is_better) {
        cp.higher_is_better = hint.higher_is_better;
        cp.direction_from = DirectionFrom::Header;
        cp.direction = said(*hint.higher_is_better) + ": the name says " + hint.words;
        if (strength) cp.direction += " (own AUC only " + auc2(*strength) + ")";
      } else if (auc && *auc != 0.5) {
        from_outcome();
        cp.direction += " (weak)";
      } else {
        cp.higher_is_better = true;
        cp.direction_from = DirectionFrom::Assumed;
        cp.direction =
            (yes_no ? higher + " assumed better" : std::string("higher assumed better")) +
            ": neither an outcome nor the name tells: check it";
      }
    }

    // The rule.
    Indicator ind;
    ind.label = p.name;
    ind.source.kind = SourceKind::Column;
    ind.source.a = p.name;
    if (numeric) {
      NumericRule nr = numeric_rule(p, *cp.higher_is_better, cp.outcome ? &*cp.outcome : nullptr);
      ind.rule = nr.rule;
      cp.rule = nr.words;
    } else if (yes_no) {
      if (*cp.higher_is_better) {
        ind.rule.type = RuleType::Boolean;
        ind.rule.points = 100;
        cp.rule = "yes/no: " + higher + " earns 100 points, " + lower + " 0";
      } else {
        ind.rule.type = RuleType::Category;
        for (const std::string& t : p.false_texts) ind.rule.map.push_back({lower_trimmed(t), 100});
        for (const std::string& t : p.true_texts) ind.rule.map.push_back({lower_trimmed(t), 0});
        cp.rule = "yes/no as category points: " + lower + " earns 100 points, " + higher + " 0";
      }
    } else {  // a category
      ind.rule.type = RuleType::Category;
      std::vector<double> points;
      if (cp.outcome && cp.outcome->positive + cp.outcome->negative > 0) {
        const double mean = static_cast<double>(cp.outcome->positive) /
                            static_cast<double>(cp.outcome->positive + cp.outcome->negative);
        std::vector<double> rate;
        for (const ValueOutcome& l : cp.outcome->levels) {
          rate.push_back(shrunk_rate(l.positive, l.negative, mean));
        }
        points = points_from_rates(rate);
      }
      std::string listed_points;
      for (size_t v = 0; v < p.values.size(); ++v) {
        const double pts = points.empty() ? 100 : points[v];
        ind.rule.map.push_back({lower_trimmed(p.values[v].text), pts});
        if (v < 8) listed_points += (v ? ", " : "") + p.values[v].text + " " + num(pts);
      }
      if (p.values.size() > 8) listed_points += ", ...";
      if (points.empty()) {
        cp.rule = "category, equal points for now (" + listed_points + "): set each value's points";
      } else {
        cp.rule = "category points by each value's outcome rate (" + listed_points + ")";
        cp.direction = "the points follow each value's rate of '" + outcome->column + "'";
        if (strength) cp.direction += ": AUC " + auc2(*strength);
        cp.direction_from = DirectionFrom::Outcome;
      }
    }
    const DimensionHint dim = dimension_from_name_words(p.name);
    cp.dimension = dim.dimension;
    cp.dimension_words = dim.words;
    cp.dimension_reason = dim.words.empty()
                              ? "dimension other: no DEAR word in the name"
                              : "dimension " + dim.dimension + ": the name says " + dim.words;
    std::vector<std::string> parts;
    if (keep && !why_not.empty()) parts.push_back("kept at your request (" + why_not + ")");
    if (p.numbers < p.present && numeric) {
      parts.push_back(thousands(p.present - p.numbers) +
                      " cells are not numbers (missing when scored)");
    }
    for (const std::string* part : {&cp.rule, &cp.direction, &cp.dimension_reason}) {
      if (!part->empty()) parts.push_back(*part);
    }
    for (const std::string& part : parts) cp.reason += (cp.reason.empty() ? "" : "; ") + part;
    // A unique id.
    std::string base = slug(p.name), idtext = base;
    for (int k = 2; m.indicator_index(idtext) >= 0; ++k) idtext = base + "_" + std::to_string(k);
    ind.id = idtext;
    ind.weight = 1;
    cp.role = ColumnRole::Indicator;
    cp.indicator = static_cast<int>(m.indicators.size());
    m.indicators.push_back(ind);
    dims_of_indicators.push_back(dim.dimension);
  }

  m.default_segments = true;
  m.segments = default_segments();
  // The dimensions in DEAR order, those with indicators; each weighs its indicators' weights
  // (equal weights: every indicator an equal share; fitted: the fit's dimension weights).
  auto set_dimensions = [&m, &dims_of_indicators] {
    m.dimensions.clear();
    for (size_t d = 0; d < 5; ++d) {
      double weight = 0;
      bool used = false;
      for (size_t i = 0; i < m.indicators.size(); ++i) {
        if (dims_of_indicators[i] != kDearDimensions[d]) continue;
        used = true;
        weight += *m.indicators[i].weight;
      }
      if (!used) continue;
      m.dimensions.push_back(
          Dimension{kDearDimensions[d], kDimensionLabels[d], std::round(weight * 100.0) / 100.0});
    }
    for (size_t i = 0; i < m.indicators.size(); ++i) {
      m.indicators[i].dimension = m.dimension_index(dims_of_indicators[i]);
    }
  };
  set_dimensions();
  if (m.indicators.empty()) {
    out.notes.push_back("no column can be scored: the model has no indicator");
    return out;
  }

  // Weights fitted to the outcome.
  if (outcome && o.fit) {
    if (out.positive < o.fit_options.folds || out.negative < o.fit_options.folds) {
      out.notes.push_back("equal weights: fitting needs at least " +
                          std::to_string(o.fit_options.folds) + " customers of each outcome");
      return out;
    }
    Table sample;
    const Table* t = &table;
    if (table.rows() > o.fit_sample) {
      std::vector<size_t> rows;
      const uint64_t n = table.rows();
      for (uint64_t r = 0; r < n; ++r) {
        uint64_t h = (r + 1) * 0x9e3779b97f4a7c15ULL;
        h ^= h >> 31;
        h *= 0xbf58476d1ce4e5b9ULL;
        h ^= h >> 29;
        if (h % n < o.fit_sample) rows.push_back(static_cast<size_t>(r));
      }
      sample = take_rows(table, rows);
      t = &sample;
    }
    out.fit_rows = t->rows();
    try {
      const SubScores sub = compute_subscores(m, *t);
      out.fit = fit_weights(m, Weights::of(m), *t, sub, o.fit_options);
    } catch (const Error& e) {
      out.notes.push_back(std::string("equal weights: ") + e.what());
    }
    if (out.fit_rows < profile.rows) {
      out.notes.push_back("weights fitted on a fixed sample of " + thousands(out.fit_rows) +
                          " of the " + thousands(profile.rows) + " customers");
    }
    if (out.fit && out.fit->note.empty()) {
      // The fitted weights; an indicator the fit gives no weight changes no score: left out
      // unless kept.
      std::vector<Indicator> kept;
      std::vector<std::string> kept_dims;
      std::vector<size_t> column_of(m.indicators.size());
      for (size_t c = 0; c < C; ++c) {
        if (out.columns[c].indicator >= 0)
          column_of[static_cast<size_t>(out.columns[c].indicator)] = c;
      }
      for (size_t i = 0; i < m.indicators.size(); ++i) {
        ColumnProposal& cp = out.columns[column_of[i]];
        const double w = out.fit->indicator_weights[i];
        if (w == 0 && !listed(o.keep, cp.name)) {
          cp.role = ColumnRole::Left;
          cp.indicator = -1;
          cp.reason = "left out: the fitted weight is 0, it adds nothing beside the others (" +
                      cp.rule + "; " + cp.direction + ")";
          continue;
        }
        cp.indicator = static_cast<int>(kept.size());
        kept.push_back(m.indicators[i]);
        kept.back().weight = w;
        kept_dims.push_back(dims_of_indicators[i]);
      }
      m.indicators = std::move(kept);
      dims_of_indicators = std::move(kept_dims);
      set_dimensions();
    }
  }
  return out;
}

}  // namespace kenko
