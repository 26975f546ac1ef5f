// Synthetic customer tables (see synth.h).
//
// Determinism: every random number comes from xoshiro256** seeded through splitmix64, and every
// derived number is computed with IEEE-754 +, -, *, /, sqrt and exact operations (frexp, ldexp,
// floor) only: log and exp are computed here from those instead of calling the C library, whose
// last bit may differ between glibc and Emscripten's musl. Values are rounded to a fixed number
// of decimals as integers and printed by hand (no locale, no printf), so the bytes written are
// the same on every platform for the same options.
//
// The model behind a row: a latent health h ~ N(0,1) (shifted a little by plan) drives an
// adoption latent a and a sentiment latent s, which in turn drive the usage, support and survey
// columns with their own noise. A few sub-populations make the table realistic: dormant accounts
// (nobody logs in any more), and "busy but shallow" accounts that log in a lot but hardly use the
// key feature (onboarding gap). Churn is drawn from a hidden logistic process of several true
// (pre-missing) values: health, utilisation, logins, usage trend, going dark, NPS, severe
// tickets, executive sponsor, onboarding, renewal date, tenure and plan.
#include "synth/synth.h"

#include "base/det_math.h"

#include <cmath>
#include <cstring>

namespace kenko {

namespace {

// ---------------------------------------------------------------------------------------------
// Random numbers (xoshiro256**, seeded through splitmix64 from det_math.h)

class Rng {
 public:
  explicit Rng(uint64_t seed) {
    uint64_t sm = seed;
    for (auto& word : s_) word = splitmix64(sm);
  }

  uint64_t next() {
    const uint64_t result = rotl(s_[1] * 5, 7) * 9;
    const uint64_t t = s_[1] << 17;
    s_[2] ^= s_[0];
    s_[3] ^= s_[1];
    s_[1] ^= s_[2];
    s_[0] ^= s_[3];
    s_[2] ^= t;
    s_[3] = rotl(s_[3], 45);
    return result;
  }

  // Uniform in [0, 1), 53 random bits.
  double uniform() { return static_cast<double>(next() >> 11) * (1.0 / 9007199254740992.0); }
  // Uniform in (0, 1].
  double uniform_pos() { return 1.0 - uniform(); }
  // Uniform integer in [0, n), n > 0 (multiply-shift; the tiny bias is irrelevant here).
  uint32_t below(uint32_t n) {
    return static_cast<uint32_t>(((next() >> 32) * static_cast<uint64_t>(n)) >> 32);
  }
  bool chance(double p) { return uniform() < p; }

