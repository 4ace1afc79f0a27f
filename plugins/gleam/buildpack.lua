-- kiln.gleam: Gleam apps (gleam.toml), built the way Gleam's deployment
-- guide builds them: `gleam export erlang-shipment` writes
-- build/erlang-shipment with every compiled module and an entrypoint.sh,
-- which `entrypoint.sh run` starts on any Erlang/OTP runtime.
--
-- kiln has no Gleam stack (Debian packages no Gleam, and no registry this
-- machine reaches ships its binary), so the plan names Gleam's own image to
-- build on and the official Erlang image to run on. The Gleam release is the
-- one gleam.toml's `gleam` requirement allows, else DEFAULT_GLEAM.
-- Apps whose target is JavaScript are left to the JavaScript buildpacks.
--
-- Port: Mist and Wisp apps listen where they are told; the conventional
-- default is 8000, and PORT is set.

local DEFAULT_GLEAM = "1.5.1"
local ERLANG_OTP = "27"
local DEFAULT_PORT = 8000

local FRAMEWORKS = {"wisp", "mist", "lustre", "glen", "elli"}

local function valid_name(name)
  return type(name) == "string" and name:match("^[a-z][a-z0-9_]*$") ~= nil and #name <= 64
end

-- The lowest version a requirement such as ">= 1.4.0 and < 2.0.0" allows, if it names one above the default.
local function gleam_version(requirement)
  if type(requirement) ~= "string" then return DEFAULT_GLEAM end
  local floor = requirement:match(">=%s*(%d+%.%d+%.%d+)")
  if floor and kiln.semver.compare(floor, DEFAULT_GLEAM) > 0 then return floor end
  return DEFAULT_GLEAM
end

local function inspect(tree)
  local manifest = kiln.manifest(tree, "gleam.toml")
  if manifest == nil then return nil end
  if not valid_name(manifest.name) then return nil end
  if manifest.target == "javascript" then return nil end
  local facts = {name = manifest.name}
  facts.gleam = gleam_version(manifest.gleam)
  facts.framework = kiln.first_key(FRAMEWORKS, manifest.dependencies)
  -- An app has a main module named after it; a library has none.
  if not tree:exists("src/" .. facts.name .. ".gleam") then return nil end
  local text = tree:read("src/" .. facts.name .. ".gleam") or ""
  if not text:find("pub%s+fn%s+main%s*%(") then return nil end
  facts.port = kiln.port_hint(text) or DEFAULT_PORT
  return facts
end

local function plan(facts, tree, options)
  if not valid_name(facts.name) or not kiln.semver.parse(facts.gleam) then error("gleam.toml's name or gleam version is not usable", 0) end
  return {
    build_image = "ghcr.io/gleam-lang/gleam:v" .. facts.gleam .. "-erlang",
    run_image = "erlang:" .. ERLANG_OTP .. "-slim",
    phases = {
      {name = "install", inputs = {"gleam.toml", "manifest.toml"}, commands = {"gleam deps download"}},
      {name = "build", commands = {"gleam export erlang-shipment"}},
    },
    artifacts = {{from = "/app/build/erlang-shipment", to = "/app"}},
    start = {"/app/entrypoint.sh", "run"},
    port = facts.port,
  }
end

return kiln.buildpack{
  id = "kiln.gleam",
  version = "0.1.0",
  language = "gleam",
  package_manager = "gleam",
  evidence = {"gleam.toml", "manifest.toml"},
  inspect = inspect,
  plan = plan,
  missing = "no gleam.toml with a main module",
}
