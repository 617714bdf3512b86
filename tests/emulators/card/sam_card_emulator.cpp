#include "sam_card_emulator.h"

#include "idcard/text_block.h"

#include <fstream>
#include <map>
#include <sstream>

namespace gradbooth::emulator {

using namespace idcard;

namespace {

std::vector<std::string> split_csv_line(const std::string &line) {
  std::vector<std::string> out;
  std::string cur;
  bool quoted = false;
  for (char c : line) {
    if (c == '"') quoted = !quoted;
    else if (c == ',' && !quoted) {
      out.push_back(cur);
      cur.clear();
    } else if (c != '\r') cur += c;
  }
  out.push_back(cur);
  return out;
}

}  // namespace

Result<std::vector<RosterCard>> load_roster(const std::string &path) {
  std::ifstream in(path);
  if (!in) return make_error("emulator.roster", "cannot open roster " + path, "无法打开名单 " + path);
  std::string line;
  std::getline(in, line);
  if (line.starts_with("\xEF\xBB\xBF")) line.erase(0, 3);
  const auto header = split_csv_line(line);
  std::map<std::string, std::size_t> col;
  for (std::size_t i = 0; i < header.size(); ++i) col[header[i]] = i;
  for (const char *need : {"学号", "姓名", "性别", "身份证号"})
    if (!col.count(need))
      return make_error("emulator.roster", std::string("roster lacks the column ") + need, std::string("名单缺少列：") + need);
  std::vector<RosterCard> cards;
  while (std::getline(in, line)) {
    if (line.empty() || line == "\r") continue;
    const auto f = split_csv_line(line);
    auto get = [&](const char *name) -> std::string {
      auto it = col.find(name);
      return it != col.end() && it->second < f.size() ? f[it->second] : std::string();
    };
    RosterCard c;
    c.student_number = get("学号");
    CardIdentity &id = c.identity;
    id.name.chinese = get("姓名");
    id.gender = parse_gender(get("性别"));
    id.id_number = get("身份证号");
    id.birth_date = id.id_number.size() == 18 ? id.id_number.substr(6, 8) : "19000101";
    id.nation_code = get("民族").empty() ? "01" : get("民族");
    id.address = get("住址").empty() ? "山东省淄博市张店区新村西路266号" : get("住址");
    id.authority = "淄博市公安局张店分局";
    id.valid_from = "20200101";
    id.valid_to = get("有效期至").empty() ? "20400101" : get("有效期至");
    const std::string type = get("证件类型");
    if (type == "J") {
      id.type = CardType::HkMoTwPermit;
      id.permit_number = get("通行证号");
    } else if (type == "I") {
      id.type = CardType::ForeignerPermanent;
      id.permit_number = id.id_number;
      id.nation_code = "USA";
    } else if (type == "Y") {
      id.type = CardType::ForeignerPermanent2023;
    }
    cards.push_back(std::move(c));
  }
  if (cards.empty()) return make_error("emulator.roster", "roster " + path + " has no students", "名单为空");
  return cards;
}

std::vector<RosterCard> two_card_roster() {
  const CardIdentity zhang{.name = {"张伟"},
                           .nation_code = "01",
                           .birth_date = "20040512",
                           .id_number = "370303200405121237",
                           .valid_to = "长期",
                           .gender = Gender::Male};
  CardIdentity wang = zhang;
  wang.name = {"王芳"};
  wang.gender = Gender::Female;
  wang.birth_date = "20050318";
  wang.id_number = "370303200503181241";
  return {{.student_number = {}, .identity = zhang}, {.student_number = {}, .identity = wang}};
}

Result<Fault> parse_fault(const std::string &name) {
  if (name == "no-card") return Fault::NoCard;
  if (name == "remove-mid-read") return Fault::RemoveMidRead;
  if (name == "bad-checksum") return Fault::BadChecksum;
  if (name == "sam-41") return Fault::Sam41;
  if (name == "garbage") return Fault::Garbage;
  if (name == "reset-refused") return Fault::ResetRefused;
  return make_error("emulator.fault", "unknown fault " + name);
}

SamCardEmulator::SamCardEmulator(std::vector<RosterCard> cards) : cards_(std::move(cards)) {}

void SamCardEmulator::place(std::size_t index) {
  std::lock_guard lock(mutex_);
  current_ = cards_.empty() ? 0 : index % cards_.size();
  present_ = true;
  halted_ = false;
  selected_ = false;
}

void SamCardEmulator::remove() {
  std::lock_guard lock(mutex_);
  present_ = false;
  halted_ = false;
  selected_ = false;
}

void SamCardEmulator::power_cycle() {
  std::lock_guard lock(mutex_);
  halted_ = false;
  selected_ = false;
}

void SamCardEmulator::add_fault(Fault f, int count) {
  std::lock_guard lock(mutex_);
  faults_[static_cast<int>(f)] = count;
}

void SamCardEmulator::clear_faults() {
  std::lock_guard lock(mutex_);
  for (int &f : faults_) f = 0;
}

int SamCardEmulator::reads_served() const {
  std::lock_guard lock(mutex_);
  return reads_;
}

int SamCardEmulator::resets_served() const {
  std::lock_guard lock(mutex_);
  return resets_;
}

bool SamCardEmulator::present() const {
  std::lock_guard lock(mutex_);
  return present_locked();
}

Bytes SamCardEmulator::chunk(std::uint8_t p1) {
  std::lock_guard lock(mutex_);
  if (!present_locked() || p1 > 4) return {};
  Bytes all = encode_text_block(cards_[current_].identity);
  all.resize(256 + 1024, 0);
  if (p1 == 4) ++reads_;
  return Bytes(all.begin() + p1 * 256, all.begin() + (p1 + 1) * 256);
}

bool SamCardEmulator::present_locked() const { return present_ && !cards_.empty() && std::chrono::steady_clock::now() >= away_until_; }

bool SamCardEmulator::take_fault(Fault f) {
  int &n = faults_[static_cast<int>(f)];
  if (n == 0) return false;
  if (n > 0) --n;
  return true;
}

Bytes SamCardEmulator::answer(std::span<const std::uint8_t> frame) {
  std::lock_guard lock(mutex_);
  auto cmd = sam::decode_command(frame);
  Bytes out;
  if (!cmd) {
    out = sam::encode_response(cmd.error().code == "card.frame.checksum" ? 0x10 : 0x11);
  } else {
    const bool here = present_locked() && faults_[static_cast<int>(Fault::NoCard)] == 0;
    switch (cmd->command()) {
    case sam::Command::ResetSam:
      ++resets_;
      if (take_fault(Fault::ResetRefused)) {
        out = sam::encode_response(0x60);
        break;
      }
      [[fallthrough]];
    case sam::Command::SamStatus:
      selected_ = false;
      out = sam::encode_response(sam::sw3::kOk);
      break;
    case sam::Command::ReadSamId: {
      const Bytes id(16, 0x42);
      out = sam::encode_response(sam::sw3::kOk, id);
      break;
    }
    case sam::Command::FindCard: {
      const Bytes four(4, 0);
      out = here && !halted_ ? sam::encode_response(sam::sw3::kFindOk, four) : sam::encode_response(sam::sw3::kFindFailed);
      break;
    }
    case sam::Command::SelectCard: {
      const Bytes eight(8, 0);
      selected_ = here;
      out = here ? sam::encode_response(sam::sw3::kOk, eight) : sam::encode_response(sam::sw3::kSelectFailed);
      break;
    }
    case sam::Command::ReadText:
    case sam::Command::ReadTextFingerprint:
      if (here && take_fault(Fault::RemoveMidRead)) {
        away_until_ = std::chrono::steady_clock::now() + std::chrono::milliseconds(700);
        halted_ = false;
        out = sam::encode_response(sam::sw3::kReadFailed);
      } else if (!here || !selected_ || take_fault(Fault::Sam41)) {
        out = sam::encode_response(sam::sw3::kReadFailed);
      } else {
        Bytes data = encode_read_data(encode_text_block(cards_[current_].identity));
        if (cmd->command() == sam::Command::ReadTextFingerprint) {
          data.insert(data.begin() + 4, {0x00, 0x00});  // no fingerprint stored
        }
        out = sam::encode_response(sam::sw3::kOk, data);
        halted_ = true;
        ++reads_;
      }
      break;
    case sam::Command::ReadNewAddress: out = sam::encode_response(sam::sw3::kNoContent); break;
    default: out = sam::encode_response(0x21);
    }
  }
  if (take_fault(Fault::BadChecksum)) out.back() ^= 0x5A;
  if (take_fault(Fault::Garbage)) {
    static const std::uint8_t noise[] = {0x00, 0xAA, 0x96, 0xAA, 0xAA, 0x13, 0x37};
    out.insert(out.begin(), std::begin(noise), std::end(noise));
  }
  return out;
}

}  // namespace gradbooth::emulator
