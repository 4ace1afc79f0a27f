#include "http/bundle_upload_reader.hpp"

#include "http/api_response.hpp"

#include <optional>

namespace kiln::http {

bool is_bundle_upload(const httplib::Request& request) {
  auto type = request.get_header_value("Content-Type");
  type = type.substr(0, type.find(';'));
  return type == "application/gzip" || type == "application/x-gzip" || type == "application/x-tar" ||
         type == "application/octet-stream";
}

Result<std::string> receive_bundle(const service::BundleStore& bundles, const httplib::Request& request,
                                   const httplib::ContentReader& reader) {
  if (declared_length_over(request, static_cast<std::int64_t>(bundles.max_bytes())))
    return Error{ErrorCode::PayloadTooLarge, "the bundle is larger than the server's limit of " + std::to_string(bundles.max_bytes()) + " bytes"};
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
  if (!complete) return Error{ErrorCode::InvalidRequest, "the upload ended early"};
  return (*upload)->commit();
}

}  // namespace kiln::http
