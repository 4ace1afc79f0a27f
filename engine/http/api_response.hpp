#pragma once
// How every route answers: JSON bodies, and errors as
// {"error": {"code", "message"}} with the status their code calls for.
#include <string>

#include <httplib.h>
#include <nlohmann/json.hpp>

#include "core/result.hpp"

namespace kiln::http {

void send_json(httplib::Response& response, int status, const nlohmann::json& body);
// The status is the one error_codes.def gives the code: a route names what went wrong, never a number.
void send_error(httplib::Response& response, const Error& error);

// Reads a JSON request body of at most `max_bytes` through the content reader (so an oversized
// body is refused while it arrives, not after it is in memory). Empty body: `{}`.
Result<nlohmann::json> read_json_body(const httplib::Request& request, const httplib::ContentReader& reader,
                                      std::int64_t max_bytes);

// The raw body, read the same way (a webhook's signature is over its exact bytes).
Result<std::string> read_body_text(const httplib::Request& request, const httplib::ContentReader& reader,
                                   std::int64_t max_bytes);

// For routes that take no body: reads and drops whatever body came (at most `max_bytes`), so its
// bytes are not read as the next request on a kept-alive connection. Not a multipart body: httplib
// has no plain reader for one.
Status discard_body(const httplib::Request& request, const httplib::ContentReader& reader, std::int64_t max_bytes);

// A route that takes a content reader, made to leave nothing unread: when the route answers
// without reading the body (a bad id, a refused option, a wrong Content-Type), the body is read and
// dropped after it (at most `max_bytes`), so its bytes are not taken for the next request on a
// kept-alive connection. A body that is not read to its end (over `max_bytes`, or the route stopped
// half way) ends the connection after the answer instead.
using ReadingHandler = std::function<void(const httplib::Request&, httplib::Response&, const httplib::ContentReader&)>;
httplib::Server::HandlerWithContentReader reading_to_end(std::int64_t max_bytes, ReadingHandler handler);

// True when the request's Content-Length says more than `max_bytes`: refused before reading a byte.
bool declared_length_over(const httplib::Request& request, std::int64_t max_bytes);

// `text` as a whole number in [low, high]; anything else (a sign alone, spaces, a fraction, out of
// range) is invalid_request naming `name`.
Result<std::int64_t> bounded_integer(const std::string& text, const std::string& name, std::int64_t low,
                                     std::int64_t high);

// Query parameter as an integer in [low, high], or `fallback` when absent.
Result<std::int64_t> query_integer(const httplib::Request& request, const std::string& name, std::int64_t fallback,
                                   std::int64_t low, std::int64_t high);

}  // namespace kiln::http
