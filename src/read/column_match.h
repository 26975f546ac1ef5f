// Which header column holds each column a model names. The spec matches names exactly after
// trimming (the default, and the command line's rule); the page may also match loosely (case
// and spaces ignored) and take the user's own choices for the rest.
#pragma once
#include <map>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace kenko {

enum class ColumnMatching { Exact, Loose };

struct ColumnMapping {
  ColumnMatching matching = ColumnMatching::Exact;
  std::map<std::string, std::string> chosen;  // model column → header name, the user's choice
  // Columns to keep as text besides the model's (e.g. one that marks healthy customers).
  std::vector<std::string> keep_text;
};

// The header name that holds `name`: the chosen one, else an exact match, else (loose) the one
// header name equal to it ignoring ASCII case and white space (none when several are).
std::optional<std::string> match_column(std::string_view name,
                                        const std::vector<std::string>& header,
                                        const ColumnMapping& mapping);

// The user's choices from JSON text {"model column": "header name", ...} ("" or "{}": none).
// Throws kenko::Error naming what is wrong.
std::map<std::string, std::string> parse_column_choices(std::string_view json_text);

// `name` without white space (ASCII and U+3000) or '_', ASCII letters lower-cased.
std::string loose_column_key(std::string_view name);

}  // namespace kenko
