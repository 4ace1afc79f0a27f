#include "sources/git_url.hpp"

#include <algorithm>
#include <cctype>
#include <string_view>

#include "core/character_count.hpp"
#include "sources/git_ref_format.hpp"
#include "sources/source_subdir.hpp"

namespace kiln {
namespace {

constexpr std::size_t kMaxUrlLength = 4096;

// A user's value quoted for an error message: control characters shown as '?', long values cut.
std::string printable(std::string_view value) {
  std::string out = "'";
  for (char c : value.substr(0, 100)) out += (static_cast<unsigned char>(c) < 0x20 || c == 0x7f) ? '?' : c;
  return out + (value.size() > 100 ? "...'" : "'");
}

// A URL that failed its checks may be malformed where redact_url looks for the
// user-info ("https://user:pass word@host"): hide everything up to its last '@'.
std::string redact_invalid(const std::string& url) {
  auto separator = url.find("://");
  auto at = url.rfind('@');
  if (separator == std::string::npos || at == std::string::npos || at < separator) return redact_url(url);
  return url.substr(0, separator + 3) + "***" + url.substr(at);
}

Error invalid_url(const std::string& url, const std::string& why) {
  return Error{ErrorCode::InvalidSource, "git url " + printable(redact_invalid(url)) + " " + why};
}

bool is_scheme_char(char c) { return std::isalnum(static_cast<unsigned char>(c)) || c == '+' || c == '-' || c == '.'; }

bool is_host_char(char c) { return std::isalnum(static_cast<unsigned char>(c)) || c == '-' || c == '.' || c == '_'; }

bool is_hex(char c) { return std::isxdigit(static_cast<unsigned char>(c)) != 0; }

std::string lower(std::string_view s) {
  std::string out(s);
  std::transform(out.begin(), out.end(), out.begin(), [](unsigned char c) { return std::tolower(c); });
  return out;
}

// Characters that would split an argument, end a line in git's output, or
// hide something from a reader. Percent-encoded control characters count too:
// git decodes them in user names and paths.
std::optional<std::string> check_characters(std::string_view url) {
  for (std::size_t i = 0; i < url.size(); ++i) {
    auto u = static_cast<unsigned char>(url[i]);
    if (u < 0x20 || u == 0x7f) return std::string("must not contain control characters or line breaks");
    if (u == ' ') return std::string("must not contain spaces");
    if (u == '%') {
      if (i + 2 >= url.size() || !is_hex(url[i + 1]) || !is_hex(url[i + 2]))
        return std::string("has a '%' that is not followed by two hex digits");
      int value = std::stoi(std::string(url.substr(i + 1, 2)), nullptr, 16);  // two hex digits, checked above
      if (value < 0x20 || value == 0x7f) return std::string("must not contain encoded control characters");
    }
  }
  return std::nullopt;
}

// "host", "host:22", "[::1]:9418". A host never starts with '-' (ssh would read it as an option).
std::optional<std::string> check_host_port(std::string_view host_port) {
  std::string_view host = host_port, port;
  if (!host_port.empty() && host_port.front() == '[') {
    auto close = host_port.find(']');
    if (close == std::string_view::npos) return std::string("has an unclosed '[' in its host");
    auto inside = host_port.substr(1, close - 1);
    if (inside.empty() || !std::all_of(inside.begin(), inside.end(), [](char c) { return is_hex(c) || c == ':' || c == '.'; }))
      return std::string("has an invalid IPv6 address");
    auto rest = host_port.substr(close + 1);
    if (!rest.empty() && rest.front() != ':') return std::string("has characters after its IPv6 address");
    port = rest.empty() ? rest : rest.substr(1);
    host = inside;
  } else {
    auto colon = host_port.find(':');
    if (colon != std::string_view::npos) {
      host = host_port.substr(0, colon);
      port = host_port.substr(colon + 1);
    }
    if (host.empty()) return std::string("has no host");
    if (host.front() == '-' || host.front() == '.') return std::string("has a host starting with '-' or '.'");
    if (!std::all_of(host.begin(), host.end(), is_host_char)) return std::string("has invalid characters in its host");
  }
  if (host_port.find(':') != std::string_view::npos && host_port.front() != '[' && port.empty())
    return std::string("has an empty port");
  if (port.size() > 5 || !std::all_of(port.begin(), port.end(), [](char c) { return c >= '0' && c <= '9'; }))
    return std::string("has an invalid port");
  return std::nullopt;
}

// "user@host:path": git's scp-like syntax for ssh.
Result<std::string> scp_like_transport(const std::string& url) {
  auto colon = url.find(':');
  auto slash = url.find('/');
  if (colon == std::string::npos || (slash != std::string::npos && slash < colon))
    return invalid_url(url, "is not a URL kiln accepts: use https://, http://, git://, ssh://, user@host:path or file://");
  std::string_view user_host(url.data(), colon);
  std::string_view path(url.data() + colon + 1, url.size() - colon - 1);
  std::string_view host = user_host;
  if (auto at = user_host.rfind('@'); at != std::string_view::npos) {
    auto user = user_host.substr(0, at);
    if (user.empty() || user.front() == '-') return invalid_url(url, "has an empty user or one starting with '-'");
    host = user_host.substr(at + 1);
  }
  if (host.empty() || host.front() == '-' || host.front() == '.' || !std::all_of(host.begin(), host.end(), is_host_char))
    return invalid_url(url, "has an invalid host");
  if (path.empty() || path.front() == '-') return invalid_url(url, "has an empty path or one starting with '-'");
  return std::string("ssh");
}

Result<std::string> scheme_transport(const std::string& url, std::size_t separator, const GitPolicy& policy) {
  std::string scheme = lower(std::string_view(url).substr(0, separator));
  if (scheme.empty() || !std::all_of(scheme.begin(), scheme.end(), is_scheme_char))
    return invalid_url(url, "has an invalid scheme");
  std::string transport;
  if (scheme == "https" || scheme == "http" || scheme == "git" || scheme == "ssh" || scheme == "file") transport = scheme;
  else if (scheme == "git+ssh" || scheme == "ssh+git") transport = "ssh";
  else return invalid_url(url, "uses transport '" + scheme + "', which kiln does not allow (use https, http, git, ssh)");
  if (transport == "http" && !policy.allow_plain_http)
    return invalid_url(url, "uses plain http, which this server does not allow: use https");
  if (transport == "file" && !policy.allow_file_urls)
    return invalid_url(url, "is a file:// URL, which this server does not allow");

  std::string_view rest = std::string_view(url).substr(separator + 3);
  auto path_start = rest.find('/');
  std::string_view authority = rest.substr(0, path_start);
  std::string_view path = path_start == std::string_view::npos ? std::string_view{} : rest.substr(path_start);
  if (transport == "file") {
    if (!authority.empty() && lower(authority) != "localhost") return invalid_url(url, "must name a local path (file:///path)");
    if (path.size() < 2) return invalid_url(url, "names no repository path");
    return transport;
  }
  std::string_view host_port = authority;
  if (auto at = authority.rfind('@'); at != std::string_view::npos) {
    auto user_info = authority.substr(0, at);
    if (user_info.empty() || user_info.front() == '-') return invalid_url(url, "has an empty user or one starting with '-'");
    host_port = authority.substr(at + 1);
  }
  if (auto bad = check_host_port(host_port)) return invalid_url(url, *bad);
  if (path.size() < 2) return invalid_url(url, "names no repository path");
  return transport;
}

}  // namespace

Result<std::string> git_url_transport(const std::string& url, const GitPolicy& policy) {
  if (url.empty()) return Error{ErrorCode::InvalidSource, "git url is empty"};
  if (character_count(url) > kMaxUrlLength) return invalid_url(url, "is longer than " + std::to_string(kMaxUrlLength) + " characters");
  if (url.front() == '-') return invalid_url(url, "must not start with '-'");
  if (auto bad = check_characters(url)) return invalid_url(url, *bad);
  // "<transport>::<address>" makes git run a remote helper (ext:: runs any command).
  auto helper = url.find("::");
  if (helper != std::string::npos && helper > 0 &&
      std::all_of(url.begin(), url.begin() + static_cast<std::ptrdiff_t>(helper), is_scheme_char))
    return invalid_url(url, "uses git's remote-helper syntax ('" + url.substr(0, helper) + "::'), which kiln refuses");
  if (auto separator = url.find("://"); separator != std::string::npos) return scheme_transport(url, separator, policy);
  return scp_like_transport(url);
}

Status validate_git_spec(const GitSourceSpec& spec, const GitPolicy& policy) {
  auto transport = git_url_transport(spec.url, policy);
  if (!transport) return transport.error();
  if (!spec.ref.empty())
    if (auto bad = check_git_branch_name(spec.ref))
      return Error{ErrorCode::InvalidSource, "git ref " + printable(spec.ref) + " " + *bad};
  if (!spec.commit.empty())
    if (auto bad = check_git_commit_id(spec.commit))
      return Error{ErrorCode::InvalidSource, "git commit " + printable(spec.commit) + " " + *bad};
  auto subdir = normalise_source_subdir(spec.subdir, "git subdir");
  if (!subdir) return subdir.error();
  return Ok{};
}

}  // namespace kiln
