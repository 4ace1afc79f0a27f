-- kiln.deno: Deno apps, with a deno.json / deno.jsonc or without one.
--
-- Deno wins over kiln.node whenever the app says it is a Deno app: a
-- deno.json(c), or package.json scripts that run `deno`. Without either, an
-- entry file (main.ts, server.ts, ...) that calls Deno APIs or imports jsr:,
-- npm: or deno.land modules is a weaker sign, below any language manifest.
--
-- Start, in order: a Procfile's web process; the `start` task unless it is a
-- watch-mode dev server (Fresh 1's `start` is); the `preview` task (Fresh 1's
-- production start); `deno serve` for an entry that only exports a fetch
-- handler; else `deno run -A <entry>`. Deno.serve listens on 8000 unless told
-- otherwise, so 8000 is the port unless the entry names another; PORT is set to
-- it either way.

local RUNTIME = kiln.runtime("deno")
local DEFAULT_PORT = 8000
-- Under the app folder, so the dependencies fetched at build time travel with it into the run image.
local DENO_DIR = "/app/.deno-dir"

local CONFIG_FILES = {"deno.json", "deno.jsonc"}
-- Where an entry point is, most conventional first.
local ENTRY_FILES = {
  "main.ts", "main.tsx", "main.js", "server.ts", "server.js", "mod.ts", "index.ts", "index.js",
  "app.ts", "app.js", "src/main.ts", "src/index.ts", "src/server.ts", "src/app.ts",
}
local SCRIPT_EXTENSIONS = {ts = true, tsx = true, js = true, jsx = true, mjs = true, mts = true}

---------------------------------------------------------------------------
-- Small helpers

