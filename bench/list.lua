-- wrk script: GET /api/mv1/leads/list with a fresh pre-signed nonce per request.
-- env: SIGS (file of X-Signature values, one per line), QUERY (query string).
local sigs, idx, step = {}, 0, 1
local query = os.getenv("QUERY") or "start_time=2000-01-01&end_time=2099-12-31&time_type=1&page_size=50"
local counter = 0
function setup(thread)
  thread:set("tid", counter)
  counter = counter + 1
end
function init(args)
  local n = 0
  for line in io.lines(os.getenv("SIGS")) do
    if n % tonumber(os.getenv("THREADS") or "2") == tid then sigs[#sigs + 1] = line end
    n = n + 1
  end
end
function request()
  idx = idx + 1
  if idx > #sigs then idx = 1 end
  return wrk.format("GET", "/api/mv1/leads/list?" .. query,
                    {["X-Signature"] = sigs[idx], ["X-Signature-Algorithm"] = "SHA256"})
end
