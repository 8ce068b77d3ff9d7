// Results inline in the chat: an audio player over its waveform with the beat, downbeat and section markers of the
// audio analysis drawn on it; an image grid with "regenerate this one"; a video player with a download button.
import { h, clear, formatBytes, formatDuration, spinner, errorBox } from '../js/ui.js';

/**
 * A URL a media element can play without the bearer token. Up to 64 MiB: the bytes through the API as a blob (one
 * request, same origin, seekable at once). Larger: a presigned S3 URL, which streams with Range requests.
 */
async function playableUrl(api, asset) {
  if (asset.sizeBytes > 64 * 1024 * 1024) {
    try {
      const link = await api.get('/api/media/' + asset.id + '/url');
      if (link && link.url) return link.url;
    } catch {
      /* fall back to the bytes */
    }
  }
  return URL.createObjectURL(await api.blob('/api/media/' + asset.id + '/content'));
}

/** Saves an asset's bytes under its file name (the token travels in the request, so a plain link cannot do it). */
async function download(api, asset, toast) {
  try {
    const blob = await api.blob('/api/media/' + asset.id + '/content');
    const href = URL.createObjectURL(blob);
    const a = h('a', { href, download: asset.fileName || asset.id + '.mp4', hidden: true });
    document.body.appendChild(a);
    a.click();
    a.remove();
    setTimeout(() => URL.revokeObjectURL(href), 60000);
  } catch (e) {
    toast('The download failed: ' + e.message, 'error');
  }
}

/**
 * The song with its waveform (the media service's waveform PNG when it is ready, else drawn from the decoded audio)
 * and the analysis markers over it. setAnalysis(analysis) redraws the markers when the analysis arrives later.
 */
export function audioView(api, asset) {
  const audio = h('audio', { controls: true, preload: 'metadata', 'aria-label': 'Play ' + (asset.fileName || 'the audio') });
  const markers = h('canvas', { class: 'markers', 'aria-hidden': 'true' });
  const cursor = h('canvas', { class: 'cursor', 'aria-hidden': 'true' });
  const wave = h('div', { class: 'waveform', role: 'img', 'aria-label': 'Waveform of ' + (asset.fileName || 'the audio') }, markers, cursor);
  const legend = h('div', { class: 'legend' });
  const element = h('div', { class: 'audio-view', 'data-media-id': asset.id },
    h('div', { class: 'media-caption' }, (asset.fileName || 'Audio') + ' · ' + formatDuration(asset.durationSeconds) + ' · ' + formatBytes(asset.sizeBytes)),
    wave, audio, legend);
  let analysis = null;
  const duration = () => asset.durationSeconds || (Number.isFinite(audio.duration) ? audio.duration : 0);

  function size(canvas) {
    const ratio = window.devicePixelRatio || 1;
    canvas.width = Math.max(1, Math.round(wave.clientWidth * ratio));
    canvas.height = Math.max(1, Math.round(wave.clientHeight * ratio));
    return canvas.getContext('2d');
  }

  function drawMarkers() {
    const g = size(markers);
    const d = duration();
    clear(legend);
    if (!analysis || !d) return;
    const x = t => (t / d) * markers.width;
    const styles = getComputedStyle(document.documentElement);
    const sections = Array.isArray(analysis.sections) ? analysis.sections : [];
    sections.forEach((s, i) => {
      const start = Number(s.startTime ?? s.start ?? 0);
      const end = Number(s.endTime ?? s.end ?? (sections[i + 1] ? sections[i + 1].startTime : d));
      g.fillStyle = i % 2 ? 'rgba(245,196,81,0.10)' : 'rgba(245,196,81,0.20)';
      g.fillRect(x(start), 0, Math.max(1, x(end) - x(start)), markers.height);
      g.fillStyle = styles.getPropertyValue('--warning') || '#f5c451';
      g.fillRect(x(start), 0, 2, markers.height);
      g.font = `${11 * (window.devicePixelRatio || 1)}px system-ui`;
      g.fillText(String(s.label ?? i + 1), x(start) + 4, 12 * (window.devicePixelRatio || 1));
    });
    const beats = Array.isArray(analysis.beatTimesSec) ? analysis.beatTimesSec : [];
    g.fillStyle = 'rgba(233,236,242,0.45)';
    beats.forEach(t => g.fillRect(x(t), markers.height * 0.7, 1, markers.height * 0.3));
    const downbeats = Array.isArray(analysis.downbeatsSec) ? analysis.downbeatsSec : [];
    g.fillStyle = styles.getPropertyValue('--accent') || '#8b7cff';
    downbeats.forEach(t => g.fillRect(x(t), markers.height * 0.45, 2, markers.height * 0.55));
    legend.append(...[
      h('span', { class: 'beat' }, beats.length + ' beats'),
      h('span', { class: 'downbeat' }, downbeats.length + ' downbeats'),
      h('span', { class: 'section' }, sections.length + ' sections'),
      analysis.tempo ? h('span', {}, Math.round(analysis.tempo) + ' BPM') : null,
      analysis.key && analysis.key.tonic ? h('span', {}, analysis.key.tonic + ' ' + (analysis.key.mode || '')) : null].filter(Boolean));
    element.dataset.beats = String(beats.length);
    element.dataset.sections = String(sections.length);
  }

  function drawCursor() {
    const g = size(cursor);
    const d = duration();
    if (!d) return;
    g.fillStyle = '#ffffff';
    g.fillRect((audio.currentTime / d) * cursor.width, 0, 2, cursor.height);
  }

  async function drawPeaks(blob) {
    // no waveform image yet: decode the audio and draw its peaks
    const canvas = h('canvas', { 'aria-hidden': 'true' });
    wave.insertBefore(canvas, markers);
    const ctx = new (window.AudioContext || window.webkitAudioContext)();
    try {
      const buffer = await ctx.decodeAudioData(await blob.arrayBuffer());
      const data = buffer.getChannelData(0);
      const g = size(canvas);
      const step = Math.max(1, Math.floor(data.length / canvas.width));
      g.fillStyle = 'rgba(139,124,255,0.8)';
      for (let px = 0; px < canvas.width; px++) {
        let peak = 0;
        for (let i = px * step; i < Math.min(data.length, (px + 1) * step); i++) peak = Math.max(peak, Math.abs(data[i]));
        const hgt = peak * canvas.height;
        g.fillRect(px, (canvas.height - hgt) / 2, 1, Math.max(1, hgt));
      }
    } finally {
      ctx.close();
    }
  }

  (async () => {
    audio.src = await playableUrl(api, asset);
    let drawn = false;
    try {
      const derivatives = await api.get('/api/media/' + asset.id + '/derivatives');
      const wf = (derivatives || []).find(d => d.role === 'waveform' && d.status === 'DONE' && d.asset);
      if (wf) {
        const src = URL.createObjectURL(await api.blob('/api/media/' + wf.asset.id + '/content'));
        wave.insertBefore(h('img', { src, alt: '' }), markers);
        drawn = true;
      }
    } catch {
      /* drawn from the audio below */
    }
    if (!drawn) await drawPeaks(await api.blob('/api/media/' + asset.id + '/content')).catch(() => {});
    drawMarkers();
  })().catch(e => element.append(errorBox(e)));

  audio.addEventListener('loadedmetadata', drawMarkers);
  audio.addEventListener('timeupdate', drawCursor);
  const resize = new ResizeObserver(() => { drawMarkers(); drawCursor(); });
  resize.observe(wave);
  wave.addEventListener('click', e => {
    const d = duration();
    if (d) audio.currentTime = ((e.clientX - wave.getBoundingClientRect().left) / wave.clientWidth) * d;
  });

  return {
    element,
    setAnalysis(a) {
      analysis = a;
      drawMarkers();
    },
    destroy() {
      resize.disconnect();
      audio.pause();
    },
  };
}

