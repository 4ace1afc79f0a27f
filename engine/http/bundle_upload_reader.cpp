#include "http/bundle_upload_reader.hpp"

#include <optional>

namespace kiln::http {

bool is_bundle_upload(const httplib::Request& request) {
  auto type = request.get_header_value("Content-Type");
  type = type.substr(0, type.find(';'));
  return type == "application/gzip" || type == "application/x-gzip" || type == "application/x-tar" ||
         type == "application/octet-stream";
}

Result<std::string> receive_bundle(const service::BundleStore& bundles, const httplib::ContentReader& reader) {
  auto upload = bundles.begin_upload();
  if (!upload) return upload.error();
  std::optional<Error> failure;
  bool complete = reader([&](const char* data, std::size_t size) {
    if (auto written = (*upload)->write(data, size); !written) {
      failure = written.error();
      return false;
    }
    return true;
  });
  if (failure) return *failure;
  if (!complete) return Error{"invalid_request", "the upload ended early"};
  return (*upload)->commit();
}

}  // namespace kiln::http
