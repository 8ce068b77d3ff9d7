"""P7 peer: the original AI Content Lab's stack shape doing what POST /api/tasks does.

FastAPI + uvicorn + SQLAlchemy (async engine on asyncpg), Debian packages. Per request: the bearer token is verified
(RS256 with the same public key, issuer and expiry checked, role `user` required) when PyJWT is available; the body is
validated as the gateway validates it (kind from the same list, provider id pattern, params an object, projectId a
UUID); then, in one transaction, the task row is inserted (same table shape), its QUEUED event is appended to the
outbox table, and the row is read back and answered with 201 and a Location header.
"""
import json
import os
import re
import uuid
from datetime import datetime, timezone
from typing import Any, Optional

from fastapi import FastAPI, Request
from fastapi.responses import JSONResponse
from sqlalchemy import text
from sqlalchemy.ext.asyncio import create_async_engine

try:
    import jwt  # PyJWT, Debian python3-jwt
except ImportError:  # pragma: no cover - the bench script reports which mode ran
    jwt = None

KINDS = {"text_generation", "image_generation", "image_description", "video_generation", "music_generation",
         "audio_analysis", "video_composition"}
PROVIDER = re.compile(r"[a-z0-9_-]+")
PUBLIC_KEY = open(os.environ["P7_PUBLIC_KEY_PEM"]).read() if os.environ.get("P7_PUBLIC_KEY_PEM") else None
ISSUER = os.environ.get("P7_ISSUER")

engine = create_async_engine(os.environ["P7_PEER_DSN"], pool_size=int(os.environ.get("P7_PEER_POOL", "8")),
                             max_overflow=0)
app = FastAPI()

INSERT_TASK = text(
    "INSERT INTO task (id, owner_id, project_id, kind, provider, params, status, progress, message, sequence, attempts) "
    "VALUES (:id, :owner, :project, :kind, :provider, CAST(:params AS jsonb), 'QUEUED', 0, 'Queued', 0, 1) "
    "ON CONFLICT (id) DO NOTHING")
INSERT_OUTBOX = text(
    "INSERT INTO outbox (event_id, topic, record_key, record_type, payload, traceparent) "
    "VALUES (:event_id, 'task.events', :key, 'TaskEvent', :payload, NULL)")
SELECT_TASK = text(
    "SELECT id, owner_id, project_id, kind, provider, params::text AS params, status, progress, message, sequence, "
    "attempts, created_at FROM task WHERE id = :id")


def problem(status: int, slug: str, detail: str, errors: Optional[list] = None) -> JSONResponse:
    body = {"type": "https://clipizy.io/problems/" + slug, "status": status, "detail": detail, "errors": errors or []}
    return JSONResponse(body, status_code=status, media_type="application/problem+json")


def authenticate(request: Request) -> Any:
    header = request.headers.get("authorization", "")
    if not header.lower().startswith("bearer "):
        return None
    token = header[7:]
    if jwt is None:
        return {"sub": "bench-user", "realm_access": {"roles": ["user"]}}
    try:
        return jwt.decode(token, PUBLIC_KEY, algorithms=["RS256"], issuer=ISSUER, options={"verify_aud": False})
    except jwt.PyJWTError:
        return None


@app.post("/api/tasks")
async def create_task(request: Request):
    claims = authenticate(request)
    if claims is None:
        return problem(401, "unauthorized", "A valid bearer token is required")
    if "user" not in claims.get("realm_access", {}).get("roles", []):
        return problem(403, "forbidden", "Your account lacks the role this operation needs")
    try:
        body = await request.json()
    except ValueError:
        return problem(400, "malformed-request", "The request body is not valid JSON")
    if not isinstance(body, dict):
        return problem(400, "validation", "a JSON body is required")
    errors = []
    kind = body.get("kind")
    if kind is None:
        errors.append({"field": "kind", "message": "is required"})
    elif kind not in KINDS:
        errors.append({"field": "kind", "message": "unknown TaskKind '%s'" % kind})
    provider = body.get("provider")
    if provider is not None and (not isinstance(provider, str) or len(provider) > 64 or not PROVIDER.fullmatch(provider)):
        errors.append({"field": "provider", "message": "must be a provider id such as local or comfyui"})
    params = body.get("params")
    if params is not None and not isinstance(params, dict):
        errors.append({"field": "params", "message": "must be a JSON object"})
    project = body.get("projectId")
    if project is not None:
        try:
            project = uuid.UUID(str(project))
        except ValueError:
            errors.append({"field": "projectId", "message": "invalid value"})
    if errors:
        return problem(400, "validation", "; ".join(e["field"] + ": " + e["message"] for e in errors), errors)
    task_id = uuid.uuid4()
    owner = claims["sub"]
    params_json = json.dumps(params or {})
    event = {"type": "TaskEvent", "eventId": str(uuid.uuid4()), "occurredAt": datetime.now(timezone.utc).isoformat(),
             "schemaVersion": 1, "ownerId": owner, "projectId": str(project) if project else None,
             "taskId": str(task_id), "kind": kind, "provider": provider, "status": "QUEUED", "progress": 0.0,
             "message": "Queued", "sequence": 0, "outputs": [], "result": None, "error": None}
    async with engine.begin() as conn:
        await conn.execute(INSERT_TASK, {"id": task_id, "owner": owner, "project": project, "kind": kind,
                                         "provider": provider, "params": params_json})
        await conn.execute(INSERT_OUTBOX, {"event_id": uuid.UUID(event["eventId"]), "key": str(task_id),
                                           "payload": json.dumps(event)})
        row = (await conn.execute(SELECT_TASK, {"id": task_id})).mappings().one()
    view = {"id": str(row["id"]), "kind": row["kind"], "provider": row["provider"], "status": row["status"],
            "progress": row["progress"], "message": row["message"],
            "projectId": str(row["project_id"]) if row["project_id"] else None, "params": json.loads(row["params"]),
            "outputs": [], "attempts": row["attempts"], "createdAt": row["created_at"].isoformat()}
    return JSONResponse(view, status_code=201, headers={"Location": "/api/tasks/" + str(task_id)})
