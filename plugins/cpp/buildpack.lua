-- kiln.cpp: C and C++ programs, built with CMake, Meson or a Makefile.
--
-- The build runs on the cpp stack (gcc, g++, CMake, Meson, Ninja, make); the
-- program it makes is copied alone onto the base stack, which has the C and
-- C++ runtime libraries. Libraries the build finds with find_package or
-- dependency() (OpenSSL, zlib, curl, SQLite, ...) bring their Debian -dev
-- package to the build and their runtime package to the run image.
--
-- Which program runs: the first add_executable (CMake) or executable()
-- (Meson) the build files declare, or the program a Makefile's TARGET (BIN,
-- PROG, ...) variable or first goal names. A Procfile's web process wins.
--
-- Where it stands: build files are common in repositories of other languages
-- (a Makefile beside go.mod or package.json, a CMakeLists.txt that builds a
-- Python extension), so this buildpack passes only when they build a program,
-- and scores below every language manifest: CMake or Meson 55, a Makefile
-- with C or C++ sources 30.

local BUILD_RUNTIME, RUN_RUNTIME = kiln.runtime("cpp"), kiln.runtime("cc-runtime")
local DEFAULT_PORT = 8080
-- Where a CMake build puts every executable, whatever folder declares it.
local CMAKE_OUT = "/app/build/kiln-bin"

-- What a dependency the build looks for needs: -dev to build, the library to run.
local LIBRARIES = {
  openssl = {build = "libssl-dev", run = "libssl3"},
  zlib = {build = "zlib1g-dev", run = "zlib1g"},
  curl = {build = "libcurl4-openssl-dev", run = "libcurl4"},
  sqlite3 = {build = "libsqlite3-dev", run = "libsqlite3-0"},
  boost = {build = "libboost-all-dev", run = nil},
  fmt = {build = "libfmt-dev", run = "libfmt9"},
  libpq = {build = "libpq-dev", run = "libpq5"},
  postgresql = {build = "libpq-dev", run = "libpq5"},
  uuid = {build = "uuid-dev", run = "libuuid1"},
  yaml = {build = "libyaml-dev", run = "libyaml-0-2"},
  ["nlohmann_json"] = {build = "nlohmann-json3-dev", run = nil},
  ["httplib"] = {build = "libcpp-httplib-dev", run = "libcpp-httplib0.11"},
  ["cpp-httplib"] = {build = "libcpp-httplib-dev", run = "libcpp-httplib0.11"},
  microhttpd = {build = "libmicrohttpd-dev", run = "libmicrohttpd12"},
  libmicrohttpd = {build = "libmicrohttpd-dev", run = "libmicrohttpd12"},
}

local MAKEFILES = {"GNUmakefile", "makefile", "Makefile"}
-- Variables Makefiles commonly name their program with.
local MAKE_PROGRAM_VARIABLES = {"TARGET", "BIN", "BINARY", "PROG", "PROGRAM", "EXEC", "EXECUTABLE", "APP", "OUT", "NAME"}
-- Goals that build nothing to run.
local MAKE_SPECIAL_GOALS = {all = true, clean = true, install = true, test = true, check = true, run = true,
                            debug = true, release = true, format = true, lint = true, distclean = true, help = true}

---------------------------------------------------------------------------
-- Small helpers

local function valid_program(name)
  return type(name) == "string" and name:match("^[%w][%w._+-]*$") ~= nil and #name <= 128
end

-- The folder of a path, with a trailing '/', or "" at the root.
local function folder_of(path)
  return path:match("^(.*/)[^/]*$") or ""
end

local function has_sources(tree, pattern_list)
  for _, pattern in ipairs(pattern_list) do
    if #tree:glob(pattern) > 0 then return true end
  end
  return false
end

---------------------------------------------------------------------------
-- Build systems

