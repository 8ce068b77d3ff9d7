// The REST client: same-origin /api paths, the bearer token added, problem+json errors thrown as ApiError.
import { accessToken, refresh, signIn } from './auth.js';

/** A non-2xx answer, with the RFC 9457 problem fields the services send. */
export class ApiError extends Error {
  constructor(status, problem = {}) {
    const title = problem.title || (status === 0 ? 'Network error' : 'Request failed (' + status + ')');
    const detail = problem.detail || '';
    super(detail ? title + ': ' + detail : title);
    this.name = 'ApiError';
    this.status = status;
    this.title = title;
    this.detail = detail;
    this.type = problem.type || 'about:blank';
    this.errors = Array.isArray(problem.errors) ? problem.errors : [];
  }
}

/** An absolute URL for a path of this origin, with optional query parameters (null/undefined skipped). */
export function url(path, query) {
  const u = new URL(path, location.origin);
  for (const [k, v] of Object.entries(query || {})) {
    if (v !== undefined && v !== null && v !== '') u.searchParams.set(k, String(v));
  }
  return u.toString();
}

async function problemOf(response) {
  const type = response.headers.get('Content-Type') || '';
  if (type.includes('json')) {
    try {
      return await response.json();
    } catch {
      return {};
    }
  }
  const text = await response.text().catch(() => '');
  return { detail: text.slice(0, 300) };
}

async function send(method, path, { query, body, accept = 'application/json', headers = {} } = {}, retried = false) {
  const token = await accessToken();
  const init = { method, headers: { Accept: accept, Authorization: 'Bearer ' + token, ...headers } };
  if (body !== undefined) {
    init.headers['Content-Type'] = 'application/json';
    init.body = JSON.stringify(body);
  }
  let response;
  try {
    response = await fetch(url(path, query), init);
  } catch (e) {
    throw new ApiError(0, { detail: 'The server could not be reached (' + e.message + ').' });
  }
  if (response.status === 401 && !retried) {
    // the token was refused: refresh once, else sign in again
    if (await refresh()) return send(method, path, { query, body, accept, headers }, true);
    await signIn();
  }
  if (!response.ok) throw new ApiError(response.status, await problemOf(response));
  return response;
}

async function json(response) {
  if (response.status === 204) return null;
  const text = await response.text();
  return text ? JSON.parse(text) : null;
}

export const api = {
  get: async (path, query) => json(await send('GET', path, { query })),
  post: async (path, body) => json(await send('POST', path, { body: body === undefined ? {} : body })),
  patch: async (path, body) => json(await send('PATCH', path, { body })),
  del: async path => json(await send('DELETE', path)),
  /** The bytes of a path (media content) as a Blob. */
  blob: async path => (await send('GET', path, { accept: '*/*' })).blob(),
  url,

  /**
   * Uploads a file to media (multipart POST /api/media) with progress: onProgress(fraction 0..1, loaded, total).
   * XMLHttpRequest, because fetch has no upload progress. Answers the media asset JSON.
   */
  upload: async (file, { projectId, onProgress, signal } = {}) => {
    const token = await accessToken();
    const form = new FormData();
    if (projectId) form.append('projectId', projectId); // before the file: media reads the parts as they stream in
    form.append('file', file, file.name);
    return new Promise((resolve, reject) => {
      const xhr = new XMLHttpRequest();
      xhr.open('POST', url('/api/media'));
      xhr.setRequestHeader('Authorization', 'Bearer ' + token);
      xhr.setRequestHeader('Accept', 'application/json');
      xhr.upload.onprogress = e => {
        if (onProgress && e.lengthComputable) onProgress(e.loaded / e.total, e.loaded, e.total);
      };
      xhr.onload = () => {
        let body = {};
        try {
          body = xhr.responseText ? JSON.parse(xhr.responseText) : {};
        } catch {
          body = { detail: xhr.responseText.slice(0, 300) };
        }
        if (xhr.status >= 200 && xhr.status < 300) {
          if (onProgress) onProgress(1, file.size, file.size);
          resolve(body);
        } else {
          reject(new ApiError(xhr.status, body));
        }
      };
      xhr.onerror = () => reject(new ApiError(0, { detail: 'The upload could not reach the server.' }));
      xhr.onabort = () => reject(new ApiError(0, { title: 'Upload cancelled' }));
      if (signal) signal.addEventListener('abort', () => xhr.abort(), { once: true });
      xhr.send(form);
    });
  },
};
