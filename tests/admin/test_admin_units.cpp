// Pure pieces of the admin tools: the progress bar's text, the report's escaping and
// base64 (the browser test covers the whole page; these pin the edge cases).
#include <core/progress.h>
#include <core/report_html.h>

#include <doctest/doctest.h>

#include <cstdio>
#include <string>

using gradbooth::core::ProgressDisplay;

TEST_CASE("the bar shows count, rate and time left; it never splits a UTF-8 character") {
  CHECK(ProgressDisplay::clock_text(7) == "0:07");
  CHECK(ProgressDisplay::clock_text(62) == "1:02");
  CHECK(ProgressDisplay::clock_text(3723) == "1:02:03");
  CHECK(ProgressDisplay::clock_text(-1) == "--:--");
  const std::string half = ProgressDisplay::bar_text(20, 40, 4.0, "photos/0020.jpg", 100);
  CHECK(half == "[############            ] 20/40  4.0/s  0:05 left  photos/0020.jpg");
  CHECK(ProgressDisplay::bar_text(0, 40, 0, "", 100).find("--:-- left") != std::string::npos);
  CHECK(ProgressDisplay::bar_text(40, 40, 8, "", 100).starts_with("[########################] 40/40"));
  // A narrow terminal cuts the item name on a character boundary (学 is 3 bytes).
  const std::string narrow = ProgressDisplay::bar_text(1, 2, 1, "学学学学学学学学", 62);
  const auto item = narrow.substr(narrow.rfind("  ") + 2);
  CHECK(item.size() % 3 == 0);
  CHECK(!item.empty());
}

TEST_CASE("step lines go to the stream given; quiet writes nothing") {
  char *buf = nullptr;
  std::size_t len = 0;
  std::FILE *mem = ::open_memstream(&buf, &len);
  REQUIRE(mem);
  {
    ProgressDisplay lines("export", ProgressDisplay::Mode::Lines, mem);
    lines.step(1, 2, "photos/0001.jpg");
    lines.fn()(2, 2, "photos/0002.jpg");
    ProgressDisplay quiet("export", ProgressDisplay::Mode::Quiet, mem);
    quiet.step(1, 1, "x");
  }
  std::fclose(mem);
  CHECK(std::string(buf, len) == "export 1/2 photos/0001.jpg\nexport 2/2 photos/0002.jpg\n");
  std::free(buf);
}

TEST_CASE("report strings are escaped, thumbnails are standard base64") {
  using gradbooth::core::base64;
  using gradbooth::core::html_escape;
  CHECK(html_escape(R"(<a href="x" onclick='y'>&amp;</a>)") == "&lt;a href=&quot;x&quot; onclick=&#39;y&#39;&gt;&amp;amp;&lt;/a&gt;");
  CHECK(html_escape("张伟") == "张伟");
  CHECK(base64({}) == "");
  CHECK(base64({'f'}) == "Zg==");
  CHECK(base64({'f', 'o'}) == "Zm8=");
  CHECK(base64({'f', 'o', 'o'}) == "Zm9v");
  CHECK(base64({0xFF, 0xD8, 0xFF}) == "/9j/");
}
