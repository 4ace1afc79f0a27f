-- kiln.clojure: Clojure apps built with Leiningen (project.clj) or the
-- Clojure CLI (deps.edn).
--
-- Leiningen: dependencies are fetched for the uberjar profile alone (the
-- default profiles add nREPL, a development tool), then `lein uberjar` writes target/uberjar/<name>-<version>-standalone.jar
-- (or :uberjar-name); it runs as `java -jar` on the java-runtime stack.
-- deps.edn: with a build.clj (tools.build), `clojure -T:build uber` makes the
-- uberjar, found under target/; without one the app runs from source with
-- the alias whose :main-opts start it (`clojure -M:run`), or `-m <ns>` for a
-- :main the deps.edn names, on the clojure stack, its dependencies fetched
-- at build time (`clojure -P`) into /app/.m2. These need the official
-- Clojure CLI (tools.deps); Debian's clojure package is clojure.main alone,
-- so kiln's clojure stack builds Leiningen projects only.
--
-- Dependencies come from Maven Central and Clojars. Ring, http-kit, Pedestal
-- and most web libraries are on Clojars: where it cannot be reached (here),
-- only apps that need Maven Central alone build. PORT is the variable Ring
-- adapters and most templates read; 3000 unless the source names another.

local BUILD_RUNTIME, RUN_RUNTIME = kiln.runtime("clojure"), kiln.runtime("java-runtime")
local DEFAULT_PORT = 3000
local JAR = "/app/app.jar"
local LOCAL_REPO = "/app/.m2/repository"

-- Most specific first: a reitit or Compojure app also depends on Ring.
local FRAMEWORKS = {
  {"kit-clj", "kit"}, {"luminus", "luminus"}, {"io.pedestal/pedestal.service", "pedestal"},
  {"metosin/reitit", "reitit"}, {"compojure", "compojure"}, {"http-kit", "http-kit"},
  {"ring/ring-jetty-adapter", "ring"}, {"ring/ring-core", "ring"},
}

---------------------------------------------------------------------------
-- Small helpers

local function without_comments(text)
  return (text:gsub(";[^\n]*", ""))
end

local function valid_name(name)
  return type(name) == "string" and name:match("^[%w][%w._+-]*$") ~= nil and #name <= 128
end

local function find_framework(text)
  for _, pair in ipairs(FRAMEWORKS) do
    if text:find(pair[1], 1, true) then return pair[2] end
  end
  return nil
end

local function port_hint(tree)
  for _, file in ipairs(tree:glob("src/**/*.clj")) do
    local text = tree:read(file) or ""
    local port = text:match('getenv%s+"PORT"%)%s*"?(%d%d%d%d%d?)') or text:match('env%s+:port%)%s*"?(%d%d%d%d%d?)')
    if port then return tonumber(port) end
  end
  return nil
end

---------------------------------------------------------------------------
-- Reading the project

local function lein_facts(tree)
  local text = without_comments(tree:read("project.clj") or "")
  local name, version = text:match('%(defproject%s+([%w._/+-]+)%s+"([^"]+)"')
  if not name then return nil end
  local facts = {tool = "lein", manifest = "project.clj", name = name:match("([^/]+)$"), version = version}
  facts.main = text:match(":main%s+%^?:?[%w-]*%s*([%w._-]+)") or text:match(":main%s+([%w._-]+)")
  facts.uberjar_name = text:match(':uberjar%-name%s+"([^"]+)"')
  facts.target_path = text:match(':target%-path%s+"([^"]+)"')
  facts.framework = find_framework(text)
  return facts
end

local function deps_facts(tree)
  local text = without_comments(tree:read("deps.edn") or "")
  local facts = {tool = "clojure", manifest = "deps.edn", framework = find_framework(text)}
  facts.build_clj = tree:exists("build.clj")
  -- The alias whose :main-opts start the app: :run first, then any.
  for alias, body in text:gmatch(":([%w._-]+)%s*(%b{})") do
    if body:find(":main%-opts") and (alias == "run" or not facts.run_alias) then facts.run_alias = alias end
  end
  return facts
