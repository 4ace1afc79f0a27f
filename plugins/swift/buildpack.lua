-- kiln.swift: Swift packages built with SwiftPM (Package.swift).
--
-- The app is the first executable product (.executable(name:)) or
-- executableTarget the manifest declares. `swift package resolve` runs on
-- Package.swift and Package.resolved alone, then
-- `swift build -c release --static-swift-stdlib --product <name>` puts the
-- Swift libraries inside the program, which alone goes onto the
-- swift-runtime stack (the C and C++ runtime the swift stack's compiler links
-- against; Debian's Swift is trixie's). Vapor and Hummingbird apps listen on
-- 8080 by default; PORT is set, and the program's own default next to PORT
-- is taken when it names one.
--
-- Packages come from git hosts (GitHub mostly): where those cannot be
-- reached (here), only packages without dependencies build.

local BUILD_RUNTIME, RUN_RUNTIME = kiln.runtime("swift"), kiln.runtime("swift-runtime")
local DEFAULT_PORT = 8080
local FRAMEWORKS = {{"vapor/vapor", "vapor"}, {"hummingbird-project/hummingbird", "hummingbird"},
                    {"apple/swift-nio", "swift-nio"}}

local function valid_name(name)
  return type(name) == "string" and name:match("^[%a_][%w_-]*$") ~= nil and #name <= 128
end

local function inspect(tree)
  local manifest = tree:read("Package.swift")
  if not manifest then return nil end
  manifest = manifest:gsub("//[^\n]*", "")
  local facts = {}
  facts.product = manifest:match('%.executable%s*%(%s*name%s*:%s*"([^"]+)"')
      or manifest:match('%.executableTarget%s*%(%s*name%s*:%s*"([^"]+)"')
  if not valid_name(facts.product) then return nil end  -- a library package
  for _, pair in ipairs(FRAMEWORKS) do
    if manifest:find(pair[1], 1, true) then facts.framework = pair[2] break end
  end
  facts.has_dependencies = manifest:find("%.package%s*%(") ~= nil
  facts.port = kiln.port_in(tree, "Sources/**/*.swift")
  facts.procfile_web = kiln.procfile_start(tree)
  return facts
end

local function plan(facts, tree, options)
  if not valid_name(facts.product) then error("the executable product's name is not usable", 0) end

  local phases = {}
  if facts.has_dependencies then
    phases[1] = {name = "install", inputs = {"Package.swift", "Package.resolved"}, commands = {"swift package resolve"}}
  end
  phases[#phases + 1] = {name = "build", commands = {
    "swift build -c release --static-swift-stdlib --product " .. facts.product,
    "cp \"$(swift build -c release --show-bin-path)/" .. facts.product .. "\" /app/.kiln-" .. facts.product,
  }}
  return kiln.program({
    build_image = BUILD_RUNTIME,
    run_image = RUN_RUNTIME,
    phases = phases,
    port = facts.port or DEFAULT_PORT,
  }, "/app/.kiln-" .. facts.product, facts.product, facts.procfile_web)
end

return kiln.buildpack{
  id = "kiln.swift",
  version = "0.1.0",
  language = "swift",
  package_manager = "swiftpm",
  evidence = {"Package.swift", "Package.resolved"},
  inspect = inspect,
  plan = plan,
  missing = "no Package.swift with an executable",
}
