-- PATCH /Users/{id} that changes the title each time (so every request appends an event).
dofile(os.getenv("BENCH_LUA_DIR") .. "/common.lua")
local ids
local counter = 0

function init(args)
    common_init()
    ids = load_ids()
end

function request()
    counter = counter + 1
    local body = string.format(
        '{"schemas":["urn:ietf:params:scim:api:messages:2.0:PatchOp"],"Operations":[{"op":"Replace","path":"title","value":"title-%d-%d"}]}',
        tid, counter)
    return wrk.format("PATCH", "/scim/v2/Users/" .. ids[math.random(1, #ids)], nil, body)
end
