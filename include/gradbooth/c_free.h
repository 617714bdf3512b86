// unique_ptr deleter that calls a C library's free function, for every layer's C handles:
//   std::unique_ptr<CameraFile, CFree<&gp_file_unref>>
#pragma once

#include <memory>

namespace gradbooth {

template <auto Free> struct CFree {
  void operator()(auto *p) const { (void)Free(p); }
};

template <class T, auto Free> using CHandle = std::unique_ptr<T, CFree<Free>>;

}  // namespace gradbooth
