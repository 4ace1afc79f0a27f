// In-process cost of detect + plan + render for each fixture app, with every
// bundled buildpack loaded. Prints the median over many runs per app.
//   detect_bench <buildpack-dir> <fixtures-dir> [runs]
#include <algorithm>
#include <chrono>
#include <fstream>
#include <iomanip>
#include <iostream>

#include <nlohmann/json.hpp>

#include "core/app_analysis.hpp"
#include "core/build_units.hpp"

namespace fs = std::filesystem;
using Clock = std::chrono::steady_clock;

int main(int argc, char** argv) {
  if (argc < 3) {
    std::cerr << "usage: detect_bench <buildpack-dir> <fixtures-dir> [runs]\n";
    return 2;
  }
  const fs::path fixtures = argv[2];
  const int runs = argc > 3 ? std::stoi(argv[3]) : 200;
  auto registry = kiln::BuildpackRegistry::scan({argv[1]});
  for (const auto& p : registry.problems()) std::cerr << "warning: " << p.message << "\n";

  std::vector<fs::path> expectations;
  for (const auto& e : fs::directory_iterator(fixtures / "expectations")) expectations.push_back(e.path());
  std::sort(expectations.begin(), expectations.end());

  std::vector<double> medians;
  std::cout << std::left << std::setw(40) << "app" << std::setw(20) << "buildpack" << "median us\n";
  for (const auto& file : expectations) {
    auto app = nlohmann::json::parse(std::ifstream(file)).at("app").get<std::string>();
    auto tree = kiln::LocalSourceTree::open(fixtures / "apps" / app);
    if (!tree) continue;
    std::vector<double> samples;
    std::string chosen;
    for (int i = 0; i < runs; ++i) {
      auto start = Clock::now();
      auto analysis = kiln::analyze_app(*tree, registry);
      if (analysis && analysis->plan) {
        kiln::RenderOptions options;
        options.app_name = analysis->tree->name();
        auto units = kiln::build_units(*analysis->plan, *analysis->tree, options);
        chosen = analysis->report.buildpack;
      }
      samples.push_back(std::chrono::duration<double, std::micro>(Clock::now() - start).count());
    }
    std::nth_element(samples.begin(), samples.begin() + samples.size() / 2, samples.end());
    double median = samples[samples.size() / 2];
    medians.push_back(median);
    std::cout << std::left << std::setw(40) << app << std::setw(20) << chosen << std::fixed << std::setprecision(1)
              << median << "\n";
  }
  std::sort(medians.begin(), medians.end());
  if (medians.empty()) return 1;
  std::cout << "apps: " << medians.size() << "  median of medians: " << std::setprecision(1)
            << medians[medians.size() / 2] << " us  worst app: " << medians.back() << " us  ("
            << registry.buildpacks().size() << " buildpacks loaded, " << runs << " runs each)\n";
  return 0;
}
