#pragma once
// What a build's git source may be. Everything in a GitSourceSpec comes from a
// user (a CLI flag, a JSON request, a webhook) and ends up on git's command
// line, so each field is checked here, in C++, before git ever runs: only the
// transports kiln allows, nothing git would read as an option, no remote-helper
// tricks ("ext::sh -c ..."), no control characters.
#include <string>

#include "core/result.hpp"
#include "sources/url_redaction.hpp"

namespace kiln {

struct GitPolicy {
  // file:// reads the local disk: right for the CLI, a server enables it by config.
  bool allow_file_urls = false;
  bool allow_plain_http = true;
};

struct GitSourceSpec {
  std::string url;     // https://, http://, git://, ssh://, user@host:path, file:// (by policy)
  std::string ref;     // branch or tag; empty: the remote's default branch
  std::string commit;  // hex id to check out; empty: the tip of `ref`
  std::string subdir;  // the app's folder inside the repository; empty: its root
};

// The transport `url` uses, named as git's protocol.<name>.allow setting names
// it ("https", "http", "git", "ssh", "file"), or an invalid_source error that
// says what is wrong with the URL (credentials redacted).
Result<std::string> git_url_transport(const std::string& url, const GitPolicy& policy);

// Checks every field; the error (code invalid_source) names the field.
Status validate_git_spec(const GitSourceSpec& spec, const GitPolicy& policy);

}  // namespace kiln
