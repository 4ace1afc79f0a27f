// The Allow header of a 405 comes from the OpenAPI document; these pin how its
// path templates match request paths.
#include "http/documented_methods.hpp"

#include <gtest/gtest.h>

namespace kiln::http {
namespace {

TEST(DocumentedMethods, ListsTheDocumentsMethodsWithHeadBesideGet) {
  DocumentedMethods methods;
  EXPECT_EQ(methods.allow_header("/api/v1/builds"), "GET, HEAD, POST");
  EXPECT_EQ(methods.allow_header("/api/v1/builds/b0123456789abcdef01234567"), "GET, HEAD");
  EXPECT_EQ(methods.allow_header("/api/v1/builds/anything/logs"), "GET, HEAD");
  EXPECT_EQ(methods.allow_header("/api/v1/containers/web-1/start"), "POST");
  EXPECT_TRUE(methods.allows("/api/v1/containers/web-1", "DELETE"));
  EXPECT_FALSE(methods.allows("/api/v1/containers/web-1", "PATCH"));
  EXPECT_TRUE(methods.allows("/healthz", "HEAD"));
}

TEST(DocumentedMethods, KnowsNoOtherPaths) {
  DocumentedMethods methods;
  EXPECT_FALSE(methods.allow_header("/api/v1/no-such-route"));
  EXPECT_FALSE(methods.allow_header("/api/v1/builds/a/b"));       // a template segment is one segment
  EXPECT_FALSE(methods.allow_header("/api/v1/builds/"));          // and never empty
  EXPECT_FALSE(methods.allow_header("/api/v1/openapiXjson"));     // a dot in a path is a dot
  EXPECT_FALSE(methods.allow_header("/healthz/"));
}

}  // namespace
}  // namespace kiln::http
