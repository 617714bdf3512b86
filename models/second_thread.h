// The one way models/ borrows the second core inside a call: `f` on a thread of its own, or,
// when the system cannot give one, deferred to the caller's get() so the work still gets done
// (on the caller's thread). The future is joined before the call returns: no thread outlives it.
#pragma once

#include <future>
#include <system_error>
#include <utility>

namespace gradbooth::models {

template <class F> auto on_second_thread(F f) -> std::future<decltype(f())> {
  try {
    return std::async(std::launch::async, std::move(f));
  } catch (const std::system_error &) { return std::async(std::launch::deferred, std::move(f)); }
}

}  // namespace gradbooth::models
