// The model compiled to one SELECT (sql.h). How the query is laid out, and why its doubles are
// the engine's (docs/SQL.md, "Exactness"):
// - Every value is a named column computed from earlier ones (a small expression graph). A
//   column's stage is one more than the latest stage it reads; each stage is one CTE that
//   computes its columns and carries forward only those a later stage still reads. So every
//   expression is computed once per row (PostgreSQL and SQLite get a fence that keeps a CTE
//   from being merged into the next, which would copy its expressions into every use).
// - Each formula is the engine's operation for operation, in its order, on IEEE doubles:
//   constants the engine computes from the model alone (a band's sub-score, to − from, a
//   weight sum of indicators that always count, full-model shares) are computed here by the
//   same functions (score/rules.h, score/scoring.h) and written as exact literals; sums are
//   written left to right in model order, parenthesised; every literal is a double.
// - Percentile ranks are counted as the engine counts them, over the distinct values: a CTE of
//   their own groups the table by the value (E), a window over the distinct values only adds
//   up L and N (exact integers), and the chain looks each customer's value up (LEFT JOIN); −0
//   is made +0 first, as the engine's ranks treat them as one value.
// - Two decimals are rounded from the exact double as printf's %.2f does: p = |x| × 100 is
//   rounded to the nearest whole number, and when p lies exactly halfway the exact error of
//   the product (Dekker's two-product, exact in doubles) says which side the true value is on;
//   an exact tie goes to the even number.
#include <algorithm>
#include <cmath>
#include <limits>
#include <map>
#include <set>

#include "base/error.h"
#include "read/cell.h"
#include "score/rules.h"
#include "score/scoring.h"
#include "score/subscores.h"
#include "sql/sql.h"
#include "sql/sql_text.h"

namespace kenko {

namespace {

// ---- Expressions -------------------------------------------------------------------------

struct Expr {
  std::string sql;
  std::vector<std::string> deps;  // the named columns it reads
};

Expr ref(const std::string& name) {
  return {name, {name}};
}

Expr text(std::string sql) {
  return {std::move(sql), {}};
}

// Concatenates the SQL of the parts (strings between them as given), collecting their deps.
struct Builder {
  Expr e;
  Builder& operator<<(const std::string& s) {
    e.sql += s;
    return *this;
  }
  Builder& operator<<(const char* s) {
    e.sql += s;
    return *this;
  }
  Builder& operator<<(const Expr& x) {
    e.sql += x.sql;
    e.deps.insert(e.deps.end(), x.deps.begin(), x.deps.end());
    return *this;
  }
  Expr done() { return std::move(e); }
};

Expr binary(const Expr& a, const char* op, const Expr& b) {
  return (Builder() << "(" << a << " " << op << " " << b << ")").done();
}

// a + b + ... left to right (the engine's order), or `zero` for none.
Expr sum(const std::vector<Expr>& terms, const Expr& zero) {
  if (terms.empty()) return zero;
  Expr out = terms[0];
  for (size_t t = 1; t < terms.size(); ++t) out = binary(out, "+", terms[t]);
  return out;
}

// ---- The expression graph, written as a chain of CTEs -------------------------------------

// Whether c can be part of a name (the compiler's names are [a-z0-9_]).
bool name_char(char c) {
  return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c == '_';
}

class Plan {
 public:
  Plan(SqlDialect d, std::string cte_prefix, std::string from)
      : d_(d), prefix_(std::move(cte_prefix)), from_(std::move(from)) {}

  const std::string& prefix() const { return prefix_; }
  const std::string& from() const { return from_; }

  // A column the FROM source already has.
  void input(const std::string& name) { columns_[name] = {0, text(name), {}}; }
  // Declares column `name` = e; returns a reference to it.
  Expr add(const std::string& name, Expr e) {
    int stage = 1;
    for (const std::string& dep : e.deps) stage = std::max(stage, at(dep).stage + 1);
    columns_[name] = {stage, std::move(e), {}};
    order_.push_back(name);
    return ref(name);
  }
  // A CTE of its own (written before the chain), which reads the FROM source itself.
  void side(const std::string& name, const std::string& select) {
    sides_.push_back({name, select});
  }
  // Column `name` = side.column of the side CTE's row whose `side_key` equals column `key`
  // (NULL when none): a LEFT JOIN in the stage that computes it.
  Expr lookup(const std::string& name, const std::string& side, const std::string& side_key,
              const std::string& column, const Expr& key) {
    Expr e = (Builder() << side << "." << column).done();
    e.deps = key.deps;
    const Expr out = add(name, std::move(e));
    columns_[name].join = {side, side_key, key.sql};
    return out;
  }
  // Column `name`'s expression written in the FROM source's own columns (every column it reads
  // replaced by its expression): for a side CTE that computes the same value.
  std::string inlined(const std::string& name) const {
    const Column& c = at(name);
    if (c.stage == 0 || !c.join.side.empty()) throw std::logic_error("sql: cannot inline " + name);
    const std::string& sql = c.e.sql;
    std::string out;
    char quote = 0;
    for (size_t i = 0; i < sql.size();) {
      const char ch = sql[i];
      if (quote || ch == '\'' || ch == '"') {  // quoted texts and names are copied as they are
        if (!quote) {
          quote = ch;
        } else if (ch == quote) {
          quote = (i + 1 < sql.size() && sql[i + 1] == quote) ? (out += ch, ++i, quote) : 0;
        }
        out += ch;
        ++i;
        continue;
      }
      if (!name_char(ch)) {
        out += ch;
        ++i;
        continue;
      }
      size_t j = i;
      while (j < sql.size() && name_char(sql[j])) ++j;
      const std::string word = sql.substr(i, j - i);
      const bool dep = std::find(c.e.deps.begin(), c.e.deps.end(), word) != c.e.deps.end();
      out += dep ? "(" + inlined(word) + ")" : word;
      i = j;
    }
    return out;
  }

