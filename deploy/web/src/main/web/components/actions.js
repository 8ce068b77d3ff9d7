// The assistant's actions as real controls. chat-service sends (Assistant.ask/awaiting/summary, RunNarrator):
//   {type:'select'|'number'|'text'|'multiselect'|'file', field, options?, min?, max?, accept?}  a missing input
//   {type:'button', name:'start'|'change', label, credits?}                                     the summary, "Try again"
//   {type:'button', answer:'approve'|'regenerate', label, feedback?}                            a step that waits
//   {type:'choose', options:[candidates]}, {type:'input', field:{...}}, {type:'edit', value}
// Each control answers with post({text, action, attachments}): the text says in words what the action says.
import { h, clear, errorBox, formatBytes } from '../js/ui.js';

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;
let uid = 0;

function words(value) {
  if (Array.isArray(value)) return value.map(words).join(', ') || 'none';
  if (typeof value === 'boolean') return value ? 'Yes' : 'No';
  return String(value);
}

function fieldLabel(field) {
  return String(field).replace(/([a-z])([A-Z])/g, '$1 $2').replace(/[_-]+/g, ' ').replace(/^./, c => c.toUpperCase());
}

/**
 * A file picker with drag and drop and upload progress. onUploaded(asset, file) after the upload.
 * Shared by the assistant's file action and the composer.
 */
export function fileDrop(ctx, { accept, label = 'Choose a file', multiple = false, onUploaded }) {
  const id = 'file-' + ++uid;
  const input = h('input', { type: 'file', id, accept: accept || null, multiple, class: 'visually-hidden' });
  const rows = h('div', { class: 'uploads' });
  const zone = h('div', { class: 'dropzone' },
    h('label', { for: id, class: 'button ghost small' }, label), ' or drop it here', input, rows);
  async function take(files) {
    for (const file of files) {
      const bar = h('span', { style: 'width:0%' });
      const status = h('span', {}, '0%');
      const row = h('div', { class: 'upload-row', 'data-file': file.name },
        h('span', {}, file.name + ' (' + formatBytes(file.size) + ') ', status),
        h('div', { class: 'progress', role: 'progressbar', 'aria-label': 'Uploading ' + file.name, 'aria-valuemin': 0, 'aria-valuemax': 100, 'aria-valuenow': 0 }, bar));
      rows.append(row);
      try {
        const asset = await ctx.api.upload(file, {
          projectId: ctx.projectId,
          onProgress: f => {
            const pct = Math.round(f * 100);
            bar.style.width = pct + '%';
            status.textContent = pct + '%';
            row.querySelector('.progress').setAttribute('aria-valuenow', String(pct));
          },
        });
        status.textContent = 'uploaded';
        row.dataset.mediaId = asset.id;
        await onUploaded(asset, file);
      } catch (e) {
        status.textContent = 'failed';
        row.append(errorBox(e));
      }
    }
  }
  input.addEventListener('change', () => { take([...input.files]); input.value = ''; });
  zone.addEventListener('dragover', e => { e.preventDefault(); zone.classList.add('over'); });
  zone.addEventListener('dragleave', () => zone.classList.remove('over'));
  zone.addEventListener('drop', e => {
    e.preventDefault();
    zone.classList.remove('over');
    const files = [...(e.dataTransfer ? e.dataTransfer.files : [])];
    take(multiple ? files : files.slice(0, 1));
  });
  return { element: zone, input, take };
}

/**
 * The controls of one assistant message. ctx: {api, projectId, post, balance()}. Answers a <fieldset> that the
 * screen disables once the conversation has moved on.
 */
export function actionControls(actions, ctx) {
  const set = h('fieldset', { class: 'actions' }, h('legend', { class: 'visually-hidden' }, 'Your answer'));
  const buttons = h('div', { class: 'buttons' });
  const notes = h('div', {}); // the credit estimate, above the buttons
  const extra = h('div', {});
  for (const action of actions) {
    const type = action.type || (action.name || action.answer ? 'button' : 'text');
    const el = control(type, action, ctx, buttons, extra, notes);
    if (el) set.append(el);
  }
  if (notes.childNodes.length) set.append(notes);
  if (buttons.childNodes.length) set.append(buttons);
  set.append(extra);
  return set;
}

function submitRow(label, onSubmit, ...controls) {
  return h('form', {
    class: 'field-row',
    onsubmit: e => { e.preventDefault(); onSubmit(); },
  }, ...controls, h('button', { type: 'submit', class: 'button' }, label));
}

