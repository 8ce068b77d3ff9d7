// The gallery: the user's images, videos and audio (media-service GET /api/gallery[/images|/videos|/audio], paged),
// with thumbnails or waveforms, a preview, download and delete.
import { h, formatBytes, formatDate, formatDuration, emptyState, errorBox, spinner } from '../js/ui.js';
import { confirmDialog, showDialog, pager, downloadAuthenticated, objectUrls, throttle, replace, busy } from './shared.js';

const PAGE_SIZE = 24;
const KINDS = [
  { id: 'all', label: 'All', path: '/api/gallery', empty: 'Nothing here yet. Uploads, generated pictures and finished videos appear here.' },
  { id: 'images', label: 'Images', path: '/api/gallery/images', empty: 'No images yet.' },
  { id: 'videos', label: 'Videos', path: '/api/gallery/videos', empty: 'No videos yet. Finished videos and video jobs land here.' },
  { id: 'audio', label: 'Audio', path: '/api/gallery/audio', empty: 'No audio yet. Songs you upload or compose appear here.' },
];
const SORTS = [
  ['newest', 'Newest first'],
  ['oldest', 'Oldest first'],
  ['largest', 'Largest first'],
  ['smallest', 'Smallest first'],
  ['name', 'Name'],
];
// Images this small are shown as their own thumbnail while media-service has not made one yet.
const INLINE_IMAGE_BYTES = 4 * 1024 * 1024;

