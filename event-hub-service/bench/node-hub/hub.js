'use strict';
// The peer of benchmark P6 (PERFORMANCE.md): a Node.js hub written to do the event hub's live job as fairly as
// possible — a `ws` WebSocket server and a `kafkajs` consumer of task.events, the same token check (RS256 signature
// with the same public key, issuer, expiry, role "user"), the same frames for the subset of PROTOCOL.md the load
// generator uses (subscribe / unsubscribe / ping; events with a per-stream cursor; acks, errors, pongs), routing by
// owner then stream. Two modes:
// - in memory (the default): the streams' cursors live in this process only — no replay store, no resume, no second
//   instance: a lighter job than the Quarkus hub's, which stores every event in PostgreSQL before delivering it;
// - durable (STORE_URL set): the same job as the Quarkus hub's on the bench's path — each kafkajs batch is stored with
//   the Quarkus hub's own one-statement batch write (STORE_SQL, its ReplayRepository.STORE_BATCH: inbox ids, each
//   stream's block of cursors under its row lock, the rows, the announcements with pg_notify) against the same
//   schema (the hub's migrations), and delivered from what the statement answers once it has committed; a stream's
//   head is read from stream_cursor when this process has not seen it. Not done here: resume after a cursor, reading
//   other instances' announcements, and the stepwise fallback for a batch that gives one stream two owners (the bench
//   never produces one).
//
// Environment: PORT, KAFKA_BROKERS (comma-separated), PUBLIC_KEY (base64 DER SubjectPublicKeyInfo, as quarkus-oidc's
// quarkus.oidc.public-key), ISSUER, GROUP_ID (default p6-node-hub), TOPIC (default task.events), KAFKA_LOG_LEVEL,
// STORE_URL (postgres://user:password@host:port/database: durable mode), STORE_SQL (the batch statement, durable mode).

const http = require('http');
const crypto = require('crypto');
const { WebSocketServer } = require('ws');
const { Kafka, logLevel } = require('kafkajs');
const jwt = require('jsonwebtoken');
const { Pool } = require('pg');

const PORT = Number(process.env.PORT || 8096);
const BROKERS = (process.env.KAFKA_BROKERS || 'localhost:9092').split(',');
const ISSUER = process.env.ISSUER;
const TOPIC = process.env.TOPIC || 'task.events';
const GROUP_ID = process.env.GROUP_ID || 'p6-node-hub';
const PUBLIC_KEY = crypto.createPublicKey({
  key: Buffer.from(process.env.PUBLIC_KEY || '', 'base64'), format: 'der', type: 'spki',
});
// The same limits as the Quarkus hub's defaults (application.properties).
const MAX_SUBSCRIPTIONS = 50;
const MAX_CONNECTIONS_PER_USER = 20;
const MAX_PENDING_BYTES = 2000 * 1024; // ~2,000 frames of ~1 KiB waiting to be written: close with 4002
const MAX_CLIENT_FRAME_BYTES = 4096;
const PING_INTERVAL_MS = 20000;
const IDLE_TIMEOUT_MS = 60000;
const KINDS = { user: 'ownerId', task: 'taskId', run: 'runId', chat: 'chatId', project: 'projectId' };
const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;
const STORE_URL = process.env.STORE_URL;
const store = STORE_URL ? new Pool({ connectionString: STORE_URL, max: 4 }) : null;
const INSTANCE = crypto.randomUUID();
// The Quarkus hub's batch write, handed over by the bench (STORE_SQL: ReplayRepository's STORE_BATCH as compiled into
// the hub under test), so the two hubs always run the same statement.
const STORE_BATCH = process.env.STORE_SQL;
if (store !== null && !STORE_BATCH) throw new Error('durable mode needs STORE_SQL, the statement to store a batch with');

/** streamKey -> { owner, cursor }: a stream exists from its first event, as in the Quarkus hub. */
const streams = new Map();
/** owner -> Set of sessions. */
const byUser = new Map();
let deliveries = 0;

function tokenOf(req) {
  const auth = req.headers.authorization;
  if (auth && /^bearer /i.test(auth)) return auth.slice(7).trim();
  const protocols = req.headers['sec-websocket-protocol'];
  if (protocols) {
    for (const p of protocols.split(',')) {
      const v = p.trim();
      if (v.startsWith('bearer.')) return v.slice(7);
    }
  }
  const q = new URL(req.url, 'http://x').searchParams.get('access_token');
  return q || null;
}

