-- POST a JSON body (MOTCUA_BODY) with the desk's token (MOTCUA_TOKEN).
function init(args)
  wrk.method = "POST"
  wrk.body = os.getenv("MOTCUA_BODY")
  wrk.headers["Content-Type"] = "application/json"
  wrk.headers["Authorization"] = "Bearer " .. os.getenv("MOTCUA_TOKEN")
end

function response(status, headers, body)
  if status ~= 201 then
    io.stderr:write("create answered " .. status .. ": " .. string.sub(body, 1, 200) .. "\n")
  end
end
