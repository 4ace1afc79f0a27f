-- kiln.dart: Dart server apps (pubspec.yaml with a bin/ entry point).
--
-- Built as Dart's own container guide builds them: `dart pub get` on the
-- pubspec alone, then `dart compile exe bin/<entry>.dart`, an ahead-of-time
-- native executable that needs only the C library, so it runs on kiln's base
-- stack. The entry is bin/server.dart (the server-shelf template), else
-- bin/<package name>.dart, else the first file in bin/.
--
-- kiln has no Dart stack (Debian packages no Dart SDK): the plan builds on
-- the official dart image at the SDK version the pubspec's environment.sdk
-- constraint starts from. Flutter apps are not server apps: they are left to
-- other buildpacks (a Flutter web build is static files).
--
-- Port: the shelf template reads PORT and defaults to 8080.

local DEFAULT_PORT = 8080
local DEFAULT_SDK = "3.5"
local FRAMEWORKS = {"dart_frog", "serverpod", "shelf"}

local function valid_name(name)
  return type(name) == "string" and name:match("^[%a_][%w_]*$") ~= nil and #name <= 64
end

-- The minor SDK version a constraint such as "^3.5.0" or ">=3.2.0 <4.0.0" starts from.
local function sdk_version(constraint)
  if type(constraint) ~= "string" then return DEFAULT_SDK end
  local major, minor = constraint:match("(%d+)%.(%d+)")
  if major and tonumber(major) >= 3 then return major .. "." .. minor end
  return DEFAULT_SDK
end

local function inspect(tree)
  local spec = kiln.manifest(tree, "pubspec.yaml")
  if spec == nil then return nil end
  if type(spec) ~= "table" or not valid_name(spec.name) then return nil end
  local dependencies = type(spec.dependencies) == "table" and spec.dependencies or {}
  if dependencies.flutter ~= nil then return nil end
  local facts = {name = spec.name, locked = tree:exists("pubspec.lock")}
  for _, candidate in ipairs({"bin/server.dart", "bin/" .. spec.name .. ".dart"}) do
    if tree:exists(candidate) then facts.entry = candidate break end
  end
  facts.entry = facts.entry or tree:glob("bin/*.dart")[1]
  if not facts.entry or not facts.entry:match("^bin/[%w_]+%.dart$") then return nil end
  facts.program = facts.entry:match("^bin/([%w_]+)%.dart$")
  local environment = type(spec.environment) == "table" and spec.environment or {}
  facts.sdk = sdk_version(environment.sdk)
  facts.framework = kiln.first_key(FRAMEWORKS, dependencies)
  facts.evidence = {facts.entry}
  local text = tree:read(facts.entry) or ""
  facts.port = tonumber(text:match("'PORT'%].-'(%d+)'") or text:match('"PORT"%].-"(%d+)"')) or DEFAULT_PORT
  return facts
end

local function plan(facts, tree, options)
  if not facts.entry:match("^bin/[%w_]+%.dart$") or not facts.sdk:match("^%d+%.%d+$") then error("the Dart entry point or SDK version is not usable", 0) end
  local built = "/app/build/" .. facts.program
  return kiln.program({
    build_image = "dart:" .. facts.sdk,
    run_image = kiln.runtime("base"),
    phases = {
      {name = "install", inputs = {"pubspec.yaml", "pubspec.lock"},
       commands = {"dart pub get" .. (facts.locked and " --enforce-lockfile" or "")}},
      {name = "build", commands = {"dart pub get --offline", "mkdir -p build && dart compile exe " .. facts.entry .. " -o " .. built}},
    },
    port = facts.port,
  }, built, facts.program)
end

return kiln.buildpack{
  id = "kiln.dart",
  version = "0.1.0",
  language = "dart",
  package_manager = "pub",
  evidence = {"pubspec.yaml", "pubspec.lock"},
  inspect = inspect,
  plan = plan,
  missing = "no pubspec.yaml with a bin/ entry point",
}
