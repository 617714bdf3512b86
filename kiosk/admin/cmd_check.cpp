// gradbooth-admin check PHOTO... [--out DIR] [--json] [--all] [--config PATH]
// The batch side of the pipeline (方式二): verdict per photo and the standard JPEG. Each photo
// stands alone: a bad file is reported and the batch goes on; the exit code says whether every
// photo passed (0), some did not or could not be read (1), or the command itself was misused (2);
// the rest of the codes are exit_codes.h's.
#include "commands.h"
#include "exit_codes.h"
#include "options.h"

#include "analyzer.h"

#include <core/booth_setup.h>
#include <core/cli_support.h>

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

const CommandSpec kSpec{"check",
                        "check PHOTO... [--out DIR] [--json] [--all] [--config PATH]",
                        R"(Checks camera originals against the image standard of the config's profile and cuts the
standard photo. Default standard (config/profiles/xinhua-960x1280.toml, SPEC §5): 960×1280
at 300 dpi, 550–650 KB, head and shoulders on light blue: crown 100–220 px from the top,
eye line 400–600 px, face 360–600 px wide cheek to cheek, chin at most 853 px (a third of
upper body), both shoulders in the photo and level. (The notice's 0.6–0.8 cm head-top and
1.0–1.5 cm cheek figures belong to the old 480×640 file: legacy-480x640.toml.)
Each photo stands alone: a bad file is reported and the others go on. Exit 1 when some photo
needs a retake or could not be read.)",
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
    return make_error("file.too_large", path.string() + " is too large to be a camera photo", path.string() + " 文件过大，不是相机照片");
  std::ifstream in(path, std::ios::binary);
  if (!in) return make_error("file.unreadable", "cannot open " + path.string(), "无法打开文件 " + path.string());
  return std::string(std::istreambuf_iterator<char>(in), {});
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
    std::printf("  %s %-18s %10.3f  %-36s %s / %s\n", c.pass ? "·" : (c.hard ? "✗" : "!"), c.id.c_str(), c.value, c.limit.c_str(),
                c.reason_zh.c_str(), c.reason_en.c_str());
  }
}

int run(const Options &opt) {
  if (opt.positional().empty()) return usage_error(kSpec, "give at least one photo");
  struct Choices {
    std::vector<std::string> photos;
    std::optional<std::string> out_dir;
    bool json, all;
  };
  const Choices choices{opt.positional(), opt.value("out"), opt.has("json"), opt.has("all")};
  const Choices *opts = &choices;
  // The one lookup every command uses; the file is checked strictly before it is used.
  auto config = core::cli::config_for(opt.config_flags());
  if (!config) return core::cli::config_failed("check", config.error());
  auto setup = core::booth_setup(std::move(*config));
  if (!setup) return failed(kSpec, setup.error());
  if (opts->out_dir) {
    std::error_code ec;
    fs::create_directories(*opts->out_dir, ec);
    if (ec) {
      std::fprintf(stderr, "gradbooth-admin check: cannot create %s: %s\n", opts->out_dir->c_str(), ec.message().c_str());
      return exit_code::kRuntime;
    }
  }
  auto analyzer = Analyzer::load(setup->landmark_model, setup->standard);
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
      checks.push_back({{"id", c.id},
                        {"pass", c.pass},
                        {"hard", c.hard},
                        {"value", number(c.value)},
                        {"limit", c.limit},
                        {"reason_zh", c.reason_zh},
                        {"reason_en", c.reason_en}});
    entry["checks"] = checks;
    entry["crop"] = {{"fits", r.crop.fits},
                     {"source",
                      {{"x", number(r.crop.source.x)},
                       {"y", number(r.crop.source.y)},
                       {"width", number(r.crop.source.width)},
                       {"height", number(r.crop.source.height)}}},
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

}  // namespace

extern const Command kCheckCommand{kSpec, run, "verdict and standard JPEG of camera originals"};

}  // namespace gradbooth::admin
