-- kiln.haskell: Haskell apps, built with cabal-install or Stack.
--
-- A .cabal file (or hpack's package.yaml) names the executables; the first
-- one is the app. cabal projects build with `cabal build exe:<name>`; a
-- stack.yaml means Stack (`stack build --system-ghc`, with the stack's GHC).
-- GHC links Haskell libraries into the executable, which alone is copied onto
-- the base stack (it has libgmp and libffi, all such a program loads).
--
-- Hackage: `cabal update` fetches the package index. Where Hackage cannot be
-- reached (behind a closed network, as here) the build falls back to a cabal
-- configuration with no repository, so cabal uses the libraries GHC's global
-- package database already has: the Debian-packaged ones in kiln's stack.
-- Stack needs its snapshot from the network; there is no such fallback.
--
-- Port: Warp, Scotty and Yesod apps commonly read PORT, defaulting to 3000;
-- a number on a line that reads PORT is taken as the default.

local RUNTIME = kiln.runtime("haskell")
local DEFAULT_PORT = 3000
local BIN = "/app/.kiln-bin"

local FRAMEWORKS = {"yesod", "servant-server", "scotty", "spock", "ihp", "warp"}
local FRAMEWORK_LABEL = {["servant-server"] = "servant", yesod = "yesod", scotty = "scotty", spock = "spock",
                         ihp = "ihp", warp = "warp"}

---------------------------------------------------------------------------
-- Small helpers

local function valid_name(name)
  return type(name) == "string" and name:match("^[%a][%w_%-]*$") ~= nil and #name <= 64
end

-- The package names a build-depends field lists, lower-cased.
local function dependencies_of(text)
  local deps = {}
  -- A field runs from "build-depends:" to the next line indented no deeper than a field name.
  for field in (text .. "\n"):gmatch("[Bb]uild%-[Dd]epends%s*:(.-)\n%s*[%a%-]+%s*:") do
    for name in field:gmatch("([%a][%w%-]*)") do kiln.add(deps, name:lower()) end
  end
  for field in (text .. "\n"):gmatch("[Bb]uild%-[Dd]epends%s*:([^\n]*)") do
    for name in field:gmatch("([%a][%w%-]*)") do kiln.add(deps, name:lower()) end
  end
  return deps
end

-- hpack's package.yaml: the executables map (the first name in order) and the dependencies, top-level and the
-- executables' own ("base >= 4.7 && < 5" names base).
local function hpack_facts(tree)
  local spec, why = tree:yaml("package.yaml")
  if type(spec) ~= "table" then error(why or "package.yaml is not a YAML map", 0) end
  local deps = {}
  local function take(list)
    if type(list) == "string" then list = {list} end
    for _, entry in ipairs(type(list) == "table" and list or {}) do
      local name = type(entry) == "string" and entry:match("^%s*([%a][%w%-]*)")
      if name then kiln.add(deps, name:lower()) end
    end
  end
  take(spec.dependencies)
  local names = {}
  for name, executable in pairs(type(spec.executables) == "table" and spec.executables or {}) do
    names[#names + 1] = name
    if type(executable) == "table" then take(executable.dependencies) end
  end
  table.sort(names)
  return names[1], deps, spec.name
end

local function port_hint(tree, files)
  for _, file in ipairs(files) do
    for line in (tree:read(file) or ""):gmatch("[^\n]+") do
      if line:find('"PORT"') then
        local port = tonumber(line:match("(%d%d%d%d%d?)"))
        if port and port >= 1 and port <= 65535 then return port end
      end
    end
  end
  return nil
end

---------------------------------------------------------------------------
-- Reading the project

local function inspect(tree)
  local facts = {deps = {}}
  local cabal_files = tree:glob("*.cabal")
  if #cabal_files > 0 then
    facts.manifest = cabal_files[1]
    local text = (tree:read(facts.manifest) or ""):gsub("%-%-[^\n]*", "")
    facts.package = text:match("\n?[Nn]ame%s*:%s*([%w_%-]+)")
    facts.executable = text:match("\n[Ee]xecutable%s+([%a][%w_%-]*)")
    facts.deps = dependencies_of(text)
  elseif tree:exists("package.yaml") then
    facts.manifest = "package.yaml"
    facts.executable, facts.deps, facts.package = hpack_facts(tree)
  elseif tree:exists("stack.yaml") or tree:exists("cabal.project") then
    -- A multi-package project: its packages are in sub-folders.
    local nested = tree:glob("*/*.cabal")
    if #nested == 0 then return nil end
    facts.manifest = nested[1]
    local text = (tree:read(facts.manifest) or ""):gsub("%-%-[^\n]*", "")
    facts.executable = text:match("\n[Ee]xecutable%s+([%a][%w_%-]*)")
    facts.deps = dependencies_of(text)
  else
    return nil
  end
  if not facts.executable then return nil end  -- a library: nothing to run
  if not valid_name(facts.executable) then return nil end

  facts.tool = tree:exists("stack.yaml") and "stack" or "cabal"
  facts.locked = tree:exists("cabal.project.freeze") or tree:exists("stack.yaml.lock")
  local set = {}
  for _, dep in ipairs(facts.deps) do set[dep] = true end
  for _, name in ipairs(FRAMEWORKS) do
    if set[name] then facts.framework = FRAMEWORK_LABEL[name] break end
  end
  local sources = tree:glob("app/**/*.hs")
  for _, file in ipairs(tree:glob("src/**/*.hs")) do kiln.add(sources, file) end
  for _, file in ipairs(tree:glob("*.hs")) do kiln.add(sources, file) end
  facts.port = port_hint(tree, sources) or DEFAULT_PORT
  facts.procfile_web = kiln.procfile_start(tree)
  return facts
end

---------------------------------------------------------------------------
-- detect

local function detection(facts, tree)
  local evidence = {facts.manifest}
  if facts.tool == "stack" then kiln.add(evidence, "stack.yaml") end
  if tree:exists("cabal.project") then kiln.add(evidence, "cabal.project") end
  return {score = 80, evidence = evidence}
end

---------------------------------------------------------------------------
-- generate

local function cabal_phases(facts)
  local exe = "exe:" .. facts.executable
  return {
    {
      -- The dependencies, on the package description alone: a layer a source change keeps.
      name = "install",
      inputs = {facts.manifest, "cabal.project", "cabal.project.freeze"},
      commands = {
        "cabal update || { echo 'kiln: Hackage is out of reach: cabal will use the packages GHC has' >&2; "
          .. "mkdir -p \"${CABAL_DIR:-$HOME/.cabal}\" && printf 'jobs: $ncpus\\n' > \"${CABAL_DIR:-$HOME/.cabal}/config\"; }",
        -- All the project's own packages are targets, so their libraries wait for the source.
        "cabal build --only-dependencies all",
      },
    },
    {
      name = "build",
      commands = {
        "cabal build " .. exe,
        "mkdir -p " .. BIN .. " && cp \"$(cabal list-bin " .. exe .. ")\" " .. BIN .. "/",
      },
    },
  }
end

local function stack_phases(facts)
  local inputs = {"stack.yaml", "stack.yaml.lock", "package.yaml"}
  kiln.add(inputs, facts.manifest)
  return {
    {name = "install", inputs = inputs,
     commands = {"stack setup --system-ghc --install-ghc=false", "stack build --system-ghc --only-dependencies"}},
    {name = "build", commands = {"stack build --system-ghc --copy-bins --local-bin-path " .. BIN}},
  }
end

local function plan(facts, tree, options)
  if not valid_name(facts.executable) then error("the executable name is not usable", 0) end

  return kiln.program({
    build_image = RUNTIME,
    -- GHC links Haskell libraries in, and glibc, gmp and libffi dynamically.
    run_image = kiln.runtime("cc-runtime"),
    phases = facts.tool == "stack" and stack_phases(facts) or cabal_phases(facts),
    port = facts.port,
  }, BIN .. "/" .. facts.executable, facts.executable, facts.procfile_web)
end

return kiln.buildpack{
  id = "kiln.haskell",
  version = "0.1.0",
  language = "haskell",
  package_manager = function(facts) return facts.tool end,
  inspect = inspect,
  detection = detection,
  plan = plan,
  missing = "no .cabal or package.yaml with an executable",
}