local function add(list, value)
  for _, existing in ipairs(list) do
    if existing == value then return end
  end
  list[#list + 1] = value
end

local function words(text)
  local list = {}
  for word in text:gmatch("%S+") do list[#list + 1] = word end
  return list
end

local function extension(path)
  return path:match("%.([%w]+)$")
end

-- JSONC as deno.jsonc allows it: comments (which tree:json skips) and trailing
-- commas (which it does not). Strings are copied as they are.
local function strip_jsonc(text)
  local out, i, n = {}, 1, #text
  while i <= n do
    local c = text:sub(i, i)
    if c == '"' then
      local j = i + 1
      while j <= n do
        local d = text:sub(j, j)
        if d == "\\" then j = j + 2
        elseif d == '"' then break
        else j = j + 1 end
      end
      out[#out + 1] = text:sub(i, j)
      i = j + 1
    elseif text:sub(i, i + 1) == "//" then
      i = (text:find("\n", i, true) or n + 1)
    elseif text:sub(i, i + 1) == "/*" then
      local close = text:find("*/", i + 2, true)
      i = close and close + 2 or n + 1
    else
      out[#out + 1] = c
      i = i + 1
    end
  end
  return (table.concat(out):gsub(",(%s*[}%]])", "%1"))
end

local function read_config(tree)
  for _, file in ipairs(CONFIG_FILES) do
    if tree:exists(file) then
      local config = tree:json(file)
      if type(config) ~= "table" then
        local text = tree:read(file)
        config = text and kiln.json_decode(strip_jsonc(text)) or nil
      end
      if type(config) ~= "table" then error(file .. " is not valid JSON(C); fix it or remove it", 0) end
      return config, file
    end
  end
  return nil, nil
end

local function procfile_web(tree)
  local text = tree:read("Procfile")
  return text and kiln.procfile_web(text) or nil
end

-- A task is a string, or (Deno 2.1+) a table with a "command". `deno task`
-- also runs package.json scripts; deno.json's tasks come first.
local function task_command(config, package, name)
  local task = type(config) == "table" and type(config.tasks) == "table" and config.tasks[name] or nil
  if type(task) == "table" then task = task.command end
  if type(task) ~= "string" and type(package) == "table" and type(package.scripts) == "table" then
    task = package.scripts[name]
  end
  return type(task) == "string" and task or nil
end

-- A dev server restarts on changes; it is not how an image should start.
local function is_watch_mode(command)
  return command:find("%-%-watch") ~= nil or command:find("%f[%w]dev%.ts") ~= nil
end

-- The script file a `deno run|serve ... file` command runs, if it names one.
local function file_of_command(command)
  local found
  for _, word in ipairs(words(command)) do
    local path = word:gsub("^%./", "")
    if word:sub(1, 1) ~= "-" and SCRIPT_EXTENSIONS[extension(path) or ""] and not path:find("^https?:") then
      found = found or path
    end
  end
  return found
end

-- Deno's own APIs, or the module specifiers only Deno resolves.
local function uses_deno(text)
  return text:find("Deno%.[%a]") ~= nil or text:find("[\"']jsr:") ~= nil or text:find("[\"']npm:") ~= nil
      or text:find("https://deno%.land/") ~= nil
end

local function package_scripts_run_deno(package)
  local scripts = type(package) == "table" and package.scripts
  if type(scripts) ~= "table" then return false end
  for _, command in pairs(scripts) do
    if type(command) == "string" and command:find("%f[%w]deno%s+[%a]") then return true end
  end
  return false
end

-- The port an entry file names: Deno.serve({ port: 3000 }), listen({ port: 8080 }), ?? "3000".
local function port_hint(text)
  if not text then return nil end
  local port = text:match("[Pp][Oo][Rr][Tt]\"?%)?%s*[%?|]+%s*[\"']?(%d%d%d%d?%d?)")
      or text:match("port%s*:%s*(%d%d%d%d?%d?)")
  port = tonumber(port)
  if port and port >= 1 and port <= 65535 then return port end
  return nil
end

local function find_framework(config, package, entry_text)
  local imports = type(config) == "table" and type(config.imports) == "table" and config.imports or {}
  local dependencies = type(package) == "table" and type(package.dependencies) == "table" and package.dependencies or {}
  local function imported(name, pattern)
    for key, value in pairs(imports) do
      if key == name or (type(value) == "string" and value:find(pattern)) then return true end
    end
    return dependencies[name] ~= nil or (entry_text ~= nil and entry_text:find(pattern) ~= nil)
  end
  if imported("$fresh/", "deno%.land/x/fresh@") or imported("fresh", "jsr:@fresh/core") then return "fresh" end
  if imported("@oak/oak", "jsr:@oak/oak") or imported("oak", "deno%.land/x/oak@") then return "oak" end
  if imported("hono", "hono@") or imported("@hono/hono", "jsr:@hono/hono") then return "hono" end
  if imported("express", "npm:express") then return "express" end
  return nil
end

---------------------------------------------------------------------------
-- Reading the project

local function inspect(tree)
  local config, config_file = read_config(tree)
  local package = tree:json("package.json")
  local scripts_run_deno = package_scripts_run_deno(package)

  local facts = {config_file = config_file, procfile_web = procfile_web(tree), locked = tree:exists("deno.lock")}
  for _, name in ipairs({"start", "preview", "build"}) do facts[name .. "_task"] = task_command(config, package, name) end

  -- The task that starts the app in production, if one does.
  if facts.start_task and not is_watch_mode(facts.start_task) then facts.start_with = "start"
  elseif facts.preview_task then facts.start_with = "preview" end

  -- The entry: the file that task runs, else the first conventional one.
  local task_entry = facts.start_with and file_of_command(facts[facts.start_with .. "_task"])
  if task_entry and tree:exists(task_entry) then facts.entry = task_entry end
  if not facts.entry then
    for _, file in ipairs(ENTRY_FILES) do
      if tree:exists(file) and not tree:is_dir(file) then facts.entry = file break end
    end
  end
  local entry_text = facts.entry and tree:read(facts.entry) or nil

  if config_file or scripts_run_deno then
    facts.strength = "manifest"
  elseif entry_text and uses_deno(entry_text) then
    facts.strength = "entry"
  else
    return nil
  end
  facts.scripts_run_deno = scripts_run_deno
  facts.framework = find_framework(config, package, entry_text)
  -- `deno serve` runs a module whose default export has a fetch handler (a Hono app is one).
  facts.serve_export = entry_text ~= nil and entry_text:find("export%s+default") ~= nil
      and (entry_text:find("fetch") ~= nil or facts.framework == "hono")
      and entry_text:find("Deno%.serve") == nil and entry_text:find("%.listen%s*%(") == nil
  facts.port = port_hint(entry_text) or DEFAULT_PORT

  facts.install_inputs = {}
  for _, file in ipairs({config_file or "deno.json", "deno.lock", "package.json", "package-lock.json"}) do
    if tree:exists(file) then add(facts.install_inputs, file) end
  end
  return facts
end

---------------------------------------------------------------------------
-- detect

local function detect(tree)
  local facts = inspect(tree)
  if not facts then return nil end
  local evidence = {}
  if facts.config_file then add(evidence, facts.config_file) end
  if facts.scripts_run_deno then add(evidence, "package.json") end
  if facts.locked then add(evidence, "deno.lock") end
  if facts.entry and facts.strength == "entry" then add(evidence, facts.entry) end
  if facts.procfile_web then add(evidence, "Procfile") end
  return {
    -- 88: above what kiln.node gives any package.json (85 at most), since a deno.json is Deno's own.
    score = facts.strength == "manifest" and 88 or 45,
    language = "deno",
    framework = facts.framework,
    package_manager = nil,
    evidence = evidence,
    facts = facts,
  }
end

---------------------------------------------------------------------------
-- generate

local function start_command(facts)
  if facts.procfile_web then return facts.procfile_web end
  if facts.start_with then return {"deno", "task", facts.start_with} end
  if facts.entry then
    if facts.serve_export then
      return "deno serve -A --port ${PORT:-" .. facts.port .. "} " .. facts.entry
    end
    return {"deno", "run", "-A", facts.entry}
  end
  return nil
end

local function generate(tree, detection, options)
  local facts = detection.facts
  if type(facts) ~= "table" or not facts.strength then facts = inspect(tree) end
  if not facts then error("kiln.deno found no deno.json, deno.jsonc or Deno entry file in " .. tree:name(), 0) end

  local frozen = facts.locked and " --frozen" or ""
  local phases = {}
  -- The dependencies deno.json and package.json declare, on those files alone: a cached layer.
  if #facts.install_inputs > 0 then
    phases[1] = {name = "install", inputs = facts.install_inputs, commands = {"deno install" .. frozen}}
  end
  local build = {}
  if facts.build_task then add(build, "deno task build") end
  -- Every module the entry imports, fetched (and type-stripped) now: the run image has no network to count on.
  if facts.entry then add(build, "deno install" .. frozen .. " --entrypoint " .. facts.entry) end
  if #build > 0 then phases[#phases + 1] = {name = "build", commands = build} end

  local start = start_command(facts)
  if not start then kiln.log("no start task, Procfile or entry file: set a start command in kiln.toml") end
  return {
    language = "deno",
    framework = facts.framework,
    build_image = RUNTIME,
    run_image = RUNTIME,
    env = {DENO_DIR = DENO_DIR},
    phases = phases,
    -- The app and its fetched modules only; what the build left in /root stays behind.
    artifacts = {{from = "/app", to = "/app"}},
    start = start,
    port = facts.port,
  }
end

return {
  id = "kiln.deno",
  version = "0.1.0",
  api = 1,
  detect = detect,
  generate = generate,
}
