-- The SDK's Lua example: hello.txt is served as the site's index by busybox httpd,
-- on the port a PORT file names (else 8080). sdk/README.md walks through it.
local function detect(tree)
  local text = tree:read("hello.txt")
  if not text then return nil end
  local evidence = {"hello.txt"}
  if tree:exists("PORT") then kiln.add(evidence, "PORT") end
  return {score = 30, language = "static", evidence = evidence,
          facts = {port = tonumber((tree:read("PORT") or ""):match("%d+")) or 8080}}
end

local function generate(tree, detection, options)
  local port = detection.facts and detection.facts.port or 8080
  return {
    build_image = kiln.runtime("base"),
    run_image = kiln.runtime("base"),
    run_packages = {"busybox"},
    phases = {{name = "site", commands = {"mkdir -p /app/www", "cp hello.txt /app/www/index.html"}}},
    start = {"busybox", "httpd", "-f", "-p", tostring(port), "-h", "/app/www"},
    port = port,
  }
end

return {id = "com.example.hello-lua", version = "1.0.0", api = 1, detect = detect, generate = generate}
