#include "booth_setup.h"

#include "durable_file.h"  // read_file_bytes
#include "image/profile.h"
#include "thresholds.h"

namespace gradbooth::core {

// `config` was loaded strictly (load_config): [standard] is already read and the profile's path
// resolved, so only the two files it names and the [checks] layering are left to do here.
Result<BoothSetup> booth_setup(Config config) {
  std::filesystem::path profile = config.standard_profile;
  if (profile.empty()) profile = config.file.parent_path() / models::kDefaultProfilePath;
  auto fail = [&](const Error &why) -> Error {
    return make_error("config.profile", "[standard] profile " + profile.string() + ": " + why.message_en,
                      "[standard] profile " + profile.string() + "：" + why.message_zh);
  };
  auto text = read_file_bytes(profile);
  if (!text) return fail(text.error());
  auto standard = models::parse_standard(*text);
  if (!standard) return fail(standard.error());
  auto from_profile = models::parse_thresholds(*text);
  if (!from_profile) return fail(from_profile.error());
  auto thresholds = models::parse_thresholds(config.raw_text, *from_profile);
  if (!thresholds) return thresholds.error();
  standard->thresholds = std::move(*thresholds);
  std::string model = config.landmark_model.empty() ? models::kDefaultLandmarkModel : config.landmark_model;
  return BoothSetup{std::move(config), std::move(*standard), std::move(model)};
}

}  // namespace gradbooth::core
