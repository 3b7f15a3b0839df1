-- wrk script: POSTs batches of FA_BATCH (default 100) distinct transactions to /v1/transactions/score-batch.
local counter = 0

function setup(thread)
  counter = counter + 1
  thread:set("thread_id", counter)
end

function init(args)
  customers = tonumber(os.getenv("FA_CUSTOMERS") or "100000")
  terminals = tonumber(os.getenv("FA_TERMINALS") or "10000")
  batch = tonumber(os.getenv("FA_BATCH") or "100")
  prefix = string.format("wrkb%d-%d", os.time(), thread_id)
  sent = 0
  math.randomseed(os.time() + thread_id * 104729)
end

request = function()
  local items = {}
  local now = os.date("!%Y-%m-%dT%H:%M:%SZ")
  for i = 1, batch do
    sent = sent + 1
    items[i] = string.format(
      '{"transactionId":"%s-%d","customerId":"c%d","terminalId":"t%d","amount":%d.%02d,"timestamp":"%s"}',
      prefix, sent, math.random(1, customers), math.random(1, terminals),
      math.random(1, 180), math.random(0, 99), now)
  end
  return wrk.format("POST", "/v1/transactions/score-batch", { ["Content-Type"] = "application/json", ["Authorization"] = "Bearer " .. (os.getenv("FA_API_KEY") or "") },
    '{"transactions":[' .. table.concat(items, ",") .. ']}')
end
