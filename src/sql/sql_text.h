// SQL text for the compiler and the load script: quoted identifiers and strings (never a model
// text pasted raw), exact double literals per dialect, and the dialect's spelling of types and
// the few functions the scores need (trim, ASCII lower-casing).
#pragma once
#include <string>
#include <string_view>

#include "sql/sql.h"

namespace kenko::sql {

// "name" with every " doubled; throws kenko::Error for a NUL character (`what` names the part).
std::string quote_ident(std::string_view name, std::string_view what);
// 'text' with every ' doubled; throws for a NUL character.
std::string quote_text(std::string_view text, std::string_view what);
// A table name whose parts are separated by '.', each part quoted.
std::string table_name(std::string_view dotted, std::string_view what);

// A literal whose value in the dialect is exactly the double v (finite):
// - DuckDB: CAST('0.1' AS DOUBLE); PostgreSQL: CAST('0.1' AS DOUBLE PRECISION) — both parse
//   the shortest round-tripping text correctly rounded.
// - SQLite 3.40 parses decimals through long double, which can round twice: a whole number
//   below 2^53 is written 30.0, a number with at most 5 decimals as its text (both provably
//   exact), any other as an exact binary fraction (3602879701896397.0/36028797018963968).
std::string number(SqlDialect d, double v);
// The same value as plain text for a data cell: the shortest round-tripping text, except for
// SQLite, as number().
std::string data_number(SqlDialect d, double v);

// The dialect's double and text types, and the two-decimal type (empty for SQLite: REAL).
const char* double_type(SqlDialect d);
const char* text_type(SqlDialect d);
const char* decimal_type(SqlDialect d);

// trim(expr) of the characters kenko trims (ASCII white space and U+3000).
std::string trim(SqlDialect d, const std::string& expr);
// ASCII lower-casing only, as kenko compares texts (SQLite's lower() without ICU is ASCII;
// DuckDB's and PostgreSQL's are Unicode: they translate A–Z, DuckDB only for non-ASCII texts).
std::string ascii_lower(SqlDialect d, const std::string& expr);
// The whole part of a number that is not negative (floor; SQLite: CAST AS INTEGER, which needs
// no math functions: SQLite builds without them are common). A negative number's is rounded
// toward 0, which tells whole numbers from the others all the same.
std::string whole_part(SqlDialect d, const std::string& expr);
// The text of a number (a valid double expression, NULL stays NULL) for a numeric column that
// a rule or condition reads as text: a whole number below 2^53 without decimals ("9"),
// others as the dialect writes a double.
std::string number_text(SqlDialect d, const std::string& expr);
// What keeps a CTE from being merged into the query that reads it (PostgreSQL and SQLite
// would otherwise copy every expression into each place that uses it): " OFFSET 0",
// " LIMIT -1 OFFSET 0", nothing for DuckDB.
const char* fence(SqlDialect d);

}  // namespace kenko::sql
