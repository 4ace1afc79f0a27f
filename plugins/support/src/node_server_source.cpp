#include "kiln/support/node_server_source.hpp"

#include <array>
#include <regex>
#include <string>

namespace kiln::support {
namespace {

std::optional<int> first_port(std::string_view source, const std::regex& pattern) {
  std::match_results<std::string_view::const_iterator> match;
  if (!std::regex_search(source.begin(), source.end(), match, pattern)) return std::nullopt;
  int port = std::stoi(match[1].str());
  if (port < 1 || port > 65535) return std::nullopt;
  return port;
}

// Libraries whose apps hold a gateway or queue connection, not a listening socket.
constexpr std::array<std::string_view, 12> kWorkerLibraries{
    "discord.js", "telegraf",  "grammy", "node-telegram-bot-api", "bullmq", "bull",
    "node-cron",  "agenda",    "kafkajs", "amqplib",              "whatsapp-web.js", "@discordjs/core"};
constexpr std::array<std::string_view, 9> kServerLibraries{"express", "fastify", "koa",     "hono",   "@hapi/hapi",
                                                           "polka",   "restify", "@nestjs/core", "socket.io"};
constexpr std::array<std::string_view, 4> kServerWords{"listen(", "createServer", "serve(", "Bun.serve"};

}  // namespace

std::optional<int> node_listen_port(std::string_view source) {
  // The source is capped by the tree's read limit; the patterns do not backtrack far.
  static const std::regex fixed(R"(\.listen\(\s*(\d{2,5})\s*[,)])");
  static const std::regex fallback(R"(\bPORT\b['"\]]*\s*(?:\|\||\?\?)\s*['"]?(\d{2,5})\b)");
  if (auto port = first_port(source, fixed)) return port;
  return first_port(source, fallback);
}

bool is_node_worker(std::string_view entry_source, const PackageJson& package) {
  for (auto word : kServerWords)
    if (entry_source.find(word) != std::string_view::npos) return false;
  for (auto library : kServerLibraries)
    if (package.depends_on(library)) return false;
  for (auto library : kWorkerLibraries)
    if (package.depends_on(library)) return true;
  return false;
}

}  // namespace kiln::support
