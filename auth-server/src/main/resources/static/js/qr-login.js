/*
 * QR-code sign-in (扫码登录) on the login page: see templates/fragments/qr-login.html.
 * Plain ES5 on purpose: kiosks and elderly citizens' phones run old browsers.
 */
(function () {
  'use strict';
  var root = document.getElementById('qr-login');
  if (!root) {
    return;
  }
  var image = document.getElementById('qr-login-image');
  var number = document.getElementById('qr-login-number');
  var status = document.getElementById('qr-login-status');
  var statusText = document.getElementById('qr-login-status-text');
  var refresh = document.getElementById('qr-login-refresh');
  var form = document.getElementById('qr-login-complete');
  var base = root.getAttribute('data-base-url');
  var MAX_AUTOMATIC_REFRESHES = 5;
  var automaticRefreshes = 0;
  var current = null;
  var source = null;
  var pollTimer = null;
  var expiryTimer = null;

  function message(key) {
    return root.getAttribute('data-msg-' + key) || root.getAttribute('data-msg-refused-other');
  }

  function show(text, kind) {
    statusText.textContent = text;
    status.className = 'notice' + (kind ? ' notice--' + kind : '');
    root.setAttribute('data-state', kind === 'error' ? 'error' : (current ? current.state || '' : ''));
  }

  function stop() {
    if (source) {
      source.close();
      source = null;
    }
    clearTimeout(pollTimer);
    clearTimeout(expiryTimer);
  }

  function offerRefresh() {
    refresh.hidden = false;
  }

  function request(method, url, done, failed) {
    var xhr = new XMLHttpRequest();
    xhr.open(method, url);
    xhr.setRequestHeader('Accept', 'application/json');
    var header = root.getAttribute('data-csrf-header');
    if (method === 'POST' && header) {
      xhr.setRequestHeader(header, root.getAttribute('data-csrf'));
    }
    xhr.onload = function () {
      if (xhr.status === 200) {
        try {
          done(JSON.parse(xhr.responseText));
          return;
        } catch (e) {
          // fall through to failed
        }
      }
      failed(xhr.status);
    };
    xhr.onerror = function () {
      failed(0);
    };
    xhr.send();
  }

  function create() {
    stop();
    number.hidden = true;
    refresh.hidden = true;
    request('POST', root.getAttribute('data-create-url'), function (created) {
      current = { id: created.id, state: 'waiting' };
      image.src = created.image;
      image.hidden = false;
      show(message('waiting'));
      listen(created.id);
      expiryTimer = setTimeout(function () {
        poll(created.id, true);
      }, (created.expiresIn + 1) * 1000);
    }, function () {
      current = null;
      image.hidden = true;
      show(message('unavailable'), 'error');
      root.setAttribute('data-state', 'unavailable');
    });
  }

  function listen(id) {
    if (!window.EventSource) {
      root.setAttribute('data-transport', 'polling');
      poll(id, false);
      return;
    }
    root.setAttribute('data-transport', 'events');
    source = new EventSource(base + id + '/events');
    source.addEventListener('state', function (event) {
      apply(id, JSON.parse(event.data));
    });
    source.onerror = function () {
      // the stream broke (a proxy, a network change): poll instead
      if (source) {
        source.close();
        source = null;
        root.setAttribute('data-transport', 'polling');
        poll(id, false);
      }
    };
  }

  function poll(id, once) {
    request('GET', base + id + '/state', function (view) {
      apply(id, view);
      if (!once && current && current.id === id && !isFinal(view.state)) {
        pollTimer = setTimeout(function () {
          poll(id, false);
        }, 2000);
      }
    }, function () {
      if (!once) {
        pollTimer = setTimeout(function () {
          poll(id, false);
        }, 4000);
      }
    });
  }

  function isFinal(state) {
    return state === 'confirmed' || state === 'cancelled' || state === 'refused' || state === 'expired';
  }

  function apply(id, view) {
    if (!current || current.id !== id) {
      return;
    }
    current.state = view.state;
    if (view.state === 'waiting') {
      show(message('waiting'));
    } else if (view.state === 'scanned') {
      number.textContent = view.number;
      number.hidden = false;
      show(message('scanned'));
    } else if (view.state === 'confirmed') {
      stop();
      number.hidden = true;
      show(message('confirmed'), 'success');
      form.action = base + id + '/complete';
      form.submit();
    } else if (view.state === 'cancelled') {
      stop();
      number.hidden = true;
      image.hidden = true;
      show(message('cancelled'));
      offerRefresh();
    } else if (view.state === 'refused') {
      stop();
      number.hidden = true;
      image.hidden = true;
      show(message('refused-' + (view.reason || 'other')), 'error');
      offerRefresh();
    } else if (view.state === 'expired') {
      stop();
      number.hidden = true;
      if (automaticRefreshes < MAX_AUTOMATIC_REFRESHES) {
        automaticRefreshes += 1;
        create();
      } else {
        image.hidden = true;
        show(message('expired'));
        offerRefresh();
      }
    }
  }

  refresh.addEventListener('click', function () {
    automaticRefreshes = 0;
    create();
  });
  create();
}());
