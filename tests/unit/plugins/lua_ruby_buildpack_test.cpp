// plugins/ruby/buildpack.lua, through the Lua host.
#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include "plugins/buildpack_descriptor.hpp"
#include "unit/plugins/lua_test_support.hpp"

namespace kiln {
namespace {

using ::testing::ElementsAre;
using ::testing::HasSubstr;
using testing::load_lua;
using testing::TempDir;

using Strings = std::vector<std::string>;

class LuaRubyBuildpack : public testing::BundledLuaBuildpackTest {
 protected:
  LuaRubyBuildpack() : BundledLuaBuildpackTest("ruby") {}
};

TEST_F(LuaRubyBuildpack, DescribesItself) {
  EXPECT_EQ(buildpack_->info().id, "kiln.ruby");
  auto descriptor = read_buildpack_descriptor(std::filesystem::path(KILN_SOURCE_DIR) / "plugins/ruby");
  ASSERT_TRUE(descriptor.ok()) << descriptor.error().message;
  EXPECT_EQ(descriptor->id, "kiln.ruby");
  EXPECT_EQ(descriptor->version, buildpack_->info().version);
  EXPECT_FALSE(descriptor->description.empty());
}

TEST_F(LuaRubyBuildpack, SinatraFixture) {
  auto detection = detect(app("ruby-sinatra"));
  EXPECT_EQ(detection.score, 75);
  EXPECT_EQ(detection.language, "ruby");
  EXPECT_EQ(detection.framework, "sinatra");
  EXPECT_EQ(detection.package_manager, "bundler");
  EXPECT_THAT(detection.evidence, ElementsAre("Gemfile", "Gemfile.lock", "config.ru"));
  EXPECT_EQ(detection.facts["bundler_version"], "2.3.15");

  auto p = plan(app("ruby-sinatra"));
  EXPECT_EQ(p.build_image.runtime, "ruby");
  EXPECT_EQ(p.run_image.runtime, "ruby");
  EXPECT_EQ(p.build_packages, (Strings{"build-essential", "ruby-dev"}));  // puma and nio4r compile
  // ... in the build stage only: the run image gets /app with its bundle, no compiler.
  ASSERT_EQ(p.artifacts.size(), 1u);
  EXPECT_EQ(p.artifacts[0].from, "/app");
  EXPECT_TRUE(p.run_packages.empty());
  ASSERT_EQ(p.phases.size(), 1u);
  EXPECT_EQ(p.phases[0].name, "install");
  EXPECT_EQ(p.phases[0].inputs, (Strings{"Gemfile", "Gemfile.lock"}));
  EXPECT_EQ(p.phases[0].commands, (Strings{"bundle config set --local deployment true",
                                           "bundle config set --local without 'development test'",
                                           "bundle install"}));
  EXPECT_EQ(p.start.shell, "bundle exec rackup --host 0.0.0.0 --port ${PORT:-9292}");
  EXPECT_EQ(p.port, 9292);
  EXPECT_EQ(p.env.at("RACK_ENV"), "production");
}

TEST_F(LuaRubyBuildpack, RailsFixture) {
  auto detection = detect(app("ruby-rails-detect"));
  EXPECT_EQ(detection.framework, "rails");
  EXPECT_THAT(detection.evidence, ElementsAre("Gemfile", "Gemfile.lock", "config/application.rb"));
  EXPECT_EQ(detection.facts["ruby_version"], "3.1");
  EXPECT_EQ(detection.facts["ruby_version_source"], ".ruby-version");

  auto p = plan(app("ruby-rails-detect"));
  EXPECT_EQ(p.start.shell, "./bin/rails server -b 0.0.0.0 -p ${PORT:-3000}");  // the app's binstub
  EXPECT_EQ(p.port, 3000);
  EXPECT_EQ(p.env.at("RAILS_ENV"), "production");
  ASSERT_EQ(p.phases.size(), 2u);
  EXPECT_TRUE(p.phases[1].inputs.empty());
  EXPECT_EQ(p.phases[1].commands.front(), "SECRET_KEY_BASE_DUMMY=1 bundle exec rails assets:precompile");
  // sqlite3 and nokogiri are locked as x86_64-linux builds: nothing to compile them against.
  EXPECT_EQ(p.build_packages, (Strings{"build-essential", "ruby-dev"}));
  EXPECT_TRUE(p.run_packages.empty());
}

TEST_F(LuaRubyBuildpack, RailsWithoutAssetsSkipsPrecompile) {
  dir_.write("Gemfile", "source 'https://rubygems.org'\ngem 'rails', '~> 7.1'\n");
  dir_.write("config/application.rb", "module App; end\n");
  auto p = plan(dir_.path());
  ASSERT_EQ(p.phases.size(), 2u);
  EXPECT_THAT(p.phases[1].commands, ElementsAre(HasSubstr("chmod -R a+rwX tmp log")));
}

TEST_F(LuaRubyBuildpack, PlainRackWithoutLock) {
  dir_.write("Gemfile", "source 'https://rubygems.org'\ngem 'rack'\ngem 'puma'\n");
  dir_.write("config.ru", "run ->(env) { [200, {}, ['hi']] }\n");
  auto detection = detect(dir_.path());
  EXPECT_EQ(detection.framework, "rack");
  EXPECT_EQ(detection.score, 75);
  auto p = plan(dir_.path());
  EXPECT_EQ(p.phases[0].inputs, Strings{"Gemfile"});
  EXPECT_EQ(p.phases[0].commands.front(), "bundle config set --local path vendor/bundle");
  EXPECT_EQ(p.start.shell, "bundle exec rackup --host 0.0.0.0 --port ${PORT:-9292}");
}

TEST_F(LuaRubyBuildpack, Rack3WithoutRackupServesWithPuma) {
  dir_.write("Gemfile", "gem 'rack'\ngem 'puma'\n");
  dir_.write("Gemfile.lock",
             "GEM\n  remote: https://rubygems.org/\n  specs:\n    nio4r (2.7.4)\n    puma (7.1.0)\n      nio4r (~> 2.0)\n"
             "    rack (3.2.4)\n\nPLATFORMS\n  ruby\n\nDEPENDENCIES\n  puma\n  rack\n");
  dir_.write("config.ru", "run ->(env) { [200, {}, ['hi']] }\n");
  EXPECT_EQ(plan(dir_.path()).start.shell, "bundle exec puma --bind tcp://0.0.0.0:${PORT:-9292} config.ru");
}

TEST_F(LuaRubyBuildpack, ClassicSinatraScript) {
  dir_.write("Gemfile", "source \"https://rubygems.org\"\ngem \"sinatra\"\n");
  dir_.write("app.rb", "require 'sinatra'\nget('/') { 'hi' }\n");
  auto detection = detect(dir_.path());
  EXPECT_EQ(detection.framework, "sinatra");
  EXPECT_THAT(detection.evidence, ElementsAre("Gemfile", "app.rb"));
  auto p = plan(dir_.path());
  EXPECT_EQ(p.start.shell, "bundle exec ruby app.rb -o 0.0.0.0 -p ${PORT:-4567}");
  EXPECT_EQ(p.port, 4567);
}

TEST_F(LuaRubyBuildpack, ProcfileWins) {
  dir_.write("Gemfile", "gem 'rails'\n");
  dir_.write("Procfile", "# processes\nweb: bundle exec puma -C config/puma.rb\nworker: bundle exec sidekiq\n");
  auto detection = detect(dir_.path());
  EXPECT_THAT(detection.evidence, ElementsAre("Gemfile", "Procfile"));
  auto p = plan(dir_.path());
  EXPECT_EQ(p.start.shell, "bundle exec puma -C config/puma.rb");
  EXPECT_EQ(p.port, 3000);
}

TEST_F(LuaRubyBuildpack, NoFrameworkScoresLowerAndHasNoStart) {
  dir_.write("Gemfile", "source 'https://rubygems.org'\ngem 'rake'\n");
  auto detection = detect(dir_.path());
  EXPECT_EQ(detection.score, 65);
  EXPECT_FALSE(detection.framework);
  ::testing::internal::CaptureStderr();
  auto p = plan(dir_.path());
  EXPECT_THAT(::testing::internal::GetCapturedStderr(), HasSubstr("[kiln.ruby] no config.ru"));
  EXPECT_TRUE(p.start.empty());
  EXPECT_FALSE(p.port);
}

TEST_F(LuaRubyBuildpack, RubyVersionFromTheGemfile) {
  dir_.write("Gemfile", "source 'https://rubygems.org'\nruby '~> 3.2.2'\ngem 'rack' # the only one\n");
  auto detection = detect(dir_.path());
  EXPECT_EQ(detection.facts["ruby_version"], "3.2.2");
  EXPECT_EQ(detection.facts["ruby_version_source"], "Gemfile");
}

TEST_F(LuaRubyBuildpack, RubyVersionFileNamedByTheGemfileIsAnInstallInput) {
  dir_.write("Gemfile", "ruby file: \".tool-ruby\"\ngem 'rack'\n");
  dir_.write(".tool-ruby", "ruby-3.3.0\n");
  auto detection = detect(dir_.path());
  EXPECT_EQ(detection.facts["ruby_version"], "3.3.0");
  EXPECT_EQ(plan(dir_.path()).phases[0].inputs, (Strings{"Gemfile", ".tool-ruby"}));
}

TEST_F(LuaRubyBuildpack, NativeGemsBringTheirLibraries) {
  dir_.write("Gemfile", "gem 'pg'\ngem 'mysql2'\ngem 'json', git: 'https://github.com/flori/json'\n");
  dir_.write("Gemfile.lock",
             "GIT\n  remote: https://github.com/flori/json\n  revision: abc\n  specs:\n    json (2.7.2)\n\n"
             "GEM\n  remote: https://rubygems.org/\n  specs:\n    mysql2 (0.5.6)\n    pg (1.5.6)\n\n"
             "PLATFORMS\n  x86_64-linux\n\nDEPENDENCIES\n  json!\n  mysql2\n  pg\n");
  auto p = plan(dir_.path());
  EXPECT_EQ(p.build_packages,
            (Strings{"build-essential", "default-libmysqlclient-dev", "git", "libpq-dev", "ruby-dev"}));
  EXPECT_EQ(p.run_packages, (Strings{"libmariadb3", "libpq5"}));
}

TEST_F(LuaRubyBuildpack, GemspecAppsInstallAfterTheWholeSource) {
  dir_.write("Gemfile", "source 'https://rubygems.org'\ngemspec\n");
  dir_.write("config.ru", "run ->(env) { [200, {}, ['hi']] }\n");
  EXPECT_TRUE(plan(dir_.path()).phases[0].inputs.empty());
}

TEST_F(LuaRubyBuildpack, LockWithoutALinuxPlatformGetsOne) {
  dir_.write("Gemfile", "gem 'rack'\n");
  dir_.write("Gemfile.lock", "GEM\n  specs:\n    rack (3.1.0)\n\nPLATFORMS\n  arm64-darwin-23\n\nDEPENDENCIES\n  rack\n");
  EXPECT_EQ(plan(dir_.path()).phases[0].commands.front(), "bundle lock --add-platform x86_64-linux");
}

TEST_F(LuaRubyBuildpack, IgnoresFoldersWithoutAGemfile) {
  dir_.write("config.ru", "run App\n");
  dir_.write("app.rb", "require 'sinatra'\n");
  EXPECT_FALSE(detect(dir_.path()).pass);
}

}  // namespace
}  // namespace kiln
