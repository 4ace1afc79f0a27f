#pragma once
// URLs that users hand kiln may carry credentials ("https://user:token@host/").
// Anything that reaches a log, an error message or a build record goes through
// redact_url first, so a token never leaves the process.
#include <string>

namespace kiln {

// Replaces the user-info of every "scheme://user:password@host" in `text` with
// "***@". Works on a single URL and on free text (a line of git's output).
std::string redact_url(const std::string& text);

// "https://user:token@host/app.git" -> "https://host/app.git": one URL, fit to show
// (an image label); URLs without user-info come back unchanged.
std::string url_without_credentials(const std::string& url);

}  // namespace kiln
