-- wrk script for nginx: the same request shape against a static file.
function request()
  return wrk.format("GET", "/list.json", {["X-Signature"] = "MTAwMDAwMDAwMDAwMDAwMDAxLDE3MzI4Mzg0MDAsZjNiMWMwZGU5YTdlNGQyYjhjNmE1ZTRmM2QyYzFiMGEsZDc0YjMyMzEwMWVhYjNlZTQ3YzEzNzljZDVkMWQ1NGI2NjU2YTBiMzMxZjk1NTFkYTlmNWJkNjJiOGZlMzRhMA==", ["X-Signature-Algorithm"] = "SHA256"})
end
