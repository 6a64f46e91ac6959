-- wrk script for the checkout benchmark (bench/per_core.sh): each request places one order, POST
-- /apis/orders/ with the next cart prepared by bench/checkout.mjs (BENCH_CARTS_FILE), as a guest.
-- wrk, not Node, sends them: a load generator in C costs the two cores little, as pgbench's own
-- client does, so the shop and PostgreSQL are measured rather than the generator.
-- Usage: wrk -t1 -c16 -d10s -s bench/checkout.lua URL -- CARTS_FILE API_KEY   (one thread: the carts
-- are handed out in order from one list)
local carts, next_cart = {}, 1
errors = 0  -- a global: done() reads it from each thread (thread:get)
local body_of = function(cart_id)
  return '{"cart_id":"' .. cart_id .. '","email":"bench@example.fr",' ..
    '"shipping_address":{"full_name":"Jean Rault","street":"86 quai Saint-Nicolas","city":"Auxerre","postal_code":"89000"},' ..
    '"card":{"holder":"Jean Rault","number":"4556426261628918","cvv":"229","exp_month":2,"exp_year":2028}}'
end
local headers = {}

function init(args)
  for line in io.lines(args[1]) do carts[#carts + 1] = line end
  headers["Content-Type"] = "application/json"
  headers["X-Api-Key"] = args[2]
end

function request()
  -- Past the prepared carts, an unknown one: counted as an error, never as an order.
  local cart = carts[next_cart] or "exhausted"
  next_cart = next_cart + 1
  return wrk.format("POST", "/apis/orders/", headers, body_of(cart))
end

function response(status, _, body)
  if status ~= 201 or not body:find('"reference":"%d%d%d%d%d%d%d%d%d%d%d%d%d"') then errors = errors + 1 end
end

local threads = {}
function setup(thread) threads[#threads + 1] = thread end

function done(summary, latency, _)
  local failed = 0
  for _, t in ipairs(threads) do failed = failed + t:get("errors") end
  local seconds = summary.duration / 1e6
  local orders = summary.requests - failed
  io.write(string.format('{"orders":%d,"errors":%d,"seconds":%.2f,"orders_per_s":%d,"p50_ms":%.1f,"p99_ms":%.1f}\n',
    orders, failed, seconds, math.floor(orders / seconds + 0.5), latency:percentile(50) / 1000, latency:percentile(99) / 1000))
end
