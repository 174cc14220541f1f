-- Sends DEPTH requests (default 16) back to back on each connection before reading the responses.
local depth = tonumber(os.getenv("WRK_PIPELINE_DEPTH") or "16")
init = function(args)
  local one = wrk.format(nil, wrk.path)
  req = string.rep(one, depth)
end
request = function()
  return req
end
dofile(os.getenv("WRK_REPORT_LUA"))
