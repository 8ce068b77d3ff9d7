-- wrk script for P7: POST /api/tasks with a bearer token; every request carries a unique client reference
-- (thread id + counter) in its params, so no two bodies are alike. The task id itself is chosen by the server.
local counter = 0
local thread_id = 0
local threads = {}

function setup(thread)
  thread_id = thread_id + 1
  thread:set("tid", thread_id)
  table.insert(threads, thread)
end

function init(args)
  token = os.getenv("P7_TOKEN")
  wrk.method = "POST"
  wrk.headers["Content-Type"] = "application/json"
  wrk.headers["Authorization"] = "Bearer " .. token
end

function request()
  counter = counter + 1
  local body = string.format(
    '{"kind":"image_generation","provider":"local","params":{"prompt":"a red fox in the snow","clientRef":"%d-%d-%d"}}',
    tid, counter, math.random(1, 1000000000))
  return wrk.format(nil, nil, nil, body)
end
