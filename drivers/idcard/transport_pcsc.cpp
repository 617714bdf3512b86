// PC/SC (pcsc-lite) transport. Mode "frame" (our convention, the emulator speaks it): one APDU
// `CLA INS P1 P2 00 Lc(2) <SAM frame> 00 00` per command — extended length because a read answer
// is ~1.3 KB — answered by `<SAM answer frame> 90 00`. Mode "control": the frame goes through
// SCardControl with the configured control code. A card that answers our APDU with a bare status
// word is an ordinary contactless card on a plain reader: no SAM, no ID data ("card.no_sam").
// Mode "chunked": one vendor's reader does the SAM work itself; the PC/SC card is the ID card and
// `FF B0 P1 00 00` hands out the decoded text (P1 = 0) and photo (P1 = 1..4) 256 bytes at a time.
// There we play the SAM's part ourselves, so CardReader's find → select → read loop is unchanged.
#include "idcard/text_block.h"
#include "idcard/transport.h"

#include <PCSC/winscard.h>
#include <PCSC/wintypes.h>

#include <cstdio>
#include <sstream>

namespace gradbooth::idcard {

namespace {

std::string hex(LONG rv) {
  char b[32];
  std::snprintf(b, sizeof b, "0x%08lX", static_cast<unsigned long>(rv));
  return b;
}

Bytes parse_header(const std::string &text) {
  Bytes out;
  std::istringstream in(text);
  std::string tok;
  while (in >> tok) out.push_back(static_cast<std::uint8_t>(std::stoul(tok, nullptr, 16)));
  if (out.size() != 4) out = {0xFF, 0x96, 0x00, 0x00};
  return out;
}

Error gone(const std::string &what, LONG rv) {
  return make_error("card.transport.gone", "PC/SC: " + what + " (" + pcsc_stringify_error(rv) + ", " + hex(rv) + ")",
                    "读卡器服务不可用或读卡器已断开：" + what + "（" + hex(rv) + "）");
}

Error absent() { return make_error("card.absent", "no card on the PC/SC reader", "读卡器上没有证件"); }

// vpcd answers a transmit to a card whose emulator just went away with "not transacted" before
// pcscd notices the removal: that is a card leaving, not the reader.
bool means_absent(LONG rv) {
  return rv == SCARD_E_NOT_TRANSACTED || rv == SCARD_E_NO_SMARTCARD || rv == SCARD_W_REMOVED_CARD || rv == SCARD_W_UNPOWERED_CARD ||
      rv == SCARD_W_UNRESPONSIVE_CARD || rv == SCARD_W_RESET_CARD || rv == SCARD_E_PROTO_MISMATCH;
}

bool means_gone(LONG rv) {
  return rv == SCARD_E_NO_SERVICE || rv == SCARD_E_SERVICE_STOPPED || rv == SCARD_E_READER_UNAVAILABLE || rv == SCARD_E_UNKNOWN_READER ||
      rv == SCARD_E_INVALID_HANDLE || rv == SCARD_F_COMM_ERROR || rv == SCARD_E_NO_READERS_AVAILABLE;
}

class PcscTransport final : public Transport {
public:
  explicit PcscTransport(TransportConfig cfg) : cfg_(std::move(cfg)), header_(parse_header(cfg_.apdu_header)) {}
  ~PcscTransport() override { close(); }

  Status open() override {
    close();
    LONG rv = SCardEstablishContext(SCARD_SCOPE_SYSTEM, nullptr, nullptr, &ctx_);
    if (rv != SCARD_S_SUCCESS) return gone("cannot reach pcscd", rv);
    has_ctx_ = true;
    DWORD len = 0;
    rv = SCardListReaders(ctx_, nullptr, nullptr, &len);
    std::string names(len, '\0');
    if (rv == SCARD_S_SUCCESS) rv = SCardListReaders(ctx_, nullptr, names.data(), &len);
    if (rv != SCARD_S_SUCCESS) {
      close();
      if (rv == SCARD_E_NO_READERS_AVAILABLE) return make_error("card.reader_absent", "no PC/SC reader is connected", "未连接读卡器");
      return gone("cannot list readers", rv);
    }
    for (std::size_t i = 0; i < names.size() && names[i] != '\0';) {
      std::string name(names.c_str() + i);
      i += name.size() + 1;
      if (cfg_.reader.empty() || name.find(cfg_.reader) != std::string::npos) {
        reader_ = name;
        return {};
      }
    }
    close();
    return make_error("card.reader_absent", "no PC/SC reader matches \"" + cfg_.reader + "\"", "找不到名为“" + cfg_.reader + "”的读卡器");
  }

