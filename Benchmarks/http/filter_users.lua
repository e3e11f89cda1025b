-- GET /Users?filter=userName eq "<existing user>" (Entra's matching query), names from the seed run.
-- (wrk calls request() once per thread before the run, so each thread's seed names start at 2.)
dofile(os.getenv("BENCH_LUA_DIR") .. "/common.lua")
local per_thread = tonumber(os.getenv("SEEDED_PER_THREAD") or "1000")
local threads_seeded = tonumber(os.getenv("SEEDED_THREADS") or "2")

function init(args)
    common_init()
end

function request()
    local name = string.format("seed-%d-%d", math.random(1, threads_seeded), math.random(2, per_thread + 1))
    return wrk.format("GET", "/scim/v2/Users?filter=userName+eq+%22" .. name .. "%22")
end
