-- kiln.shell: an app that is a shell script and little else (start.sh, main.sh, ...).
--
-- Where it stands among the fallbacks: kiln.generic (native) runs a Procfile's
-- web process (15) or any start script (10), whatever its language; this
-- buildpack knows shell scripts better, so it scores 20 for one: the shell its
-- "#!" line names is installed, so are the programs the script runs (busybox,
-- socat, python3, ...) and those an Aptfile lists, and the port comes from the
-- script. It leaves to kiln.generic an app with a Procfile web process (the
-- Procfile says how it starts) and a start file that is not a shell script (a
-- compiled program, a Python script). Any language manifest (60+) wins over both.
--
-- A script that never mentions a port or PORT is a worker: it starts with no port.

local RUNTIME = kiln.runtime("base")
local DEFAULT_PORT = 8080

-- Where the script is, most conventional first.
local SCRIPTS = {"start.sh", "main.sh", "run.sh", "app.sh", "server.sh", "bin/start"}

-- Shells: which Debian package provides each (nil: the base image has it).
local SHELLS = {sh = false, dash = false, bash = false, zsh = "zsh", ksh = "ksh", mksh = "mksh", fish = "fish",
                ash = "busybox", busybox = "busybox"}

-- Programs a script may run that the base image lacks, and their Debian packages.
local PROGRAMS = {
  busybox = "busybox", darkhttpd = "darkhttpd", lighttpd = "lighttpd", socat = "socat",
  nc = "netcat-openbsd", ncat = "ncat", jq = "jq", python3 = "python3", python = "python-is-python3",
  node = "nodejs", ruby = "ruby", php = "php-cli", perl = "perl", git = "git", wget = "wget",
  envsubst = "gettext-base", sqlite3 = "sqlite3", xxd = "xxd", bc = "bc", openssl = "openssl",
  ["redis-cli"] = "redis-tools", psql = "postgresql-client", websocketd = "websocketd", htmlq = "htmlq",
}

-- Words that come before the program a line runs.
local PREFIXES = {exec = true, ["then"] = true, ["do"] = true, ["else"] = true, nohup = true, command = true,
                  env = true, time = true, ["!"] = true, ["{"] = true, ["("] = true}

---------------------------------------------------------------------------
-- Small helpers

local function add(list, value)
  for _, existing in ipairs(list) do
    if existing == value then return end
  end
  list[#list + 1] = value
end

local function lines(text)
  return text:gmatch("[^\r\n]+")
end

-- The interpreter of a "#!" line: "/bin/bash" -> bash, "/usr/bin/env -S bash -e" -> bash.
local function interpreter(shebang)
  local words = {}
  for word in shebang:gmatch("%S+") do words[#words + 1] = word end
  local index = 1
  if words[1] and words[1]:match("/env$") then
    index = 2
    while words[index] and words[index]:sub(1, 1) == "-" do index = index + 1 end
  end
  local program = words[index]
  return program and program:match("([^/]+)$") or nil
end

-- The programs each command of the script runs: the first word of a line or
-- of a pipeline part, after assignments and prefixes such as exec.
local function programs_run(text)
  local found = {}
  for line in lines(text) do
    local code = line:gsub("^%s*#.*$", "")
    for part in (code .. "|"):gmatch("([^|;&]*)[|;&]") do
      for word in part:gmatch("%S+") do
        if not (PREFIXES[word] or word:match("^[%a_][%w_]*=")) then
          local program = word:match("([^/]+)$")
          if program and PROGRAMS[program] then add(found, PROGRAMS[program]) end
          break
        end
      end
    end
  end
  return found
end

-- Lines of an Aptfile: Debian package names, comments after '#'.
local function aptfile_packages(tree)
  local packages = {}
  local text = tree:read("Aptfile")
  if not text then return packages end
  for line in lines(text) do
    local name = line:gsub("#.*$", ""):match("^%s*([a-z0-9][a-z0-9+.%-]+)%s*$")
    if name then add(packages, name) end
  end
  return packages
end

-- The port the script uses: ${PORT:-8000} or ${PORT:=8000}, PORT=8000, --port 8000, -p 8000; a
-- script that reads $PORT without a default gets the conventional one.
local function port_of(text)
  local port = text:match("%${PORT:[%-=](%d+)}") or text:match("%f[%w_]PORT=[\"']?(%d+)")
      or text:match("%-%-port[=%s]+(%d+)") or text:match("%s%-p%s+(%d+)")
  port = tonumber(port)
  if port and port >= 1 and port <= 65535 then return port end
  if text:find("%$%{?PORT") then return DEFAULT_PORT end
  return nil
end

---------------------------------------------------------------------------
-- Reading the project

local function inspect(tree)
  local procfile = tree:read("Procfile")
  if procfile and kiln.procfile_web(procfile) then return nil end  -- kiln.generic's: the Procfile says how
  local script
  for _, path in ipairs(SCRIPTS) do
    if tree:exists(path) and not tree:is_dir(path) then script = path break end
  end
  if not script then return nil end
  local text = tree:read(script)
  if not text or text:sub(1, 4) == "\127ELF" then return nil end  -- a program, not a script

  local facts = {script = script}
  local first = text:match("^#!([^\r\n]*)")
  if first then
    local shell = interpreter(first)
    if shell == nil or SHELLS[shell] == nil then return nil end  -- a Python or Node script: not a shell app
    facts.shell = shell
    facts.shebang = true
  elseif not script:match("%.sh$") then
    return nil  -- bin/start without a "#!" could be anything
  else
    facts.shell = "sh"
  end

  facts.packages = {}
  if SHELLS[facts.shell] then add(facts.packages, SHELLS[facts.shell]) end
  for _, package in ipairs(programs_run(text)) do add(facts.packages, package) end
  for _, package in ipairs(aptfile_packages(tree)) do add(facts.packages, package) end
  table.sort(facts.packages)
  facts.aptfile = tree:exists("Aptfile")
  facts.port = port_of(text)
  return facts
end

---------------------------------------------------------------------------
-- detect

local function detect(tree)
  local facts = inspect(tree)
  if not facts then return nil end
  local evidence = {facts.script}
  if facts.aptfile then add(evidence, "Aptfile") end
  return {
    score = 20,
    language = "shell",
    framework = nil,
    package_manager = nil,
    evidence = evidence,
    facts = facts,
  }
end

---------------------------------------------------------------------------
-- generate

local function generate(tree, detection, options)
  local facts = detection.facts
  if type(facts) ~= "table" or not facts.script then facts = inspect(tree) end
  if not facts then error("kiln.shell found no shell start script (" .. table.concat(SCRIPTS, ", ") .. ")", 0) end

  local start, phases
  if facts.shebang then
    -- A checkout does not always keep the executable bit (zip uploads, some git settings).
    phases = {{name = "build", commands = {"chmod +x ./" .. facts.script}}}
    start = {"./" .. facts.script}
  else
    phases = {}
    start = {"/bin/" .. facts.shell, "./" .. facts.script}
  end
  return {
    language = "shell",
    build_image = RUNTIME,
    run_image = RUNTIME,
    -- One stage: the build stage is the run image; packages before the source keep their layer.
    build_packages = facts.packages,
    phases = phases,
    start = start,
    port = facts.port,
  }
end

return {
  id = "kiln.shell",
  version = "0.1.0",
  api = 1,
  detect = detect,
  generate = generate,
}
