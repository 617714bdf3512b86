// One SAM command over a transport: send the frame, wait for the answer, decode it.
#pragma once

#include "idcard/sam_frame.h"
#include "idcard/transport.h"

#include <chrono>

namespace gradbooth::idcard {

// The decoded answer (any SW3: the caller decides what success means), or a transport/frame error.
Result<sam::ResponseFrame> sam_command(Transport &t, sam::Command c, std::chrono::milliseconds timeout);

// find → select → read text, as one placement read: the identity or the first error.
// `found` tells the caller whether a card answered "find" at all (to tell "no card" from a failed read).
Result<CardIdentity> read_identity(Transport &t, std::chrono::milliseconds timeout, bool *found = nullptr);

}  // namespace gradbooth::idcard
