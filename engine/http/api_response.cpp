#include "http/api_response.hpp"

#include <cctype>

#include "http/closing_server.hpp"

namespace kiln::http {

void send_json(httplib::Response& response, int status, const nlohmann::json& body) {
  response.status = status;
  response.set_content(body.dump(-1, ' ', false, nlohmann::json::error_handler_t::replace), "application/json");
}

void send_error(httplib::Response& response, const Error& error) {
  send_json(response, http_status(error.code), {{"error", {{"code", to_string(error.code)}, {"message", error.message}}}});
}

Result<std::string> read_body_text(const httplib::Request& request, const httplib::ContentReader& reader,
                                   std::int64_t max_bytes) {
  if (declared_length_over(request, max_bytes))
    return Error{ErrorCode::PayloadTooLarge, "the request body is larger than " + std::to_string(max_bytes) + " bytes"};
  std::string body;
  bool too_large = false;
  bool complete = reader([&](const char* data, std::size_t size) {
    if (static_cast<std::int64_t>(body.size() + size) > max_bytes) {
      too_large = true;
      return false;
    }
    body.append(data, size);
    return true;
  });
  if (too_large)
    return Error{ErrorCode::PayloadTooLarge, "the request body is larger than " + std::to_string(max_bytes) + " bytes"};
  if (!complete) return Error{ErrorCode::InvalidRequest, "the request body could not be read to its end"};
  return body;
}

Result<nlohmann::json> read_json_body(const httplib::Request& request, const httplib::ContentReader& reader,
                                      std::int64_t max_bytes) {
  auto text = read_body_text(request, reader, max_bytes);
  if (!text) return text.error();
  const auto& body = *text;
  if (body.empty()) return nlohmann::json::object();
  // The body decides, not its Content-Type: `curl -d` labels JSON as a form, and a wrong label on good JSON helps nobody.
  auto parsed = nlohmann::json::parse(body, nullptr, false);
  if (parsed.is_discarded()) return Error{ErrorCode::InvalidRequest, "the body is not valid JSON"};
  return parsed;
}

Status discard_body(const httplib::Request& request, const httplib::ContentReader& reader, std::int64_t max_bytes) {
  if (declared_length_over(request, max_bytes))
    return Error{ErrorCode::PayloadTooLarge, "the request body is larger than " + std::to_string(max_bytes) + " bytes"};
  // No length and not chunked: there is no body, and asking for one would wait for the client to close.
  auto length = request.get_header_value("Content-Length");
  bool chunked = request.get_header_value("Transfer-Encoding").find("chunked") != std::string::npos;
  if (!chunked && (length.empty() || length == "0")) return Ok{};
  if (request.is_multipart_form_data()) return Error{ErrorCode::UnsupportedMediaType, "this route takes no body"};
  std::int64_t seen = 0;
  bool complete = reader([&](const char*, std::size_t size) {
    seen += static_cast<std::int64_t>(size);
    return seen <= max_bytes;
  });
  if (seen > max_bytes) return Error{ErrorCode::PayloadTooLarge, "the request body is larger than " + std::to_string(max_bytes) + " bytes"};
  if (!complete) return Error{ErrorCode::InvalidRequest, "the request body could not be read to its end"};
  return Ok{};
}

httplib::Server::HandlerWithContentReader reading_to_end(std::int64_t max_bytes, ReadingHandler handler) {
  return [max_bytes, handler = std::move(handler)](const httplib::Request& request, httplib::Response& response,
                                                   const httplib::ContentReader& reader) {
    bool used = false;
    bool read_to_end = true;
    httplib::ContentReader tracked(
        [&](httplib::ContentReceiver receiver) {
          used = true;
          read_to_end = reader(std::move(receiver));
          return read_to_end;
        },
        [&](httplib::MultipartContentHeader header, httplib::ContentReceiver receiver) {
          used = true;
          read_to_end = reader(std::move(header), std::move(receiver));
          return read_to_end;
        });
    handler(request, response, tracked);
    // The route stopped reading half way (a body over the limit, an upload it refused): the rest is still on the connection.
    if (used && !read_to_end) return close_connection_after(response);
    if (used) return;
    // Too much to read for nothing: the connection is closed instead.
    if (declared_length_over(request, max_bytes)) return close_connection_after(response);
    if (request.is_multipart_form_data()) {
      std::int64_t seen = 0;
      bool drained = reader([](const httplib::MultipartFormData&) { return true; },
                            [&](const char*, std::size_t size) {
                              seen += static_cast<std::int64_t>(size);
                              return seen <= max_bytes;
                            });
      if (!drained) close_connection_after(response);
      return;
    }
    if (!discard_body(request, reader, max_bytes)) close_connection_after(response);
  };
}

bool declared_length_over(const httplib::Request& request, std::int64_t max_bytes) {
  auto declared = request.get_header_value("Content-Length");
  if (declared.empty()) return false;
  try {
    return std::stoll(declared) > max_bytes;
  } catch (...) {
    return false;  // httplib refuses a malformed length before any route sees it
  }
}

Result<std::int64_t> bounded_integer(const std::string& text, const std::string& name, std::int64_t low,
                                     std::int64_t high) {
  try {
    std::size_t used = 0;
    auto value = std::stoll(text, &used);
    // stoll would skip leading spaces and take a '+'; the document's integers have neither.
    bool plain = !text.empty() && (std::isdigit(static_cast<unsigned char>(text.front())) || text.front() == '-');
    if (plain && used == text.size() && value >= low && value <= high)
      return static_cast<std::int64_t>(value);
  } catch (...) {
  }
  return Error{ErrorCode::InvalidRequest, "'" + name + "' must be a whole number from " + std::to_string(low) + " to " +
                                              std::to_string(high)};
}

Result<std::int64_t> query_integer(const httplib::Request& request, const std::string& name, std::int64_t fallback,
                                   std::int64_t low, std::int64_t high) {
  if (!request.has_param(name)) return fallback;
  return bounded_integer(request.get_param_value(name), name, low, high);
}

}  // namespace kiln::http
