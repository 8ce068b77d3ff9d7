"""P7 chat peer: the original AI Content Lab's stack shape doing what POST /api/chats/{id}/messages does.

FastAPI + uvicorn + SQLAlchemy (async engine on asyncpg) + httpx, Debian packages, against the same tables as
chat-service (its Flyway migrations applied by the bench script). Per request, as chat-service does it with its
assistant on the deterministic parser (no LLM):
  1. the bearer token is verified (RS256, same key, issuer and expiry; role `user`), the body validated (text not
     blank and at most 20,000 characters, at most 20 attachment UUIDs, clientMessageId pattern);
  2. one transaction: the chat is read (owner checked: 404 otherwise), the person's message inserted (idempotent on
     clientMessageId) and its MessageAdded event appended to the outbox;
  3. the chat, its project and the assistant's state are read (three statements, as chat-service's three reads);
  4. the workflow's definition is fetched from the workflow service with the person's token (HTTP, the same stand-in
     both sides call);
  5. the message is read for what it says (style, length in seconds, the text as the description of a new request),
     the first required input still missing is chosen, and the assistant's question is written in one transaction:
     the assistant state upserted, the chat read, the assistant's message inserted and its MessageAdded appended;
  6. 201 with the person's message.
The reading of the message is a small equivalent of chat-service's parser (its regular expressions for style and
duration), not a port of all of it: it follows the path the benchmark's messages take (a new request → a question).
"""
import json
import os
import re
import uuid
from datetime import datetime, timezone
from typing import Any, Optional

import httpx
from fastapi import FastAPI, Request
from fastapi.responses import JSONResponse
from sqlalchemy import text
from sqlalchemy.ext.asyncio import create_async_engine

try:
    import jwt  # PyJWT, Debian python3-jwt
except ImportError:  # pragma: no cover - the bench script reports which mode ran
    jwt = None

PUBLIC_KEY = open(os.environ["P7_PUBLIC_KEY_PEM"]).read() if os.environ.get("P7_PUBLIC_KEY_PEM") else None
ISSUER = os.environ.get("P7_ISSUER")
WORKFLOW_URL = os.environ["P7_WORKFLOW_URL"]
MAX_CHARS = 20000
CLIENT_ID = re.compile(r"[A-Za-z0-9._:-]+")
STYLES = ["cinematic", "animated", "realistic", "abstract", "minimalist", "vintage"]
SECONDS = re.compile(r"(\d+(?:\.\d+)?)\s*(?:s|sec|secs|second|seconds)\b")
MINUTES = re.compile(r"(\d+(?:\.\d+)?)\s*(?:min|mins|minute|minutes)\b")
# a project type's usual workflow, as chat-service's IntentParser picks it for a message that names none
WORKFLOW_BY_TYPE = {"music-clip": "music-video.recurring-scenes", "video-edit": "video-clip.standard",
                    "image-edit": "image.generate-or-edit", "audio-edit": "audio.analyze",
                    "custom": "automate.batch"}

engine = create_async_engine(os.environ["P7_PEER_DSN"], pool_size=int(os.environ.get("P7_PEER_POOL", "8")),
                             max_overflow=0)
http = httpx.AsyncClient(timeout=10.0, limits=httpx.Limits(max_connections=32, max_keepalive_connections=32))
app = FastAPI()

FIND_CHAT = text("SELECT c.id, c.project_id, c.owner_id, c.title, c.status FROM chat c WHERE c.id = :id AND c.owner_id = :owner")
INSERT_MESSAGE = text(
    "INSERT INTO message (id, chat_id, owner_id, role, text, attachments, actions, client_message_id) "
    "VALUES (:id, :chat, :owner, :role, :text, CAST(:attachments AS jsonb), CAST(:actions AS jsonb), :client) "
    "ON CONFLICT (chat_id, client_message_id) DO NOTHING "
    "RETURNING id, chat_id, owner_id, role, text, attachments::text AS attachments, actions::text AS actions, "
    "client_message_id, created_at")
FIND_BY_CLIENT = text(
    "SELECT id, chat_id, owner_id, role, text, attachments::text AS attachments, actions::text AS actions, "
    "client_message_id, created_at FROM message WHERE chat_id = :chat AND client_message_id = :client")
