#include <doctest/doctest.h>
#include <gradbooth/result.h>

using gradbooth::Error;
using gradbooth::Result;
using gradbooth::Status;

namespace {
Result<int> parse_digit(char c) {
  if (c < '0' || c > '9') return gradbooth::make_error("digit.bad", "not a digit", "不是数字");
  return c - '0';
}
}  // namespace

TEST_CASE("Result carries either a value or an error") {
  auto good = parse_digit('7');
  REQUIRE(good.ok());
  CHECK(*good == 7);
  auto bad = parse_digit('x');
  REQUIRE_FALSE(bad.ok());
  CHECK(bad.error().code == "digit.bad");
  CHECK(bad.error().message_zh == "不是数字");
}

TEST_CASE("Status defaults to success and keeps the error otherwise") {
  Status fine;
  CHECK(fine.ok());
  Status failed = gradbooth::make_error("x", "English only");
  CHECK_FALSE(failed.ok());
  CHECK(failed.error().message_zh == "English only");
}
