-- kiln.zig: Zig programs built with the Zig build system (build.zig).
--
-- `zig build -Doptimize=ReleaseSafe` installs the executables build.zig
-- declares under zig-out/bin; the first addExecutable's .name is the app. Zig
-- links statically unless the build links libc or system libraries, so the
-- binary alone goes onto the base stack. Packages build.zig.zon depends on are
-- fetched first (`zig build --fetch`), on that file alone, so a source change
-- keeps their layer.
--
-- The zig stack pins one Zig release (Zig's standard library changes between
-- releases): an app whose build.zig.zon asks for a newer minimum_zig_version
-- needs a stack with that release.

local RUNTIME = kiln.runtime("zig")
local DEFAULT_PORT = 8080

---------------------------------------------------------------------------
-- Small helpers

local function valid_name(name)
  return type(name) == "string" and name:match("^[%w_][%w_.-]*$") ~= nil and #name <= 128
end

local function without_comments(text)
  return (text:gsub("//[^\n]*", ""))
end

---------------------------------------------------------------------------
-- Reading the project

local function inspect(tree)
  local build = tree:read("build.zig")
  if not build then return nil end
  build = without_comments(build)
  local facts = {}
  facts.program = build:match('addExecutable%s*%(%s*%.{.-%.name%s*=%s*"([^"]+)"')
  if not facts.program or not valid_name(facts.program) then return nil end  -- a library
  local zon = tree:read("build.zig.zon")
  if zon then
    zon = without_comments(zon)
    facts.minimum_zig = zon:match('%.minimum_zig_version%s*=%s*"([^"]+)"')
    local dependencies = zon:match("%.dependencies%s*=%s*(%b{})")
    facts.has_dependencies = dependencies ~= nil and dependencies:find("%.url") ~= nil
  end
  facts.framework = (zon and zon:find("%.zap%s*=")) and "zap" or (zon and zon:find("%.httpz%s*=")) and "httpz" or nil
  -- std.process.getEnvVarOwned(allocator, "PORT") catch try allocator.dupe(u8, "8080")
  facts.port = kiln.port_in(tree, "src/**/*.zig", '"PORT"%).-dupe%(u8,%s*"(%d+)"')
  facts.procfile_web = kiln.procfile_start(tree)
  return facts
end

---------------------------------------------------------------------------
-- generate

local function plan(facts, tree, options)
  if not valid_name(facts.program) then error("the executable name is not usable", 0) end

  local phases = {}
  if facts.has_dependencies then
    phases[1] = {name = "install", inputs = {"build.zig", "build.zig.zon"}, commands = {"zig build --fetch"}}
  end
  phases[#phases + 1] = {name = "build", commands = {"zig build -Doptimize=ReleaseSafe"}}
  return kiln.program({
    build_image = RUNTIME,
    -- Static unless build.zig links libc (then glibc): the C runtime libraries
    -- and a shell for a Procfile's command, no package manager.
    run_image = kiln.runtime("cc-runtime"),
    phases = phases,
    port = facts.port or DEFAULT_PORT,
  }, "/app/zig-out/bin/" .. facts.program, facts.program, facts.procfile_web)
end

return kiln.buildpack{
  id = "kiln.zig",
  version = "0.1.0",
  language = "zig",
  package_manager = "zig",
  evidence = {"build.zig", "build.zig.zon"},
  inspect = inspect,
  plan = plan,
  missing = "no build.zig with an executable",
}
