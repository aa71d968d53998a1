-- wrk script: POST one lead per request, cycling through the JSON bodies (one per line) in
-- the file named by ICP_BENCH_BODIES, with the key in ICP_BENCH_TOKEN.
local bodies = {}
for line in io.lines(os.getenv("ICP_BENCH_BODIES")) do
  bodies[#bodies + 1] = line
end
local i = 0
wrk.method = "POST"
wrk.headers["Content-Type"] = "application/json"
wrk.headers["Authorization"] = "Bearer " .. os.getenv("ICP_BENCH_TOKEN")

request = function()
  i = i % #bodies + 1
  return wrk.format(nil, nil, nil, bodies[i])
end
