// gradbooth-admin batch --roster R --photos DIR --out DIR [--batch B] [--config P] [--data-dir D] [--zip] [--gbk]
// Method 2 (方式二): imports the roster, runs every photo through the models Analyzer (same checks
// and crop as the booth), numbers the passing ones in the batch's store and exports the package.
// Every photo that failed is listed with its reason (also in <out>.report.csv).
// Exit codes: exit_codes.h (1: some photos failed or some students have none).
#include "commands.h"

#include "analyzer.h"

#include <core/batch.h>
#include "exit_codes.h"
#include "options.h"
#include "report_file.h"

#include <core/booth_setup.h>
#include <core/cli_support.h>

#include <algorithm>
#include <cstdio>
#include <sstream>

namespace gradbooth::admin {

namespace {

const CommandSpec kSpec{"batch",
                        "batch --roster R --photos DIR --out DIR [--batch B] [--zip] [--gbk] [--report FILE.html] [--quiet]\n"
                        "      [--config PATH] [--data-dir DIR]",
                        R"(Method 2 (方式二): imports the roster, runs every photo in DIR (named by ID number or student
number) through the booth's checks and crop, numbers the passing ones and exports the package.
Every failed photo is listed with its reason, also in OUT.report.csv. Exit 1 when some photos
failed or some students have none.)",
                        package_options({{"roster", "R", "the roster (CSV or XLSX)"}, {"photos", "DIR", "the folder of collected photos"}},
                                        {"report", "FILE.html", "also write the batch's HTML report (see gradbooth-admin report)"})};

int run(const Options &opt) {
  using namespace gradbooth::core;
  for (const char *required : {"roster", "photos", "out"})
    if (!opt.value(required)) return usage_error(kSpec, std::string("--") + required + " is required");
  if (!opt.positional().empty()) return usage_error(kSpec, "unexpected argument " + opt.positional()[0]);
  const auto f = opt.config_flags();
  auto cfg = cli::config_for(f);
  if (!cfg) return cli::config_failed("batch", cfg.error());
  auto roster = parse_roster_file(*opt.value("roster"), cfg->roster);
  if (!roster) return failed(kSpec, roster.error());
  for (const auto &i : roster->issues)
    std::printf("名单第 %d 行 / roster row %d [%s] %s | %s\n", i.row, i.row, i.code.c_str(), i.message_zh.c_str(), i.message_en.c_str());
  auto store = Store::open(cli::store_options(*cfg));
  if (!store) return failed(kSpec, store.error());
  if (auto imp = store->import_roster(roster->entries); !imp) return failed(kSpec, imp.error());
  auto setup = booth_setup(*cfg);
  if (!setup) return failed(kSpec, setup.error());
  auto analyzer = models::Analyzer::load(setup->landmark_model, setup->standard);
  if (!analyzer) return failed(kSpec, analyzer.error());
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
  o.out = *opt.value("out");
  o.zip = opt.has("zip");
  o.gbk = opt.has("gbk");
  // Two bars: checking the photos, then writing the package.
  ProgressDisplay checking("check", progress_mode(opt)), exporting("export", progress_mode(opt));
  o.progress = [&](int done, int total, std::string_view item) {
    checking.finish();
    exporting.step(done, total, item);
  };
  auto rep = run_batch(*store, *opt.value("photos"), checker, cfg->station, o, checking.fn());
  exporting.finish();
  if (!rep) return failed(kSpec, rep.error());
  for (const auto &i : rep->items) {
    if (i.ok) std::printf("%s  → %s  %s\n", i.file.c_str(), i.number->text().c_str(), i.name.c_str());
    else std::printf("%s  ✗ [%s] %s | %s\n", i.file.c_str(), i.code.c_str(), i.reason_zh.c_str(), i.reason_en.c_str());
  }
  for (const auto &m : rep->missing) std::printf("缺少照片 / no photo: %s\n", m.c_str());
  std::printf("编号 %d 张，失败 %d 张，缺少 %zu 人 / numbered %d, failed %d, missing %zu\n", rep->numbered, rep->failed,
              rep->missing.size(), rep->numbered, rep->failed, rep->missing.size());
  if (rep->package) std::printf("数据包 / package: %s (%d photos)\n", rep->package->dir.c_str(), rep->package->photos);
  if (!rep->report_csv.empty()) std::printf("报告 / report: %s\n", rep->report_csv.c_str());
  if (auto html = opt.value("report")) {
    if (auto written = write_report(*store, cfg->booth.batch, *html); !written) return failed(kSpec, written.error());
    std::printf("HTML 报告 / HTML report: %s\n", html->c_str());
  }
  return rep->failed == 0 && rep->missing.empty() ? exit_code::kOk : exit_code::kSomeFailed;
}

}  // namespace

extern const Command kBatchCommand{kSpec, run, "roster + folder of collected photos → checked, numbered package"};

}  // namespace gradbooth::admin