 private:
  static uint64_t rotl(uint64_t x, int k) { return (x << k) | (x >> (64 - k)); }
  uint64_t s_[4];
};

double clampd(double x, double lo, double hi) {
  return x < lo ? lo : (x > hi ? hi : x);
}

// Round half away from zero (exact: floor of an exactly representable sum).
int64_t round_i(double x) {
  return x >= 0 ? static_cast<int64_t>(std::floor(x + 0.5))
                : -static_cast<int64_t>(std::floor(-x + 0.5));
}

// Standard normal: Marsaglia's polar method (needs log and sqrt only).
double normal(Rng& rng) {
  for (;;) {
    const double u = 2.0 * rng.uniform() - 1.0;
    const double v = 2.0 * rng.uniform() - 1.0;
    const double q = u * u + v * v;
    if (q > 0.0 && q < 1.0) return u * std::sqrt(-2.0 * det_log(q) / q);
  }
}

double lognormal(Rng& rng, double median, double sigma) {
  return median * det_exp(sigma * normal(rng));
}

double exponential(Rng& rng, double mean) {
  return -mean * det_log(rng.uniform_pos());
}

// Poisson: Knuth's product method for small means, a rounded normal approximation for large ones.
int64_t poisson(Rng& rng, double mean) {
  if (mean <= 0.0) return 0;
  if (mean < 30.0) {
    const double limit = det_exp(-mean);
    int64_t k = 0;
    double prod = rng.uniform_pos();
    while (prod > limit) {
      ++k;
      prod *= rng.uniform_pos();
    }
    return k;
  }
  const int64_t k = round_i(mean + std::sqrt(mean) * normal(rng));
  return k < 0 ? 0 : k;
}

int64_t binomial(Rng& rng, int64_t n, double p) {
  if (n <= 0 || p <= 0.0) return 0;
  if (n <= 64) {
    int64_t k = 0;
    for (int64_t i = 0; i < n; ++i) k += rng.chance(p) ? 1 : 0;
    return k;
  }
  const double mean = static_cast<double>(n) * p;
  const int64_t k = round_i(mean + std::sqrt(mean * (1.0 - p)) * normal(rng));
  return k < 0 ? 0 : (k > n ? n : k);
}

// A proportion in (0, 1): logistic-normal ("beta-ish") around logistic(mu).
double proportion(Rng& rng, double mu, double sigma) {
  return logistic(mu + sigma * normal(rng));
}

// ---------------------------------------------------------------------------------------------
// Columns

enum Col {
  kId,
  kName,
  kPlan,
  kArr,
  kSeats,
  kActive,
  kLogins,
  kKeyFeature,
  kAdoption,
  kDaysSinceLogin,
  kUsagePrev,
  kUsageThis,
  kTickets,
  kSevere,
  kMeetings,
  kSeminar,
  kFaq,
  kOnboarding,
  kNps,
  kCsat,
  kCes,
  kGoal,
  kCommunity,
  kOpenRate,
  kMonthsLeft,
  kSponsor,
  kTenure,
  kChurned,
  kColumnCount
};

const char* const kEnglishHeaders[kColumnCount] = {"account_id",
                                                   "account_name",
                                                   "plan",
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
                                                   "tenure_months",
                                                   "churned"};

const char* const kJapaneseHeaders[kColumnCount] = {"顧客ID",
                                                    "顧客名",
                                                    "プラン",
                                                    "年間契約額",
                                                    "契約席数",
                                                    "アクティブユーザー数",
                                                    "ログイン回数/日",
                                                    "主要機能利用回数(30日)",
                                                    "機能活用率(%)",
                                                    "最終ログインからの日数",
                                                    "前月利用量",
                                                    "今月利用量",
                                                    "問い合わせ件数(30日)",
                                                    "重大問い合わせ件数(30日)",
                                                    "定例ミーティング回数(90日)",
                                                    "セミナー参加",
                                                    "FAQ閲覧数(30日)",
                                                    "オンボーディング完了",
                                                    "NPS",
                                                    "CSAT",
                                                    "CES",
                                                    "目標達成率",
                                                    "コミュニティ投稿数(90日)",
                                                    "お知らせ開封率(%)",
                                                    "契約残月数",
                                                    "エグゼクティブスポンサー",
                                                    "契約継続月数",
                                                    "解約"};

// How often each column's cell is missing (before the adjustments in generate_row), and which
// columns can be missing at all. Survey answers are missing most (non-response).
constexpr double kMissingRate[kColumnCount] = {
    0,      // id
    0,      // name
    0,      // plan
    0,      // arr
    0,      // seats
    0.008,  // active users
    0.02,   // logins
    0.02,   // key feature
    0.03,   // adoption
    0.01,   // days since login
    0.02,   // usage prev
    0.02,   // usage this
    0,      // tickets
    0,      // severe
    0.01,   // meetings
    0.02,   // seminar
    0.02,   // faq
    0.01,   // onboarding
    0.13,   // nps (scaled by health below)
    0.09,   // csat
    0.11,   // ces
    0.07,   // goal (scaled by plan below)
    0.02,   // community
    0.03,   // open rate
    0.01,   // months left
    0.04,   // sponsor
    0,      // tenure
    0,      // churned
};

enum Plan { kStarter, kPro, kEnterprise };

// ---------------------------------------------------------------------------------------------
// Company names

const char* const kEnFirst[] = {
    "Acme",      "Blue Harbor", "Northwind",  "Summit",     "Evergreen",    "Silver Lake",
    "Redwood",   "Bright Path", "Cobalt",     "Granite",    "Harbor Point", "Ironclad",
    "Juniper",   "Keystone",    "Lakeshore",  "Maple",      "Nimbus",       "Oakridge",
    "Pinnacle",  "Quantum",     "Riverstone", "Sapphire",   "Tidewater",    "Union",
    "Vanguard",  "Westfield",   "Zephyr",     "Crescent",   "Falcon",       "Golden Gate",
    "Hudson",    "Lighthouse",  "Meridian",   "Orion",      "Polaris",      "Sterling",
    "Trident",   "Atlas",       "Beacon",     "Cedar",      "Driftwood",    "Elm Street",
    "Foxglove",  "Highland",    "Indigo",     "Kestrel",    "Lumen",        "Mosaic",
    "Northstar", "Old Mill",    "Prairie",    "Red Rock",   "Seabright",    "Tamarack",
    "Upland",    "Verdant",     "Willow",     "Yellowpine", "Bluebird",     "Copperline"};
const char* const kEnSecond[] = {
    "Analytics",  "Logistics", "Health",        "Software", "Foods",    "Media",
    "Consulting", "Energy",    "Robotics",      "Capital",  "Labs",     "Systems",
    "Retail",     "Insurance", "Manufacturing", "Networks", "Studios",  "Dental",
    "Legal",      "Travel",    "Education",     "Biotech",  "Outdoor",  "Security",
    "Freight",    "Pharma",    "Hospitality",   "Design",   "Data",     "Fitness",
    "Realty",     "Solar",     "Brewing",       "Marine",   "Payments", "Clinics"};
const char* const kEnSurnames[] = {
    "Smith",  "Johnson", "Garcia",  "Miller",   "Davis",  "Wilson",  "Anderson", "Taylor",
    "Thomas", "Moore",   "Jackson", "Martin",   "Lee",    "Harris",  "Clark",    "Lewis",
    "Walker", "Hall",    "Young",   "King",     "Wright", "Lopez",   "Hill",     "Green",
    "Baker",  "Nelson",  "Carter",  "Mitchell", "Perez",  "Roberts", "O'Brien",  "O'Neil"};
const char* const kEnPartners[] = {"Partners", "Associates", "Advisors", "Accounting"};

// Stems and trades for Japanese company names; every character is in JIS X 0208 (so in CP932).
const char* const kJaStem[] = {
    "サクラ",   "ミライ", "アオバ", "ヒカリ", "ツバサ", "東京",     "大阪",     "北海",
    "日本",     "新光",   "富士",   "大和",   "山田",   "中村",     "青空",     "桜井",
    "三河",     "横浜",   "名古屋", "京都",   "九州",   "湘南",     "東海",     "北斗",
    "朝日",     "若葉",   "丸山",   "高橋",   "みどり", "ひまわり", "アルファ", "ネクスト",
    "グリーン", "ブルー", "スター", "シード", "瀬戸内", "信州",     "広島",     "仙台",
    "札幌",     "神戸",   "千葉",   "埼玉",   "静岡",   "松本",     "鈴木",     "田中",
    "佐藤",     "伊藤",   "小林",   "加藤",   "吉田",   "山本"};
const char* const kJaTrade[] = {"商事",
                                "工業",
                                "物流",
                                "製作所",
                                "システムズ",
                                "テクノロジーズ",
                                "ソリューションズ",
                                "不動産",
                                "食品",
                                "建設",
                                "電機",
                                "精機",
                                "印刷",
                                "薬品",
                                "ホールディングス",
                                "設計",
                                "運輸",
                                "化学",
                                "産業",
                                "データ",
                                "ラボ",
                                "企画",
                                "開発",
                                "電子",
                                "交通",
                                "観光",
                                "通商",
                                "製薬",
                                "メディカル",
                                "デザイン",
                                "ホテル",
                                "リテール",
                                "フーズ",
                                "エナジー",
                                "ネットワークス",
                                "コンサルティング"};
const char* const kJaRomaji[] = {"Sakura", "Mirai",  "Aoba",  "Hikari", "Tsubasa", "Fuji",
                                 "Yamato", "Hokuto", "Asahi", "Wakaba", "Shinko",  "Midori"};

template <typename T, size_t N>
constexpr uint32_t count_of(T (&)[N]) {
  return static_cast<uint32_t>(N);
}

// A small fixed-capacity text builder for one cell (no heap allocation).
class CellText {
 public:
  void clear() { size_ = 0; }
  void add(const char* s) { add(s, std::strlen(s)); }
  void add(const char* s, size_t n) {
    if (size_ + n > sizeof(data_)) n = sizeof(data_) - size_;
    std::memcpy(data_ + size_, s, n);
    size_ += n;
  }
  const char* data() const { return data_; }
  size_t size() const { return size_; }

