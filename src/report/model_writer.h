// A Model written back as model JSON (docs/MODEL.md): what kenko init writes. Every rule through
// score/rules.h rule_json; texts the parser lower-cases (category keys, outcome and `in` texts)
// come out lower-cased; default segments are left out (the parser puts them back). For any
// model m, parse_model(model_json(m)) scores every table exactly as m does.
#pragma once
#include <nlohmann/json.hpp>
#include <string>

#include "model/model.h"

namespace kenko {

nlohmann::ordered_json model_json_value(const Model& model);
// Indented by two spaces, with a final line end.
std::string model_json(const Model& model);

}  // namespace kenko
