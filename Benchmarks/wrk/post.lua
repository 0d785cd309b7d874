-- POST a JSON body (MOTCUA_BODY) with the desk's token (MOTCUA_TOKEN); non-2xx answers are counted
-- by wrk (see get.lua).
function init(args)
  wrk.method = "POST"
  wrk.body = os.getenv("MOTCUA_BODY")
  wrk.headers["Content-Type"] = "application/json"
  wrk.headers["Authorization"] = "Bearer " .. os.getenv("MOTCUA_TOKEN")
end