local function cmake_facts(tree)
  local files = tree:glob("**/CMakeLists.txt")
  local facts = {system = "cmake", manifest = "CMakeLists.txt", languages = {}, libraries = {}}
  local root = tree:read("CMakeLists.txt") or ""
  local languages = root:match("project%s*%(%s*[%w_%-]+([^)]*)%)") or ""
  for language in languages:gmatch("%u+X*") do
    if language == "C" or language == "CXX" then kiln.add(facts.languages, language) end
  end
  for _, file in ipairs(files) do
    local text = (tree:read(file) or ""):gsub("#[^\n]*", "")
    if not facts.program then
      local name = text:match("add_executable%s*%(%s*([%w._+-]+)")
      if name and not name:find("^%$") then facts.program = name end
    end
    for package in text:gmatch("find_package%s*%(%s*([%w_]+)") do kiln.add(facts.libraries, package:lower()) end
    for module in text:gmatch("pkg_check_modules%s*%([^)]-([%w_+-]+)%s*%)") do kiln.add(facts.libraries, module:lower()) end
  end
  return facts
end

local function meson_facts(tree)
  local facts = {system = "meson", manifest = "meson.build", languages = {}, libraries = {}}
  local root = tree:read("meson.build") or ""
  local languages = root:match("project%s*%(%s*'[^']*'%s*,%s*(%b[])") or root:match("project%s*%(%s*'[^']*'%s*,%s*('[^']*')") or ""
  for language in languages:gmatch("'(%w+)'") do
    if language == "c" then kiln.add(facts.languages, "C") elseif language == "cpp" then kiln.add(facts.languages, "CXX") end
  end
  for _, file in ipairs(tree:glob("**/meson.build")) do
    local text = (tree:read(file) or ""):gsub("#[^\n]*", "")
    if not facts.program then
      local name = text:match("executable%s*%(%s*'([%w._+-]+)'")
      if name then facts.program, facts.program_dir = name, folder_of(file) end
    end
    for library in text:gmatch("dependency%s*%(%s*'([%w_+.-]+)'") do kiln.add(facts.libraries, library:lower()) end
  end
  return facts
end

local function make_program(text)
  for _, variable in ipairs(MAKE_PROGRAM_VARIABLES) do
    local value = text:match("\n" .. variable .. "%s*[:?]?=%s*([%w._/+-]+)%s*\n")
    if value and not value:find("%$") then return value end
  end
  local all = text:match("\nall%s*:%s*([%w._/+-]+)")
  if all and not MAKE_SPECIAL_GOALS[all] and not all:find("%$") then return all end
  for goal in text:gmatch("\n([%w._/+-]+)%s*:[^=]") do
    if not MAKE_SPECIAL_GOALS[goal] and goal:sub(1, 1) ~= "." and not goal:find("%.o$") then return goal end
  end
  return nil
end

local function make_facts(tree)
  for _, file in ipairs(MAKEFILES) do
    local text = tree:read(file)
    if text then
      local facts = {system = "make", manifest = file, languages = {}, libraries = {}}
      facts.program = make_program("\n" .. text:gsub("\\\n", " "))
      if facts.program and facts.program:find("/") then facts.program_dir, facts.program = folder_of(facts.program), facts.program:match("([^/]+)$") end
      for library in text:gmatch("%-l([%w_+]+)") do
        if library == "ssl" or library == "crypto" then kiln.add(facts.libraries, "openssl")
        elseif library == "z" then kiln.add(facts.libraries, "zlib")
        else kiln.add(facts.libraries, library) end
      end
      return facts
    end
  end
  return nil
end

---------------------------------------------------------------------------
-- Reading the project

local C_SOURCES = {"*.c", "src/*.c", "src/**/*.c"}
local CXX_SOURCES = {"*.cpp", "*.cc", "*.cxx", "src/*.cpp", "src/*.cc", "src/**/*.cpp", "src/**/*.cc"}

