#include "booth_setup.h"

#include "durable_file.h"  // read_file_bytes
#include "image/profile.h"
#include "thresholds.h"

namespace gradbooth::core {

Result<BoothSetup> booth_setup(Config config) {
  auto from_config = models::parse_standard_config(config.raw_text);
  if (!from_config) return from_config.error();
  std::filesystem::path profile = config.standard_profile;
  if (profile.empty()) profile = config.file.parent_path() / from_config->profile_path;
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
  BoothSetup s{std::move(config), std::move(*standard), from_config->landmark_model_path};
  return s;
}

}  // namespace gradbooth::core
