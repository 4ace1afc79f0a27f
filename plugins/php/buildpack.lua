-- kiln.php: PHP apps, with Composer (composer.json, composer.lock) or without.
--
-- Frameworks: Laravel (artisan and laravel/framework), Symfony
-- (symfony/framework-bundle); anything else with an index.php at the root or
-- in public/ is served by PHP's built-in server. A Procfile's web process wins,
-- except Heroku's own launchers (heroku-php-apache2 ...), which this image
-- lacks: their document root is used instead. Composer's "ext-*"
-- requirements become Debian packages through kiln's native packages table;
-- a package.json build script (Vite, Mix, Encore) runs in the build stage,
-- and only its output reaches the run image.


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

-- "web: heroku-php-nginx public/" names Heroku's launcher of a web server in
-- front of php-fpm, which this image lacks: kiln runs the same pair (nginx
-- for apache2 too, with the front-controller rule .htaccess files hold); its
-- argument is the document root.
local function procfile_web(tree)
  local text = tree:read("Procfile")
  if not text then return nil, nil, false end
  local command = kiln.procfile_web(text)
  if command and command:match("^heroku%-php%-") then
    local root = command:match("^heroku%-php%-%S+%s+([%w%._/%-]+)")
    return nil, root and root:gsub("/+$", "") or ".", true
  end
  return command, nil, false
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
  facts.procfile_web, facts.procfile_root, facts.launcher = procfile_web(tree)
  facts.document_root = document_root(tree, facts.framework, facts.procfile_root)
  if not has_composer and not facts.document_root then return nil end
  facts.extensions = extensions(composer, lock)
  facts.assets = kiln.node_assets(tree)
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
  -- A framework app whose package.json only builds its assets is a PHP app: above kiln.node's best.
  if facts.framework and facts.assets then
    score = 90
    add(evidence, "package.json")
  end
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

