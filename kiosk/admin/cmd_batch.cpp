// gradbooth-admin batch --roster R --photos DIR --out DIR [--batch B] [--config P] [--data-dir D] [--zip] [--gbk]
// Method 2 (方式二): imports the roster, runs every photo through the models Analyzer (same checks
// and crop as the booth), numbers the passing ones in the batch's store and exports the package.
// Every photo that failed is listed with its reason (also in <out>.report.csv).
// Exit 0 all photos numbered, 1 some failed or are missing, 2 usage, 3 nothing done.
#include "commands.h"

#include "analyzer.h"
#include "image/profile.h"
#include "thresholds.h"

#include <core/batch.h>
#include <core/cli_support.h>
#include <core/durable_file.h>

#include <algorithm>
#include <cstdio>
#include <sstream>

namespace gradbooth::admin {

namespace {

Result<std::unique_ptr<models::Analyzer>> load_analyzer(const core::Config &cfg) {
  auto profile_text = core::read_file_bytes(cfg.standard_profile);
  if (!profile_text)
    return make_error("batch.profile", "cannot read the image-standard profile " + cfg.standard_profile.string(),
                      "无法读取图像标准文件 " + cfg.standard_profile.string());
  auto standard = models::parse_standard(*profile_text);
  if (!standard) return standard.error();
  // Thresholds: built-in defaults → the profile's [checks] → gradbooth.toml's [checks].
  auto from_profile = models::parse_thresholds(*profile_text);
  if (!from_profile) return from_profile.error();
  auto from_config = models::parse_thresholds(cfg.raw_text, *from_profile);
  if (!from_config) return from_config.error();
  standard->thresholds = *from_config;
  std::string model = "/usr/share/dlib/shape_predictor_68_face_landmarks.dat";
  if (auto sc = models::parse_standard_config(cfg.raw_text); sc && !sc->landmark_model_path.empty())
    model = sc->landmark_model_path;
  return models::Analyzer::load(model, *standard);
}

} // namespace

int cmd_batch(const Args &args) {
  using namespace gradbooth::core;
  const auto f = cli::parse_flags(args);
  if (f.help || !f.roster || !f.photos || !f.out || !f.unknown.empty() || !f.positional.empty()) {
    std::fprintf(f.help ? stdout : stderr,
                 "usage: gradbooth-admin batch --roster R --photos DIR --out DIR [--batch B] [--zip] [--gbk] "
                 "[--config PATH] [--data-dir DIR]\n");
    if (!f.unknown.empty()) std::fprintf(stderr, "unknown option: %s\n", f.unknown.c_str());
    return f.help ? 0 : 2;
  }
  auto cfg = cli::config_for(f);
  if (!cfg) return cli::config_failed("batch", cfg.error());
  auto parsed = parse_roster_file(*f.roster, cfg->roster);
  if (!parsed) {
    cli::say_error("batch", parsed.error());
    return 3;
  }
  for (const auto &i : parsed->issues)
    std::printf("名单第 %d 行 / roster row %d [%s] %s | %s\n", i.row, i.row, i.code.c_str(), i.message_zh.c_str(),
                i.message_en.c_str());
  auto store = Store::open(cli::store_options(*cfg));
  if (!store) {
    cli::say_error("batch", store.error());
    return 3;
  }
  if (auto imp = store->import_roster(parsed->entries); !imp) {
    cli::say_error("batch", imp.error());
    return 3;
  }
  auto analyzer = load_analyzer(*cfg);
  if (!analyzer) {
    cli::say_error("batch", analyzer.error());
    return 3;
  }
  PhotoChecker checker = [&](std::span<const std::uint8_t> jpeg) -> Result<CheckedPhoto> {
    auto r = (*analyzer)->check(jpeg);
    if (!r) return r.error();
    CheckedPhoto c;
    c.pass = r->pass;
    for (const auto &k : r->checks)
      if (k.hard && !k.pass) {
        c.failed_checks.push_back(k.id);
        // Checks that cannot be measured repeat one sentence ("no single face…"): say it once.
        const std::string zh = k.reason_zh.empty() ? k.id : k.reason_zh;
        if (std::find(c.reasons_zh.begin(), c.reasons_zh.end(), zh) != c.reasons_zh.end()) continue;
        c.reasons_zh.push_back(zh);
        c.reasons_en.push_back(k.reason_en.empty() ? k.id : k.reason_en);
      }
    c.spec_jpeg = std::move(r->spec_jpeg);
    c.measures_json = std::move(r->measures_json);
    std::ostringstream crop;
    crop << "{\"jpeg_quality\":" << r->jpeg_quality << "}";
    c.crop_json = crop.str();
    return c;
  };
  PackageOptions o;
  o.out = *f.out;
  o.zip = f.zip;
  o.gbk = f.gbk;
  auto rep = run_batch(*store, *f.photos, checker, cfg->station, o);
  if (!rep) {
    cli::say_error("batch", rep.error());
    return 3;
  }
  for (const auto &i : rep->items) {
    if (i.ok)
      std::printf("%s  → %s  %s\n", i.file.c_str(), i.number->text().c_str(), i.name.c_str());
    else
      std::printf("%s  ✗ [%s] %s | %s\n", i.file.c_str(), i.code.c_str(), i.reason_zh.c_str(), i.reason_en.c_str());
  }
  for (const auto &m : rep->missing) std::printf("缺少照片 / no photo: %s\n", m.c_str());
  std::printf("编号 %d 张，失败 %d 张，缺少 %zu 人 / numbered %d, failed %d, missing %zu\n", rep->numbered, rep->failed,
              rep->missing.size(), rep->numbered, rep->failed, rep->missing.size());
  if (rep->package) std::printf("数据包 / package: %s (%d photos)\n", rep->package->dir.c_str(), rep->package->photos);
  if (!rep->report_csv.empty()) std::printf("报告 / report: %s\n", rep->report_csv.c_str());
  return rep->failed == 0 && rep->missing.empty() ? 0 : 1;
}

} // namespace gradbooth::admin
