// What the batch report shows (gradbooth-admin report, batch --report), gathered from a batch's
// store through its public API: the summary counts, failure reasons, photos per hour, every
// attempt's photo as a small thumbnail with its verdict, and who is still without a photo.
// report_html.h turns it into one self-contained HTML file.
#pragma once

#include "store.h"

#include <gradbooth/result.h>

#include <cstdint>
#include <string>
#include <utility>
#include <vector>

namespace gradbooth::core {

enum class Verdict { Passed, Overridden, Voided, Retake, Replaced };

struct ReportPhoto {
  AttemptId attempt = 0;
  std::string number;     // "0042", "" when the attempt got none
  std::string masked_id;  // mask_id_number(): never the full ID number in a report
  std::string name;
  std::string at;  // UTC, ISO 8601
  Verdict verdict = Verdict::Retake;
  std::string reason;                   // group: the first failing check's id, "" for a photo that passed
  std::string reason_zh;                // the first failing reason as the student heard it
  std::vector<std::uint8_t> thumbnail;  // small JPEG; empty when the attempt has no spec photo
};

struct ReportData {
  std::string batch;
  std::string generated_utc;
  StoreStats stats;                                   // the counts; stats.accepted = students with a live number, top_failures = reasons
  std::vector<std::pair<std::string, int>> per_hour;  // local "MM-DD HH:00" → photos taken, in time order
  std::vector<ReportPhoto> photos;                    // every attempt, in time order
  std::vector<RosterEntry> missing;                   // roster students without a live number
};

// thumb_denom: the spec photo (960×1280) is decoded at 1/thumb_denom (1, 2, 4, 8) for its thumbnail.
Result<ReportData> collect_report(Store &store, std::string_view batch, int thumb_denom = 8);

const char *verdict_zh(Verdict v);
const char *verdict_en(Verdict v);

}  // namespace gradbooth::core
