-- wrk script: requests whose signature digest is wrong (rejected with 2009).
local sig = os.getenv("BADSIG")
function request()
  return wrk.format("GET", "/api/mv1/leads/list?start_time=2000-01-01&end_time=2099-12-31&time_type=1&page_size=50",
                    {["X-Signature"] = sig, ["X-Signature-Algorithm"] = "SHA256"})
end
