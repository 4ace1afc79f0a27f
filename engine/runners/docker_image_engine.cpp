#include "runners/docker_image_engine.hpp"

#include "runners/docker_runner.hpp"

namespace kiln {
namespace {

class DockerImageEngine final : public ImageEngine {
 public:
  DockerImageEngine(DockerEngine engine, std::optional<RegistryCredentials> credentials)
      : runner_(std::move(engine)), credentials_(std::move(credentials)) {}

  std::string description() const override { return runner_.engine().info().kind + " " + runner_.engine().info().version; }
  sdk::Runner& runner() override { return runner_; }
  Result<PushResult> push(const std::string& image, const std::string& destination, const sdk::EventSink& events,
                          const std::atomic<bool>& cancelled) override {
    return push_image(runner_.engine(), image, destination, credentials_ ? &*credentials_ : nullptr, events, cancelled);
  }

 private:
  DockerRunner runner_;
  std::optional<RegistryCredentials> credentials_;
};

}  // namespace

Result<std::unique_ptr<ImageEngine>> connect_docker_engine(const std::string& address,
                                                           std::optional<RegistryCredentials> credentials) {
  auto engine = DockerEngine::connect(address);
  if (!engine) return engine.error();
  return std::unique_ptr<ImageEngine>(std::make_unique<DockerImageEngine>(std::move(engine.value()), std::move(credentials)));
}

}  // namespace kiln
