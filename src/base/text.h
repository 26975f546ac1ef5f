// Small text helpers shared by the table reader, the model and the writers. All work on UTF-8.
#pragma once
#include <string>
#include <string_view>
#include <vector>

namespace kenko {

// Trims ASCII white space and the full-width space U+3000 from both ends.
std::string_view trim(std::string_view s);
// The code points trim() removes: the ASCII white space and U+3000 (for the SQL compiler).
inline constexpr char32_t kTrimmedCodePoints[] = {U' ',  U'\t', U'\r',    U'\n',
                                                  U'\v', U'\f', U'\u3000'};
// ASCII lower-casing (other characters are kept as they are).
std::string ascii_lower(std::string_view s);
bool iequals_ascii(std::string_view a, std::string_view b);
// ascii_lower(cell) == lowered (already lower-cased), without making the lower-cased copy.
bool lower_equals(std::string_view cell, std::string_view lowered);
// Edit distance (in bytes), for "did you mean" hints.
size_t edit_distance(std::string_view a, std::string_view b);
// The names among `candidates` closest to `name` (at most `count`), best first.
std::vector<std::string> closest_names(std::string_view name,
                                       const std::vector<std::string>& candidates,
                                       size_t count = 3);
// Appends `field` to `out` as one CSV field, quoted when it holds a comma, quote or line end.
void append_csv_field(std::string& out, std::string_view field);
// Appends `s` as a JSON string literal (quotes included).
void append_json_string(std::string& out, std::string_view s);
// A row number for messages: "row 12".
std::string row_label(uint64_t row);

}  // namespace kenko