 private:
  char data_[256];
  size_t size_ = 0;
};

void english_name(Rng& rng, CellText& out) {
  out.clear();
  const double form = rng.uniform();
  if (form < 0.04) {  // "Smith, Lee & Partners"
    out.add(kEnSurnames[rng.below(count_of(kEnSurnames))]);
    out.add(", ");
    out.add(kEnSurnames[rng.below(count_of(kEnSurnames))]);
    out.add(" & ");
    out.add(kEnPartners[rng.below(count_of(kEnPartners))]);
    return;
  }
  if (form < 0.07) {  // "Miller's Outdoor" / "O'Brien Dental"
    out.add(kEnSurnames[rng.below(count_of(kEnSurnames))]);
    out.add(rng.chance(0.5) ? "'s " : " ");
    out.add(kEnSecond[rng.below(count_of(kEnSecond))]);
    return;
  }
  out.add(kEnFirst[rng.below(count_of(kEnFirst))]);
  if (form < 0.085) {  // a nickname in quotes: Falcon "Blue" Labs
    out.add(" \"");
    out.add(kEnFirst[rng.below(count_of(kEnFirst))]);
    out.add("\" ");
  } else {
    out.add(" ");
  }
  out.add(kEnSecond[rng.below(count_of(kEnSecond))]);
  const double suffix = rng.uniform();
  if (suffix < 0.38) return;
  if (suffix < 0.53) return out.add(" Inc.");
  if (suffix < 0.68) return out.add(", Inc.");
  if (suffix < 0.76) return out.add(" LLC");
  if (suffix < 0.81) return out.add(", LLC");
  if (suffix < 0.86) return out.add(" Ltd.");
  if (suffix < 0.90) return out.add(", Ltd.");
  if (suffix < 0.96) return out.add(" Group");
  out.add(" & Co.");
}

void japanese_name(Rng& rng, CellText& out) {
  out.clear();
  const char* stem = kJaStem[rng.below(count_of(kJaStem))];
  const char* trade = kJaTrade[rng.below(count_of(kJaTrade))];
  const double form = rng.uniform();
  if (form < 0.44) {
    out.add("株式会社");
    out.add(stem);
    out.add(trade);
  } else if (form < 0.80) {
    out.add(stem);
    out.add(trade);
    out.add("株式会社");
  } else if (form < 0.87) {
    out.add("合同会社");
    out.add(stem);
    out.add(trade);
  } else if (form < 0.92) {
    out.add("有限会社");
    out.add(stem);
    out.add(trade);
  } else if (form < 0.95) {
    out.add("医療法人");
    out.add(stem);
    out.add("会");
  } else if (form < 0.985) {  // a Japanese subsidiary written the Western way: comma inside
    out.add(kJaRomaji[rng.below(count_of(kJaRomaji))]);
    out.add(rng.chance(0.5) ? " Japan, Inc." : " Japan, K.K.");
  } else {  // a brand name in ASCII quotes
    out.add("株式会社");
    out.add(stem);
    out.add(" \"");
    out.add(kJaRomaji[rng.below(count_of(kJaRomaji))]);
    out.add("\"");
  }
}

// ---------------------------------------------------------------------------------------------
// Output buffer

class Writer {
 public:
  explicit Writer(std::ostream& out, bool crlf) : out_(out), crlf_(crlf) {
    buf_.reserve(kFlushAt + 4096);
  }
  ~Writer() = default;

