#include "sql/sql_text.h"

#include <cmath>
#include <cstdint>
#include <cstdlib>

#include "base/error.h"
#include "base/number_format.h"
#include "base/text.h"

namespace kenko::sql {

namespace {

std::string quoted(std::string_view s, char q, std::string_view what) {
  if (s.find('\0') != std::string_view::npos) {
    throw Error(std::string(what) + ": holds a NUL character, which SQL cannot carry");
  }
  std::string out(1, q);
  for (char c : s) {
    if (c == q) out += q;
    out += c;
  }
  out += q;
  return out;
}

// The shortest round-tripping text's digits after the decimal point (0 for a whole number).
int decimals(const std::string& text) {
  const size_t e = text.find_first_of("eE");
  const std::string mantissa = text.substr(0, e);
  const int exponent = e == std::string::npos ? 0 : std::atoi(text.c_str() + e + 1);
  const size_t point = mantissa.find('.');
  int fraction = point == std::string::npos ? 0 : static_cast<int>(mantissa.size() - point - 1);
  return std::max(0, fraction - exponent);
}

// v (finite, not 0) as m × 2^e with m odd: "(m.0/2^j/...)" or "(m.0*2^j*...)", every
// operation exact, the powers of two at most 2^60 (whole numbers SQLite reads exactly).
std::string binary_fraction(double v) {
  int e2 = 0;
  const double f = std::frexp(v, &e2);  // v = f × 2^e2, 0.5 ≤ |f| < 1
  int64_t m = static_cast<int64_t>(std::ldexp(f, 53));
  int e = e2 - 53;
  while (m % 2 == 0) {
    m /= 2;
    ++e;
  }
  std::string out = "(" + std::to_string(m) + ".0";
  const char op = e < 0 ? '/' : '*';
  for (int left = std::abs(e); left > 0;) {
    const int step = std::min(left, 60);
    out += op;
    out += std::to_string(uint64_t{1} << step);
    left -= step;
  }
  return out + ")";
}

}  // namespace

std::string quote_ident(std::string_view name, std::string_view what) {
  return quoted(name, '"', what);
}

std::string quote_text(std::string_view text, std::string_view what) {
  return quoted(text, '\'', what);
}

std::string table_name(std::string_view dotted, std::string_view what) {
  if (kenko::trim(dotted).empty()) throw Error(std::string(what) + ": no table name given");
  std::string out;
  size_t start = 0;
  for (;;) {
    const size_t dot = dotted.find('.', start);
    const std::string_view part =
        dotted.substr(start, dot == std::string_view::npos ? std::string_view::npos : dot - start);
    if (part.empty()) {
      throw Error(std::string(what) + ": '" + std::string(dotted) +
                  "' has an empty part (a qualified name is schema.table)");
    }
    out += quote_ident(part, what);
    if (dot == std::string_view::npos) break;
    out += '.';
    start = dot + 1;
  }
  return out;
}

std::string data_number(SqlDialect d, double v) {
  if (!std::isfinite(v)) throw Error("a number that is not finite cannot be written in SQL");
  if (d != SqlDialect::SQLite) return format_full(v);
  if (v == 0) return std::signbit(v) ? "-0.0" : "0.0";
  if (v == std::floor(v) && std::fabs(v) < 9007199254740992.0) {
    return std::to_string(static_cast<int64_t>(v)) + ".0";
  }
  const std::string text = format_full(v);
  if (decimals(text) <= 5 && std::fabs(v) < 9007199254740992.0) return text;
  return binary_fraction(v);
}

std::string number(SqlDialect d, double v) {
  switch (d) {
    case SqlDialect::DuckDB:
      return "CAST('" + data_number(d, v) + "' AS DOUBLE)";
    case SqlDialect::Postgres:
      return "CAST('" + data_number(d, v) + "' AS DOUBLE PRECISION)";
    case SqlDialect::SQLite:
      break;
  }
  return data_number(d, v);
}

const char* double_type(SqlDialect d) {
  switch (d) {
    case SqlDialect::DuckDB:
      return "DOUBLE";
    case SqlDialect::Postgres:
      return "DOUBLE PRECISION";
    case SqlDialect::SQLite:
      break;
  }
  return "REAL";
}

const char* text_type(SqlDialect d) {
  return d == SqlDialect::DuckDB ? "VARCHAR" : "TEXT";
}

const char* decimal_type(SqlDialect d) {
  switch (d) {
    case SqlDialect::DuckDB:
      return "DECIMAL(18,2)";
    case SqlDialect::Postgres:
      return "NUMERIC(18,2)";
    case SqlDialect::SQLite:
      break;
  }
  return "";
}

std::string trim(SqlDialect d, const std::string& expr) {
  std::string chars;
  if (d == SqlDialect::SQLite) {
    chars = "char(";
    for (char32_t c : kTrimmedCodePoints) {
      if (chars.size() > 5) chars += ',';
      chars += std::to_string(static_cast<uint32_t>(c));
    }
    chars += ')';
  } else {
    for (char32_t c : kTrimmedCodePoints) {
      if (!chars.empty()) chars += " || ";
      chars += "chr(" + std::to_string(static_cast<uint32_t>(c)) + ")";
    }
    chars = "(" + chars + ")";
  }
  return std::string(d == SqlDialect::Postgres ? "btrim(" : "trim(") + expr + ", " + chars + ")";
}

std::string ascii_lower(SqlDialect d, const std::string& expr) {
  if (d == SqlDialect::SQLite) return "lower(" + expr + ")";
  const std::string translated =
      "translate(" + expr + ", 'ABCDEFGHIJKLMNOPQRSTUVWXYZ', 'abcdefghijklmnopqrstuvwxyz')";
  if (d == SqlDialect::Postgres) return translated;
  // DuckDB's translate is slow: its lower() where the text is ASCII (as many bytes as
  // characters), where the two agree.
  return "CASE WHEN strlen(" + expr + ") = length(" + expr + ") THEN lower(" + expr + ") ELSE " +
         translated + " END";
}

std::string whole_part(SqlDialect d, const std::string& expr) {
  return d == SqlDialect::SQLite ? "CAST(" + expr + " AS INTEGER)" : "floor(" + expr + ")";
}

std::string number_text(SqlDialect d, const std::string& expr) {
  const std::string whole = "CAST(CAST(" + expr + " AS " +
                            (d == SqlDialect::SQLite ? "INTEGER" : "BIGINT") + ") AS " +
                            text_type(d) + ")";
  return "CASE WHEN " + expr + " = " + whole_part(d, expr) + " AND abs(" + expr + ") < " +
         number(d, 9007199254740992.0) + " THEN " + whole + " ELSE CAST(" + expr + " AS " +
         text_type(d) + ") END";
}

const char* fence(SqlDialect d) {
  switch (d) {
    case SqlDialect::DuckDB:
      return "";
    case SqlDialect::Postgres:
      return " OFFSET 0";
    case SqlDialect::SQLite:
      break;
  }
  return " LIMIT -1 OFFSET 0";
}

}  // namespace kenko::sql
