// Where a batch keeps its files, in one place for the store, its recovery, the export and the
// supervisor panel. Under <data_dir>/<batch>/:
//   session.sqlite   WAL, foreign keys, schema version in user_version
//   .lock            flock: whoever opens the batch alone repairs it
//   originals/       camera files, untouched (A<attempt>.jpg)
//   attempts/        the spec photo of every attempt (A<attempt>.jpg), accepted or not
//   photos/NNNN.jpg  the accepted photo of each live sequence number
//   exports/
//   quarantine/<UTC time>/{originals,attempts,photos}/…  files recovery could not account for
#pragma once

#include <gradbooth/result.h>

#include <compare>
#include <cstdint>
#include <filesystem>
#include <optional>
#include <string>
#include <string_view>

namespace gradbooth::core {

// 0001–9999: the photo's file name and the database's 拍摄序号.
struct SequenceNumber {
  int value = 0;
  std::string text() const;  // "0042"
  std::string file_name() const { return text() + ".jpg"; }
  friend bool operator==(SequenceNumber, SequenceNumber) = default;
  friend auto operator<=>(SequenceNumber, SequenceNumber) = default;
};

using AttemptId = std::int64_t;

struct BatchLayout {
  std::filesystem::path dir;  // <data_dir>/<batch>

  std::filesystem::path database() const { return dir / "session.sqlite"; }
  std::filesystem::path lock_file() const { return dir / ".lock"; }
  std::filesystem::path originals() const { return dir / "originals"; }
  std::filesystem::path attempts() const { return dir / "attempts"; }
  std::filesystem::path photos() const { return dir / "photos"; }
  std::filesystem::path exports() const { return dir / "exports"; }
  std::filesystem::path quarantine() const { return dir / "quarantine"; }

  std::filesystem::path original_of(AttemptId a) const;  // originals/A<a>.jpg
  std::filesystem::path spec_of(AttemptId a) const;      // attempts/A<a>.jpg
  std::filesystem::path photo_of(SequenceNumber n) const { return photos() / n.file_name(); }
};

// "A12.jpg": an attempt's file name in originals/ and attempts/.
std::string attempt_file(AttemptId id);
// "A12.jpg" → 12; nullopt for any other name.
std::optional<AttemptId> attempt_id_of(const std::string &name);
// "0042.jpg" → 42; nullopt for any other name.
std::optional<int> photo_number_of(const std::string &name);
// write_file_durable's ".NAME.tmp": a write that never reached its rename.
bool is_temp_name(const std::string &name);
// Photo files under the batch folder that only a database can account for (temp files aside).
int photo_files_in(const BatchLayout &batch);

// <data_dir>/<batch>; error when the batch name could escape the folder.
Result<std::filesystem::path> batch_dir(const std::filesystem::path &data_dir, std::string_view batch);
bool valid_batch_name(std::string_view batch);

}  // namespace gradbooth::core