  void raw(const char* s, size_t n) { buf_.append(s, n); }
  void raw(const char* s) { buf_.append(s, std::strlen(s)); }
  void comma() { buf_.push_back(','); }
  void end_line() {
    if (crlf_) buf_.push_back('\r');
    buf_.push_back('\n');
    if (buf_.size() >= kFlushAt) flush();
  }
  void flush() {
    out_.write(buf_.data(), static_cast<std::streamsize>(buf_.size()));
    buf_.clear();
  }

  // A text field, quoted per RFC 4180 when it holds a separator, a quote or a line break.
  void text(const char* s, size_t n) {
    bool quote = false;
    for (size_t i = 0; i < n && !quote; ++i) {
      const char c = s[i];
      quote = c == ',' || c == '"' || c == '\r' || c == '\n';
    }
    if (!quote) return raw(s, n);
    buf_.push_back('"');
    for (size_t i = 0; i < n; ++i) {
      if (s[i] == '"') buf_.push_back('"');
      buf_.push_back(s[i]);
    }
    buf_.push_back('"');
  }
  void text(const char* s) { text(s, std::strlen(s)); }

  // An integer, optionally with thousands separators (then quoted, as Excel writes it).
  void integer(int64_t v, bool grouped = false) {
    char tmp[32];
    int n = 0;
    const bool negative = v < 0;
    uint64_t u = negative ? static_cast<uint64_t>(-(v + 1)) + 1 : static_cast<uint64_t>(v);
    int digits = 0;
    do {
      if (grouped && digits > 0 && digits % 3 == 0) tmp[n++] = ',';
      tmp[n++] = static_cast<char>('0' + u % 10);
      u /= 10;
      ++digits;
    } while (u != 0);
    if (negative) tmp[n++] = '-';
    const bool quote = grouped && digits > 3;
    if (quote) buf_.push_back('"');
    while (n > 0) buf_.push_back(tmp[--n]);
    if (quote) buf_.push_back('"');
  }

