#include "idcard/transport.h"

namespace gradbooth::idcard {

Result<std::unique_ptr<Transport>> make_transport(const TransportConfig &cfg) {
  if (cfg.kind == "pcsc") return make_pcsc_transport(cfg);
  if (cfg.kind == "serial") return make_serial_transport(cfg);
  if (cfg.kind == "usb") return make_usb_transport(cfg);
  return make_error("card.config", "unknown card transport \"" + cfg.kind + "\" (pcsc, usb or serial)",
                    "未知的读卡器连接方式“" + cfg.kind + "”（应为 pcsc、usb 或 serial）");
}

}  // namespace gradbooth::idcard
