#include "idcard/sam_session.h"

#include "idcard/text_block.h"

namespace gradbooth::idcard {

Result<sam::ResponseFrame> sam_command(Transport &t, sam::Command c, std::chrono::milliseconds timeout) {
  if (auto st = t.send(sam::encode_command(c)); !st) return st.error();
  auto frame = t.receive(timeout);
  if (!frame) return frame.error();
  return sam::decode_response(*frame);
}

Result<CardIdentity> read_identity(Transport &t, std::chrono::milliseconds timeout, bool *found) {
  if (found) *found = false;
  auto find = sam_command(t, sam::Command::FindCard, timeout);
  if (!find) return find.error();
  if (auto st = sam::check_sw3(sam::Command::FindCard, find->sw3); !st) return st.error();
  if (found) *found = true;
  auto select = sam_command(t, sam::Command::SelectCard, timeout);
  if (!select) return select.error();
  if (auto st = sam::check_sw3(sam::Command::SelectCard, select->sw3); !st) return st.error();
  auto read = sam_command(t, sam::Command::ReadText, timeout);
  if (!read) return read.error();
  if (auto st = sam::check_sw3(sam::Command::ReadText, read->sw3); !st) return st.error();
  auto text = text_from_read_data(read->data, false);
  if (!text) return text.error();
  return parse_text_block(*text);
}

}  // namespace gradbooth::idcard