  // Appends "name AS (SELECT ...)," for the side CTEs and each stage that `outputs` need;
  // returns the name of the last CTE (whose columns include the outputs).
  std::string write(std::string& out, const std::vector<std::string>& outputs) const {
    // Liveness, and the latest stage that reads each live column.
    std::map<std::string, int> last_use;
    int stages = 0;
    for (const std::string& o : outputs) stages = std::max(stages, at(o).stage);
    std::vector<std::string> work;
    for (const std::string& o : outputs) {
      last_use[o] = stages + 1;
      work.push_back(o);
    }
    std::set<std::string> seen(outputs.begin(), outputs.end());
    std::set<std::string> sides_used;
    while (!work.empty()) {
      const std::string name = work.back();
      work.pop_back();
      const Column& c = at(name);
      if (!c.join.side.empty()) sides_used.insert(c.join.side);
      for (const std::string& dep : c.e.deps) {
        int& use = last_use[dep];
        use = std::max(use, c.stage);
        if (seen.insert(dep).second) work.push_back(dep);
      }
    }
    for (const Side& side : sides_) {
      if (sides_used.count(side.name)) out += side.name + " AS (\n  " + side.select + "\n),\n";
    }
    // Inputs first, then the columns in declaration order.
    std::vector<std::string> names;
    for (const auto& [name, c] : columns_) {
      if (c.stage == 0 && last_use.count(name)) names.push_back(name);
    }
    for (const std::string& name : order_) {
      if (last_use.count(name)) names.push_back(name);
    }
    for (int s = 1; s <= stages; ++s) {
      const std::string before = s == 1 ? from_ : prefix_ + std::to_string(s - 1);
      std::string list, joins;
      for (const std::string& name : names) {
        const Column& c = at(name);
        if (c.stage > s || last_use.at(name) <= s) continue;
        if (!list.empty()) list += ",\n    ";
        list += c.stage == s ? c.e.sql + " AS " + name : name;
        if (c.stage == s && !c.join.side.empty() &&
            joins.find(" " + c.join.side + " ") == std::string::npos) {
          joins += "\n  LEFT JOIN " + c.join.side + " ON " + c.join.side + "." + c.join.side_key +
                   " = " + before + "." + c.join.key + " ";
        }
      }
      out += prefix_ + std::to_string(s) + " AS (\n  SELECT\n    " + list + "\n  FROM " + before +
             joins + sql::fence(d_) + "\n),\n";
    }
    return prefix_ + std::to_string(stages);
  }

 private:
  struct Join {
    std::string side, side_key, key;  // LEFT JOIN side ON side.side_key = key
  };
  struct Column {
    int stage = 0;
    Expr e;
    Join join;
  };
  struct Side {
    std::string name, select;
  };
  const Column& at(const std::string& name) const {
    auto it = columns_.find(name);
    if (it == columns_.end()) throw std::logic_error("sql: no column " + name);
    return it->second;
  }

