#include "install_phase.hpp"

#include <algorithm>

namespace kiln::python {
namespace {

// Installers live in their own venv under /opt, apart from the app's.
std::string tool_venv(const std::string& tool) { return "/opt/" + tool; }

std::string join(const std::vector<std::string>& words, const std::string& separator) {
  std::string out;
  for (const auto& word : words) out += (out.empty() ? "" : separator) + word;
  return out;
}

// One shell command: every command becomes a layer, so an installer created
// and deleted in separate commands would still weigh on the image.
std::string chain(const std::vector<std::string>& steps) { return join(steps, " && "); }

std::string create_app_venv() { return std::string("python3 -m venv ") + kVenv; }

bool has_input(const PythonFacts& facts, const std::string& file) {
  return std::find(facts.install_inputs.begin(), facts.install_inputs.end(), file) != facts.install_inputs.end();
}

std::vector<std::string> pip_commands(const PythonFacts& facts) {
  std::vector<std::string> commands{create_app_venv()};
  if (has_input(facts, "requirements.txt")) commands.emplace_back("pip install -r requirements.txt");
  else if (facts.install_needs_source) commands.emplace_back("pip install .");
  return commands;
}

std::vector<std::string> poetry_commands(const PythonFacts& facts, const std::optional<std::string>& version) {
  auto venv = tool_venv("poetry");
  // Poetry before 1.2 exports without groups (and has export built in).
  bool old = version && (version->starts_with("1.0") || version->starts_with("1.1"));
  std::vector<std::string> steps{"python3 -m venv " + venv,
                                 venv + "/bin/pip install " + (version ? "poetry==" + *version : std::string("poetry")) +
                                     (old ? "" : " poetry-plugin-export")};
  if (!facts.locked) steps.push_back(venv + "/bin/poetry lock");
  // Poetry exports the locked, hashed list and pip installs it: the result is
  // the lockfile exactly, in our venv, with no Poetry virtualenv logic involved.
  // A path dependency exports as an editable folder, which pip refuses among hashed lines.
  steps.push_back(venv + "/bin/poetry export " + (old ? "" : "--only main ") +
                  (facts.local_sources ? "--without-hashes " : "") +
                  "--format requirements.txt --output /tmp/requirements.txt");
  steps.emplace_back("pip install -r /tmp/requirements.txt");
  steps.push_back("rm -rf " + venv + " /tmp/requirements.txt");
  return {create_app_venv(), chain(steps)};
}

std::vector<std::string> pipenv_commands(const PythonFacts& facts) {
  auto venv = tool_venv("pipenv");
  std::vector<std::string> steps{"python3 -m venv " + venv, venv + "/bin/pip install pipenv"};
  // Without a lockfile Pipenv resolves one first; either way pip installs the
  // pinned list into our venv, so Pipenv never picks a venv of its own.
  if (!facts.locked) steps.push_back(venv + "/bin/pipenv lock");
  steps.push_back(venv + "/bin/pipenv requirements > /tmp/requirements.txt");
  steps.emplace_back("pip install -r /tmp/requirements.txt");
  steps.push_back("rm -rf " + venv + " /tmp/requirements.txt");
  return {create_app_venv(), chain(steps)};
}

// uv makes /app/.venv itself (UV_PROJECT_ENVIRONMENT) and keeps it exact, pip
// included, so servers are added with uv too, before uv goes.
std::vector<std::string> uv_commands(const PythonFacts& facts) {
  auto venv = tool_venv("uv");
  // --no-install-project: the project runs from /app (workspace members, whose
  // source is there by then, are installed). A virtual workspace root is its members.
  std::vector<std::string> steps{"python3 -m venv " + venv, venv + "/bin/pip install uv",
                                 venv + "/bin/uv sync " + (facts.locked ? "--locked " : "") +
                                     (facts.all_workspace_members ? "--all-packages " : "") +
                                     "--no-dev --no-install-project"};
  if (!facts.servers_to_add.empty()) steps.push_back(venv + "/bin/uv pip install " + join(facts.servers_to_add, " "));
  steps.push_back("rm -rf " + venv);
  return {chain(steps)};
}

}  // namespace

sdk::Phase install_phase(const PythonFacts& facts, const std::optional<std::string>& poetry_version) {
  sdk::Phase phase;
  phase.name = "install";
  if (!facts.install_needs_source) phase.inputs = facts.install_inputs;
  if (facts.package_manager == "poetry") phase.commands = poetry_commands(facts, poetry_version);
  else if (facts.package_manager == "pipenv") phase.commands = pipenv_commands(facts);
  else if (facts.package_manager == "uv") phase.commands = uv_commands(facts);
  else phase.commands = pip_commands(facts);
  // The start command needs a server the manifests do not list: add it to the venv.
  if (!facts.servers_to_add.empty() && facts.package_manager != "uv")
    phase.commands.push_back("pip install " + join(facts.servers_to_add, " "));
  phase.cache_paths = {"/root/.cache/pip"};
  if (facts.package_manager == "uv") phase.cache_paths.emplace_back("/root/.cache/uv");
  return phase;
}

std::map<std::string, std::string> installer_build_env(const PythonFacts& facts) {
  std::map<std::string, std::string> env{{"PIP_DISABLE_PIP_VERSION_CHECK", "1"},
                                         {"PIP_CACHE_DIR", "/root/.cache/pip"}};
  if (facts.package_manager == "uv") {
    env["UV_CACHE_DIR"] = "/root/.cache/uv";
    env["UV_PROJECT_ENVIRONMENT"] = kVenv;
    // Use the stack's interpreter; never download one during a build.
    env["UV_PYTHON_DOWNLOADS"] = "never";
    // The cache may be a separate mount, where hard links fail.
    env["UV_LINK_MODE"] = "copy";
    env["UV_COMPILE_BYTECODE"] = "1";
  }
  return env;
}

}  // namespace kiln::python
