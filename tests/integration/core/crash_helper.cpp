// Runs the store's write paths in a loop until it is killed (SIGKILL) by test_crash: accepts new
// students, retakes, voids, exports. After each committed step it prints one line on stdout, so
// the parent knows what must survive:   A <id_number> <seq>   |   V <seq>   |   E <dir>
// usage: core_crash_helper DATA_DIR SPEC_FILE STUDENTS SEED
#include <core/durable_file.h>
#include <core/package.h>
#include <core/store.h>

#include <cstdio>
#include <cstdlib>
#include <random>
#include <string>
#include <unistd.h>

using namespace gradbooth::core;

int main(int argc, char **argv) {
  if (argc != 5) return 2;
  StoreOptions o;
  o.data_dir = argv[1];
  o.batch = "crash";
  auto s = Store::open(o);
  if (!s) {
    std::fprintf(stderr, "open: %s\n", s.error().message_en.c_str());
    return 3;
  }
  auto spec = read_file_bytes(argv[2]);
  if (!spec) return 3;
  const int students = std::atoi(argv[3]);
  std::mt19937 rng(static_cast<unsigned>(std::atoi(argv[4])));
  auto id_of = [](int i) {
    char d17[32];
    std::snprintf(d17, sizeof d17, "370303199901%05d", i % 100000);
    return std::string(d17) + id_number_check_char(d17);
  };
  if (*s->roster_size() < students) {
    std::vector<RosterEntry> r;
    for (int i = 0; i < students; ++i) {
      RosterEntry e;
      e.id_number = id_of(i);
      e.student_number = "C" + std::to_string(i);
      e.name = "学生" + std::to_string(i);
      e.gender = gender_from_id(e.id_number);
      e.level = "成人专科";
      r.push_back(e);
    }
    if (!s->import_roster(r)) return 3;
  }
  const std::string original = "original bytes of a camera file, not a real JPEG";
  int next_student = 0;
  for (int step = 0;; ++step) {
    const int dice = static_cast<int>(rng() % 100);
    if (dice < 2) {
      PackageOptions po;
      po.out = s->dir() / "exports" / ("e" + std::to_string(getpid()) + "-" + std::to_string(step));
      auto e = export_batch(*s, StationConfig{}, po);
      if (e) std::printf("E %s\n", po.out.c_str());
      std::fflush(stdout);
      continue;
    }
    if (dice < 6) {
      auto photos = s->accepted_photos();
      if (photos && !photos->empty()) {
        const auto n = (*photos)[rng() % photos->size()].number;
        if (s->void_number(n, {"crash-test", "void"})) std::printf("V %d\n", n.value);
        std::fflush(stdout);
      }
      continue;
    }
    // New student, or (dice < 20) a retake of a random earlier one.
    int who = next_student;
    if (dice < 20 && next_student > 0) who = static_cast<int>(rng() % static_cast<unsigned>(next_student));
    else next_student = (next_student + 1) % students;
    const std::string id = id_of(who);
    AttemptInput in;
    in.id_number = id;
    in.original_jpeg = gradbooth::core::as_bytes(original);
    in.spec_jpeg = gradbooth::core::as_bytes(*spec);
    in.pass = true;
    auto a = s->record_attempt(in);
    if (!a) continue;
    auto n = s->accept(*a);
    if (n) std::printf("A %s %d\n", id.c_str(), n->value);
    std::fflush(stdout);
  }
}
