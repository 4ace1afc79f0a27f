-- kiln.cobol: COBOL programs, compiled with GnuCOBOL's cobc.
--
-- The sources are the .cob/.cbl files at the root, under src/ or cobol/ (cobc's
-- fixed and free formats alike); copybooks are found in copy/, copybooks/ or
-- cpy/. The main program is the one that takes no parameters (no PROCEDURE
-- DIVISION USING): every other source is compiled into the same executable
-- with `cobc -x`. A Makefile that runs cobc builds instead, and names the
-- program (TARGET, BIN, PROG, ... or its first goal).
--
-- The executable runs on the base stack with GnuCOBOL's runtime, libcob4.
-- A program that reads PORT (ACCEPT ... FROM ENVIRONMENT "PORT") is a server:
-- port 8080 unless the program gives another default.

local BUILD_RUNTIME, RUN_RUNTIME = kiln.runtime("cobol"), kiln.runtime("base")
local RUNTIME_PACKAGE = "libcob4"
local DEFAULT_PORT = 8080

local SOURCE_PATTERNS = {"*.cob", "*.cbl", "*.COB", "*.CBL", "src/*.cob", "src/*.cbl", "src/*.COB", "src/*.CBL",
                         "src/**/*.cob", "src/**/*.cbl",
                         "cobol/*.cob", "cobol/*.cbl"}
local COPYBOOK_FOLDERS = {"copy", "copybooks", "cpy", "src/copy", "src/copybooks"}
local MAKEFILES = {"GNUmakefile", "makefile", "Makefile"}
local MAKE_PROGRAM_VARIABLES = {"TARGET", "BIN", "PROG", "PROGRAM", "EXEC", "EXECUTABLE", "APP", "NAME"}

---------------------------------------------------------------------------
-- Small helpers

local function valid_name(name)
  return type(name) == "string" and name:match("^[%w][%w._-]*$") ~= nil and #name <= 64
end

local function sources(tree)
  local found = {}
  for _, pattern in ipairs(SOURCE_PATTERNS) do
    for _, path in ipairs(tree:glob(pattern)) do kiln.add(found, path) end
  end
  return found
end

-- A main program takes no parameters: no PROCEDURE DIVISION USING.
local function is_main_program(text)
  local upper = text:upper()
  return upper:find("PROCEDURE%s+DIVISION") ~= nil and upper:find("PROCEDURE%s+DIVISION%s+USING") == nil
end

local function program_id(text)
  local id = text:upper():match("PROGRAM%-ID%.%s*\"?([%w-]+)")
  return id and id:lower() or nil
end

local function make_program(tree)
  for _, file in ipairs(MAKEFILES) do
    local text = tree:read(file)
    if text and text:find("cobc") then
      text = "\n" .. text
      for _, variable in ipairs(MAKE_PROGRAM_VARIABLES) do
        local value = text:match("\n" .. variable .. "%s*[:?]?=%s*([%w._-]+)%s*\n")
        if value then return value, file end
      end
      local goal = text:match("\nall%s*:%s*([%w._-]+)") or text:match("\n([%w._-]+)%s*:[^=]")
      return goal, file
    end
  end
  return nil, nil
end

-- The port a server's source gives: ACCEPT ... FROM ENVIRONMENT "PORT" and a VALUE on a port field.
local function port_of(text)
  if not text:upper():find("ENVIRONMENT%s+\"PORT\"") then return nil end
  local port = tonumber(text:upper():match("PORT%s+PIC%s+9%(%d%)%s+VALUE%s+(%d+)"))
  if port and port >= 1 and port <= 65535 then return port end
  return DEFAULT_PORT
end

---------------------------------------------------------------------------
-- Reading the project

local function inspect(tree)
  local files = sources(tree)
  if #files == 0 then return nil end
  local facts = {sources = {}, copybooks = {}}
  for _, folder in ipairs(COPYBOOK_FOLDERS) do
    if tree:is_dir(folder) then kiln.add(facts.copybooks, folder) end
  end
  for _, file in ipairs(files) do
    local text = tree:read(file) or ""
    if not facts.main and is_main_program(text) then
      facts.main, facts.program = file, program_id(text)
      facts.port = port_of(text)
    else
      kiln.add(facts.sources, file)
    end
  end
  if not facts.main then return nil end  -- subprograms only: a library, nothing to run
  facts.make_program, facts.makefile = make_program(tree)
  if facts.make_program then facts.program = facts.make_program end
  if not valid_name(facts.program) then
    facts.program = facts.main:match("([^/]+)%.%w+$"):lower()
  end
  if not valid_name(facts.program) then return nil end
  facts.procfile_web = kiln.procfile_start(tree)
  return facts
end

---------------------------------------------------------------------------
-- detect

local function detection(facts, tree)
  local evidence = {facts.main}
  if facts.makefile then kiln.add(evidence, facts.makefile) end
  -- No manifest, only sources: a weak sign, but nothing else builds COBOL.
  return {score = 45, evidence = evidence}
end

---------------------------------------------------------------------------
-- generate

local function compile_command(facts)
  if facts.makefile then return "make" end
  local words = {"cobc", "-x", "-O"}
  for _, folder in ipairs(facts.copybooks) do words[#words + 1] = "-I " .. folder end
  words[#words + 1] = "-o " .. facts.program
  words[#words + 1] = facts.main
  for _, file in ipairs(facts.sources) do words[#words + 1] = file end
  return table.concat(words, " ")
end

local function plan(facts, tree, options)
  if not valid_name(facts.program) then error("the program name is not usable", 0) end
  for _, path in ipairs({facts.main, table.unpack(facts.sources)}) do
    if not path:match("^[%w._/-]+$") or path:find("%.%.") then error("COBOL source '" .. path:sub(1, 64) .. "' has an unusable name", 0) end
  end

  return kiln.program({
    build_image = BUILD_RUNTIME,
    run_image = RUN_RUNTIME,
    run_packages = {RUNTIME_PACKAGE},
    phases = {{name = "build", commands = {compile_command(facts)}}},
    port = facts.port,
  }, "/app/" .. facts.program, facts.program, facts.procfile_web)
end

return kiln.buildpack{
  id = "kiln.cobol",
  version = "0.1.0",
  language = "cobol",
  package_manager = function(facts) return facts.makefile and "make" or nil end,
  inspect = inspect,
  detection = detection,
  plan = plan,
  missing = "no COBOL main program (.cob, .cbl)",
}
