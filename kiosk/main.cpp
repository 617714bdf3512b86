// gradbooth: the booth daemon. `gradbooth --help` lists the options; the defaults come from
// the config file (see config/gradbooth.toml), so the kiosk unit runs it without arguments.
#include "ui/app.h"

#include "core/config.h"
#include "gradbooth_version.h"

#include <gradbooth/arg_cursor.h>

#include <malloc.h>
#include <sys/stat.h>

#include <algorithm>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <string>

namespace {

void usage() {
  std::puts("usage: gradbooth [options]\n"
            "  --config PATH          config file (default: $GRADBOOTH_CONFIG, /etc/gradbooth/gradbooth.toml)\n"
            "  --data-dir DIR         where batches live (default: [booth].data_dir)\n"
            "  --batch NAME           batch to open (default: [booth].batch)\n"
            "  --lang zh_CN|en        start language (default: [ui].language)\n"
            "  --camera-port PORT     libgphoto2 port, e.g. ptpip:127.0.0.1:25740:25741\n"
            "  --camera-replay PATH   play a video or JPEG folder instead of a camera\n"
            "  --card-transport KIND  pcsc | usb | serial | none\n"
            "  --roster FILE          import a roster (CSV/XLSX) into the batch at start\n"
            "  --landmarks FILE       dlib 68-landmark model\n"
            "  --perf-log FILE        write timing figures at exit\n"
            "  --app-id ID            D-Bus name (default org.gradbooth.Booth)\n"
            "  --windowed             do not go fullscreen\n"
            "  --test-port            enable the test-card actions (tests and demo only)\n"
            "  --check-config         check the config file and exit (0, or 78 when it is wrong)\n"
            "  --panel-lock-s N       lock the open supervisor panel after N s untouched (default 60)\n"
            "  --pin-backoff-s N      first lockout after 5 wrong PINs, doubling after (default 30)\n"
            "  --version              print the version and exit");
}

}  // namespace

int main(int argc, char **argv) {
  ::umask(077);  // personal data: private files even when started by hand (the unit sets UMask=0077 too)
  // Each student's 24 MP capture passes through buffers of 4–70 MB (JPEG, decode, crop, review
  // texture). glibc raises its mmap threshold to the size of the first one freed, so later ones
  // come from the heap and stay resident in pieces: the booth then sat ~55 MB higher all day
  // (soak: 336 MB against 282 MB after 30 students). A fixed threshold gives them back at once.
  mallopt(M_MMAP_THRESHOLD, 2 * 1024 * 1024);
  gradbooth::ui::AppOptions o;
  bool check_only = false;
  gradbooth::ArgCursor args(argc, argv, "gradbooth");
  while (args.next()) {
    const std::string &a = args.arg();
    auto value = [&args] { return args.value(); };
    if (a == "--config") o.config = value();
    else if (a == "--data-dir") o.data_dir = value();
    else if (a == "--batch") o.batch = value();
    else if (a == "--lang") o.lang = value();
    else if (a == "--camera-port") o.camera_port = value();
    else if (a == "--camera-replay") o.camera_replay = value();
    else if (a == "--card-transport") o.card_transport = value();
    else if (a == "--roster") o.roster = value();
    else if (a == "--landmarks") o.landmark_model = value();
    else if (a == "--perf-log") o.perf_log = value();
    else if (a == "--app-id") o.app_id = value();
    else if (a == "--windowed") o.windowed = true;
    else if (a == "--test-port") o.test_port = true;
    else if (a == "--check-config") check_only = true;
    else if (a == "--panel-lock-s") o.panel_lock_s = std::max(1, std::atoi(value().c_str()));
    else if (a == "--pin-backoff-s") o.pin_backoff_s = std::max(1, std::atoi(value().c_str()));
    else if (a == "--version") {
      std::printf("gradbooth %s\n", GRADBOOTH_VERSION);
      return 0;
    } else if (a == "--help" || a == "-h") {
      usage();
      return 0;
    } else {
      std::fprintf(stderr, "gradbooth: unknown option %s\n", a.c_str());
      usage();
      return 2;
    }
  }
  // A bad config file exits 78 (EX_CONFIG) before anything starts: the unit's
  // RestartPreventExitStatus=78 then stops instead of restarting into the same typo.
  if (auto cfg = gradbooth::core::load_config_auto(o.config); !cfg) {
    std::fprintf(stderr, "gradbooth: %s\n  %s [%s]\n", cfg.error().message_zh.c_str(), cfg.error().message_en.c_str(),
                 cfg.error().code.c_str());
    return 78;
  }
  if (check_only) return 0;
  return gradbooth::ui::run_booth(o);
}
