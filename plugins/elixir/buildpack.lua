-- kiln.elixir: Elixir apps built with mix (mix.exs), Phoenix among them.
--
-- How the app starts follows the ecosystem's deployment guides:
-- * a release, when the project has one: a `releases:` entry in mix.exs, or
--   the rel/ folder that `mix phx.gen.release` or `mix release.init` writes.
--   `MIX_ENV=prod mix release` builds it under _build/prod/rel/<name>; it
--   carries its own Erlang runtime, so it runs on the base stack as
--   `_build/prod/rel/<name>/bin/<name> start`. Phoenix needs PHX_SERVER=true
--   there to start its endpoint (phx.gen.release's bin/server sets the same).
-- * otherwise `mix phx.server` for Phoenix and `mix run --no-halt` for any
--   other app, on the elixir stack (mix itself is needed to start them).
-- MIX_ENV is prod throughout; PORT is Phoenix's own variable (its
-- config/runtime.exs reads it), 4000 unless the app's config names another.
-- A Procfile's web process wins over all of these.

local DEFAULT_PORT = 4000
local RELEASE_ROOT = "/app/_build/prod/rel/"

---------------------------------------------------------------------------
-- Small helpers

-- Elixir source without its comments, so a commented-out dependency or
-- release does not count. A '#' inside a string is rare in mix.exs.
local function without_comments(text)
  return (text:gsub("#[^\n]*", ""))
end

local function valid_name(name)
  return type(name) == "string" and name:match("^[a-z][a-z0-9_]*$") ~= nil and #name <= 64
end

-- The dependencies a mix.exs lists: {:name, ...} tuples.
local function dependencies(text)
  local deps = {}
  for name in text:gmatch("{%s*:([a-z][%w_]*)%s*,") do kiln.add(deps, name) end
  return deps
end

-- The first release a mix.exs defines: `releases: [name: [...]]`, inline or in a
-- `defp releases do [name: [...]] end` helper.
local function release_name(text)
  local after = text:match("releases:%s*(%b[])") or text:match("defp?%s+releases%s+do%s*(%b[])")
  if after then return after:match("^%[%s*([a-z][%w_]*):") end
  return nil
end

-- The port the app's config or code names next to PORT: System.get_env("PORT") || "4001",
-- System.get_env("PORT", "4001"), System.fetch_env("PORT", "4001").
local function port_hint(text)
  if not text then return nil end
  local port = text:match('get_env%(%s*"PORT"%s*%)%s*||%s*"?(%d+)') or text:match('get_env%(%s*"PORT"%s*,%s*"(%d+)"')
      or text:match('fetch_env%(%s*"PORT"%s*,%s*"(%d+)"')
  port = tonumber(port)
  if port and port >= 1 and port <= 65535 then return port end
  return nil
end

---------------------------------------------------------------------------
-- Reading the project

-- The mix.exs of an umbrella's apps (apps_path), or none.
local function umbrella_apps(tree, text)
  local apps_path = text:match('apps_path:%s*"([%w_%-/.]+)"')
  if not apps_path then return nil, {} end
  return apps_path, tree:glob(apps_path .. "/*/mix.exs")
end

local function find_framework(deps)
  local set = {}
  for _, name in ipairs(deps) do set[name] = true end
  if set.phoenix then return "phoenix" end
  if set.plug_cowboy or set.bandit or set.plug then return "plug" end
  return nil
end

local function inspect(tree)
  local source = tree:read("mix.exs")
  if not source then return nil end
  local text = without_comments(source)
  local facts = {app = text:match("app:%s*:([a-z][%w_]*)"), locked = tree:exists("mix.lock")}
  facts.elixir_requirement = text:match('elixir:%s*"([^"]+)"')

  local apps_path, app_manifests = umbrella_apps(tree, text)
  facts.umbrella = apps_path ~= nil
  local deps = dependencies(text)
  facts.manifests = {"mix.exs"}
  for _, manifest in ipairs(app_manifests) do
    kiln.add(facts.manifests, manifest)
    local app_text = tree:read(manifest)
    if app_text then
      for _, dep in ipairs(dependencies(without_comments(app_text))) do kiln.add(deps, dep) end
      if app_text:find('"assets.deploy"') then facts.assets_deploy = true end
    end
  end
  facts.has_deps = #deps > 0 or facts.locked
  facts.framework = find_framework(deps)
  facts.assets_deploy = facts.assets_deploy or text:find('"assets.deploy"') ~= nil

  -- A release: declared in mix.exs, or the rel/ folder its generators write.
  facts.release = release_name(text)
  facts.release_declared = facts.release ~= nil
  if not facts.release and not facts.umbrella
      and (tree:exists("rel/overlays/bin/server") or tree:exists("rel/env.sh.eex") or tree:exists("rel/vm.args.eex")) then
    facts.release = facts.app
  end
  if facts.release and not valid_name(facts.release) then
    error("mix.exs names the release '" .. facts.release:sub(1, 64) .. "', which kiln cannot use in a path", 0)
  end

  facts.procfile_web = kiln.procfile_start(tree)
  facts.port = port_hint(tree:read("config/runtime.exs")) or port_hint(tree:read("config/prod.exs"))
      or port_hint(tree:read("config/config.exs"))
  if not facts.port then
    for _, file in ipairs(tree:glob("lib/**/*.ex")) do
      facts.port = port_hint(tree:read(file))
      if facts.port then break end
    end
  end
  facts.port = facts.port or DEFAULT_PORT
  return facts
