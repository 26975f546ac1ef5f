// parse_model(): JSON text → validated Model, with every problem named by its JSON path.
#include <algorithm>
#include <cmath>
#include <map>
#include <nlohmann/json.hpp>
#include <set>
#include <unordered_map>
#include <unordered_set>

#include "base/text.h"
#include "model/model.h"

namespace kenko {

using nlohmann::json;

ModelError::ModelError(std::vector<ModelProblem> problems) : problems_(std::move(problems)) {
  for (size_t i = 0; i < problems_.size(); ++i) {
    if (i) text_ += '\n';
    text_ += problems_[i].to_string();
  }
}

namespace {

// A JSON value's type for the "type" parameter (the English words are the catalogue's).
std::string type_name(const json& v) {
  switch (v.type()) {
    case json::value_t::null:
      return "null";
    case json::value_t::boolean:
      return "boolean";
    case json::value_t::string:
      return "string";
    case json::value_t::array:
      return "array";
    case json::value_t::object:
      return "object";
    case json::value_t::binary:
      return "binary";
    case json::value_t::discarded:
      return "discarded";
    default:
      return "number";
  }
}

std::string fmt_number(double v) {
  char buf[32];
  std::snprintf(buf, sizeof buf, "%g", v);
  return buf;
}

// At most 40 bytes of `s` (cut before a UTF-8 continuation byte), "…" after a cut.
std::string quoted_excerpt(const std::string& s) {
  if (s.size() <= 40) return s;
  size_t n = 40;
  while (n > 0 && (static_cast<unsigned char>(s[n]) & 0xC0) == 0x80) --n;
  return s.substr(0, n) + "…";
}

// Tracks where the parser is, so that a duplicate key can be named by its path: a SAX handler
// run over the text beside the DOM parse (nlohmann's callback parser is quadratic in the length
// of an array of objects: each object's end scans its parent).
class DuplicateKeyFinder : public nlohmann::json_sax<json> {
 public:
  std::vector<ModelProblem> problems;

  bool null() override { return scalar(); }
  bool boolean(bool) override { return scalar(); }
  bool number_integer(number_integer_t) override { return scalar(); }
  bool number_unsigned(number_unsigned_t) override { return scalar(); }
  bool number_float(number_float_t, const string_t&) override { return scalar(); }
  bool string(string_t&) override { return scalar(); }
  bool binary(binary_t&) override { return scalar(); }
  bool start_object(std::size_t) override {
    frames_.push_back({false, 0, "", {}});
    return true;
  }
  bool key(string_t& k) override {
    Frame& f = frames_.back();
    f.key = k;
    if (!f.keys.insert(f.key).second) {
      problems.push_back({path(), "model.duplicate_key", {{"key", f.key}}});
    }
    return true;
  }
  bool end_object() override { return end(); }
  bool start_array(std::size_t) override {
    frames_.push_back({true, 0, "", {}});
    return true;
  }
  bool end_array() override { return end(); }
  bool parse_error(std::size_t, const std::string&, const nlohmann::detail::exception&) override {
    return false;
  }

 private:
  struct Frame {
    bool is_array;
    size_t index;
    std::string key;
    std::set<std::string> keys;
  };
  std::string path() const {
    std::string p;
    for (const Frame& f : frames_) {
      if (f.is_array) {
        p += "[" + std::to_string(f.index) + "]";
      } else {
        if (!p.empty()) p += '.';
        p += f.key;
      }
    }
    return p;
  }
  bool scalar() {
    if (!frames_.empty() && frames_.back().is_array) ++frames_.back().index;
    return true;
  }
  bool end() {
    if (!frames_.empty()) frames_.pop_back();
    return scalar();
  }
  std::vector<Frame> frames_;
};

class Validator {
 public:
  std::vector<ModelProblem> errors, warnings;

 private:
  // The ids read so far → their index (the first, when one is duplicated).
  std::unordered_map<std::string, int> indicator_ids_, dimension_ids_;
  static int index_in(const std::unordered_map<std::string, int>& ids, const std::string& id) {
    auto it = ids.find(id);
    return it == ids.end() ? -1 : it->second;
  }

 public:
  void error(const std::string& path, const char* code, MessageParams params = {}) {
    errors.push_back({path, code, std::move(params)});
  }
  void warn(const std::string& path, const char* code, MessageParams params = {}) {
    warnings.push_back({path, code, std::move(params)});
  }
  static MessageParams type_of(const json& v) { return {{"type", type_name(v)}}; }

  static std::string join(const std::string& path, const std::string& key) {
    return path.empty() ? key : path + "." + key;
  }
  static std::string at(const std::string& path, size_t i) {
    return path + "[" + std::to_string(i) + "]";
  }

