#include "report_html.h"

#include "id_number.h"

#include <algorithm>
#include <map>

namespace gradbooth::core {

namespace {

std::string num(int n) { return std::to_string(n); }

std::string pct(int part, int whole) {
  if (whole <= 0) return "—";
  char buf[16];
  std::snprintf(buf, sizeof buf, "%.1f%%", 100.0 * part / whole);
  return buf;
}

constexpr const char *kStyle = R"CSS(
body{font-family:"Noto Sans CJK SC","Noto Sans",sans-serif;margin:24px;color:#1d2733;background:#fff}
h1{font-size:26px;margin:0 0 4px}h2{font-size:20px;margin:28px 0 8px;border-bottom:2px solid #cfe6f7}
h3{font-size:16px;margin:16px 0 6px}.muted{color:#66707a;font-size:13px}
table.summary{border-collapse:collapse}table.summary td{padding:4px 14px 4px 0}
table.summary td.n{font-weight:bold;text-align:right;font-size:18px}
.charts{display:flex;gap:32px;flex-wrap:wrap}
.sheet{display:flex;flex-wrap:wrap;gap:10px}
figure.photo{margin:0;width:124px;font-size:11px;text-align:center;overflow-wrap:anywhere}
figure.photo img,figure.photo .nothumb{width:120px;height:160px;border:2px solid #9aa5b1;display:block}
figure.photo .nothumb{background:#eef1f4;line-height:160px;color:#66707a}
figure.passed img{border-color:#2b8a3e}figure.overridden img{border-color:#e67700}
figure.voided img{border-color:#495057;opacity:.5}figure.retake img,figure.retake .nothumb{border-color:#c92a2a}
table.missing{border-collapse:collapse;font-size:13px}table.missing td,table.missing th{border:1px solid #dde3e8;padding:3px 8px}
)CSS";

// Horizontal bars, one per failure reason (class "bar", data-count), value at the bar's end.
std::string reasons_svg(const std::vector<std::pair<std::string, int>> &reasons) {
  const int row = 26, label_w = 190, bar_w = 360;
  const int height = std::max(1, static_cast<int>(reasons.size())) * row + 10;
  int max = 1;
  for (const auto &[id, n] : reasons) max = std::max(max, n);
  std::string s = "<svg id=\"reasons-chart\" xmlns=\"http://www.w3.org/2000/svg\" width=\"" + num(label_w + bar_w + 60) + "\" height=\"" +
      num(height) + "\" role=\"img\" aria-label=\"failure reasons\">";
  if (reasons.empty()) s += "<text x=\"4\" y=\"20\" font-size=\"13\">没有不合格的照片 / no failed photos</text>";
  int y = 4;
  for (const auto &[id, n] : reasons) {
    const int w = std::max(2, n * bar_w / max);
    s += "<text x=\"" + num(label_w - 6) + "\" y=\"" + num(y + 16) + "\" font-size=\"13\" text-anchor=\"end\">" + html_escape(id) +
        "</text>";
    s += "<rect class=\"bar\" data-reason=\"" + html_escape(id) + "\" data-count=\"" + num(n) + "\" x=\"" + num(label_w) + "\" y=\"" +
        num(y + 3) + "\" width=\"" + num(w) + "\" height=\"" + num(row - 8) + "\" fill=\"#d9480f\"/>";
    s += "<text x=\"" + num(label_w + w + 6) + "\" y=\"" + num(y + 16) + "\" font-size=\"13\">" + num(n) + "</text>";
    y += row;
  }
  return s + "</svg>";
}

// Vertical bars, one per hour with photos (class "hour-bar"), hour labels below.
std::string hours_svg(const std::vector<std::pair<std::string, int>> &hours) {
  const int col = 46, plot_h = 160, top = 20, base = top + plot_h;
  const int width = std::max(1, static_cast<int>(hours.size())) * col + 20;
  int max = 1;
  for (const auto &[h, n] : hours) max = std::max(max, n);
  std::string s = "<svg id=\"hours-chart\" xmlns=\"http://www.w3.org/2000/svg\" width=\"" + num(width) + "\" height=\"" + num(base + 40) +
      "\" role=\"img\" aria-label=\"photos per hour\">";
  s += "<line x1=\"8\" y1=\"" + num(base) + "\" x2=\"" + num(width - 4) + "\" y2=\"" + num(base) + "\" stroke=\"#66707a\"/>";
  int x = 14;
  for (const auto &[h, n] : hours) {
    const int bh = std::max(2, n * plot_h / max);
    s += "<rect class=\"hour-bar\" data-hour=\"" + html_escape(h) + "\" data-count=\"" + num(n) + "\" x=\"" + num(x) + "\" y=\"" +
        num(base - bh) + "\" width=\"" + num(col - 12) + "\" height=\"" + num(bh) + "\" fill=\"#1971c2\"/>";
    s += "<text x=\"" + num(x + (col - 12) / 2) + "\" y=\"" + num(base - bh - 4) + "\" font-size=\"12\" text-anchor=\"middle\">" + num(n) +
        "</text>";
    const std::string day = h.size() > 6 ? h.substr(0, 5) : "", hour = h.size() > 6 ? h.substr(6) : h;
    s += "<text x=\"" + num(x + (col - 12) / 2) + "\" y=\"" + num(base + 15) + "\" font-size=\"11\" text-anchor=\"middle\">" +
        html_escape(hour) + "</text>";
    s += "<text x=\"" + num(x + (col - 12) / 2) + "\" y=\"" + num(base + 29) +
        "\" font-size=\"10\" fill=\"#66707a\" text-anchor=\"middle\">" + html_escape(day) + "</text>";
    x += col;
  }
  return s + "</svg>";
}

const char *verdict_class(Verdict v) {
  switch (v) {
  case Verdict::Passed: return "passed";
  case Verdict::Overridden: return "overridden";
  case Verdict::Voided: return "voided";
  case Verdict::Retake: return "retake";
  case Verdict::Replaced: return "replaced";
  }
  return "";
}

std::string figure(const ReportPhoto &p) {
  const std::string cls = verdict_class(p.verdict);
  std::string s = "<figure class=\"photo " + cls + "\" data-attempt=\"" + std::to_string(p.attempt) + "\">";
  if (p.thumbnail.empty()) s += "<div class=\"nothumb\">无照片 / no photo</div>";
  else
    s += "<img class=\"thumb\" alt=\"" + html_escape(p.number.empty() ? "A" + std::to_string(p.attempt) : p.number) +
        "\" src=\"data:image/jpeg;base64," + base64(p.thumbnail) + "\">";
  s += "<figcaption><b>" + html_escape(p.number.empty() ? "—" : p.number) + "</b> " + html_escape(p.name) + "<br>" +
      html_escape(p.masked_id) + "<br>" + verdict_zh(p.verdict) + " / " + verdict_en(p.verdict) + "</figcaption></figure>";
  return s;
}

}  // namespace

std::string html_escape(std::string_view in) {
  std::string out;
  out.reserve(in.size());
  for (char c : in) {
    switch (c) {
    case '&': out += "&amp;"; break;
    case '<': out += "&lt;"; break;
    case '>': out += "&gt;"; break;
    case '"': out += "&quot;"; break;
    case '\'': out += "&#39;"; break;
    default: out += c;
    }
  }
  return out;
}

std::string base64(const std::vector<std::uint8_t> &b) {
  static constexpr char k[] = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";
  std::string out;
  out.reserve((b.size() + 2) / 3 * 4);
  for (std::size_t i = 0; i < b.size(); i += 3) {
    const std::uint32_t v = (b[i] << 16) | (i + 1 < b.size() ? b[i + 1] << 8 : 0) | (i + 2 < b.size() ? b[i + 2] : 0);
    out += k[(v >> 18) & 63];
    out += k[(v >> 12) & 63];
    out += i + 1 < b.size() ? k[(v >> 6) & 63] : '=';
    out += i + 2 < b.size() ? k[v & 63] : '=';
  }
  return out;
}

std::string render_report_html(const ReportData &r) {
  std::string h = "<!DOCTYPE html>\n<html lang=\"zh-CN\"><head><meta charset=\"utf-8\">"
                  "<meta http-equiv=\"Content-Security-Policy\" content=\"default-src 'none'; img-src data:; "
                  "style-src 'unsafe-inline'\"><title>批次 " +
      html_escape(r.batch) + " 报告 / batch report</title><style>" + kStyle + "</style></head><body>\n";
  h += "<h1>批次 / Batch " + html_escape(r.batch) + "</h1><p class=\"muted\">生成于 / generated " + html_escape(r.generated_utc) +
      " (UTC) · 照片已缩小，身份证号已掩码 / thumbnails only, ID numbers masked</p>\n";
  // Summary.
  const int missing = static_cast<int>(r.missing.size());
  auto row = [&](const char *zh, const char *en, const std::string &n, const std::string &extra = "") {
    h += std::string("<tr><td>") + zh + " / " + en + "</td><td class=\"n\">" + n + "</td><td class=\"muted\">" + extra + "</td></tr>";
  };
  h += "<section id=\"summary\"><h2>概况 / Summary</h2><table class=\"summary\">";
  const StoreStats &s = r.stats;
  row("名单人数", "roster", num(s.roster));
  row("已拍照（已编号）", "photographed (numbered)", num(s.accepted), pct(s.accepted, s.roster) + " of the roster");
  row("一次通过", "passed first time", num(s.first_try_pass),
      pct(s.first_try_pass, s.students_attempted) + " of " + num(s.students_attempted) + " students who had a photo taken");
  row("人工放行", "overridden", num(s.overrides));
  row("作废", "voided", num(s.voided));
  row("拍摄次数", "photos taken", num(s.attempts));
  row("尚未拍照", "students missing", num(missing));
  h += "</table></section>\n";
  // Charts.
  h += "<section id=\"charts\" class=\"charts\"><div><h2>不合格原因 / Failure reasons</h2>" + reasons_svg(s.top_failures) +
      "</div><div><h2>每小时拍摄 / Photos per hour</h2>" + hours_svg(r.per_hour) + "</div></section>\n";
  // Contact sheet: the photos that passed first, then one group per failure reason.
  std::map<std::string, std::vector<const ReportPhoto *>> groups;
  for (const auto &p : r.photos) groups[p.reason].push_back(&p);
  h += "<section id=\"contact-sheet\"><h2>联系表 / Contact sheet (" + num(static_cast<int>(r.photos.size())) + ")</h2>\n";
  auto group = [&](const std::string &key, const std::vector<const ReportPhoto *> &ps) {
    const std::string title = key.empty()
        ? "通过 / passed"
        : html_escape(key) + (ps.front()->reason_zh.empty() ? "" : " — " + html_escape(ps.front()->reason_zh));
    h += "<div class=\"group\" data-reason=\"" + html_escape(key) + "\"><h3>" + title + " (" + num(static_cast<int>(ps.size())) +
        ")</h3><div class=\"sheet\">";
    for (const auto *p : ps) h += figure(*p);
    h += "</div></div>\n";
  };
  if (groups.count("")) group("", groups[""]);
  // Largest failure group first.
  std::vector<std::pair<std::string, std::vector<const ReportPhoto *>>> failing;
  for (auto &[k, v] : groups)
    if (!k.empty()) failing.emplace_back(k, v);
  std::stable_sort(failing.begin(), failing.end(), [](const auto &a, const auto &b) { return a.second.size() > b.second.size(); });
  for (const auto &[k, v] : failing) group(k, v);
  h += "</section>\n";
  // Students still without a photo.
  h += "<section id=\"missing\"><h2>尚未拍照 / Still without a photo (" + num(missing) + ")</h2>";
  if (!r.missing.empty()) {
    h += "<table class=\"missing\"><tr><th>学号 / student number</th><th>姓名 / name</th><th>身份证号 / ID</th></tr>";
    for (const auto &m : r.missing)
      h += "<tr class=\"missing-student\"><td>" + html_escape(m.student_number) + "</td><td>" + html_escape(m.name) + "</td><td>" +
          html_escape(mask_id_number(m.id_number)) + "</td></tr>";
    h += "</table>";
  }
  h += "</section>\n</body></html>\n";
  return h;
}

}  // namespace gradbooth::core