local function port_hint(tree)
  for _, file in ipairs(tree:glob("**/*.c")) do
    local port = (tree:read(file) or ""):match('"PORT"%)[^;]-(%d%d%d%d%d?)')
    if port then return tonumber(port) end
  end
  for _, pattern in ipairs({"**/*.cpp", "**/*.cc"}) do
    for _, file in ipairs(tree:glob(pattern)) do
      local port = (tree:read(file) or ""):match('"PORT"%)[^;]-(%d%d%d%d%d?)')
      if port then return tonumber(port) end
    end
  end
  return nil
end

local function inspect(tree)
  local facts
  if tree:exists("CMakeLists.txt") then facts = cmake_facts(tree)
  elseif tree:exists("meson.build") then facts = meson_facts(tree)
  else
    facts = make_facts(tree)
    -- A Makefile is everywhere; only one beside C or C++ sources is a C program's.
    if facts and not has_sources(tree, C_SOURCES) and not has_sources(tree, CXX_SOURCES) then return nil end
  end
  if not facts or not facts.program then return nil end
  if not valid_program(facts.program) then return nil end

  if #facts.languages == 0 then
    if has_sources(tree, CXX_SOURCES) then kiln.add(facts.languages, "CXX") end
    if has_sources(tree, C_SOURCES) then kiln.add(facts.languages, "C") end
  end
  facts.language = "c"
  for _, language in ipairs(facts.languages) do
    if language == "CXX" then facts.language = "cpp" end
  end
  facts.build_packages, facts.run_packages = {}, {}
  for _, library in ipairs(facts.libraries) do
    local packages = LIBRARIES[library]
    if packages then
      kiln.add(facts.build_packages, packages.build)
      if packages.run then kiln.add(facts.run_packages, packages.run) end
    end
  end
  facts.procfile_web = kiln.procfile_start(tree)
  facts.port = port_hint(tree) or DEFAULT_PORT
  return facts
end

---------------------------------------------------------------------------
-- detect

local function detection(facts, tree)
  local evidence = {facts.manifest}
  if facts.procfile_web then kiln.add(evidence, "Procfile") end
  return {score = facts.system == "make" and 30 or 55, evidence = evidence}
end

---------------------------------------------------------------------------
-- generate

local function build_commands(facts)
  if facts.system == "cmake" then
    return {
      "cmake -S . -B build -G Ninja -DCMAKE_BUILD_TYPE=Release -DCMAKE_RUNTIME_OUTPUT_DIRECTORY=" .. CMAKE_OUT,
      "cmake --build build --target " .. facts.program,
    }, CMAKE_OUT .. "/" .. facts.program
  elseif facts.system == "meson" then
    return {"meson setup build --buildtype=release", "meson compile -C build"},
        "/app/build/" .. (facts.program_dir or "") .. facts.program
  end
  return {"make -j\"$(nproc)\""}, "/app/" .. (facts.program_dir or "") .. facts.program
end

local function plan(facts, tree, options)
  if not valid_program(facts.program) or (facts.program_dir and facts.program_dir:find("%.%.")) then
    error("the program name '" .. tostring(facts.program):sub(1, 64) .. "' is not usable", 0)
  end

  local commands, built = build_commands(facts)
  return kiln.program({
    build_image = BUILD_RUNTIME,
    -- Libraries to install at run time need the base stack's apt (the
    -- catalogue's fuller stack of cc-runtime: the renderer picks it).
    run_image = RUN_RUNTIME,
    build_packages = facts.build_packages,
    run_packages = facts.run_packages,
    phases = {{name = "build", commands = commands}},
    port = facts.port,
  }, built, facts.program, facts.procfile_web)
end

return kiln.buildpack{
  id = "kiln.cpp",
  version = "0.1.0",
  language = function(facts) return facts.language end,
  package_manager = function(facts) return facts.system end,
  inspect = inspect,
  detection = detection,
  plan = plan,
  missing = "no CMake, Meson or make build of a program",
}
