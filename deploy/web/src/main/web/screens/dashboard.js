// The dashboard: the person's projects (cover thumbnail, status, type, last change), search and paging, and a new
// project of each kind the studio makes.
import { h, clear, emptyState, errorBox, spinner, formatDate } from '../js/ui.js';

/** What a person can start, mapped to chat-service's project types (a business ad is a video project). */
export const PROJECT_KINDS = [
  { key: 'music-clip', label: 'Music clip', hint: 'A video for a song', type: 'music-clip' },
  { key: 'video-clip', label: 'Video clip', hint: 'A short film from a brief', type: 'video-edit' },
  { key: 'business-ad', label: 'Business ad', hint: 'An ad for a product', type: 'video-edit', settings: { template: 'business-ad' } },
  { key: 'audio', label: 'Audio', hint: 'Analyse or make a track', type: 'audio-edit' },
  { key: 'image', label: 'Image', hint: 'Generate or edit an image', type: 'image-edit' },
  { key: 'automation', label: 'Automation', hint: 'One workflow over a list', type: 'custom' },
];

const STATUS_LABELS = { draft: 'Draft', in_progress: 'In progress', needs_input: 'Needs input', completed: 'Completed', failed: 'Failed' };
const PAGE_SIZE = 12;

function kindLabel(project) {
  const template = project.settings && project.settings.template;
  const kind = PROJECT_KINDS.find(k => (template ? k.key === template : k.type === project.type && !k.settings));
  return kind ? kind.label : project.type;
}

export async function mount(root, { api, navigate, toast }) {
  document.title = 'Projects · Clipizy';
  let page = 0;
  let query = '';
  let searchTimer = null;
  const urls = [];
  let alive = true;

  const list = h('div', { class: 'project-list', 'aria-live': 'polite' });
  const search = h('input', {
    type: 'search', id: 'project-search', placeholder: 'Search projects', 'aria-label': 'Search projects',
    oninput: () => {
      clearTimeout(searchTimer);
      searchTimer = setTimeout(() => { query = search.value.trim(); page = 0; load(); }, 250);
    },
  });
  const dialog = createDialog();

  root.append(
    h('section', { class: 'dashboard' },
      h('div', { class: 'dash-head' }, h('h1', {}, 'Your projects'), search),
      h('h2', { id: 'new-heading' }, 'Start something new'),
      h('div', { class: 'new-project', role: 'group', 'aria-labelledby': 'new-heading' },
        PROJECT_KINDS.map(kind => h('button', {
          type: 'button', class: 'new-type', 'data-kind': kind.key, onclick: () => dialog.open(kind),
        }, h('span', {}, kind.label), h('small', {}, kind.hint)))),
      list,
      dialog.element));

  function createDialog() {
    let kind = null;
    const name = h('input', { name: 'name', required: true, maxlength: 200, autocomplete: 'off' });
    const title = h('h2', { id: 'create-title' }, 'New project');
    const problem = h('div', {});
    const submit = h('button', { type: 'submit', class: 'button' }, 'Create');
    const element = h('dialog', { class: 'create-dialog', 'aria-labelledby': 'create-title' },
      h('form', {
        method: 'dialog',
        onsubmit: async e => {
          e.preventDefault();
          clear(problem);
          submit.disabled = true;
          try {
            const body = { type: kind.type, name: name.value.trim() };
            if (kind.settings) body.settings = kind.settings;
            const project = await api.post('/api/projects', body);
            element.close();
            toast('Created "' + project.name + '"', 'success');
            navigate('/projects/' + project.id);
          } catch (err) {
            problem.append(errorBox(err));
          } finally {
            submit.disabled = false;
          }
        },
      },
      title,
      h('label', {}, 'Name', name),
      problem,
      h('div', { class: 'field-row' }, submit,
        h('button', { type: 'button', class: 'button ghost', onclick: () => element.close() }, 'Cancel'))));
    return {
      element,
      open(k) {
        kind = k;
        title.textContent = 'New ' + k.label.toLowerCase();
        name.value = k.label + ' ' + new Date().toLocaleDateString(undefined, { day: 'numeric', month: 'short' });
        clear(problem);
        element.showModal();
        name.select();
      },
    };
  }

  async function cover(project, box) {
    if (!project.coverMediaId) return;
    try {
      const blob = await api.blob('/api/media/' + project.coverMediaId + '/content');
      if (!alive) return;
      const src = URL.createObjectURL(blob);
      urls.push(src);
      clear(box).append(h('img', { src, alt: '', loading: 'lazy' }));
    } catch {
      /* the placeholder stays: a cover that is gone is not worth an error */
    }
  }

  async function load() {
    clear(list).append(spinner('Loading projects'));
    let result;
    try {
      result = await api.get('/api/projects', { q: query || null, page, size: PAGE_SIZE });
    } catch (err) {
      clear(list).append(errorBox(err));
      return;
    }
    if (!alive) return;
    clear(list);
    if (!result.items.length) {
      list.append(emptyState(query ? 'No project matches "' + query + '".' : 'No projects yet: start one above.'));
      return;
    }
    list.append(h('ul', { class: 'project-grid' }, result.items.map(p => {
      const box = h('div', { class: 'cover', 'aria-hidden': 'true' }, kindLabel(p));
      cover(p, box);
      return h('li', {}, h('a', { class: 'project-card', href: '/projects/' + p.id, 'data-project-id': p.id },
        box,
        h('div', { class: 'meta' },
          h('span', { class: 'name' }, p.name),
          h('span', { class: 'sub' }, h('span', {}, kindLabel(p)),
            h('span', { class: 'badge status-' + p.status }, STATUS_LABELS[p.status] || p.status)),
          h('span', { class: 'sub' }, h('time', { datetime: p.updatedAt }, formatDate(p.updatedAt))))));
    })));
    const pages = Math.ceil(result.total / PAGE_SIZE);
    if (pages > 1) {
      list.append(h('nav', { class: 'pager', 'aria-label': 'Pages' },
        h('button', { type: 'button', class: 'button ghost small', disabled: page === 0, onclick: () => { page--; load(); } }, 'Previous'),
        h('span', {}, 'Page ' + (page + 1) + ' of ' + pages),
        h('button', { type: 'button', class: 'button ghost small', disabled: page + 1 >= pages, onclick: () => { page++; load(); } }, 'Next')));
    }
  }

  await load();
  return () => {
    alive = false;
    clearTimeout(searchTimer);
    urls.forEach(u => URL.revokeObjectURL(u));
  };
}
