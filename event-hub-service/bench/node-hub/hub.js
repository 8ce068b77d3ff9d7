'use strict';
// The peer of benchmark P6 (PERFORMANCE.md): a Node.js hub written to do the event hub's live job as fairly as
// possible — a `ws` WebSocket server and a `kafkajs` consumer of task.events, the same token check (RS256 signature
// with the same public key, issuer, expiry, role "user"), the same frames for the subset of PROTOCOL.md the load
// generator uses (subscribe / unsubscribe / ping; events with a per-stream cursor; acks, errors, pongs), routing by
// owner then stream. It keeps the streams' cursors in memory only: no replay store, no resume, no second instance —
// a lighter job than the Quarkus hub's, which stores every event in PostgreSQL before announcing it.
//
// Environment: PORT, KAFKA_BROKERS (comma-separated), PUBLIC_KEY (base64 DER SubjectPublicKeyInfo, as quarkus-oidc's
// quarkus.oidc.public-key), ISSUER, GROUP_ID (default p6-node-hub), TOPIC (default task.events), KAFKA_LOG_LEVEL.

const http = require('http');
const crypto = require('crypto');
const { WebSocketServer } = require('ws');
const { Kafka, logLevel } = require('kafkajs');
const jwt = require('jsonwebtoken');

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

/** One record of task.events: a cursor in each of its streams, then a frame to every session of its owner following one. */
function consumed(value) {
  let record;
  try {
    record = JSON.parse(value);
  } catch (e) {
    return;
  }
  const owner = record.ownerId;
  if (typeof owner !== 'string' || owner.length === 0) return;
  const sessions = byUser.get(owner);
  for (const kind in KINDS) {
    const id = record[KINDS[kind]];
    if (typeof id !== 'string') continue;
    const key = `${kind}:${kind === 'user' ? id : id.toLowerCase()}`;
    let head = streams.get(key);
    if (head === undefined) {
      head = { owner, cursor: 0 };
      streams.set(key, head);
    } else if (head.owner !== owner) {
      continue; // another user's stream: not stored there, as in the Quarkus hub
    }
    head.cursor += 1;
    if (sessions === undefined) continue;
    let frame = null;
    for (const session of sessions) {
      const sub = session.subs.get(key);
      if (sub === undefined || session.closed) continue;
      if (frame === null) frame = `{"type":"event","stream":${text(key)},"cursor":${head.cursor},"event":${value}}`;
      sub.last = head.cursor;
      if (send(session, frame)) deliveries += 1;
    }
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
      for (const message of batch.messages) {
        if (message.value) consumed(message.value.toString());
      }
    },
  });
  server.listen(PORT, () => console.log(`node hub listening on ${PORT}`));
}

function shutdown() {
  consumer.disconnect().finally(() => process.exit(0));
}
process.on('SIGTERM', shutdown);
process.on('SIGINT', shutdown);
main().catch((e) => {
  console.error(e);
  process.exit(1);
});
