-- wrk script for the P7 chat half: POST /api/chats/{id}/messages, every request to a chat of its own (seeded by the
-- bench script: ids 00000000-0000-4000-8000-<12 hex digits>), so each is a new request the assistant answers with a
-- question. Thread t of a phase uses ids P7_CHAT_BASE + t * P7_CHAT_SPAN + 1, 2, ...; every body carries its own
-- clientMessageId.
local counter = 0
local thread_id = 0

function setup(thread)
  thread:set("tid", thread_id)
  thread_id = thread_id + 1
end

function init(args)
  token = os.getenv("P7_TOKEN")
  base = tonumber(os.getenv("P7_CHAT_BASE"))
  span = tonumber(os.getenv("P7_CHAT_SPAN"))
  wrk.method = "POST"
  wrk.headers["Content-Type"] = "application/json"
  wrk.headers["Authorization"] = "Bearer " .. token
end

function request()
  counter = counter + 1
  if counter > span then
    error("thread " .. tid .. " ran past its " .. span .. " chats; raise P7_CHAT_SPAN")
  end
  local n = base + tid * span + counter
  local path = string.format("/api/chats/00000000-0000-4000-8000-%012x/messages", n)
  local body = string.format(
    '{"text":"a neon city at night in the rain, cinematic, 30 seconds","clientMessageId":"bench-%d"}', n)
  return wrk.format(nil, path, nil, body)
end
