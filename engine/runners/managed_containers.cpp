#include "runners/managed_containers.hpp"

namespace kiln {
namespace {

ManagedContainer from_inspect(const nlohmann::json& inspected) {
  ManagedContainer container;
  container.id = inspected.value("Id", "");
  container.name = inspected.value("Name", "");
  if (!container.name.empty() && container.name.front() == '/') container.name.erase(0, 1);
  const auto& config = inspected.value("Config", nlohmann::json::object());
  container.image = config.value("Image", "");
  if (config.contains("Labels") && config["Labels"].is_object())
    for (const auto& [key, value] : config["Labels"].items())
      if (key.rfind("io.kiln.", 0) == 0 && value.is_string()) container.labels[key] = value.get<std::string>();
  const auto& state = inspected.value("State", nlohmann::json::object());
  container.state = state.value("Status", "");
  container.status = state.value("Running", false) ? "running" : container.state;
  return container;
}

ManagedContainer from_list(const nlohmann::json& item) {
  ManagedContainer container;
  container.id = item.value("Id", "");
  if (item.contains("Names") && item["Names"].is_array() && !item["Names"].empty()) {
    container.name = item["Names"][0].get<std::string>();
    if (!container.name.empty() && container.name.front() == '/') container.name.erase(0, 1);
  }
  container.image = item.value("Image", "");
  container.state = item.value("State", "");
  container.status = item.value("Status", "");
  container.created = item.value("Created", std::int64_t{0});
  if (item.contains("Labels") && item["Labels"].is_object())
    for (const auto& [key, value] : item["Labels"].items())
      if (key.rfind("io.kiln.", 0) == 0 && value.is_string()) container.labels[key] = value.get<std::string>();
  return container;
}

}  // namespace

nlohmann::json to_json(const ManagedContainer& c) {
  return {{"id", c.id}, {"name", c.name}, {"image", c.image}, {"state", c.state},
          {"status", c.status}, {"created", c.created}, {"labels", c.labels}};
}

bool is_container_reference(const std::string& text) {
  if (text.empty() || text.size() > 128 || !std::isalnum(static_cast<unsigned char>(text[0]))) return false;
  for (char c : text)
    if (!std::isalnum(static_cast<unsigned char>(c)) && c != '_' && c != '.' && c != '-') return false;
  return true;
}

Result<std::vector<ManagedContainer>> ManagedContainers::list() const {
  auto filters = url_encode(nlohmann::json{{"label", {std::string(kManagedLabel) + "=true"}}}.dump());
  auto listed = engine_.call("GET", "/containers/json?all=1&filters=" + filters);
  if (!listed) return listed.error();
  std::vector<ManagedContainer> out;
  for (const auto& item : *listed) out.push_back(from_list(item));
  return out;
}

Result<ManagedContainer> ManagedContainers::get(const std::string& id) const {
  if (!is_container_reference(id)) return Error{ErrorCode::NotFound, "no container '" + id.substr(0, 64) + "'"};
  auto inspected = engine_.call("GET", "/containers/" + url_encode(id) + "/json");
  if (!inspected) {
    if (inspected.error().code == ErrorCode::NotFound) return Error{ErrorCode::NotFound, "no container " + id};
    return inspected.error();
  }
  auto labels = (*inspected)["Config"].value("Labels", nlohmann::json::object());
  if (!labels.is_object() || labels.value(kManagedLabel, "") != "true")
    return Error{ErrorCode::NotFound, "no container " + id + " managed by kiln"};
  return from_inspect(*inspected);
}

Result<ManagedContainer> ManagedContainers::create(const ContainerSpec& spec) const {
  auto image = engine_.call("GET", "/images/" + url_encode(spec.image) + "/json");
  if (!image) {
    if (image.error().code == ErrorCode::NotFound) return Error{ErrorCode::NotFound, "no image " + spec.image};
    return image.error();
  }
  auto labels = (*image)["Config"].value("Labels", nlohmann::json::object());
  if (!labels.is_object() || !labels.contains("io.kiln.buildpack"))
    return Error{ErrorCode::InvalidRequest, "image " + spec.image + " was not built by kiln; only kiln's images can be started here"};
  auto id = client_.create(spec);
  if (!id) return id.error();
  return get(*id);
}

Status ManagedContainers::start(const std::string& id) const {
  auto container = get(id);
  if (!container) return container.error();
  return client_.start(container->id);
}

Status ManagedContainers::stop(const std::string& id, int grace_seconds) const {
  auto container = get(id);
  if (!container) return container.error();
  return client_.stop(container->id, grace_seconds);
}

Status ManagedContainers::restart(const std::string& id, int grace_seconds) const {
  auto container = get(id);
  if (!container) return container.error();
  auto restarted = engine_.call("POST", "/containers/" + url_encode(container->id) + "/restart?t=" + std::to_string(grace_seconds),
                                nullptr, (grace_seconds + 30) * 1000L);
  if (!restarted) return restarted.error();
  return Ok{};
}

Status ManagedContainers::remove(const std::string& id) const {
  auto container = get(id);
  if (!container) return container.error();
  return client_.remove(container->id);
}

}  // namespace kiln
