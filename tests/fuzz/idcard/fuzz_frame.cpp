// libFuzzer: the SAM frame parser (single frames and the stream assembler) on arbitrary bytes.
#include "idcard/sam_frame.h"

#include <cstdlib>

using namespace gradbooth::idcard;

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t *data, std::size_t size) {
  const std::span<const std::uint8_t> in(data, size);
  if (auto r = sam::decode_response(in); r.ok()) {
    // Whatever decodes must re-encode to the frame it came from (minus leading garbage).
    const Bytes again = sam::encode_response(r->sw3, r->data);
    if (again.size() > size || !std::equal(again.begin(), again.end(), data + (size - again.size()))) std::abort();
    (void)sam::check_sw3(sam::Command::ReadText, r->sw3);
  }
  if (auto c = sam::decode_command(in); c.ok()) {
    if (c->data.size() + 10 > size) std::abort();
  }
  // The stream assembler, fed in chunks whose sizes come from the data itself.
  sam::FrameAssembler a;
  std::size_t off = 0;
  while (off < size) {
    const std::size_t n = std::min<std::size_t>(size - off, 1 + data[off] % 64);
    a.feed(in.subspan(off, n));
    off += n;
    while (auto f = a.next()) {
      if (f->ok()) {
        const Bytes &frame = f->value();
        if (frame.size() < sam::kHeaderSize || frame.size() > sam::kHeaderSize + sam::kMaxLen) std::abort();
        if (!sam::decode_response(frame).ok() && frame.size() >= sam::kHeaderSize + sam::kMinResponseLen && frame[7] == 0 && frame[8] == 0)
          std::abort();
      }
    }
    if (a.buffered() > sam::kHeaderSize + sam::kMaxLen + 64) std::abort();  // never hoards bytes
    (void)a.wanted();
  }
  return 0;
}
