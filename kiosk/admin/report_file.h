// Writes a batch's HTML report (core/report_data + core/report_html) to a file: shared by
// `gradbooth-admin report` and `batch --report`.
#pragma once

#include <core/report_html.h>
#include <core/durable_file.h>

#include <filesystem>

namespace gradbooth::admin {

inline Result<core::ReportData> write_report(core::Store &store, std::string_view batch, const std::filesystem::path &out) {
  auto data = core::collect_report(store, batch);
  if (!data) return data.error();
  const std::string html = core::render_report_html(*data);
  const auto abs = std::filesystem::absolute(out);
  if (auto s = core::write_file_durable(abs.parent_path(), abs.filename().string(), core::as_bytes(html)); !s) return s.error();
  return data;
}

}  // namespace gradbooth::admin