function control(type, action, ctx, buttons, extra, notes) {
  const field = action.field && typeof action.field === 'string' ? action.field : null;
  const id = 'action-' + ++uid;
  switch (type) {
    case 'button': {
      if (action.name === 'start' && action.credits !== undefined && action.credits !== null) {
        const credits = Number(action.credits);
        const balance = ctx.balance();
        notes.append(h('div', { class: 'estimate', 'data-credits': credits },
          h('span', {}, 'Estimated cost: ', h('strong', {}, credits + (credits === 1 ? ' credit' : ' credits'))),
          balance !== null ? h('span', { class: balance < credits ? 'low' : '' }, 'Your balance: ' + balance + ' credits'
            + (balance < credits ? ' (not enough: add credits first)' : '')) : null,
          h('small', {}, 'Only work that is done is charged; a failed step costs nothing.')));
      }
      if (action.answer === 'regenerate' && action.feedback) {
        const notes = h('textarea', { id, rows: 2, placeholder: 'What should change?' });
        const box = h('div', { hidden: true }, h('label', { for: id }, 'What should change?'),
          submitRow('Send', () => notes.value.trim() && ctx.post({ text: notes.value.trim() }), notes));
        extra.append(box);
        buttons.append(h('button', {
          type: 'button', class: 'button ghost', 'data-answer': 'regenerate',
          onclick: () => { box.hidden = !box.hidden; if (!box.hidden) notes.focus(); },
        }, action.label || 'Change it'));
        return null;
      }
      const payload = action.name ? { name: action.name } : { answer: action.answer };
      buttons.append(h('button', {
        type: 'button', class: 'button' + (action.name === 'change' || action.answer === 'regenerate' ? ' ghost' : ''),
        'data-name': action.name || null, 'data-answer': action.answer || null,
        onclick: () => ctx.post({ text: action.label || action.name || action.answer, action: payload }),
      }, action.label || action.name || action.answer));
      return null;
    }
    case 'select': {
      const options = Array.isArray(action.options) ? action.options : [];
      const select = h('select', { id, 'data-field': field }, options.map((o, i) => h('option', { value: String(i) }, words(o))));
      return submitRow('OK', () => {
        const value = options[Number(select.value)];
        ctx.post({ text: words(value), action: { field, value } });
      }, h('label', { for: id }, fieldLabel(field)), select);
    }
    case 'number': {
      const input = h('input', { id, type: 'number', 'data-field': field, required: true, step: 'any', min: action.min ?? null, max: action.max ?? null });
      return submitRow('OK', () => {
        if (!input.reportValidity()) return;
        const value = Number(input.value);
        ctx.post({ text: String(value), action: { field, value } });
      }, h('label', { for: id }, fieldLabel(field) + (action.min !== undefined && action.max !== undefined && action.min !== null ? ' (' + action.min + '–' + action.max + ')' : '')), input);
    }
    case 'multiselect': {
      const options = Array.isArray(action.options) ? action.options : [];
      const chosen = new Set();
      const chips = h('div', { class: 'chips', role: 'group', 'aria-label': fieldLabel(field), 'data-field': field },
        options.map((o, i) => h('button', {
          type: 'button', class: 'chip', 'aria-pressed': 'false',
          onclick: e => {
            if (chosen.has(i)) chosen.delete(i); else chosen.add(i);
            e.currentTarget.setAttribute('aria-pressed', String(chosen.has(i)));
          },
        }, words(o))));
      return h('div', {}, h('span', { class: 'label' }, fieldLabel(field)), chips,
        submitRow('OK', () => {
          const value = options.filter((_, i) => chosen.has(i));
          ctx.post({ text: words(value), action: { field, value } });
        }));
    }
    case 'file': {
      const drop = fileDrop(ctx, {
        accept: action.accept, label: 'Choose ' + (action.accept ? action.accept.replace('/*', '') + ' ' : '') + 'file',
        onUploaded: (asset, file) => ctx.post({ text: file.name, attachments: [asset.id], action: { field, value: asset.id } }),
      });
      drop.input.dataset.field = field;
      return h('div', {}, h('span', { class: 'label' }, fieldLabel(field)), drop.element);
    }
    case 'choose': {
      const options = Array.isArray(action.options) ? action.options : [];
      return h('div', { class: 'choices' }, options.map((o, i) => {
        const media = typeof o === 'string' && UUID.test(o) ? o : o && o.mediaId;
        const img = media ? h('img', { alt: 'Option ' + (i + 1) }) : null;
        if (img) ctx.api.blob('/api/media/' + media + '/content').then(b => { img.src = URL.createObjectURL(b); }).catch(() => {});
        return h('div', { class: 'choice' }, img || h('span', {}, typeof o === 'object' ? (o.label || o.title || JSON.stringify(o)) : words(o)),
          h('button', { type: 'button', class: 'button small', 'data-answer': 'choose',
            onclick: () => ctx.post({ text: 'Number ' + (i + 1), action: { answer: 'choose', value: i } }) }, 'Choose ' + (i + 1)));
      }));
    }
    case 'input': {
      const spec = action.field || {};
      const input = h('input', { id, type: spec.type === 'number' || spec.type === 'int' ? 'number' : 'text', required: true });
      return submitRow('Send', () => {
        const value = input.type === 'number' ? Number(input.value) : input.value.trim();
        if (value === '') return;
        ctx.post({ text: String(value), action: { answer: 'submit', value } });
      }, h('label', { for: id }, spec.label || fieldLabel(spec.name || 'Your answer')), input);
    }
    case 'edit': {
      if (action.value === undefined || action.value === null) return null;
      const text = JSON.stringify(action.value, null, 2);
      const area = h('textarea', { id, rows: 10, spellcheck: false }, text);
      const problem = h('div', {});
      return h('details', { class: 'edit' }, h('summary', {}, 'See or edit what was made'),
        h('pre', { class: 'show-value' }, text),
        h('label', { for: id }, 'Edit (JSON)'), area, problem,
        submitRow('Save my version', () => {
          clear(problem);
          try {
            ctx.post({ text: 'I edited it', action: { answer: 'edit', value: JSON.parse(area.value) } });
          } catch (e) {
            problem.append(errorBox({ title: 'That is not valid JSON', detail: e.message }));
          }
        }));
    }
    case 'text':
    default: {
      const area = h('textarea', { id, rows: 2, 'data-field': field, required: true });
      return submitRow('OK', () => {
        const value = area.value.trim();
        if (value) ctx.post({ text: value, action: field ? { field, value } : undefined });
      }, h('label', { for: id }, fieldLabel(field || 'Your answer')), area);
    }
  }
}
