#include "camera/errors.h"

#include <cstring>

namespace gradbooth::camera {

namespace {
struct Message {
  const char *code, *en, *zh;
};
// Sentences a photographer can act on: what happened and what to do.
constexpr Message kMessages[] = {
    {errc::busy, "The camera is busy; try again in a moment.", "相机正忙，请稍后再试。"},
    {errc::disconnected, "The camera connection was lost; check the cable and that the camera is on.",
     "与相机的连接已断开，请检查数据线并确认相机已开机。"},
    {errc::claimed,
     "Another program holds the camera (usually the desktop's gvfs-gphoto2-volume-monitor); "
     "close it or run the booth session without gvfs.",
     "相机被其他程序占用（通常是桌面的 gvfs-gphoto2-volume-monitor），请关闭该程序，或在不含 gvfs 的会话中运行拍照系统。"},
    {errc::no_card, "The camera has no memory card or the card is full or locked.", "相机未插入存储卡，或存储卡已满/被锁定。"},
    {errc::asleep, "The camera does not answer; it may be asleep. Press the shutter button halfway to wake it.",
     "相机无响应，可能已休眠。请半按快门唤醒相机。"},
    {errc::battery_low, "The camera battery is low; replace it or connect the power adapter.",
     "相机电量不足，请更换电池或接上电源适配器。"},
    {errc::timeout, "The camera did not deliver the picture in time.", "相机未能按时送出照片。"},
    {errc::not_found, "No camera found; check that it is connected, switched on and in PTP mode.",
     "未找到相机，请确认相机已连接、已开机并处于 PTP 模式。"},
    {errc::file_mismatch, "The camera delivered a file that does not belong to this shot; please shoot again.",
     "相机送出的文件不属于本次拍摄，请重新拍摄。"},
    {errc::focus_failed, "The camera could not focus; check that the student is in front of the camera and well lit, then shoot again.",
     "相机无法对焦，请确认学生正对镜头且光线充足，然后重新拍摄。"},
    {errc::io, "Communication with the camera failed.", "与相机通信失败。"},
};
}  // namespace

Error camera_error(const char *code, std::string detail) {
  for (const auto &m : kMessages) {
    if (std::strcmp(m.code, code) == 0) {
      std::string en = m.en, zh = m.zh;
      if (!detail.empty()) {
        en += " (" + detail + ")";
        zh += "（" + detail + "）";
      }
      return make_error(code, std::move(en), std::move(zh));
    }
  }
  return make_error(code, detail.empty() ? std::string(code) : detail);
}

}  // namespace gradbooth::camera
