-- GET with the token in MOTCUA_TOKEN (none for /healthz) or the web console's session cookie
-- in MOTCUA_COOKIE. No response() callback: handing each response to Lua costs wrk (which
-- shares the cores) 10–20% of the rate; wrk counts non-2xx answers itself and
-- Benchmarks/wrk/parse.py reports them.
function init(args)
  local token = os.getenv("MOTCUA_TOKEN")
  if token and token ~= "" then wrk.headers["Authorization"] = "Bearer " .. token end
  local cookie = os.getenv("MOTCUA_COOKIE")
  if cookie and cookie ~= "" then wrk.headers["Cookie"] = cookie end
end