  // scaled / 10^decimals with exactly `decimals` decimals (scaled is already rounded).
  void fixed(int64_t scaled, int decimals) {
    if (decimals == 0) return integer(scaled);
    int64_t pow10 = 1;
    for (int i = 0; i < decimals; ++i) pow10 *= 10;
    if (scaled < 0) {
      buf_.push_back('-');
      scaled = -scaled;
    }
    integer(scaled / pow10);
    buf_.push_back('.');
    int64_t frac = scaled % pow10;
    char tmp[20];
    for (int i = decimals - 1; i >= 0; --i) {
      tmp[i] = static_cast<char>('0' + frac % 10);
      frac /= 10;
    }
    buf_.append(tmp, static_cast<size_t>(decimals));
  }

 private:
  static constexpr size_t kFlushAt = 1 << 20;
  std::ostream& out_;
  bool crlf_;
  std::string buf_;
};

// ---------------------------------------------------------------------------------------------
// One customer

struct Row {
  Plan plan = kStarter;
  int64_t arr_usd = 0, seats = 0, active = 0;
  int64_t logins_x100 = 0;  // logins per active user per day, hundredths
  int64_t key_feature = 0;
  int64_t adoption_x10 = 0;  // percent, tenths
  int64_t days_since_login = 0;
  int64_t usage_prev = 0, usage_this = 0;
  int64_t tickets = 0, severe = 0, meetings = 0;
  bool seminar = false;
  int64_t faq = 0;
  bool onboarding = false;
  int64_t nps = 0, csat = 0, ces = 0, goal = 0, community = 0;
  int64_t open_rate_x10 = 0;  // percent, tenths
  int64_t months_left = 0;
  bool sponsor = false;
  int64_t tenure = 0;
  bool churned = false;
  // 0: present; otherwise the missing token (1 empty, 2 NA, 3 -, 4 N/A, 5 #N/A).
  uint8_t missing[kColumnCount] = {};
};

void generate_row(Rng& rng, Row& r) {
  // Plan mix: half Starter, a third Pro, the rest Enterprise.
  const double plan_u = rng.uniform();
  r.plan = plan_u < 0.50 ? kStarter : (plan_u < 0.85 ? kPro : kEnterprise);
  const double plan_shift[] = {-0.10, 0.0, 0.15};
  const double h = normal(rng) + plan_shift[r.plan];  // latent health
  const double a = 0.7 * h + 0.71 * normal(rng);      // adoption latent
  const double s = 0.6 * h + 0.8 * normal(rng);       // sentiment latent
  const bool dormant = rng.chance(h < -1.0 ? 0.06 : 0.015);
  const bool shallow = !dormant && rng.chance(0.08);  // logs in a lot, key feature barely used

  // Tenure (months as a customer) and contract.
  const double tenure_mean[] = {18.0, 24.0, 34.0};
  r.tenure = 1 + static_cast<int64_t>(std::floor(exponential(rng, tenure_mean[r.plan])));
  if (r.tenure > 120) r.tenure = 120;
  const bool multi_year = r.plan == kEnterprise ? rng.chance(0.3) : rng.chance(0.04);
  r.months_left = static_cast<int64_t>(std::floor(rng.uniform() * (multi_year ? 36.0 : 12.0)));

  // Size and revenue: seats lognormal by plan, ARR = seats x list price x discount (+ platform).
  const double seat_median[] = {7.0, 38.0, 220.0};
  const double seat_sigma[] = {0.55, 0.6, 0.75};
  const int64_t seat_min[] = {1, 5, 25};
  const int64_t seat_max[] = {30, 300, 8000};
  r.seats = round_i(lognormal(rng, seat_median[r.plan], seat_sigma[r.plan]));
  r.seats = r.seats < seat_min[r.plan] ? seat_min[r.plan] : r.seats;
  r.seats = r.seats > seat_max[r.plan] ? seat_max[r.plan] : r.seats;
  const double seat_price[] = {420.0, 780.0, 1150.0};
  const double platform_fee[] = {0.0, 2400.0, 15000.0};
  const double arr = static_cast<double>(r.seats) * seat_price[r.plan] * lognormal(rng, 1.0, 0.2) +
                     platform_fee[r.plan];
  r.arr_usd = round_i(arr / 10.0) * 10;

  // Utilisation and activity.
  double util = proportion(rng, 0.5 + 0.8 * a, 0.35);
  if (dormant) util *= 0.08;
  r.active = round_i(static_cast<double>(r.seats) * util);
  if (r.active > r.seats) r.active = r.seats;
  if (r.active < 0) r.active = 0;
  double logins = lognormal(rng, 0.7 * det_exp(0.45 * h + 0.1 * a), 0.45);
  if (shallow) logins *= 1.5;
  if (dormant) logins *= 0.05;
  if (r.active == 0) logins = 0.0;
  logins = clampd(logins, 0.0, 12.0);
  r.logins_x100 = round_i(logins * 100.0);
  const double logins_shown = static_cast<double>(r.logins_x100) / 100.0;

  double key_share = logistic(-2.2 + 0.9 * a);  // share of sessions that use the key feature
  if (shallow) key_share *= 0.06;
  r.key_feature = poisson(rng, static_cast<double>(r.active) * 30.0 * logins_shown * key_share);

  double adoption = proportion(rng, -0.1 + 0.9 * a, 0.35);
  if (shallow) adoption *= 0.5;
  if (dormant) adoption *= 0.3;
  r.adoption_x10 = round_i(adoption * 1000.0);

  const double sessions_per_day = static_cast<double>(r.active) * logins_shown;
  if (dormant) {
    r.days_since_login = 15 + static_cast<int64_t>(std::floor(exponential(rng, 40.0)));
  } else {
    r.days_since_login =
        static_cast<int64_t>(std::floor(exponential(rng, 0.3 + 2.0 / (sessions_per_day + 0.1))));
  }
  if (r.days_since_login > 365) r.days_since_login = 365;

  // Monthly usage (actions): last month and this month, with a health-driven trend.
  const double base_usage = (sessions_per_day + 0.2) * 30.0 * 4.0 * lognormal(rng, 1.0, 0.25);
  double trend = 0.03 + 0.10 * h + 0.12 * normal(rng);
  if (dormant) trend -= 0.8;
  if (r.tenure <= 1) {  // new customers: no usage last month
    r.usage_prev = 0;
    r.usage_this = round_i(base_usage);
  } else {
    r.usage_prev = round_i(base_usage);
    r.usage_this = round_i(base_usage * det_exp(trend));
  }
  const double usage_change = r.usage_prev > 0 ? static_cast<double>(r.usage_this - r.usage_prev) /
                                                     static_cast<double>(r.usage_prev)
                                               : 0.0;

  // Support.
  r.tickets = poisson(rng, (0.4 + 0.25 * std::sqrt(static_cast<double>(r.active))) *
                               det_exp(-0.3 * s + (r.tenure <= 3 ? 0.4 : 0.0)));
  r.severe = binomial(rng, r.tickets, logistic(-2.0 - 0.7 * h));

  // Touch points.
  const double meeting_base[] = {0.4, 1.8, 4.5};
  r.meetings = poisson(rng, meeting_base[r.plan] * det_exp(0.35 * h));
  r.seminar = rng.chance(logistic(-1.0 + 0.6 * a + (r.plan == kEnterprise ? 0.3 : 0.0)));
  if (shallow) {
    r.onboarding = rng.chance(0.35);
  } else {
    r.onboarding = rng.chance(logistic(1.4 + 0.9 * a +
                                       0.08 * static_cast<double>(r.tenure < 12 ? r.tenure : 12) -
                                       (r.tenure <= 2 ? 1.5 : 0.0)));
  }
  r.faq = poisson(rng, (1.0 + 0.3 * std::sqrt(static_cast<double>(r.active))) *
                           det_exp(0.2 * a + (r.onboarding ? 0.0 : 0.3)));

  // Surveys.
  r.nps = round_i(clampd(7.2 + 1.6 * s + 0.6 * normal(rng), 0.0, 10.0));
  r.csat = round_i(clampd(4.0 + 0.55 * s + 0.5 * normal(rng), 1.0, 5.0));
  r.ces = round_i(clampd(3.0 - 0.8 * s + 0.8 * normal(rng), 1.0, 7.0));
  r.goal = round_i(clampd(65.0 + 18.0 * h + 12.0 * normal(rng), 0.0, 130.0));
  r.community = poisson(
      rng, 0.6 * det_exp(0.5 * a) * (1.0 + 0.15 * std::sqrt(static_cast<double>(r.active))));
  r.open_rate_x10 = round_i(proportion(rng, -0.6 + 0.5 * s, 0.4) * 1000.0);
  const double sponsor_base[] = {-1.7, -0.4, 1.0};
  r.sponsor = rng.chance(logistic(sponsor_base[r.plan] + 0.5 * h));

  // The hidden churn process (true values, before cells go missing).
  const double util_true =
      r.seats > 0 ? static_cast<double>(r.active) / static_cast<double>(r.seats) : 0.0;
  double logit = -2.7;
  logit -= 0.45 * h;
  logit -= 1.4 * (util_true - 0.6);
  logit -= 0.45 * (det_log(logins_shown + 0.05) - det_log(0.75));
  logit -= 1.3 * clampd(usage_change, -1.0, 1.0);
  logit += r.days_since_login >= 14 ? 1.0 : 0.0;
  logit -= 0.16 * static_cast<double>(r.nps - 7);
  logit += 0.4 * static_cast<double>(r.severe < 2 ? r.severe : 2);
  logit -= r.sponsor ? 0.5 : 0.0;
  logit += r.onboarding ? 0.0 : 0.6;
  logit += shallow ? 0.4 : 0.0;
  logit += r.months_left <= 2 ? 0.5 : (r.months_left >= 12 ? -1.5 : 0.0);
  logit += r.tenure <= 6 ? 0.3 : 0.0;
  logit += r.plan == kStarter ? 0.3 : (r.plan == kEnterprise ? -0.3 : 0.0);
  r.churned = rng.chance(logistic(logit));

  // Missing cells: a fixed number of draws per row. Unhappy customers skip surveys more often;
  // small customers rarely have a success plan with goals.
  for (int c = 0; c < kColumnCount; ++c) {
    double p = kMissingRate[c];
    if (c == kNps || c == kCsat || c == kCes) p *= det_exp(-0.35 * s);
    if (c == kGoal) p *= r.plan == kStarter ? 1.8 : (r.plan == kPro ? 0.6 : 0.2);
    if (c == kUsagePrev && r.tenure <= 1) p = 0.0;
    const double u = rng.uniform();
    const double kind = rng.uniform();
    if (u >= p) {
      r.missing[c] = 0;
    } else {
      r.missing[c] =
          kind < 0.84 ? 1 : (kind < 0.92 ? 2 : (kind < 0.97 ? 3 : (kind < 0.99 ? 4 : 5)));
    }
  }
}

void write_missing(Writer& w, uint8_t kind) {
  static const char* const kTokens[] = {"", "", "NA", "-", "N/A", "#N/A"};
  w.raw(kTokens[kind]);
}

// Turns a customer into the same customer a month earlier. The month's course d comes from the
// usage change this month (usage_prev → usage_this) plus noise; values move back against it.
void rewind_month(Rng& rng, Row& r) {
  const double d = clampd(det_log((static_cast<double>(r.usage_this) + 20.0) /
                                  (static_cast<double>(r.usage_prev) + 20.0)) +
                              0.15 * normal(rng),
                          -1.5, 1.0);
  auto scaled = [](int64_t v, double f) { return round_i(static_cast<double>(v) * f); };
  const double back = det_exp(-d);  // > 1 for a customer whose usage fell
  r.active = scaled(r.active, det_exp(-0.3 * d));
  if (r.active > r.seats) r.active = r.seats;
  r.logins_x100 = scaled(r.logins_x100, det_exp(-0.5 * d + 0.08 * normal(rng)));
  if (r.logins_x100 > 1200) r.logins_x100 = 1200;
  r.key_feature = scaled(r.key_feature, det_exp(-0.6 * d + 0.1 * normal(rng)));
  r.adoption_x10 = scaled(r.adoption_x10, det_exp(-0.3 * d));
  if (r.adoption_x10 > 1000) r.adoption_x10 = 1000;
  r.days_since_login = d < -0.4 ? r.days_since_login / 4 : scaled(r.days_since_login, back);
  if (r.days_since_login > 365) r.days_since_login = 365;
  // Last month's "this month" was this month's "last month".
  r.usage_this = r.usage_prev;
  r.usage_prev = scaled(r.usage_prev, det_exp(-0.03 - 0.12 * normal(rng)));
  r.tickets = scaled(r.tickets, det_exp(0.4 * d));
  if (r.severe > r.tickets) r.severe = r.tickets;
  r.nps = round_i(clampd(static_cast<double>(r.nps) - 1.5 * d + 0.7 * normal(rng), 0.0, 10.0));
  r.csat = round_i(clampd(static_cast<double>(r.csat) - 0.5 * d + 0.3 * normal(rng), 1.0, 5.0));
  r.ces = round_i(clampd(static_cast<double>(r.ces) + 0.6 * d + 0.4 * normal(rng), 1.0, 7.0));
  r.goal = round_i(clampd(static_cast<double>(r.goal) - 8.0 * d + 5.0 * normal(rng), 0.0, 130.0));
  if (r.months_left < 35) r.months_left += 1;
  r.tenure -= 1;
}

void write_row(Writer& w, const Row& r, uint64_t index, const CellText& name, bool ja) {
  static const char* const kPlanEn[] = {"Starter", "Pro", "Enterprise"};
  static const char* const kPlanJa[] = {"スターター", "プロ", "エンタープライズ"};
  // Account id: C followed by at least six digits.
  char id[32];
  int n = 0;
  uint64_t v = index + 1;
  char digits[24];
  int nd = 0;
  do {
    digits[nd++] = static_cast<char>('0' + v % 10);
    v /= 10;
  } while (v != 0);
  id[n++] = 'C';
  for (int i = nd; i < 6; ++i) id[n++] = '0';
  while (nd > 0) id[n++] = digits[--nd];
  w.raw(id, static_cast<size_t>(n));

  auto sep = [&](int col) {
    w.comma();
    if (r.missing[col] == 0) return true;
    write_missing(w, r.missing[col]);
    return false;
  };
  auto yes_no = [&](bool value, const char* yes_ja, const char* no_ja) {
    w.raw(ja ? (value ? yes_ja : no_ja) : (value ? "yes" : "no"));
  };

  w.comma();
  w.text(name.data(), name.size());
  w.comma();
  w.raw(ja ? kPlanJa[r.plan] : kPlanEn[r.plan]);
  w.comma();
  if (ja) {
    w.integer(round_i(static_cast<double>(r.arr_usd) * 0.15) * 1000, true);  // yen, 1,000s
  } else {
    w.integer(r.arr_usd);
  }
  w.comma();
  w.integer(r.seats);
  if (sep(kActive)) w.integer(r.active);
  if (sep(kLogins)) w.fixed(r.logins_x100, 2);
  if (sep(kKeyFeature)) w.integer(r.key_feature);
  if (sep(kAdoption)) w.fixed(r.adoption_x10, 1);
  if (sep(kDaysSinceLogin)) w.integer(r.days_since_login);
  if (sep(kUsagePrev)) w.integer(r.usage_prev);
  if (sep(kUsageThis)) w.integer(r.usage_this);
  w.comma();
  w.integer(r.tickets);
  w.comma();
  w.integer(r.severe);
  if (sep(kMeetings)) w.integer(r.meetings);
  if (sep(kSeminar)) yes_no(r.seminar, "はい", "いいえ");
  if (sep(kFaq)) w.integer(r.faq);
  if (sep(kOnboarding)) yes_no(r.onboarding, "済", "未");
  if (sep(kNps)) w.integer(r.nps);
  if (sep(kCsat)) w.integer(r.csat);
  if (sep(kCes)) w.integer(r.ces);
  if (sep(kGoal)) {
    w.integer(r.goal);
    if (ja) w.raw("%");
  }
  if (sep(kCommunity)) w.integer(r.community);
  if (sep(kOpenRate)) w.fixed(r.open_rate_x10, 1);
  if (sep(kMonthsLeft)) w.integer(r.months_left);
  if (sep(kSponsor)) yes_no(r.sponsor, "○", "×");
  w.comma();
  w.integer(r.tenure);
  w.comma();
  w.raw(r.churned ? "1" : "0");
  w.end_line();
}

}  // namespace

std::vector<std::string> generated_columns(bool japanese_headers) {
  const char* const* names = japanese_headers ? kJapaneseHeaders : kEnglishHeaders;
  return std::vector<std::string>(names, names + kColumnCount);
}

void generate_customers(const GenerateOptions& options, std::ostream& out) {
  const bool ja = options.japanese_headers;
  Writer w(out, options.crlf);
  const char* const* headers = ja ? kJapaneseHeaders : kEnglishHeaders;
  for (int c = 0; c < kColumnCount; ++c) {
    if (c > 0) w.comma();
    w.text(headers[c]);
  }
  w.end_line();

  // Two independent streams: the numbers (the same in both languages) and the names.
  uint64_t sm = options.seed;
  Rng values(splitmix64(sm));
  Rng names(splitmix64(sm) ^ 0x6B656E6B6F6E616DULL);
  Rng earlier(splitmix64(sm) ^ 0x70726576696F7573ULL);
  Row row;
  CellText name;
  for (uint64_t i = 0; i < options.rows; ++i) {
    generate_row(values, row);
    if (ja) {
      japanese_name(names, name);
    } else {
      english_name(names, name);
    }
    if (options.month_earlier) {
      rewind_month(earlier, row);
      if (row.tenure < 1) continue;  // not yet a customer a month ago
    }
    write_row(w, row, i, name, ja);
  }
  w.flush();
}

}  // namespace kenko
