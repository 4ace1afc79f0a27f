-- The part of the `kiln` module written in Lua: what every buildpack script
-- would otherwise write again. Run once per sandboxed state, after the C
-- functions are in place, with the module table as its argument.
local kiln = ...

-- kiln.add(list, value): appends value unless the list holds it already; returns the list.
function kiln.add(list, value)
  for _, existing in ipairs(list) do
    if existing == value then return list end
  end
  list[#list + 1] = value
  return list
end

-- kiln.runtime(name[, pin]): what a plan's build_image or run_image asks for: a
-- runtime of kiln's stack catalogue (stacks/catalogue.toml), which the core
-- resolves to an image. pin, when the app names versions:
--   version  the range (">= 1.14", "~> 3.1.0", "^8.2"); nil or "": the default
--   file     where it was written; text, find: the file's text and a plain
--            string on the line that says it (a leading "\n": at a line's start)
--   field    what in the file ("elixir", "require.php"), shown in errors
function kiln.runtime(name, pin)
  if pin == nil or pin.version == nil or pin.version == "" then return {runtime = name} end
  local line = 0
  local at = pin.text and pin.find and pin.text:find(pin.find, 1, true)
  if at then
    line = 1
    for _ in pin.text:sub(1, at):gmatch("\n") do line = line + 1 end
  end
  return {runtime = name, version = pin.version, pinned_by = {file = pin.file, line = line, field = pin.field or ""}}
end

-- kiln.procfile_start(tree): the web command of the app's Procfile (else its only one), or nil.
function kiln.procfile_start(tree)
  local text = tree:read("Procfile")
  return text and kiln.procfile_web(text) or nil
end

-- kiln.manifest(tree, path): the parsed manifest (TOML, YAML or JSON, by its
-- name's ending), nil when the file is absent; an error when it cannot be read.
function kiln.manifest(tree, path)
  local parse = path:match("%.toml$") and tree.toml or path:match("%.ya?ml$") and tree.yaml or tree.json
  local document, why = parse(tree, path)
  if document == nil and why then error(why, 0) end
  return document
end

-- kiln.first_key(names, map): the first of names that map has as a key (a
-- framework among an app's dependencies), or nil.
function kiln.first_key(names, map)
  if type(map) ~= "table" then return nil end
  for _, name in ipairs(names) do
    if map[name] ~= nil then return name end
  end
  return nil
end

-- kiln.port_hint(text, pattern...): the port an app's source names as its
-- default: the capture of the first pattern that matches, else a 4- or
-- 5-digit number after "PORT" ("PORT" .. ":-8080", getenv("PORT") orelse 3000).
function kiln.port_hint(text, ...)
  if type(text) ~= "string" then return nil end
  for _, pattern in ipairs({...}) do
    local port = tonumber(text:match(pattern))
    if port and port >= 1 and port <= 65535 then return port end
  end
  local port = tonumber(text:match('"PORT".-(%d%d%d%d%d?)'))
  return port and port <= 65535 and port or nil
end

-- kiln.port_in(tree, glob, pattern...): kiln.port_hint of the first file the
-- glob finds that names one.
function kiln.port_in(tree, glob, ...)
  for _, file in ipairs(tree:glob(glob)) do
    local port = kiln.port_hint(tree:read(file), ...)
    if port then return port end
  end
  return nil
end

-- kiln.program(plan, built, name[, procfile_web]): plan, running one compiled
-- program: built (its path in the build stage) becomes /app/<name>, the
-- start command unless the app's Procfile names one.
function kiln.program(plan, built, name, procfile_web)
  local installed = "/app/" .. name
  plan.artifacts = {{from = built, to = installed}}
  plan.start = procfile_web or {installed}
  return plan
end

-- kiln.buildpack(spec): the table a script returns, from
--   spec.id, spec.version        as in buildpack.toml
--   spec.inspect(tree)           -> facts about the app, or nil when it is not this buildpack's
--   spec.plan(facts, tree, options) -> the build plan
--   spec.missing                 what generate says when the app is not there ("no mix.exs")
--   spec.language, spec.package_manager  what the app is, said once for the
--                                detection and the plan: a string, or a
--                                function(facts) where inspect decides it
--   spec.evidence                the files that show it ({"shard.yml", "shard.lock"}):
--                                those present, then facts.evidence, are the detection's
--   spec.score                   the detection's score (80: a language's own manifest)
--   spec.detection(facts, tree)  -> the detection, where score or evidence need more than that
-- The detection and the plan get the language, package manager and
-- facts.framework unless they set their own. detect keeps the facts in the
-- detection, and generate plans from them; a detection that did not come from
-- this detect (kiln.toml naming the buildpack, a saved report) has the tree
-- inspected again.
function kiln.buildpack(spec)
  local function said(value, facts)
    if type(value) == "function" then return value(facts) end
    return value
  end
  local function describe(facts, into)
    if into.language == nil then into.language = said(spec.language, facts) end
    if into.framework == nil then into.framework = facts.framework end
    if into.package_manager == nil then into.package_manager = said(spec.package_manager, facts) end
    return into
  end
  local function default_detection(facts, tree)
    local evidence = {}
    for _, file in ipairs(spec.evidence or {}) do
      if tree:exists(file) then kiln.add(evidence, file) end
    end
    for _, found in ipairs(facts.evidence or {}) do kiln.add(evidence, found) end
    return {score = spec.score or 80, evidence = evidence}
  end
  local function detect(tree)
    local facts = spec.inspect(tree)
    if facts == nil then return nil end
    facts.inspected_by = spec.id
    local detection = describe(facts, (spec.detection or default_detection)(facts, tree))
    detection.facts = facts
    return detection
  end
  local function generate(tree, detection, options)
    local facts = type(detection) == "table" and detection.facts or nil
    if type(facts) ~= "table" or facts.inspected_by ~= spec.id then facts = spec.inspect(tree) end
    if facts == nil then error(spec.id .. " found " .. spec.missing .. " in " .. tree:name(), 0) end
    return describe(facts, spec.plan(facts, tree, options))
  end
  return {id = spec.id, version = spec.version, api = spec.api or 1, detect = detect, generate = generate}
end

-- kiln.node_assets(tree): the JavaScript asset build of an app in another
-- language (Laravel or Symfony with Vite, Rails with jsbundling or
-- vite_ruby), or nil when its package.json has no build script. Returns
-- {packages = Debian packages for the build stage, inputs = the files the
-- install reads, install = commands, build = the build script's command}.
-- The package manager is the one the lockfile names; yarn and pnpm come
-- from npm, in the build stage only.
function kiln.node_assets(tree)
  local manifest = tree:json("package.json")
  if type(manifest) ~= "table" or type(manifest.scripts) ~= "table" or type(manifest.scripts.build) ~= "string" then
    return nil
  end
  local assets = {packages = {"nodejs", "npm"}, inputs = {"package.json"}}
  local function lockfile(name)
    if not tree:exists(name) then return false end
    assets.inputs[#assets.inputs + 1] = name
    return true
  end
  if lockfile("package-lock.json") then
    assets.install, assets.build = {"npm ci"}, "npm run build"
  elseif lockfile("yarn.lock") then
    assets.install, assets.build = {"npm install -g yarn@1", "yarn install --frozen-lockfile"}, "yarn build"
  elseif lockfile("pnpm-lock.yaml") then
    assets.install, assets.build = {"npm install -g pnpm", "pnpm install --frozen-lockfile"}, "pnpm run build"
  else
    assets.install, assets.build = {"npm install"}, "npm run build"
  end
  return assets
end
