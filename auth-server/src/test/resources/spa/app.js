// demo-spa: OpenID Connect in the browser with nothing but WebCrypto and fetch (docs/oidc-integration.md).
const CLIENT_ID = 'demo-spa';
const REDIRECT_URI = window.location.origin + '/callback';
const POST_LOGOUT_REDIRECT_URI = window.location.origin + '/';

const show = (id, text) => { document.getElementById(id).textContent = text; };

function base64url(bytes) {
  return btoa(String.fromCharCode(...new Uint8Array(bytes)))
    .replace(/\+/g, '-').replace(/\//g, '_').replace(/=+$/, '');
}

function random() {
  return base64url(crypto.getRandomValues(new Uint8Array(32)));
}

async function discovery() {
  const response = await fetch(window.ISSUER + '/.well-known/openid-configuration');
  return response.json();
}

async function signIn() {
  const provider = await discovery();
  const verifier = random();
  const challenge = base64url(await crypto.subtle.digest('SHA-256', new TextEncoder().encode(verifier)));
  const state = random();
  const nonce = random();
  sessionStorage.setItem('pkce', JSON.stringify({ verifier, state, nonce }));
  const url = new URL(provider.authorization_endpoint);
  url.search = new URLSearchParams({
    response_type: 'code', client_id: CLIENT_ID, redirect_uri: REDIRECT_URI, scope: 'openid profile',
    state, nonce, code_challenge: challenge, code_challenge_method: 'S256'
  });
  window.location.assign(url.toString());
}

async function tokenRequest(provider, form) {
  const response = await fetch(provider.token_endpoint, {
    method: 'POST',
    headers: { 'Content-Type': 'application/x-www-form-urlencoded' },
    body: new URLSearchParams(form)
  });
  const body = await response.json();
  if (!response.ok) {
    throw new Error(body.error || response.status);
  }
  return body;
}

async function callback() {
  const provider = await discovery();
  const params = new URLSearchParams(window.location.search);
  const pending = JSON.parse(sessionStorage.getItem('pkce') || '{}');
  if (params.get('state') !== pending.state) {
    throw new Error('state mismatch');
  }
  if (params.get('iss') !== provider.issuer) {
    throw new Error('iss mismatch (RFC 9207)');
  }
  const tokens = await tokenRequest(provider, {
    grant_type: 'authorization_code', code: params.get('code'), redirect_uri: REDIRECT_URI,
    client_id: CLIENT_ID, code_verifier: pending.verifier
  });
  const claims = JSON.parse(atob(tokens.id_token.split('.')[1].replace(/-/g, '+').replace(/_/g, '/')));
  if (claims.nonce !== pending.nonce || claims.aud !== CLIENT_ID && !(claims.aud || []).includes(CLIENT_ID)) {
    throw new Error('ID token not for this sign-in');
  }
  sessionStorage.setItem('tokens', JSON.stringify(tokens));
  await userinfo(provider, tokens.access_token);
  history.replaceState(null, '', '/');
}

async function userinfo(provider, accessToken) {
  const response = await fetch(provider.userinfo_endpoint, { headers: { Authorization: 'Bearer ' + accessToken } });
  if (!response.ok) {
    throw new Error('userinfo ' + response.status);
  }
  show('sub', (await response.json()).sub);
  show('status', 'signed-in');
}

async function refresh() {
  const provider = await discovery();
  const tokens = JSON.parse(sessionStorage.getItem('tokens'));
  const next = await tokenRequest(provider, {
    grant_type: 'refresh_token', refresh_token: tokens.refresh_token, client_id: CLIENT_ID
  });
  sessionStorage.setItem('tokens', JSON.stringify(next));
  await userinfo(provider, next.access_token);
  show('refreshed', next.refresh_token && next.refresh_token !== tokens.refresh_token ? 'rotated' : 'not rotated');
}

async function signOut() {
  const provider = await discovery();
  const tokens = JSON.parse(sessionStorage.getItem('tokens'));
  sessionStorage.clear();
  const url = new URL(provider.end_session_endpoint);
  url.search = new URLSearchParams({
    id_token_hint: tokens.id_token, post_logout_redirect_uri: POST_LOGOUT_REDIRECT_URI, state: 'bye'
  });
  window.location.assign(url.toString());
}

function guarded(action) {
  return () => action().catch((error) => show('error', String(error.message || error)));
}

document.getElementById('sign-in').addEventListener('click', guarded(signIn));
document.getElementById('refresh').addEventListener('click', guarded(refresh));
document.getElementById('sign-out').addEventListener('click', guarded(signOut));
if (window.location.pathname === '/callback') {
  guarded(callback)();
} else if (new URLSearchParams(window.location.search).get('state') === 'bye') {
  show('status', 'signed-out');
} else if (window.location.pathname === '/probe') {
  // an origin no client registered: the browser must not let it read our answers
  guarded(async () => { await discovery(); show('status', 'read discovery'); })();
}
