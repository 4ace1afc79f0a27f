#include <gtest/gtest.h>

#include <kiln/support/port_spec.hpp>

using kiln::support::container_port;

TEST(PortSpec, TakesTheContainerSide) {
  EXPECT_EQ(container_port("3000"), 3000);
  EXPECT_EQ(container_port("8080:80"), 80);
  EXPECT_EQ(container_port("127.0.0.1:8080:80"), 80);
  EXPECT_EQ(container_port("[::1]:8080:80/tcp"), 80);
  EXPECT_EQ(container_port(" 5000/tcp "), 5000);
  EXPECT_EQ(container_port("${WEB_PORT:-8080}:80"), 80);
}

TEST(PortSpec, RefusesWhatIsNotOneTcpPort) {
  for (const char* bad : {"", "53/udp", "8080:53/udp", "8000-8010", "8000-8010:8000-8010", "$PORT", "${PORT}",
                          "0", "65536", "80a", "http", "8080:", "-1"})
    EXPECT_FALSE(container_port(bad)) << bad;
}
