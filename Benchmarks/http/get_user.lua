-- GET /Users/{id} of existing users.
dofile(os.getenv("BENCH_LUA_DIR") .. "/common.lua")
local ids

function init(args)
    common_init()
    ids = load_ids()
end

function request()
    return wrk.format("GET", "/scim/v2/Users/" .. ids[math.random(1, #ids)])
end
