// Credits: the balance, a usage chart (GET /api/billing/usage, drawn as SVG by hand: one stacked bar per day is a few
// dozen rects, not worth a charting library), the transaction history, prices, packs and plans to buy through Stripe
// Checkout, purchases and the subscription.
import { h, formatDate, emptyState, errorBox, spinner } from '../js/ui.js';
import { pager, throttle, replace, busy, humanize } from './shared.js';

const TRANSACTION_TYPES = ['welcome_bonus', 'purchased', 'subscription_grant', 'reserved', 'captured', 'released',
  'refunded', 'admin_adjustment'];
const USAGE_WINDOWS = [7, 30, 90];
const KIND_COLOURS = 6;
const SVG = 'http://www.w3.org/2000/svg';

export async function mount(root, ctx) {
  const { api, events, toast } = ctx;
  document.title = 'Credits · Clipizy';
  let alive = true;
  const state = { txPage: 0, txType: '', purchasesPage: 0, usageDays: 30 };

  const balanceSlot = h('div', { class: 'sc-balance', 'aria-live': 'polite' }, spinner());
  const usageSlot = h('div', {}, spinner());
  const txSlot = h('div', {}, spinner());
  const offersSlot = h('div', {}, spinner());
  const offersError = h('div', { class: 'sc-alert-slot', role: 'alert' });
  const pricingSlot = h('div', {}, spinner());
  const purchasesSlot = h('div', {}, spinner());
  const subscriptionSlot = h('div', {});

  const txFilter = h('select', { id: 'tx-type', onchange: (e) => {
    state.txType = e.target.value;
    state.txPage = 0;
    loadTransactions();
  } }, h('option', { value: '' }, 'All types'), ...TRANSACTION_TYPES.map((t) => h('option', { value: t }, humanize(t))));
  const usageWindow = h('select', { id: 'usage-days', onchange: (e) => {
    state.usageDays = Number(e.target.value);
    loadUsage();
  } }, ...USAGE_WINDOWS.map((d) => h('option', { value: String(d) }, `Last ${d} days`)));
  usageWindow.value = String(state.usageDays);

  // Stripe Checkout sends the buyer back here (billing's success / cancel URLs: /credits?checkout=success|cancelled)
  const checkoutNote = checkoutReturn(new URLSearchParams(location.search).get('checkout'));
  if (checkoutNote) {
    const url = new URL(location.href);
    url.searchParams.delete('checkout');
    url.searchParams.delete('session_id');
    history.replaceState(history.state, '', url.pathname + url.search + url.hash);
  }

  root.replaceChildren(h('section', { class: 'sc-screen sc-credits', 'aria-labelledby': 'credits-title' },
    h('header', { class: 'sc-head' }, h('h1', { id: 'credits-title' }, 'Credits')),
    checkoutNote,
    h('div', { class: 'sc-columns' },
      h('section', { class: 'panel sc-panel', 'aria-labelledby': 'balance-title' },
        h('h2', { id: 'balance-title' }, 'Balance'), balanceSlot, subscriptionSlot),
      h('section', { class: 'panel sc-panel sc-span-2', 'aria-labelledby': 'usage-title' },
        h('div', { class: 'sc-panel-head' }, h('h2', { id: 'usage-title' }, 'Usage'),
          h('label', { class: 'sc-inline-field', for: 'usage-days' }, h('span', { class: 'visually-hidden' }, 'Window'), usageWindow)),
        usageSlot)),
    h('section', { class: 'panel sc-panel', 'aria-labelledby': 'buy-title' },
      h('h2', { id: 'buy-title' }, 'Buy credits'), offersError, offersSlot),
    h('section', { class: 'panel sc-panel', 'aria-labelledby': 'tx-title' },
      h('div', { class: 'sc-panel-head' }, h('h2', { id: 'tx-title' }, 'Transactions'),
        h('label', { class: 'sc-inline-field', for: 'tx-type' }, h('span', {}, 'Type'), txFilter)),
      txSlot),
    h('div', { class: 'sc-columns' },
      h('section', { class: 'panel sc-panel', 'aria-labelledby': 'purchases-title' },
        h('h2', { id: 'purchases-title' }, 'Purchases'), purchasesSlot),
      h('section', { class: 'panel sc-panel sc-span-2', 'aria-labelledby': 'pricing-title' },
        h('h2', { id: 'pricing-title' }, 'Prices'), pricingSlot))));

  async function guarded(slot, work) {
    try {
      await work();
    } catch (err) {
      if (alive) replace(slot, errorBox(err));
    }
  }

  function loadBalance() {
    return guarded(balanceSlot, async () => {
      const balance = await api.get('/api/credits/balance');
      if (!alive) return;
      replace(balanceSlot,
        h('p', { class: 'sc-balance-figure', 'data-testid': 'balance' }, balance.balance.toLocaleString()),
        h('p', { class: 'muted' }, balance.currency));
    });
  }

  function loadUsage() {
    return guarded(usageSlot, async () => {
      const usage = await api.get('/api/billing/usage', { days: state.usageDays });
      if (!alive) return;
      // Drawn in the slot's own pixels, so labels keep their size on a phone.
      replace(usageSlot, usageView(usage, Math.round(usageSlot.clientWidth) || 600));
    });
  }

  function loadTransactions() {
    return guarded(txSlot, async () => {
      const query = { page: state.txPage, size: 20 };
      if (state.txType) query.type = state.txType;
      const listing = await api.get('/api/credits/transactions', query);
      if (!alive) return;
      if (listing.items.length === 0) {
        replace(txSlot, emptyState(state.txType ? `No ${humanize(state.txType).toLowerCase()} transactions.` : 'No transactions yet.'));
        return;
      }
      replace(txSlot, transactionsTable(listing.items), pager(listing, (p) => {
        state.txPage = p;
        loadTransactions();
      }, 'transactions'));
    });
  }

  function loadOffers() {
    return guarded(offersSlot, async () => {
      const catalog = await api.get('/api/billing/catalog');
      if (!alive) return;
      const offers = [
        ...catalog.packs.map((o) => ({ ...o, what: 'pack' })),
        ...catalog.plans.map((o) => ({ ...o, what: 'plan' })),
      ];
      if (offers.length === 0) {
        replace(offersSlot, emptyState('Nothing is on sale on this installation.'));
        return;
      }
      replace(offersSlot,
        catalog.packs.length ? h('h3', {}, 'Credit packs') : null,
        catalog.packs.length ? h('ul', { class: 'sc-offers' }, ...catalog.packs.map((o) => offer(o, 'pack'))) : null,
        catalog.plans.length ? h('h3', {}, 'Monthly plans') : null,
        catalog.plans.length ? h('ul', { class: 'sc-offers' }, ...catalog.plans.map((o) => offer(o, 'plan'))) : null);
    });
  }

  function offer(o, what) {
    const price = formatUsd(o.priceUsd);
    const label = `${humanize(o.name)} ${what}`;
    const buy = h('button', {
      type: 'button',
      class: 'button',
      'aria-label': `Buy the ${label}: ${o.credits} credits for ${price}${what === 'plan' ? ' a month' : ''}`,
      'data-offer': o.name,
      onclick: (e) => busy(e.currentTarget, () => checkout(what, o.name)),
    }, what === 'plan' ? 'Subscribe' : 'Buy');
    return h('li', { class: 'sc-offer', 'data-offer-name': o.name },
      h('p', { class: 'sc-offer-name' }, humanize(o.name)),
      h('p', { class: 'sc-offer-credits' }, `${o.credits.toLocaleString()} credits`),
      h('p', { class: 'muted' }, `${price}${what === 'plan' ? ' / month' : ''}`),
      buy);
  }

  async function checkout(what, name) {
    replace(offersError);
    try {
      const session = await api.post('/api/billing/checkout', { [what]: name });
      // Stripe Checkout is a page of Stripe's: the browser goes there and comes back to the success or cancel URL.
      location.assign(session.url);
    } catch (err) {
      replace(offersError, h('div', { class: 'sc-alert sc-alert-error', 'data-testid': 'checkout-error' },
        h('p', { class: 'sc-alert-title' }, 'The checkout could not start'),
        h('p', {}, problemText(err))));
    }
  }

  function loadPricing() {
    return guarded(pricingSlot, async () => {
      const p = await api.get('/api/pricing');
      if (!alive) return;
      const headline = [
        ['Music track', `${p.musicTrack} credits`],
        ['Video, per minute', `${p.videoPerMinute} credits`],
        ['Image', `${p.image.perUnit} credits + ${p.image.perMinute} / min`],
        ['Looped animation', `${p.loopedAnimation.perUnit} credits + ${p.loopedAnimation.perMinute} / min`],
        ['Recurring scenes', `${p.recurringScenes.perScene} per scene + ${p.recurringScenes.perMinute} / min`],
        ['Visualizer', `${p.visualizer} credits`],
        ['Minimum charge', `${p.minimumCharge} credits`],
        ['One credit', formatUsd(p.creditUsd)],
      ];
      const tasks = Object.entries(p.tasks || {});
      replace(pricingSlot,
        h('dl', { class: 'sc-facts' }, ...headline.flatMap(([k, v]) => [h('dt', {}, k), h('dd', {}, v)])),
        tasks.length ? h('details', { class: 'sc-details' }, h('summary', {}, 'Per task'),
          h('div', { class: 'sc-table-wrap' }, h('table', { class: 'sc-table' },
            h('thead', {}, h('tr', {}, h('th', { scope: 'col' }, 'Task'), h('th', { scope: 'col' }, 'Credits'),
              h('th', { scope: 'col' }, 'Minimum'))),
            h('tbody', {}, ...tasks.map(([kind, t]) => h('tr', {},
              h('th', { scope: 'row' }, humanize(kind)), h('td', {}, `${t.credits} per ${t.per}`),
              h('td', {}, String(t.minimum)))))))) : null,
        h('p', { class: 'muted sc-small' }, `Price list ${p.version}`));
    });
  }

  function loadPurchases() {
    return guarded(purchasesSlot, async () => {
      const listing = await api.get('/api/billing/purchases', { page: state.purchasesPage, size: 10 });
      if (!alive) return;
      if (listing.items.length === 0) {
        replace(purchasesSlot, emptyState('No purchases yet.'));
      } else {
        replace(purchasesSlot, h('ul', { class: 'sc-list' }, ...listing.items.map((p) => h('li', { class: 'sc-list-row' },
          h('span', {}, `${humanize(p.product)} ${p.kind} · ${p.credits.toLocaleString()} credits · ${formatUsd(p.amountUsd)}`),
          h('span', { class: `badge sc-badge-${p.status}` }, humanize(p.status)),
          h('time', { class: 'muted sc-small', datetime: p.createdAt }, formatDate(p.createdAt))))),
        pager(listing, (page) => {
          state.purchasesPage = page;
          loadPurchases();
        }, 'purchases'));
      }
      // A subscription exists only after a plan was bought; asking otherwise would answer a 404 every time.
      if (listing.total > listing.items.length || listing.items.some((p) => p.kind === 'plan')) {
        await loadSubscription();
      } else {
        replace(subscriptionSlot, h('p', { class: 'muted sc-small', 'data-testid': 'subscription' }, 'No monthly plan.'));
      }
    });
  }

  async function loadSubscription() {
    try {
      const s = await api.get('/api/billing/subscription');
      if (!alive) return;
      const portal = h('button', {
        type: 'button',
        class: 'button ghost small',
        onclick: (e) => busy(e.currentTarget, async () => {
          try {
            const link = await api.post('/api/billing/portal');
            location.assign(link.url);
          } catch (err) {
            toast(`Could not open the billing portal: ${problemText(err)}`, 'error');
          }
        }),
      }, 'Manage plan');
      replace(subscriptionSlot, h('div', { class: 'sc-subscription', 'data-testid': 'subscription' },
        h('p', {}, `${humanize(s.plan)} plan · `, h('span', { class: `badge sc-badge-${s.status}` }, humanize(s.status))),
        h('p', { class: 'muted sc-small' }, `${s.monthlyCredits.toLocaleString()} credits a month`,
          s.currentPeriodEnd ? ` · ${s.cancelAtPeriodEnd ? 'ends' : 'renews'} ${formatDate(s.currentPeriodEnd)}` : ''),
        portal));
    } catch (err) {
      if (!alive) return;
      replace(subscriptionSlot, err.status === 404
        ? h('p', { class: 'muted sc-small', 'data-testid': 'subscription' }, 'No monthly plan.')
        : errorBox(err));
    }
  }

  // Every change of the balance (a task reserved or settled, a purchase paid) comes as CreditsChanged.
  const refresh = throttle(() => {
    loadBalance();
    loadTransactions();
    loadUsage();
  }, 2000);
  const unsubscribe = events ? events.subscribe('user', (event) => {
    if (event && (event.type === 'CreditsChanged' || event.type === 'resume-gap')) refresh.call();
  }) : null;

  await Promise.all([loadBalance(), loadUsage(), loadOffers(), loadTransactions(), loadPurchases(), loadPricing()]);

  return () => {
    alive = false;
    refresh.cancel();
    if (unsubscribe) unsubscribe();
  };
}

