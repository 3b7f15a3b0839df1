-- wrk script: POSTs one distinct transaction per request to /v1/transactions/score.
-- Customers are drawn from a pool (env FA_CUSTOMERS, default 100000) so windows fill up as in production;
-- timestamps are the current time, so they are never in the future and never more than seconds late.
local threads = {}
local counter = 0

function setup(thread)
  counter = counter + 1
  thread:set("thread_id", counter)
  table.insert(threads, thread)
end

function init(args)
  customers = tonumber(os.getenv("FA_CUSTOMERS") or "100000")
  terminals = tonumber(os.getenv("FA_TERMINALS") or "10000")
  prefix = string.format("wrk%d-%d", os.time(), thread_id)
  sent = 0
  math.randomseed(os.time() + thread_id * 7919)
end

request = function()
  sent = sent + 1
  local body = string.format(
    '{"transactionId":"%s-%d","customerId":"c%d","terminalId":"t%d","amount":%d.%02d,"timestamp":"%s"}',
    prefix, sent, math.random(1, customers), math.random(1, terminals),
    math.random(1, 180), math.random(0, 99), os.date("!%Y-%m-%dT%H:%M:%SZ"))
  return wrk.format("POST", "/v1/transactions/score", { ["Content-Type"] = "application/json", ["Authorization"] = "Bearer " .. (os.getenv("FA_API_KEY") or "") }, body)
end