  SqlDialect d_;
  std::string prefix_, from_;
  std::map<std::string, Column> columns_;
  std::vector<std::string> order_;
  std::vector<Side> sides_;
};

// ---- The model's columns and how they are read -------------------------------------------

struct ColumnUse {
  std::string name;
  bool number = false, text = false;
  std::string number_at, text_at, first_at;  // JSON paths, for messages
};

std::string at_index(const std::string& path, size_t i) {
  return path + "[" + std::to_string(i) + "]";
}

std::vector<ColumnUse> column_uses(const Model& model) {
  std::vector<ColumnUse> out;
  auto use = [&out](const std::string& name, bool number, bool text, const std::string& path) {
    if (name.empty()) return;
    auto it =
        std::find_if(out.begin(), out.end(), [&](const ColumnUse& u) { return u.name == name; });
    if (it == out.end()) {
      out.push_back({name, false, false, "", "", path});
      it = out.end() - 1;
    }
    if (number && !it->number) {
      it->number = true;
      it->number_at = path;
    }
    if (text && !it->text) {
      it->text = true;
      it->text_at = path;
    }
  };
  use(model.id_column, false, false, "id_column");
  use(model.label_column, false, false, "label_column");
  for (size_t i = 0; i < model.indicators.size(); ++i) {
    const Indicator& ind = model.indicators[i];
    const std::string path = at_index("indicators", i);
    if (ind.rule.needs_text()) {
      use(ind.source.a, false, true, path + ".column");
    } else if (ind.source.kind == SourceKind::Column) {
      use(ind.source.a, true, false, path + ".column");
    } else {
      const std::string which = ind.source.kind == SourceKind::Ratio ? ".ratio" : ".change";
      use(ind.source.a, true, false, path + which + "[0]");
      use(ind.source.b, true, false, path + which + "[1]");
    }
  }
  auto conditions = [&use](const std::vector<Condition>& when, const std::string& path) {
    for (size_t q = 0; q < when.size(); ++q) {
      const Condition& c = when[q];
      if (c.field != Condition::Field::Column) continue;
      use(c.column, c.min || c.max, c.has_in, at_index(path + ".when", q));
    }
  };
  for (size_t g = 0; g < model.segments.size(); ++g) {
    if (!model.default_segments) conditions(model.segments[g].when, at_index("segments", g));
  }
  for (size_t a = 0; a < model.alerts.size(); ++a) {
    conditions(model.alerts[a].when, at_index("alerts", a));
  }
  if (model.outcome) use(model.outcome->column, false, false, "outcome.column");
  return out;
}

const char* dialect_title(SqlDialect d) {
  switch (d) {
    case SqlDialect::DuckDB:
      return "DuckDB";
    case SqlDialect::Postgres:
      return "PostgreSQL";
    case SqlDialect::SQLite:
      break;
  }
  return "SQLite";
}

// Names the dialect cannot hold: PostgreSQL cuts identifiers at 63 bytes; DuckDB and SQLite do
// not tell apart input columns that differ only in ASCII case.
void check_names(const std::vector<ColumnUse>& uses, SqlDialect d,
                 const std::vector<std::pair<std::string, std::string>>& outputs) {
  const std::string cannot =
      std::string(", so this model cannot be compiled for ") + sql_dialect_name(d);
  if (d == SqlDialect::Postgres) {
    constexpr size_t kMaxIdentifier = 63;
    for (const ColumnUse& u : uses) {
      if (u.name.size() > kMaxIdentifier) {
        throw Error(u.first_at + ": the column name '" + u.name + "' is " +
                    std::to_string(u.name.size()) +
                    " bytes long; PostgreSQL cuts identifiers at 63 bytes" + cannot);
      }
    }
    for (const auto& [name, path] : outputs) {
      if (name.size() > kMaxIdentifier) {
        throw Error(path + ": the output column '" + name + "' is " + std::to_string(name.size()) +
                    " bytes long; PostgreSQL cuts identifiers at 63 bytes" + cannot +
                    " (give it a shorter id)");
      }
    }
    return;
  }
  std::map<std::string, const ColumnUse*> folded;
  for (const ColumnUse& u : uses) {
    // ASCII lower-casing, as DuckDB and SQLite compare identifiers.
    auto [it, fresh] = folded.emplace(ascii_lower(u.name), &u);
    if (!fresh) {
      throw Error(u.first_at + ": the columns '" + it->second->name + "' and '" + u.name +
                  "' differ only in case, which " + dialect_title(d) + " does not tell apart" +
                  cannot);
    }
  }
}

// greatest(a, b, ...) (SQLite: the scalar max); one value is itself (SQLite's max(x) of one
// argument would be the aggregate).
Expr sql_greatest(SqlDialect d, const std::vector<Expr>& values) {
  if (values.size() == 1) return values[0];
  Builder b;
  b << (d == SqlDialect::SQLite ? "max(" : "greatest(");
  for (size_t i = 0; i < values.size(); ++i) b << (i ? ", " : "") << values[i];
  b << ")";
  return b.done();
}

// ---- One snapshot scored -----------------------------------------------------------------

struct Snapshot {
  std::string id, key, score, segment, coverage, drivers, alerts;
  std::vector<std::string> dims, shown, contribution;
};

class SnapshotBuilder {
 public:
  SnapshotBuilder(const Model& model, const std::vector<ColumnUse>& uses, SqlDialect d, Plan& p,
                  const std::string& pre)
      : m_(model), uses_(uses), d_(d), p_(p), pre_(pre), w_(Weights::of(model)) {}

  Snapshot build(bool trend) {
    Snapshot out;
    read_columns(out, trend);
    indicator_values();
    subscores(out);
    scores(out);
    segment(out);
    alerts(out);
    drivers(out);
    if (trend) contributions(out);
    return out;
  }

 private:
  std::string name(const char* kind, size_t i) const {
    return pre_ + "_" + kind + std::to_string(i);
  }
  std::string name(const char* kind) const { return pre_ + "_" + kind; }
  Expr lit(double v) const { return text(sql::number(d_, v)); }
  Expr str(const std::string& s, const std::string& what) const {
    return text(sql::quote_text(s, what));
  }
  Expr column(const std::string& column_name, const std::string& what) const {
    return text(sql::quote_ident(column_name, what));
  }
  // The texts kenko reads as missing, as an IN list.
  std::string missing_list() const {
    std::string out = "(";
    for (std::string_view t : kMissingCellTexts) {
      if (out.size() > 1) out += ", ";
      out += sql::quote_text(t, "");
    }
    return out + ")";
  }
  size_t use_index(const std::string& column_name) const {
    for (size_t j = 0; j < uses_.size(); ++j) {
      if (uses_[j].name == column_name) return j;
    }
    throw std::logic_error("sql: no column use " + column_name);
  }

  // Stage 1–2: each column the model reads, as a valid number (NULL when missing, NaN or
  // infinite) or as trimmed, ASCII-lower-cased text (NULL when missing or one of kenko's
  // missing texts); the id as it is, and trimmed for joining snapshots.
  void read_columns(Snapshot& out, bool trend) {
    const std::string id_what = "id_column";
    out.id = p_.add(name("id"), column(m_.id_column, id_what)).sql;
    if (trend) {
      const Expr t =
          p_.add(name("idt"), text(sql::trim(d_, "CAST(" + sql::quote_ident(m_.id_column, id_what) +
                                                     " AS " + sql::text_type(d_) + ")")));
      out.key = p_.add(name("key"), (Builder() << "CASE WHEN " << t << " IN " << missing_list()
                                               << " THEN NULL ELSE " << t << " END")
                                        .done())
                    .sql;
    }
    const double max = std::numeric_limits<double>::max();
    for (size_t j = 0; j < uses_.size(); ++j) {
      const ColumnUse& u = uses_[j];
      const Expr raw = column(u.name, u.first_at);
      if (u.number) {
        const Expr r =
            p_.add(name("r", j),
                   (Builder() << "CAST(" << raw << " AS " << sql::double_type(d_) << ")").done());
        const Expr n =
            p_.add(name("n", j), (Builder() << "CASE WHEN " << r << " >= " << lit(-max) << " AND "
                                            << r << " <= " << lit(max) << " THEN " << r << " END")
                                     .done());
        number_.push_back(n);
        // A numeric column read as text too (a category on NPS answers): the number's text,
        // whole numbers without decimals (9, not 9.0).
        text_.push_back(!u.text ? Expr{}
                                : p_.add(name("l", j), Expr{sql::number_text(d_, n.sql), n.deps}));
      } else {
        const Expr t =
            p_.add(name("t", j),
                   text(sql::trim(d_, "CAST(" + raw.sql + " AS " + sql::text_type(d_) + ")")));
        number_.emplace_back();
        text_.push_back(
            p_.add(name("l", j),
                   (Builder() << "CASE WHEN " << t << " IN " << missing_list() << " THEN NULL ELSE "
                              << text(sql::ascii_lower(d_, t.sql)) << " END")
                       .done()));
      }
    }
  }

