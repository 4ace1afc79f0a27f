#include "runners/helper_isolation.hpp"

#include <sys/stat.h>

#include <thread>

#include "runners/build_context.hpp"
#include "runners/helper_container.hpp"
#include "runners/small_tar.hpp"

namespace kiln {
namespace {

std::string short_id(const std::string& id) { return id.substr(0, 12); }

std::string megabytes(std::uint64_t bytes) {
  char text[32];
  std::snprintf(text, sizeof text, "%.1f MB", static_cast<double>(bytes) / 1e6);
  return text;
}

Result<ContainerUser> helper_image_user(const DockerEngine& engine, const std::string& image) {
  auto inspected = engine.call("GET", "/images/" + url_encode(image) + "/json");
  if (!inspected) {
    if (inspected.error().code == ErrorCode::NotFound)
      return Error{ErrorCode::NotFound, "no helper image " + image + " on the engine: make it with scripts/make-kiln-image.sh, "
                                "or name another with --helper-image (or KILN_HELPER_IMAGE)"};
    return inspected.error().with_context("helper image " + image);
  }
  const auto& config = (*inspected)["Config"];
  std::string user = config.is_object() && config.contains("User") && config["User"].is_string()
                         ? config["User"].get<std::string>()
                         : std::string();
  return parse_container_user(user, image);
}

// The folders the helper works in, and the files kiln hands it; owned by
// the helper's user, the inputs readable by it alone.
Result<std::string> workspace_tar(const HelperBuild& build, const std::string& app_folder, const ContainerUser& user) {
  const std::string workspace = std::string(kHelperWorkspace).substr(1);
  const std::string app_parent = std::string(kHelperAppParent).substr(1);
  const std::string inputs = std::string(kHelperInputs).substr(1);
  std::vector<TarMember> members = {
      {TarMember::Kind::Directory, workspace, "", 0755},
      {TarMember::Kind::Directory, app_parent, "", 0755},
      {TarMember::Kind::Directory, app_parent + "/" + app_folder, "", 0755},
      {TarMember::Kind::Directory, inputs, "", 0700},
  };
  if (build.ca_bundle)
    members.push_back({TarMember::Kind::File, std::string(kHelperCaBundle).substr(1), *build.ca_bundle, 0644});
  if (build.registry_password)
    members.push_back(
        {TarMember::Kind::File, std::string(kHelperPasswordFile).substr(1), *build.registry_password + "\n", 0600});
  return small_tar(members, user.uid, user.gid);
}

// The unix socket's group, which a non-root helper user must join to use it.
std::optional<unsigned> socket_group(const EngineEndpoint& endpoint, const ContainerUser& user) {
  if (endpoint.kind != EngineEndpoint::Kind::Unix || user.uid == 0) return std::nullopt;
  struct stat info {};
  if (::stat(endpoint.socket_path.c_str(), &info) != 0) return std::nullopt;
  return static_cast<unsigned>(info.st_gid);
}

}  // namespace

Result<HelperOutcome> run_build_in_helper(const DockerEngine& engine, const HelperBuild& build,
                                          const LogFrameSplitter::Sink& output, const HelperStop& stop,
                                          const HelperProgress& progress) {
  const std::string app_folder = helper_app_folder_name(build.app_dir.filename().string());
  const std::string app_path = std::string(kHelperAppParent) + "/" + app_folder;
  auto command = helper_command({build.global_options, build.build_options, app_path, build.ca_bundle.has_value(),
                                 build.registry_password.has_value()});
  if (!command) return command.error();
  auto user = helper_image_user(engine, build.image);
  if (!user) return user.error();

  // Opened before the helper exists, so a bad .dockerignore costs no container.
  BuildContextStream::Options source;
  source.root = build.app_dir;
  source.owner_uid = user->uid;
  source.owner_gid = user->gid;
  auto stream = BuildContextStream::open(std::move(source));
  if (!stream) return stream.error().with_context("the app folder " + build.app_dir.string());
  auto workspace = workspace_tar(build, app_folder, *user);
  if (!workspace) return workspace.error();

  const auto& endpoint = engine.transport().endpoint();
  auto helper = HelperContainer::create(
      engine, {build.image, *command, endpoint, socket_group(endpoint, *user)});
  if (!helper) return helper.error();
  if (progress)
    progress("helper " + short_id(helper->id()) + " from " + build.image + " on " + endpoint.describe());

  std::size_t sent = 0;
  auto read_workspace = [&](char* buffer, std::size_t n) -> Result<std::size_t> {
    auto take = std::min(n, workspace->size() - sent);
    std::copy_n(workspace->data() + sent, take, buffer);
    sent += take;
    return take;
  };
  if (auto put = helper->put_archive("/", read_workspace, &stop.cancel); !put) return put.error();
  auto read_source = [&](char* buffer, std::size_t n) { return (*stream)->read(buffer, n); };
  if (auto put = helper->put_archive(app_path, read_source, &stop.cancel); !put) {
    if (put.error().code == ErrorCode::Cancelled) return Error{ErrorCode::Cancelled, "cancelled while sending the app"};
    return put.error().with_context("sending the app to the helper");
  }
  if (progress)
    progress("sent the app to " + app_path + ": " + std::to_string((*stream)->files()) + " files, " +
             megabytes((*stream)->bytes_produced()));
  if (stop.cancel) return Error{ErrorCode::Cancelled, "cancelled before the helper started"};
  if (auto started = helper->start(); !started) return started.error();

  // The watcher turns the caller's requests into signals to the helper, and
  // gives up on it once the grace is over or the caller insists.
  std::atomic<bool> give_up{false}, finished{false}, signalled{false};
  std::thread watcher([&] {
    std::chrono::steady_clock::time_point signalled_at;
    while (!finished) {
      if (stop.abandon) break;
      if (stop.cancel && !signalled) {
        (void)helper->signal("SIGTERM");
        signalled = true;
        signalled_at = std::chrono::steady_clock::now();
      }
      if (signalled && std::chrono::steady_clock::now() - signalled_at > build.stop_grace) break;
      std::this_thread::sleep_for(std::chrono::milliseconds(100));
    }
    if (!finished) give_up = true;
  });
  auto followed = helper->follow_output(output, give_up);
  auto exit_code = helper->wait(give_up);
  finished = true;
  watcher.join();

  if (give_up)
    return Error{ErrorCode::Cancelled, stop.abandon ? "stopped at once; the helper container was removed"
                                           : "the helper did not stop within " +
                                                 std::to_string(build.stop_grace.count()) + " s; it was removed"};
  if (!exit_code) return exit_code.error();
  if (!followed && progress) progress("warning: " + followed.error().message);
  if (auto removed = helper->remove(); !removed) return removed.error();
  return HelperOutcome{*exit_code, signalled.load()};
}

}  // namespace kiln