  // Reports keys other than `allowed` (and x- extensions). False if `v` is not an object.
  bool object(const json& v, const std::string& path, std::initializer_list<const char*> allowed) {
    if (!v.is_object()) {
      error(path, "model.not_object", type_of(v));
      return false;
    }
    std::vector<std::string> names(allowed.begin(), allowed.end());
    for (auto it = v.begin(); it != v.end(); ++it) {
      const std::string& key = it.key();
      if (key.rfind("x-", 0) == 0) continue;
      if (std::find(names.begin(), names.end(), key) != names.end()) continue;
      std::vector<std::string> hints = closest_names(key, names, 1);
      error(join(path, key), "model.unknown_key",
            {{"key", key}, {"closest", hints.empty() ? "" : hints[0]}});
    }
    return true;
  }

  std::optional<std::string> string(const json& obj, const char* key, const std::string& path,
                                    bool required, bool non_empty = true) {
    auto it = obj.find(key);
    if (it == obj.end()) {
      if (required) error(join(path, key), "model.required");
      return std::nullopt;
    }
    if (!it->is_string()) {
      error(join(path, key), "model.not_string", type_of(*it));
      return std::nullopt;
    }
    std::string s = it->get<std::string>();
    if (non_empty && trim(s).empty()) {
      error(join(path, key), "model.empty_string");
      return std::nullopt;
    }
    return s;
  }

  std::optional<double> number(const json& obj, const char* key, const std::string& path,
                               bool required) {
    auto it = obj.find(key);
    if (it == obj.end()) {
      if (required) error(join(path, key), "model.required");
      return std::nullopt;
    }
    if (!it->is_number()) {
      error(join(path, key), "model.not_number", type_of(*it));
      return std::nullopt;
    }
    double v = it->get<double>();
    if (!std::isfinite(v) || std::fabs(v) > kMaxModelNumber) {
      error(join(path, key), "model.out_of_range");
      return std::nullopt;
    }
    return v;
  }

  // An indicator's or dimension's weight (weight_problem(), the same words as a what-if's).
  std::optional<double> weight(const json& obj, const std::string& path) {
    auto it = obj.find("weight");
    if (it == obj.end()) return std::nullopt;
    if (!it->is_number()) {
      error(join(path, "weight"), "model.not_number", type_of(*it));
      return std::nullopt;
    }
    const double w = it->get<double>();
    if (const char* problem = weight_problem(w)) {
      error(join(path, "weight"), problem, {{"value", std::isfinite(w) ? fmt_number(w) : ""}});
      return std::nullopt;
    }
    return w;
  }

  // False (with the error) when `list` holds more than `limit` items: nothing in it is read.
  bool within_limit(const json& list, const std::string& path, size_t limit, const char* what) {
    if (list.size() <= limit) return true;
    error(path, "model.too_many",
          {{"count", std::to_string(list.size())},
           {"items", what},
           {"limit", std::to_string(limit)}});
    return false;
  }

  std::optional<double> non_negative(const json& obj, const char* key, const std::string& path,
                                     bool required) {
    std::optional<double> v = number(obj, key, path, required);
    if (v && *v < 0) {
      error(join(path, key), "model.negative", {{"value", fmt_number(*v)}});
      return std::nullopt;
    }
    return v;
  }

  std::optional<double> positive(const json& obj, const char* key, const std::string& path,
                                 bool required) {
    std::optional<double> v = number(obj, key, path, required);
    if (v && *v <= 0) {
      error(join(path, key), "model.not_positive", {{"value", fmt_number(*v)}});
      return std::nullopt;
    }
    return v;
  }

  const json* array(const json& obj, const char* key, const std::string& path, bool required) {
    auto it = obj.find(key);
    if (it == obj.end()) {
      if (required) error(join(path, key), "model.required");
      return nullptr;
    }
    if (!it->is_array()) {
      error(join(path, key), "model.not_array", type_of(*it));
      return nullptr;
    }
    return &*it;
  }

