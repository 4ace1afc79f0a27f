-- kiln.ruby: Ruby apps whose dependencies Bundler manages (Gemfile, Gemfile.lock).
--
-- Frameworks: Rails (config/application.rb or the rails gem), Sinatra
-- (config.ru, or an app.rb that requires sinatra), and any other Rack app
-- (config.ru). A Procfile's web process wins over all of them.
-- Gems that compile C extensions bring a compiler and the Debian -dev packages
-- they link against, the libraries they load at run time come along too:
-- kiln's one table of native packages (kiln.native_packages) says which.


-- Files a classic Sinatra app is started from, in the order they are tried.
local SINATRA_SCRIPTS = {"app.rb", "application.rb", "main.rb", "server.rb", "web.rb"}

local RACK_PORT, SINATRA_SCRIPT_PORT, RAILS_PORT = 9292, 4567, 3000

---------------------------------------------------------------------------
-- Small helpers

local function lines(text)
  return text:gmatch("[^\r\n]+")
end

local function trim(text)
  return (text:gsub("^%s+", ""):gsub("%s+$", ""))
end

local function add(list, values)
  for _, value in ipairs(values) do
    local present = false
    for _, existing in ipairs(list) do
      if existing == value then present = true break end
    end
    if not present then list[#list + 1] = value end
  end
end

local function set_of(list)
  local set = {}
  for _, value in ipairs(list or {}) do set[value] = true end
  return set
end

---------------------------------------------------------------------------
-- Reading the project

-- The Gemfile and its lockfile name; Bundler also accepts gems.rb / gems.locked.
local function find_gemfile(tree)
  if tree:exists("Gemfile") then return "Gemfile", "Gemfile.lock" end
  if tree:exists("gems.rb") then return "gems.rb", "gems.locked" end
  return nil
end

local function parse_gemfile(text)
  local gemfile = {gems = {}, needs_source = false, uses_git = false}
  for line in lines(text) do
    local code = line:gsub("%s#.*$", ""):gsub("^#.*$", "")
    local gem = code:match("^%s*gem%s*%(?%s*[\"']([%w%._%-]+)[\"']")
    if gem then
      gemfile.gems[#gemfile.gems + 1] = gem
      if code:find("path:") or code:find(":path%s*=>") then gemfile.needs_source = true end
      if code:find("git:") or code:find("github:") or code:find(":git%s*=>") then gemfile.uses_git = true end
    end
    -- gemspec, and path/git blocks, pull gems from the app's own folders or from git.
    if code:match("^%s*gemspec") or code:match("^%s*path[%s%(]") then gemfile.needs_source = true end
    if code:match("^%s*git[%s%(]") or code:match("^%s*github[%s%(]") then gemfile.uses_git = true end
    local ruby_file = code:match("^%s*ruby%s*%(?%s*file:%s*[\"']([^\"']+)[\"']")
    local ruby = code:match("^%s*ruby%s*%(?%s*[\"']([^\"']+)[\"']")
    if ruby_file then gemfile.ruby_file = ruby_file end
    if ruby then gemfile.ruby = ruby end
  end
  return gemfile
end

-- The sections of Gemfile.lock that matter here: the resolved gems (four
-- spaces in), the platforms, the Ruby and Bundler versions.
local function parse_lock(text)
  local lock = {gems = {}, versions = {}, platforms = {}, uses_git = false, uses_path = false}
  local section
  for line in lines(text) do
    if not line:match("^%s") then
      section = trim(line)
      if section == "GIT" then lock.uses_git = true end
      if section == "PATH" then lock.uses_path = true end
    elseif section == "GEM" or section == "GIT" or section == "PATH" then
      local name, version = line:match("^    ([^%s%(]+) %(([^%)]+)%)%s*$")
      if name and not lock.versions[name] then
        lock.gems[#lock.gems + 1] = name
        lock.versions[name] = version
      end
    elseif section == "PLATFORMS" then
      lock.platforms[#lock.platforms + 1] = trim(line)
    elseif section == "RUBY VERSION" then
      lock.ruby = line:match("ruby%s+(%d+[%.%d]*)")
    elseif section == "BUNDLED WITH" then
      lock.bundler = trim(line)
    end
  end
  return lock
end

-- .ruby-version ("3.2.2", "ruby-3.2.2"), else the Gemfile's `ruby "..."`, else the lock's RUBY VERSION.
local function ruby_version(tree, gemfile_name, gemfile, lock)
  local file = gemfile.ruby_file or ".ruby-version"
  local text = tree:read(file)
  if text then
    local version = trim(text):gsub("^ruby%-", "")
    if version ~= "" then return version, file end
  end
  if gemfile.ruby then return gemfile.ruby:match("%d+[%.%d]*") or gemfile.ruby, gemfile_name end
  if lock and lock.ruby then return lock.ruby, "lock" end
  return nil, nil
end

-- The web process of a Procfile, else its only process.
local function procfile_web(tree)
  local text = tree:read("Procfile")
  return text and kiln.procfile_web(text) or nil
end

local function requires_sinatra(tree, file)
  local text = tree:read(file)
  return text ~= nil and text:find("require%s*%(?%s*[\"']sinatra") ~= nil
end

local function sinatra_script(tree)
  for _, file in ipairs(SINATRA_SCRIPTS) do
    if requires_sinatra(tree, file) then return file end
  end
  return nil
end

-- Which framework, and the file that says so.
local function find_framework(tree, gems)
  if tree:exists("config/application.rb") then return "rails", "config/application.rb" end
  if gems.rails or gems.railties then return "rails", nil end
  local rackup = tree:exists("config.ru")
  if gems.sinatra or (not rackup and sinatra_script(tree)) then
    if rackup then return "sinatra", "config.ru" end
    local script = sinatra_script(tree)
    return "sinatra", script
  end
  if rackup then
    for _, name in ipairs({"hanami", "roda"}) do
      if gems[name] then return name, "config.ru" end
    end
    return "rack", "config.ru"
  end
  return nil, nil
end

-- Everything detect learns; handed to generate as the detection's facts.
local function inspect(tree)
  local gemfile_name, lock_name = find_gemfile(tree)
  if not gemfile_name then return nil end
  local gemfile = parse_gemfile(tree:read(gemfile_name) or "")
  local lock_text = tree:read(lock_name)
  local lock = lock_text and parse_lock(lock_text) or nil

  local facts = {
    gemfile = gemfile_name,
    lockfile = lock and lock_name or nil,
    gems = lock and lock.gems or gemfile.gems,
    gem_versions = lock and lock.versions or {},
    platforms = lock and lock.platforms or {},
    bundler_version = lock and lock.bundler or nil,
    needs_source = gemfile.needs_source or (lock ~= nil and lock.uses_path),
    uses_git = gemfile.uses_git or (lock ~= nil and lock.uses_git),
    procfile_web = procfile_web(tree),
  }
  facts.ruby_version, facts.ruby_version_source = ruby_version(tree, gemfile_name, gemfile, lock)
  facts.ruby_requirement = gemfile.ruby
  local gems = set_of(facts.gems)
  for _, name in ipairs(gemfile.gems) do gems[name] = true end
  facts.framework, facts.framework_evidence = find_framework(tree, gems)
  facts.rackup = tree:exists("config.ru")
  if facts.framework == "sinatra" and not facts.rackup then facts.sinatra_script = sinatra_script(tree) end
  facts.assets = tree:is_dir("app/assets") or tree:is_dir("app/javascript")
  facts.node = kiln.node_assets(tree)
  facts.puma_config = tree:exists("config/puma.rb")
  facts.bin_rails = tree:exists("bin/rails")

  facts.install_inputs = {gemfile_name}
  if facts.lockfile then add(facts.install_inputs, {facts.lockfile}) end
  if gemfile.ruby_file and tree:exists(gemfile.ruby_file) then add(facts.install_inputs, {gemfile.ruby_file}) end
  return facts
end

---------------------------------------------------------------------------
-- detect

local function detect(tree)
  local facts = inspect(tree)
  if not facts then return nil end
  local evidence = {facts.gemfile}
  if facts.lockfile then add(evidence, {facts.lockfile}) end
  if facts.framework_evidence then add(evidence, {facts.framework_evidence}) end
  if facts.procfile_web then add(evidence, {"Procfile"}) end
  local score = facts.framework and 75 or 65
  -- A framework app whose package.json only builds its assets is a Ruby app: above kiln.node's best.
  if facts.framework and facts.node then
    score = 90
    add(evidence, {"package.json"})
  end
  return {
    score = score,
    language = "ruby",
    framework = facts.framework,
    package_manager = "bundler",
    evidence = evidence,
    facts = facts,
  }
end

---------------------------------------------------------------------------
-- generate

local function system_packages(facts)
  -- A platform build ("1.16.0-x86_64-linux") ships compiled; only a source build needs a compiler.
  local compiled = {}
  for _, name in ipairs(facts.gems) do
    local version = facts.gem_versions[name]
    if not (version and version:find("%-x86_64%-linux")) then compiled[#compiled + 1] = name end
  end
  local packages = kiln.native_packages("ruby", compiled)
  local build, run = packages.build, packages.run
  if facts.uses_git then add(build, {"git"}) end
  table.sort(build)
  table.sort(run)
  return build, run
end

local function install_phase(facts)
  local commands = {}
  if facts.lockfile then
    -- A lock resolved only on a Mac lists no platform this image can use.
    local platforms = set_of(facts.platforms)
    if not platforms.ruby and not platforms["x86_64-linux"] and not platforms["x86_64-linux-gnu"] then
      add(commands, {"bundle lock --add-platform x86_64-linux"})
    end
    add(commands, {"bundle config set --local deployment true"})
  else
    add(commands, {"bundle config set --local path vendor/bundle"})
  end
  add(commands, {"bundle config set --local without 'development test'", "bundle install"})
  return {
    name = "install",
    -- gemspec and path: gems live in the app's own folders: install after the whole source is there.
    inputs = facts.needs_source and {} or facts.install_inputs,
    commands = commands,
  }
end

-- The JavaScript dependencies, on package.json and its lockfile alone.
local function assets_install_phase(node)
  return {name = "assets-install", inputs = node.inputs, commands = node.install}
end

-- Rails writes pids, caches and logs under the app; the image runs as a user that does not own it.
-- assets:precompile runs package.json's build itself (jsbundling, cssbundling, vite_ruby).
local function rails_build_phase(facts)
  local commands = {}
  if facts.assets or facts.node then add(commands, {"SECRET_KEY_BASE_DUMMY=1 bundle exec rails assets:precompile"}) end
  if facts.node then add(commands, {"rm -rf node_modules"}) end
  add(commands, {"mkdir -p tmp/pids tmp/cache log && chmod -R a+rwX tmp log"})
  return {name = "build", commands = commands}
end

-- Sinatra, Rack and friends build their assets with the script alone.
local function assets_build_phase(node)
  return {name = "build", commands = {node.build, "rm -rf node_modules"}}
end

-- Rack 3 moved rackup into its own gem; without it, puma can serve config.ru itself.
local function rack_server(facts)
  local gems = set_of(facts.gems)
  local rack = facts.gem_versions.rack and kiln.semver.parse(facts.gem_versions.rack)
  if rack and rack.major >= 3 and not gems.rackup and gems.puma then
    return "bundle exec puma --bind tcp://0.0.0.0:${PORT:-9292} config.ru"
  end
  return "bundle exec rackup --host 0.0.0.0 --port ${PORT:-9292}"
end

local function start_command(facts)
  local framework = facts.framework
  local default_port = framework == "rails" and RAILS_PORT or (facts.rackup and RACK_PORT)
      or (facts.sinatra_script and SINATRA_SCRIPT_PORT) or nil
  if facts.procfile_web then
    -- A web process listens on $PORT, which needs some value.
    return facts.procfile_web, default_port or RAILS_PORT
  end
  if framework == "rails" then
    -- Puma's config (Rails generates one that reads PORT) is how Heroku and Puma say to run in
    -- production; else the app's own binstub, as Rails' generated Dockerfile does.
    if facts.puma_config then return "bundle exec puma -C config/puma.rb", RAILS_PORT end
    local rails = facts.bin_rails and "./bin/rails" or "bundle exec rails"
    return rails .. " server -b 0.0.0.0 -p ${PORT:-3000}", RAILS_PORT
  end
  if facts.rackup then return rack_server(facts), RACK_PORT end
  if facts.sinatra_script then
    return "bundle exec ruby " .. facts.sinatra_script .. " -o 0.0.0.0 -p ${PORT:-4567}", SINATRA_SCRIPT_PORT
  end
  return nil, nil
end

local function environment(facts)
  local env = {LANG = "C.UTF-8", RACK_ENV = "production"}
  if facts.framework == "rails" then
    env.RAILS_ENV = "production"
    env.RAILS_LOG_TO_STDOUT = "1"
    env.RAILS_SERVE_STATIC_FILES = "1"
  end
  return env
end

-- The Gemfile's `ruby` requirement as written (bundler refuses any other
-- Ruby), else a version file's release line ("3.1.4" -> "3.1": patch
-- releases are interchangeable; the stack has Debian's).
local function ruby_runtime(tree, facts)
  if facts.ruby_requirement then
    return kiln.runtime("ruby", {version = facts.ruby_requirement, file = facts.gemfile, text = tree:read(facts.gemfile),
                                 find = facts.ruby_requirement, field = "ruby"})
  end
  local source = facts.ruby_version_source
  if not facts.ruby_version or source == "lock" or source == facts.gemfile then return kiln.runtime("ruby") end
  local line = facts.ruby_version:match("^(%d+%.%d+)%.%d+$") or facts.ruby_version
  return kiln.runtime("ruby", {version = line, file = source, text = tree:read(source), find = facts.ruby_version})
end

local function generate(tree, detection, options)
  local facts = detection.facts
  if type(facts) ~= "table" or not facts.gemfile then facts = inspect(tree) end
  if not facts then error("kiln.ruby found no Gemfile (or gems.rb) in " .. tree:name(), 0) end

  local build_packages, run_packages = system_packages(facts)
  local phases = {install_phase(facts)}
  if facts.node then
    add(build_packages, facts.node.packages)
    phases[#phases + 1] = assets_install_phase(facts.node)
  end
  if facts.framework == "rails" then
    phases[#phases + 1] = rails_build_phase(facts)
  elseif facts.node then
    phases[#phases + 1] = assets_build_phase(facts.node)
  end
  -- Compilers, headers and node build the gems and assets; the run image gets the app,
  -- its bundle (vendor/bundle) and the libraries alone.
  local artifacts = #build_packages > 0 and {{from = "/app", to = "/app"}} or {}
  local start, port = start_command(facts)
  if not start then
    kiln.log("no config.ru, Rails app, Sinatra script or Procfile: set a start command in kiln.toml")
  end
  return {
    language = "ruby",
    framework = facts.framework,
    package_manager = "bundler",
    build_image = ruby_runtime(tree, facts),
    run_image = ruby_runtime(tree, facts),
    build_packages = build_packages,
    run_packages = run_packages,
    artifacts = artifacts,
    env = environment(facts),
    phases = phases,
    start = start,
    port = port,
  }
end

return {
  id = "kiln.ruby",
  version = "0.1.0",
  api = 1,
  detect = detect,
  generate = generate,
}
