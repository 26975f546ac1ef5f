// The load script (sql.h): CREATE TABLE with the model's columns typed as the compiled SQL
// reads them, then the rows as kenko read them. Written a batch of rows at a time.
#include <cmath>

#include "base/error.h"
#include "base/text.h"
#include "sql/sql.h"
#include "sql/sql_text.h"

namespace kenko {

namespace {

constexpr size_t kFlushBytes = 1 << 20;

void flush(std::ostream& out, std::string& buf, bool force = false) {
  if (force || buf.size() >= kFlushBytes) {
    out.write(buf.data(), static_cast<std::streamsize>(buf.size()));
    buf.clear();
  }
}

// A CSV field for PostgreSQL's COPY: NULL unquoted and empty, every text quoted (so that an
// empty text is not NULL and a line "\." is not the end of the data).
void append_copy_text(std::string& buf, std::string_view text) {
  buf += '"';
  for (char c : text) {
    if (c == '"') buf += '"';
    buf += c;
  }
  buf += '"';
}

}  // namespace

void write_sql_load_script(std::ostream& out, const Model& model, const Table& table,
                           const SqlLoadOptions& options, std::ostream* data) {
  const SqlDialect d = options.dialect;
  if (d == SqlDialect::DuckDB && (!data || options.data_file.empty())) {
    throw Error("DuckDB's load script reads its rows from a CSV file written beside it: give -o");
  }
  const std::vector<SqlColumn> columns = sql_columns(model);
  const std::string name = sql::table_name(options.table, "--table");
  std::vector<const Column*> read;
  std::string list;
  std::string buf = "-- kenko sql --load-script (" + std::string(sql_dialect_name(d)) +
                    "): " + std::to_string(table.rows()) + " rows\n";
  buf += "CREATE TABLE " + name + " (";
  for (size_t c = 0; c < columns.size(); ++c) {
    const Column* col = table.column(columns[c].name);
    if (!col || (columns[c].number ? !col->needs.number : !col->needs.text)) {
      throw Error("column '" + columns[c].name + "' was not read: read the table with this model");
    }
    read.push_back(col);
    const std::string ident = sql::quote_ident(columns[c].name, "column");
    list += (c ? ", " : "") + ident;
    buf += (c ? ",\n  " : "\n  ") + ident + " " +
           (columns[c].number ? sql::double_type(d) : sql::text_type(d));
  }
  buf += "\n);\n";
  const size_t n = table.rows();
  auto check_text = [&](std::string_view t, size_t c, size_t r) {
    if (t.find('\0') != std::string_view::npos) {
      throw Error("column '" + columns[c].name + "', " + row_label(table.file_rows[r]) +
                  ": a NUL character, which SQL cannot carry");
    }
  };

  if (d != SqlDialect::SQLite) {
    // The rows as CSV: inline after COPY ... FROM STDIN for psql, or in the data file DuckDB's
    // COPY reads (numbers parsed exactly by both).
    std::ostream& rows = d == SqlDialect::Postgres ? out : *data;
    if (d == SqlDialect::Postgres) {
      buf += "COPY " + name + " (" + list + ") FROM STDIN WITH (FORMAT csv);\n";
    } else {
      buf += "COPY " + name + " (" + list + ") FROM " +
             sql::quote_text(options.data_file, "the data file") +
             " (FORMAT csv, HEADER false, DELIMITER ',', QUOTE '\"', ESCAPE '\"', NULLSTR '', "
             "ALLOW_QUOTED_NULLS false, AUTO_DETECT false);\n";
      flush(out, buf, true);
    }
    for (size_t r = 0; r < n; ++r) {
      for (size_t c = 0; c < columns.size(); ++c) {
        if (c) buf += ',';
        const Column& col = *read[c];
        if (columns[c].number) {
          if (col.has_number(r)) buf += sql::data_number(d, col.numbers[r]);
        } else {
          const std::string_view t = col.text(r);
          check_text(t, c, r);
          append_copy_text(buf, t);
        }
      }
      buf += '\n';
      flush(rows, buf);
    }
    if (d == SqlDialect::Postgres) buf += "\\.\n";
    flush(rows, buf, true);
    return;
  }
  // SQLite: INSERT statements of 500 rows each, in one transaction, every number an exact
  // literal (sql_text.h).
  constexpr size_t kBatch = 500;
  buf += "BEGIN TRANSACTION;\n";
  for (size_t r = 0; r < n; ++r) {
    buf += r % kBatch == 0 ? "INSERT INTO " + name + " (" + list + ") VALUES\n(" : ",\n(";
    for (size_t c = 0; c < columns.size(); ++c) {
      if (c) buf += ", ";
      const Column& col = *read[c];
      if (columns[c].number) {
        buf += col.has_number(r) ? sql::data_number(d, col.numbers[r]) : "NULL";
      } else {
        const std::string_view t = col.text(r);
        check_text(t, c, r);
        buf += '\'';
        for (char ch : t) {
          if (ch == '\'') buf += '\'';
          buf += ch;
        }
        buf += '\'';
      }
    }
    buf += ')';
    if (r % kBatch == kBatch - 1 || r + 1 == n) buf += ";\n";
    flush(out, buf);
  }
  buf += "COMMIT;\n";
  flush(out, buf, true);
}

}  // namespace kenko
