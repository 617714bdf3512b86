#include "booth/catalogue.h"

#include <array>
#include <utility>

namespace gradbooth::ui {

namespace {

struct Entry {
  std::string_view key, zh, en;
};

// Sorted by nothing: ~60 entries, looked up a few times per screen change.
constexpr std::array kEntries = {
    Entry{"app.title", "毕业照自助拍摄", "Graduation photo booth"},
    Entry{"lang.switch", "English", "中文"},
    // welcome
    Entry{"welcome.title", "请将身份证放在读卡器上", "Place your ID card on the reader"},
    Entry{"welcome.sub", "学信网学历证书电子注册照片", "Photo for the national diploma registration"},
    Entry{"welcome.reading", "正在读取身份证…", "Reading your ID card…"},
    Entry{"status.camera_ok", "相机就绪", "Camera ready"},
    Entry{"status.camera_bad", "相机未连接", "Camera not connected"},
    Entry{"status.reader_ok", "读卡器就绪", "Card reader ready"},
    Entry{"status.reader_bad", "读卡器未连接", "Card reader not connected"},
    Entry{"status.numbers_left", "剩余序号 {}", "{} numbers left"},
    // identity
    Entry{"identity.title", "请核对您的信息", "Please check your details"},
    Entry{"identity.name", "姓名", "Name"},
    Entry{"identity.id", "身份证号", "ID number"},
    Entry{"identity.student_number", "学号", "Student number"},
    Entry{"identity.level", "学历层次", "Level"},
    Entry{"identity.confirm", "是我本人", "This is me"},
    Entry{"identity.reject", "不是我", "Not me"},
    Entry{"identity.rejected", "请取回身份证，并联系工作人员", "Please take your card and ask the photographer"},
    Entry{"identity.already", "您已拍过照片，重拍后序号不变", "You already have a photo: a retake keeps your number"},
    Entry{"identity.card_check", "请工作人员核对证件：", "For the photographer, check the card:"},
    Entry{"identity.wait", "请稍候，工作人员正在核对您的信息", "Please wait: the photographer is checking your details"},
    // supervisor reasons (student side shows the wait text; panel shows these)
    Entry{"reason.not_on_roster", "名单中没有此身份证号", "ID number not on the roster"},
    Entry{"reason.name_mismatch", "姓名与名单不符", "Name differs from the roster"},
    Entry{"reason.gender_mismatch", "性别与名单不符", "Gender differs from the roster"},
    Entry{"reason.already", "该学生已有序号", "Student already has a number"},
    Entry{"reason.retake_limit", "重拍次数已用完", "Retake limit reached"},
    Entry{"reason.failed_checks", "照片未通过检查", "Photo failed checks"},
    Entry{"reason.range_full", "序号已用完", "No sequence numbers left"},
    Entry{"reason.capture_failed", "拍摄失败", "Capture failed"},
    // live view
    Entry{"live.title", "请看镜头，按提示调整", "Look at the camera and follow the hint"},
    Entry{"live.shoot", "拍照", "Take photo"},
    Entry{"live.capturing", "正在拍照，请保持不动…", "Taking the photo, hold still…"},
    Entry{"live.no_frames", "正在连接相机…", "Connecting to the camera…"},
    Entry{"live.analyzing", "正在检查照片…", "Checking the photo…"},
    // review
    Entry{"review.title", "这是将要提交的照片", "This is the photo that will be submitted"},
    Entry{"review.pass", "照片符合要求", "The photo meets the standard"},
    Entry{"review.fail", "照片不符合要求：", "The photo does not meet the standard:"},
    Entry{"review.accept", "确认提交", "Accept"},
    Entry{"review.retake", "重拍", "Retake"},
    Entry{"review.attempt", "第 {} 次拍摄", "Attempt {}"},
    // done
    Entry{"done.title", "拍摄完成", "All done"},
    Entry{"done.number", "您的序号是", "Your number is"},
    Entry{"done.take_card", "请取回您的身份证", "Please take your ID card"},
    // fault / paused
    Entry{"fault.title", "设备故障", "Device problem"},
    Entry{"fault.sub", "请联系工作人员", "Please ask the photographer"},
    Entry{"paused.title", "暂停服务", "Booth paused"},
    Entry{"paused.sub", "请稍候", "Please wait"},
    // supervisor panel
    Entry{"sv.title", "工作人员面板", "Supervisor panel"},
    Entry{"sv.pin", "请输入管理密码", "Enter the supervisor PIN"},
    Entry{"sv.pin_wrong", "密码错误", "Wrong PIN"},
    Entry{"sv.close", "关闭", "Close"},
    Entry{"sv.queue", "当前学生", "Current student"},
    Entry{"sv.waiting", "等待处理：", "Waiting for you: "},
    Entry{"sv.none", "无", "none"},
    Entry{"sv.attempts", "最近拍摄", "Last attempts"},
    Entry{"sv.override", "强制通过", "Accept (override)"},
    Entry{"sv.reason", "原因（必填）", "Reason (required)"},
    Entry{"sv.reason_needed", "请填写原因", "A reason is required"},
    Entry{"sv.force_retake", "要求重拍", "Force retake"},
    Entry{"sv.void", "作废序号", "Void number"},
    Entry{"sv.skip", "跳过该学生", "Skip student"},
    Entry{"sv.pause", "暂停", "Pause"},
    Entry{"sv.resume", "继续", "Resume"},
    Entry{"sv.export", "导出", "Export"},
    Entry{"sv.health", "设备状态", "Devices"},
    Entry{"sv.camera", "相机", "Camera"},
    Entry{"sv.battery", "电量", "Battery"},
    Entry{"sv.reader", "读卡器", "Reader"},
    Entry{"sv.disk", "剩余空间", "Free disk"},
    Entry{"sv.numbers", "剩余序号", "Numbers left"},
    Entry{"sv.pass", "通过", "pass"},
    Entry{"sv.fail", "未通过", "fail"},
    Entry{"sv.exporting", "正在导出…", "Exporting…"},
    Entry{"sv.exporting_n", "正在导出 {}", "Exporting {}"},
    Entry{"sv.exported", "已导出到 {}", "Exported to {}"},
    Entry{"sv.export_failed", "导出失败：{}", "Export failed: {}"},
    Entry{"sv.card_warnings", "证件提示：", "Card warnings: "},
    Entry{"sv.count_numbered", "已编号", "Numbered"},
    Entry{"sv.count_attempts", "拍摄次数", "Attempts"},
    Entry{"sv.count_voided", "作废", "Voided"},
    Entry{"sv.count_skipped", "跳过", "Skipped"},
    Entry{"sv.last_number", "最近编号", "Last number"},
    // The queue view: how the roster is getting on.
    Entry{"sv.q_done", "进度", "Done"},
    Entry{"sv.q_hour", "近一小时", "last hour"},
    Entry{"sv.q_eta", "预计", "to the end"},
    Entry{"sv.q_minutes", "{} 分钟", "{} min"},
    Entry{"sv.q_no_rate", "—", "—"},
    Entry{"sv.q_left", "未拍离开", "left without a number"},
    Entry{"sv.locked_itself", "一分钟未操作，面板已自动锁定", "No touch for a minute: the panel locked itself"},
    // Card kinds other than the resident card, named on the panel (idcard::card_type_name keys).
    Entry{"card.hkmotw-permit", "港澳台居民居住证", "HK/Macao/Taiwan residence permit"},
    Entry{"card.foreigner-permanent", "外国人永久居留身份证", "Foreigner's permanent residence card"},
    Entry{"card.foreigner-permanent-2023", "外国人永久居留身份证（2023 版）", "Foreigner's permanent residence card (2023)"},
    // The booth's screen as the photographer's panel names it (screen_name() keys).
    Entry{"screen.welcome", "等待刷卡", "Waiting for a card"},
    Entry{"screen.identity", "学生核对信息", "Student checks details"},
    Entry{"screen.wait", "等待工作人员", "Waiting for the photographer"},
    Entry{"screen.live", "取景", "Live view"},
    Entry{"screen.countdown", "倒计时", "Countdown"},
    Entry{"screen.capturing", "正在拍摄", "Capturing"},
    Entry{"screen.review", "确认照片", "Review"},
    Entry{"screen.done", "已完成", "Done"},
    Entry{"screen.fault", "设备故障", "Device fault"},
    Entry{"screen.paused", "已暂停", "Paused"},
};

}  // namespace

Lang parse_lang(std::string_view s) { return s.starts_with("en") ? Lang::En : Lang::Zh; }

std::string_view lang_code(Lang l) { return l == Lang::En ? "en" : "zh_CN"; }

std::string_view tr(Lang lang, std::string_view key) {
  for (const auto &e : kEntries)
    if (e.key == key) return lang == Lang::En ? e.en : e.zh;
  return key;
}

std::string_view screen_label(Lang lang, Screen screen) {
  const std::string key = "screen." + std::string(screen_name(screen));
  for (const auto &e : kEntries)
    if (e.key == key) return lang == Lang::En ? e.en : e.zh;
  return screen_name(screen);
}

std::string fill(std::string_view pattern, std::string_view arg) {
  std::string out(pattern);
  if (auto at = out.find("{}"); at != std::string::npos) out.replace(at, 2, arg);
  return out;
}

}  // namespace gradbooth::ui
