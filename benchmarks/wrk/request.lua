-- wrk script for benchmarks/run.py: headers, request bodies and a JSON summary.
--
-- Configured by environment variables (wrk passes no arguments to setup/done):
--   BENCH_KIND        get (GET each path of BENCH_PATHS in turn), create (POST a contact),
--                     upsert (POST BENCH_BATCH contacts to the path)
--   BENCH_PATHS       file of request paths, one per line (create/upsert use the first)
--   BENCH_KEY         the x-api-key header
--   BENCH_PHONE_BASE  first number of the reserved phones (+999 and 11 digits) this run sends:
--                     each contact created gets a fresh one, so every create and every upsert
--                     item creates (the server's state grows with every request)
--   BENCH_BATCH       items per upsert (1000)
--   BENCH_OUT         file the summary goes to, as one JSON object (latency in microseconds)

local kind = os.getenv("BENCH_KIND") or "get"
local key = os.getenv("BENCH_KEY") or "test-key-org-a"
local phone_base = tonumber(os.getenv("BENCH_PHONE_BASE") or "0")
local batch = tonumber(os.getenv("BENCH_BATCH") or "1000")
local out = os.getenv("BENCH_OUT")

local paths = {}
for line in io.lines(os.getenv("BENCH_PATHS")) do
  if #line > 0 then paths[#paths + 1] = line end
end

-- Each thread gets its own block of phones (setup runs in the main Lua state, per thread).
local threads = 0
function setup(thread)
  thread:set("thread_index", threads)
  threads = threads + 1
end

local sent = 0
local counter = 0

local function phone()
  counter = counter + 1
  return string.format("+999%011d", phone_base + (thread_index or 0) * 100000000 + counter)
end

local function contact()
  return string.format(
    '{"primaryPhone":"%s","firstName":"Bench","lastName":"Load","city":"Rabat"}', phone())
end

local get_headers = { ["x-api-key"] = key }
local post_headers = { ["x-api-key"] = key, ["content-type"] = "application/json" }

function request()
  sent = sent + 1
  if kind == "create" then
    return wrk.format("POST", paths[1], post_headers, contact())
  elseif kind == "upsert" then
    local items = {}
    for i = 1, batch do items[i] = contact() end
    return wrk.format("POST", paths[1], post_headers, '{"data":[' .. table.concat(items, ",") .. ']}')
  end
  return wrk.format("GET", paths[(sent - 1) % #paths + 1], get_headers)
end

function done(summary, latency, requests)
  local errors = summary.errors
  local result = string.format(
    '{"requests":%d,"duration_us":%d,"bytes":%d,"connect_errors":%d,"read_errors":%d,' ..
    '"write_errors":%d,"status_errors":%d,"timeouts":%d,"p50_us":%d,"p90_us":%d,' ..
    '"p99_us":%d,"mean_us":%.1f,"max_us":%d}\n',
    summary.requests, summary.duration, summary.bytes, errors.connect, errors.read,
    errors.write, errors.status, errors.timeout, latency:percentile(50),
    latency:percentile(90), latency:percentile(99), latency.mean, latency.max)
  if out then
    local file = assert(io.open(out, "w"))
    file:write(result)
    file:close()
  else
    io.write(result)
  end
end