function transactionsTable(items) {
  return h('div', { class: 'sc-table-wrap' }, h('table', { class: 'sc-table', 'data-testid': 'transactions' },
    h('thead', {}, h('tr', {},
      h('th', { scope: 'col' }, 'When'), h('th', { scope: 'col' }, 'What'), h('th', { scope: 'col', class: 'num' }, 'Change'),
      h('th', { scope: 'col', class: 'num' }, 'Balance'))),
    h('tbody', {}, ...items.map((t) => h('tr', { 'data-type': t.type },
      h('td', {}, h('time', { datetime: t.createdAt }, formatDate(t.createdAt))),
      h('td', {}, humanize(t.type), t.note ? h('span', { class: 'muted sc-small sc-block' }, t.note) : null),
      h('td', { class: `num ${t.delta < 0 ? 'sc-negative' : t.delta > 0 ? 'sc-positive' : ''}` },
        `${t.delta > 0 ? '+' : ''}${t.delta.toLocaleString()}`),
      h('td', { class: 'num' }, t.balanceAfter.toLocaleString()))))));
}

function usageView(usage, width) {
  const t = usage.tasks;
  const figures = h('dl', { class: 'sc-stats' },
    stat('Credits spent', usage.creditsSpent.toLocaleString()),
    stat('Tasks', t.run.toLocaleString()),
    stat('Succeeded', usage.successRate === null || usage.successRate === undefined ? '—' : `${Math.round(usage.successRate * 100)} %`),
    stat('Minutes rendered', usage.minutesRendered.toFixed(1)));
  return h('div', {}, figures, usageChart(usage, Math.max(280, Math.min(1000, width))));
}

