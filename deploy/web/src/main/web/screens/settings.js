// Settings: the signed-in account, which generation providers this installation has configured and whether they
// answer (GET /api/v1/env/status), and signing out.
import { h, formatDate, errorBox, spinner } from '../js/ui.js';
import { loadConfig, signOut } from '../js/auth.js';
import { replace, busy, humanize, providerName } from './shared.js';

export async function mount(root, ctx) {
  const { api, user } = ctx;
  document.title = 'Settings · Clipizy';
  let alive = true;

  const providersSlot = h('div', { 'aria-live': 'polite' }, spinner('Checking providers'));
  const refreshButton = h('button', { type: 'button', class: 'button ghost small', onclick: (e) => busy(e.currentTarget, loadProviders) },
    'Check again');
  const accountLink = h('p', { class: 'sc-small' });
  const signOutButton = h('button', { type: 'button', class: 'button danger', onclick: (e) => busy(e.currentTarget, signOut) },
    'Sign out');

  const roles = (user && user.roles ? user.roles : []).filter((r) => ['user', 'admin'].includes(r));
  const account = h('dl', { class: 'sc-facts', 'data-testid': 'account' },
    h('dt', {}, 'Name'), h('dd', {}, (user && user.name) || '—'),
    h('dt', {}, 'Username'), h('dd', {}, (user && user.username) || '—'),
    h('dt', {}, 'Email'), h('dd', {}, (user && user.email) || '—'),
    h('dt', {}, 'Roles'), h('dd', {}, roles.length ? roles.map(humanize).join(', ') : '—'),
    h('dt', {}, 'Account id'), h('dd', { class: 'sc-mono' }, (user && user.id) || '—'));

  root.replaceChildren(h('section', { class: 'sc-screen sc-settings', 'aria-labelledby': 'settings-title' },
    h('header', { class: 'sc-head' }, h('h1', { id: 'settings-title' }, 'Settings')),
    h('div', { class: 'sc-columns' },
      h('section', { class: 'panel sc-panel', 'aria-labelledby': 'account-title' },
        h('h2', { id: 'account-title' }, 'Account'), account, accountLink,
        h('div', { class: 'sc-actions' }, signOutButton)),
      h('section', { class: 'panel sc-panel sc-span-2', 'aria-labelledby': 'providers-title' },
        h('div', { class: 'sc-panel-head' }, h('h2', { id: 'providers-title' }, 'Providers'), refreshButton),
        h('p', { class: 'muted sc-small' }, 'Where generation runs. The local engine is always there; ComfyUI, RunPod, Sora, '
          + 'OpenAI and Ollama are used once configured on the server.'),
        providersSlot))));

  async function loadProviders() {
    try {
      const env = await api.get('/api/v1/env/status');
      if (!alive) return;
      replace(providersSlot, providersView(env));
    } catch (err) {
      if (alive) replace(providersSlot, errorBox(err));
    }
  }

  async function loadAccountLink() {
    try {
      const config = await loadConfig();
      if (!alive || !config.issuer) return;
      // Keycloak's account console: password, sessions and linked identities are managed there.
      const href = `${config.issuer.replace(/\/+$/, '')}/account`;
      replace(accountLink, h('a', { href, rel: 'noopener' }, 'Manage password and sessions'));
    } catch {
      // No link without the configuration; the rest of the screen stands.
    }
  }

  loadAccountLink();
  await loadProviders();

  return () => {
    alive = false;
  };
}

function providersView(env) {
  const providers = [...env.providers].sort((a, b) =>
    Number(b.configured) - Number(a.configured) || a.name.localeCompare(b.name));
  const rows = providers.map((p) => {
    const state = !p.configured ? 'off' : p.reachable ? 'ok' : 'down';
    const label = { off: 'Not configured', ok: 'Reachable', down: 'Unreachable' }[state];
    return h('li', { class: `sc-provider sc-provider-${state}`, 'data-provider': p.name },
      h('div', { class: 'sc-provider-head' },
        h('span', { class: 'sc-provider-name' }, providerName(p.name)),
        h('span', { class: `badge sc-badge-${state}` }, label)),
      h('p', { class: 'muted sc-small' }, p.kinds.map(humanize).join(', ')),
      p.configured && p.latency_ms !== null && p.latency_ms !== undefined
        ? h('p', { class: 'muted sc-small' }, `Answered in ${p.latency_ms} ms`) : null,
      p.last_error ? h('p', { class: 'sc-negative sc-small' }, p.last_error) : null);
  });
  const kinds = env.available_kinds || [];
  return h('div', {},
    h('ul', { class: 'sc-providers', 'data-testid': 'providers' }, ...rows),
    h('p', { class: 'sc-small' }, h('strong', {}, 'Available now: '),
      kinds.length ? kinds.map(humanize).join(', ') : 'nothing — no provider answers'),
    env.checked_at ? h('p', { class: 'muted sc-small' }, `Checked ${formatDate(env.checked_at)}`) : null);
}
