// gradbooth-admin check PHOTO... [--out DIR] [--json] [--all] [--config PATH]
// The batch side of the pipeline (方式二): verdict per photo and the standard JPEG. Each photo
// stands alone: a bad file is reported and the batch goes on; the exit code says whether every
// photo passed (0), some did not or could not be read (1), or the command itself was misused (2);
// the rest of the codes are exit_codes.h's.
#include "commands.h"
#include "exit_codes.h"
#include "options.h"

#include "analyzer.h"
#include "image/profile.h"
#include "thresholds.h"

#include <core/cli_support.h>
#include <core/config.h>

#include <nlohmann/json.hpp>

#include <unistd.h>

#include <algorithm>
#include <cmath>
#include <cstdio>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <iterator>
#include <optional>
#include <string>
#include <system_error>
#include <vector>

namespace gradbooth::admin {
namespace {

namespace fs = std::filesystem;
using nlohmann::json;
using namespace gradbooth::models;

// A camera original is a few tens of MB; anything far larger is not one (and must not be read
// into memory whole).
constexpr std::uintmax_t kMaxPhotoBytes = 200ull * 1024 * 1024;

const CommandSpec kSpec{
    "check",
    "check PHOTO... [--out DIR] [--json] [--all] [--config PATH]",
    "Checks camera originals against the image standard of the config's profile and cuts the\n"
    "standard photo. Default standard (config/profiles/xinhua-960x1280.toml, SPEC §5): 960×1280\n"
    "at 300 dpi, 550–650 KB, head and shoulders on light blue: crown 100–220 px from the top,\n"
    "eye line 400–600 px, face 360–600 px wide cheek to cheek, chin at most 853 px (a third of\n"
    "upper body), both shoulders in the photo and level. (The notice's 0.6–0.8 cm head-top and\n"
    "1.0–1.5 cm cheek figures belong to the old 480×640 file: legacy-480x640.toml.)\n"
    "Each photo stands alone: a bad file is reported and the others go on. Exit 1 when some photo\n"
    "needs a retake or could not be read.",
    {{"out", "DIR", "write each passing photo's standard JPEG to DIR/<name>.jpg"},
     {"all", "", "also write the JPEG of photos that need a retake (for review)"},
     {"json", "", "one JSON array with every check and measure instead of the table"},
     kConfigOption}};

Result<std::string> read_file(const fs::path &path, std::uintmax_t max_bytes) {
  std::error_code ec;
  const auto size = fs::file_size(path, ec);
  if (ec)
    return make_error("file.unreadable", "cannot read " + path.string() + ": " + ec.message(),
                      "无法读取文件 " + path.string() + "：" + ec.message());
  if (size > max_bytes)
    return make_error("file.too_large", path.string() + " is too large to be a camera photo",
                      path.string() + " 文件过大，不是相机照片");
  std::ifstream in(path, std::ios::binary);
  if (!in) return make_error("file.unreadable", "cannot open " + path.string(), "无法打开文件 " + path.string());
  return std::string(std::istreambuf_iterator<char>(in), {});
}

struct Setup {
  Standard standard;
  std::string model_path;
};

Result<Setup> load_setup(const fs::path &config_path) {
  auto config_text = read_file(config_path, 1 << 20);
  if (!config_text) return config_text.error();
  auto config = parse_standard_config(*config_text);
  if (!config) return config.error();
  const fs::path profile_path = config_path.parent_path() / config->profile_path;
  auto profile_text = read_file(profile_path, 1 << 20);
  if (!profile_text) return profile_text.error();
  auto profile = parse_profile(*profile_text);
  if (!profile) return profile.error();
  // Defaults → the profile's [checks] → gradbooth.toml's [checks].
  auto from_profile = parse_thresholds(*profile_text);
  if (!from_profile) return from_profile.error();
  auto thresholds = parse_thresholds(*config_text, *from_profile);
  if (!thresholds) return thresholds.error();
  Setup s;
  s.standard.profile = std::move(profile.value());
  s.standard.thresholds = std::move(thresholds.value());
  s.model_path = config->landmark_model_path;
  return s;
}

json number(double v) { return std::isfinite(v) ? json(v) : json(nullptr); }

json error_json(const Error &e) { return {{"code", e.code}, {"message_en", e.message_en}, {"message_zh", e.message_zh}}; }

// Written to a temp name then renamed, so a crash never leaves half a JPEG under the real name.
Status write_atomically(const fs::path &path, const std::vector<std::uint8_t> &bytes) {
  const fs::path tmp = path.string() + ".tmp";
  {
    std::ofstream out(tmp, std::ios::binary | std::ios::trunc);
    out.write(reinterpret_cast<const char *>(bytes.data()), static_cast<std::streamsize>(bytes.size()));
    if (!out) return make_error("file.write", "cannot write " + tmp.string(), "无法写入 " + tmp.string());
  }
  std::error_code ec;
  fs::rename(tmp, path, ec);
  if (ec) return make_error("file.write", "cannot rename " + tmp.string() + ": " + ec.message(), "无法重命名 " + tmp.string());
  return {};
}

void print_table_row(const std::string &file, const PhotoReport &r, const std::string &output) {
  std::printf("%s  %s%s%s\n", file.c_str(), r.pass ? "PASS" : "RETAKE", output.empty() ? "" : "  → ", output.c_str());
  for (const auto &c : r.checks) {
    if (c.pass && c.reason_en.empty()) continue;  // the table shows what needs attention
    std::printf("  %s %-18s %10.3f  %-36s %s / %s\n", c.pass ? "·" : (c.hard ? "✗" : "!"), c.id.c_str(), c.value,
                c.limit.c_str(), c.reason_zh.c_str(), c.reason_en.c_str());
  }
}

} // namespace

int cmd_check(const Args &args) {
  auto parsed = parse_options(kSpec, args);
  if (auto *rc = std::get_if<int>(&parsed)) return *rc;
  const Options &opt = std::get<Options>(parsed);
  if (opt.positional().empty()) return usage_error(kSpec, "give at least one photo");
  struct Choices {
    std::vector<std::string> photos;
    std::optional<std::string> out_dir;
    bool json, all;
  };
  const Choices choices{opt.positional(), opt.value("out"), opt.has("json"), opt.has("all")};
  const Choices *opts = &choices;
  // The one lookup every command uses; the file is checked strictly before it is used.
  std::optional<fs::path> given;
  if (auto c = opt.value("config")) given = fs::path(*c);
  const auto config_path = core::find_config(given);
  if (!config_path) return core::cli::config_failed("check", config_path.error());
  if (auto strict = core::load_config(*config_path); !strict) return core::cli::config_failed("check", strict.error());
  auto setup = load_setup(*config_path);
  if (!setup) {
    std::fprintf(stderr, "gradbooth-admin check: %s: %s\n", config_path->c_str(), setup.error().message_en.c_str());
    return exit_code::kRuntime;
  }
  if (opts->out_dir) {
    std::error_code ec;
    fs::create_directories(*opts->out_dir, ec);
    if (ec) {
      std::fprintf(stderr, "gradbooth-admin check: cannot create %s: %s\n", opts->out_dir->c_str(), ec.message().c_str());
      return exit_code::kRuntime;
    }
  }
  auto analyzer = Analyzer::load(setup->model_path, setup->standard);
  if (!analyzer) {
    std::fprintf(stderr, "gradbooth-admin check: %s\n", analyzer.error().message_en.c_str());
    return exit_code::kRuntime;
  }

  bool all_pass = true;
  json results = json::array();
  for (const auto &photo : opts->photos) {
    json entry = {{"file", photo}};
    auto bytes = read_file(photo, kMaxPhotoBytes);
    Result<PhotoReport> report = bytes ? (*analyzer)->check(std::span(reinterpret_cast<const std::uint8_t *>(bytes->data()), bytes->size()))
                                       : Result<PhotoReport>(bytes.error());
    if (!report) {
      all_pass = false;
      entry["verdict"] = "error";
      entry["error"] = error_json(report.error());
      if (!opts->json)
        std::printf("%s  ERROR  %s / %s\n", photo.c_str(), report.error().message_zh.c_str(), report.error().message_en.c_str());
      results.push_back(entry);
      continue;
    }
    const PhotoReport &r = *report;
    all_pass = all_pass && r.pass;
    std::string output;
    if (opts->out_dir && !r.spec_jpeg.empty() && (r.pass || opts->all)) {
      const fs::path path = fs::path(*opts->out_dir) / (fs::path(photo).stem().string() + ".jpg");
      if (auto st = write_atomically(path, r.spec_jpeg); !st) {
        all_pass = false;
        entry["error"] = error_json(st.error());
      } else {
        output = path.string();
      }
    }
    entry["verdict"] = r.pass ? "pass" : "retake";
    json checks = json::array();
    for (const auto &c : r.checks)
      checks.push_back({{"id", c.id}, {"pass", c.pass}, {"hard", c.hard}, {"value", number(c.value)}, {"limit", c.limit},
                        {"reason_zh", c.reason_zh}, {"reason_en", c.reason_en}});
    entry["checks"] = checks;
    entry["crop"] = {{"fits", r.crop.fits},
                     {"source", {{"x", number(r.crop.source.x)}, {"y", number(r.crop.source.y)},
                                 {"width", number(r.crop.source.width)}, {"height", number(r.crop.source.height)}}},
                     {"scale", number(r.crop.scale)},
                     {"upscales", r.crop.upscales},
                     {"reason_en", r.crop.reason_en},
                     {"reason_zh", r.crop.reason_zh}};
    entry["jpeg_quality"] = r.jpeg_quality;
    entry["jpeg_bytes"] = r.spec_jpeg.size();
    entry["output"] = output.empty() ? json(nullptr) : json(output);
    entry["measures"] = json::parse(r.measures_json, nullptr, false);
    // No face at all is what a wrong file usually looks like: say so as plainly as an error.
    if (!r.checks.empty() && r.checks.front().id == "faces" && r.checks.front().value == 0 && !entry.contains("error"))
      entry["error"] = error_json(make_error("face.none", "no face found in the photo", "照片中没有检测到人脸"));
    if (!opts->json) print_table_row(photo, r, output);
    results.push_back(entry);
  }
  if (opts->json) std::printf("%s\n", results.dump(2).c_str());
  return all_pass ? exit_code::kOk : exit_code::kSomeFailed;
}

} // namespace gradbooth::admin