  // ---- rules ----------------------------------------------------------------------------
  Rule rule(const json& v, const std::string& path) {
    Rule r;
    if (!v.is_object()) {
      error(path, "model.not_object", type_of(v));
      return r;
    }
    std::optional<std::string> type = string(v, "type", path, true);
    if (!type) {
      object(v, path, {"type", "bands", "from", "to", "points", "map", "else", "lower_is_better"});
      return r;
    }
    if (*type == "bands") {
      r.type = RuleType::Bands;
      object(v, path, {"type", "bands"});
      bands(v, path, r);
    } else if (*type == "linear") {
      r.type = RuleType::Linear;
      object(v, path, {"type", "from", "to", "points"});
      std::optional<double> from = number(v, "from", path, true);
      std::optional<double> to = number(v, "to", path, true);
      if (from) r.from = *from;
      if (to) r.to = *to;
      if (from && to && *from == *to) {
        error(join(path, "to"), "model.linear_same", {{"value", fmt_number(*from)}});
      }
      if (auto p = positive(v, "points", path, false)) r.points = *p;
    } else if (*type == "boolean") {
      r.type = RuleType::Boolean;
      object(v, path, {"type", "points"});
      if (auto p = positive(v, "points", path, false)) r.points = *p;
    } else if (*type == "category") {
      r.type = RuleType::Category;
      object(v, path, {"type", "map", "else"});
      category(v, path, r);
    } else if (*type == "percentile") {
      r.type = RuleType::Percentile;
      object(v, path, {"type", "points", "lower_is_better"});
      if (auto p = positive(v, "points", path, false)) r.points = *p;
      auto it = v.find("lower_is_better");
      if (it != v.end()) {
        if (it->is_boolean()) {
          r.lower_is_better = it->get<bool>();
        } else {
          error(join(path, "lower_is_better"), "model.not_boolean", type_of(*it));
        }
      }
    } else {
      error(join(path, "type"), "model.unknown_rule", {{"value", *type}});
    }
    return r;
  }

  void bands(const json& v, const std::string& path, Rule& r) {
    const json* list = array(v, "bands", path, true);
    if (!list) return;
    std::string lpath = join(path, "bands");
    if (list->empty()) error(lpath, "model.no_bands");
    if (!within_limit(*list, lpath, kMaxBands, "bands")) return;
    for (size_t i = 0; i < list->size(); ++i) {
      const json& b = (*list)[i];
      std::string bpath = at(lpath, i);
      if (!object(b, bpath, {"min", "max", "points"})) continue;
      Band band;
      band.min = number(b, "min", bpath, false);
      band.max = number(b, "max", bpath, false);
      if (auto p = non_negative(b, "points", bpath, true)) band.points = *p;
      r.bands.push_back(band);
    }
    shadowed_bands(r.bands, lpath);
  }

  // Warns of each band that can never match: its min is not below its max, or every value it
  // takes is taken by earlier bands (named: the fewest that cover it, at most three). In
  // O(n log n): the union of the earlier bands as disjoint intervals (touching ones merged), and
  // for the names a Fenwick tree over the bands' lower bounds giving the earlier band that
  // reaches furthest from a point.
  void shadowed_bands(const std::vector<Band>& bands, const std::string& lpath) {
    auto lo_of = [](const Band& b) { return b.min ? *b.min : -INFINITY; };
    auto hi_of = [](const Band& b) { return b.max ? *b.max : INFINITY; };
    std::vector<double> starts;
    for (const Band& b : bands) starts.push_back(lo_of(b));
    std::sort(starts.begin(), starts.end());
    starts.erase(std::unique(starts.begin(), starts.end()), starts.end());
    // reach[k]: the furthest (max, then the earliest band) among bands whose min is starts[k].
    using Reach = std::pair<double, long>;  // (max, −index): the larger the better
    const Reach none{-INFINITY, 0};
    std::vector<Reach> tree(starts.size() + 1, none);
    auto insert = [&](double lo, Reach value) {
      size_t k =
          static_cast<size_t>(std::lower_bound(starts.begin(), starts.end(), lo) - starts.begin()) +
          1;
      for (; k < tree.size(); k += k & (~k + 1)) tree[k] = std::max(tree[k], value);
    };
    auto furthest_from = [&](double x) {  // over the bands whose min ≤ x
      size_t k =
          static_cast<size_t>(std::upper_bound(starts.begin(), starts.end(), x) - starts.begin());
      Reach best = none;
      for (; k > 0; k -= k & (~k + 1)) best = std::max(best, tree[k]);
      return best;
    };
    std::map<double, double> cover;  // disjoint [lo, hi) of the earlier bands, touching merged
    for (size_t i = 0; i < bands.size(); ++i) {
      const Band& band = bands[i];
      const std::string bpath = at(lpath, i);
      if (band.min && band.max && *band.min >= *band.max) {
        warn(bpath, "model.never_matches",
             {{"min", fmt_number(*band.min)}, {"max", fmt_number(*band.max)}});
        continue;
      }
      double lo = lo_of(band), hi = hi_of(band);
      auto it = cover.upper_bound(lo);
      if (it != cover.begin() && std::prev(it)->second >= hi) {
        std::vector<size_t> covering;
        bool more = false;
        for (double reach = lo; reach < hi;) {
          const Reach r = furthest_from(reach);
          if (!(r.first > reach)) break;  // (cannot happen: the union covers it)
          if (covering.size() == 3) {
            more = true;
            break;
          }
          covering.push_back(static_cast<size_t>(-r.second));
          reach = r.first;
        }
        if (covering.size() == 1 && !more) {
          warn(bpath, "model.band_covered", {{"band", at(lpath, covering[0])}});
        } else {
          std::string names;  // all but the last
          for (size_t k = 0; k + 1 < covering.size(); ++k) {
            names += (k ? ", " : "") + at(lpath, covering[k]);
          }
          warn(bpath, "model.bands_cover",
               {{"bands", names}, {"last", at(lpath, covering.back())}, {"more", more ? "1" : ""}});
        }
      }
      // Add [lo, hi) to the union, merging what it overlaps or touches.
      it = cover.upper_bound(lo);
      if (it != cover.begin() && std::prev(it)->second >= lo) {
        --it;
        lo = it->first;
        hi = std::max(hi, it->second);
        it = cover.erase(it);
      }
      while (it != cover.end() && it->first <= hi) {
        hi = std::max(hi, it->second);
        it = cover.erase(it);
      }
      cover.emplace(lo, hi);
      insert(lo_of(band), {hi_of(band), -static_cast<long>(i)});
    }
  }

