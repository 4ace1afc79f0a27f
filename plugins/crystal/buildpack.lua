-- kiln.crystal: Crystal apps described by a shard.yml.
--
-- The program is the first of shard.yml's targets (src/<name>.cr when it
-- lists none), compiled with `crystal build --release` as `shards build`
-- would; dependencies are installed with `shards install --production` when
-- shard.yml has any (Debian packages no shards, and shards fetch from git
-- hosts, so kiln's crystal stack builds dependency-free apps only). The
-- binary runs on the base stack with the C libraries Crystal's runtime links:
-- Boehm GC, libevent and PCRE, plus libyaml, libxml2 or GMP when the source
-- requires the standard library's YAML, XML or Big modules.
--
-- Port: Kemal and most examples listen on 3000; a number next to PORT in the
-- source is taken as the default.

local RUNTIME = kiln.runtime("crystal")
local DEFAULT_PORT = 3000
local RUNTIME_PACKAGES = {"libgc1", "libevent-2.1-7", "libpcre3"}
-- Standard library modules and the Debian runtime package each links.
local STDLIB_PACKAGES = {yaml = "libyaml-0-2", xml = "libxml2", big = "libgmp10"}
local FRAMEWORKS = {"lucky", "amber", "athena", "kemal", "grip", "spider-gazelle"}

---------------------------------------------------------------------------
-- Small helpers

local function valid_name(name)
  return type(name) == "string" and name:match("^[%w_][%w_.-]*$") ~= nil and #name <= 128
end

local function valid_path(path)
  return type(path) == "string" and path:match("^[%w_][%w_./-]*%.cr$") ~= nil and not path:find("%.%.")
end

local function sorted_keys(map)
  local keys = {}
  for key in pairs(type(map) == "table" and map or {}) do keys[#keys + 1] = key end
  table.sort(keys)
  return keys
end

---------------------------------------------------------------------------
-- Reading the project

local function inspect(tree)
  local shard = kiln.manifest(tree, "shard.yml")
  if shard == nil then return nil end
  if type(shard) ~= "table" or type(shard.name) ~= "string" then return nil end
  local facts = {name = shard.name}
  local targets = sorted_keys(shard.targets)
  if #targets > 0 then
    facts.program = targets[1]
    facts.main = type(shard.targets[targets[1]]) == "table" and shard.targets[targets[1]].main or nil
  else
    facts.program = shard.name
    facts.main = "src/" .. shard.name .. ".cr"
  end
  if not valid_name(facts.program) or not valid_path(facts.main) or not tree:exists(facts.main) then return nil end

  facts.has_dependencies = #sorted_keys(shard.dependencies) > 0
  facts.locked = tree:exists("shard.lock")
  facts.framework = kiln.first_key(FRAMEWORKS, shard.dependencies)

  facts.run_packages = {}
  for _, package in ipairs(RUNTIME_PACKAGES) do kiln.add(facts.run_packages, package) end
  for _, file in ipairs(tree:glob("src/**/*.cr")) do
    local text = tree:read(file) or ""
    for module in text:gmatch('require%s+"([%w_]+)"') do
      if STDLIB_PACKAGES[module] then kiln.add(facts.run_packages, STDLIB_PACKAGES[module]) end
    end
    if not facts.port then
      local port = text:match('ENV%["PORT"%]%??%s*||%s*"?(%d+)') or text:match('ENV%.fetch%("PORT",%s*"(%d+)"')
      facts.port = tonumber(port)
    end
  end
  facts.procfile_web = kiln.procfile_start(tree)
  return facts
end

---------------------------------------------------------------------------
-- generate

local function plan(facts, tree, options)
  if not valid_name(facts.program) or not valid_path(facts.main) then error("shard.yml's target is not usable", 0) end

  local phases = {}
  if facts.has_dependencies then
    phases[1] = {name = "install", inputs = {"shard.yml", "shard.lock"},
                 commands = {"shards install --production" .. (facts.locked and " --frozen" or "")}}
  end
  local built = "bin/" .. facts.program
  phases[#phases + 1] = {name = "build", commands = {"mkdir -p bin && crystal build --release --no-debug -o " .. built .. " " .. facts.main}}
  return kiln.program({
    build_image = RUNTIME,
    run_image = kiln.runtime("base"),
    run_packages = facts.run_packages,
    phases = phases,
    port = facts.port or DEFAULT_PORT,
  }, "/app/" .. built, facts.program, facts.procfile_web)
end

return kiln.buildpack{
  id = "kiln.crystal",
  version = "0.1.0",
  language = "crystal",
  package_manager = "shards",
  evidence = {"shard.yml", "shard.lock"},
  inspect = inspect,
  plan = plan,
  missing = "no shard.yml with a program",
}
