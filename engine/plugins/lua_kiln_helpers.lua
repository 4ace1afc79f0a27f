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

-- kiln.buildpack(spec): the table a script returns, from
--   spec.id, spec.version        as in buildpack.toml
--   spec.inspect(tree)           -> facts about the app, or nil when it is not this buildpack's
--   spec.detection(facts, tree)  -> score, language, framework, package_manager, evidence
--   spec.plan(facts, tree, options) -> the build plan
--   spec.missing                 what generate says when the app is not there ("no mix.exs")
-- detect keeps the facts in the detection, and generate plans from them; a
-- detection that did not come from this detect (kiln.toml naming the
-- buildpack, a saved report) has the tree inspected again.
function kiln.buildpack(spec)
  local function detect(tree)
    local facts = spec.inspect(tree)
    if facts == nil then return nil end
    facts.inspected_by = spec.id
    local detection = spec.detection(facts, tree)
    detection.facts = facts
    return detection
  end
  local function generate(tree, detection, options)
    local facts = type(detection) == "table" and detection.facts or nil
    if type(facts) ~= "table" or facts.inspected_by ~= spec.id then facts = spec.inspect(tree) end
    if facts == nil then error(spec.id .. " found " .. spec.missing .. " in " .. tree:name(), 0) end
    return spec.plan(facts, tree, options)
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
