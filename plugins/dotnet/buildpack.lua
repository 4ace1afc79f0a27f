-- kiln.dotnet: .NET apps, from a project file (.csproj, .fsproj, .vbproj) or
-- a solution (.sln) that lists several.
--
-- The app is the project that runs: a Web SDK project (ASP.NET Core) first,
-- else one whose OutputType is Exe. `dotnet restore` runs on the project
-- files alone (a layer a source change keeps), then `dotnet publish -c
-- Release` writes the app to /app/publish, which alone goes into the run
-- image as `dotnet <AssemblyName>.dll`.
--
-- Images: Microsoft's, at the version the project's TargetFramework names
-- (net8.0 -> 8.0): mcr.microsoft.com/dotnet/sdk to build, and
-- mcr.microsoft.com/dotnet/aspnet (Web SDK) or mcr.microsoft.com/dotnet/runtime
-- to run. kiln has no .NET stack: Debian packages no .NET SDK.
--
-- ASP.NET Core listens where ASPNETCORE_URLS says; the start command sets it
-- from PORT at start, so a PORT given at run time moves the listener too.

local DEFAULT_PORT = 8080
local PUBLISH = "/app/publish"
local PROJECT_EXTENSIONS = {csproj = "csharp", fsproj = "fsharp", vbproj = "vb"}

---------------------------------------------------------------------------
-- Small helpers

local function valid_path(path)
  return type(path) == "string" and path:match("^[%w_][%w_./+-]*$") ~= nil and not path:find("%.%.") and #path <= 512
end

-- An MSBuild property's value: <TargetFramework>net8.0</TargetFramework>.
local function property(text, name)
  local value = text:match("<" .. name .. ">%s*([^<]-)%s*</" .. name .. ">")
  return value ~= "" and value or nil
end

-- The projects a solution lists: Project("{...}") = "Api", "src\Api\Api.csproj", "{...}".
local function solution_projects(text)
  local projects = {}
  for path in text:gmatch('Project%("{[%x%-]+}"%)%s*=%s*"[^"]*",%s*"([^"]+%.%a+proj)"') do
    kiln.add(projects, (path:gsub("\\", "/")))
  end
  return projects
end

local function project_files(tree)
  local files = {}
  for _, solution in ipairs(tree:glob("*.sln")) do
    for _, project in ipairs(solution_projects(tree:read(solution) or "")) do kiln.add(files, project) end
  end
  for extension in pairs(PROJECT_EXTENSIONS) do
    for _, pattern in ipairs({"*." .. extension, "*/*." .. extension, "src/*/*." .. extension}) do
      for _, file in ipairs(tree:glob(pattern)) do kiln.add(files, file) end
    end
  end
  table.sort(files)
  return files
end

---------------------------------------------------------------------------
-- Reading the project

local function read_project(tree, path)
  local text = tree:read(path)
  if not text then return nil end
  local project = {path = path, extension = path:match("%.(%a+proj)$")}
  project.web = text:find('Sdk%s*=%s*"Microsoft%.NET%.Sdk%.Web"') ~= nil
  project.worker = text:find('Sdk%s*=%s*"Microsoft%.NET%.Sdk%.Worker"') ~= nil
  project.exe = (property(text, "OutputType") or ""):lower() == "exe"
  project.test = text:find('Include%s*=%s*"Microsoft%.NET%.Test%.Sdk"') ~= nil
  project.framework = property(text, "TargetFramework") or (property(text, "TargetFrameworks") or ""):match("^([^;]+)")
  project.assembly = property(text, "AssemblyName") or path:match("([^/]+)%.%a+proj$")
  project.blazor = text:find('Sdk%s*=%s*"Microsoft%.NET%.Sdk%.BlazorWebAssembly"') ~= nil
  return project
end

-- The .NET version of a target framework moniker: net8.0 -> 8.0, net8.0-windows -> nil (not Linux).
local function dotnet_version(moniker)
  if type(moniker) ~= "string" then return nil end
  return moniker:match("^net(%d+%.%d+)$") or moniker:match("^netcoreapp(%d+%.%d+)$")
end

local function inspect(tree)
  local runnable
  local projects = project_files(tree)
  for _, path in ipairs(projects) do
    local project = valid_path(path) and read_project(tree, path) or nil
    if project and not project.test then
      if project.web then runnable = project break end
      if (project.exe or project.worker) and not runnable then runnable = project end
    end
  end
  if not runnable then return nil end
  local facts = {project = runnable.path, web = runnable.web, assembly = runnable.assembly,
                 language = PROJECT_EXTENSIONS[runnable.extension] or "csharp"}
  facts.version = dotnet_version(runnable.framework)
  if not facts.version then return nil end
  facts.solution = tree:glob("*.sln")[1]
  facts.restore_inputs = {}
  for _, path in ipairs(projects) do kiln.add(facts.restore_inputs, path) end
  for _, file in ipairs({"global.json", "NuGet.config", "nuget.config", "Directory.Build.props", "Directory.Packages.props"}) do
    if tree:exists(file) then kiln.add(facts.restore_inputs, file) end
  end
  for _, path in ipairs(tree:glob("**/packages.lock.json")) do kiln.add(facts.restore_inputs, path) end
  facts.locked = #tree:glob("**/packages.lock.json") > 0
  facts.framework = runnable.web and "aspnetcore" or (runnable.worker and "worker" or nil)
  return facts
end

---------------------------------------------------------------------------
-- detect

local function detection(facts, tree)
  local evidence = {facts.project}
  if facts.solution then kiln.add(evidence, facts.solution) end
  return {score = 80, evidence = evidence}
end

---------------------------------------------------------------------------
-- generate

local function quoted(text)
  return "'" .. text .. "'"
end

local function plan(facts, tree, options)
  if not valid_path(facts.project) or not facts.assembly:match("^[%w_.-]+$") or not facts.version:match("^%d+%.%d+$") then
    error("the .NET project's path, assembly name or version is not usable", 0)
  end

  local restore = "dotnet restore " .. quoted(facts.project) .. (facts.locked and " --locked-mode" or "")
  local dll = PUBLISH .. "/" .. facts.assembly .. ".dll"
  local plan = {
    build_image = "mcr.microsoft.com/dotnet/sdk:" .. facts.version,
    run_image = "mcr.microsoft.com/dotnet/" .. (facts.web and "aspnet" or "runtime") .. ":" .. facts.version,
    env = {DOTNET_CLI_TELEMETRY_OPTOUT = "1", DOTNET_NOLOGO = "1"},
    phases = {
      {name = "install", inputs = facts.restore_inputs, commands = {restore}},
      {name = "build", commands = {"dotnet publish " .. quoted(facts.project) .. " -c Release -o " .. PUBLISH .. " --no-restore"}},
    },
    artifacts = {{from = PUBLISH, to = PUBLISH}},
  }
  if facts.web then
    plan.port = DEFAULT_PORT
    plan.start = "ASPNETCORE_URLS=http://+:${PORT:-" .. DEFAULT_PORT .. "} exec dotnet " .. dll
  else
    plan.start = {"dotnet", dll}
  end
  return plan
end

return kiln.buildpack{
  id = "kiln.dotnet",
  version = "0.1.0",
  language = "dotnet",
  package_manager = "nuget",
  inspect = inspect,
  detection = detection,
  plan = plan,
  missing = "no runnable .NET project (Web SDK or OutputType Exe)",
}
