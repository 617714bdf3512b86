#include "face/face_finder.h"
#include "measures/landmark_measures.h"
#include <opencv2/imgcodecs.hpp>
#include <opencv2/imgproc.hpp>
#include <chrono>
#include <cstdio>
#include <cstdlib>
#include <string>
using namespace gradbooth::models;
int main(int argc, char **argv) {
  auto t0 = std::chrono::steady_clock::now();
  auto ff = FaceFinder::load("/usr/share/dlib/shape_predictor_68_face_landmarks.dat");
  auto t1 = std::chrono::steady_clock::now();
  if (!ff) {
    std::printf("%s\n", ff.error().message_en.c_str());
    return 1;
  }
  std::printf("load %.0f ms\n", std::chrono::duration<double, std::milli>(t1 - t0).count());
  for (int i = 1; i < argc; ++i) {
    cv::Mat im = cv::imread(argv[i]), g;
    cv::cvtColor(im, g, cv::COLOR_BGR2GRAY);
    for (double s : {1.0, 0.5}) {
      cv::Mat gs;
      cv::resize(g, gs, {}, s, s, cv::INTER_AREA);
      auto a = std::chrono::steady_clock::now();
      auto d = (*ff)->detect(gs);
      auto b = std::chrono::steady_clock::now();
      std::printf("%s s=%.2f %dx%d faces=%zu det %.1f ms", argv[i], s, gs.cols, gs.rows, d.size(),
                  std::chrono::duration<double, std::milli>(b - a).count());
      if (!d.empty() && s == 1.0) {
        auto f = (*ff)->landmarks(g, d[0].box, d[0].score);
        auto m = measure_landmarks(f, g.size());
        if (getenv("PROBE_DRAW")) {
          cv::Mat c = im.clone();
          for (int k = 0; k < 68; ++k) {
            cv::circle(c, f.points[k], 2, {0, 0, 255}, -1);
            cv::putText(c, std::to_string(k), f.points[k], cv::FONT_HERSHEY_PLAIN, 0.7, {0, 255, 255});
          }
          cv::imwrite(std::string(getenv("PROBE_DRAW")) + "/" + std::to_string(i) + ".jpg", c);
        }
        std::printf(" box=%dx%d earL=%.3f earR=%.3f mouth=%.3f roll=%.1f yaw=%.1f pitchN=%.1f sym=%.2f iod=%.0f pnp(y%.1f p%.1f r%.1f)",
                    f.box.width, f.box.height, m.ear_left, m.ear_right, m.mouth_opening, m.roll, m.yaw, m.pitch_nose, m.ear_symmetry,
                    m.eye_distance, m.pnp.yaw, m.pnp.pitch, m.pnp.roll);
      }
      std::printf("\n");
    }
  }
}
// draw: PROBE_DRAW=dir