  void category(const json& v, const std::string& path, Rule& r) {
    auto it = v.find("map");
    std::string mpath = join(path, "map");
    if (it == v.end()) {
      error(mpath, "model.required");
    } else if (!it->is_object()) {
      error(mpath, "model.map_not_object", type_of(*it));
    } else {
      if (it->empty()) error(mpath, "model.map_empty");
      if (!within_limit(*it, mpath, kMaxCategoryEntries, "entries")) return;
      std::unordered_set<std::string> keys;
      for (auto e = it->begin(); e != it->end(); ++e) {
        std::string key = ascii_lower(trim(e.key()));
        std::string epath = mpath + "[" + e.key() + "]";
        if (!e->is_number()) {
          error(epath, "model.map_not_number", type_of(*e));
          continue;
        }
        double p = e->get<double>();
        if (!std::isfinite(p) || p > kMaxModelNumber) {  // as every other number of a model
          error(epath, "model.out_of_range");
          continue;
        }
        if (p < 0) {
          error(epath, "model.map_negative");
          continue;
        }
        if (!keys.insert(key).second) error(epath, "model.map_duplicate");
        r.map.emplace_back(key, p);
      }
    }
    r.else_points = non_negative(v, "else", path, false);
  }

  // ---- conditions -----------------------------------------------------------------------
  std::vector<Condition> conditions(const json& obj, const char* key, const std::string& path,
                                    bool required) {
    std::vector<Condition> out;
    const json* list = array(obj, key, path, required);
    if (!list) return out;
    std::string lpath = join(path, key);
    if (!within_limit(*list, lpath, kMaxConditions, "conditions")) return out;
    for (size_t i = 0; i < list->size(); ++i) {
      const json& c = (*list)[i];
      std::string cpath = at(lpath, i);
      if (!object(c, cpath, {"field", "min", "max", "in"})) continue;
      Condition cond;
      std::optional<std::string> field = string(c, "field", cpath, true);
      if (field) {
        std::string f = *field;
        std::string fpath = join(cpath, "field");
        if (f == "score") {
          cond.field = Condition::Field::Score;
        } else if (f.rfind("indicator.", 0) == 0) {
          cond.field = Condition::Field::Indicator;
          cond.index = index_in(indicator_ids_, f.substr(10));
          if (cond.index < 0) error(fpath, "model.no_indicator", {{"id", f.substr(10)}});
        } else if (f.rfind("dimension.", 0) == 0) {
          cond.field = Condition::Field::Dimension;
          cond.index = index_in(dimension_ids_, f.substr(10));
          if (cond.index < 0) error(fpath, "model.no_dimension", {{"id", f.substr(10)}});
        } else if (f.rfind("column.", 0) == 0 && f.size() > 7) {
          cond.field = Condition::Field::Column;
          cond.column = std::string(trim(f.substr(7)));
        } else {
          error(fpath, "model.bad_field", {{"value", f}});
        }
      }
      cond.min = number(c, "min", cpath, false);
      cond.max = number(c, "max", cpath, false);
      if (cond.min && cond.max && *cond.min >= *cond.max) {
        warn(cpath, "model.condition_never",
             {{"min", fmt_number(*cond.min)}, {"max", fmt_number(*cond.max)}});
      }
      const json* in = array(c, "in", cpath, false);
      if (in && within_limit(*in, join(cpath, "in"), kMaxInTexts, "texts")) {
        cond.has_in = true;
        for (size_t k = 0; k < in->size(); ++k) {
          const json& t = (*in)[k];
          if (t.is_string()) {
            cond.in.push_back(ascii_lower(trim(t.get<std::string>())));
          } else if (t.is_number()) {
            cond.in.push_back(ascii_lower(trim(t.dump())));
          } else {
            error(at(join(cpath, "in"), k), "model.not_text", type_of(t));
          }
        }
      }
      if (cond.has_in && field && cond.field != Condition::Field::Column) {
        error(join(cpath, "in"), "model.in_needs_column");
      }
      if (!cond.min && !cond.max && !cond.has_in && field) {
        warn(cpath, "model.condition_always");
      }
      out.push_back(cond);
    }
    return out;
  }

