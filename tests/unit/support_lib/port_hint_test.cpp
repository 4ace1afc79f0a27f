#include <gtest/gtest.h>

#include <kiln/support/port_hint.hpp>

using kiln::support::port_hint;

TEST(PortHint, FindsCommonSpellings) {
  EXPECT_EQ(port_hint("exec darkhttpd site --port ${PORT:-9000}"), 9000);
  EXPECT_EQ(port_hint("PORT=\"${PORT-3000}\""), 3000);
  EXPECT_EQ(port_hint("export PORT=5000\nexec ./server"), 5000);
  EXPECT_EQ(port_hint("gunicorn app:app --bind 0.0.0.0:8000"), 8000);
  EXPECT_EQ(port_hint("server --port=7000"), 7000);
  EXPECT_EQ(port_hint("server --port 7001 --admin-port 9"), 7001);
  EXPECT_EQ(port_hint("listen [::]:8443"), 8443);
}

TEST(PortHint, TheFirstInTextOrderWins) {
  EXPECT_EQ(port_hint("a --port 1111 PORT=2222"), 1111);
  EXPECT_EQ(port_hint("PORT=2222 a --port 1111"), 2222);
}

TEST(PortHint, IgnoresNonPorts) {
  EXPECT_FALSE(port_hint("python3 -m http.server $PORT"));
  EXPECT_FALSE(port_hint("DB_PORT=5432 ./run"));
  EXPECT_FALSE(port_hint("# PORT=9999 in development\nexec ./serve"));
  EXPECT_FALSE(port_hint("--port 99999"));
  EXPECT_FALSE(port_hint("--port 80abc"));
  EXPECT_FALSE(port_hint(""));
}
