#include "core/ca_bundle.hpp"

#include <cstdio>
#include <filesystem>
#include <fstream>
#include <sstream>

namespace kiln {
namespace {

constexpr std::uintmax_t kMaxBundleBytes = 8u << 20;
constexpr std::string_view kBegin = "-----BEGIN CERTIFICATE-----";
constexpr std::string_view kEnd = "-----END CERTIFICATE-----";

template <class F>
void for_each_certificate(const std::string& text, F&& f) {
  std::size_t at = 0;
  while ((at = text.find(kBegin, at)) != std::string::npos) {
    auto end = text.find(kEnd, at);
    if (end == std::string::npos) return;
    end += kEnd.size();
    f(text.substr(at, end - at));
    at = end;
  }
}

}  // namespace

Result<std::string> read_ca_bundle(const std::string& path) {
  std::error_code ec;
  auto size = std::filesystem::file_size(path, ec);
  if (ec) return Error{ErrorCode::InvalidConfig, "CA bundle " + path + ": " + ec.message()};
  if (size > kMaxBundleBytes) return Error{ErrorCode::InvalidConfig, "CA bundle " + path + " is larger than 8 MiB"};
  std::ifstream in(path, std::ios::binary);
  std::stringstream text;
  text << in.rdbuf();
  int count = 0;
  for_each_certificate(text.str(), [&](const std::string&) { ++count; });
  if (count == 0) return Error{ErrorCode::InvalidConfig, "CA bundle " + path + " holds no PEM certificate"};
  return text.str();
}

std::map<std::string, std::string> ca_bundle_context_files(const std::string& pem_bundle, const std::string& folder) {
  std::map<std::string, std::string> files;
  int index = 0;
  for_each_certificate(pem_bundle, [&](const std::string& certificate) {
    char name[32];
    std::snprintf(name, sizeof name, "/kiln-%04d.crt", index++);
    files[folder + name] = certificate + "\n";
  });
  return files;
}

}  // namespace kiln
