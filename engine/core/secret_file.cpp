#include "core/secret_file.hpp"

#include <filesystem>
#include <fstream>
#include <sstream>

namespace kiln {

Result<std::string> read_secret_file(const std::string& path, const std::string& what) {
  constexpr std::uintmax_t kMaxBytes = 64 * 1024;  // a password or token, not a document
  std::error_code ec;
  if (!std::filesystem::is_regular_file(path, ec))
    return Error{ErrorCode::NotFound, what + " " + path + " is not a readable file"};
  if (std::filesystem::file_size(path, ec) > kMaxBytes)
    return Error{ErrorCode::InvalidSecret, what + " " + path + " is larger than 64 KiB"};
  std::ifstream in(path, std::ios::binary);
  std::ostringstream text;
  text << in.rdbuf();
  if (!in && !in.eof()) return Error{ErrorCode::InvalidSecret, what + " " + path + " cannot be read"};
  std::string secret = text.str();
  if (!secret.empty() && secret.back() == '\n') secret.pop_back();
  if (!secret.empty() && secret.back() == '\r') secret.pop_back();
  if (secret.empty()) return Error{ErrorCode::InvalidSecret, what + " " + path + " is empty"};
  if (secret.find('\n') != std::string::npos)
    return Error{ErrorCode::InvalidSecret, what + " " + path + " holds more than one line"};
  return secret;
}

}  // namespace kiln
