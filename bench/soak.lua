-- wrk script for bench/soak.sh: a mixed load on one connection set. Each request is, in turn
-- and at random, one of:
--   40%  GET  /api/v1/babies/{read}/events?limit=20      (API read)
--   15%  GET  /api/v1/babies/{read}/today                (API read)
--   15%  POST /api/v1/babies/{write}/events              (a new bottle feeding)
--   20%  GET  /                                          (Today page, signed in by cookie)
--   10%  GET  /journal                                   (journal page, signed in by cookie)
-- Arguments after `--`: token, reading baby, writing baby, session cookie value.
-- Sign-ins are not here: bench/soak.sh makes them at a steady, low rate beside wrk.

local token, read_baby, write_baby, session

function init(args)
  token, read_baby, write_baby, session = args[1], args[2], args[3], args[4]
  math.randomseed(os.time() * 1000 + (tonumber(tostring({}):match("0x(%x+)"), 16) or 0) % 1000)
end

local function rfc3339(t)
  return os.date("!%Y-%m-%dT%H:%M:%S+00:00", t)
end

function request()
  local r = math.random(100)
  local api = { ["Authorization"] = "Bearer " .. token }
  local page = { ["Cookie"] = "soothe_session=" .. session }
  if r <= 40 then
    return wrk.format("GET", "/api/v1/babies/" .. read_baby .. "/events?limit=20", api)
  elseif r <= 55 then
    return wrk.format("GET", "/api/v1/babies/" .. read_baby .. "/today", api)
  elseif r <= 70 then
    local now = os.time()
    local start = now - math.random(3600, 3 * 86400)
    local body = string.format(
      '{"kind":"feeding","start":"%s","end":"%s","method":"bottle","amount_ml":%d}',
      rfc3339(start), rfc3339(start + 60 * math.random(5, 30)), math.random(30, 240))
    api["Content-Type"] = "application/json"
    return wrk.format("POST", "/api/v1/babies/" .. write_baby .. "/events", api, body)
  elseif r <= 90 then
    return wrk.format("GET", "/", page)
  else
    return wrk.format("GET", "/journal", page)
  end
end
