-- kiln.scala: Scala apps built with sbt (build.sbt).
--
-- What the build makes, by the plugins project/plugins.sbt adds:
-- * sbt-native-packager (Play among its users): `sbt stage` writes
--   target/universal/stage, a bin/ start script and lib/; it is the app.
-- * sbt-assembly: `sbt assembly` writes one jar, run with `java -jar`.
-- * neither: the runtime classpath's jars (`export Runtime/fullClasspathAsJars`)
--   are copied to lib/ with the main class sbt discovers, run with `java -cp`.
-- All run on the java-runtime stack. The sbt version is the one
-- project/build.properties names; the scala stack's launcher fetches it.
--
-- Port: Play listens on 9000 (-Dhttp.port); http4s, Akka/Pekko HTTP and
-- plain apps conventionally on 8080 and read PORT.

local BUILD_RUNTIME, RUN_RUNTIME = kiln.runtime("scala"), kiln.runtime("java-runtime")
local DEFAULT_PORT, PLAY_PORT = 8080, 9000
local STAGE = "/app/target/universal/stage"
local JAR = "/app/app.jar"
local LIB = "/app/lib"

local FRAMEWORKS = {
  {'"org.playframework"%s*%%%s*"sbt%-plugin"', "play"}, {'"com.typesafe.play"%s*%%%s*"sbt%-plugin"', "play"},
  {'"org.http4s"', "http4s"}, {'"org.apache.pekko"%s*%%%%%s*"pekko%-http"', "pekko-http"},
  {'"com.typesafe.akka"%s*%%%%%s*"akka%-http"', "akka-http"}, {'"com.softwaremill.sttp.tapir"', "tapir"},
  {'"dev.zio"%s*%%%%%s*"zio%-http"', "zio-http"}, {'"com.lihaoyi"%s*%%%%%s*"cask"', "cask"},
}

local function valid_name(name)
  return type(name) == "string" and name:match("^[%w][%w._-]*$") ~= nil and #name <= 128
end

-- sbt-native-packager's script name: the project name, lower case, spaces as dashes.
local function script_name(name)
  return (name:lower():gsub("%s+", "-"))
end

local function inspect(tree)
  local build = tree:read("build.sbt")
  if not build then return nil end
  build = build:gsub("//[^\n]*", "")
  local plugins = (tree:read("project/plugins.sbt") or ""):gsub("//[^\n]*", "")
  local facts = {}
  facts.name = build:match('name%s*:=%s*"+([^"]+)"')  -- "name" or """name""" (the Play seed's)
  facts.packager = plugins:find('"sbt%-native%-packager"') ~= nil or plugins:find('"sbt%-plugin"') ~= nil
  facts.assembly = plugins:find('"sbt%-assembly"') ~= nil
  for _, pair in ipairs(FRAMEWORKS) do
    if build:find(pair[1]) or plugins:find(pair[1]) then facts.framework = pair[2] break end
  end
  if facts.packager and not (facts.name and valid_name(script_name(facts.name))) then
    facts.packager = false  -- the start script's name cannot be known
  end
  local properties = tree:read("project/build.properties") or ""
  facts.sbt_version = properties:match("sbt%.version%s*=%s*([%w.%-]+)")
  if not facts.framework or facts.framework ~= "play" then
    facts.port = kiln.port_in(tree, "src/main/scala/**/*.scala")
  end
  facts.procfile_web = kiln.procfile_start(tree)
  return facts
end

local function packaging(facts)
  if facts.packager then
    local script = "/app/bin/" .. script_name(facts.name)
    local start = {script}
    if facts.framework == "play" then
      kiln.log("Play needs its secret in production: set APPLICATION_SECRET (play.http.secret.key) when you run the image")
      start = script .. " -Dhttp.port=${PORT:-" .. PLAY_PORT .. "} -Dpidfile.path=/dev/null"
    end
    return {"sbt stage"}, {{from = STAGE, to = "/app"}}, start
  end
  if facts.assembly then
    return {"sbt assembly", "cp \"$(sbt --error 'print assembly/assemblyOutputPath' | tail -n 1)\" " .. JAR},
        {{from = JAR, to = JAR}}, {"java", "-jar", JAR}
  end
  -- The compiled classes and every dependency as jars, and the one main class sbt finds.
  return {
    "sbt compile",
    "mkdir -p " .. LIB .. " && sbt --error 'export Runtime/fullClasspathAsJars' | tail -n 1 | tr ':' '\\n' | xargs -I{} cp {} " .. LIB .. "/",
    "sbt --error 'print Compile/mainClass' | tail -n 1 | sed -e 's/^Some(\\(.*\\))$/\\1/' > " .. LIB .. "/MAIN-CLASS && grep -qv '^None$' " .. LIB .. "/MAIN-CLASS",
  }, {{from = LIB, to = LIB}}, "exec java -cp '" .. LIB .. "/*' \"$(cat " .. LIB .. "/MAIN-CLASS)\""
end

local function plan(facts, tree, options)
  local commands, artifacts, start = packaging(facts)
  return {
    build_image = BUILD_RUNTIME,
    run_image = RUN_RUNTIME,
    phases = {
      -- sbt itself and the dependencies, on the build definition alone: a layer a source change keeps.
      {name = "install", inputs = {"build.sbt", "project/build.properties", "project/plugins.sbt"},
       commands = {"sbt update"}},
      {name = "build", commands = commands},
    },
    artifacts = artifacts,
    start = facts.procfile_web or start,
    port = facts.port or (facts.framework == "play" and PLAY_PORT or DEFAULT_PORT),
  }
end

return kiln.buildpack{
  id = "kiln.scala",
  version = "0.1.0",
  language = "scala",
  package_manager = "sbt",
  evidence = {"build.sbt", "project/plugins.sbt"},
  inspect = inspect,
  plan = plan,
  missing = "no build.sbt",
}