end

---------------------------------------------------------------------------
-- detect

local function detection(facts, tree)
  local evidence = {"mix.exs"}
  if facts.locked then kiln.add(evidence, "mix.lock") end
  if facts.framework == "phoenix" then kiln.add(evidence, "phoenix in mix.exs deps") end
  if facts.release then kiln.add(evidence, "release " .. facts.release) end
  if facts.procfile_web then kiln.add(evidence, "Procfile") end
  return {
    -- A language manifest (60-85); Phoenix's own apps are surer. Phoenix keeps
    -- its JavaScript in assets/, so no root package.json competes.
    score = facts.framework == "phoenix" and 85 or 80,
    evidence = evidence,
  }
end

---------------------------------------------------------------------------
-- generate

local function install_phase(facts)
  local inputs = {}
  for _, manifest in ipairs(facts.manifests) do kiln.add(inputs, manifest) end
  -- deps.compile reads the compile-time config; runtime.exs is read at start.
  for _, file in ipairs({"mix.lock", "config/config.exs", "config/prod.exs"}) do kiln.add(inputs, file) end
  return {
    name = "install",
    inputs = inputs,
    commands = {"mix local.hex --force && mix local.rebar --force", "mix deps.get --only prod", "mix deps.compile"},
  }
end

-- mix.exs's `elixir: "~> 1.14"`, a constraint in Elixir's (semver) syntax.
local function elixir_runtime(tree, facts)
  return kiln.runtime("elixir", {version = facts.elixir_requirement, file = "mix.exs", text = tree:read("mix.exs"),
                                 find = "elixir:", field = "elixir"})
end

local function plan(facts, tree, options)

  local phases = {}
  if facts.has_deps then phases[1] = install_phase(facts) end
  local build = {}
  if facts.assets_deploy then kiln.add(build, "mix assets.deploy") end
  kiln.add(build, "mix compile")
  -- A release named in mix.exs is built by name (there may be several); else the default one, named after the app.
  if facts.release then kiln.add(build, "mix release --overwrite" .. (facts.release_declared and " " .. facts.release or "")) end
  phases[#phases + 1] = {name = "build", commands = build}

  local env = {MIX_ENV = "prod", LANG = "C.UTF-8"}
  if facts.framework == "phoenix" then
    -- A release starts Phoenix's endpoint only when told to (config/runtime.exs).
    env.PHX_SERVER = "true"
    kiln.log("Phoenix reads SECRET_KEY_BASE (and DATABASE_URL with Ecto) at start in prod: set them when you run the image")
  end

  local plan = {
    build_image = elixir_runtime(tree, facts),
    env = env,
    phases = phases,
    port = facts.port,
  }
  if facts.release then
    local root = RELEASE_ROOT .. facts.release
    plan.run_image = kiln.runtime("base")
    -- The release alone: it carries ERTS, the app and its dependencies.
    plan.artifacts = {{from = root, to = root}}
    plan.start = facts.procfile_web or {root .. "/bin/" .. facts.release, "start"}
  else
    plan.run_image = plan.build_image
    if facts.procfile_web then plan.start = facts.procfile_web
    elseif facts.framework == "phoenix" then plan.start = {"mix", "phx.server"}
    else plan.start = {"mix", "run", "--no-halt"} end
  end
  return plan
end

return kiln.buildpack{
  id = "kiln.elixir",
  version = "0.1.0",
  language = "elixir",
  package_manager = "mix",
  inspect = inspect,
  detection = detection,
  plan = plan,
  missing = "no mix.exs",
}