function authenticate(req) {
  const token = tokenOf(req);
  if (!token) return { status: 401 };
  let claims;
  try {
    claims = jwt.verify(token, PUBLIC_KEY, { algorithms: ['RS256'], issuer: ISSUER });
  } catch (e) {
    return { status: 401 };
  }
  if (!claims.sub) return { status: 401 };
  const roles = [].concat((claims.realm_access && claims.realm_access.roles) || [], claims.groups || []);
  if (!roles.includes('user')) return { status: 403 };
  return { subject: claims.sub, exp: claims.exp };
}

const server = http.createServer((req, res) => {
  if (req.url === '/health') {
    res.writeHead(ready ? 200 : 503, { 'content-type': 'application/json' });
    res.end(JSON.stringify({ ready, deliveries, connections: wss.clients.size }));
    return;
  }
  res.writeHead(404);
  res.end();
});

const wss = new WebSocketServer({
  noServer: true,
  maxPayload: 65536,
  perMessageDeflate: false,
  handleProtocols: (protocols) => (protocols.has('clipizy.v1') ? 'clipizy.v1' : false),
});

server.on('upgrade', (req, socket, head) => {
  if (new URL(req.url, 'http://x').pathname !== '/ws/events') {
    socket.end('HTTP/1.1 404 Not Found\r\nContent-Length: 0\r\n\r\n');
    return;
  }
  const auth = authenticate(req);
  if (auth.status) {
    socket.end(`HTTP/1.1 ${auth.status} ${auth.status === 401 ? 'Unauthorized' : 'Forbidden'}\r\nContent-Length: 0\r\n\r\n`);
    return;
  }
  wss.handleUpgrade(req, socket, head, (ws) => opened(ws, auth));
});

function text(s) {
  return JSON.stringify(s);
}

function idPart(id) {
  return id === undefined || id === null ? '' : `,"id":${text(String(id))}`;
}

function send(session, frame) {
  if (session.closed) return false;
  if (session.ws.bufferedAmount > MAX_PENDING_BYTES) {
    close(session, 4002, 'too slow: reconnect and resume from your last cursors');
    return false;
  }
  session.ws.send(frame);
  return true;
}

function error(session, id, code, field, message) {
  send(session, `{"type":"error"${idPart(id)},"code":${text(code)}${field ? `,"field":${text(field)}` : ''},"message":${text(message)}}`);
}

function close(session, code, reason) {
  if (session.closed) return;
  ended(session);
  session.ws.close(code, reason);
}

function ended(session) {
  if (session.closed) return;
  session.closed = true;
  clearTimeout(session.expiry);
  const set = byUser.get(session.user);
  if (set) {
    set.delete(session);
    if (set.size === 0) byUser.delete(session.user);
  }
}

function opened(ws, auth) {
  const session = { ws, user: auth.subject, subs: new Map(), lastSeen: Date.now(), closed: false, expiry: null };
  let set = byUser.get(auth.subject);
  if (!set) {
    set = new Set();
    byUser.set(auth.subject, set);
  }
  if (set.size >= MAX_CONNECTIONS_PER_USER) {
    ws.close(4029, 'too many connections for this user');
    if (set.size === 0) byUser.delete(auth.subject);
    return;
  }
  set.add(session);
  session.expiry = setTimeout(() => close(session, 4001, 'token expired: reconnect with a fresh token and resume'),
    Math.max(1, auth.exp * 1000 - Date.now()));
  ws.on('message', (data, isBinary) => handle(session, data, isBinary));
  ws.on('pong', () => { session.lastSeen = Date.now(); });
  ws.on('close', () => ended(session));
  ws.on('error', () => ended(session));
}

function resolve(session, stream) {
  if (typeof stream !== 'string') return null;
  if (stream === 'user') return `user:${session.user}`;
  const colon = stream.indexOf(':');
  if (colon < 0) return null;
  const kind = stream.slice(0, colon);
  const id = stream.slice(colon + 1);
  if (!(kind in KINDS) || id.length === 0) return null;
  if (kind !== 'user' && !UUID.test(id)) return null;
  return kind === 'user' ? stream : `${kind}:${id.toLowerCase()}`;
}

