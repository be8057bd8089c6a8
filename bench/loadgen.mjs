#!/usr/bin/env node
// Closed-loop load generator for the browser sign-in and the refresh loop, against Yiwang ID or Keycloak, with Node's
// built-ins only (node:http, node:crypto; nothing to install). Used by bench/compare.sh; runs alone as well.
//
//   node bench/loadgen.mjs --server yiwang|keycloak --base-url http://127.0.0.1:PORT --scenario signin|refresh
//        [--concurrency 16] [--warmup 10] [--duration 30] [--server-pid PID] [--realm yiwang]
//        [--client-id demo-web] [--client-secret demo-secret] [--username demo] [--password Demo@2026!]
//        [--redirect-uri http://127.0.0.1:8081/callback] [--scope "openid profile"]
//        [--timeout 10] [--setup-timeout 120] [--max-requests 1000000]
//
// signin:  one operation = a whole browser sign-in with a fresh cookie jar: GET authorize (PKCE S256, state, nonce)
//          -> same-origin redirects -> the login page (Keycloak: form#kc-form-login and its action URL; Yiwang ID:
//          /login and its _csrf field) -> POST the credentials -> same-origin redirects until the redirect to the
//          client's redirect_uri with code and state (read, never followed) -> POST token (code + verifier).
// refresh: each worker signs in once during set-up, then one operation = one refresh_token grant with its current
//          refresh token; the rotated one is used next. A worker whose token was lost to an error signs in again
//          inside its next timed iteration, so errors cost throughput instead of vanishing.
// Every response is checked (status, Location, code and state, access/ID/refresh tokens, the nonce in the ID token
// after the code exchange, a rotated refresh token and a new ID token on refresh). A failed check, a timeout or a
// refused connection is an error, never a completion. Closed loop: --concurrency workers, each starting its next
// operation when the previous one ended; --warmup seconds not counted, then --duration seconds measured; an
// operation counts when it ends inside the measured window.
// Output: progress and the first errors on stderr; on stdout one line
//   RESULT <ops> <errors> <p50 ms> <p99 ms> <window s> <server CPU ms> <load-gen CPU ms> <machine busy %>
// (server CPU: utime+stime of --server-pid and its waited-for children over the window, 0 without --server-pid;
// machine busy: both cores, everything). Exit 1 when nothing completed, 2 on bad options, 3 on the watchdog.
// Bounded: per-request timeout, --max-requests HTTP requests in all, a watchdog. Loopback base URLs only.
import http from 'node:http';
import https from 'node:https';
import crypto from 'node:crypto';
import fs from 'node:fs';

const o = {
  server: '', baseUrl: '', scenario: '', concurrency: 16, warmup: 10, duration: 30, serverPid: 0, realm: 'yiwang',
  clientId: 'demo-web', clientSecret: 'demo-secret', username: 'demo', password: 'Demo@2026!',
  redirectUri: 'http://127.0.0.1:8081/callback', scope: 'openid profile', timeout: 10, setupTimeout: 120,
  maxRequests: 1_000_000,
};
const NUMERIC = new Set(['concurrency', 'warmup', 'duration', 'serverPid', 'timeout', 'setupTimeout', 'maxRequests']);

function usage(message) {
  if (message) console.error(`loadgen: ${message}`);
  const text = fs.readFileSync(new URL(import.meta.url), 'utf8').split('\n');
  console.error(text.slice(1, text.findIndex((l, i) => i > 0 && !l.startsWith('//'))).map((l) => l.slice(3)).join('\n'));
  process.exit(message ? 2 : 0);
}

const argv = process.argv.slice(2);
for (let i = 0; i < argv.length; i++) {
  if (argv[i] === '-h' || argv[i] === '--help') usage();
  const key = argv[i].replace(/^--/, '').replace(/-([a-z])/g, (_, c) => c.toUpperCase());
  if (!argv[i].startsWith('--') || !(key in o) || i + 1 >= argv.length) usage(`bad option ${argv[i]}`);
  o[key] = NUMERIC.has(key) ? Number(argv[++i]) : argv[++i];
  if (NUMERIC.has(key) && !(o[key] >= 0)) usage(`${argv[i - 1]} needs a number`);
}
if (!['yiwang', 'keycloak'].includes(o.server)) usage('--server yiwang|keycloak');
if (!['signin', 'refresh'].includes(o.scenario)) usage('--scenario signin|refresh');
if (!(o.concurrency >= 1) || !(o.duration > 0)) usage('--concurrency and --duration must be positive');

