// The shell: sign-in, the header (nav, balance, user, sign out), toasts, and the History API router that mounts one
// screen at a time. Every screen module exports `mount(root, ctx)` and may answer a cleanup function.
import { handleCallback, isSignedIn, signIn, signOut, currentUser } from './js/auth.js';
import { api } from './js/api.js';
import { createEvents } from './js/events.js';
import { h, clear, errorBox, spinner } from './js/ui.js';

const NAV = [
  ['/', 'Dashboard'],
  ['/gallery', 'Gallery'],
  ['/credits', 'Credits'],
  ['/jobs', 'Video jobs'],
  ['/settings', 'Settings'],
];

const ROUTES = [
  { pattern: /^\/$/, load: () => import('./screens/dashboard.js') },
  { pattern: /^\/projects\/([^/]+)$/, load: () => import('./screens/project.js'), params: ['id'] },
  { pattern: /^\/gallery$/, load: () => import('./screens/gallery.js') },
  { pattern: /^\/credits$/, load: () => import('./screens/credits.js') },
  { pattern: /^\/jobs$/, load: () => import('./screens/jobs.js') },
  { pattern: /^\/settings$/, load: () => import('./screens/settings.js') },
];

const main = document.getElementById('main');
const header = document.getElementById('header');
const toasts = document.getElementById('toasts');
const events = createEvents();
let cleanup = null;
let user = null;
let balanceEl = null;
let renderSeq = 0;

/** A short message in the corner, read out by screen readers. */
export function toast(message, kind = 'info') {
  const el = h('div', { class: 'toast toast-' + kind, role: kind === 'error' ? 'alert' : null },
    h('span', {}, message),
    h('button', { type: 'button', class: 'toast-close', 'aria-label': 'Dismiss', onclick: () => el.remove() }, '×'));
  toasts.appendChild(el);
  setTimeout(() => el.remove(), kind === 'error' ? 10000 : 5000);
}

export function navigate(path, { replace = false } = {}) {
  if (path === location.pathname + location.search && !replace) return render();
  if (replace) history.replaceState(null, '', path);
  else history.pushState(null, '', path);
  return render();
}

const ctx = () => ({ api, events, navigate, toast, user });

function renderHeader() {
  balanceEl = h('a', { href: '/credits', class: 'balance', 'aria-label': 'Credit balance' }, '… credits');
  clear(header).append(
    h('a', { href: '/', class: 'brand', 'aria-label': 'Clipizy home' }, h('span', { class: 'brand-mark', 'aria-hidden': 'true' }, '▶'), 'Clipizy'),
    h('nav', { class: 'app-nav', 'aria-label': 'Main' },
      h('ul', {}, NAV.map(([href, label]) => h('li', {}, h('a', { href, 'data-nav': href }, label))))),
    h('div', { class: 'account' },
      balanceEl,
      h('span', { class: 'user-name', title: user.email || '' }, user.name),
      h('button', { type: 'button', class: 'button ghost', onclick: () => signOut() }, 'Sign out')));
  header.hidden = false;
}

function markNav() {
  const path = location.pathname;
  header.querySelectorAll('[data-nav]').forEach(a => {
    const href = a.getAttribute('data-nav');
    const active = href === '/' ? path === '/' || path.startsWith('/projects/') : path.startsWith(href);
    if (active) a.setAttribute('aria-current', 'page');
    else a.removeAttribute('aria-current');
  });
}

function showBalance(balance) {
  if (balanceEl) balanceEl.textContent = Number(balance).toLocaleString() + ' credits';
}

async function refreshBalance() {
  try {
    const b = await api.get('/api/credits/balance');
    showBalance(b.balance);
  } catch (e) {
    if (balanceEl) balanceEl.textContent = '— credits';
  }
}

async function render() {
  const seq = ++renderSeq;
  if (cleanup) {
    try { cleanup(); } catch (e) { console.warn('cleanup failed', e); }
    cleanup = null;
  }
  markNav();
  const path = location.pathname;
  const route = ROUTES.find(r => r.pattern.test(path));
  clear(main).setAttribute('aria-busy', 'true');
  main.appendChild(spinner());
  if (!route) {
    document.title = 'Not found · Clipizy';
    clear(main).append(h('section', { class: 'not-found' }, h('h1', {}, 'Page not found'),
      h('p', {}, 'There is nothing at ' + path + '.'), h('a', { href: '/', class: 'button' }, 'Back to the dashboard')));
    main.setAttribute('aria-busy', 'false');
    return;
  }
  try {
    const module = await route.load();
    if (seq !== renderSeq) return;
    const match = route.pattern.exec(path);
    const params = {};
    (route.params || []).forEach((name, i) => { params[name] = decodeURIComponent(match[i + 1]); });
    clear(main);
    const result = await module.mount(main, { ...ctx(), params });
    if (seq !== renderSeq) {
      if (typeof result === 'function') result();
      return;
    }
    cleanup = typeof result === 'function' ? result : null;
  } catch (e) {
    if (seq !== renderSeq) return;
    console.warn('screen failed', e);
    clear(main).append(errorBox(e));
  } finally {
    if (seq === renderSeq) main.setAttribute('aria-busy', 'false');
  }
}

function interceptLinks() {
  document.addEventListener('click', e => {
    if (e.defaultPrevented || e.button !== 0 || e.metaKey || e.ctrlKey || e.shiftKey || e.altKey) return;
    const a = e.target.closest('a[href]');
    if (!a || a.target || a.hasAttribute('download')) return;
    const href = a.getAttribute('href');
    if (!href.startsWith('/') || href.startsWith('//') || href.startsWith('/api/')) return;
    e.preventDefault();
    navigate(href);
  });
  window.addEventListener('popstate', () => render());
}

async function start() {
  try {
    if (location.pathname === '/callback') {
      const next = await handleCallback();
      history.replaceState(null, '', next);
    }
  } catch (e) {
    clear(main).append(h('section', { class: 'signin-failed' }, errorBox(e),
      h('button', { type: 'button', class: 'button', onclick: () => signIn('/') }, 'Sign in again')));
    main.setAttribute('aria-busy', 'false');
    return;
  }
  if (!isSignedIn()) {
    await signIn();
    return;
  }
  user = currentUser();
  renderHeader();
  interceptLinks();
  refreshBalance();
  events.subscribe('user', event => {
    if (event.type === 'CreditsChanged' && event.balance !== undefined) showBalance(event.balance);
    else if (event.type === 'resume-gap') refreshBalance();
  });
  await render();
}

start();
