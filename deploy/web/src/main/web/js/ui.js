// Small DOM helpers shared by every screen. Elements are always built with createElement and text nodes, never
// innerHTML with data, so nothing a user or a model wrote can become markup.

/**
 * Creates an element. attrs: `class`, `style` (string or object), `dataset` (object), `on<event>` (listener),
 * booleans (true sets the attribute, false/null/undefined leaves it out), anything else as an attribute.
 * Children: nodes, strings/numbers (as text), arrays (flattened), null/undefined/false (skipped).
 */
export function h(tag, attrs, ...children) {
  const el = document.createElement(tag);
  for (const [key, value] of Object.entries(attrs || {})) {
    if (value === undefined || value === null || value === false) continue;
    if (key.startsWith('on') && typeof value === 'function') {
      el.addEventListener(key.slice(2).toLowerCase(), value);
    } else if (key === 'class' || key === 'className') {
      el.className = value;
    } else if (key === 'style' && typeof value === 'object') {
      Object.assign(el.style, value);
    } else if (key === 'dataset') {
      Object.assign(el.dataset, value);
    } else if (key === 'value' && 'value' in el) {
      el.value = value;
    } else if (key === 'checked' || key === 'selected' || key === 'muted') {
      el[key] = Boolean(value);
    } else {
      el.setAttribute(key, value === true ? '' : String(value));
    }
  }
  append(el, children);
  return el;
}

function append(el, children) {
  for (const child of children) {
    if (child === undefined || child === null || child === false) continue;
    if (Array.isArray(child)) append(el, child);
    else if (child instanceof Node) el.appendChild(child);
    else el.appendChild(document.createTextNode(String(child)));
  }
}

/** 1536 → "1.5 KiB". */
export function formatBytes(bytes) {
  if (bytes === undefined || bytes === null || Number.isNaN(Number(bytes))) return '';
  let n = Number(bytes);
  const units = ['B', 'KiB', 'MiB', 'GiB', 'TiB'];
  let i = 0;
  while (n >= 1024 && i < units.length - 1) {
    n /= 1024;
    i++;
  }
  return (i === 0 ? String(n) : n.toFixed(n < 10 ? 1 : 0)) + ' ' + units[i];
}

/** 75.4 → "1:15"; 3725 → "1:02:05". */
export function formatDuration(seconds) {
  if (seconds === undefined || seconds === null || !Number.isFinite(Number(seconds))) return '';
  const total = Math.max(0, Math.round(Number(seconds)));
  const hrs = Math.floor(total / 3600);
  const min = Math.floor((total % 3600) / 60);
  const sec = String(total % 60).padStart(2, '0');
  return hrs > 0 ? `${hrs}:${String(min).padStart(2, '0')}:${sec}` : `${min}:${sec}`;
}

/** An ISO instant in the reader's locale, e.g. "21 Nov 2026, 10:52". */
export function formatDate(iso) {
  if (!iso) return '';
  const d = new Date(iso);
  if (Number.isNaN(d.getTime())) return String(iso);
  return d.toLocaleString(undefined, { day: 'numeric', month: 'short', year: 'numeric', hour: '2-digit', minute: '2-digit' });
}

/** A friendly "nothing here yet" block. */
export function emptyState(text, ...extra) {
  return h('div', { class: 'empty-state' }, h('p', {}, text), ...extra);
}

/** An error as a person reads it: the problem's title and detail, and each failing field. */
export function errorBox(err) {
  const title = (err && err.title) || 'Something went wrong';
  const detail = err && (err.detail || (err.title ? '' : err.message));
  const fields = Array.isArray(err && err.errors) ? err.errors : [];
  return h('div', { class: 'error-box', role: 'alert' },
    h('strong', {}, title),
    detail ? h('p', {}, detail) : null,
    fields.length ? h('ul', {}, fields.map(f => h('li', {}, [f.field || f.name || f.pointer, f.message || f.detail].filter(Boolean).join(': ')))) : null);
}

/** A small busy indicator with an accessible label. */
export function spinner(label = 'Loading') {
  return h('span', { class: 'spinner', role: 'status', 'aria-label': label }, h('span', { class: 'visually-hidden' }, label + '…'));
}

/** Removes every child of an element. */
export function clear(el) {
  while (el.firstChild) el.removeChild(el.firstChild);
  return el;
}
