#include "thresholds.h"

#include "checks/registry.h"
#include "guidance.h"

#include <toml++/toml.h>

#include <string>

namespace gradbooth::models {
namespace {

// Each check's own defaults (models/checks/*.cpp say why each number), and the live view's.
Thresholds make_defaults() {
  Thresholds t;
  for (const Check *check : check_registry())
    for (const ThresholdDefault &d : check->thresholds) t.values.emplace(std::string(d.key), d.value);
  for (const ThresholdDefault &d : guidance_thresholds()) t.values.emplace(std::string(d.key), d.value);
  return t;
}

void flatten(const toml::table &table, const std::string &prefix, Thresholds &out, std::string &bad) {
  for (const auto &[key, node] : table) {
    const std::string name = prefix.empty() ? std::string(key.str()) : prefix + "." + std::string(key.str());
    if (const auto *sub = node.as_table()) {
      flatten(*sub, name, out, bad);
    } else if (auto v = node.value<double>()) {
      if (!out.values.contains(name) && bad.empty()) bad = "unknown threshold '" + name + "'";
      out.values[name] = *v;
    } else if (bad.empty()) {
      bad = "threshold '" + name + "' is not a number";
    }
  }
}

}  // namespace

const Thresholds &default_thresholds() {
  static const Thresholds t = make_defaults();
  return t;
}

double threshold_or_default(const Thresholds &t, std::string_view key) { return t.get(key, default_thresholds().get(key, 0.0)); }

// Debian's toml++ is built with exceptions: a parse error is caught here and becomes a value.
static Result<toml::table> parse_toml(std::string_view toml_text) {
  try {
    return toml::parse(toml_text);
  } catch (const toml::parse_error &e) {
    return make_error("config.toml", "config is not valid TOML: " + std::string(e.description()),
                      "配置文件不是有效的 TOML：" + std::string(e.description()));
  }
}

Result<Thresholds> parse_thresholds(std::string_view toml_text, const Thresholds &base) {
  auto doc = parse_toml(toml_text);
  if (!doc) return doc.error();
  Thresholds t = base;
  const toml::table *checks = (*doc)["checks"].as_table();
  if (!checks) return t;
  std::string bad;
  flatten(*checks, "", t, bad);
  if (!bad.empty()) return make_error("config.checks", "[checks]: " + bad, "[checks] 配置错误：" + bad);
  return t;
}

Result<StandardConfig> parse_standard_config(std::string_view toml_text) {
  auto thresholds = parse_thresholds(toml_text);
  if (!thresholds) return thresholds.error();
  auto parsed = parse_toml(toml_text);
  if (!parsed) return parsed.error();
  toml::table &doc = *parsed;
  StandardConfig c;
  c.thresholds = std::move(thresholds.value());
  c.profile_path = doc["standard"]["profile"].value_or(std::string(kDefaultProfilePath));
  c.landmark_model_path = doc["standard"]["landmark_model"].value_or(std::string(kDefaultLandmarkModel));
  return c;
}

}  // namespace gradbooth::models