  // ---- the model ------------------------------------------------------------------------
  Model model(const json& root) {
    Model m;
    if (!object(root, "",
                {"version", "name", "id_column", "label_column", "missing", "dimensions",
                 "indicators", "segments", "alerts", "outcome", "trend", "value_column"})) {
      return m;
    }
    auto version = root.find("version");
    if (version == root.end()) {
      error("version", "model.version_required");
    } else if (!version->is_number_integer() && !version->is_number_unsigned() &&
               !(version->is_number_float() && version->get<double>() == 1.0)) {
      error("version", "model.version_type", type_of(*version));
    } else if (version->get<double>() != 1.0) {
      error("version", "model.version_value", {{"value", version->dump()}});
    }
    if (auto s = string(root, "name", "", false, false)) m.name = *s;
    if (auto s = string(root, "id_column", "", true)) m.id_column = std::string(trim(*s));
    if (auto s = string(root, "label_column", "", false)) m.label_column = std::string(trim(*s));
    if (auto s = string(root, "missing", "", false)) {
      if (*s == "reweight") {
        m.missing = MissingPolicy::Reweight;
      } else if (*s == "zero") {
        m.missing = MissingPolicy::Zero;
      } else {
        error("missing", "model.missing_policy", {{"value", *s}});
      }
    }
    dimensions(root, m);
    indicators(root, m);
    segments(root, m);
    alerts(root, m);
    outcome(root, m);
    trend(root, m);
    extensions(root, m);
    return m;
  }

  void dimensions(const json& root, Model& m) {
    const json* list = array(root, "dimensions", "", false);
    if (!list || !within_limit(*list, "dimensions", kMaxDimensions, "dimensions")) return;
    for (size_t i = 0; i < list->size(); ++i) {
      std::string path = at("dimensions", i);
      const json& d = (*list)[i];
      if (!object(d, path, {"id", "label", "weight"})) continue;
      Dimension dim;
      if (auto s = string(d, "id", path, true)) dim.id = *s;
      dim.label = dim.id;
      if (auto s = string(d, "label", path, false)) dim.label = *s;
      if (auto w = weight(d, path)) dim.weight = *w;
      if (!dim.id.empty() &&
          !dimension_ids_.emplace(dim.id, static_cast<int>(m.dimensions.size())).second) {
        error(join(path, "id"), "model.duplicate_id", {{"kind", "dimension"}, {"id", dim.id}});
      }
      m.dimensions.push_back(dim);
    }
  }

  ValueSource source(const json& ind, const std::string& path, bool& ok) {
    ValueSource src;
    int given = 0;
    for (const char* k : {"column", "ratio", "change"}) given += ind.contains(k) ? 1 : 0;
    ok = false;
    if (given == 0) {
      error(path, "model.no_source");
      return src;
    }
    if (given > 1) {
      error(path, "model.many_sources");
      return src;
    }
    if (ind.contains("column")) {
      if (auto s = string(ind, "column", path, true)) {
        src.a = std::string(trim(*s));
        ok = true;
      }
      return src;
    }
    const char* key = ind.contains("ratio") ? "ratio" : "change";
    src.kind = ind.contains("ratio") ? SourceKind::Ratio : SourceKind::Change;
    const json& pair = ind[key];
    std::string ppath = join(path, key);
    if (!pair.is_array() || pair.size() != 2 || !pair[0].is_string() || !pair[1].is_string() ||
        trim(pair[0].get<std::string>()).empty() || trim(pair[1].get<std::string>()).empty()) {
      error(ppath, src.kind == SourceKind::Ratio ? "model.ratio_pair" : "model.change_pair");
      return src;
    }
    src.a = std::string(trim(pair[0].get<std::string>()));
    src.b = std::string(trim(pair[1].get<std::string>()));
    ok = true;
    return src;
  }

