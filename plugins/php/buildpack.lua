-- kiln.php: PHP apps, with Composer (composer.json, composer.lock) or without.
--
-- Frameworks: Laravel (artisan and laravel/framework), Symfony
-- (symfony/framework-bundle); anything else with an index.php at the root or
-- in public/ is served by PHP's built-in server. A Procfile's web process wins,
-- except Heroku's own launchers (heroku-php-apache2 ...), which this image
-- lacks: their document root is used instead.


-- Composer's "ext-*" requirements as Debian packages. Extensions built into
-- php-cli (ctype, json, openssl, pdo, session, tokenizer, ...) need nothing.
local EXTENSION_PACKAGES = {
  amqp = "php-amqp", apcu = "php-apcu", bcmath = "php-bcmath", bz2 = "php-bz2", curl = "php-curl",
  dom = "php-xml", gd = "php-gd", gmp = "php-gmp", igbinary = "php-igbinary", imagick = "php-imagick",
  intl = "php-intl", ldap = "php-ldap", mbstring = "php-mbstring", memcached = "php-memcached",
  mongodb = "php-mongodb", msgpack = "php-msgpack", mysqli = "php-mysql", mysqlnd = "php-mysql",
  pdo_mysql = "php-mysql", pdo_pgsql = "php-pgsql", pdo_sqlite = "php-sqlite3", pgsql = "php-pgsql",
  redis = "php-redis", simplexml = "php-xml", soap = "php-soap", sqlite3 = "php-sqlite3",
  xml = "php-xml", xmlreader = "php-xml", xmlwriter = "php-xml", xsl = "php-xml", zip = "php-zip",
}

local PLAIN_PORT, FRAMEWORK_PORT = 8080, 8000
local COMPOSER_CACHE = "/root/.cache/composer"

---------------------------------------------------------------------------
-- Small helpers

