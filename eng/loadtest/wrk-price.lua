-- POST /medpayiq/price for wrk, the request bodies eng/loadtest --serve writes, in turn per connection:
--   BODIES=<folder it prints> wrk -t1 -c16 -d30s -s eng/loadtest/wrk-price.lua http://127.0.0.1:<port>/medpayiq/price
-- Counts the answers that are not 200 (wrk's "Non-2xx" line says them too).
local folder = os.getenv("BODIES")
local bodies = {}
for i = 0, 10000 do
  local f = io.open(folder .. "/" .. i .. ".json", "rb")
  if f == nil then break end
  bodies[#bodies + 1] = f:read("*a")
  f:close()
end
assert(#bodies > 0, "no request bodies in BODIES=" .. tostring(folder))
local next = 0
request = function()
  next = next % #bodies + 1
  return wrk.format("POST", nil, { ["Content-Type"] = "application/json" }, bodies[next])
end
