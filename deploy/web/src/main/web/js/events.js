// The live feed: one WebSocket to /ws/events (protocol: event-hub-service/PROTOCOL.md) shared by every screen.
// subscribe(stream, onEvent) follows a stream (`user`, `project:<id>`, `run:<id>`, ...); several listeners of one
// stream share one subscription. After a drop it reconnects with a fresh token and resumes each stream from the last
// cursor it delivered, so nothing is missed or repeated; a `resume-gap` is passed on as an event of type
// 'resume-gap' so the screen re-reads its state over REST.
import { accessToken } from './auth.js';

export function createEvents() {
  const streams = new Map(); // stream -> {listeners:Set, errors:Set, cursor:number|null, acked:boolean}
  const statusListeners = new Set();
  let socket = null;
  let status = 'idle';
  let attempt = 0;
  let retryTimer = null;
  let nextId = 1;
  let closedByUs = false;
  const requests = new Map(); // frame id -> stream, to route an ack or an error frame to its stream
  const aliases = new Map(); // the hub's name of a stream -> ours ('user:<subject>' -> 'user')

  function setStatus(s) {
    if (s === status) return;
    status = s;
    statusListeners.forEach(fn => {
      try { fn(s); } catch (e) { console.warn('status listener failed', e); }
    });
  }

  function send(frame) {
    if (socket && socket.readyState === WebSocket.OPEN) socket.send(JSON.stringify(frame));
  }

  function follow(stream, entry) {
    entry.acked = false;
    const id = String(nextId++);
    requests.set(id, stream);
    const frame = { type: entry.cursor === null ? 'subscribe' : 'resume', id, stream };
    if (entry.cursor !== null) frame.after = entry.cursor;
    send(frame);
  }

  async function connect() {
    clearTimeout(retryTimer);
    if (socket || streams.size === 0) return;
    closedByUs = false;
    setStatus(attempt === 0 ? 'connecting' : 'reconnecting');
    let token;
    try {
      token = await accessToken();
    } catch {
      return retry();
    }
    if (socket || streams.size === 0) return;
    const ws = new WebSocket((location.protocol === 'https:' ? 'wss://' : 'ws://') + location.host + '/ws/events',
      ['clipizy.v1', 'bearer.' + token]);
    socket = ws;
    ws.onopen = () => {
      attempt = 0;
      setStatus('connected');
      streams.forEach((entry, stream) => follow(stream, entry));
    };
    ws.onmessage = m => receive(m.data);
    ws.onclose = () => {
      if (socket === ws) socket = null;
      if (!closedByUs && streams.size > 0) retry();
      else setStatus('idle');
    };
    ws.onerror = () => { /* onclose follows and retries */ };
  }

  function retry() {
    setStatus('reconnecting');
    attempt++;
    const delay = Math.min(10000, 500 * 2 ** Math.min(attempt - 1, 5)) * (0.75 + Math.random() * 0.5);
    clearTimeout(retryTimer);
    retryTimer = setTimeout(connect, delay);
  }

  function receive(data) {
    let frame;
    try {
      frame = JSON.parse(data);
    } catch {
      return;
    }
    if (frame.type === 'ack' && frame.stream && frame.id !== undefined) {
      // the hub answers with its own name for the stream (`user` becomes `user:<subject>`)
      const ours = requests.get(String(frame.id));
      if (ours && ours !== frame.stream) aliases.set(frame.stream, ours);
    }
    const name = frame.stream ? aliases.get(frame.stream) || frame.stream : null;
    const entry = name ? streams.get(name) : null;
    switch (frame.type) {
      case 'ack':
        if (entry && frame.op !== 'unsubscribe') {
          entry.acked = true;
          if (entry.cursor === null) entry.cursor = frame.cursor; // a resume keeps its own cursor
        }
        break;
      case 'event':
        if (!entry || (entry.cursor !== null && frame.cursor <= entry.cursor)) return; // already delivered
        entry.cursor = frame.cursor;
        deliver(entry, frame.event, frame);
        break;
      case 'resume-gap':
        if (!entry) return;
        entry.cursor = frame.next - 1;
        deliver(entry, { type: 'resume-gap', after: frame.after, next: frame.next, message: frame.message }, frame);
        break;
      case 'error':
        {
          const stream = requests.get(String(frame.id));
          const failed = stream && streams.get(stream);
          if (failed) failed.errors.forEach(fn => fn(frame));
        }
        break;
      default:
        break;
    }
  }

  function deliver(entry, event, frame) {
    for (const fn of [...entry.listeners]) {
      try {
        fn(event, frame);
      } catch (e) {
        console.warn('event listener failed', e);
      }
    }
  }

  return {
    /**
     * Follows a stream: onEvent(event, frame) for each event in cursor order; onError(frame) if the hub refuses the
     * stream (not-found). Answers the function that stops following.
     */
    subscribe(stream, onEvent, onError) {
      let entry = streams.get(stream);
      const isNew = !entry;
      if (isNew) {
        entry = { listeners: new Set(), errors: new Set(), cursor: null, acked: false };
        streams.set(stream, entry);
      }
      entry.listeners.add(onEvent);
      if (onError) entry.errors.add(onError);
      if (isNew) {
        if (socket && socket.readyState === WebSocket.OPEN) follow(stream, entry);
        else connect();
      }
      return () => {
        entry.listeners.delete(onEvent);
        if (onError) entry.errors.delete(onError);
        if (entry.listeners.size === 0 && streams.get(stream) === entry) {
          streams.delete(stream);
          send({ type: 'unsubscribe', id: String(nextId++), stream });
        }
      };
    },
    /** fn(status) on every change: 'connecting', 'connected', 'reconnecting', 'idle'. Answers the unsubscribe. */
    onStatus(fn) {
      statusListeners.add(fn);
      return () => statusListeners.delete(fn);
    },
    get status() {
      return status;
    },
    /** Drops the connection as a network failure would (used to show that resuming works). */
    drop() {
      if (socket) socket.close(4999, 'dropped by the client');
    },
    close() {
      closedByUs = true;
      streams.clear();
      clearTimeout(retryTimer);
      if (socket) socket.close(1000);
    },
  };
}