local function add(list, value)
  for _, existing in ipairs(list) do
    if existing == value then return end
  end
  list[#list + 1] = value
end

local function keys(map)
  local list = {}
  for key in pairs(map) do list[#list + 1] = key end
  table.sort(list)
  return list
end

-- composer.json maps may arrive as tables or, when empty, as empty lists.
local function map_of(value)
  return type(value) == "table" and value or {}
end

---------------------------------------------------------------------------
-- Reading the project

-- Every package the app depends on, from composer.json and composer.lock.
local function package_names(composer, lock)
  local names = {}
  for name in pairs(map_of(composer.require)) do names[name] = true end
  for _, package in ipairs(lock and map_of(lock.packages) or {}) do
    if type(package.name) == "string" then names[package.name] = true end
  end
  return names
end

-- "ext-mbstring" requirements of the app and, through the lock, of its packages.
local function extensions(composer, lock)
  local found = {}
  local function collect(require)
    for name in pairs(map_of(require)) do
      local extension = type(name) == "string" and name:match("^ext%-(.+)$")
      if extension then found[extension:lower()] = true end
    end
  end
  collect(composer.require)
  for _, package in ipairs(lock and map_of(lock.packages) or {}) do collect(package.require) end
  return keys(found)
end

-- "web: heroku-php-apache2 public/" names a launcher this image lacks; its argument is the document root.
local function procfile_web(tree)
  local text = tree:read("Procfile")
  if not text then return nil, nil end
  local command = kiln.procfile_web(text)
  if command and command:match("^heroku%-php%-") then
    local root = command:match("^heroku%-php%-%S+%s+([%w%._/%-]+)")
    return nil, root and root:gsub("/+$", "") or "."
  end
  return command, nil
end

local function document_root(tree, framework, procfile_root)
  if framework then return "public" end
  if procfile_root and procfile_root ~= "" and tree:exists(procfile_root) then return procfile_root end
  if tree:exists("public/index.php") then return "public" end
  if tree:exists("index.php") then return "." end
  return nil
end

local function find_framework(tree, packages)
  if tree:exists("artisan") and packages["laravel/framework"] then return "laravel", "artisan" end
  if packages["symfony/framework-bundle"] then return "symfony", "composer.json" end
  return nil, nil
end

-- Everything detect learns; handed to generate as the detection's facts.
local function inspect(tree)
  local has_composer = tree:exists("composer.json")
  local composer = has_composer and tree:json("composer.json") or nil
  if has_composer and type(composer) ~= "table" then
    error("composer.json is not valid JSON; fix it or remove it", 0)
  end
  composer = composer or {}
  local lock = tree:json("composer.lock")
  local packages = package_names(composer, lock)

  local facts = {composer = has_composer, locked = lock ~= nil}
  facts.framework, facts.framework_evidence = find_framework(tree, packages)
  facts.procfile_web, facts.procfile_root = procfile_web(tree)
  facts.document_root = document_root(tree, facts.framework, facts.procfile_root)
  if not has_composer and not facts.document_root then return nil end
  facts.extensions = extensions(composer, lock)
  local php = map_of(composer.require).php
  if type(php) == "string" then facts.php_requirement = php end
  facts.install_inputs = {}
  for _, file in ipairs({"composer.json", "composer.lock"}) do
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
  for _, file in ipairs(facts.install_inputs) do add(evidence, file) end
  if facts.framework_evidence then add(evidence, facts.framework_evidence) end
  if not facts.composer then
    add(evidence, facts.document_root == "." and "index.php" or facts.document_root .. "/index.php")
  end
  local score = 50  -- an index.php alone is a weak signal
  if facts.composer then score = facts.framework and 75 or 65 end
  return {
    score = score,
    language = "php",
    framework = facts.framework,
    package_manager = facts.composer and "composer" or nil,
    evidence = evidence,
    facts = facts,
  }
end

---------------------------------------------------------------------------
-- generate

local function system_packages(facts)
  local packages = {}
  for _, extension in ipairs(facts.extensions or {}) do
    local package = EXTENSION_PACKAGES[extension]
    if package then add(packages, package) end
  end
  table.sort(packages)
  return packages
end

-- Dependencies first, on composer.json and composer.lock alone: that layer
-- survives source changes. Scripts and the autoloader need the source, so
-- they wait for the build phase.
local function install_phase(facts)
  return {
    name = "install",
    inputs = facts.install_inputs,
    commands = {"composer install --no-dev --prefer-dist --no-interaction --no-scripts --no-autoloader"},
    cache_paths = {COMPOSER_CACHE},
  }
end

-- The image runs as a user that does not own the app; frameworks write caches and logs.
local WRITABLE = {laravel = "storage bootstrap/cache", symfony = "var"}

local function build_phase(facts)
  local commands = {"composer dump-autoload --optimize --no-dev --no-interaction"}
  local writable = WRITABLE[facts.framework]
  if writable then add(commands, "mkdir -p " .. writable .. " && chmod -R a+rwX " .. writable) end
  return {name = "build", commands = commands}
end

local function start_command(facts)
  if facts.procfile_web then
    return facts.procfile_web, facts.framework and FRAMEWORK_PORT or PLAIN_PORT
  end
  if facts.framework == "laravel" then
    return "php artisan serve --host=0.0.0.0 --port=${PORT:-8000}", FRAMEWORK_PORT
  end
  if facts.framework == "symfony" then
    return "php -S 0.0.0.0:${PORT:-8000} -t public", FRAMEWORK_PORT
  end
  if facts.document_root then
    return "php -S 0.0.0.0:${PORT:-8080} -t " .. facts.document_root, PLAIN_PORT
  end
  return nil, nil
end

local ENVIRONMENT = {
  laravel = {APP_ENV = "production", LOG_CHANNEL = "stderr"},
  symfony = {APP_ENV = "prod", APP_DEBUG = "0"},
}

-- composer.json's require.php, as Composer writes constraints ("^8.2", ">=8.1 <8.4", "^8.1|^8.2").
local function php_runtime(tree, facts)
  if not facts.php_requirement then return kiln.runtime("php") end
  return kiln.runtime("php", {version = facts.php_requirement, file = "composer.json", text = tree:read("composer.json"),
                              find = '"php"', field = "require.php"})
end

local function generate(tree, detection, options)
  local facts = detection.facts
  if type(facts) ~= "table" or facts.composer == nil then facts = inspect(tree) end
  if not facts then error("kiln.php found no composer.json and no index.php in " .. tree:name(), 0) end

  local phases = {}
  local build_env = {}
  if facts.composer then
    phases = {install_phase(facts), build_phase(facts)}
    build_env = {COMPOSER_CACHE_DIR = COMPOSER_CACHE, COMPOSER_ALLOW_SUPERUSER = "1"}
  end
  local start, port = start_command(facts)
  if not start then kiln.log("no index.php, framework or Procfile: set a start command in kiln.toml") end
  return {
    language = "php",
    framework = facts.framework,
    package_manager = facts.composer and "composer" or nil,
    build_image = php_runtime(tree, facts),
    run_image = php_runtime(tree, facts),
    build_packages = system_packages(facts),
    env = ENVIRONMENT[facts.framework] or {},
    build_env = build_env,
    phases = phases,
    start = start,
    port = port,
  }
end

return {
  id = "kiln.php",
  version = "0.1.0",
  api = 1,
  detect = detect,
  generate = generate,
}