INSERT_OUTBOX = text(
    "INSERT INTO outbox (event_id, topic, record_key, record_type, payload, traceparent) "
    "VALUES (:event_id, 'chat.events', :key, 'MessageAdded', :payload, NULL)")
FIND_PROJECT = text("SELECT id, owner_id, type, name FROM project WHERE id = :id AND owner_id = :owner AND deleted_at IS NULL")
FIND_STATE = text("SELECT chat_id, phase, workflow_id, inputs::text AS inputs, pending_field FROM assistant_state WHERE chat_id = :chat")
SAVE_STATE = text(
    "INSERT INTO assistant_state (chat_id, owner_id, phase, workflow_id, inputs, pending_field) "
    "VALUES (:chat, :owner, 'collecting', :workflow, CAST(:inputs AS jsonb), :pending) "
    "ON CONFLICT (chat_id) DO UPDATE SET phase = EXCLUDED.phase, workflow_id = EXCLUDED.workflow_id, "
    "inputs = EXCLUDED.inputs, pending_field = EXCLUDED.pending_field, updated_at = now()")


def problem(status: int, slug: str, detail: str, errors: Optional[list] = None) -> JSONResponse:
    body = {"type": "https://clipizy.io/problems/" + slug, "status": status, "detail": detail, "errors": errors or []}
    return JSONResponse(body, status_code=status, media_type="application/problem+json")


def authenticate(request: Request) -> Any:
    header = request.headers.get("authorization", "")
    if not header.lower().startswith("bearer "):
        return None, None
    token = header[7:]
    if jwt is None:
        return token, {"sub": "bench-user", "realm_access": {"roles": ["user"]}}
    try:
        return token, jwt.decode(token, PUBLIC_KEY, algorithms=["RS256"], issuer=ISSUER, options={"verify_aud": False})
    except jwt.PyJWTError:
        return None, None


def event(owner: str, project_id, chat_id, row) -> dict:
    return {"type": "MessageAdded", "eventId": str(uuid.uuid4()), "schemaVersion": 1,
            "occurredAt": datetime.now(timezone.utc).isoformat(), "ownerId": owner, "projectId": str(project_id),
            "chatId": str(chat_id), "messageId": str(row["id"]), "role": row["role"], "text": row["text"],
            "attachments": json.loads(row["attachments"]), "actions": json.loads(row["actions"]) if row["actions"] else None}


def view(row) -> dict:
    return {"id": str(row["id"]), "chatId": str(row["chat_id"]), "role": row["role"], "text": row["text"],
            "attachments": json.loads(row["attachments"]), "actions": json.loads(row["actions"]) if row["actions"] else None,
            "clientMessageId": row["client_message_id"], "createdAt": row["created_at"].isoformat()}


def read_message(text_: str) -> dict:
    t = text_.lower()
    inputs = {}
    for style in STYLES:
        if re.search(r"\b" + style + r"\b", t):
            inputs["style"] = style
            break
    m = SECONDS.search(t)
    if m:
        inputs["duration"] = float(m.group(1))
    else:
        m = MINUTES.search(t)
        if m:
            inputs["duration"] = float(m.group(1)) * 60
    return inputs


