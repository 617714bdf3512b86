// libgphoto2's C handles, each wrapped once so nothing leaks on an early return.
#pragma once

#include <gphoto2/gphoto2.h>

#include <memory>

namespace gradbooth::camera::gp {

struct ContextUnref {
  void operator()(GPContext *c) const { gp_context_unref(c); }
};
struct CameraUnref {
  void operator()(::Camera *c) const { gp_camera_unref(c); }
};
struct FileUnref {
  void operator()(CameraFile *f) const { gp_file_unref(f); }
};
struct ListFree {
  void operator()(CameraList *l) const { gp_list_free(l); }
};
struct AbilitiesFree {
  void operator()(CameraAbilitiesList *l) const { gp_abilities_list_free(l); }
};
struct PortInfoFree {
  void operator()(GPPortInfoList *l) const { gp_port_info_list_free(l); }
};
struct WidgetFree {
  void operator()(CameraWidget *w) const { gp_widget_free(w); }
};

using ContextPtr = std::unique_ptr<GPContext, ContextUnref>;
using CameraPtr = std::unique_ptr<::Camera, CameraUnref>;
using FilePtr = std::unique_ptr<CameraFile, FileUnref>;
using ListPtr = std::unique_ptr<CameraList, ListFree>;
using AbilitiesPtr = std::unique_ptr<CameraAbilitiesList, AbilitiesFree>;
using PortInfoPtr = std::unique_ptr<GPPortInfoList, PortInfoFree>;
using WidgetPtr = std::unique_ptr<CameraWidget, WidgetFree>;

inline FilePtr new_file() {
  CameraFile *f = nullptr;
  gp_file_new(&f);
  return FilePtr(f);
}
inline ListPtr new_list() {
  CameraList *l = nullptr;
  gp_list_new(&l);
  return ListPtr(l);
}

}  // namespace gradbooth::camera::gp
