// The model compiled to SQL (docs/SQL.md): one SELECT (CTEs) that reads a typed customer table
// and returns the scored table of `kenko score` — the same columns, order and meaning, the same
// doubles — for DuckDB, PostgreSQL or SQLite; with a previous snapshot's table, the trend
// columns of `kenko score --previous`. And the load script that creates such a table and fills
// it with a CSV as kenko reads it. Pure functions of the model (and table); every text from the
// model is quoted, never pasted.
#pragma once
#include <optional>
#include <ostream>
#include <string>
#include <string_view>

#include "model/model.h"
#include "read/table.h"

namespace kenko {

enum class SqlDialect { DuckDB, Postgres, SQLite };

// "duckdb", "postgres" (or "postgresql"), "sqlite"; none for anything else.
std::optional<SqlDialect> parse_sql_dialect(std::string_view name);
const char* sql_dialect_name(SqlDialect dialect);

struct SqlOptions {
  SqlDialect dialect = SqlDialect::DuckDB;
  // The customer table; a qualified name's parts are separated by '.' (analytics.customers),
  // each quoted.
  std::string table;
  // With a previous snapshot's table (same columns): the trend columns too.
  std::string previous_table;
  // Numbers as the doubles they are; else two decimals exactly as `kenko score` writes them
  // (DECIMAL(18,2) in DuckDB and PostgreSQL, the nearest REAL in SQLite).
  bool full_precision = false;
};

// The query. Throws kenko::Error naming the part of the model (its JSON path) that cannot be
// compiled for the dialect: a column read both as a number and as text, an identifier longer
// than PostgreSQL's 63 bytes, two names DuckDB or SQLite cannot tell apart, a NUL character,
// more than kMaxSqlIndicators indicators.
std::string compile_sql(const Model& model, const SqlOptions& options);

// The SQL's size grows with the square of the indicators (drivers are ranked pairwise).
constexpr size_t kMaxSqlIndicators = 200;
constexpr size_t kMaxSqlAlerts = 200;

// How the SQL reads each column of the model: as a number (DOUBLE) or as text.
struct SqlColumn {
  std::string name;
  bool number = false;
};
// The model's columns (id first) with their types, in model order. Throws like compile_sql for
// a column read both ways.
std::vector<SqlColumn> sql_columns(const Model& model);

struct SqlLoadOptions {
  SqlDialect dialect = SqlDialect::DuckDB;
  std::string table;
  // DuckDB: the path of the CSV file the script's COPY reads (written to `data`).
  std::string data_file;
};

// A script that creates `options.table` with the model's columns, typed as the SQL reads them
// (DOUBLE for a column read as a number, text for the others), and fills it with `table`'s rows
// as kenko read them: numbers exact (NULL where a cell is missing or not a number), texts as
// written. PostgreSQL: COPY ... FROM STDIN with the rows inline (run it with psql); DuckDB: COPY
// from the CSV file `options.data_file`, whose rows go to `data` (DuckDB reads a file much
// faster than INSERT statements); SQLite: INSERT statements in one transaction, every number
// an exact literal.
void write_sql_load_script(std::ostream& out, const Model& model, const Table& table,
                           const SqlLoadOptions& options, std::ostream* data = nullptr);

}  // namespace kenko
