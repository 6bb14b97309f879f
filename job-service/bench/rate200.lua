-- wrk with 10 connections: each sends its next request 40 ms after the previous answer, about 200 requests/s in all.
function delay()
  return 40
end
