#pragma once
// Which methods each path of the API answers, read from the compiled-in
// OpenAPI document (which a unit test holds equal to the registered routes).
// httplib answers a known path with an unknown method as 404 (or 400 for a
// method it has no table for); the server turns that into 405 with an Allow
// header, as RFC 9110 asks, using this.
#include <optional>
#include <regex>
#include <string>
#include <vector>

namespace kiln::http {

class DocumentedMethods {
 public:
  DocumentedMethods();  // parses openapi_document()
  // "GET, HEAD, DELETE" for a path the document has (HEAD wherever GET is: httplib answers it); nothing otherwise.
  std::optional<std::string> allow_header(const std::string& path) const;
  bool allows(const std::string& path, const std::string& method) const;

 private:
  struct Route {
    std::regex path;
    std::vector<std::string> methods;  // upper case, in document order
  };
  const Route* find(const std::string& path) const;
  std::vector<Route> routes_;
};

}  // namespace kiln::http
