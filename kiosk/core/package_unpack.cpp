// Unpacking a package zip into a private temp folder, refusing zip slips and zip bombs.
#include "package_unpack.h"
#include "try.h"

#include "durable_file.h"

#include <zip.h>

#include <cstdlib>
#include <memory>

namespace gradbooth::core {
namespace fs = std::filesystem;

TempDir::~TempDir() {
  std::error_code ec;
  if (!path.empty()) fs::remove_all(path, ec);
}

Result<std::unique_ptr<TempDir>> make_temp_dir(const char *what) {
  auto t = std::make_unique<TempDir>();
  std::string tmpl = (fs::temp_directory_path() / (std::string("gradbooth-") + what + "-XXXXXX")).string();
  if (!::mkdtemp(tmpl.data())) return make_error("verify.tmp", "cannot create a temp folder", "无法创建临时目录");
  t->path = tmpl;
  return t;
}

Status extract_zip(const fs::path &zip_path, const fs::path &to) {
  int err = 0;
  std::unique_ptr<zip_t, decltype(&zip_discard)> z(zip_open(zip_path.c_str(), ZIP_RDONLY, &err), &zip_discard);
  if (!z) return make_error("verify.zip", zip_path.string() + " is not a readable zip", zip_path.string() + " 不是可读取的压缩包");
  const zip_int64_t n = zip_get_num_entries(z.get(), 0);
  // Bounded before anything is written: at most 2 × 9999 photos plus a few files, and in total
  // twice the zip's own size plus 64 MB (photos are stored, the text files are small), so a
  // zip bomb is refused instead of filling /tmp.
  std::error_code ec;
  const std::uint64_t zip_size = fs::file_size(zip_path, ec);
  const std::uint64_t cap = 2 * zip_size + (64ull << 20);
  if (n < 0 || n > 2 * 9999 + 64)
    return make_error("verify.zip_entries", zip_path.string() + " has too many entries for a package",
                      zip_path.string() + " 中的条目过多，不是数据包");
  std::uint64_t declared = 0;
  for (zip_int64_t i = 0; i < n; ++i) {
    zip_stat_t st;
    if (zip_stat_index(z.get(), static_cast<zip_uint64_t>(i), 0, &st) != 0 || !(st.valid & ZIP_STAT_SIZE))
      return make_error("verify.zip", "bad zip entry " + std::to_string(i), "压缩包条目损坏");
    declared += st.size;
    if (st.size > (256u << 20) || declared > cap)
      return make_error("verify.zip_too_large",
                        zip_path.string() + " would extract to more than " + std::to_string(cap >> 20) + " MB (a zip bomb?); refused",
                        zip_path.string() + " 解压后将超过 " + std::to_string(cap >> 20) + " MB（疑似压缩炸弹），已拒绝");
  }
  std::uint64_t written = 0;
  for (zip_int64_t i = 0; i < n; ++i) {
    const char *raw = zip_get_name(z.get(), static_cast<zip_uint64_t>(i), ZIP_FL_ENC_GUESS);
    if (!raw) continue;
    const std::string name = raw;
    const fs::path rel = fs::path(name).lexically_normal();
    // Entries may not leave the folder (zip slip).
    if (rel.is_absolute() || rel.empty() || *rel.begin() == ".." || name.find('\\') != std::string::npos)
      return make_error("verify.zip_path", "unsafe path in zip: " + name, "压缩包中有不安全的路径：" + name);
    if (name.ends_with("/")) continue;
    zip_stat_t st;
    if (zip_stat_index(z.get(), static_cast<zip_uint64_t>(i), 0, &st) != 0 || st.size > (256u << 20))
      return make_error("verify.zip", "bad zip entry " + name, "压缩包条目损坏：" + name);
    std::unique_ptr<zip_file_t, decltype(&zip_fclose)> f(zip_fopen_index(z.get(), static_cast<zip_uint64_t>(i), 0), &zip_fclose);
    if (!f) return make_error("verify.zip", "cannot read " + name, "无法读取 " + name);
    written += st.size;
    if (written > cap) return make_error("verify.zip_too_large", "zip entries larger than declared", "压缩包条目大小与声明不符");
    std::string buf(static_cast<size_t>(st.size), '\0');
    zip_int64_t got = 0;
    while (static_cast<zip_uint64_t>(got) < st.size) {
      const zip_int64_t k = zip_fread(f.get(), buf.data() + got, st.size - static_cast<zip_uint64_t>(got));
      if (k <= 0) return make_error("verify.zip", "truncated " + name, "压缩包条目不完整：" + name);
      got += k;
    }
    const fs::path dst = to / rel;
    TRY(make_private_dirs(dst.parent_path()));
    TRY(write_file_durable(dst.parent_path(), dst.filename().string(), as_bytes(buf), false));
  }
  return {};
}

}  // namespace gradbooth::core