-- Extensions load when Composer checks the platform and when the app runs: build and run packages.
local function extension_packages(facts)
  local names = {}
  for _, extension in ipairs(facts.extensions or {}) do names[#names + 1] = "ext-" .. extension end
  local packages = kiln.native_packages("php", names)
  table.sort(packages.build)
  table.sort(packages.run)
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

-- The asset install reads package.json and its lockfile alone: its layer survives source changes.
local function assets_install_phase(assets)
  return {name = "assets-install", inputs = assets.inputs, commands = assets.install}
end

local function build_phase(facts)
  local commands = {"composer dump-autoload --optimize --no-dev --no-interaction"}
  if facts.assets then
    add(commands, facts.assets.build)
    add(commands, "rm -rf node_modules")  -- built into public/build; the run image needs none of it
  end
  local writable = WRITABLE[facts.framework]
  if writable then add(commands, "mkdir -p " .. writable .. " && chmod -R a+rwX " .. writable) end
  return {name = "build", commands = commands}
end

---------------------------------------------------------------------------
-- nginx in front of php-fpm: how Laravel's and Symfony's deployment docs and
-- Heroku's launchers serve PHP. Both run as the image's non-root user, so
-- every file they write is under /tmp; the port is filled in at start.

local SERVER_DIR = "/app/.kiln-php"

local function nginx_conf(root)
  return {
    "worker_processes auto;", "pid /tmp/nginx.pid;", "error_log /dev/stderr warn;",
    "events { worker_connections 1024; }",
    "http {",
    "  include /etc/nginx/mime.types;", "  default_type application/octet-stream;", "  access_log /dev/stdout;",
    "  client_body_temp_path /tmp/nginx-body;", "  fastcgi_temp_path /tmp/nginx-fastcgi;",
    "  proxy_temp_path /tmp/nginx-proxy;", "  uwsgi_temp_path /tmp/nginx-uwsgi;", "  scgi_temp_path /tmp/nginx-scgi;",
    "  server {",
    "    listen @PORT@;",
    "    root /app/" .. (root == "." and "" or root) .. ";",
    "    index index.php index.html;",
    "    location / { try_files $uri $uri/ /index.php?$query_string; }",
    "    location ~ \\.php$ {",
    "      try_files $uri =404;",
    "      include /etc/nginx/fastcgi_params;",
    "      fastcgi_param SCRIPT_FILENAME $document_root$fastcgi_script_name;",
    "      fastcgi_pass unix:/tmp/php-fpm.sock;",
    "    }",
    "    location ~ /\\.(?!well-known) { deny all; }",
    "  }",
    "}",
  }
end

-- clear_env = no: the app reads its settings (APP_ENV, DATABASE_URL) from the environment.
local FPM_CONF = {
  "[global]", "pid = /tmp/php-fpm.pid", "error_log = /proc/self/fd/2",
  "[www]", "listen = /tmp/php-fpm.sock", "pm = dynamic", "pm.max_children = 10", "pm.start_servers = 2",
  "pm.min_spare_servers = 1", "pm.max_spare_servers = 4", "clear_env = no", "catch_workers_output = yes",
}

-- printf '%s\n' 'line' ...: each line single-quoted as it is (none holds a quote).
local function write_lines(path, lines)
  local quoted = {}
  for _, line in ipairs(lines) do quoted[#quoted + 1] = "'" .. line .. "'" end
  return "printf '%s\\n' " .. table.concat(quoted, " ") .. " > " .. path
end

local function server_phase(root)
  return {name = "web-server", commands = {
    "mkdir -p " .. SERVER_DIR,
    write_lines(SERVER_DIR .. "/nginx.conf", nginx_conf(root)),
    write_lines(SERVER_DIR .. "/php-fpm.conf", FPM_CONF),
  }}
end

local function server_start(port)
  return "sed \"s/@PORT@/${PORT:-" .. port .. "}/\" " .. SERVER_DIR .. "/nginx.conf > /tmp/nginx.conf; " ..
      "\"$(ls /usr/sbin/php-fpm* | head -n 1)\" -F -y " .. SERVER_DIR .. "/php-fpm.conf & " ..
      -- nginx listens only once php-fpm does, so the first request is not a 502.
      "for i in $(seq 100); do [ -S /tmp/php-fpm.sock ] && break; sleep 0.1; done; " ..
      "exec nginx -e /dev/stderr -c /tmp/nginx.conf -g 'daemon off;'"
end

-- A framework or a Heroku launcher means nginx and php-fpm; a plain index.php, PHP's own server.
local function served_by_nginx(facts)
  return facts.document_root ~= nil and (facts.framework ~= nil or facts.launcher) and not facts.procfile_web
end

local function start_command(facts)
  if facts.procfile_web then
    return facts.procfile_web, facts.framework and FRAMEWORK_PORT or PLAIN_PORT
  end
  if served_by_nginx(facts) then
    local port = facts.framework and FRAMEWORK_PORT or PLAIN_PORT
    return server_start(port), port
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
    phases = {install_phase(facts)}
    if facts.assets then phases[#phases + 1] = assets_install_phase(facts.assets) end
    phases[#phases + 1] = build_phase(facts)
    build_env = {COMPOSER_CACHE_DIR = COMPOSER_CACHE, COMPOSER_ALLOW_SUPERUSER = "1"}
  end
  local extensions = extension_packages(facts)
  local build_packages, run_packages, artifacts = extensions.build, {}, {}
  if facts.composer and facts.assets then
    -- Node builds the assets in the build stage; the run image gets the app and the extensions.
    for _, package in ipairs(facts.assets.packages) do add(build_packages, package) end
    run_packages = extensions.run
    artifacts = {{from = "/app", to = "/app"}}
  end
  if served_by_nginx(facts) then
    phases[#phases + 1] = server_phase(facts.document_root)
    add(run_packages, "nginx")
    add(run_packages, "php-fpm")
  end
  local start, port = start_command(facts)
  if not start then kiln.log("no index.php, framework or Procfile: set a start command in kiln.toml") end
  return {
    language = "php",
    framework = facts.framework,
    package_manager = facts.composer and "composer" or nil,
    build_image = php_runtime(tree, facts),
    run_image = php_runtime(tree, facts),
    build_packages = build_packages,
    run_packages = run_packages,
    artifacts = artifacts,
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
