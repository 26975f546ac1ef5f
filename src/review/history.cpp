#include "review/history.h"

#include <algorithm>
#include <cmath>
#include <limits>
#include <map>

#include "base/error.h"
#include "base/text.h"
#include "read/cell.h"
#include "review/stats.h"
#include "review/trends.h"

namespace kenko {

namespace {

PeriodStats period_stats(const Model& model, const HistorySnapshot& s) {
  PeriodStats p;
  p.label = s.label;
  const Results& res = *s.results;
  p.customers = res.rows;
  p.per_segment.assign(model.segments.size() + 2, 0);
  double sum = 0;
  for (size_t r = 0; r < res.rows; ++r) {
    p.per_segment[summary_segment_slot(model, res.segment[r])]++;
    if (std::isnan(res.score[r])) continue;
    sum += res.score[r];
    p.scored++;
  }
  if (p.scored) p.mean = sum / static_cast<double>(p.scored);
  if (!model.value_column.empty()) {
    p.value.assign(p.per_segment.size(), 0.0);
    const std::vector<double> values = customer_values(model, *s.table);
    for (size_t r = 0; r < res.rows; ++r) {
      if (!std::isnan(values[r])) p.value[summary_segment_slot(model, res.segment[r])] += values[r];
    }
  }
  return p;
}

// join_by_id, its duplicate-id error naming the snapshots.
std::vector<int32_t> join(const Model& model, const HistorySnapshot& now,
                          const HistorySnapshot& then) {
  try {
    return join_by_id(model, *now.table, *then.table);
  } catch (const Error& e) {
    throw Error("snapshots '" + then.label + "' and '" + now.label + "': " + e.what());
  }
}

bool is_digit(char c) {
  return c >= '0' && c <= '9';
}

// Digits at `at` (at most `most`), as a number; `at` moves past them.
int digits(std::string_view s, size_t& at, size_t least, size_t most) {
  size_t n = 0;
  int v = 0;
  while (at < s.size() && n < most && is_digit(s[at])) {
    v = v * 10 + (s[at] - '0');
    ++at;
    ++n;
  }
  return n >= least ? v : -1;
}

std::string two(int v) {
  return std::string(1, static_cast<char>('0' + v / 10)) + static_cast<char>('0' + v % 10);
}

}  // namespace

std::optional<std::string> normalize_date(std::string_view text) {
  std::string_view t = trim(text);
  const size_t cut = t.find_first_of(" T");
  if (cut != std::string_view::npos) t = t.substr(0, cut);
  // 年 月 日 (UTF-8) read as separators.
  std::string s;
  for (size_t i = 0; i < t.size();) {
    if (t.compare(i, 3, "\xe5\xb9\xb4") == 0 || t.compare(i, 3, "\xe6\x9c\x88") == 0) {
      s += '-';
      i += 3;
    } else if (t.compare(i, 3, "\xe6\x97\xa5") == 0) {
      i += 3;
    } else {
      s += t[i++];
    }
  }
  if (!s.empty() && s.back() == '-') s.pop_back();
  size_t at = 0;
  const int y = digits(s, at, 4, 4);
  if (y < 0 || at >= s.size()) return std::nullopt;
  const char sep = s[at];
  if (sep != '-' && sep != '/' && sep != '.') return std::nullopt;
  ++at;
  const int m = digits(s, at, 1, 2);
  if (m < 1 || m > 12) return std::nullopt;
  if (at == s.size()) return std::to_string(y) + "-" + two(m);
  if (s[at] != sep) return std::nullopt;
  ++at;
  const int d = digits(s, at, 1, 2);
  if (d < 1 || d > 31 || at != s.size()) return std::nullopt;
  return std::to_string(y) + "-" + two(m) + "-" + two(d);
}

std::optional<std::string> date_in_name(std::string_view name) {
  const size_t size = name.size();
  for (size_t i = 0; i + 6 <= size; ++i) {
    if (i > 0 && is_digit(name[i - 1])) continue;
    size_t at = i;
    const int y = digits(name, at, 4, 4);
    if (y < 1900 || y > 2099) continue;
    char sep = 0;
    if (at < size && (name[at] == '-' || name[at] == '_' || name[at] == '.')) sep = name[at++];
    const int m = digits(name, at, 2, 2);
    if (m < 1 || m > 12) continue;
    std::string out = std::to_string(y) + "-" + two(m);
    size_t e = at;
    if (!sep || (e < size && name[e] == sep)) {
      if (sep) ++e;
      const int d = digits(name, e, 2, 2);
      if (d >= 1 && d <= 31 && (e == size || !is_digit(name[e]))) {
        out += "-" + two(d);
        at = e;
      }
    }
    if (at < size && is_digit(name[at])) continue;  // more digits: not a date
    return out;
  }
  return std::nullopt;
}

std::vector<std::pair<std::string, std::vector<uint32_t>>> rows_by_date(const Table& table,
                                                                        std::string_view column) {
  const Column* c = table.column(column);
  if (!c || !c->needs.text) {
    throw Error("the date column '" + std::string(column) + "' was not read (keep it as text)");
  }
  std::map<std::string, std::vector<uint32_t>> by;
  for (size_t r = 0; r < table.rows(); ++r) {
    std::optional<std::string> date = normalize_date(c->text(r));
    if (!date) {
      throw Error("row " + std::to_string(table.file_rows[r]) + ", column '" + std::string(column) +
                  "': '" + std::string(c->text(r)) +
                  "' is not a date (YYYY-MM-DD, YYYY/MM/DD or YYYY-MM)");
    }
    by[*date].push_back(static_cast<uint32_t>(r));
  }
  return {by.begin(), by.end()};
}

History compute_history(const Model& model, const std::vector<HistorySnapshot>& snaps,
                        const HistoryOptions& options) {
  constexpr double kNaN = std::numeric_limits<double>::quiet_NaN();
  if (snaps.size() < 2) throw Error("a history needs at least 2 snapshots");
  if (options.streak < 1) throw Error("the streak is at least 1 period");
  if (!(options.min_drop >= 0) || !std::isfinite(options.min_drop)) {
    throw Error("the minimum drop is a number, 0 or more");
  }
  History h;
  h.options = options;
  const size_t P = snaps.size();
  const HistorySnapshot& latest = snaps.back();
  const size_t n = latest.table->rows();
  h.rows = n;
  for (const HistorySnapshot& s : snaps) h.periods.push_back(period_stats(model, s));
  h.score.assign(P * n, kNaN);
  h.segment.assign(P * n, kSegmentAbsent);
  for (size_t p = 0; p < P; ++p) {
    const std::vector<int32_t> row =
        p + 1 == P ? std::vector<int32_t>() : join(model, latest, snaps[p]);
    for (size_t r = 0; r < n; ++r) {
      const int32_t q = p + 1 == P ? static_cast<int32_t>(r) : row[r];
      if (q == kNotInPrevious) continue;
      h.score[p * n + r] = snaps[p].results->score[static_cast<size_t>(q)];
      h.segment[p * n + r] = snaps[p].results->segment[static_cast<size_t>(q)];
    }
  }
  h.streak.assign(n, 0);
  for (size_t r = 0; r < n; ++r) {
    uint32_t k = 0;
    for (size_t p = P - 1; p >= 1; --p) {
      const double change = h.score[p * n + r] - h.score[(p - 1) * n + r];
      if (!(change < 0) || -change < options.min_drop) break;  // NaN: absent or unscored
      ++k;
    }
    h.streak[r] = k;
    if (k >= options.streak) h.deteriorating++;
  }
  const size_t width = model.segments.size() + 3, absent = width - 1;
  for (size_t p = 1; p < P; ++p) {
    SegmentFlow f;
    f.width = width;
    f.counts.assign(width * width, 0);
    const std::vector<int32_t> before = join(model, snaps[p], snaps[p - 1]);
    std::vector<uint8_t> seen(snaps[p - 1].table->rows(), 0);
    const Results& now = *snaps[p].results;
    const Results& then = *snaps[p - 1].results;
    for (size_t r = 0; r < before.size(); ++r) {
      const size_t to = summary_segment_slot(model, now.segment[r]);
      size_t from = absent;
      if (before[r] != kNotInPrevious) {
        seen[static_cast<size_t>(before[r])] = 1;
        from = summary_segment_slot(model, then.segment[static_cast<size_t>(before[r])]);
      }
      f.counts[from * width + to]++;
    }
    for (size_t q = 0; q < seen.size(); ++q) {
      if (!seen[q]) f.counts[summary_segment_slot(model, then.segment[q]) * width + absent]++;
    }
    h.flows.push_back(std::move(f));
  }
  return h;
}

}  // namespace kenko
