// PTP operation, response, event, property and format codes the emulated bodies use.
#pragma once

#include <cstdint>

namespace gradbooth::emu {

// PTP 1.1 and its Nikon and Canon EOS extensions; names as in libgphoto2's ptp.h.
enum : std::uint16_t {
  OC_GetDeviceInfo = 0x1001,
  OC_OpenSession = 0x1002,
  OC_CloseSession = 0x1003,
  OC_GetStorageIDs = 0x1004,
  OC_GetStorageInfo = 0x1005,
  OC_GetObjectHandles = 0x1007,
  OC_GetObjectInfo = 0x1008,
  OC_GetObject = 0x1009,
  OC_DeleteObject = 0x100B,
  OC_InitiateCapture = 0x100E,
  OC_GetDevicePropDesc = 0x1014,
  OC_GetDevicePropValue = 0x1015,
  OC_SetDevicePropValue = 0x1016,
  OC_SendObjectInfo = 0x100C,
  OC_SendObject = 0x100D,
  OC_NikonDeviceReady = 0x90C8,
  OC_NikonStartLiveView = 0x9201,
  OC_NikonEndLiveView = 0x9202,
  OC_NikonGetLiveViewImg = 0x9203,
  OC_GetPartialObject = 0x101B,
  OC_EosGetStorageIDs = 0x9101,
  OC_EosGetStorageInfo = 0x9102,
  OC_EosRemoteRelease = 0x910F,
  OC_EosSetDevicePropValueEx = 0x9110,
  OC_EosSetRemoteMode = 0x9114,
  OC_EosSetEventMode = 0x9115,
  OC_EosGetEvent = 0x9116,
  OC_EosTransferComplete = 0x9117,
  OC_EosPCHDDCapacity = 0x911A,
  OC_EosSetUILock = 0x911B,
  OC_EosResetUILock = 0x911C,
  OC_EosKeepDeviceOn = 0x911D,
  OC_EosRequestDevicePropValue = 0x9127,
  OC_EosRemoteReleaseOn = 0x9128,
  OC_EosRemoteReleaseOff = 0x9129,
  OC_EosSetRequestOLCInfoGroup = 0x913D,
  OC_EosGetViewFinderData = 0x9153,
  OC_EosAfCancel = 0x9160,
  RC_OK = 0x2001,
  RC_GeneralError = 0x2002,
  RC_OperationNotSupported = 0x2005,
  RC_InvalidObjectHandle = 0x2009,
  RC_DevicePropNotSupported = 0x200A,
  RC_StoreNotAvailable = 0x2013,
  RC_DeviceBusy = 0x2019,
  RC_NikonNotLiveView = 0xA00B,
  RC_NikonOutOfFocus = 0xA002,
  RC_EosNotReady = 0xA102,
  EC_ObjectAdded = 0x4002,
  EC_CaptureComplete = 0x400D,
  // Canon EOS event records (PTP_EC_CANON_EOS_*), written as 32-bit types in GetEvent's answer.
  EC_EosObjectAddedEx = 0xC181,
  EC_EosRequestObjectTransfer = 0xC186,
  EC_EosPropValueChanged = 0xC189,
  EC_EosAvailListChanged = 0xC18A,
  EC_EosOLCInfoChanged = 0xC1A5,
  DPC_BatteryLevel = 0x5001,
  DPC_NikonLiveViewStatus = 0xD1A2,
  OFC_Association = 0x3001,
  OFC_EXIF_JPEG = 0x3801,
};
constexpr std::uint16_t kEosOlcFocusInfo = 0x0100;  // the OLC info group that carries focus
constexpr std::uint32_t kStorageId = 0x00010001;
constexpr std::uint32_t kVendorNikon = 0x0000000A;
constexpr std::uint32_t kVendorCanon = 0x0000000B;

}  // namespace gradbooth::emu