  // Stage 3: each indicator's value: the number its source gives (a ratio or change NULL
  // when either is missing or the divisor is 0), or its column's text.
  void indicator_values() {
    for (size_t i = 0; i < m_.indicators.size(); ++i) {
      const Indicator& ind = m_.indicators[i];
      if (ind.rule.needs_text()) {
        x_.push_back(text_[use_index(ind.source.a)]);
        continue;
      }
      const Expr a = number_[use_index(ind.source.a)];
      Expr x = a;
      if (ind.source.kind != SourceKind::Column) {
        const Expr b = number_[use_index(ind.source.b)];
        const Expr quotient =
            ind.source.kind == SourceKind::Ratio
                ? binary(a, "/", b)
                : binary(binary(binary(a, "-", b), "/", (Builder() << "abs(" << b << ")").done()),
                         "*", lit(100.0));
        x = p_.add(name("x", i), (Builder() << "CASE WHEN " << b << " <> " << lit(0.0) << " THEN "
                                            << quotient << " END")
                                     .done());
      }
      if (ind.rule.type == RuleType::Percentile) {  // −0 and +0 are one value
        x = p_.add(name("z", i), (Builder() << "CASE WHEN " << x << " = " << lit(0.0) << " THEN "
                                            << lit(0.0) << " ELSE " << x << " END")
                                     .done());
      }
      x_.push_back(x);
    }
  }

  // The sub-score shown (NULL when the value is missing) and the one that counts.
  void subscores(Snapshot& out) {
    for (size_t i = 0; i < m_.indicators.size(); ++i) {
      const Indicator& ind = m_.indicators[i];
      const Rule& rule = ind.rule;
      const double P = rule.max_points();
      const std::string what = at_index("indicators", i);
      const Expr& x = x_[i];
      Builder s;
      switch (rule.type) {
        case RuleType::Bands: {
          s << "CASE WHEN " << x << " IS NULL THEN NULL";
          bool catch_all = false;
          for (const Band& band : rule.bands) {
            const Expr points = lit(subscore_of(band.points, P));
            if (!band.min && !band.max) {
              s << " ELSE " << points;
              catch_all = true;
              break;
            }
            s << " WHEN ";
            if (band.min) s << x << " >= " << lit(*band.min);
            if (band.min && band.max) s << " AND ";
            if (band.max) s << x << " < " << lit(*band.max);
            s << " THEN " << points;
          }
          if (!catch_all)
            s << " ELSE " << lit(subscore_of(band_points(rule, rule.bands.size()), P));
          s << " END";
          break;
        }
        case RuleType::Linear: {
          // t = (v − from) / (to − from), clamped to [0, 1] (+0 for −0), then 100 × points × t / P.
          const Expr t = p_.add(
              name("u", i), binary(binary(x, "-", lit(rule.from)), "/", lit(rule.to - rule.from)));
          s << "CASE WHEN " << t << " IS NULL THEN NULL WHEN " << t << " > " << lit(0.0)
            << " THEN CASE WHEN " << t << " < " << lit(1.0) << " THEN "
            << binary(binary(lit(100.0), "*", binary(lit(rule.points), "*", t)), "/", lit(P))
            << " ELSE " << lit(subscore_of(linear_points(rule, rule.to), P)) << " END ELSE "
            << lit(subscore_of(linear_points(rule, rule.from), P)) << " END";
          break;
        }
        case RuleType::Percentile: {
          // The ranks of the distinct values, in a CTE of their own (a GROUP BY, then a window
          // over the distinct values only, not over every customer): E = each value's count,
          // L = the counts of the values below it, N = all; joined back by the value.
          const std::string side = p_.prefix() + "_r" + std::to_string(i);
          const std::string v = p_.inlined(x.deps.at(0));
          p_.side(side,
                  "SELECT r_v, r_e, SUM(r_e) OVER (ORDER BY r_v) - r_e AS r_l, SUM(r_e) "
                  "OVER () AS r_n\n  FROM (SELECT " +
                      v + " AS r_v, COUNT(*) AS r_e FROM " + p_.from() +
                      " GROUP BY 1) kenko_g\n  WHERE r_v IS NOT NULL");
          const Expr below = p_.lookup(name("pl", i), side, "r_v", "r_l", x);
          const Expr equal = p_.lookup(name("pe", i), side, "r_v", "r_e", x);
          const Expr n = p_.lookup(name("pn", i), side, "r_v", "r_n", x);
          auto dbl = [this](const Expr& e) {
            return (Builder() << "CAST(" << e << " AS " << sql::double_type(d_) << ")").done();
          };
          // (L + E/2) / N, the counts exact integers.
          const Expr f = p_.add(
              name("f", i),
              (Builder() << "CASE WHEN " << x << " IS NULL THEN NULL ELSE "
                         << binary(binary(dbl(below), "+", binary(dbl(equal), "/", lit(2.0))), "/",
                                   dbl(n))
                         << " END")
                  .done());
          const Expr points = rule.lower_is_better
                                  ? binary(lit(rule.points), "*", binary(lit(1.0), "-", f))
                                  : binary(lit(rule.points), "*", f);
          s << "CASE WHEN " << f << " IS NULL THEN NULL ELSE "
            << binary(binary(lit(100.0), "*", points), "/", lit(P)) << " END";
          break;
        }
        case RuleType::Boolean: {
          auto words = [&what](const auto& list) {
            std::string out = "(";
            for (std::string_view w : list) {
              if (out.size() > 1) out += ", ";
              out += sql::quote_text(w, what);
            }
            return out + ")";
          };
          s << "CASE WHEN " << x << " IN " << words(kTrueWords) << " THEN "
            << lit(subscore_of(text_points(rule, kTrueWords[0]), P)) << " WHEN " << x << " IN "
            << words(kFalseWords) << " THEN "
            << lit(subscore_of(text_points(rule, kFalseWords[0]), P)) << " END";
          break;
        }
        case RuleType::Category: {
          s << "CASE WHEN " << x << " IS NULL THEN NULL";
          for (size_t e = 0; e < rule.map.size(); ++e) {
            s << " WHEN " << x << " = " << str(rule.map[e].first, what + ".rule.map") << " THEN "
              << lit(subscore_of(rule.map[e].second, P));
          }
          if (rule.else_points) s << " ELSE " << lit(subscore_of(*rule.else_points, P));
          s << " END";
          break;
        }
      }
      const Expr shown = p_.add(name("s", i), s.done());
      out.shown.push_back(shown.sql);
      shown_.push_back(shown);
      const double missing = missing_subscore(m_, ind);
      if (missing == missing) {
        counted_.push_back(
            p_.add(name("c", i), (Builder() << "CASE WHEN " << shown << " IS NULL THEN "
                                            << lit(missing) << " ELSE " << shown << " END")
                                     .done()));
        always_.push_back(true);
      } else {
        counted_.push_back(shown);
        always_.push_back(false);
      }
    }
  }

