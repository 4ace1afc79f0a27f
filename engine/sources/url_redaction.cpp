#include "sources/url_redaction.hpp"

namespace kiln {
namespace {

// Where a URL's authority ends: the path, query or fragment, or the end of the
// URL inside free text (whitespace and the quotes git puts around URLs).
bool ends_authority(char c) {
  return c == '/' || c == '?' || c == '#' || c == ' ' || c == '\t' || c == '\n' || c == '\r' || c == '\'' ||
         c == '"' || c == '<' || c == '>';
}

}  // namespace

std::string redact_url(const std::string& text) {
  std::string out;
  out.reserve(text.size());
  std::size_t copied = 0;
  std::size_t search = 0;
  while (true) {
    auto sep = text.find("://", search);
    if (sep == std::string::npos) break;
    std::size_t authority = sep + 3;
    std::size_t end = authority;
    while (end < text.size() && !ends_authority(text[end])) ++end;
    // The last '@' ends the user-info: a password may itself hold an '@'.
    auto at = text.rfind('@', end == 0 ? 0 : end - 1);
    if (at != std::string::npos && at >= authority && at < end) {
      out.append(text, copied, authority - copied);
      out += "***@";
      copied = at + 1;
    }
    search = end;
  }
  out.append(text, copied, std::string::npos);
  return out;
}

std::string url_without_credentials(const std::string& url) {
  auto separator = url.find("://");
  if (separator == std::string::npos) return url;
  auto authority = separator + 3;
  auto end = url.find_first_of("/?#", authority);
  auto at = url.rfind('@', end == std::string::npos ? std::string::npos : end);
  if (at == std::string::npos || at < authority) return url;
  return url.substr(0, authority) + url.substr(at + 1);
}

}  // namespace kiln