export async function mount(root, ctx) {
  const { api, events, toast } = ctx;
  document.title = 'Gallery · Clipizy';
  const urls = objectUrls();
  const params = new URLSearchParams(location.search);
  const state = {
    kind: KINDS.some((k) => k.id === params.get('kind')) ? params.get('kind') : 'all',
    sort: SORTS.some(([s]) => s === params.get('sort')) ? params.get('sort') : 'newest',
    page: 0,
    listing: null,
  };
  let alive = true;
  let loadSeq = 0;

  const tabs = h('div', { class: 'sc-tabs', role: 'group', 'aria-label': 'Kind of media' },
    ...KINDS.map((k) => h('button', {
      type: 'button',
      class: 'chip',
      'data-kind': k.id,
      'aria-pressed': String(k.id === state.kind),
      onclick: () => {
        state.kind = k.id;
        state.page = 0;
        syncTabs();
        load();
      },
    }, k.label)));
  const sortSelect = h('select', { id: 'gallery-sort', onchange: (e) => {
    state.sort = e.target.value;
    state.page = 0;
    load();
  } }, ...SORTS.map(([value, label]) => h('option', { value }, label)));
  sortSelect.value = state.sort;
  const status = h('div', { class: 'sc-status', 'aria-live': 'polite' });
  const grid = h('div', { class: 'sc-gallery-body' });
  const pagerSlot = h('div');

  root.replaceChildren(h('section', { class: 'sc-screen sc-gallery', 'aria-labelledby': 'gallery-title' },
    h('header', { class: 'sc-head' },
      h('h1', { id: 'gallery-title' }, 'Gallery'),
      h('div', { class: 'sc-toolbar' }, tabs,
        h('label', { class: 'sc-inline-field', for: 'gallery-sort' }, h('span', {}, 'Sort'), sortSelect))),
    status, grid, pagerSlot));

  function syncTabs() {
    tabs.querySelectorAll('button').forEach((b) => b.setAttribute('aria-pressed', String(b.dataset.kind === state.kind)));
    const query = new URLSearchParams();
    if (state.kind !== 'all') query.set('kind', state.kind);
    if (state.sort !== 'newest') query.set('sort', state.sort);
    const search = query.toString();
    history.replaceState(history.state, '', location.pathname + (search ? `?${search}` : ''));
  }

  async function load(quiet = false) {
    const seq = ++loadSeq;
    const kind = KINDS.find((k) => k.id === state.kind);
    syncTabs();
    if (!quiet) replace(grid, spinner());
    try {
      const listing = await api.get(kind.path, { page: state.page, size: PAGE_SIZE, sort: state.sort });
      if (!alive || seq !== loadSeq) return;
      if (listing.items.length === 0 && listing.page > 0) {
        state.page = Math.max(0, Math.ceil(listing.total / listing.size) - 1);
        load(quiet);
        return;
      }
      state.listing = listing;
      render(kind, listing);
    } catch (err) {
      if (!alive || seq !== loadSeq) return;
      replace(grid, errorBox(err));
      replace(pagerSlot);
    }
  }

  function render(kind, listing) {
    // The previous page's thumbnails are no longer shown.
    urls.freeAll();
    if (listing.items.length === 0) {
      replace(grid, emptyState(kind.empty));
      replace(pagerSlot);
      status.textContent = '';
      return;
    }
    const list = h('ul', { class: 'sc-grid', 'aria-label': `${kind.label} in your gallery` },
      ...listing.items.map(card));
    replace(grid, list);
    replace(pagerSlot, pager(listing, (p) => {
      state.page = p;
      load();
      grid.scrollIntoView({ block: 'start' });
    }, 'items'));
  }

  function card(item) {
    const m = item.media;
    const name = m.fileName || `${m.kind} ${m.id.slice(0, 8)}`;
    const thumb = h('div', { class: `sc-thumb sc-thumb-${m.kind}`, 'aria-hidden': 'true' },
      h('span', { class: 'sc-thumb-icon' }, kindIcon(m.kind)));
    const source = item.previewUrl || (m.kind === 'image' && m.sizeBytes <= INLINE_IMAGE_BYTES ? m.contentUrl : null);
    if (source) {
      api.blob(source).then((blob) => {
        if (!alive) return;
        const icon = thumb.firstChild;
        const img = h('img', { src: urls.make(blob), alt: '', loading: 'lazy', decoding: 'async',
          onerror: () => thumb.replaceChildren(icon) });
        thumb.replaceChildren(img);
        if (m.kind !== 'image') thumb.append(h('span', { class: 'sc-thumb-badge' }, kindIcon(m.kind)));
      }).catch(() => {
        // The icon stays: a missing thumbnail is not worth an error on a card.
      });
    }
    const facts = [m.kind, formatBytes(m.sizeBytes)];
    if (m.durationSeconds) facts.push(formatDuration(m.durationSeconds));
    if (m.width && m.height) facts.push(`${m.width}×${m.height}`);
    const preview = h('button', { type: 'button', class: 'button ghost small', 'aria-label': `Preview ${name}`, onclick: () => openPreview(m, name) }, 'Preview');
    const download = h('button', {
      type: 'button',
      class: 'button ghost small',
      'aria-label': `Download ${name}`,
      onclick: (e) => busy(e.currentTarget, async () => {
        try {
          await downloadAuthenticated(api, m.contentUrl, name);
        } catch (err) {
          toast(`Could not download ${name}: ${err.message}`, 'error');
        }
      }),
    }, 'Download');
    const remove = h('button', {
      type: 'button',
      class: 'button ghost small sc-danger-quiet',
      'aria-label': `Delete ${name}`,
      onclick: () => removeItem(m, name),
    }, 'Delete');
    return h('li', { class: 'sc-card sc-media-card', 'data-media-id': m.id, 'data-kind': m.kind },
      thumb,
      h('div', { class: 'sc-card-body' },
        h('p', { class: 'sc-card-title', title: name }, name),
        h('p', { class: 'muted sc-small' }, facts.join(' · ')),
        h('p', { class: 'muted sc-small' }, h('time', { datetime: m.createdAt }, formatDate(m.createdAt)), ` · ${m.role}`)),
      h('div', { class: 'sc-card-actions' }, preview, download, remove));
  }

  async function openPreview(m, name) {
    const body = h('div', { class: 'sc-preview' }, spinner());
    let media = null;
    let imageUrl = null;
    showDialog(name, body, () => {
      if (media && typeof media.pause === 'function') media.pause();
      if (imageUrl) URL.revokeObjectURL(imageUrl);
    });
    try {
      let src;
      if (m.kind === 'image') {
        imageUrl = URL.createObjectURL(await api.blob(m.contentUrl));
        src = imageUrl;
      } else {
        // Audio and video stream straight from storage with Range requests, through a short-lived presigned URL.
        src = (await api.get(`/api/media/${m.id}/url`)).url;
      }
      if (m.kind === 'image') {
        media = h('img', { src, alt: name });
      } else {
        media = h(m.kind === 'video' ? 'video' : 'audio', { src, preload: 'metadata', 'aria-label': name });
        media.controls = true;
        if (m.kind === 'video') media.playsInline = true;
      }
      const facts = [m.contentType, formatBytes(m.sizeBytes)];
      if (m.durationSeconds) facts.push(formatDuration(m.durationSeconds));
      if (m.width && m.height) facts.push(`${m.width}×${m.height}`);
      if (m.videoCodec) facts.push(m.videoCodec);
      if (m.audioCodec) facts.push(m.audioCodec);
      replace(body, media, h('p', { class: 'muted sc-small' }, facts.join(' · ')));
    } catch (err) {
      replace(body, errorBox(err));
    }
  }

  async function removeItem(m, name) {
    const yes = await confirmDialog({
      title: `Delete ${name}?`,
      message: 'It disappears from your gallery and its file is removed from storage. This cannot be undone.',
    });
    if (!yes) return;
    try {
      await api.del(`/api/media/${m.id}`);
      toast(`Deleted ${name}`, 'success');
      status.textContent = `Deleted ${name}`;
      load(true);
    } catch (err) {
      toast(`Could not delete ${name}: ${err.message}`, 'error');
    }
  }

  // New media (an upload finished, a task stored its output, a thumbnail was made) refresh the page in view.
  const refresh = throttle(() => load(true), 1500);
  const unsubscribe = events ? events.subscribe('user', (event) => {
    if (event && ['MediaStored', 'MediaDeleted', 'resume-gap'].includes(event.type)) refresh.call();
  }) : null;

  await load();

  return () => {
    alive = false;
    refresh.cancel();
    if (unsubscribe) unsubscribe();
    urls.freeAll();
  };
}

function kindIcon(kind) {
  if (kind === 'video') return '▶';
  if (kind === 'audio') return '♪';
  return '▣';
}