  // The largest of the values (none NULL).
  Expr greatest(const std::vector<Expr>& values) const { return sql_greatest(d_, values); }
  // The index of the first value equal to `target`.
  static Expr first_equal(const std::vector<Expr>& values, const Expr& target) {
    Builder b;
    b << "CASE";
    for (size_t i = 0; i < values.size(); ++i) {
      b << " WHEN " << values[i] << " = " << target << " THEN " << std::to_string(i);
    }
    b << " END";
    return b.done();
  }

  size_t group_of(size_t i) const {
    return m_.dimensions.empty() ? 0 : static_cast<size_t>(m_.indicators[i].dimension);
  }

  // Σ w·s and Σ w per dimension (without dimensions: one group), in model order; the
  // dimension scores; the score; coverage.
  void scores(Snapshot& out) {
    const size_t k = m_.indicators.size(), D = m_.dimensions.size(), groups = D ? D : 1;
    std::vector<std::vector<Expr>> num(groups), den(groups);
    std::vector<std::vector<double>> always_den(groups);  // a run of constant terms
    std::vector<Expr> cov;
    const std::vector<double> share = full_model_shares(m_, w_);
    for (size_t i = 0; i < k; ++i) {
      const size_t g = group_of(i);
      const Expr& c = counted_[i];
      const Expr product = binary(lit(w_.indicator[i]), "*", c);
      if (always_[i]) {
        num[g].push_back(product);
        den[g].push_back(lit(w_.indicator[i]));
      } else {
        num[g].push_back((Builder() << "CASE WHEN " << c << " IS NULL THEN " << lit(0.0) << " ELSE "
                                    << product << " END")
                             .done());
        den[g].push_back((Builder() << "CASE WHEN " << c << " IS NULL THEN " << lit(0.0) << " ELSE "
                                    << lit(w_.indicator[i]) << " END")
                             .done());
      }
      cov.push_back((Builder() << "CASE WHEN " << shown_[i] << " IS NULL THEN " << lit(0.0)
                               << " ELSE " << lit(share[i]) << " END")
                        .done());
    }
    out.coverage = p_.add(name("cov"), sum(cov, lit(0.0))).sql;
    for (size_t g = 0; g < groups; ++g) {
      den_.push_back(p_.add(name("gd", g), sum(den[g], lit(0.0))));
      const Expr n = p_.add(name("gn", g), sum(num[g], lit(0.0)));
      dim_.push_back(
          p_.add(name("dv", g), (Builder() << "CASE WHEN " << den_[g] << " > " << lit(0.0)
                                           << " THEN " << binary(n, "/", den_[g]) << " END")
                                    .done()));
    }
    if (!D) {
      score_ = dim_[0];
      out.score = score_.sql;
      return;
    }
    for (const Expr& dv : dim_) out.dims.push_back(dv.sql);
    std::vector<Expr> total, total_W;
    for (size_t g = 0; g < D; ++g) {
      const Expr W = lit(w_.dimension[g]);
      total.push_back((Builder() << "CASE WHEN " << den_[g] << " > " << lit(0.0) << " THEN "
                                 << binary(W, "*", dim_[g]) << " ELSE " << lit(0.0) << " END")
                          .done());
      total_W.push_back((Builder() << "CASE WHEN " << den_[g] << " > " << lit(0.0) << " THEN " << W
                                   << " ELSE " << lit(0.0) << " END")
                            .done());
    }
    const Expr t = p_.add(name("tt"), sum(total, lit(0.0)));
    total_W_ = p_.add(name("tw"), sum(total_W, lit(0.0)));
    score_ = p_.add(name("score"), (Builder() << "CASE WHEN " << total_W_ << " > " << lit(0.0)
                                              << " THEN " << binary(t, "/", total_W_) << " END")
                                       .done());
    out.score = score_.sql;
  }