  void close() override {
    disconnect();
    if (has_ctx_) SCardReleaseContext(ctx_);
    has_ctx_ = false;
    reader_.clear();
  }

  bool is_open() const override { return has_ctx_; }

  Status send(const Bytes &frame) override {
    has_answer_ = false;
    if (!has_ctx_) return gone("not open", SCARD_E_INVALID_HANDLE);
    if (auto st = connect(); !st) return st;
    if (cfg_.pcsc_mode == "chunked") return send_chunked(frame);
    Bytes answer(65538);
    DWORD got = static_cast<DWORD>(answer.size());
    LONG rv;
    if (cfg_.pcsc_mode == "control") {
      rv = SCardControl(card_, cfg_.control_code, frame.data(), static_cast<DWORD>(frame.size()), answer.data(),
                        static_cast<DWORD>(answer.size()), &got);
    } else {
      Bytes apdu = header_;
      apdu.push_back(0x00);
      apdu.push_back(static_cast<std::uint8_t>(frame.size() >> 8));
      apdu.push_back(static_cast<std::uint8_t>(frame.size() & 0xFF));
      apdu.insert(apdu.end(), frame.begin(), frame.end());
      apdu.push_back(0x00);
      apdu.push_back(0x00);
      SCARD_IO_REQUEST recv_pci;
      rv = SCardTransmit(card_, protocol_ == SCARD_PROTOCOL_T0 ? SCARD_PCI_T0 : SCARD_PCI_T1, apdu.data(), static_cast<DWORD>(apdu.size()),
                         &recv_pci, answer.data(), &got);
    }
    if (rv != SCARD_S_SUCCESS) return pcsc_failed(rv);
    answer.resize(got);
    if (cfg_.pcsc_mode == "control") {
      answer_ = std::move(answer);
      has_answer_ = true;
      return {};
    }
    if (answer.size() >= 2 && answer[answer.size() - 2] == 0x90 && answer.back() == 0x00 && answer.size() > 2) {
      answer.resize(answer.size() - 2);
      answer_ = std::move(answer);
      has_answer_ = true;
      return {};
    }
    if (answer.size() == 2) return no_sam(answer);
    return make_error("card.frame.apdu", "the reader's answer carries no SAM frame", "读卡器应答格式错误");
  }

  Result<Bytes> receive(std::chrono::milliseconds) override {
    // SCardTransmit is synchronous: the answer arrived with send().
    if (!has_answer_) return make_error("card.transport.timeout", "no answer from the PC/SC reader", "读卡器无应答");
    has_answer_ = false;
    return std::move(answer_);
  }

  std::string describe() const override { return "pcsc:" + (reader_.empty() ? cfg_.reader : reader_); }

private:
  Status connect() {
    if (has_card_) return {};
    LONG rv = SCardConnect(ctx_, reader_.c_str(), SCARD_SHARE_SHARED, SCARD_PROTOCOL_T0 | SCARD_PROTOCOL_T1, &card_, &protocol_);
    if (rv == SCARD_S_SUCCESS) {
      has_card_ = true;
      return {};
    }
    if (means_absent(rv)) return absent();
    close();
    return gone("cannot connect to reader " + reader_, rv);
  }

  void disconnect() {
    if (has_card_) SCardDisconnect(card_, SCARD_LEAVE_CARD);
    has_card_ = false;
    chunked_read_done_ = false;
  }

  Status answer(std::uint8_t sw3, const Bytes &data = {}) {
    answer_ = sam::encode_response(sw3, data);
    has_answer_ = true;
    return {};
  }

  Status pcsc_failed(LONG rv) {
    disconnect();
    if (means_absent(rv)) return absent();
    if (means_gone(rv)) {
      close();
      return gone("transmit failed", rv);
    }
    return make_error("card.transport.pcsc", std::string("PC/SC transmit failed: ") + pcsc_stringify_error(rv),
                      "读卡器通信失败（" + hex(rv) + "）");
  }

