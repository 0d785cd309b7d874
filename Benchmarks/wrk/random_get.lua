-- GET /api/v1/dossiers/{code} of a dossier picked at random among the seeded ones, so that the
-- lookups are not answered by one hot row. Environment: MOTCUA_TOKEN, MOTCUA_PREFIX (code up
-- to the counter), MOTCUA_FIRST and MOTCUA_LAST (the counters to pick from).
local counter = 0

function setup(thread)
  thread:set("id", counter)
  counter = counter + 1
end

function init(args)
  math.randomseed(os.time() * 100 + id)
  prefix = os.getenv("MOTCUA_PREFIX")
  first = tonumber(os.getenv("MOTCUA_FIRST"))
  last = tonumber(os.getenv("MOTCUA_LAST"))
  wrk.headers["Authorization"] = "Bearer " .. os.getenv("MOTCUA_TOKEN")
end

function request()
  return wrk.format("GET", string.format("/api/v1/dossiers/%s%04d", prefix, math.random(first, last)))
end
