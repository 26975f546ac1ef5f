#include "read/column_match.h"

#include <algorithm>
#include <nlohmann/json.hpp>

#include "base/error.h"

namespace kenko {

std::string loose_column_key(std::string_view name) {
  std::string key;
  key.reserve(name.size());
  for (size_t i = 0; i < name.size(); ++i) {
    unsigned char c = static_cast<unsigned char>(name[i]);
    if (c == ' ' || c == '\t' || c == '\r' || c == '\n' || c == '_') continue;
    if (c == 0xE3 && i + 2 < name.size() && static_cast<unsigned char>(name[i + 1]) == 0x80 &&
        static_cast<unsigned char>(name[i + 2]) == 0x80) {  // U+3000 ideographic space
      i += 2;
      continue;
    }
    key += (c >= 'A' && c <= 'Z') ? static_cast<char>(c - 'A' + 'a') : static_cast<char>(c);
  }
  return key;
}

std::optional<std::string> match_column(std::string_view name,
                                        const std::vector<std::string>& header,
                                        const ColumnMapping& mapping) {
  auto chosen = mapping.chosen.find(std::string(name));
  if (chosen != mapping.chosen.end()) return chosen->second;
  if (std::find(header.begin(), header.end(), name) != header.end()) return std::string(name);
  if (mapping.matching != ColumnMatching::Loose) return std::nullopt;
  std::string key = loose_column_key(name);
  std::optional<std::string> found;
  for (const std::string& h : header) {
    if (loose_column_key(h) != key) continue;
    if (found) return std::nullopt;  // ambiguous: let the user choose
    found = h;
  }
  return found;
}

std::map<std::string, std::string> parse_column_choices(std::string_view json_text) {
  std::map<std::string, std::string> out;
  if (json_text.empty()) return out;
  nlohmann::json j = nlohmann::json::parse(json_text, nullptr, false);
  if (!j.is_object()) throw Error("mapping.not_object", {});
  for (const auto& [key, value] : j.items()) {
    if (!value.is_string()) {
      throw Error("mapping.not_text", {{"column", key}});
    }
    out[key] = value.get<std::string>();
  }
  return out;
}

}  // namespace kenko
