// Small pieces the gallery, credits, video jobs and settings screens share: a confirm dialog, a pager, a download
// of an authenticated resource, object URLs freed with the screen, and a throttle for event-driven refreshes.
import { h } from '../js/ui.js';

/** Collects object URLs made by a screen so its cleanup frees them all. */
export function objectUrls() {
  const urls = new Set();
  return {
    make(blob) {
      const url = URL.createObjectURL(blob);
      urls.add(url);
      return url;
    },
    free(url) {
      if (urls.delete(url)) URL.revokeObjectURL(url);
    },
    freeAll() {
      urls.forEach((u) => URL.revokeObjectURL(u));
      urls.clear();
    },
  };
}

/**
 * Asks a yes/no question in a modal <dialog> (focus trapped by the browser, Escape cancels, the safe button focused
 * first). Resolves true when confirmed.
 */
export function confirmDialog({ title, message, confirmLabel = 'Delete', danger = true }) {
  return new Promise((resolve) => {
    const cancel = h('button', { type: 'button', class: 'button ghost', onclick: () => close(false) }, 'Cancel');
    const ok = h('button', {
      type: 'button',
      class: danger ? 'button danger' : 'button',
      'data-testid': 'confirm-ok',
      onclick: () => close(true),
    }, confirmLabel);
    const heading = h('h2', { id: 'confirm-title' }, title);
    const dialog = h('dialog', { class: 'sc-dialog', 'aria-labelledby': 'confirm-title', role: 'alertdialog' },
      heading, h('p', {}, message), h('div', { class: 'sc-dialog-actions' }, cancel, ok));
    let done = false;
    function close(value) {
      if (done) return;
      done = true;
      if (dialog.open) dialog.close();
      dialog.remove();
      resolve(value);
    }
    dialog.addEventListener('cancel', (e) => {
      e.preventDefault();
      close(false);
    });
    document.body.append(dialog);
    dialog.showModal();
    cancel.focus();
  });
}

/** A modal dialog holding `content`; resolves when closed. `onClose` runs first (e.g. to pause a video). */
export function showDialog(titleText, content, onClose) {
  return new Promise((resolve) => {
    const closeButton = h('button', { type: 'button', class: 'button ghost small', 'aria-label': 'Close', onclick: () => close() }, 'Close');
    const dialog = h('dialog', { class: 'sc-dialog sc-dialog-wide', 'aria-labelledby': 'sc-dialog-title' },
      h('div', { class: 'sc-dialog-head' }, h('h2', { id: 'sc-dialog-title' }, titleText), closeButton),
      content);
    let done = false;
    function close() {
      if (done) return;
      done = true;
      if (onClose) onClose();
      if (dialog.open) dialog.close();
      dialog.remove();
      resolve();
    }
    dialog.addEventListener('cancel', (e) => {
      e.preventDefault();
      close();
    });
    dialog.addEventListener('click', (e) => {
      if (e.target === dialog) close();
    });
    document.body.append(dialog);
    dialog.showModal();
    closeButton.focus();
  });
}

/**
 * Previous / next buttons and "page x of y · n items" for a `{items, page, size, total}` listing. `go(page)` loads
 * another page. Returns null when everything fits on one page.
 */
export function pager(listing, go, label = 'items') {
  const pages = Math.max(1, Math.ceil(listing.total / listing.size));
  const noun = listing.total === 1 ? label.replace(/s$/, '') : label;
  if (listing.total <= listing.size && listing.page === 0) {
    return h('p', { class: 'sc-count muted' }, `${listing.total} ${noun}`);
  }
  const prev = h('button', { type: 'button', class: 'button ghost small', onclick: () => go(listing.page - 1) }, '← Previous');
  const next = h('button', { type: 'button', class: 'button ghost small', onclick: () => go(listing.page + 1) }, 'Next →');
  prev.disabled = listing.page <= 0;
  next.disabled = listing.page + 1 >= pages;
  return h('nav', { class: 'pager sc-pager', 'aria-label': 'Pages' }, prev,
    h('span', { class: 'muted' }, `Page ${listing.page + 1} of ${pages} · ${listing.total} ${noun}`), next);
}

/** Downloads an authenticated resource: fetched with the bearer token as a Blob, then saved under `fileName`. */
export async function downloadAuthenticated(api, path, fileName) {
  const blob = await api.blob(path);
  const url = URL.createObjectURL(blob);
  const a = h('a', { href: url, download: fileName, hidden: true });
  document.body.append(a);
  a.click();
  a.remove();
  // The click has started the download; the URL can go once the browser has read it.
  setTimeout(() => URL.revokeObjectURL(url), 60_000);
}

/** Runs `fn` at most once per `ms`, the last call winning (for refreshes driven by bursts of events). */
export function throttle(fn, ms) {
  let timer = null;
  let pending = false;
  return {
    call() {
      if (timer) {
        pending = true;
        return;
      }
      fn();
      timer = setTimeout(function tick() {
        timer = null;
        if (pending) {
          pending = false;
          fn();
          timer = setTimeout(tick, ms);
        }
      }, ms);
    },
    cancel() {
      clearTimeout(timer);
      timer = null;
      pending = false;
    },
  };
}

/** Runs an async action from a button: disabled and marked busy while it runs. */
export async function busy(button, action) {
  const text = button.textContent;
  button.disabled = true;
  button.setAttribute('aria-busy', 'true');
  try {
    return await action();
  } finally {
    button.disabled = false;
    button.removeAttribute('aria-busy');
    button.textContent = text;
  }
}

/** Replaces the children of `node`. */
export function replace(node, ...children) {
  node.replaceChildren(...children.flat().filter((c) => c !== null && c !== undefined && c !== false));
}

/** A readable name for a wire value such as `welcome_bonus` or `video_generation`. */
export function humanize(wire) {
  if (!wire) return '';
  const text = String(wire).replace(/[_-]+/g, ' ').toLowerCase();
  return text.charAt(0).toUpperCase() + text.slice(1);
}

const PROVIDER_NAMES = {
  local: 'Local engine',
  comfyui: 'ComfyUI',
  runpod: 'RunPod',
  sora: 'Sora (Azure)',
  'openai-videos': 'OpenAI Videos',
  'openai-chat': 'OpenAI-compatible chat',
  ollama: 'Ollama',
};

/** How a provider id reads on screen ("openai-videos" → "OpenAI Videos"); an unknown id is humanized. */
export function providerName(id) {
  return PROVIDER_NAMES[id] || humanize(id);
}
