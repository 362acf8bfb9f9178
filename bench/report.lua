-- wrk script: POST /api/mv1/leads/report with 50 items and a fresh pre-signed nonce.
-- env: SIGS (signature file), IDS (file of leads_ids, one per line).
local sigs, idx, body = {}, 0, nil
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
  local items, k = {}, 0
  for id in io.lines(os.getenv("IDS")) do
    k = k + 1
    if k > 50 then break end
    items[#items + 1] = '{"leads_id":' .. id .. ',"leads_convert_type":"LEADS_CONVERT_STATUS_POTENTIAL_CUSTOMER","leads_intention_score":"LEADS_INTENTION_SCORE_LEVEL_5"}'
  end
  body = '{"list":[' .. table.concat(items, ",") .. ']}'
end
function request()
  idx = idx + 1
  if idx > #sigs then idx = 1 end
  return wrk.format("POST", "/api/mv1/leads/report",
                    {["X-Signature"] = sigs[idx], ["X-Signature-Algorithm"] = "SHA256",
                     ["Content-Type"] = "application/json"}, body)
end