  void indicators(const json& root, Model& m) {
    const json* list = array(root, "indicators", "", true);
    if (!list) return;
    if (list->empty()) error("indicators", "model.no_indicators");
    if (!within_limit(*list, "indicators", kMaxIndicators, "indicators")) return;
    std::vector<bool> dimension_used(m.dimensions.size(), false);
    for (size_t i = 0; i < list->size(); ++i) {
      std::string path = at("indicators", i);
      const json& v = (*list)[i];
      if (!object(v, path,
                  {"id", "label", "column", "ratio", "change", "dimension", "weight", "rule",
                   "missing_points"})) {
        continue;
      }
      Indicator ind;
      if (auto s = string(v, "id", path, true)) ind.id = *s;
      if (!ind.id.empty() &&
          !indicator_ids_.emplace(ind.id, static_cast<int>(m.indicators.size())).second) {
        error(join(path, "id"), "model.duplicate_id", {{"kind", "indicator"}, {"id", ind.id}});
      }
      if (ind.id.find(';') != std::string::npos) {
        warn(join(path, "id"), "model.id_semicolon", {{"id", ind.id}});
      }
      ind.label = ind.id;
      if (auto s = string(v, "label", path, false)) ind.label = *s;
      bool source_ok = false;
      ind.source = source(v, path, source_ok);
      if (auto d = string(v, "dimension", path, false)) {
        ind.dimension = index_in(dimension_ids_, *d);
        if (ind.dimension < 0) {
          MessageParams params = {{"id", *d}};
          if (m.dimensions.empty()) {
            params.emplace_back("none", "1");
          } else {
            std::vector<std::string> ids;
            for (const Dimension& dim : m.dimensions) ids.push_back(dim.id);
            std::vector<std::string> hints = closest_names(*d, ids, 1);
            if (!hints.empty()) params.emplace_back("closest", hints[0]);
          }
          error(join(path, "dimension"), "model.no_dimension", std::move(params));
        } else {
          dimension_used[static_cast<size_t>(ind.dimension)] = true;
        }
      } else if (!m.dimensions.empty() && !v.contains("dimension")) {
        error(join(path, "dimension"), "model.dimension_required");
      }
      ind.weight = weight(v, path);
      auto rit = v.find("rule");
      if (rit == v.end()) {
        error(join(path, "rule"), "model.required");
      } else {
        size_t before = errors.size();
        ind.rule = rule(*rit, join(path, "rule"));
        bool rule_ok = errors.size() == before;
        if (rule_ok && ind.rule.needs_text() && source_ok &&
            ind.source.kind != SourceKind::Column) {
          error(path, "model.text_rule_source",
                {{"rule", ind.rule.type == RuleType::Boolean ? "boolean" : "category"}});
        }
        if (rule_ok && ind.rule.max_points() <= 0) {
          error(join(path, "rule"), "model.zero_points");
        }
        if (auto mp = non_negative(v, "missing_points", path, false)) {
          if (rule_ok && *mp > ind.rule.max_points()) {
            error(join(path, "missing_points"), "model.missing_points_high",
                  {{"max", fmt_number(ind.rule.max_points())}, {"value", fmt_number(*mp)}});
          } else {
            ind.missing_points = mp;
          }
        }
      }
      if (!ind.weight && errors.empty() && ind.rule.max_points() < kMinPositiveWeight) {
        error(join(path, "weight"), "model.weight_needed",
              {{"points", fmt_number(ind.rule.max_points())}});
      }
      m.indicators.push_back(ind);
    }
    for (size_t d = 0; d < m.dimensions.size(); ++d) {
      if (!dimension_used[d]) {
        warn(at("dimensions", d), "model.unused_dimension", {{"id", m.dimensions[d].id}});
      }
    }
  }

  void segments(const json& root, Model& m) {
    const json* list = array(root, "segments", "", false);
    if (!list) {
      m.default_segments = true;
      m.segments = default_segments();
      return;
    }
    if (!within_limit(*list, "segments", kMaxSegments, "segments")) return;
    std::unordered_set<std::string> ids;
    std::vector<size_t> warn_at;  // per segment: where its shadow warning goes in `warnings`
    std::vector<size_t> index;    // per segment: its index in the JSON list
    for (size_t i = 0; i < list->size(); ++i) {
      std::string path = at("segments", i);
      const json& v = (*list)[i];
      if (!object(v, path, {"id", "label", "min", "max", "when", "color", "action", "rank"})) {
        continue;
      }
      Segment s;
      if (auto t = string(v, "id", path, true)) s.id = *t;
      if (auto t = string(v, "label", path, true)) s.label = *t;
      if (auto t = string(v, "color", path, false, false)) {
        if (valid_color(*t)) {
          s.color = *t;
        } else {
          error(join(path, "color"), "model.bad_color", {{"value", quoted_excerpt(*t)}});
        }
      }
      if (auto t = string(v, "action", path, false, false)) s.action = *t;
      s.min = number(v, "min", path, false);
      s.max = number(v, "max", path, false);
      s.when = conditions(v, "when", path, false);
      s.rank = positive(v, "rank", path, false);
      if (!s.id.empty() && !ids.insert(s.id).second)
        error(join(path, "id"), "model.duplicate_id", {{"kind", "segment"}, {"id", s.id}});
      if (s.id == "unscored" || s.id == "none") {
        error(join(path, "id"), "model.reserved_segment", {{"id", s.id}});
      }
      if (s.min && s.max && *s.min >= *s.max) {
        warn(path, "model.never_matches",
             {{"min", fmt_number(*s.min)}, {"max", fmt_number(*s.max)}});
      }
      warn_at.push_back(warnings.size());
      index.push_back(i);
      m.segments.push_back(s);
    }
    shadowed_segments(m.segments, warn_at, index);
  }

