// The Node quickstart of docs/oidc-integration.md (section 4): a web app that signs citizens in with Yiwang ID
// through openid-client, shows the verified ID token claims and userinfo, and signs out. NodeQuickstartTests
// (auth-server) runs it against a test server.
//
//   ISSUER=https://id.example.gov.cn CLIENT_ID=my-node-app CLIENT_SECRET=... \
//   APP_URL=https://app.example.gov.cn PORT=3000 node app.mjs
//
// Routes: /login starts a sign-in, /callback finishes it and answers the claims, userinfo and the end-session
// URL as JSON, /logout ends the session here and at Yiwang ID, / is where Yiwang ID sends the browser back.
import { createServer } from 'node:http';
import { randomUUID } from 'node:crypto';
import * as client from 'openid-client'; // v6

const { ISSUER, CLIENT_ID, CLIENT_SECRET, APP_URL, PORT = '3000' } = process.env;
for (const [name, value] of Object.entries({ ISSUER, CLIENT_ID, CLIENT_SECRET, APP_URL })) {
  if (!value) throw new Error(`${name} is not set`);
}

const config = await client.discovery(new URL(ISSUER), CLIENT_ID, CLIENT_SECRET, undefined, localTestOptions());

// openid-client refuses plain http: allow it only when told this is a local test against this machine
function localTestOptions() {
  if (process.env.LOCAL_TEST !== 'true') return undefined;
  if (!['localhost', '127.0.0.1', '[::1]'].includes(new URL(ISSUER).hostname)) {
    throw new Error('LOCAL_TEST=true is only for an issuer on this machine');
  }
  return { execute: [client.allowInsecureRequests] };
}

// session id (the "sid" cookie) -> { verifier, state } until the callback, then { endSessionUrl }
const sessions = new Map();

async function login(sid) {
  // sign-in (keep verifier and state in the user's session until the callback)
  const verifier = client.randomPKCECodeVerifier();
  const state = client.randomState();
  const url = client.buildAuthorizationUrl(config, {
    redirect_uri: `${APP_URL}/callback`,
    scope: 'openid profile',
    code_challenge: await client.calculatePKCECodeChallenge(verifier),
    code_challenge_method: 'S256',
    state,
  });
  sessions.set(sid, { verifier, state });
  return url;
}

async function callback(sid, currentUrl) {
  const { verifier, state } = sessions.get(sid) ?? {};
  if (!verifier) throw new Error('no sign-in in progress in this browser');
  // callback (currentUrl is the URL the browser came back to)
  const tokens = await client.authorizationCodeGrant(config, currentUrl, {
    pkceCodeVerifier: verifier, expectedState: state,
  });
  const claims = tokens.claims();                    // verified ID token claims
  const me = await client.fetchUserInfo(config, tokens.access_token, claims.sub);
  // logout
  const end = client.buildEndSessionUrl(config, {
    id_token_hint: tokens.id_token, post_logout_redirect_uri: `${APP_URL}/`,
  });
  sessions.set(sid, { endSessionUrl: end.href });
  return { claims, userinfo: me, end_session_url: end.href };
}

function logout(sid) {
  const { endSessionUrl } = sessions.get(sid) ?? {};
  sessions.delete(sid);
  return endSessionUrl ?? `${APP_URL}/`;
}

function sessionId(req, res) {
  const sid = /(?:^|;\s*)sid=([\w-]+)/.exec(req.headers.cookie ?? '')?.[1];
  if (sid) return sid;
  const created = randomUUID();
  res.setHeader('Set-Cookie', `sid=${created}; Path=/; HttpOnly; SameSite=Lax`);
  return created;
}

function send(res, status, type, body) {
  res.writeHead(status, { 'Content-Type': `${type}; charset=utf-8`, 'Cache-Control': 'no-store' }).end(body);
}

const server = createServer(async (req, res) => {
  const currentUrl = new URL(req.url, APP_URL);
  const sid = sessionId(req, res);
  try {
    if (currentUrl.pathname === '/login') {
      res.writeHead(302, { Location: (await login(sid)).href }).end();
    } else if (currentUrl.pathname === '/callback') {
      const signedIn = await callback(sid, currentUrl);
      console.log(`signed in: sub=${signedIn.claims.sub} acr=${signedIn.claims.acr}`);
      send(res, 200, 'application/json', JSON.stringify(signedIn, null, 2));
    } else if (currentUrl.pathname === '/logout') {
      res.writeHead(302, { Location: logout(sid) }).end();
    } else if (currentUrl.pathname === '/') {
      const signedIn = sessions.get(sid)?.endSessionUrl !== undefined;
      send(res, 200, 'text/html', signedIn
        ? '<p>Signed in. <a href="/logout">Sign out</a></p>'
        : '<p>Signed out. <a href="/login">Sign in with Yiwang ID</a></p>');
    } else {
      send(res, 404, 'text/plain', 'not found');
    }
  } catch (err) {
    console.error(`${currentUrl.pathname} failed:`, err);
    send(res, 500, 'text/plain', `${currentUrl.pathname} failed: ${err.message}`);
  }
});

server.listen(Number(PORT), () => console.log(`listening on ${APP_URL} (port ${PORT}), issuer ${ISSUER}`));
