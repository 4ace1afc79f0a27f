#pragma once
// A tar.gz body streamed straight into the bundle store: never held whole
// in memory, refused as soon as it passes the size limit.
#include <httplib.h>

#include "core/result.hpp"
#include "service/bundle_store.hpp"

namespace kiln::http {

// Content-Type application/gzip (or application/x-gzip, application/x-tar, application/octet-stream).
bool is_bundle_upload(const httplib::Request& request);
// Returns the stored bundle's id.
Result<std::string> receive_bundle(const service::BundleStore& bundles, const httplib::Request& request,
                                   const httplib::ContentReader& reader);

}  // namespace kiln::http