@app.post("/api/chats/{chat_id}/messages")
async def post_message(chat_id: str, request: Request):
    token, claims = authenticate(request)
    if claims is None:
        return problem(401, "unauthorized", "A valid bearer token is required")
    if "user" not in claims.get("realm_access", {}).get("roles", []):
        return problem(403, "forbidden", "Your account lacks the role this operation needs")
    try:
        chat_uuid = uuid.UUID(chat_id)
    except ValueError:
        return problem(404, "not-found", "Chat not found")
    try:
        body = await request.json()
    except ValueError:
        return problem(400, "malformed-request", "The request body is not valid JSON")
    if not isinstance(body, dict):
        return problem(400, "validation", "a JSON body is required")
    errors = []
    message_text = body.get("text")
    if not isinstance(message_text, str) or not message_text.strip():
        errors.append({"field": "text", "message": "must not be empty"})
    elif len(message_text) > MAX_CHARS:
        errors.append({"field": "text", "message": "at most %d characters" % MAX_CHARS})
    attachments = body.get("attachments") or []
    if not isinstance(attachments, list) or len(attachments) > 20:
        errors.append({"field": "attachments", "message": "at most 20 attachments"})
    else:
        try:
            attachments = [str(uuid.UUID(str(a))) for a in attachments]
        except ValueError:
            errors.append({"field": "attachments", "message": "invalid value"})
    client = body.get("clientMessageId")
    if client is not None and (not isinstance(client, str) or not 1 <= len(client) <= 100 or not CLIENT_ID.fullmatch(client)):
        errors.append({"field": "clientMessageId", "message": "letters, digits and . _ : - only"})
    if errors:
        return problem(400, "validation", "; ".join(e["field"] + ": " + e["message"] for e in errors), errors)
    owner = claims["sub"]

    # 2. the person's message and its event, in one transaction
    async with engine.begin() as conn:
        chat = (await conn.execute(FIND_CHAT, {"id": chat_uuid, "owner": owner})).mappings().first()
        if chat is None:
            return problem(404, "not-found", "Chat not found")
        row = (await conn.execute(INSERT_MESSAGE, {"id": uuid.uuid4(), "chat": chat_uuid, "owner": owner, "role": "user",
                                                   "text": message_text, "attachments": json.dumps(attachments),
                                                   "actions": None, "client": client})).mappings().first()
        if row is None:
            first = (await conn.execute(FIND_BY_CLIENT, {"chat": chat_uuid, "client": client})).mappings().one()
            return JSONResponse(view(first), status_code=200)
        await conn.execute(INSERT_OUTBOX, {"event_id": uuid.uuid4(), "key": str(chat_uuid),
                                           "payload": json.dumps(event(owner, chat["project_id"], chat_uuid, row))})
    posted = view(row)

    # 3. the chat, its project and the assistant's state
    async with engine.connect() as conn:
        chat = (await conn.execute(FIND_CHAT, {"id": chat_uuid, "owner": owner})).mappings().one()
        project = (await conn.execute(FIND_PROJECT, {"id": chat["project_id"], "owner": owner})).mappings().one()
        state = (await conn.execute(FIND_STATE, {"chat": chat_uuid})).mappings().first()

    # 4. the workflow's definition, asked with the person's token
    workflow_id = state["workflow_id"] if state is not None else WORKFLOW_BY_TYPE.get(project["type"], "music-video.looped-static")
    response = await http.get(WORKFLOW_URL + "/api/workflows/" + workflow_id, headers={"Authorization": "Bearer " + token})
    response.raise_for_status()
    definition = response.json()

    # 5. what the message says, the first input still missing, and the assistant's question
    specs = definition.get("inputs", {})
    inputs = json.loads(state["inputs"]) if state is not None else {}
    for field, value in read_message(message_text).items():
        if field in specs:
            inputs[field] = value
    if state is None and "description" in specs and "description" not in inputs:
        inputs["description"] = message_text.strip()
    missing = [f for f, spec in specs.items() if spec.get("required") and f not in inputs]
    pending = missing[0] if missing else None
    question = ("What should I use for %s?" % specs[pending].get("label", pending).lower()) if pending else \
        "I have everything I need. Shall I start?"
    async with engine.begin() as conn:
        await conn.execute(SAVE_STATE, {"chat": chat_uuid, "owner": owner, "workflow": workflow_id,
                                        "inputs": json.dumps(inputs), "pending": pending})
        chat = (await conn.execute(FIND_CHAT, {"id": chat_uuid, "owner": owner})).mappings().one()
        reply = (await conn.execute(INSERT_MESSAGE, {"id": uuid.uuid4(), "chat": chat_uuid, "owner": owner,
                                                     "role": "assistant", "text": question, "attachments": "[]",
                                                     "actions": None, "client": None})).mappings().one()
        await conn.execute(INSERT_OUTBOX, {"event_id": uuid.uuid4(), "key": str(chat_uuid),
                                           "payload": json.dumps(event(owner, chat["project_id"], chat_uuid, reply))})
    return JSONResponse(posted, status_code=201, headers={"Location": "/api/chats/%s/messages/%s" % (chat_id, posted["id"])})