  // The SAM commands, answered from the card's chunks (see the top of this file).
  Status send_chunked(const Bytes &frame) {
    auto cmd = sam::decode_command(frame);
    if (!cmd) return answer(0x10);
    switch (cmd->command()) {
    case sam::Command::ResetSam:
    case sam::Command::SamStatus: return answer(sam::sw3::kOk);
    case sam::Command::FindCard:
      // Like a SAM: a card that was read is found again only after it has left.
      return chunked_read_done_ ? answer(sam::sw3::kFindFailed) : answer(sam::sw3::kFindOk, Bytes(4, 0));
    case sam::Command::SelectCard: {
      DWORD state = 0, proto = 0, atr_len = 0, name_len = 0;
      const LONG rv = SCardStatus(card_, nullptr, &name_len, &state, &proto, nullptr, &atr_len);
      if (rv != SCARD_S_SUCCESS) return pcsc_failed(rv);
      return answer(sam::sw3::kOk, Bytes(8, 0));
    }
    case sam::Command::ReadText:
    case sam::Command::ReadTextFingerprint: {
      Bytes all;
      for (std::uint8_t p1 = 0; p1 < 5; ++p1) {
        const std::uint8_t apdu[] = {0xFF, 0xB0, p1, 0x00, 0x00};
        std::uint8_t buf[258 + 16];
        DWORD got = sizeof buf;
        SCARD_IO_REQUEST recv_pci;
        const LONG rv =
            SCardTransmit(card_, protocol_ == SCARD_PROTOCOL_T0 ? SCARD_PCI_T0 : SCARD_PCI_T1, apdu, sizeof apdu, &recv_pci, buf, &got);
        if (rv != SCARD_S_SUCCESS) return pcsc_failed(rv);
        if (got == 2) return p1 == 0 ? no_sam(Bytes(buf, buf + 2)) : answer(sam::sw3::kReadFailed);
        if (got != 258 || buf[256] != 0x90 || buf[257] != 0x00) return answer(sam::sw3::kReadFailed);
        all.insert(all.end(), buf, buf + 256);
      }
      chunked_read_done_ = true;
      const Bytes text(all.begin(), all.begin() + static_cast<long>(kTextBlockSize));
      Bytes data = encode_read_data(text, all.size() - kTextBlockSize);
      std::copy(all.begin() + static_cast<long>(kTextBlockSize), all.end(), data.begin() + 4 + static_cast<long>(kTextBlockSize));
      if (cmd->command() == sam::Command::ReadTextFingerprint) data.insert(data.begin() + 4, {0x00, 0x00});
      return answer(sam::sw3::kOk, data);
    }
    case sam::Command::ReadNewAddress: return answer(sam::sw3::kNoContent);
    default: return answer(0x21);
    }
  }

  // A plain contactless reader: the card refused our APDU. Ask for its UID to say what we saw.
  Error no_sam(const Bytes &sw) {
    static const std::uint8_t kGetUid[] = {0xFF, 0xCA, 0x00, 0x00, 0x00};
    std::uint8_t buf[64];
    DWORD got = sizeof buf;
    SCARD_IO_REQUEST recv_pci;
    std::string uid;
    if (SCardTransmit(card_, protocol_ == SCARD_PROTOCOL_T0 ? SCARD_PCI_T0 : SCARD_PCI_T1, kGetUid, sizeof kGetUid, &recv_pci, buf, &got) ==
            SCARD_S_SUCCESS &&
        got > 2 && buf[got - 2] == 0x90) {
      for (DWORD i = 0; i + 2 < got; ++i) {
        char h[3];
        std::snprintf(h, sizeof h, "%02X", buf[i]);
        uid += h;
      }
    }
    char s[8];
    std::snprintf(s, sizeof s, "%02X%02X", sw[0], sw[1]);
    const std::string seen = uid.empty() ? "" : " (card UID " + uid + ")";
    return make_error("card.no_sam",
                      "this reader cannot read ID data: it sees a card" + seen + " but has no ID-card security module (SW " + s +
                          "). Use a resident-ID-card reader.",
                      "此读卡器无法读取身份证信息：它检测到卡片" + (uid.empty() ? std::string() : "（UID " + uid + "）") +
                          "，但没有身份证安全模块（SAM）。请使用二代身份证阅读器。");
  }

  TransportConfig cfg_;
  Bytes header_;
  SCARDCONTEXT ctx_ = 0;
  SCARDHANDLE card_ = 0;
  DWORD protocol_ = 0;
  bool has_ctx_ = false, has_card_ = false;
  std::string reader_;
  Bytes answer_;
  bool has_answer_ = false;
  bool chunked_read_done_ = false;
};

}  // namespace

std::unique_ptr<Transport> make_pcsc_transport(const TransportConfig &cfg) { return std::make_unique<PcscTransport>(cfg); }

}  // namespace gradbooth::idcard
