#pragma once
// How a Python app starts, and on which port it listens by convention.
#include <optional>

#include <kiln/sdk/plan.hpp>

#include "python_facts.hpp"

namespace kiln::python {

struct Start {
  sdk::StartCommand command;
  std::optional<int> port;
};

// A Procfile web command wins; then the framework's production server
// (gunicorn for Django and Flask, uvicorn for FastAPI, `streamlit run`) on the found app;
// then `python <script>`. Commands bind ${PORT} with the convention as default.
Start start_command(const PythonFacts& facts);

// Django 8000, FastAPI 8000, Flask 5000, Streamlit 8501; nullopt for an unknown kind of app.
std::optional<int> conventional_port(const std::optional<std::string>& framework);

}  // namespace kiln::python
