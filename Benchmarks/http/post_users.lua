-- POST /Users with a unique userName per request (a typical Entra create body).
dofile(os.getenv("BENCH_LUA_DIR") .. "/common.lua")
local counter = 0
local prefix = os.getenv("USER_PREFIX") or "bench"

function init(args)
    common_init()
end

function request()
    counter = counter + 1
    local name = string.format("%s-%d-%d", prefix, tid, counter)
    local body = string.format(
        '{"schemas":["urn:ietf:params:scim:schemas:core:2.0:User","urn:ietf:params:scim:schemas:extension:enterprise:2.0:User"],'
        .. '"externalId":"%s","userName":"%s","active":true,"displayName":"Bench User %d",'
        .. '"emails":[{"primary":true,"type":"work","value":"%s@example.com"}],"meta":{"resourceType":"User"},'
        .. '"name":{"formatted":"Bench User","familyName":"User","givenName":"Bench"},"roles":[],'
        .. '"urn:ietf:params:scim:schemas:extension:enterprise:2.0:User":{"department":"Sales","employeeNumber":"%d"}}',
        name, name, counter, name, counter)
    return wrk.format("POST", "/scim/v2/Users", nil, body)
end
