-- kiln.bun: apps that run on the Bun runtime, not only install with it.
--
-- kiln.node also builds apps that use bun as their package manager; this
-- buildpack wins only when Bun is the runtime: package.json scripts that run
-- files with bun (`bun run src/index.ts`, `bun --hot server.ts`), Bun's types
-- (@types/bun, bun-types), a Bun-first framework (Elysia), or an entry file
-- that calls Bun's APIs (Bun.serve, `from "bun"`). Then it scores 88, above
-- kiln.node's best (85). A bun lockfile alone is bun as installer: 40, below
-- kiln.node, which then builds it with bun and runs it on Node.js.
--
-- Start, in order: a Procfile's web process; the start script (`bun run
-- start`); the file package.json's "module"/"main" names; the file the dev
-- script runs (without --hot/--watch); a conventional entry. Bun.serve listens
-- on $PORT when set, else 3000; an entry that names another port wins.

local RUNTIME = kiln.runtime("bun")
local DEFAULT_PORT = 3000

local LOCKFILES = {"bun.lock", "bun.lockb"}
local ENTRY_FILES = {
  "index.ts", "index.tsx", "index.js", "src/index.ts", "src/index.tsx", "src/index.js", "server.ts", "src/server.ts",
  "app.ts", "src/app.ts", "main.ts", "src/main.ts",
}
local SCRIPT_EXTENSIONS = {ts = true, tsx = true, js = true, jsx = true, mjs = true, mts = true, cjs = true}
-- Frameworks written for Bun's runtime first.
local BUN_FRAMEWORKS = {"elysia"}
-- Frameworks that run on Bun as well as elsewhere: named, but no evidence of Bun by themselves.
local FRAMEWORKS = {"elysia", "hono", "express", "koa", "fastify"}
local INSTALL_LIFECYCLE = {"preinstall", "install", "postinstall", "prepare"}

---------------------------------------------------------------------------
-- Small helpers

local function add(list, value)
  for _, existing in ipairs(list) do
    if existing == value then return end
  end
  list[#list + 1] = value
end

local function map_of(value)
  return type(value) == "table" and value or {}
end

local function extension(path)
  return path:match("%.([%w]+)$")
end

local function is_file(tree, path)
  return tree:exists(path) and not tree:is_dir(path)
end

-- The file a `bun [run] [--hot|--watch|...] <file>` command runs, or nil when
-- it runs a package.json script or a binary (`bun run build`, `bunx vite`).
local function bun_runs_file(command)
  for invocation in (command .. " &&"):gmatch("bun%s+(.-)%s*[&|;]") do
    for word in invocation:gmatch("%S+") do
      if word ~= "run" and word:sub(1, 1) ~= "-" then
        local path = word:gsub("^%./", "")
        if SCRIPT_EXTENSIONS[extension(path) or ""] then return path end
        break
      end
    end
  end
  return nil
end

local function dependency(package, name)
  return map_of(package.dependencies)[name] or map_of(package.devDependencies)[name]
end

-- Bun's own APIs: what Node.js cannot run.
local function uses_bun_api(text)
  return text:find("Bun%.[%a]") ~= nil or text:find("from%s+[\"']bun[\"']") ~= nil
      or text:find("from%s+[\"']bun:") ~= nil
end

-- The port an entry file names: .listen(3000), port: 8080, ?? 3000, || "3000".
local function port_hint(text)
  if not text then return nil end
  local port = text:match("[Pp][Oo][Rr][Tt]\"?%]?%)?%s*[%?|]+%s*[\"']?(%d%d%d%d?%d?)")
      or text:match("port%s*:%s*(%d%d%d%d?%d?)") or text:match("%.listen%s*%(%s*(%d%d%d%d?%d?)")
  port = tonumber(port)
  if port and port >= 1 and port <= 65535 then return port end
  return nil
end

---------------------------------------------------------------------------
-- Reading the project

-- The file that starts the app when there is no start script.
local function find_entry(tree, package)
  for _, field in ipairs({"module", "main"}) do
    local value = package[field]
    if type(value) == "string" then
      local path = value:gsub("^%./", "")
      if is_file(tree, path) then return path end
      -- The Elysia template names src/index.js for a src/index.ts: Bun runs the source.
      local stem = path:match("^(.*)%.[cm]?js$")
      for _, ext in ipairs({"ts", "tsx"}) do
        if stem and is_file(tree, stem .. "." .. ext) then return stem .. "." .. ext end
      end
    end
  end
  local dev = map_of(package.scripts).dev
  local dev_file = type(dev) == "string" and bun_runs_file(dev)
  if dev_file and is_file(tree, dev_file) then return dev_file end
  for _, file in ipairs(ENTRY_FILES) do
    if is_file(tree, file) then return file end
  end
  return nil
end

local function find_framework(package)
  for _, name in ipairs(FRAMEWORKS) do
    if dependency(package, name) then return name end
  end
  return nil
end

-- Why this is a Bun runtime app, as evidence; empty when bun is at most the installer.
local function runtime_evidence(tree, package, entry_text)
  local evidence = {}
  for name, command in pairs(map_of(package.scripts)) do
    if type(command) == "string" and bun_runs_file(command) then add(evidence, "package.json scripts." .. name) end
  end
  table.sort(evidence)
  for _, name in ipairs({"@types/bun", "bun-types"}) do
    if dependency(package, name) then add(evidence, "package.json " .. name) end
  end
  for _, name in ipairs(BUN_FRAMEWORKS) do
    if dependency(package, name) then add(evidence, "package.json " .. name) end
  end
  if entry_text and uses_bun_api(entry_text) then add(evidence, "Bun APIs") end
  return evidence
end

local function inspect(tree)
  local has_package = tree:exists("package.json")
  local package = tree:json("package.json")
  if has_package and type(package) ~= "table" then return nil end  -- kiln.node reports a broken package.json
  package = package or {}

  local facts = {has_package = has_package}
  for _, file in ipairs(LOCKFILES) do
    if is_file(tree, file) then facts.lockfile = file break end
  end
  facts.bunfig = is_file(tree, "bunfig.toml")
  local procfile = tree:read("Procfile")
  facts.procfile_web = procfile and kiln.procfile_web(procfile) or nil
  local scripts = map_of(package.scripts)
  facts.start_script = type(scripts.start) == "string" and scripts.start or nil
  facts.build_script = type(scripts.build) == "string"
  facts.entry = find_entry(tree, package)
  local start_file = facts.start_script and bun_runs_file(facts.start_script)
  local entry_text = tree:read(start_file or facts.entry or "") or nil

  facts.runtime_evidence = runtime_evidence(tree, package, entry_text)
  if #facts.runtime_evidence == 0 and not facts.lockfile and not facts.bunfig then return nil end
  if not has_package and #facts.runtime_evidence == 0 then return nil end
  facts.framework = find_framework(package)
  facts.port = port_hint(entry_text) or DEFAULT_PORT

  facts.lifecycle_scripts = false
  for _, name in ipairs(INSTALL_LIFECYCLE) do
    if scripts[name] then facts.lifecycle_scripts = true end
  end
  facts.install_inputs = {}
  for _, file in ipairs({"package.json", "bun.lock", "bun.lockb", "bunfig.toml"}) do
    if is_file(tree, file) then add(facts.install_inputs, file) end
  end
  return facts
end

---------------------------------------------------------------------------
-- detect

local function detect(tree)
  local facts = inspect(tree)
  if not facts then return nil end
  local evidence = {}
  if facts.has_package then add(evidence, "package.json") end
  if facts.lockfile then add(evidence, facts.lockfile) end
  if facts.bunfig then add(evidence, "bunfig.toml") end
  for _, item in ipairs(facts.runtime_evidence) do add(evidence, item) end
  local runtime = #facts.runtime_evidence > 0
  local score = 40  -- bun as installer only: kiln.node's app
  if runtime then score = facts.has_package and 88 or 45 end
  return {
    score = score,
    language = "bun",
    framework = facts.framework,
    package_manager = facts.has_package and "bun" or nil,
    evidence = evidence,
    facts = facts,
  }
end

---------------------------------------------------------------------------
-- generate

local function install_command(facts, production)
  local command = "bun install"
  if facts.lockfile then command = command .. " --frozen-lockfile" end
  if production then command = command .. " --production" end
  return command
end

local function phases(facts)
  if not facts.has_package then return {} end
  -- Without a build, dev dependencies (types, test tools) are never needed.
  local list = {{
    name = "install",
    -- Lifecycle scripts may read any file of the app: then install after the whole source is there.
    inputs = facts.lifecycle_scripts and {} or facts.install_inputs,
    commands = {install_command(facts, not facts.build_script)},
  }}
  if facts.build_script then
    -- The build needs dev dependencies; the run image then gets the production ones only.
    list[#list + 1] = {name = "build", commands = {
      "bun run build",
      "rm -rf node_modules && " .. install_command(facts, true),
    }}
  end
  return list
end

local function start_command(facts)
  if facts.procfile_web then return facts.procfile_web end
  if facts.start_script then return {"bun", "run", "start"} end
  if facts.entry then return {"bun", "run", facts.entry} end
  return nil
end

local function generate(tree, detection, options)
  local facts = detection.facts
  if type(facts) ~= "table" or facts.runtime_evidence == nil then facts = inspect(tree) end
  if not facts then error("kiln.bun found no package.json or Bun entry file in " .. tree:name(), 0) end
  local start = start_command(facts)
  if not start then
    kiln.log("no start script, Procfile, module/main field or index.ts: set a start command in kiln.toml")
  end
  return {
    language = "bun",
    framework = facts.framework,
    package_manager = facts.has_package and "bun" or nil,
    build_image = RUNTIME,
    run_image = RUNTIME,
    env = {NODE_ENV = "production"},
    phases = phases(facts),
    -- The app and its node_modules only; bun's install cache (/root/.bun) stays in the build stage.
    artifacts = {{from = "/app", to = "/app"}},
    start = start,
    port = facts.port,
  }
end

return {
  id = "kiln.bun",
  version = "0.1.0",
  api = 1,
  detect = detect,
  generate = generate,
}
