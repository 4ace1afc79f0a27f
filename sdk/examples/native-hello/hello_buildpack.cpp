// The SDK's native example: hello.txt served by busybox httpd on the port a PORT file names.
// Only <kiln/sdk/...> headers; kiln speaks C to the library (abi.h), this class is the SDK's adapter.
#include <kiln/sdk/plugin.hpp>

#include <cctype>

namespace {

using namespace kiln::sdk;

int port_of(const SourceTree& tree) {
  auto text = tree.read("PORT");
  if (!text) return 8080;
  int port = 0;
  for (char c : *text) {
    if (!std::isdigit(static_cast<unsigned char>(c))) break;
    port = port * 10 + (c - '0');
  }
  return port > 0 && port <= 65535 ? port : 8080;
}

class HelloBuildpack : public Buildpack {
 public:
  Detection detect(const SourceTree& tree) const override {
    if (!tree.exists("hello.txt")) return Detection::no();
    Detection d;
    d.pass = true;
    d.score = 30;
    d.language = "static";
    d.evidence = {"hello.txt"};
    if (tree.exists("PORT")) d.evidence.push_back("PORT");
    d.facts["port"] = port_of(tree);
    return d;
  }

  BuildPlan generate(const SourceTree&, const Detection& detection, const GenerateOptions&) const override {
    const int port = detection.facts.value("port", 8080);
    BuildPlan plan;
    plan.build_image = plan.run_image = BaseImage::of_runtime("base");
    plan.run_packages = {"busybox"};
    plan.phases = {{"site", {}, {"mkdir -p /app/www", "cp hello.txt /app/www/index.html"}, {}}};
    plan.start.argv = {"busybox", "httpd", "-f", "-p", std::to_string(port), "-h", "/app/www"};
    plan.port = port;
    return plan;
  }
};

}  // namespace

KILN_BUILDPACK(HelloBuildpack)
