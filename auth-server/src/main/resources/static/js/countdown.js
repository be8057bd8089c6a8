/*
 * Resend buttons wait as long as the server makes them wait: a button with data-countdown="N" is
 * disabled for N seconds and says how long is left (data-countdown-label, "{0}" for the seconds).
 * Without JavaScript the button stays usable and the server answers "too soon" in words.
 */
(function () {
  'use strict';
  document.addEventListener('DOMContentLoaded', function () {
    document.querySelectorAll('[data-countdown]').forEach(function (button) {
      var left = parseInt(button.getAttribute('data-countdown'), 10);
      if (!(left > 0)) { return; }
      var label = button.textContent;
      var template = button.getAttribute('data-countdown-label') || '{0}';
      button.disabled = true;
      var tick = function () {
        if (left <= 0) {
          button.disabled = false;
          button.textContent = label;
          return;
        }
        button.textContent = template.replace('{0}', String(left));
        left -= 1;
        window.setTimeout(tick, 1000);
      };
      tick();
    });
  });
}());