  // Warns of each segment whose every score an earlier segment without conditions takes (the
  // first such), in O(n log n): the segments by min, a Fenwick tree over their max (descending)
  // giving the smallest index among those with min ≤ lo and max ≥ hi. A segment that can never
  // match (min ≥ max) was warned of already. Each warning goes where the segment's place is
  // among the others (`warn_at`), so the order is the model's.
  void shadowed_segments(const std::vector<Segment>& segs, const std::vector<size_t>& warn_at,
                         const std::vector<size_t>& index) {
    const size_t n = segs.size();
    auto lo_of = [](const Segment& s) { return s.min ? *s.min : -INFINITY; };
    auto hi_of = [](const Segment& s) { return s.max ? *s.max : INFINITY; };
    std::vector<double> highs;  // distinct maxima, descending
    for (const Segment& s : segs) highs.push_back(hi_of(s));
    std::sort(highs.begin(), highs.end(), std::greater<double>());
    highs.erase(std::unique(highs.begin(), highs.end()), highs.end());
    std::vector<size_t> tree(highs.size() + 1, n);  // smallest segment index, n for none
    auto rank = [&](double hi) {                    // 1 + how many maxima are greater than hi
      return static_cast<size_t>(
                 std::lower_bound(highs.begin(), highs.end(), hi, std::greater<double>()) -
                 highs.begin()) +
             1;
    };
    std::vector<size_t> by_min(n), queries;
    for (size_t g = 0; g < n; ++g) {
      by_min[g] = g;
      if (!(segs[g].min && segs[g].max && *segs[g].min >= *segs[g].max)) queries.push_back(g);
    }
    auto by_lo = [&](size_t a, size_t b) { return lo_of(segs[a]) < lo_of(segs[b]); };
    std::stable_sort(by_min.begin(), by_min.end(), by_lo);
    std::stable_sort(queries.begin(), queries.end(), by_lo);
    std::vector<size_t> shadow_of(n, n);
    size_t next = 0;
    for (size_t g : queries) {
      const double lo = lo_of(segs[g]), hi = hi_of(segs[g]);
      for (; next < n && lo_of(segs[by_min[next]]) <= lo; ++next) {
        const size_t e = by_min[next];
        if (!segs[e].when.empty()) continue;
        for (size_t k = rank(hi_of(segs[e])); k < tree.size(); k += k & (~k + 1))
          tree[k] = std::min(tree[k], e);
      }
      size_t first = n;  // over the segments whose max ≥ hi
      size_t k = static_cast<size_t>(
          std::upper_bound(highs.begin(), highs.end(), hi, std::greater<double>()) - highs.begin());
      for (; k > 0; k -= k & (~k + 1)) first = std::min(first, tree[k]);
      if (first < g) shadow_of[g] = first;
    }
    std::vector<ModelProblem> merged;
    size_t w = 0;
    for (size_t g = 0; g < n; ++g) {
      for (; w < warn_at[g]; ++w) merged.push_back(warnings[w]);
      if (shadow_of[g] == n) continue;
      const Segment& e = segs[shadow_of[g]];
      merged.push_back({at("segments", index[g]),
                        "model.segment_covered",
                        {{"other", at("segments", index[shadow_of[g]])}, {"id", e.id}}});
    }
    for (; w < warnings.size(); ++w) merged.push_back(warnings[w]);
    warnings = std::move(merged);
  }

