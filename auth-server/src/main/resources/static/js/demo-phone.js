/* The embedded default's demo phone (templates/demo-phone.html): a public client with PKCE, then the QR API. */
(function () {
  'use strict';
  var redirectUri = window.location.origin + '/demo/phone';
  var result = document.getElementById('phone-result');
  var requestId = null;

  function base64url(bytes) {
    var text = '';
    for (var i = 0; i < bytes.length; i++) {
      text += String.fromCharCode(bytes[i]);
    }
    return btoa(text).replace(/\+/g, '-').replace(/\//g, '_').replace(/=+$/, '');
  }

  function random() {
    var bytes = new Uint8Array(32);
    window.crypto.getRandomValues(bytes);
    return base64url(bytes);
  }

  function signIn() {
    var verifier = random();
    var state = random();
    sessionStorage.setItem('demo-phone-verifier', verifier);
    sessionStorage.setItem('demo-phone-state', state);
    window.crypto.subtle.digest('SHA-256', new TextEncoder().encode(verifier)).then(function (hash) {
      window.location = '/oauth2/authorize?response_type=code&client_id=demo-app&scope=openid%20profile'
        + '&redirect_uri=' + encodeURIComponent(redirectUri) + '&state=' + state
        + '&code_challenge=' + base64url(new Uint8Array(hash)) + '&code_challenge_method=S256';
    });
  }

  function exchange(code) {
    var body = 'grant_type=authorization_code&client_id=demo-app&code=' + encodeURIComponent(code)
      + '&redirect_uri=' + encodeURIComponent(redirectUri)
      + '&code_verifier=' + encodeURIComponent(sessionStorage.getItem('demo-phone-verifier'));
    return fetch('/oauth2/token', {
      method: 'POST',
      headers: { 'Content-Type': 'application/x-www-form-urlencoded', 'Accept': 'application/json' },
      body: body
    }).then(function (response) { return response.json(); }).then(function (tokens) {
      if (tokens.access_token) {
        sessionStorage.setItem('demo-phone-token', tokens.access_token);
      } else {
        result.textContent = 'Sign-in failed: ' + JSON.stringify(tokens);
      }
    });
  }

  function call(action, body) {
    return fetch('/qr/' + requestId + '/' + action, {
      method: 'POST',
      headers: {
        'Authorization': 'Bearer ' + sessionStorage.getItem('demo-phone-token'),
        'Content-Type': 'application/json',
        'Accept': 'application/json'
      },
      body: body ? JSON.stringify(body) : ''
    }).then(function (response) {
      return response.json().then(function (json) { return { ok: response.ok, json: json }; });
    });
  }

  function showSignedIn() {
    var signedIn = !!sessionStorage.getItem('demo-phone-token');
    document.getElementById('phone-signed-out').hidden = signedIn;
    document.getElementById('phone-signed-in').hidden = !signedIn;
  }

  function scan() {
    var link = document.getElementById('phone-qr').value;
    var match = /\/qr\/([A-Za-z0-9_-]{20,64})(\.png)?$/.exec(link.trim());
    if (!match) {
      result.textContent = '不是登录二维码的链接 · Not a sign-in QR link';
      return;
    }
    requestId = match[1];
    call('scan').then(function (answer) {
      if (!answer.ok) {
        result.textContent = answer.json.title || JSON.stringify(answer.json);
        return;
      }
      var d = answer.json;
      document.getElementById('phone-details').textContent = '登录 · Sign in to ' + d.portal + ' (' + d.origin
        + ') — ' + d.browser + ', ' + d.location + ', ' + d.requestedAt;
      var numbers = document.getElementById('phone-numbers');
      numbers.innerHTML = '';
      d.numberChoices.forEach(function (n) {
        var button = document.createElement('button');
        button.type = 'button';
        button.className = 'btn btn--primary';
        button.textContent = n;
        button.addEventListener('click', function () { confirm(n); });
        numbers.appendChild(button);
      });
      document.getElementById('phone-request').hidden = false;
      result.textContent = '';
    });
  }

  function confirm(number) {
    call('confirm', { number: number }).then(function (answer) {
      document.getElementById('phone-request').hidden = true;
      result.textContent = answer.ok ? '已确认，电脑将登录 · Confirmed' : (answer.json.title || '');
    });
  }

  function cancel() {
    call('cancel').then(function (answer) {
      document.getElementById('phone-request').hidden = true;
      result.textContent = answer.ok ? '已取消 · Cancelled' : (answer.json.title || '');
    });
  }

  document.getElementById('phone-sign-in').addEventListener('click', signIn);
  document.getElementById('phone-scan').addEventListener('click', scan);
  document.getElementById('phone-cancel').addEventListener('click', cancel);
  var params = new URLSearchParams(window.location.search);
  if (params.get('code') && params.get('state') === sessionStorage.getItem('demo-phone-state')) {
    exchange(params.get('code')).then(function () {
      window.history.replaceState(null, '', redirectUri);
      showSignedIn();
    });
  } else {
    showSignedIn();
  }
}());