function handle(session, data, isBinary) {
  session.lastSeen = Date.now();
  if (data.length > MAX_CLIENT_FRAME_BYTES) {
    close(session, 1009, `frame over ${MAX_CLIENT_FRAME_BYTES} bytes`);
    return;
  }
  let frame;
  try {
    frame = JSON.parse(data.toString());
  } catch (e) {
    frame = null;
  }
  if (isBinary || frame === null || typeof frame !== 'object' || Array.isArray(frame)) {
    error(session, undefined, 'bad-frame', null, 'not a JSON object');
    return;
  }
  const { id, type } = frame;
  if (type === 'ping') {
    send(session, `{"type":"pong"${idPart(id)}}`);
    return;
  }
  if (type !== 'subscribe' && type !== 'unsubscribe') {
    error(session, id, 'invalid', 'type', 'must be subscribe, resume, unsubscribe or ping (this hub: no resume)');
    return;
  }
  const key = resolve(session, frame.stream);
  if (key === null) {
    error(session, id, 'invalid', 'stream', 'must be user, user:<subject>, task:<uuid>, run:<uuid>, chat:<uuid> or project:<uuid>');
    return;
  }
  if (type === 'unsubscribe') {
    const sub = session.subs.get(key);
    if (!sub) {
      error(session, id, 'not-subscribed', 'stream', 'this connection does not follow the stream');
      return;
    }
    session.subs.delete(key);
    send(session, `{"type":"ack"${idPart(id)},"op":"unsubscribe","stream":${text(key)},"cursor":${sub.last}}`);
    return;
  }
  if (session.subs.has(key)) {
    error(session, id, 'conflict', 'stream', 'already subscribed: unsubscribe first to resume elsewhere');
    return;
  }
  if (session.subs.size >= MAX_SUBSCRIPTIONS) {
    error(session, id, 'limit', 'stream', `at most ${MAX_SUBSCRIPTIONS} subscriptions per connection`);
    return;
  }
  if (store !== null && !streams.has(key)) {
    // Durable mode: a stream this process has not written since it started is read from the store.
    store.query({ name: 'head', text: 'SELECT owner_id, last_cursor FROM stream_cursor WHERE stream_key = $1', values: [key] })
      .then((result) => {
        if (result.rows.length > 0 && !streams.has(key)) {
          streams.set(key, { owner: result.rows[0].owner_id, cursor: Number(result.rows[0].last_cursor) });
        }
        if (!session.closed && !session.subs.has(key)) subscribed(session, id, key);
      }, () => error(session, id, 'unavailable', 'stream', 'the replay store cannot be read: try again'));
    return;
  }
  subscribed(session, id, key);
}

function subscribed(session, id, key) {
  const head = streams.get(key);
  const own = key === `user:${session.user}` || (head !== undefined && head.owner === session.user);
  if (!own) {
    error(session, id, 'not-found', 'stream', 'no such stream');
    return;
  }
  const cursor = head ? head.cursor : 0;
  session.subs.set(key, { last: cursor });
  send(session, `{"type":"ack"${idPart(id)},"op":"subscribe","stream":${text(key)},"cursor":${cursor}}`);
}

/** A frame for an event at the cursor of the stream, to every session of its owner that follows the stream. */
function deliver(owner, key, cursor, value) {
  const sessions = byUser.get(owner);
  if (sessions === undefined) return;
  let frame = null;
  for (const session of sessions) {
    const sub = session.subs.get(key);
    // At or below what the session has: a stream whose head was read from the store while its batch committed.
    if (sub === undefined || session.closed || cursor <= sub.last) continue;
    if (frame === null) frame = `{"type":"event","stream":${text(key)},"cursor":${cursor},"event":${value}}`;
    sub.last = cursor;
    if (send(session, frame)) deliveries += 1;
  }
}

/** The record's stream keys: its owner's user stream and the streams of the ids it carries. */
function streamsOf(record) {
  const keys = [];
  for (const kind in KINDS) {
    const id = record[KINDS[kind]];
    if (typeof id === 'string') keys.push(`${kind}:${kind === 'user' ? id : id.toLowerCase()}`);
  }
  return keys.sort();
}

