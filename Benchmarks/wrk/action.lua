-- POST /api/v1/dossiers/{code}/actions with {"action":"forward"} by the desk, each request on
-- a dossier no other request touches: thread t walks codes first+t, first+t+threads, ...
-- Environment: MOTCUA_TOKEN, MOTCUA_PREFIX (code up to the counter, e.g. 000.00.01.H22-261129-),
-- MOTCUA_FIRST (first counter), MOTCUA_LAST (last counter), MOTCUA_THREADS (wrk -t).
local threads = {}
local counter = 0

function setup(thread)
  thread:set("id", counter)
  counter = counter + 1
  table.insert(threads, thread)
end

function init(args)
  token = os.getenv("MOTCUA_TOKEN")
  prefix = os.getenv("MOTCUA_PREFIX")
  nextIndex = tonumber(os.getenv("MOTCUA_FIRST")) + id
  step = tonumber(os.getenv("MOTCUA_THREADS"))
  last = tonumber(os.getenv("MOTCUA_LAST"))
  wrk.method = "POST"
  wrk.body = '{"action":"forward"}'
  wrk.headers["Content-Type"] = "application/json"
  wrk.headers["Authorization"] = "Bearer " .. token
end

function request()
  if nextIndex > last then
    -- Every seeded dossier of this run is forwarded: stop rather than repeat one.
    wrk.thread:stop()
    nextIndex = last
  end
  local path = string.format("/api/v1/dossiers/%s%04d/actions", prefix, nextIndex)
  nextIndex = nextIndex + step
  return wrk.format(nil, path)
end
