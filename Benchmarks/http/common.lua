-- Shared by the wrk scripts of the SCIM-over-HTTP benchmark: the bearer token from SCIM_TOKEN,
-- a per-thread id (1, 2, …) for unique names, and a done() that prints one machine-readable line:
--   RESULT <requests> <requests per second> <p50 ms> <p99 ms> <non-2xx responses> <socket errors>
local threads = {}

function setup(thread)
    table.insert(threads, thread)
    thread:set("tid", #threads)
end

function common_init()
    wrk.headers["Authorization"] = "Bearer " .. os.getenv("SCIM_TOKEN")
    wrk.headers["Content-Type"] = "application/scim+json; charset=utf-8"
    math.randomseed(os.time() + tid * 7919)
end

function load_ids()
    local ids = {}
    for line in io.lines(os.getenv("SCIM_IDS_FILE")) do
        if #line > 0 then table.insert(ids, line) end
    end
    return ids
end

function done(summary, latency, requests)
    local seconds = summary.duration / 1e6
    local errors = summary.errors.connect + summary.errors.read + summary.errors.write + summary.errors.timeout
    io.write(string.format("RESULT %d %.0f %.2f %.2f %d %d\n", summary.requests, summary.requests / seconds,
        latency:percentile(50) / 1000, latency:percentile(99) / 1000, summary.errors.status, errors))
end