function parse(value) {
  let record;
  try {
    record = JSON.parse(value);
  } catch (e) {
    return null;
  }
  return typeof record.ownerId === 'string' && record.ownerId.length > 0 ? record : null;
}

/** In memory: one record of task.events takes the next cursor in each of its streams and is delivered at once. */
function consumed(value) {
  const record = parse(value);
  if (record === null) return;
  const owner = record.ownerId;
  for (const key of streamsOf(record)) {
    let head = streams.get(key);
    if (head === undefined) {
      head = { owner, cursor: 0 };
      streams.set(key, head);
    } else if (head.owner !== owner) {
      continue; // another user's stream: not stored there, as in the Quarkus hub
    }
    head.cursor += 1;
    deliver(owner, key, head.cursor, value);
  }
}

/**
 * Durable: a batch of task.events stored in one statement (STORE_BATCH, each event id once), then delivered from the
 * rows it answers — (stream, cursor, record) in stream and cursor order — once committed.
 */
async function storeAndDeliver(values) {
  const records = [];
  const seen = new Set();
  for (const value of values) {
    const record = parse(value);
    if (record === null || typeof record.eventId !== 'string' || seen.has(record.eventId)) continue;
    seen.add(record.eventId);
    records.push({ record, value });
  }
  if (records.length === 0) return;
  const ids = []; const owners = []; const topics = []; const types = []; const payloads = []; const at = [];
  const keys = []; const indexes = [];
  records.forEach(({ record, value }, i) => {
    ids.push(record.eventId);
    owners.push(record.ownerId);
    topics.push(TOPIC);
    types.push(String(record.type));
    payloads.push(value);
    at.push(record.occurredAt);
    for (const key of streamsOf(record)) {
      keys.push(key);
      indexes.push(i + 1);
    }
  });
  const result = await store.query({
    name: 'store-batch',
    text: STORE_BATCH,
    values: [GROUP_ID, ids, keys, indexes, owners, topics, types, payloads, at, 'eventhub_events', 5500, INSTANCE],
  });
  for (const row of result.rows) {
    if (row.k === null || row.c === null) continue; // the announcement count, or a record kept out of another's stream
    const { record, value } = records[Number(row.i) - 1];
    const cursor = Number(row.c);
    const head = streams.get(row.k);
    if (head === undefined) streams.set(row.k, { owner: record.ownerId, cursor });
    else head.cursor = cursor;
    deliver(record.ownerId, row.k, cursor, value);
  }
}

setInterval(() => {
  const now = Date.now();
  for (const set of byUser.values()) {
    for (const session of set) {
      if (now - session.lastSeen > IDLE_TIMEOUT_MS) close(session, 4000, 'idle timeout: no frame or pong received');
      else session.ws.ping();
    }
  }
}, PING_INTERVAL_MS).unref();

let ready = false;
const kafka = new Kafka({ clientId: 'p6-node-hub', brokers: BROKERS, logLevel: logLevel[process.env.KAFKA_LOG_LEVEL || 'WARN'] });
const consumer = kafka.consumer({ groupId: GROUP_ID, maxWaitTimeInMs: 100 });

async function main() {
  await consumer.connect();
  await consumer.subscribe({ topic: TOPIC, fromBeginning: false });
  consumer.on(consumer.events.GROUP_JOIN, () => { ready = true; });
  await consumer.run({
    eachBatchAutoResolve: true,
    eachBatch: async ({ batch }) => {
      if (store !== null) {
        // One statement: a failed one stored nothing, and kafkajs retries the whole batch.
        await storeAndDeliver(batch.messages.filter((m) => m.value).map((m) => m.value.toString()));
        return;
      }
      for (const message of batch.messages) {
        if (message.value) consumed(message.value.toString());
      }
    },
  });
  server.listen(PORT, () => console.log(`node hub listening on ${PORT}`));
}

function shutdown() {
  consumer.disconnect().then(() => store && store.end()).finally(() => process.exit(0));
}
process.on('SIGTERM', shutdown);
process.on('SIGINT', shutdown);
main().catch((e) => {
  console.error(e);
  process.exit(1);
});
