// A project's chat with the assistant: messages with their actions as controls, uploads, the credit estimate and the
// start, live progress per step from the WebSocket (resumed after a drop), and the results inline.
import { h, clear, errorBox, spinner, formatDate } from '../js/ui.js';
import { ApiError } from '../js/api.js';
import { actionControls, fileDrop } from '../components/actions.js';
import { audioView, imageGrid, videoView } from '../components/media.js';

const FINAL = new Set(['SUCCEEDED', 'FAILED', 'CANCELLED']);
const STATUS_LABELS = { draft: 'Draft', in_progress: 'In progress', needs_input: 'Needs input', completed: 'Completed', failed: 'Failed' };

function notFound(root) {
  document.title = 'Project not found · Clipizy';
  root.append(h('section', { class: 'not-found', 'data-testid': 'not-found' },
    h('h1', {}, 'Project not found'),
    h('p', {}, 'This project does not exist, was deleted, or belongs to someone else.'),
    h('a', { href: '/', class: 'button' }, 'Back to your projects')));
}

export async function mount(root, { api, events, toast, params }) {
  const projectId = params && params.id ? params.id : location.pathname.split('/').pop();
  let project;
  try {
    project = await api.get('/api/projects/' + encodeURIComponent(projectId));
  } catch (e) {
    if (e instanceof ApiError && (e.status === 404 || e.status === 400)) {
      notFound(root);
      return undefined;
    }
    throw e;
  }
  document.title = project.name + ' · Clipizy';
  const chats = await api.get('/api/projects/' + project.id + '/chats'); // a list, oldest first
  const chat = chats && chats.length ? chats[0] : await api.post('/api/projects/' + project.id + '/chats', {});

  let alive = true;
  let balance = null;
  let run = null; // the latest run's detail {run, nodes}
  const rendered = new Map(); // message id -> {element, actions}
  const audioViews = new Set();
  const steps = new Map(); // "node[item]" -> {element, bar, text}
  let analysis = null;
  let reloadTimer = null;
  let runTimer = null;

  // ---- layout ----
  const statusBadge = h('span', { class: 'badge status-' + project.status }, STATUS_LABELS[project.status] || project.status);
  const liveEl = h('span', { class: 'live', 'aria-live': 'polite' }, '');
  const list = h('ol', { class: 'messages', 'aria-label': 'Conversation', 'aria-live': 'polite' });
  const stepList = h('ul', { class: 'steps' });
  const runTitle = h('p', { class: 'run-status', 'aria-live': 'polite' }, 'Nothing is running yet.');
  const progressPanel = h('section', { class: 'panel progress-panel', 'aria-labelledby': 'progress-heading' },
    h('h2', { id: 'progress-heading' }, 'Progress'), runTitle, stepList);
  const composerCtx = { api, projectId: project.id };
  const pending = [];
  const pendingEl = h('div', { class: 'pending-files' });
  const text = h('textarea', { id: 'composer-text', rows: 2, placeholder: 'Message the assistant (Enter sends, Shift+Enter for a new line)' });
  const sendButton = h('button', { type: 'submit', class: 'button' }, 'Send');
  const attach = fileDrop(composerCtx, {
    label: 'Attach a file', multiple: true,
    onUploaded: asset => {
      pending.push(asset);
      pendingEl.append(h('span', { class: 'badge', 'data-media-id': asset.id }, asset.fileName || asset.id));
    },
  });
  attach.input.id = 'composer-file';
  const composer = h('form', {
    class: 'composer', 'aria-label': 'Message the assistant',
    onsubmit: e => { e.preventDefault(); sendComposer(); },
  },
  attach.element, pendingEl,
  h('div', { class: 'row' }, h('label', { for: 'composer-text', class: 'visually-hidden' }, 'Message'), text, sendButton));
  text.addEventListener('keydown', e => {
    if (e.key === 'Enter' && !e.shiftKey) { e.preventDefault(); sendComposer(); }
  });

  root.append(h('section', { class: 'project', 'data-project-id': project.id },
    h('div', { class: 'project-title' }, h('h1', {}, project.name), statusBadge, liveEl),
    h('div', { class: 'project-layout' },
      h('div', { class: 'chat' }, list, composer),
      h('aside', { class: 'side' }, progressPanel))));

  // ---- talking ----
  async function post(body) {
    const busy = root.querySelectorAll('.actions:not([disabled])');
    busy.forEach(f => { f.disabled = true; });
    try {
      await api.post('/api/chats/' + chat.id + '/messages', { ...body, clientMessageId: crypto.randomUUID() });
      await loadMessages();
      refreshRun();
    } catch (e) {
      busy.forEach(f => { f.disabled = false; });
      toast(e.message, 'error');
    }
  }

  async function sendComposer() {
    const words = text.value.trim();
    if (!words && !pending.length) return;
    sendButton.disabled = true;
    const attachments = pending.map(a => a.id);
    await post({ text: words || pending.map(a => a.fileName).join(', '), attachments });
    text.value = '';
    pending.length = 0;
    clear(pendingEl);
    clear(attach.element.querySelector('.uploads'));
    sendButton.disabled = false;
  }

  // ---- messages ----
  async function loadMessages() {
    let page = await api.get('/api/chats/' + chat.id + '/messages', { size: 100 });
    if (page.total > 100) page = await api.get('/api/chats/' + chat.id + '/messages', { size: 100, page: Math.ceil(page.total / 100) - 1 });
    if (!alive) return;
    const items = page.items || [];
    if (!items.length && !rendered.size && !list.querySelector('.intro')) {
      list.append(h('li', { class: 'message assistant intro' }, h('div', { class: 'text' },
        'Hi! Tell me what to make, and attach a song or pictures if you have them. For example: '
        + '"Make a cinematic music video for this song, 16:9, 1080p".')));
    }
    for (const m of items) {
      if (!rendered.has(m.id)) {
        list.querySelectorAll('.intro').forEach(el => el.remove());
        const view = messageView(m);
        rendered.set(m.id, view);
        list.append(view.element);
      }
    }
    const last = items[items.length - 1];
    rendered.forEach((view, id) => {
      if (view.actions) view.actions.disabled = !(last && id === last.id);
    });
    if (last && rendered.get(last.id).actions) {
      const first = rendered.get(last.id).actions.querySelector('button, select, input, textarea');
      if (first && document.activeElement === document.body) first.focus({ preventScroll: true });
    }
    const lastEl = list.lastElementChild;
    if (lastEl && lastEl.scrollIntoView) lastEl.scrollIntoView({ block: 'nearest' });
  }

  function messageView(m) {
    const role = String(m.role || '').toLowerCase();
    const element = h('li', { class: 'message ' + role, 'data-message-id': m.id, 'data-role': role },
      h('div', { class: 'who' }, h('span', {}, role === 'user' ? 'You' : 'Assistant'),
        h('time', { datetime: m.createdAt }, formatDate(m.createdAt))),
      m.text ? h('div', { class: 'text' }, m.text) : null);
    let actions = null;
    if (role !== 'user' && Array.isArray(m.actions) && m.actions.length) {
      actions = actionControls(m.actions, { api, projectId: project.id, post, balance: () => balance });
      element.append(actions);
    }
    if (Array.isArray(m.attachments) && m.attachments.length) {
      const box = h('div', { class: 'media' }, spinner('Loading media'));
      element.append(box);
      renderMedia(box, m.attachments);
    }
    return { element, actions };
  }

  async function renderMedia(box, ids) {
    const assets = (await Promise.all(ids.map(id => api.get('/api/media/' + id).catch(() => null)))).filter(Boolean);
    if (!alive) return;
    clear(box);
    const images = assets.filter(a => a.kind === 'image');
    for (const a of assets) {
      if (a.kind === 'audio') {
        const view = audioView(api, a);
        audioViews.add(view);
        if (analysis) view.setAnalysis(analysis);
        box.append(view.element);
      } else if (a.kind === 'video') {
        box.append(videoView(api, a, toast));
      }
    }
    if (images.length) box.append(imageGrid(api, images, regenerateImage));
  }

  async function regenerateImage(asset) {
    try {
      const current = run && run.run ? await api.get('/api/runs/' + run.run.id) : null;
      const node = current && current.nodes.find(n => n.taskId === asset.taskId);
      if (!node) {
        toast('This image is not part of the current run, so it cannot be redone here.', 'error');
        return;
      }
      await api.post('/api/runs/' + current.run.id + '/nodes/' + encodeURIComponent(node.nodeId) + '/regenerate',
        node.itemIndex === null || node.itemIndex === undefined ? {} : { items: [node.itemIndex] });
      toast('Making a new version of that image…', 'success');
      refreshRun();
    } catch (e) {
      toast(e.message, 'error');
    }
  }

  // ---- the run ----
  function stepKey(nodeId, itemIndex) {
    return nodeId + (itemIndex === null || itemIndex === undefined ? '' : '[' + (itemIndex + 1) + ']');
  }

  function step(nodeId, itemIndex, nodeType) {
    const key = stepKey(nodeId, itemIndex);
    let s = steps.get(key);
    if (!s) {
      const bar = h('span', { style: 'width:0%' });
      const state = h('span', { class: 'state' }, 'waiting');
      const progress = h('div', { class: 'progress', role: 'progressbar', 'aria-label': key, 'aria-valuemin': 0, 'aria-valuemax': 100, 'aria-valuenow': 0 }, bar);
      const element = h('li', { class: 'step', 'data-step': key, 'data-node-type': nodeType || '' },
        h('span', { class: 'label' }, h('span', {}, key.replace(/[_-]/g, ' ')), state), progress);
      s = { element, bar, state, progress };
      steps.set(key, s);
      stepList.append(element);
    }
    return s;
  }

  function showStep(nodeId, itemIndex, nodeType, status, fraction, message) {
    const s = step(nodeId, itemIndex, nodeType);
    const pct = Math.round(Math.max(0, Math.min(1, fraction)) * 100);
    s.bar.style.width = pct + '%';
    s.progress.setAttribute('aria-valuenow', String(pct));
    s.element.className = 'step ' + String(status).toLowerCase();
    s.element.dataset.status = status;
    s.state.textContent = message ? status.toLowerCase().replace('_', ' ') + ' · ' + message : status.toLowerCase().replace('_', ' ');
  }

  function showRun(detail) {
    run = detail;
    const r = detail.run;
    runTitle.textContent = 'Run ' + r.workflowId + ': ' + r.status.toLowerCase().replace('_', ' ')
      + (r.estimatedCredits ? ' · about ' + r.estimatedCredits + ' credits' : '')
      + (r.actualCredits !== null && r.actualCredits !== undefined && FINAL.has(r.status) ? ' · ' + r.actualCredits + ' spent' : '');
    progressPanel.dataset.runId = r.id;
    progressPanel.dataset.runStatus = r.status;
    for (const n of detail.nodes || []) {
      const done = n.status === 'SUCCEEDED' || n.status === 'SKIPPED';
      showStep(n.nodeId, n.itemIndex, n.nodeType, n.status, done ? 1 : n.progress || 0, '');
      if (n.nodeType === 'audio_analysis' && n.output && typeof n.output === 'object') setAnalysis(n.output);
    }
  }

  function setAnalysis(a) {
    analysis = a;
    audioViews.forEach(v => v.setAnalysis(a));
  }

  async function refreshRun(runId) {
    try {
      let id = runId;
      if (!id) {
        const runs = await api.get('/api/runs', { projectId: project.id, size: 1 });
        if (!runs.items || !runs.items.length) return;
        id = runs.items[0].id;
      }
      const detail = await api.get('/api/runs/' + id);
      if (alive && (!run || run.run.id === detail.run.id || new Date(detail.run.createdAt) >= new Date(run.run.createdAt))) {
        if (run && run.run.id !== detail.run.id) { steps.clear(); clear(stepList); }
        showRun(detail);
      }
    } catch (e) {
      if (!(e instanceof ApiError && e.status === 404)) console.warn('run refresh failed', e);
    }
  }

  function later(fn, timerName, ms) {
    if (timerName === 'messages') {
      clearTimeout(reloadTimer);
      reloadTimer = setTimeout(fn, ms);
    } else {
      clearTimeout(runTimer);
      runTimer = setTimeout(fn, ms);
    }
  }

  function onEvent(e) {
    if (e.type === 'resume-gap') {
      later(loadMessages, 'messages', 50);
      later(() => refreshRun(), 'run', 50);
      return;
    }
    const mine = e.projectId === project.id || e.chatId === chat.id || (run && e.runId === run.run.id);
    if (!mine) return;
    switch (e.type) {
      case 'MessageAdded':
        if (e.chatId === chat.id) later(loadMessages, 'messages', 100);
        break;
      case 'ChatStatusChanged':
        break;
      case 'RunStarted':
        steps.clear();
        clear(stepList);
        later(() => refreshRun(e.runId), 'run', 100);
        break;
      case 'TaskEvent':
        if (e.nodeId) showStep(e.nodeId, e.itemIndex, e.kind, e.status === 'SUCCEEDED' ? 'SUCCEEDED' : e.status === 'FAILED' ? 'FAILED' : 'RUNNING', e.progress || 0, e.message || '');
        break;
      case 'NodeStarted':
        showStep(e.nodeId, e.itemIndex, e.nodeType, 'RUNNING', 0, '');
        break;
      case 'NodeSucceeded':
        showStep(e.nodeId, e.itemIndex, e.nodeType, 'SUCCEEDED', 1, '');
        if (e.nodeType === 'audio_analysis' && e.output) setAnalysis(e.output);
        break;
      case 'NodeFailed':
        showStep(e.nodeId, e.itemIndex, e.nodeType, 'FAILED', 1, e.error && e.error.message);
        break;
      case 'InputRequested':
        showStep(e.nodeId, null, null, 'WAITING_INPUT', 0, 'needs you');
        break;
      case 'RunSucceeded':
      case 'RunFailed':
      case 'RunCancelled':
        later(() => refreshRun(e.runId), 'run', 100);
        later(loadMessages, 'messages', 300);
        api.get('/api/projects/' + project.id).then(p => {
          statusBadge.className = 'badge status-' + p.status;
          statusBadge.textContent = STATUS_LABELS[p.status] || p.status;
        }).catch(() => {});
        break;
      default:
        break;
    }
  }

  const offStatus = events.onStatus(s => {
    liveEl.className = 'live ' + s;
    liveEl.textContent = s === 'connected' ? 'live' : s === 'reconnecting' ? 'reconnecting…' : '';
    if (s === 'connected') later(() => refreshRun(), 'run', 200);
  });
  liveEl.className = 'live ' + events.status;
  liveEl.textContent = events.status === 'connected' ? 'live' : '';
  const unsubscribe = events.subscribe('user', onEvent);
  const balanceOff = events.subscribe('user', e => { if (e.type === 'CreditsChanged') balance = e.balance; });
  api.get('/api/credits/balance').then(b => { balance = b.balance; }).catch(() => {});

  list.append(h('li', { class: 'loading' }, spinner('Loading the conversation')));
  try {
    await Promise.all([refreshRun(), loadMessagesFirst()]);
  } catch (e) {
    list.append(errorBox(e));
  }

  async function loadMessagesFirst() {
    await loadMessages();
    list.querySelectorAll('.loading').forEach(el => el.remove());
  }

  return () => {
    alive = false;
    clearTimeout(reloadTimer);
    clearTimeout(runTimer);
    unsubscribe();
    balanceOff();
    offStatus();
    audioViews.forEach(v => v.destroy());
  };
}
