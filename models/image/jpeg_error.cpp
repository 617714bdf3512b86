#include "jpeg_error.h"

#include <jerror.h>

namespace gradbooth::models::detail {
namespace {

[[noreturn]] void on_error_exit(j_common_ptr cinfo) {
  auto *m = reinterpret_cast<JpegErrorManager *>(cinfo->err);
  m->message_code = cinfo->err->msg_code;
  (*cinfo->err->format_message)(cinfo, m->message);
  std::longjmp(m->jump, 1);
}

void on_emit_message(j_common_ptr cinfo, int level) {
  if (level >= 0) return;  // trace messages
  // Extraneous bytes between markers are common in camera files and harmless; every other
  // warning means the entropy data is corrupt or cut short.
  if (cinfo->err->msg_code == JWRN_EXTRANEOUS_DATA) return;
  on_error_exit(cinfo);
}

void on_output_message(j_common_ptr) {}  // never print to stderr

}  // namespace

jpeg_error_mgr *install_error_manager(JpegErrorManager &m) {
  jpeg_std_error(&m.pub);
  m.pub.error_exit = on_error_exit;
  m.pub.emit_message = on_emit_message;
  m.pub.output_message = on_output_message;
  return &m.pub;
}

}  // namespace gradbooth::models::detail
