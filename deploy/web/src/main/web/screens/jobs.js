// Video jobs (the AI Content Lab over /api/v1): create a Sora-style job, follow its variants' progress live, play and
// download each generation as MP4 or GIF, delete a job, delete every failed job.
import { h, formatDate, formatDuration, emptyState, errorBox, spinner } from '../js/ui.js';
import { confirmDialog, showDialog, pager, downloadAuthenticated, throttle, replace, busy, humanize, providerName } from './shared.js';

const STATUSES = ['QUEUED', 'RUNNING', 'SUCCEEDED', 'FAILED', 'CANCELLED'];
const ACTIVE = new Set(['QUEUED', 'RUNNING']);
const SIZES = [
  [1280, 720, 'Landscape 1280×720 (16:9)'],
  [1920, 1080, 'Landscape 1920×1080 (16:9)'],
  [720, 1280, 'Portrait 720×1280 (9:16)'],
  [1080, 1920, 'Portrait 1080×1920 (9:16)'],
  [1080, 1080, 'Square 1080×1080 (1:1)'],
  [640, 360, 'Small 640×360 (16:9)'],
];
const VIDEO_KIND = 'video_generation';
const POLL_MS = 2500;
const PAGE_SIZE = 10;

export async function mount(root, ctx) {
  const { api, events, toast } = ctx;
  document.title = 'Video jobs · Clipizy';
  let alive = true;
  let pollTimer = null;
  let loadSeq = 0;
  const params = new URLSearchParams(location.search);
  const state = {
    status: STATUSES.includes(params.get('status')) ? params.get('status') : '',
    page: 0,
    listing: null,
  };

  // ---- the form -------------------------------------------------------------------------------------------------
  const prompt = h('textarea', { id: 'job-prompt', name: 'prompt', rows: '3', maxlength: '4000', required: '',
    placeholder: 'A paper boat drifting down a rainy street at dusk, neon reflections, slow dolly shot',
    'aria-describedby': 'job-prompt-error' });
  const variants = h('select', { id: 'job-variants', name: 'n_variants', 'aria-describedby': 'job-variants-error' },
    ...[1, 2, 3, 4].map((n) => h('option', { value: String(n) }, String(n))));
  const seconds = h('input', { id: 'job-seconds', name: 'n_seconds', type: 'number', min: '1', max: '20', step: '1',
    inputmode: 'numeric', 'aria-describedby': 'job-seconds-error' });
  seconds.value = '5';
  const size = h('select', { id: 'job-size', name: 'size', 'aria-describedby': 'job-size-error' },
    ...SIZES.map(([w, hgt, label]) => h('option', { value: `${w}x${hgt}` }, label)));
  const provider = h('select', { id: 'job-provider', name: 'provider', 'aria-describedby': 'job-provider-error' },
    h('option', { value: '' }, 'Automatic'));
  const providerField = field('job-provider', 'Provider', provider);
  providerField.hidden = true;
  const submit = h('button', { type: 'submit', class: 'button' }, 'Create video job');
  const formError = h('div', { class: 'sc-alert-slot', role: 'alert' });
  const form = h('form', { class: 'sc-form sc-job-form', novalidate: '', 'aria-labelledby': 'new-job-title', onsubmit: create },
    h('h2', { id: 'new-job-title' }, 'New video'),
    field('job-prompt', 'Prompt', prompt),
    h('div', { class: 'sc-form-row' },
      field('job-variants', 'Variants', variants),
      field('job-seconds', 'Seconds (1–20)', seconds),
      field('job-size', 'Size', size),
      providerField),
    formError,
    h('div', { class: 'sc-form-actions' }, submit));

  // ---- the list -------------------------------------------------------------------------------------------------
  const statusFilter = h('select', { id: 'jobs-status', onchange: (e) => {
    state.status = e.target.value;
    state.page = 0;
    syncUrl();
    load();
  } }, h('option', { value: '' }, 'All'), ...STATUSES.map((s) => h('option', { value: s }, humanize(s))));
  statusFilter.value = state.status;
  const deleteFailed = h('button', { type: 'button', class: 'button ghost small sc-danger-quiet', onclick: removeFailed }, 'Delete failed jobs');
  const live = h('p', { class: 'visually-hidden', 'aria-live': 'polite' });
  const list = h('div', { class: 'sc-jobs-body' }, spinner());
  const pagerSlot = h('div');

  root.replaceChildren(h('section', { class: 'sc-screen sc-jobs', 'aria-labelledby': 'jobs-title' },
    h('header', { class: 'sc-head' }, h('h1', { id: 'jobs-title' }, 'Video jobs')),
    h('section', { class: 'panel sc-panel' }, form),
    h('section', { class: 'panel sc-panel', 'aria-labelledby': 'jobs-list-title' },
      h('div', { class: 'sc-panel-head' },
        h('h2', { id: 'jobs-list-title' }, 'Your jobs'),
        h('div', { class: 'sc-toolbar' },
          h('label', { class: 'sc-inline-field', for: 'jobs-status' }, h('span', {}, 'Status'), statusFilter),
          deleteFailed)),
      live, list, pagerSlot)));

  function field(id, label, control) {
    return h('div', { class: 'sc-field' },
      h('label', { for: id }, label), control,
      h('p', { class: 'sc-field-error', id: `${id}-error` }));
  }

  function syncUrl() {
    const search = state.status ? `?status=${state.status}` : '';
    history.replaceState(history.state, '', location.pathname + search);
  }

  async function loadProviders() {
    try {
      const env = await api.get('/api/v1/env/status');
      if (!alive) return;
      const able = env.providers.filter((p) => p.configured && p.reachable && p.kinds.includes(VIDEO_KIND));
      // The choice is only worth showing when there is one to make.
      if (able.length > 1) {
        provider.replaceChildren(h('option', { value: '' }, 'Automatic'),
          ...able.map((p) => h('option', { value: p.name }, providerName(p.name))));
        providerField.hidden = false;
      }
    } catch (err) {
      // Without the status the gateway routes the job itself: the form works without the choice.
    }
  }

  function clearErrors() {
    form.querySelectorAll('[aria-invalid]').forEach((el) => el.removeAttribute('aria-invalid'));
    form.querySelectorAll('.sc-field-error').forEach((el) => { el.textContent = ''; });
    replace(formError);
  }

  function showFieldError(name, message) {
    const control = { prompt, n_variants: variants, n_seconds: seconds, width: size, height: size, provider }[name];
    if (!control) return false;
    control.setAttribute('aria-invalid', 'true');
    const slot = form.querySelector(`#${control.id}-error`);
    slot.textContent = slot.textContent ? `${slot.textContent}; ${message}` : message;
    return true;
  }

  async function create(event) {
    event.preventDefault();
    clearErrors();
    const text = prompt.value.trim();
    const secs = Number(seconds.value);
    let bad = false;
    if (!text) bad = showFieldError('prompt', 'Describe the video to make.') || true;
    if (!Number.isFinite(secs) || secs < 1 || secs > 20) bad = showFieldError('n_seconds', 'From 1 to 20 seconds.') || true;
    if (bad) {
      form.querySelector('[aria-invalid="true"]').focus();
      return;
    }
    const [width, height] = size.value.split('x').map(Number);
    const body = { prompt: text, n_variants: Number(variants.value), n_seconds: secs, width, height };
    if (provider.value) body.provider = provider.value;
    await busy(submit, async () => {
      try {
        const job = await api.post('/api/v1/videos/jobs', body);
        toast('Video job created', 'success');
        live.textContent = 'Video job created';
        prompt.value = '';
        state.page = 0;
        if (state.status && state.status !== job.status) {
          state.status = '';
          statusFilter.value = '';
          syncUrl();
        }
        await load(true);
      } catch (err) {
        const errors = Array.isArray(err.errors) ? err.errors : [];
        let placed = false;
        errors.forEach((e) => { placed = showFieldError(e.field, e.message) || placed; });
        if (!placed) {
          replace(formError, h('div', { class: 'sc-alert sc-alert-error' }, h('p', {}, err.detail || err.message)));
        } else {
          const first = form.querySelector('[aria-invalid="true"]');
          if (first) first.focus();
        }
      }
    });
  }

  // ---- loading and live progress ----------------------------------------------------------------------------------
  async function load(quiet = false) {
    const seq = ++loadSeq;
    clearTimeout(pollTimer);
    if (!quiet) replace(list, spinner());
    try {
      const query = { page: state.page, size: PAGE_SIZE };
      if (state.status) query.status = state.status;
      const listing = await api.get('/api/v1/videos/jobs', query);
      if (!alive || seq !== loadSeq) return;
      if (listing.items.length === 0 && listing.page > 0) {
        state.page = Math.max(0, Math.ceil(listing.total / listing.size) - 1);
        load(quiet);
        return;
      }
      state.listing = listing;
      render(listing);
      // Task events over the WebSocket refresh sooner; polling keeps the bars moving if the socket is down.
      if (listing.items.some((j) => ACTIVE.has(j.status))) {
        pollTimer = setTimeout(() => load(true), POLL_MS);
      }
    } catch (err) {
      if (!alive || seq !== loadSeq) return;
      replace(list, errorBox(err));
      pollTimer = setTimeout(() => load(true), POLL_MS * 4);
    }
  }

  const cards = new Map();

  function render(listing) {
    if (listing.items.length === 0) {
      cards.clear();
      replace(list, emptyState(state.status
        ? `No ${humanize(state.status).toLowerCase()} jobs.`
        : 'No video jobs yet. Describe a video above to make one.'));
      replace(pagerSlot);
      return;
    }
    // Cards are rebuilt only when their job changed, so focus and open players survive a refresh.
    const ul = list.querySelector('ul.sc-jobs') || h('ul', { class: 'sc-jobs', 'aria-label': 'Video jobs' });
    const next = [];
    listing.items.forEach((job) => {
      const key = JSON.stringify([job.status, job.progress, job.generations.length, job.variants.map((v) => [v.status, v.progress, v.message])]);
      const known = cards.get(job.id);
      if (known && known.key === key) {
        next.push(known.node);
        return;
      }
      if (known && ACTIVE.has(known.status) && !ACTIVE.has(job.status)) {
        live.textContent = `Job "${shortPrompt(job.prompt)}" ${humanize(job.status).toLowerCase()}`;
      }
      const node = jobCard(job);
      if (known && known.node.contains(document.activeElement)) {
        const label = document.activeElement.getAttribute('aria-label');
        queueMicrotask(() => {
          const again = label && node.querySelector(`[aria-label="${CSS.escape(label)}"]`);
          if (again) again.focus();
        });
      }
      cards.set(job.id, { key, node, status: job.status });
      next.push(node);
    });
    const ids = new Set(listing.items.map((j) => j.id));
    [...cards.keys()].forEach((id) => { if (!ids.has(id)) cards.delete(id); });
    ul.replaceChildren(...next);
    if (!ul.isConnected) replace(list, ul);
    replace(pagerSlot, pager(listing, (p) => {
      state.page = p;
      load();
    }, 'jobs'));
  }

  function jobCard(job) {
    const percent = Math.round((job.status === 'SUCCEEDED' ? 1 : job.progress) * 100);
    const title = shortPrompt(job.prompt);
    const facts = [`${job.width}×${job.height}`, job.n_seconds ? formatDuration(job.n_seconds) : null,
      `${job.n_variants} variant${job.n_variants === 1 ? '' : 's'}`, job.provider ? providerName(job.provider) : null]
      .filter(Boolean).join(' · ');
    const progress = h('progress', { max: '100', 'aria-label': `Progress of "${title}"` });
    progress.value = percent;
    const remove = h('button', {
      type: 'button',
      class: 'button ghost small sc-danger-quiet',
      'aria-label': `Delete job "${title}"`,
      onclick: () => removeJob(job, title),
    }, ACTIVE.has(job.status) ? 'Cancel and delete' : 'Delete');
    const variantRows = job.variants.length > 1
      ? h('ol', { class: 'sc-variants' }, ...job.variants.map((v) => h('li', {},
        h('span', { class: `badge sc-badge-${v.status.toLowerCase()}` }, humanize(v.status)),
        ` Variant ${v.index + 1}`,
        v.status === 'RUNNING' ? ` · ${Math.round(v.progress * 100)} %` : '',
        v.message && v.status !== 'SUCCEEDED' ? h('span', { class: 'muted' }, ` · ${v.message}`) : null,
        v.error ? h('span', { class: 'sc-negative' }, ` · ${v.error.message || v.error.code}`) : null)))
      : null;
    const generations = job.generations.length
      ? h('ul', { class: 'sc-generations' }, ...job.generations.map((g, i) => generationRow(job, g, i, title)))
      : null;
    return h('li', { class: `sc-card sc-job sc-job-${job.status.toLowerCase()}`, 'data-job-id': job.id, 'data-status': job.status },
      h('div', { class: 'sc-job-head' },
        h('p', { class: 'sc-card-title', title: job.prompt }, title),
        h('span', { class: `badge sc-badge-${job.status.toLowerCase()}`, 'data-testid': 'job-status' }, humanize(job.status))),
      h('p', { class: 'muted sc-small' }, facts, ' · ', h('time', { datetime: job.created_at }, formatDate(job.created_at))),
      ACTIVE.has(job.status) ? h('div', { class: 'sc-progress' }, progress, h('span', { class: 'sc-small' }, `${percent} %`)) : null,
      ACTIVE.has(job.status) && job.variants.length === 1 && job.variants[0].message
        ? h('p', { class: 'muted sc-small' }, job.variants[0].message) : null,
      job.failure_reason ? h('p', { class: 'sc-alert sc-alert-error sc-small' }, readableFailure(job.failure_reason)) : null,
      variantRows,
      generations,
      h('div', { class: 'sc-card-actions' }, remove));
  }

  function generationRow(job, g, i, title) {
    const name = `Variant ${g.variant + 1}${job.generations.filter((x) => x.variant === g.variant).length > 1 ? `.${i + 1}` : ''}`;
    const play = h('button', { type: 'button', class: 'button ghost small', 'aria-label': `Play ${name} of "${title}"`,
      onclick: () => playGeneration(g, `${name} · ${title}`) }, 'Play');
    const mp4 = h('button', {
      type: 'button',
      class: 'button ghost small',
      'aria-label': `Download ${name} of "${title}" as MP4`,
      onclick: (e) => busy(e.currentTarget, () => download(g.content_url, `${fileStem(job, g)}.mp4`)),
    }, 'MP4');
    const row = [h('span', { class: 'sc-generation-name' }, name), play, mp4];
    if (g.gif_url) {
      row.push(h('button', {
        type: 'button',
        class: 'button ghost small',
        'aria-label': `Download ${name} of "${title}" as GIF`,
        onclick: (e) => {
          const button = e.currentTarget;
          // The GIF is made on request (FFmpeg on the gateway): say so while it takes its few seconds.
          return busy(button, async () => {
            button.textContent = 'Making GIF…';
            await download(g.gif_url, `${fileStem(job, g)}.gif`);
          });
        },
      }, 'GIF'));
    }
    return h('li', { class: 'sc-generation', 'data-generation-id': g.id }, ...row);
  }

  async function download(path, fileName) {
    try {
      await downloadAuthenticated(api, path, fileName);
    } catch (err) {
      toast(`Could not download ${fileName}: ${err.detail || err.message}`, 'error');
    }
  }

  async function playGeneration(g, title) {
    const body = h('div', { class: 'sc-preview' }, spinner());
    let video = null;
    showDialog(title, body, () => { if (video) video.pause(); });
    try {
      // The generation is a media asset of the caller: it streams from storage through a presigned URL.
      const link = await api.get(`/api/media/${g.id}/url`);
      video = h('video', { src: link.url, preload: 'metadata', 'aria-label': title });
      video.controls = true;
      video.playsInline = true;
      replace(body, video);
    } catch (err) {
      replace(body, errorBox(err));
    }
  }

  async function removeJob(job, title) {
    const running = ACTIVE.has(job.status);
    const yes = await confirmDialog({
      title: running ? 'Cancel and delete this job?' : 'Delete this job?',
      message: running
        ? `"${title}" is still being made: its unfinished variants are cancelled (their credits released) and the job deleted.`
        : `"${title}" is removed from your jobs.`,
      confirmLabel: running ? 'Cancel and delete' : 'Delete',
    });
    if (!yes) return;
    try {
      await api.del(`/api/v1/videos/jobs/${job.id}`);
      toast('Job deleted', 'success');
      live.textContent = 'Job deleted';
      cards.delete(job.id);
      await load(true);
    } catch (err) {
      toast(`Could not delete the job: ${err.detail || err.message}`, 'error');
    }
  }

  async function removeFailed() {
    const yes = await confirmDialog({
      title: 'Delete every failed job?',
      message: 'All your video jobs that failed are removed. Jobs that succeeded or still run are kept.',
      confirmLabel: 'Delete failed jobs',
    });
    if (!yes) return;
    await busy(deleteFailed, async () => {
      try {
        const result = await api.del('/api/v1/videos/jobs/failed');
        const n = result ? result.deleted : 0;
        const text = n === 0 ? 'No failed jobs to delete' : `Deleted ${n} failed job${n === 1 ? '' : 's'}`;
        toast(text, 'success');
        live.textContent = text;
        await load(true);
      } catch (err) {
        toast(`Could not delete the failed jobs: ${err.detail || err.message}`, 'error');
      }
    });
  }

  // A TaskEvent of one of the jobs in view (progress, success, failure) refreshes the list, at most every second.
  const refresh = throttle(() => load(true), 1000);
  const unsubscribe = events ? events.subscribe('user', (event) => {
    if (!event || !state.listing) return;
    if (event.type === 'resume-gap') {
      refresh.call();
      return;
    }
    if (event.type !== 'TaskEvent') return;
    if (state.listing.items.some((j) => j.variants.some((v) => v.task_id === event.taskId))) refresh.call();
  }) : null;

  loadProviders();
  await load();

  return () => {
    alive = false;
    clearTimeout(pollTimer);
    refresh.cancel();
    if (unsubscribe) unsubscribe();
  };
}

function shortPrompt(text) {
  const t = (text || '').trim().replace(/\s+/g, ' ');
  return t.length > 80 ? `${t.slice(0, 77)}…` : t;
}

function fileStem(job, g) {
  const words = (job.prompt || 'video').toLowerCase().replace(/[^a-z0-9]+/g, '-').replace(/^-|-$/g, '').slice(0, 40);
  return `${words || 'video'}-v${g.variant + 1}-${g.id.slice(0, 8)}`;
}

/** "provider_error: boom" reads as "Provider error: boom". */
function readableFailure(reason) {
  const colon = reason.indexOf(': ');
  if (colon > 0 && /^[a-z_]+$/.test(reason.slice(0, colon))) {
    return `${humanize(reason.slice(0, colon))}: ${reason.slice(colon + 2)}`;
  }
  return reason;
}