  // A condition of a segment or alert: false (NULL) when its value is missing.
  Expr condition(const Condition& c, const std::string& what) const {
    Expr v, list;  // the value for bounds and presence; the text for `in`
    switch (c.field) {
      case Condition::Field::Score:
        v = score_;
        break;
      case Condition::Field::Dimension:
        v = dim_[static_cast<size_t>(c.index)];
        break;
      case Condition::Field::Indicator:
        v = shown_[static_cast<size_t>(c.index)];
        break;
      case Condition::Field::Column: {
        const size_t j = use_index(c.column);
        v = uses_[j].number ? number_[j] : text_[j];
        list = text_[j];
        break;
      }
    }
    Builder b;
    b << "(" << v << " IS NOT NULL";
    if (c.min) b << " AND " << v << " >= " << lit(*c.min);
    if (c.max) b << " AND " << v << " < " << lit(*c.max);
    if (c.has_in) {
      if (c.in.empty()) {
        b << " AND 1 = 0";
      } else {
        b << " AND " << list << " IN (";
        for (size_t t = 0; t < c.in.size(); ++t) {
          if (t) b << ", ";
          b << str(c.in[t], what + ".in");
        }
        b << ")";
      }
    }
    b << ")";
    return b.done();
  }

  void segment(Snapshot& out) {
    Builder b;
    b << "CASE WHEN " << score_ << " IS NULL THEN 'unscored'";
    bool catch_all = false;
    for (size_t g = 0; g < m_.segments.size(); ++g) {
      const Segment& seg = m_.segments[g];
      const std::string what = at_index("segments", g);
      std::vector<Expr> parts;
      if (seg.min) parts.push_back(binary(score_, ">=", lit(*seg.min)));
      if (seg.max) parts.push_back(binary(score_, "<", lit(*seg.max)));
      for (size_t q = 0; q < seg.when.size(); ++q) {
        parts.push_back(condition(seg.when[q], at_index(what + ".when", q)));
      }
      const Expr id = str(seg.id, what + ".id");
      if (parts.empty()) {
        b << " ELSE " << id;
        catch_all = true;
        break;
      }
      b << " WHEN ";
      for (size_t q = 0; q < parts.size(); ++q) b << (q ? " AND " : "") << parts[q];
      b << " THEN " << id;
    }
    if (!catch_all) b << " ELSE 'none'";
    b << " END";
    out.segment = p_.add(name("seg"), b.done()).sql;
  }

  void alerts(Snapshot& out) {
    if (m_.alerts.empty()) {
      out.alerts = p_.add(name("alerts"), text("''")).sql;
      return;
    }
    Builder b;
    b << "substr(";
    for (size_t a = 0; a < m_.alerts.size(); ++a) {
      const Alert& alert = m_.alerts[a];
      const std::string what = at_index("alerts", a);
      if (a) b << " || ";
      b << "CASE WHEN " << score_ << " IS NOT NULL";
      for (size_t q = 0; q < alert.when.size(); ++q) {
        b << " AND " << condition(alert.when[q], at_index(what + ".when", q));
      }
      b << " THEN " << str(";" + alert.id, what + ".id") << " ELSE '' END";
    }
    b << ", 2)";
    out.alerts = p_.add(name("alerts"), b.done()).sql;
  }

  // w_eff: the indicator's share of this customer's score (NULL where it does not count).
  // (NULL where the customer is unscored or the dimension left out: a weight sum of 0, made
  // NULL, never divides.)
  Expr effective_weight(size_t i) const {
    const size_t g = group_of(i);
    auto nonzero = [this](const Expr& e) {
      return (Builder() << "NULLIF(" << e << ", " << lit(0.0) << ")").done();
    };
    const Expr w_over = binary(lit(w_.indicator[i]), "/", nonzero(den_[g]));
    if (m_.dimensions.empty()) return w_over;
    return binary(binary(lit(w_.dimension[g]), "/", nonzero(total_W_)), "*", w_over);
  }

  // Drivers: each counting indicator costs w_eff × (100 − s); the three largest costs above 0,
  // ties in model order: indicator i's place is the number of indicators before it whose cost
  // is at least its own, plus those after it whose cost is larger.
  void drivers(Snapshot& out) {
    const size_t k = m_.indicators.size();
    std::vector<Expr> q(k);
    for (size_t i = 0; i < k; ++i) {
      const Expr cost = p_.add(
          name("cr", i), binary(effective_weight(i), "*", binary(lit(100.0), "-", counted_[i])));
      q[i] = p_.add(name("q", i), (Builder() << "CASE WHEN " << cost << " > " << lit(0.0)
                                             << " THEN " << cost << " ELSE " << lit(0.0) << " END")
                                      .done());
    }
    // Three rounds: the largest cost, the first indicator (model order) that has it, then the
    // same among the others (the one taken counts −1).
    Builder b;
    b << "substr(";
    std::vector<Expr> left = q;
    for (size_t slot = 0; slot < kMaxDrivers; ++slot) {
      const Expr top = p_.add(name("top", slot), greatest(left));
      const Expr taken = p_.add(name("tk", slot), first_equal(left, top));
      if (slot) b << " || ";
      b << "CASE WHEN " << top << " > " << lit(0.0) << " THEN CASE " << taken;
      for (size_t i = 0; i < k; ++i) {
        b << " WHEN " << std::to_string(i) << " THEN "
          << str(";" + m_.indicators[i].id, at_index("indicators", i) + ".id");
      }
      b << " END ELSE '' END";
      if (slot + 1 == kMaxDrivers) break;
      for (size_t i = 0; i < k; ++i) {
        left[i] = p_.add(name(slot ? "v" : "w", i),
                         (Builder() << "CASE WHEN " << taken << " = " << std::to_string(i)
                                    << " THEN " << lit(-1.0) << " ELSE " << left[i] << " END")
                             .done());
      }
    }
    b << ", 2)";
    out.drivers = p_.add(name("drivers"), b.done()).sql;
  }

