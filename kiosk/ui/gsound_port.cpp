#include "gsound_port.h"

#include <gsound.h>

#include <cstdio>

namespace gradbooth::ui {

namespace {

class GSoundPort final : public SoundPort {
public:
  explicit GSoundPort(GSoundContext *ctx) : ctx_(ctx) {}
  ~GSoundPort() override { g_object_unref(ctx_); }
  GSoundPort(const GSoundPort &) = delete;
  GSoundPort &operator=(const GSoundPort &) = delete;

  void play(Cue cue) override {
    // A booth without a sound card fails every time (and alsa-lib writes a dozen lines to stderr
    // each time): after a few failures in a row it stays silent until the next start.
    if (failures_ >= kGiveUpAfter) return;
    GError *err = nullptr;
    // play_simple hands the sound to libcanberra's own thread and returns at once.
    if (gsound_context_play_simple(ctx_, nullptr, &err, GSOUND_ATTR_EVENT_ID, cue_event_id(cue), GSOUND_ATTR_EVENT_DESCRIPTION,
                                   cue_name(cue), nullptr)) {
      failures_ = 0;
    } else if (++failures_ == kGiveUpAfter) {
      std::fprintf(stderr, "gradbooth: sound off until restart: %s could not be played (%s)\n", cue_event_id(cue),
                   err ? err->message : "?");
    }
    if (err) g_error_free(err);
  }

private:
  static constexpr int kGiveUpAfter = 3;
  GSoundContext *ctx_;
  int failures_ = 0;
};

}  // namespace

std::unique_ptr<SoundPort> make_gsound_port() {
  GError *err = nullptr;
  GSoundContext *ctx = gsound_context_new(nullptr, &err);
  if (!ctx) {
    std::fprintf(stderr, "gradbooth: no sound: %s\n", err ? err->message : "?");
    if (err) g_error_free(err);
    return nullptr;
  }
  // The freedesktop theme is what Debian's sound-theme-freedesktop installs.
  gsound_context_set_attributes(ctx, nullptr, GSOUND_ATTR_CANBERRA_XDG_THEME_NAME, "freedesktop", GSOUND_ATTR_APPLICATION_ID,
                                "org.gradbooth.Booth", nullptr);
  return std::make_unique<GSoundPort>(ctx);
}

}  // namespace gradbooth::ui
