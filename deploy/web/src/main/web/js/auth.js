// OpenID Connect sign-in for a public browser client: the authorization code flow with PKCE (S256), written by hand
// with WebCrypto. Reason: it is about a hundred lines, where an SDK would be a dependency to vendor and keep patched
// with no build step to bring it in. The issuer comes from /config.json (a static file Kubernetes can replace);
// tokens live in sessionStorage (gone with the tab) and are refreshed with the refresh token before they expire.

const TOKENS = 'clipizy.tokens';
const PENDING = 'clipizy.pkce';
let config = null;
let refreshing = null;
let timer = null;

/** Reads /config.json once: {issuer, clientId, scope}. */
export async function loadConfig() {
  if (!config) {
    const r = await fetch('/config.json', { cache: 'no-cache' });
    if (!r.ok) throw new Error('The web client has no /config.json (' + r.status + ')');
    config = await r.json();
  }
  return config;
}

function endpoint(name) {
  // Keycloak's endpoints under the issuer; a provider with other paths lists them in config.json
  const fixed = config[name + 'Endpoint'];
  if (fixed) return fixed;
  const paths = { authorization: 'auth', token: 'token', endSession: 'logout' };
  return config.issuer.replace(/\/+$/, '') + '/protocol/openid-connect/' + paths[name];
}

function redirectUri() {
  return location.origin + '/callback';
}

function base64url(bytes) {
  let s = '';
  for (const b of new Uint8Array(bytes)) s += String.fromCharCode(b);
  return btoa(s).replace(/\+/g, '-').replace(/\//g, '_').replace(/=+$/, '');
}

function randomString(bytes = 32) {
  return base64url(crypto.getRandomValues(new Uint8Array(bytes)));
}

/** Sends the browser to the sign-in page; it comes back to /callback and then to returnTo. */
export async function signIn(returnTo = location.pathname + location.search) {
  await loadConfig();
  const verifier = randomString(48);
  const challenge = base64url(await crypto.subtle.digest('SHA-256', new TextEncoder().encode(verifier)));
  const state = randomString(16);
  sessionStorage.setItem(PENDING, JSON.stringify({ verifier, state, returnTo }));
  const url = new URL(endpoint('authorization'));
  url.search = new URLSearchParams({
    response_type: 'code', client_id: config.clientId, redirect_uri: redirectUri(), scope: config.scope || 'openid',
    code_challenge: challenge, code_challenge_method: 'S256', state,
  }).toString();
  location.assign(url.toString());
  return new Promise(() => {}); // the page is leaving
}

/** Finishes the sign-in on /callback: checks the state, trades the code for tokens; answers where to go next. */
export async function handleCallback() {
  await loadConfig();
  const params = new URLSearchParams(location.search);
  const pending = JSON.parse(sessionStorage.getItem(PENDING) || 'null');
  sessionStorage.removeItem(PENDING);
  if (params.get('error')) {
    throw new Error('Sign-in failed: ' + (params.get('error_description') || params.get('error')));
  }
  if (!pending || !params.get('code') || params.get('state') !== pending.state) {
    throw new Error('This sign-in link is stale or was not started here; please sign in again.');
  }
  await tokenRequest({
    grant_type: 'authorization_code', code: params.get('code'), redirect_uri: redirectUri(),
    client_id: config.clientId, code_verifier: pending.verifier,
  });
  return pending.returnTo && pending.returnTo.startsWith('/') && !pending.returnTo.startsWith('/callback') ? pending.returnTo : '/';
}

async function tokenRequest(form) {
  const r = await fetch(endpoint('token'), {
    method: 'POST', headers: { 'Content-Type': 'application/x-www-form-urlencoded' }, body: new URLSearchParams(form),
  });
  const body = await r.json().catch(() => ({}));
  if (!r.ok) {
    const e = new Error(body.error_description || body.error || ('The sign-in server answered ' + r.status));
    e.status = r.status;
    throw e;
  }
  const now = Date.now();
  const tokens = {
    access: body.access_token, refresh: body.refresh_token, id: body.id_token,
    expiresAt: now + (body.expires_in || 60) * 1000,
    refreshExpiresAt: body.refresh_expires_in ? now + body.refresh_expires_in * 1000 : null,
  };
  sessionStorage.setItem(TOKENS, JSON.stringify(tokens));
  schedule(tokens);
  return tokens;
}

function stored() {
  try {
    return JSON.parse(sessionStorage.getItem(TOKENS) || 'null');
  } catch {
    return null;
  }
}

function schedule(tokens) {
  clearTimeout(timer);
  if (!tokens || !tokens.refresh) return;
  // refresh a minute before expiry (or at 80% of a short lifetime)
  const left = tokens.expiresAt - Date.now();
  const delay = Math.max(5000, Math.min(left - 60000, left * 0.8));
  timer = setTimeout(() => refresh().catch(() => {}), delay);
}

/** Trades the refresh token for new tokens (one request at a time); null when the session is over. */
export function refresh() {
  const tokens = stored();
  if (!tokens || !tokens.refresh || (tokens.refreshExpiresAt && tokens.refreshExpiresAt < Date.now())) {
    return Promise.resolve(null);
  }
  if (!refreshing) {
    refreshing = loadConfig()
      .then(() => tokenRequest({ grant_type: 'refresh_token', refresh_token: tokens.refresh, client_id: config.clientId }))
      .catch(e => {
        if (e.status === 400 || e.status === 401) sessionStorage.removeItem(TOKENS);
        return null;
      })
      .finally(() => { refreshing = null; });
  }
  return refreshing;
}

/** Whether there is a session that can still give an access token. */
export function isSignedIn() {
  const t = stored();
  return Boolean(t && (t.expiresAt > Date.now() + 5000 || (t.refresh && (!t.refreshExpiresAt || t.refreshExpiresAt > Date.now()))));
}

/** A valid access token: refreshed first when it expires within 30 s; signs in again when the session is over. */
export async function accessToken() {
  let t = stored();
  if (t && t.expiresAt - Date.now() < 30000) t = await refresh();
  if (!t || !t.access) return signIn();
  if (!timer) schedule(t);
  return t.access;
}

/** The signed-in person from the access token's claims: {id, name, email, roles}. */
export function currentUser() {
  const t = stored();
  if (!t || !t.access) return null;
  const part = t.access.split('.')[1].replace(/-/g, '+').replace(/_/g, '/');
  const claims = JSON.parse(new TextDecoder().decode(Uint8Array.from(atob(part), c => c.charCodeAt(0))));
  return {
    id: claims.sub,
    name: claims.name || claims.preferred_username || claims.email || claims.sub,
    username: claims.preferred_username,
    email: claims.email || null,
    roles: (claims.realm_access && claims.realm_access.roles) || [],
  };
}

/** Ends the session here and at the sign-in server, then comes back to /. */
export async function signOut() {
  await loadConfig();
  const t = stored();
  sessionStorage.removeItem(TOKENS);
  clearTimeout(timer);
  const url = new URL(endpoint('endSession'));
  const params = { client_id: config.clientId, post_logout_redirect_uri: location.origin + '/' };
  if (t && t.id) params.id_token_hint = t.id;
  url.search = new URLSearchParams(params).toString();
  location.assign(url.toString());
}