let base;
try {
  base = new URL(o.baseUrl);
} catch {
  usage(`--base-url ${o.baseUrl} is not a URL`);
}
// The load must never leave the machine: only loopback origins are accepted.
if (!['http:', 'https:'].includes(base.protocol) || !['127.0.0.1', 'localhost', '[::1]'].includes(base.hostname)) {
  usage(`--base-url must be http(s)://127.0.0.1|localhost|[::1]:port, not ${o.baseUrl}`);
}
const prefix = o.server === 'keycloak' ? `/realms/${encodeURIComponent(o.realm)}/protocol/openid-connect` : '/oauth2';
const AUTHORIZE = new URL(`${prefix}/${o.server === 'keycloak' ? 'auth' : 'authorize'}`, base);
const TOKEN = new URL(`${prefix}/token`, base);
const CLIENT_AUTH = 'Basic ' + Buffer.from(
  `${encodeURIComponent(o.clientId)}:${encodeURIComponent(o.clientSecret)}`).toString('base64');

class Unexpected extends Error {}

// --- HTTP: one keep-alive agent; a closed loop has at most one request in flight per worker
const agent = new (base.protocol === 'https:' ? https : http).Agent({ keepAlive: true, maxSockets: o.concurrency * 2 });
const transport = base.protocol === 'https:' ? https : http;
let sent = 0;
let stopping = false;

function request(method, url, headers, body) {
  if (++sent > o.maxRequests) {
    stopping = true;
    return Promise.reject(new Unexpected(`--max-requests ${o.maxRequests} reached`));
  }
  return new Promise((resolve, reject) => {
    const req = transport.request(url, { method, headers, agent }, (res) => {
      const chunks = [];
      res.on('data', (c) => chunks.push(c));
      res.on('end', () => {
        clearTimeout(timer);
        resolve({ url, status: res.statusCode, headers: res.headers, body: Buffer.concat(chunks).toString('utf8') });
      });
      res.on('error', reject);
    });
    // the whole exchange, not only socket inactivity (req.setTimeout's meaning), is bounded
    const timer = setTimeout(
      () => req.destroy(new Error(`timeout after ${o.timeout} s: ${method} ${url.pathname}`)), o.timeout * 1000);
    req.on('error', (e) => {
      clearTimeout(timer);
      reject(e);
    });
    req.end(body);
  });
}

/** A browser's cookie jar for one origin: names and values only (one origin, every path under it). */
class Jar {
  constructor() {
    this.cookies = new Map();
  }
  update(res) {
    for (const line of res.headers['set-cookie'] ?? []) {
      const [pair, ...attributes] = line.split(';');
      const eq = pair.indexOf('=');
      if (eq < 1) continue;
      const name = pair.slice(0, eq).trim();
      const expired = attributes.some((a) => {
        const [k, v = ''] = a.trim().split('=');
        return (k.toLowerCase() === 'max-age' && Number(v) <= 0)
          || (k.toLowerCase() === 'expires' && Date.parse(v) < Date.now());
      });
      if (expired) this.cookies.delete(name);
      else this.cookies.set(name, pair.slice(eq + 1).trim());
    }
  }
  header() {
    return [...this.cookies].map(([k, v]) => `${k}=${v}`).join('; ');
  }
}

async function browse(jar, method, url, form) {
  const headers = { Accept: 'text/html' };
  if (jar.cookies.size) headers.Cookie = jar.header();
  let body;
  if (form) {
    body = new URLSearchParams(form).toString();
    headers['Content-Type'] = 'application/x-www-form-urlencoded';
  }
  const res = await request(method, url, headers, body);
  jar.update(res);
  return res;
}

function sameOrigin(what, url) {
  if (url.origin !== base.origin) throw new Unexpected(`${what}: leaves the server under test: ${url}`);
  return url;
}

