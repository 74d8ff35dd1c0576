-- wrk script for bench/scale.sh: each request goes to a random household of the seeded ones.
-- TARGETS names the file `soothe demo seed --targets` wrote (a token, then the babies' ids,
-- tab-separated, one household a line); ENDPOINT is events, today, readiness or feeding.
-- With RATE (requests a second over all CONNECTIONS), each connection waits between its
-- requests so that the load is about RATE: latency at a steady load, not at saturation.

local targets = {}
local endpoint = os.getenv("ENDPOINT") or "events"
local counter = 0
local rate = tonumber(os.getenv("RATE") or "")
local connections = tonumber(os.getenv("CONNECTIONS") or "")
local gap_ms = (rate and connections) and (1000 * connections / rate) or nil

function setup(thread)
  counter = counter + 1
  thread:set("seed", counter)
end

function init(args)
  math.randomseed(os.time() * 1000 + (seed or 0))
  for line in io.lines(os.getenv("TARGETS")) do
    local token, baby = line:match("^([^\t]+)\t([^\t]+)")
    if token then
      targets[#targets + 1] = { token = token, baby = baby }
    end
  end
  assert(#targets > 0, "no targets in " .. tostring(os.getenv("TARGETS")))
end

-- Each connection's gaps average gap_ms, spread from half to one and a half of it so the
-- connections do not fall into step.
if gap_ms then
  function delay()
    return gap_ms * (0.5 + math.random())
  end
end

local function rfc3339(t)
  return os.date("!%Y-%m-%dT%H:%M:%S+00:00", t)
end

function request()
  local t = targets[math.random(#targets)]
  local headers = { ["Authorization"] = "Bearer " .. t.token }
  local base = "/api/v1/babies/" .. t.baby
  if endpoint == "events" then
    return wrk.format("GET", base .. "/events?limit=20", headers)
  elseif endpoint == "today" then
    return wrk.format("GET", base .. "/today", headers)
  elseif endpoint == "readiness" then
    return wrk.format("GET", base .. "/readiness?state=quiet_alert", headers)
  end
  -- feeding: a new bottle feed 1 hour to 3 days ago, no id, so each request creates one.
  local now = os.time()
  local start = now - math.random(3600, 3 * 86400)
  local finish = start + 60 * math.random(5, 30)
  headers["Content-Type"] = "application/json"
  local body = string.format(
    '{"kind":"feeding","start":"%s","end":"%s","method":"bottle","amount_ml":%d}',
    rfc3339(start), rfc3339(finish), math.random(30, 240))
  return wrk.format("POST", base .. "/events", headers, body)
end
