// libgphoto2's C handles, each wrapped once so nothing leaks on an early return.
#pragma once

#include <gradbooth/c_free.h>

#include <gphoto2/gphoto2.h>

#include <memory>

namespace gradbooth::camera::gp {

using ContextPtr = CHandle<GPContext, &gp_context_unref>;
using CameraPtr = CHandle<::Camera, &gp_camera_unref>;
using FilePtr = CHandle<CameraFile, &gp_file_unref>;
using ListPtr = CHandle<CameraList, &gp_list_free>;
using AbilitiesPtr = CHandle<CameraAbilitiesList, &gp_abilities_list_free>;
using PortInfoPtr = CHandle<GPPortInfoList, &gp_port_info_list_free>;
using WidgetPtr = CHandle<CameraWidget, &gp_widget_free>;

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
