#include "start_command.hpp"

namespace kiln::python {
namespace {

// "app:create_app()" has parentheses the shell would read; the target is
// otherwise only identifiers, dots and a colon, so single quotes are enough.
std::string shell_target(const std::string& target) {
  return target.find('(') == std::string::npos ? target : "'" + target + "'";
}

}  // namespace

std::optional<int> conventional_port(const std::optional<std::string>& framework) {
  if (!framework) return std::nullopt;
  if (*framework == "flask") return 5000;
  if (*framework == "streamlit") return 8501;
  if (*framework == "django" || *framework == "fastapi") return 8000;
  return std::nullopt;
}

Start start_command(const PythonFacts& facts) {
  auto port = conventional_port(facts.framework);
  auto bind_port = [&](int fallback) { return "${PORT:-" + std::to_string(port.value_or(fallback)) + "}"; };
  Start start;
  start.port = port;
  if (facts.procfile_web) {
    start.command.shell = *facts.procfile_web;
    // A web process serves HTTP on $PORT, which needs some value; a worker serves nothing.
    if (facts.procfile_worker) start.port.reset();
    else if (!start.port) start.port = 8000;
    return start;
  }
  const auto framework = facts.framework.value_or("");
  if (framework == "django" && facts.django_wsgi) {
    start.command.shell = "gunicorn " + *facts.django_wsgi + " --bind 0.0.0.0:" + bind_port(8000);
  } else if (framework == "django") {
    // No wsgi.py to hand to gunicorn: Django's own server still answers.
    start.command.shell = "python manage.py runserver 0.0.0.0:" + bind_port(8000);
  } else if (framework == "flask" && facts.app_target) {
    start.command.shell = "gunicorn --bind 0.0.0.0:" + bind_port(5000) + " " + shell_target(*facts.app_target);
  } else if (framework == "fastapi" && facts.app_target) {
    start.command.shell = "uvicorn " + shell_target(*facts.app_target) + " --host 0.0.0.0 --port " + bind_port(8000);
  } else if (framework == "streamlit" && facts.script) {
    // Headless: no browser to open and no e-mail prompt on the first start.
    start.command.shell = "streamlit run " + *facts.script + " --server.port " + bind_port(8501) +
                          " --server.address 0.0.0.0 --server.headless true";
  } else if (facts.script) {
    start.command.argv = {"python", *facts.script};
  }
  return start;
}

}  // namespace kiln::python
