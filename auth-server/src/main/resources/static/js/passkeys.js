/*
 * Passkeys (WebAuthn) for the sign-in's second step and the account center. Loaded from our own origin
 * (no inline script). Buttons carry their endpoints in data attributes; the CSRF token comes from
 * <meta name="_csrf">. Binary fields travel as base64url, the format Spring Security's WebAuthn JSON uses.
 */
(function () {
  'use strict';

  function b64urlToBytes(value) {
    var base64 = value.replace(/-/g, '+').replace(/_/g, '/');
    var padded = base64 + '==='.slice((base64.length + 3) % 4);
    var binary = atob(padded);
    var bytes = new Uint8Array(binary.length);
    for (var i = 0; i < binary.length; i++) { bytes[i] = binary.charCodeAt(i); }
    return bytes.buffer;
  }

  function bytesToB64url(buffer) {
    var bytes = new Uint8Array(buffer);
    var binary = '';
    for (var i = 0; i < bytes.length; i++) { binary += String.fromCharCode(bytes[i]); }
    return btoa(binary).replace(/\+/g, '-').replace(/\//g, '_').replace(/=+$/, '');
  }

  function csrfHeaders() {
    var headers = { 'Content-Type': 'application/json' };
    var name = document.querySelector('meta[name="_csrf_header"]');
    var token = document.querySelector('meta[name="_csrf"]');
    if (name && token) { headers[name.content] = token.content; }
    return headers;
  }

  function post(url, body) {
    return fetch(url, { method: 'POST', credentials: 'same-origin', headers: csrfHeaders(),
                        body: body === undefined ? '{}' : JSON.stringify(body) });
  }

  function say(text) {
    var status = document.getElementById('passkey-status');
    if (status) { status.textContent = text; }
  }

  function supported(button) {
    if (!window.PublicKeyCredential || !navigator.credentials) {
      say(button.getAttribute('data-unsupported'));
      return false;
    }
    return true;
  }

  function signIn(button) {
    if (!supported(button)) { return; }
    button.disabled = true;
    post(button.getAttribute('data-options')).then(function (response) { return response.json(); })
      .then(function (options) {
        options.challenge = b64urlToBytes(options.challenge);
        (options.allowCredentials || []).forEach(function (c) { c.id = b64urlToBytes(c.id); });
        if (options.timeout === null) { delete options.timeout; }
        return navigator.credentials.get({ publicKey: options });
      })
      .then(function (credential) {
        return post(button.getAttribute('data-finish'), {
          id: credential.id, rawId: bytesToB64url(credential.rawId), type: credential.type,
          clientExtensionResults: credential.getClientExtensionResults(),
          authenticatorAttachment: credential.authenticatorAttachment,
          response: {
            authenticatorData: bytesToB64url(credential.response.authenticatorData),
            clientDataJSON: bytesToB64url(credential.response.clientDataJSON),
            signature: bytesToB64url(credential.response.signature),
            userHandle: credential.response.userHandle ? bytesToB64url(credential.response.userHandle) : null
          }
        });
      })
      .then(function (response) { return response.json(); })
      .then(function (result) {
        if (result.redirect) { window.location.assign(result.redirect); return; }
        say(result.error);
        button.disabled = false;
      })
      .catch(function () {
        say(button.getAttribute('data-cancelled') || button.getAttribute('data-unsupported'));
        button.disabled = false;
      });
  }

  function register(button) {
    if (!supported(button)) { return; }
    var labelField = document.getElementById(button.getAttribute('data-label-field'));
    var label = labelField && labelField.value.trim() ? labelField.value.trim() : 'passkey';
    button.disabled = true;
    post(button.getAttribute('data-options')).then(function (response) { return response.json(); })
      .then(function (options) {
        options.challenge = b64urlToBytes(options.challenge);
        options.user.id = b64urlToBytes(options.user.id);
        (options.excludeCredentials || []).forEach(function (c) { c.id = b64urlToBytes(c.id); });
        return navigator.credentials.create({ publicKey: options });
      })
      .then(function (credential) {
        return post(button.getAttribute('data-finish'), {
          publicKey: {
            label: label,
            credential: {
              id: credential.id, rawId: bytesToB64url(credential.rawId), type: credential.type,
              clientExtensionResults: credential.getClientExtensionResults(),
              authenticatorAttachment: credential.authenticatorAttachment,
              response: {
                attestationObject: bytesToB64url(credential.response.attestationObject),
                clientDataJSON: bytesToB64url(credential.response.clientDataJSON),
                transports: credential.response.getTransports ? credential.response.getTransports() : []
              }
            }
          }
        });
      })
      .then(function (response) { return response.json(); })
      .then(function (result) {
        if (result.redirect) { window.location.assign(result.redirect); return; }
        say(result.error);
        button.disabled = false;
      })
      .catch(function () {
        say(button.getAttribute('data-cancelled') || button.getAttribute('data-unsupported'));
        button.disabled = false;
      });
  }

  document.addEventListener('DOMContentLoaded', function () {
    document.querySelectorAll('[data-passkey-signin]').forEach(function (button) {
      button.addEventListener('click', function () { signIn(button); });
    });
    document.querySelectorAll('[data-passkey-register]').forEach(function (button) {
      button.addEventListener('click', function () { register(button); });
    });
  });
}());
