#include "face/face_finder.h"
#include "image/pixel_measures.h"
#include <opencv2/imgcodecs.hpp>
#include <opencv2/imgproc.hpp>
#include <cstdio>
using namespace gradbooth::models;
int main(int argc, char **argv) {
  auto ff = FaceFinder::load("/usr/share/dlib/shape_predictor_68_face_landmarks.dat");
  StandardProfile p;
  for (int i = 1; i < argc; ++i) {
    cv::Mat im = cv::imread(argv[i]), g;
    cv::cvtColor(im, g, cv::COLOR_BGR2GRAY);
    cv::Mat gs;
    double k = 480.0 / g.cols;
    cv::resize(g, gs, {}, k, k, cv::INTER_AREA);
    auto d = (*ff)->detect(gs);
    if (d.empty()) {
      std::printf("%s noface\n", argv[i]);
      continue;
    }
    cv::Rect b(d[0].box.x / k, d[0].box.y / k, d[0].box.width / k, d[0].box.height / k);
    auto f = (*ff)->landmarks(g, b);
    auto m = measure_pixels(im, f, p);
    std::printf("%s %dx%d head_top=%.1f bgDE=%.1f uneven=%.1f light=%.2f luma=%.0f hl=%.3f sharp=%.1f red=%.2f glare=%.3f tilt=%.1f "
                "cheekL=%.0f cheekR=%.0f\n",
                argv[i], im.cols, im.rows, m.head_top_y, m.background_delta_e, m.background_unevenness, m.light_ratio, m.face_luma,
                m.highlight_fraction, m.sharpness, m.red_eye, m.glare_fraction, m.shoulder_tilt_deg, f.points[0].x,
                im.cols - f.points[16].x);
  }
}