/** Follows same-origin redirects; returns the first answer that is not one, or the redirect to the client. */
async function follow(jar, what, res) {
  for (let hops = 0; res.status === 302 || res.status === 303; hops++) {
    if (!res.headers.location) throw new Unexpected(`${what}: ${res.status} without Location`);
    const target = new URL(res.headers.location, res.url);
    if (target.href.startsWith(o.redirectUri + '?')) return res;
    if (hops >= 5) throw new Unexpected(`${what}: more than 5 redirects`);
    res = await browse(jar, 'GET', sameOrigin(what, target));
  }
  return res;
}

const entities = { amp: '&', quot: '"', '#39': "'", '#x27': "'", lt: '<', gt: '>', '#x3D': '=', '#61': '=' };
const unescapeHtml = (s) => s.replace(/&(amp|quot|#39|#x27|lt|gt|#x3D|#61);/g, (_, e) => entities[e]);

/** The login form of the page: where to post it, and the hidden fields it needs beside the credentials. */
function loginForm(page) {
  if (page.status !== 200) throw new Unexpected(`login page: status ${page.status}, expected 200`);
  if (o.server === 'keycloak') {
    const tag = page.body.match(/<form\b[^>]*\bid="kc-form-login"[^>]*>/);
    const action = tag?.[0].match(/\baction="([^"]+)"/);
    if (!action) throw new Unexpected(`login page: no form#kc-form-login with an action in ${snippet(page.body)}`);
    return { action: sameOrigin('login form', new URL(unescapeHtml(action[1]), page.url)),
      fields: { username: o.username, password: o.password, credentialId: '' } };
  }
  const csrf = page.body.match(/name="_csrf"\s+value="([^"]+)"|value="([^"]+)"\s+name="_csrf"/);
  if (!csrf) throw new Unexpected(`login page: no _csrf field in ${snippet(page.body)}`);
  return { action: new URL('/login', base),
    fields: { username: o.username, password: o.password, _csrf: unescapeHtml(csrf[1] ?? csrf[2]) } };
}

const snippet = (s) => JSON.stringify(String(s).slice(0, 200));
// The message a page shows the user (Yiwang ID: role="alert"; Keycloak: kc-feedback-text, input-error), as text.
function alertOf(html) {
  const at = html.search(/role="alert"|kc-feedback-text|id="input-error/);
  if (at < 0) return '(no message on the page)';
  return snippet(unescapeHtml(html.slice(at, at + 600).replace(/^[^>]*>/, '').replace(/<[^>]*>/g, ' '))
    .replace(/\s+/g, ' ').trim());
}
const b64url = (buf) => buf.toString('base64url');
const random = (n) => b64url(crypto.randomBytes(n));

function claimsOf(what, jwt) {
  try {
    return JSON.parse(Buffer.from(jwt.split('.')[1], 'base64url').toString('utf8'));
  } catch {
    throw new Unexpected(`${what}: id_token is not a JWT`);
  }
}

async function tokenRequest(what, form) {
  const res = await request('POST', TOKEN, { Authorization: CLIENT_AUTH, Accept: 'application/json',
    'Content-Type': 'application/x-www-form-urlencoded' }, new URLSearchParams(form).toString());
  if (res.status !== 200) throw new Unexpected(`${what}: status ${res.status}: ${snippet(res.body)}`);
  let json;
  try {
    json = JSON.parse(res.body);
  } catch {
    throw new Unexpected(`${what}: not JSON: ${snippet(res.body)}`);
  }
  for (const name of ['access_token', 'id_token', 'refresh_token']) {
    if (typeof json[name] !== 'string' || !json[name]) throw new Unexpected(`${what}: no ${name} in ${snippet(res.body)}`);
  }
  if (String(json.token_type).toLowerCase() !== 'bearer') throw new Unexpected(`${what}: token_type ${json.token_type}`);
  return json;
}

/** A whole browser sign-in with a fresh cookie jar; returns the refresh token; steps gets each step's ms. */
async function signin(steps = []) {
  const jar = new Jar();
  const verifier = random(32);
  const state = random(12);
  const nonce = random(12);
  const authorize = new URL(AUTHORIZE);
  authorize.search = new URLSearchParams({ response_type: 'code', client_id: o.clientId, scope: o.scope,
    redirect_uri: o.redirectUri, state, nonce, code_challenge_method: 'S256',
    code_challenge: b64url(crypto.createHash('sha256').update(verifier).digest()) }).toString();

  let t = performance.now();
  const page = await follow(jar, 'authorize (anonymous)', await browse(jar, 'GET', authorize));
  const form = loginForm(page);
  steps[0] = performance.now() - t;
  t = performance.now();
  const back = await follow(jar, 'login post', await browse(jar, 'POST', form.action, form.fields));
  steps[1] = performance.now() - t;
  if (back.status !== 302 && back.status !== 303) {
    throw new Unexpected(`login post: ended at ${back.url.pathname}${back.url.search} with ${back.status}, not at the `
      + `client (sign-in refused?): ${alertOf(back.body)}`);
  }
  const callback = new URL(back.headers.location, back.url);
  if (!callback.href.startsWith(o.redirectUri + '?')) throw new Unexpected(`login post: redirected to ${callback}`);
  const code = callback.searchParams.get('code');
  if (!code || callback.searchParams.get('state') !== state) {
    throw new Unexpected(`authorization response: no code or wrong state in ${callback}`);
  }
  t = performance.now();
  const tokens = await tokenRequest('code exchange', { grant_type: 'authorization_code', code,
    redirect_uri: o.redirectUri, code_verifier: verifier });
  steps[2] = performance.now() - t;
  if (claimsOf('code exchange', tokens.id_token).nonce !== nonce) throw new Unexpected('code exchange: wrong nonce in id_token');
  return tokens.refresh_token;
}

async function refresh(worker) {
  if (!worker.refreshToken) worker.refreshToken = await signin();
  const token = worker.refreshToken;
  worker.refreshToken = null;
  const tokens = await tokenRequest('refresh_token grant', { grant_type: 'refresh_token', refresh_token: token });
  if (tokens.refresh_token === token) throw new Unexpected('refresh_token grant: refresh token was not rotated');
  worker.refreshToken = tokens.refresh_token;
}

// --- CPU figures from /proc: the server (and its waited-for children), this process, the whole machine
function serverJiffies() {
  if (!o.serverPid) return 0;
  const stat = fs.readFileSync(`/proc/${o.serverPid}/stat`, 'utf8');
  const f = stat.slice(stat.lastIndexOf(')') + 2).split(' '); // fields from 3 on; comm may hold spaces
  return Number(f[11]) + Number(f[12]) + Number(f[13]) + Number(f[14]);
}
function machineJiffies() {
  const f = fs.readFileSync('/proc/stat', 'utf8').split('\n')[0].trim().split(/\s+/).slice(1).map(Number);
  return { busy: f[0] + f[1] + f[2] + f[5] + f[6], total: f[0] + f[1] + f[2] + f[3] + f[4] + f[5] + f[6] };
}
function sample() {
  const cpu = process.cpuUsage();
  return { server: serverJiffies(), machine: machineJiffies(), self: (cpu.user + cpu.system) / 1000, at: performance.now() };
}
const HZ = 100; // USER_HZ on Linux; /proc figures are in these ticks

// --- the closed loop
const watchdogSeconds = o.setupTimeout + o.warmup + o.duration + 2 * o.timeout + 30;
setTimeout(() => {
  console.error(`loadgen: watchdog: ${o.scenario} exceeded ${watchdogSeconds} s, exiting`);
  process.exit(3);
}, watchdogSeconds * 1000).unref();

const latencies = [];
// signin only: authorize to the login form, credentials post to the client's redirect, code exchange
const STEPS = ['login form', 'credentials post', 'code exchange'];
const stepLatencies = STEPS.map(() => []);
let errors = 0;
let warmupErrors = 0;
let setupErrors = 0;
const printed = { setup: 0, warmup: 0, measure: 0, done: 5 };
let phase = 'setup';
let windowStart = Infinity;
let windowEnd = Infinity;

function recordError(e) {
  if (phase === 'measure') errors++;
  else if (phase === 'warmup') warmupErrors++;
  else if (phase === 'setup') setupErrors++;
  // the first five of each phase, so that the measured window's own errors are always shown
  if (printed[phase]++ < 5) console.error(`loadgen: ${phase} error: ${e.message}`);
}

async function work(worker) {
  while (!stopping) {
    const t = performance.now();
    const steps = [];
    try {
      if (o.scenario === 'signin') await signin(steps);
      else await refresh(worker);
      const end = performance.now();
      if (end >= windowStart && end <= windowEnd) {
        latencies.push(end - t);
        steps.forEach((ms, i) => stepLatencies[i].push(ms));
      }
    } catch (e) {
      recordError(e);
      if (stopping) break;
      // A refused connection fails in microseconds: without a pause a dead server turns the loop into a CPU hog on a
      // machine shared with the server and others.
      await new Promise((r) => setTimeout(r, 100));
    }
  }
}

const workers = Array.from({ length: o.concurrency }, () => ({ refreshToken: null }));
if (o.scenario === 'refresh') {
  console.error(`loadgen: set-up: ${o.concurrency} sign-ins at ${o.baseUrl} (${o.server})`);
  const setup = Promise.allSettled(workers.map(async (w) => {
    try {
      w.refreshToken = await signin();
    } catch (e) {
      recordError(e); // the worker signs in again inside its first timed iteration
    }
  }));
  await Promise.race([setup, new Promise((r) => setTimeout(r, o.setupTimeout * 1000).unref())]);
}

phase = 'warmup';
const started = performance.now();
windowStart = started + o.warmup * 1000;
windowEnd = windowStart + o.duration * 1000;
console.error(`loadgen: ${o.scenario} against ${o.server} at ${o.baseUrl}: c=${o.concurrency}, ${o.warmup} s warm-up, ${o.duration} s measured`);
const running = workers.map(work);
let first;
await new Promise((r) => setTimeout(r, o.warmup * 1000));
first = sample();
phase = 'measure';
await new Promise((r) => setTimeout(r, Math.max(0, windowEnd - performance.now())));
const last = sample();
phase = 'done';
stopping = true;

const window = (last.at - first.at) / 1000;
latencies.sort((a, b) => a - b);
const rank = (p) => (latencies.length ? latencies[Math.max(0, Math.ceil((p / 100) * latencies.length) - 1)] : 0);
const serverMs = ((last.server - first.server) / HZ) * 1000;
const busy = last.machine.total > first.machine.total
  ? (100 * (last.machine.busy - first.machine.busy)) / (last.machine.total - first.machine.total) : 0;
const ops = latencies.length;
console.error(`loadgen: ${o.scenario}/${o.server}: ${ops} completed, ${errors} errors (warm-up ${warmupErrors}, set-up ${setupErrors}), `
  + `${(ops / window).toFixed(1)}/s, p50 ${rank(50).toFixed(1)} p90 ${rank(90).toFixed(1)} p99 ${rank(99).toFixed(1)} `
  + `max ${rank(100).toFixed(1)} ms, server CPU ${ops ? (serverMs / ops).toFixed(2) : '-'} ms/op, `
  + `load-gen CPU ${ops ? ((last.self - first.self) / ops).toFixed(2) : '-'} ms/op, machine busy ${busy.toFixed(0)} %, `
  + `${sent} HTTP requests in all`);
if (o.scenario === 'signin' && ops) {
  const median = (a) => a.sort((x, y) => x - y)[Math.max(0, Math.ceil(a.length / 2) - 1)].toFixed(1);
  console.error(`loadgen: signin/${o.server} p50 per step: `
    + STEPS.map((name, i) => `${name} ${median(stepLatencies[i])} ms`).join(', '));
}
console.log(`RESULT ${ops} ${errors} ${rank(50).toFixed(1)} ${rank(99).toFixed(1)} ${window.toFixed(2)} `
  + `${serverMs.toFixed(0)} ${(last.self - first.self).toFixed(0)} ${busy.toFixed(0)}`);
// In-flight operations end after the window and would not count: do not wait for them.
void running;
process.exit(ops > 0 ? 0 : 1);