end

local function inspect(tree)
  local facts
  if tree:exists("project.clj") then facts = lein_facts(tree)
  elseif tree:exists("deps.edn") then facts = deps_facts(tree) end
  if not facts then return nil end
  if facts.tool == "clojure" and not facts.build_clj and not facts.run_alias then return nil end  -- a library
  if facts.tool == "lein" and not facts.main then return nil end
  facts.procfile_web = kiln.procfile_start(tree)
  facts.port = port_hint(tree) or DEFAULT_PORT
  return facts
end

---------------------------------------------------------------------------
-- detect

local function detection(facts, tree)
  local evidence = {facts.manifest}
  if facts.build_clj then evidence[#evidence + 1] = "build.clj" end
  return {score = 80, evidence = evidence}
end

---------------------------------------------------------------------------
-- generate

local function lein_plan(facts)
  local jar
  if facts.uberjar_name then
    if not valid_name(facts.uberjar_name) then error("project.clj's :uberjar-name is not usable", 0) end
    jar = "target/uberjar/" .. facts.uberjar_name
  else
    if not valid_name(facts.name) or not valid_name(facts.version) then error("project.clj's name or version is not usable", 0) end
    jar = "target/uberjar/" .. facts.name .. "-" .. facts.version .. "-standalone.jar"
  end
  if facts.target_path and facts.target_path ~= "target/%s" and facts.target_path ~= "target/%s/" then
    kiln.log("project.clj sets :target-path " .. facts.target_path .. "; the uberjar is looked for under target/uberjar/")
  end
  return {
    phases = {
      {name = "install", inputs = {"project.clj"}, commands = {"lein with-profile uberjar deps"}},
      {name = "build", commands = {"lein uberjar", "cp " .. jar .. " " .. JAR}},
    },
    run_image = RUN_RUNTIME,
    artifacts = {{from = JAR, to = JAR}},
    start = {"java", "-jar", JAR},
  }
end

local function deps_plan(facts)
  local local_repo = "-Sdeps '{:mvn/local-repo \"" .. LOCAL_REPO .. "\"}'"
  if facts.build_clj then
    return {
      phases = {
        {name = "install", inputs = {"deps.edn"}, commands = {"clojure " .. local_repo .. " -P"}},
        -- tools.build names the uberjar in build.clj; it is the one standalone jar under target/.
        {name = "build", commands = {"clojure " .. local_repo .. " -T:build uber",
                                      "cp \"$(ls -1 target/*.jar | head -n 1)\" " .. JAR}},
      },
      run_image = RUN_RUNTIME,
      artifacts = {{from = JAR, to = JAR}},
      start = {"java", "-jar", JAR},
    }
  end
  if not valid_name(facts.run_alias) then error("deps.edn's alias is not usable", 0) end
  return {
    phases = {{name = "install", inputs = {"deps.edn"}, commands = {"clojure " .. local_repo .. " -P -M:" .. facts.run_alias}}},
    run_image = BUILD_RUNTIME,
    start = "clojure " .. local_repo .. " -M:" .. facts.run_alias,
  }
end

local function plan(facts, tree, options)
  local plan = facts.tool == "lein" and lein_plan(facts) or deps_plan(facts)
  plan.build_image = BUILD_RUNTIME
  plan.env = {LEIN_ROOT = "1"}
  plan.port = facts.port
  if facts.procfile_web then plan.start = facts.procfile_web end
  return plan
end

return kiln.buildpack{
  id = "kiln.clojure",
  version = "0.1.0",
  language = "clojure",
  package_manager = function(facts) return facts.tool == "lein" and "leiningen" or "clojure" end,
  inspect = inspect,
  detection = detection,
  plan = plan,
  missing = "no project.clj or deps.edn that starts an app",
}
