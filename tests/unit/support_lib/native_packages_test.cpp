// plugins/support/native_packages.toml, through the lookup every buildpack uses.
#include <regex>

#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include <kiln/support/native_packages.hpp>

using kiln::support::native_package_names;
using kiln::support::native_packages;
using Strings = std::vector<std::string>;

TEST(NativePackages, BuildHeadersAndRunLibrariesOfEachDependency) {
  auto packages = native_packages("python", {"Django", "psycopg2", "gunicorn"});
  EXPECT_EQ(packages.build, (Strings{"gcc", "python3-dev", "libpq-dev"}));
  EXPECT_EQ(packages.run, Strings{"libpq5"});
}

TEST(NativePackages, EachPackageOnceInTheOrderOfNamesAndCaseIgnored) {
  auto packages = native_packages("rust", {"serde", "pq-sys", "OpenSSL-sys", "pq-sys"});
  EXPECT_EQ(packages.build, (Strings{"libpq-dev", "pkg-config", "libssl-dev"}));
  EXPECT_EQ(packages.run, (Strings{"libpq5", "libssl3"}));
}

TEST(NativePackages, UnknownNamesAndEcosystemsNeedNothing) {
  EXPECT_TRUE(native_packages("python", {"requests"}).empty());
  EXPECT_TRUE(native_packages("cobol", {"psycopg2"}).empty());
}

TEST(NativePackages, EveryEntryHoldsDebianPackageNamesOnly) {
  // What the renderer will hand to apt-get: Debian's package name rules, nothing a shell would read.
  const std::regex debian_name("[a-z0-9][a-z0-9.+-]+");
  for (const char* ecosystem : {"python", "ruby", "rust", "php"}) {
    auto names = native_package_names(ecosystem);
    EXPECT_FALSE(names.empty()) << ecosystem;
    for (const auto& name : names) {
      auto packages = native_packages(ecosystem, {name});
      EXPECT_FALSE(packages.empty()) << ecosystem << "." << name << " lists no package";
      for (const auto* list : {&packages.build, &packages.run})
        for (const auto& package : *list)
          EXPECT_TRUE(std::regex_match(package, debian_name)) << ecosystem << "." << name << ": " << package;
    }
  }
}