function stat(label, value) {
  return h('div', { class: 'sc-stat' }, h('dt', {}, label), h('dd', {}, value));
}

/** One stacked bar per UTC day of the window, a colour per task kind, with a legend and the numbers as a table. */
function usageChart(usage, width) {
  const days = [];
  const start = new Date(usage.since);
  for (let i = 0; i < usage.days; i++) {
    const d = new Date(start.getTime() + i * 86_400_000);
    days.push(d.toISOString().slice(0, 10));
  }
  const kinds = [...new Set(usage.daily.map((d) => d.kind))].sort();
  const byDay = new Map(days.map((d) => [d, new Map()]));
  usage.daily.forEach((d) => {
    const day = byDay.get(d.day);
    if (day) day.set(d.kind, (day.get(d.kind) || 0) + d.credits);
  });
  const totals = days.map((d) => [...byDay.get(d).values()].reduce((a, b) => a + b, 0));
  const max = Math.max(0, ...totals);
  if (max === 0) {
    return h('div', { class: 'sc-chart-empty', 'data-testid': 'usage-chart' },
      emptyState(`No credits spent in the last ${usage.days} days.`));
  }
  const height = 180;
  const top = 16;
  const bottom = 22;
  const left = 36;
  const slot = (width - left) / days.length;
  const bar = Math.max(1, slot * 0.72);
  const scale = (height - top - bottom) / max;
  const svg = svgEl('svg', {
    viewBox: `0 0 ${width} ${height}`,
    class: 'sc-chart',
    role: 'img',
    'aria-label': `Credits spent per day over the last ${usage.days} days: ${usage.creditsSpent} in all, at most ${max} on one day`,
    'data-testid': 'usage-chart',
  });
  // Axis: the baseline, the top value and the first and last days.
  svg.append(svgEl('line', { x1: left, x2: width, y1: height - bottom, y2: height - bottom, class: 'sc-axis' }));
  svg.append(svgText(left - 4, top + 4, String(max), 'end'));
  svg.append(svgText(left - 4, height - bottom, '0', 'end'));
  svg.append(svgText(left, height - 6, shortDay(days[0]), 'start'));
  svg.append(svgText(width, height - 6, shortDay(days[days.length - 1]), 'end'));
  days.forEach((day, i) => {
    let y = height - bottom;
    const x = left + i * slot + (slot - bar) / 2;
    const group = svgEl('g', { class: 'sc-bar' });
    const parts = [];
    kinds.forEach((kind, k) => {
      const credits = byDay.get(day).get(kind) || 0;
      if (!credits) return;
      const barHeight = Math.max(1, credits * scale);
      y -= barHeight;
      group.append(svgEl('rect', { x: x.toFixed(2), y: y.toFixed(2), width: bar.toFixed(2), height: barHeight.toFixed(2),
        class: `sc-kind-${k % KIND_COLOURS}` }));
      parts.push(`${humanize(kind)} ${credits}`);
    });
    if (parts.length) {
      const title = svgEl('title', {});
      title.textContent = `${day}: ${totals[i]} credits (${parts.join(', ')})`;
      group.prepend(title);
      svg.append(group);
    }
  });
  const legend = h('ul', { class: 'sc-legend' }, ...kinds.map((kind, k) => h('li', {},
    h('span', { class: `sc-swatch sc-kind-${k % KIND_COLOURS}`, 'aria-hidden': 'true' }), humanize(kind))));
  const rows = days.map((d, i) => [d, totals[i]]).filter(([, total]) => total > 0);
  const table = h('details', { class: 'sc-details' }, h('summary', {}, 'Daily figures'),
    h('div', { class: 'sc-table-wrap' }, h('table', { class: 'sc-table' },
      h('thead', {}, h('tr', {}, h('th', { scope: 'col' }, 'Day'), ...kinds.map((k) => h('th', { scope: 'col', class: 'num' }, humanize(k))),
        h('th', { scope: 'col', class: 'num' }, 'Total'))),
      h('tbody', {}, ...rows.map(([d, total]) => h('tr', {}, h('th', { scope: 'row' }, d),
        ...kinds.map((k) => h('td', { class: 'num' }, String(byDay.get(d).get(k) || 0))),
        h('td', { class: 'num' }, String(total))))))));
  return h('figure', { class: 'sc-figure' }, svg, legend, table);
}

