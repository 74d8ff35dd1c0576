-- wrk script for the "log a feeding" benchmark: POSTs a new bottle feeding on every request.
-- The URL given to wrk is the baby's events collection; the Authorization header comes from -H.
-- Each request gets its own start time (1 hour to 3 days ago), duration and amount, and no `id`,
-- so every request creates a new event (201).

wrk.method = "POST"
wrk.headers["Content-Type"] = "application/json"

local counter = 0

function setup(thread)
  counter = counter + 1
  thread:set("seed", counter)
end

function init(args)
  math.randomseed(os.time() * 1000 + (seed or 0))
end

local function rfc3339(t)
  return os.date("!%Y-%m-%dT%H:%M:%S+00:00", t)
end

function request()
  local now = os.time()
  local start = now - math.random(3600, 3 * 86400)
  local finish = start + 60 * math.random(5, 30)
  local body = string.format(
    '{"kind":"feeding","start":"%s","end":"%s","method":"bottle","amount_ml":%d}',
    rfc3339(start), rfc3339(finish), math.random(30, 240))
  return wrk.format(nil, nil, nil, body)
end