  void alerts(const json& root, Model& m) {
    const json* list = array(root, "alerts", "", false);
    if (!list || !within_limit(*list, "alerts", kMaxAlerts, "alerts")) return;
    std::unordered_set<std::string> ids;
    for (size_t i = 0; i < list->size(); ++i) {
      std::string path = at("alerts", i);
      const json& v = (*list)[i];
      if (!object(v, path, {"id", "label", "when", "action"})) continue;
      Alert a;
      if (auto t = string(v, "id", path, true)) a.id = *t;
      if (auto t = string(v, "label", path, true)) a.label = *t;
      if (auto t = string(v, "action", path, false, false)) a.action = *t;
      a.when = conditions(v, "when", path, true);
      if (v.contains("when") && v["when"].is_array() && v["when"].empty()) {
        warn(join(path, "when"), "model.alert_always");
      }
      if (!a.id.empty() && !ids.insert(a.id).second)
        error(join(path, "id"), "model.duplicate_id", {{"kind", "alert"}, {"id", a.id}});
      m.alerts.push_back(a);
    }
  }

  void outcome(const json& root, Model& m) {
    auto it = root.find("outcome");
    if (it == root.end()) return;
    if (!object(*it, "outcome", {"column", "positive"})) return;
    Outcome o;
    if (auto s = string(*it, "column", "outcome", true)) o.column = std::string(trim(*s));
    if (const json* list = array(*it, "positive", "outcome", false)) {
      if (list->empty()) error("outcome.positive", "model.no_positive");
      if (!within_limit(*list, "outcome.positive", kMaxOutcomeTexts, "texts")) return;
      for (size_t k = 0; k < list->size(); ++k) {
        const json& t = (*list)[k];
        if (t.is_string()) {
          o.positive.push_back(ascii_lower(trim(t.get<std::string>())));
        } else if (t.is_number() || t.is_boolean()) {
          o.positive.push_back(ascii_lower(t.dump()));
        } else {
          error(at("outcome.positive", k), "model.not_text", type_of(t));
        }
      }
    } else {
      o.positive = {"1", "yes", "true"};
    }
    m.outcome = o;
  }

  // Extensions of format 1 (docs/MODEL.md): the value column, and segment ranks given to all
  // segments or none.
  void extensions(const json& root, Model& m) {
    if (auto s = string(root, "value_column", "", false)) m.value_column = std::string(trim(*s));
    const json* list = root.find("segments") != root.end() && root["segments"].is_array()
                           ? &root["segments"]
                           : nullptr;
    if (!list) return;
    size_t ranked = 0;
    for (const json& v : *list) ranked += v.is_object() && v.contains("rank");
    if (ranked == 0 || ranked == list->size()) return;
    for (size_t i = 0; i < list->size(); ++i) {
      if ((*list)[i].is_object() && !(*list)[i].contains("rank")) {
        error(join(at("segments", i), "rank"), "model.rank_required");
      }
    }
  }

  // An extension of format 1: how trends between two snapshots are read.
  void trend(const json& root, Model& m) {
    auto it = root.find("trend");
    if (it == root.end()) return;
    if (!object(*it, "trend", {"deteriorating_drop"})) return;
    if (auto d = positive(*it, "deteriorating_drop", "trend", false)) m.deteriorating_drop = *d;
  }
};

json parse_json(std::string_view text, std::vector<ModelProblem>& problems) {
  DuplicateKeyFinder dups;
  json root;
  size_t nul = text.find('\0');
  if (nul != std::string_view::npos) {
    problems.push_back({"", "model.nul", {{"offset", std::to_string(nul)}}});
    return json();
  }
  try {
    root = json::parse(text.begin(), text.end());
    json::sax_parse(text.begin(), text.end(), &dups);
  } catch (const json::exception& e) {
    std::string what = e.what();
    // "[json.exception.parse_error.101] parse error at line 1, column 2: ..." → keep the tail.
    size_t p = what.find("parse error");
    problems.push_back(
        {"", "model.invalid_json", {{"detail", p == std::string::npos ? what : what.substr(p)}}});
    return json();
  }
  problems.insert(problems.end(), dups.problems.begin(), dups.problems.end());
  return root;
}

}  // namespace

ParsedModel parse_model(std::string_view text) {
  std::vector<ModelProblem> problems;
  json root = parse_json(text, problems);
  if (!problems.empty() && root.is_null()) throw ModelError(problems);
  Validator v;
  v.errors = problems;
  ParsedModel out;
  out.model = v.model(root);
  if (!v.errors.empty()) throw ModelError(v.errors);
  out.warnings = v.warnings;
  return out;
}

Rule parse_rule(std::string_view text, std::vector<ModelProblem>* warnings) {
  std::vector<ModelProblem> problems;
  json root = parse_json(text, problems);
  if (!problems.empty() && root.is_null()) throw ModelError(problems);
  Validator v;
  v.errors = problems;
  Rule r = v.rule(root, "rule");
  if (v.errors.empty() && r.max_points() <= 0) {
    v.error("rule", "model.zero_points");
  }
  if (!v.errors.empty()) throw ModelError(v.errors);
  if (warnings) *warnings = v.warnings;
  return r;
}

}  // namespace kenko
