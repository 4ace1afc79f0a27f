-- A kiln buildpack in Lua: copy this folder (buildpack.toml and buildpack.lua)
-- into a buildpack directory (for example <kiln>/buildpacks/deno/) and kiln
-- loads it at start. buildpack.toml says who it is (priority, description,
-- what it looks for) and is read before this script runs.
--
-- The file returns one table (at the bottom). kiln calls detect(tree) on every
-- app, picks the buildpack with the highest score, then calls
-- generate(tree, detection, options) on the winner for a build plan.
--
-- The sandbox
--   Libraries: base, string, table, math and utf8. There is no io, os,
--   package/require, debug or coroutine; load() takes text only; print() and
--   kiln.log() write to kiln's log, never to stdout.
--   Every call has an instruction budget (50 million by default) and the
--   script a memory limit (64 MB by default); going over either fails the call
--   with a message naming this file and line. So does error("...").
--
-- tree: the app's folder, read-only. Paths are relative to it, '/'-separated;
-- "..", absolute paths and links out of the folder read as absent.
--   tree:exists(path)   tree:is_dir(path)   -> boolean
--   tree:read(path)     -> the file's text, or nil (absent, a folder, over 1 MiB)
--   tree:json(path)     -> the parsed JSON as tables, or nil (absent or not JSON)
--   tree:toml(path)     -> a TOML file as tables (toml++), nil when absent, nil and why when not TOML
--   tree:yaml(path)     -> a YAML file as tables (yaml-cpp; true/false, null/~ and numbers typed,
--                          quoted scalars strings), nil when absent, nil and why when not YAML
--   tree:list(dir)      -> sorted entry names; folders end in "/"  (dir defaults to the root)
--   tree:glob(pattern)  -> sorted matching paths; "*", "?", "**" (node_modules, .git... are skipped)
--   tree:name()         -> the folder's name
-- The tree is only valid during the call that received it.
--
-- kiln: the host's helpers
--   kiln.log(...)                      a line in kiln's log, prefixed with your id
--   kiln.json_decode(text)             -> table, or nil and a message; JSON null inside
--                                         arrays is kiln.null, inside objects the key is absent
--   kiln.procfile_web(text)            -> the Procfile's web command, else its only one, else nil
--   kiln.semver.parse("1.2.3-rc.1")    -> {major=1, minor=2, patch=3, prerelease="rc.1"} or nil
--   kiln.semver.compare(a, b)          -> -1, 0 or 1 (nil and a message if either is not a version)
--   kiln.semver.satisfies(v, range)    -> boolean; ranges like ">=1.2 <2", "^2.0.0", "~1.4",
--                                         "~> 3.1", "1.x", "1.2.3", "^1 || ^2"
--   kiln.api                           the API version this kiln speaks
--   kiln.add(list, value)              appends value unless the list has it; returns the list
--   kiln.procfile_start(tree)          the app's Procfile web command, or nil
--   kiln.manifest(tree, path)          a .toml, .yml/.yaml or .json file parsed; nil when absent,
--                                      an error naming the file when it cannot be parsed
--   kiln.first_key(names, map)         the first of names that is a key of map (a framework
--                                      among the dependencies), or nil
--   kiln.port_hint(text, pattern...)   the port a source names: the first pattern's capture,
--                                      else a 4-5 digit number after "PORT"; or nil
--   kiln.port_in(tree, glob, pattern...) kiln.port_hint of the first file the glob finds that has one
--   kiln.program(plan, built, name, procfile_web)  plan, running one compiled program: built
--                                      becomes /app/<name>, the start unless the Procfile says one
--   kiln.buildpack{id, version, language, package_manager, evidence, score,
--                  inspect, detection, plan, missing}
--                                      the table to return, built from inspect(tree) -> facts
--                                      or nil and plan(facts, tree, options): detect keeps the
--                                      facts for generate, which inspects again for a detection
--                                      from elsewhere. language and package_manager (a string,
--                                      or a function of the facts) and facts.framework go into
--                                      the detection and the plan; the detection is
--                                      {score (80), evidence: the files of `evidence` present,
--                                      then facts.evidence} unless detection(facts, tree) is given
--
-- Tables and JSON: a table with keys 1..n is a list, one with string keys a
-- map; an empty table is an empty list (accepted where a map is expected).
-- Values must be strings, numbers, booleans or such tables: no functions, no
-- cycles, nothing nested deeper than 32 levels, no string over 64 KiB.

-- detect(tree) -> nil when this is not your kind of app, else a table
-- (share/kiln/schema/detection.schema.json defines it):
--   score            0..100: 90+ the repo says how to build itself, 60-85 a
--                    language manifest, 30-50 weak signals, under 20 fallbacks
--   language         "deno", "ruby", ...
--   framework        optional
--   package_manager  optional
--   evidence         the files that decided it, shown to users ("why this buildpack?")
--   facts            anything you want back in generate (as detection.facts)
local function detect(tree)
  local config = tree:json("deno.json") or tree:json("deno.jsonc")
  if not config and not tree:exists("main.ts") then return nil end
  return {
    score = config and 80 or 35,
    language = "deno",
    framework = nil,
    package_manager = nil,
    evidence = {config and "deno.json" or "main.ts"},
    facts = {entry = (config and config.main) or "main.ts"},
  }
end

-- generate(tree, detection, options) -> the build plan. Its one full definition,
-- with every rule kiln checks, is share/kiln/schema/plan.schema.json (JSON Schema).
--   detection  the table detect returned, facts included
--   options    {dockerfile=, target=, service=, build_args={...}, extra={...}};
--              extra is the [buildpack] table of the app's kiln.toml
-- Plan fields (all optional; language, framework and package_manager default to
-- the detection's, buildpack is always your id):
--   build_image, run_image   a runtime of kiln's stack catalogue: kiln.runtime("base"), or with the
--                            versions the app accepts, kiln.runtime("node", {version = ">=20",
--                            file = "package.json", text = ..., find = '"node"'}); or an image reference
--   build_packages           Debian packages for the build stage
--   run_packages             Debian packages for the run image
--   env                      environment for build and run; build_env: build only
--   phases                   {{name=, inputs={files}, commands={shell lines}, cache_paths={dirs}}, ...}
--                            a phase with inputs runs on just those files (a cached layer);
--                            one without runs after the whole source is copied
--   artifacts                {{from=, to=}}: when given, only these reach a separate run image
--   start                    "shell line" (may use ${PORT}), or {"argv", "list"}
--   port                     1..65535
--   workdir                  default /app
-- kiln applies the user's overrides (kiln.toml, command line) afterwards.
local function generate(tree, detection, options)
  local entry = detection.facts.entry
  kiln.log("starting from", entry)
  return {
    build_image = kiln.runtime("base"),
    run_image = kiln.runtime("base"),
    build_packages = {"ca-certificates", "curl", "unzip"},
    phases = {
      {name = "install", commands = {"curl -fsSL https://deno.land/install.sh | DENO_INSTALL=/usr/local sh"}},
      {name = "build", commands = {"deno cache " .. entry}},
    },
    start = {"deno", "run", "--allow-net", "--allow-env", entry},
    port = 8000,
  }
end

return {
  id = "com.example.deno",  -- must equal buildpack.toml's id
  version = "0.1.0",        -- must equal buildpack.toml's version
  api = 1,                  -- the Lua API you were written for; must match kiln.api
  detect = detect,
  generate = generate,
}
