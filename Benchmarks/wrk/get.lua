-- GET with the token in MOTCUA_TOKEN (none for /healthz); any non-200 is reported.
function init(args)
  local token = os.getenv("MOTCUA_TOKEN")
  if token and token ~= "" then wrk.headers["Authorization"] = "Bearer " .. token end
end

function response(status, headers, body)
  if status ~= 200 then
    io.stderr:write("GET answered " .. status .. ": " .. string.sub(body, 1, 200) .. "\n")
  end
end
