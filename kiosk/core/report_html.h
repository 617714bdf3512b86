// The batch report as one self-contained HTML file: inline CSS, inline SVG charts, thumbnails as
// data: URIs, no script and no network, so it opens from a USB stick on any office PC. Every
// string from the roster or the store is HTML-escaped (names are hostile input).
#pragma once

#include "report_data.h"

#include <string>
#include <string_view>

namespace gradbooth::core {

std::string html_escape(std::string_view s);
std::string base64(const std::vector<std::uint8_t> &bytes);
std::string render_report_html(const ReportData &r);

}  // namespace gradbooth::core