  // Each indicator's contribution to the score, share × sub-score (0 where it does not
  // count), for the change driver (review/trends.h).
  void contributions(Snapshot& out) {
    for (size_t i = 0; i < m_.indicators.size(); ++i) {
      out.contribution.push_back(
          p_.add(name("ct", i),
                 (Builder() << "COALESCE(" << binary(effective_weight(i), "*", counted_[i]) << ", "
                            << lit(0.0) << ")")
                     .done())
              .sql);
    }
  }

  const Model& m_;
  const std::vector<ColumnUse>& uses_;
  SqlDialect d_;
  Plan& p_;
  std::string pre_;
  Weights w_;
  std::vector<Expr> number_;   // per column use: its valid number (numeric columns)
  std::vector<Expr> text_;     // per column use: its present, lower-cased text (text uses)
  std::vector<Expr> x_;        // per indicator: its value
  std::vector<Expr> shown_;    // per indicator: the sub-score shown
  std::vector<Expr> counted_;  // per indicator: the sub-score that counts
  std::vector<bool> always_;   // per indicator: its missing value counts too
  std::vector<Expr> den_;      // per group: Σ w
  std::vector<Expr> dim_;      // per group: D
  Expr total_W_, score_;
};

// ---- Output ------------------------------------------------------------------------------

// x with two decimals, exactly as printf's %.2f rounds the double (see the top of this file).
std::string two_decimals(SqlDialect d, const std::string& x) {
  auto lit = [d](double v) { return sql::number(d, v); };
  const std::string a = "abs(" + x + ")";
  const std::string p = "(" + a + " * " + lit(100) + ")";
  const std::string f = sql::whole_part(d, p);
  const std::string up = "(" + f + " + " + lit(1) + ")";
  const std::string c = "(" + lit(134217729.0) + " * " + a + ")";
  const std::string hi = "(" + c + " - (" + c + " - " + a + "))";
  const std::string err = "((" + hi + " * " + lit(100) + " - " + p + ") + ((" + a + " - " + hi +
                          ") * " + lit(100) + "))";
  const std::string half = lit(0.5), zero = lit(0.0);
  const std::string rounded =
      "CASE WHEN " + p + " - " + f + " > " + half + " THEN " + up + " WHEN " + p + " - " + f +
      " < " + half + " THEN " + f + " WHEN " + err + " > " + zero + " THEN " + up + " WHEN " + err +
      " < " + zero + " THEN " + f + " WHEN " + f + " - " + lit(2) + " * " +
      sql::whole_part(d, f + " / " + lit(2)) + " = " + zero + " THEN " + f + " ELSE " + up + " END";
  const std::string value = "(CASE WHEN " + x + " < " + zero + " THEN -(" + rounded + ") ELSE " +
                            rounded + " END) / " + lit(100);
  const std::string typed =
      d == SqlDialect::SQLite ? value : "CAST(" + value + " AS " + sql::decimal_type(d) + ")";
  return "CASE WHEN " + x + " IS NULL THEN NULL ELSE " + typed + " END";
}

}  // namespace

std::optional<SqlDialect> parse_sql_dialect(std::string_view name) {
  if (name == "duckdb") return SqlDialect::DuckDB;
  if (name == "postgres" || name == "postgresql") return SqlDialect::Postgres;
  if (name == "sqlite") return SqlDialect::SQLite;
  return std::nullopt;
}

const char* sql_dialect_name(SqlDialect dialect) {
  switch (dialect) {
    case SqlDialect::DuckDB:
      return "duckdb";
    case SqlDialect::Postgres:
      return "postgres";
    case SqlDialect::SQLite:
      break;
  }
  return "sqlite";
}

std::vector<SqlColumn> sql_columns(const Model& model) {
  std::vector<SqlColumn> out;
  for (const ColumnUse& u : column_uses(model)) out.push_back({u.name, u.number});
  return out;
}

std::string compile_sql(const Model& model, const SqlOptions& options) {
  const SqlDialect d = options.dialect;
  const size_t k = model.indicators.size();
  if (k > kMaxSqlIndicators) {
    throw Error("indicators: " + std::to_string(k) +
                " indicators; the SQL is compiled for at most " +
                std::to_string(kMaxSqlIndicators));
  }
  if (model.alerts.size() > kMaxSqlAlerts) {
    throw Error("alerts: " + std::to_string(model.alerts.size()) +
                " alerts; the SQL is compiled for at most " + std::to_string(kMaxSqlAlerts));
  }
  const std::vector<ColumnUse> uses = column_uses(model);
  const bool trend = !options.previous_table.empty();

  // The output columns (docs/MODEL.md, "The scored table"), with the JSON path of each name.
  std::vector<std::pair<std::string, std::string>> names = {
      {model.id_column, "id_column"}, {"score", ""}, {"segment", ""}, {"coverage", ""}};
  for (size_t g = 0; g < model.dimensions.size(); ++g) {
    names.push_back({"dim." + model.dimensions[g].id, at_index("dimensions", g) + ".id"});
  }
  for (size_t i = 0; i < k; ++i) {
    names.push_back({"ind." + model.indicators[i].id, at_index("indicators", i) + ".id"});
  }
  names.push_back({"drivers", ""});
  names.push_back({"alerts", ""});
  if (trend) {
    for (const char* t :
         {"score_prev", "score_change", "segment_prev", "change_driver", "deteriorating"}) {
      names.push_back({t, ""});
    }
  }
  check_names(uses, d, names);

  if (d == SqlDialect::Postgres) {
    for (const std::string* t : {&options.table, &options.previous_table}) {
      size_t start = 0;
      for (;;) {
        const size_t dot = t->find('.', start);
        const size_t len = (dot == std::string::npos ? t->size() : dot) - start;
        if (len > 63) {
          throw Error("the table name '" + *t +
                      "' has a part longer than PostgreSQL's 63-byte identifiers");
        }
        if (dot == std::string::npos) break;
        start = dot + 1;
      }
    }
  }
  const std::string table = sql::table_name(options.table, "--table");
  std::string ctes;
  Plan now(d, "kenko_k", table);
  const Snapshot s = SnapshotBuilder(model, uses, d, now, "k").build(trend);

  std::vector<std::string> values;  // the output values in order, as column names
  values.push_back(s.id);
  values.push_back(s.score);
  values.push_back(s.segment);
  values.push_back(s.coverage);
  values.insert(values.end(), s.dims.begin(), s.dims.end());
  values.insert(values.end(), s.shown.begin(), s.shown.end());
  values.push_back(s.drivers);
  values.push_back(s.alerts);
  std::vector<bool> numeric(values.size(), true);
  numeric[0] = numeric[2] = false;
  numeric[values.size() - 1] = numeric[values.size() - 2] = false;

  std::string last;
  if (!trend) {
    last = now.write(ctes, values);
  } else {
    Plan then(d, "kenko_p", sql::table_name(options.previous_table, "--previous-table"));
    const Snapshot prev = SnapshotBuilder(model, uses, d, then, "p").build(true);
    std::vector<std::string> now_out = values, prev_out = {prev.key, prev.score, prev.segment};
    now_out.push_back(s.key);
    now_out.insert(now_out.end(), s.contribution.begin(), s.contribution.end());
    prev_out.insert(prev_out.end(), prev.contribution.begin(), prev.contribution.end());
    const std::string a = now.write(ctes, now_out), b = then.write(ctes, prev_out);
    std::string joined;
    for (const std::string& c : now_out) joined += (joined.empty() ? "" : ", ") + ("c." + c);
    for (const std::string& c : prev_out) joined += ", p." + c;
    ctes += "kenko_j AS (\n  SELECT " + joined + "\n  FROM " + a + " c LEFT JOIN " + b +
            " p ON c." + s.key + " = p." + prev.key + "\n),\n";

    // The trend columns (review/trends.h), from the joined rows.
    Plan t(d, "kenko_t", "kenko_j");
    for (const std::string& c : now_out) t.input(c);
    for (const std::string& c : prev_out) t.input(c);
    auto lit = [d](double v) { return text(sql::number(d, v)); };
    const Expr change = t.add("t_change", binary(ref(s.score), "-", ref(prev.score)));
    std::vector<Expr> moved;
    for (size_t i = 0; i < k; ++i) {
      const Expr diff = binary(ref(s.contribution[i]), "-", ref(prev.contribution[i]));
      moved.push_back(t.add("t_m" + std::to_string(i),
                            (Builder() << "CASE WHEN " << change << " < " << lit(0.0) << " THEN -"
                                       << diff << " ELSE " << diff << " END")
                                .done()));
    }
    // The first indicator (model order) whose contribution moved most with the change.
    const Expr most = t.add("t_most", sql_greatest(d, moved));
    Builder driver;
    driver << "CASE WHEN " << change << " IS NULL OR " << change << " = " << lit(0.0) << " OR NOT "
           << most << " > " << lit(0.0) << " THEN NULL";
    for (size_t i = 0; i < k; ++i) {
      driver << " WHEN " << moved[i] << " = " << most << " THEN "
             << text(sql::quote_text(model.indicators[i].id, at_index("indicators", i) + ".id"));
    }
    driver << " END";
    const Expr change_driver = t.add("t_driver", driver.done());
    const Expr deteriorating =
        t.add("t_det",
              (Builder() << "CASE WHEN " << change << " <> " << lit(0.0) << " AND " << change
                         << " <= " << lit(-model.deteriorating_drop) << " THEN TRUE ELSE FALSE END")
                  .done());
    const Expr prev_score = t.add("t_prev", ref(prev.score));
    const Expr prev_segment =
        t.add("t_segprev", (Builder() << "CASE WHEN " << ref(prev.key) << " IS NULL THEN NULL ELSE "
                                      << ref(prev.segment) << " END")
                               .done());
    values.push_back(prev_score.sql);
    values.push_back(change.sql);
    values.push_back(prev_segment.sql);
    values.push_back(change_driver.sql);
    values.push_back(deteriorating.sql);
    numeric.insert(numeric.end(), {true, true, false, false, false});
    last = t.write(ctes, values);
  }

  std::string select;
  for (size_t c = 0; c < values.size(); ++c) {
    const std::string& v = values[c];
    select += c ? ",\n  " : "\n  ";
    select += numeric[c] && !options.full_precision ? two_decimals(d, v) : v;
    select += " AS " + sql::quote_ident(names[c].first,
                                        names[c].second.empty() ? "output" : names[c].second);
  }
  // The model's name in a comment (a control character in it would end or break the comment).
  std::string title = model.name.empty() ? model.id_column : model.name;
  for (char& ch : title) {
    if (static_cast<unsigned char>(ch) < 0x20) ch = ' ';
  }
  ctes.resize(ctes.size() - 2);  // the last ",\n"
  return "-- kenko sql (" + std::string(sql_dialect_name(d)) + "): " + title + "\nWITH\n" + ctes +
         "\nSELECT" + select + "\nFROM " + last + ";\n";
}

}  // namespace kenko