/** Generated images in a grid; onRegenerate(asset) redoes one of them (when the run can). */
export function imageGrid(api, assets, onRegenerate) {
  const grid = h('div', { class: 'image-grid' });
  assets.forEach((asset, i) => {
    const img = h('img', { alt: 'Image ' + (i + 1) + (asset.fileName ? ' (' + asset.fileName + ')' : ''), loading: 'lazy' });
    api.blob('/api/media/' + asset.id + '/content').then(b => { img.src = URL.createObjectURL(b); }).catch(() => {});
    grid.append(h('figure', { 'data-media-id': asset.id }, img,
      onRegenerate && asset.taskId ? h('button', {
        type: 'button', class: 'button ghost small', 'aria-label': 'Regenerate image ' + (i + 1),
        onclick: async e => {
          e.currentTarget.disabled = true;
          await onRegenerate(asset);
        },
      }, 'Regenerate this one') : null));
  });
  return grid;
}

/** The finished video: a player and a download button. */
export function videoView(api, asset, toast) {
  const video = h('video', { controls: true, preload: 'metadata', playsinline: true, 'aria-label': 'The video ' + (asset.fileName || '') });
  const element = h('div', { class: 'video-view', 'data-media-id': asset.id }, video,
    h('div', { class: 'field-row' },
      h('span', { class: 'media-caption' }, [asset.width && asset.height ? asset.width + '×' + asset.height : null,
        formatDuration(asset.durationSeconds), formatBytes(asset.sizeBytes)].filter(Boolean).join(' · ')),
      h('button', { type: 'button', class: 'button small', onclick: () => download(api, asset, toast) }, 'Download')));
  let fellBack = false;
  video.addEventListener('error', async () => {
    if (fellBack) return;
    fellBack = true; // the presigned URL did not play: serve the bytes through the API instead
    video.src = URL.createObjectURL(await api.blob('/api/media/' + asset.id + '/content'));
  });
  playableUrl(api, asset).then(src => { video.src = src; }).catch(e => element.append(errorBox(e)));
  return element;
}

/** A placeholder while an asset's facts load. */
export function loading() {
  return spinner('Loading media');
}
