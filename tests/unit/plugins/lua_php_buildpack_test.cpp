// plugins/php/buildpack.lua, through the Lua host.
#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include "unit/plugins/lua_test_support.hpp"

namespace kiln {
namespace {

using ::testing::ElementsAre;
using ::testing::HasSubstr;
using testing::buildpack_error;
using testing::load_lua;
using testing::TempDir;

using Strings = std::vector<std::string>;

class LuaPhpBuildpack : public testing::BundledLuaBuildpackTest {
 protected:
  LuaPhpBuildpack() : BundledLuaBuildpackTest("php") {}
};

TEST_F(LuaPhpBuildpack, PlainFixture) {
  auto detection = detect(app("php-plain"));
  EXPECT_EQ(detection.score, 50);
  EXPECT_EQ(detection.language, "php");
  EXPECT_FALSE(detection.framework);
  EXPECT_FALSE(detection.package_manager);
  EXPECT_THAT(detection.evidence, ElementsAre("public/index.php"));

  auto p = plan(app("php-plain"));
  EXPECT_EQ(p.build_image.runtime, "php");
  EXPECT_EQ(p.run_image.runtime, "php");
  EXPECT_TRUE(p.phases.empty());
  EXPECT_TRUE(p.build_packages.empty());
  EXPECT_EQ(p.start.shell, "php -S 0.0.0.0:${PORT:-8080} -t public");
  EXPECT_EQ(p.port, 8080);
}

TEST_F(LuaPhpBuildpack, LaravelFixture) {
  auto detection = detect(app("php-laravel-detect"));
  EXPECT_EQ(detection.score, 75);
  EXPECT_EQ(detection.framework, "laravel");
  EXPECT_EQ(detection.package_manager, "composer");
  EXPECT_THAT(detection.evidence, ElementsAre("composer.json", "composer.lock", "artisan"));
  EXPECT_EQ(detection.facts["php_requirement"], "^8.2");

  auto p = plan(app("php-laravel-detect"));
  ASSERT_EQ(p.phases.size(), 3u);
  EXPECT_EQ(p.phases[2].name, "web-server");
  EXPECT_THAT(p.phases[2].commands, ElementsAre("mkdir -p /app/.kiln-php", HasSubstr("root /app/public;"),
                                                HasSubstr("listen = /tmp/php-fpm.sock")));
  EXPECT_EQ(p.phases[0].inputs, (Strings{"composer.json", "composer.lock"}));
  EXPECT_THAT(p.phases[0].commands, ElementsAre(HasSubstr("composer install --no-dev --prefer-dist --no-interaction")));
  EXPECT_TRUE(p.phases[1].inputs.empty());
  EXPECT_THAT(p.phases[1].commands, ElementsAre(HasSubstr("composer dump-autoload"), HasSubstr("storage bootstrap/cache")));
  // ext-mbstring from composer.json; ext-ctype, ext-openssl... are part of php-cli.
  EXPECT_EQ(p.build_packages, Strings{"php-mbstring"});
  // nginx in front of php-fpm, as Laravel's deployment docs say; the port is filled in at start.
  EXPECT_THAT(p.start.shell, HasSubstr("sed \"s/@PORT@/${PORT:-8000}/\" /app/.kiln-php/nginx.conf > /tmp/nginx.conf"));
  EXPECT_THAT(p.start.shell, HasSubstr("exec nginx -e /dev/stderr -c /tmp/nginx.conf -g 'daemon off;'"));
  EXPECT_EQ(p.run_packages, (Strings{"nginx", "php-fpm"}));
  EXPECT_EQ(p.port, 8000);
  EXPECT_EQ(p.env.at("APP_ENV"), "production");
}

TEST_F(LuaPhpBuildpack, SymfonyFixture) {
  auto detection = detect(app("php-symfony-detect"));
  EXPECT_EQ(detection.framework, "symfony");
  auto p = plan(app("php-symfony-detect"));
  EXPECT_EQ(p.phases[0].inputs, Strings{"composer.json"});  // no lock in this app
  EXPECT_EQ(p.build_packages, Strings{"php-intl"});
  EXPECT_THAT(p.start.shell, HasSubstr("exec nginx"));
  EXPECT_EQ(p.port, 8000);
  EXPECT_EQ(p.env.at("APP_ENV"), "prod");
}

TEST_F(LuaPhpBuildpack, ExtensionsOfLockedPackagesCount) {
  dir_.write("composer.json", R"({"require": {"php": "^8.2", "ext-pdo_pgsql": "*"}})");
  dir_.write("composer.lock", R"({"packages": [{"name": "a/b", "require": {"ext-gd": "*", "ext-json": "*"}},
                                              {"name": "c/d", "require": {"ext-dom": "*", "ext-xml": "*"}}]})");
  dir_.write("public/index.php", "<?php echo 'hi';");
  auto p = plan(dir_.path());
  EXPECT_EQ(p.build_packages, (Strings{"php-gd", "php-pgsql", "php-xml"}));
}

TEST_F(LuaPhpBuildpack, IndexAtTheRoot) {
  dir_.write("index.php", "<?php echo 'hi';");
  auto detection = detect(dir_.path());
  EXPECT_EQ(detection.score, 50);
  EXPECT_THAT(detection.evidence, ElementsAre("index.php"));
  EXPECT_EQ(plan(dir_.path()).start.shell, "php -S 0.0.0.0:${PORT:-8080} -t .");
}

TEST_F(LuaPhpBuildpack, ComposerWithoutAnEntryPoint) {
  dir_.write("composer.json", R"({"require": {"monolog/monolog": "^3.0"}})");
  auto detection = detect(dir_.path());
  EXPECT_EQ(detection.score, 65);
  ::testing::internal::CaptureStderr();
  auto p = plan(dir_.path());
  EXPECT_THAT(::testing::internal::GetCapturedStderr(), HasSubstr("[kiln.php] no index.php"));
  EXPECT_TRUE(p.start.empty());
  EXPECT_EQ(p.phases.size(), 2u);  // no document root: nothing for a web server to serve
}

TEST_F(LuaPhpBuildpack, ProcfileWinsButHerokuLaunchersBecomeNginxAndFpmOnTheirRoot) {
  dir_.write("web/index.php", "<?php echo 'hi';");
  dir_.write("composer.json", "{}");
  dir_.write("Procfile", "web: heroku-php-apache2 web/\n");
  auto p = plan(dir_.path());
  EXPECT_THAT(p.start.shell, HasSubstr("${PORT:-8080}"));
  EXPECT_THAT(p.start.shell, HasSubstr("exec nginx"));
  EXPECT_THAT(p.phases.back().commands[1], HasSubstr("'    root /app/web;'"));

  dir_.write("Procfile", "web: php -S 0.0.0.0:$PORT router.php\n");
  EXPECT_EQ(plan(dir_.path()).start.shell, "php -S 0.0.0.0:$PORT router.php");
}

TEST_F(LuaPhpBuildpack, BrokenComposerJsonIsAnError) {
  dir_.write("composer.json", "{\"require\": ");
  auto tree = LocalSourceTree::open(dir_.path());
  auto message = buildpack_error([&] { buildpack_->detect(tree.value()); });
  EXPECT_THAT(message, HasSubstr("plugins/php/buildpack.lua: composer.json is not valid JSON"));
}

TEST_F(LuaPhpBuildpack, IgnoresFoldersWithoutPhp) {
  dir_.write("index.html", "<h1>hi</h1>");
  EXPECT_FALSE(detect(dir_.path()).pass);
}

}  // namespace
}  // namespace kiln