function svgEl(tag, attrs) {
  const node = document.createElementNS(SVG, tag);
  Object.entries(attrs).forEach(([k, v]) => node.setAttribute(k, String(v)));
  return node;
}

function svgText(x, y, text, anchor) {
  const node = svgEl('text', { x, y, 'text-anchor': anchor, class: 'sc-chart-label' });
  node.textContent = text;
  return node;
}

function shortDay(iso) {
  return new Date(`${iso}T00:00:00Z`).toLocaleDateString(undefined, { month: 'short', day: 'numeric', timeZone: 'UTC' });
}

function formatUsd(amount) {
  return new Intl.NumberFormat(undefined, { style: 'currency', currency: 'USD' }).format(Number(amount));
}

/** The problem's own words: its detail (e.g. "Payments are not configured on this installation"), else its title. */
function problemText(err) {
  if (err && err.detail) return err.detail;
  if (err && err.title) return err.title;
  return err && err.message ? err.message : String(err);
}

/** The note shown when Stripe Checkout sends the buyer back: paid (credits follow Stripe's confirmation) or not. */
function checkoutReturn(outcome) {
  if (outcome === 'success') {
    return h('div', { class: 'sc-alert', role: 'status', 'data-testid': 'checkout-return' },
      h('p', { class: 'sc-alert-title' }, 'Thank you — your payment went through'),
      h('p', {}, 'The credits appear here as soon as Stripe confirms the payment, usually within seconds.'));
  }
  if (outcome === 'cancelled') {
    return h('div', { class: 'sc-alert', role: 'status', 'data-testid': 'checkout-return' },
      h('p', { class: 'sc-alert-title' }, 'Checkout cancelled'),
      h('p', {}, 'Nothing was charged. You can pick a pack or a plan again below.'));
  }
  return null;
}
