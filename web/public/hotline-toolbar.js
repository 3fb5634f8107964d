/*
 * Hotline's embeddable agent toolbar, the host page's side (CTI-5; docs/web.md, "Embedding").
 *
 *   <script src="https://hotline.example.com/hotline-toolbar.js"></script>
 *   <div id="toolbar"></div>
 *   <script>
 *     HotlineToolbar.mount(document.getElementById('toolbar'), {
 *       server: 'https://hotline.example.com',       // where Hotline serves the web app
 *       origin: 'https://crm.example.com',           // this page's origin (default: location.origin)
 *       keepSession: true,                            // optional, see below
 *     });
 *     HotlineToolbar.on('call.offered', (call) => openCustomer(call.caller));
 *     HotlineToolbar.command('agent.not_ready', { reason: 'lunch' }).then((agent) => ...);
 *   </script>
 *
 * mount() puts the toolbar's iframe (/embed/toolbar?origin=...) in the element. The toolbar only
 * talks to this origin and this script only to the toolbar's window and origin. command() resolves
 * with the command's result or rejects with an Error carrying the server's status, code and field;
 * commands wait until the toolbar is connected (or signed out: then they are refused). on(name, fn)
 * receives each CTI event's data (and the event's name); on('*', fn) every event; on('status', fn)
 * the toolbar's state: signed_out, connecting, open, reconnecting, ended. Both return a function
 * that removes the listener.
 *
 * keepSession: this page keeps the toolbar's session token in its own sessionStorage (this tab,
 * this site) and hands it to the toolbar whenever it mounts it, so that the agent signs in once per
 * tab even where the browser gives the toolbar's frame no storage of its own (third-party storage
 * blocked) and every page of this application mounts it anew. The token is then readable by this
 * page's scripts: set it only on pages that may hold the agent's session.
 */
(function () {
  'use strict';

  var iframe = null;
  var serverOrigin = null;
  var nextId = 1;
  var pending = {};
  var queued = [];
  var listeners = {};
  var status = null;
  var settled = false; // the toolbar was once connected or signed out: commands go straight to it
  var sessionKey = null; // where this page keeps the toolbar's token (mount's keepSession), else null
  var TIMEOUT_MS = 20000;

  function keptToken() {
    try {
      return sessionKey ? window.sessionStorage.getItem(sessionKey) : null;
    } catch (error) {
      return null;
    }
  }

  function keepToken(token) {
    try {
      if (typeof token === 'string' && token) window.sessionStorage.setItem(sessionKey, token);
      else window.sessionStorage.removeItem(sessionKey);
    } catch (error) {
      // this page has no storage either: the toolbar signs in again next time
    }
  }

  function emit(name, data, eventName) {
    (listeners[name] || []).slice().forEach(function (fn) {
      try {
        fn(data, eventName);
      } catch (error) {
        setTimeout(function () { throw error; });
      }
    });
  }

  function settles(current) {
    return current === 'open' || current === 'signed_out' || current === 'ended';
  }

  function send(message) {
    iframe.contentWindow.postMessage(message, serverOrigin);
  }

  function flush() {
    var waiting = queued;
    queued = [];
    waiting.forEach(send);
  }

  function receive(event) {
    if (!iframe || event.source !== iframe.contentWindow || event.origin !== serverOrigin) return;
    var message = event.data;
    if (!message || typeof message !== 'object') return;
    if (message.type === 'hotline:reply') {
      var entry = pending[message.id];
      if (!entry) return;
      delete pending[message.id];
      clearTimeout(entry.timer);
      if (message.ok) {
        entry.resolve(message.result);
      } else {
        var failure = message.error || {};
        var error = new Error(failure.message || 'the command failed');
        error.status = failure.status;
        error.code = failure.code;
        error.field = failure.field;
        entry.reject(error);
      }
    } else if (message.type === 'hotline:event') {
      emit(message.event, message.data, message.event);
      emit('*', message.data, message.event);
    } else if (message.type === 'hotline:session') {
      if (sessionKey) keepToken(message.token);
    } else if (message.type === 'hotline:status') {
      status = message.status;
      emit('status', status, 'status');
      if (settles(status)) {
        settled = true;
        flush();
      }
    }
  }

  var HotlineToolbar = {
    mount: function (element, options) {
      options = options || {};
      if (!element) throw new Error('HotlineToolbar.mount: no element');
      if (!options.server) throw new Error('HotlineToolbar.mount: options.server is required');
      var server = new URL(options.server, window.location.href);
      var origin = options.origin || window.location.origin;
      serverOrigin = server.origin;
      sessionKey = options.keepSession ? 'hotline.toolbar_session:' + server.origin : null;
      if (iframe && iframe.parentNode) iframe.parentNode.removeChild(iframe);
      iframe = document.createElement('iframe');
      var src = server.origin + '/embed/toolbar?origin=' + encodeURIComponent(origin);
      if (sessionKey) {
        var token = keptToken();
        src += '&keep_session=1' + (token ? '#session=' + encodeURIComponent(token) : '');
      }
      iframe.src = src;
      iframe.title = options.title || 'Hotline';
      iframe.style.width = options.width || '100%';
      iframe.style.height = options.height || '56px';
      iframe.style.border = '0';
      element.appendChild(iframe);
      status = null;
      settled = false;
      window.removeEventListener('message', receive);
      window.addEventListener('message', receive);
      return HotlineToolbar;
    },

    command: function (cmd, args) {
      if (!iframe) return Promise.reject(new Error('HotlineToolbar.command: mount() first'));
      var id = 'h' + nextId++;
      var message = { type: 'hotline:command', id: id, cmd: cmd };
      if (args !== undefined) message.args = args;
      return new Promise(function (resolve, reject) {
        var timer = setTimeout(function () {
          delete pending[id];
          reject(new Error('no reply to ' + cmd + ' from the toolbar'));
        }, TIMEOUT_MS);
        pending[id] = { resolve: resolve, reject: reject, timer: timer };
        if (settled) send(message);
        else queued.push(message);
      });
    },

    on: function (name, fn) {
      (listeners[name] = listeners[name] || []).push(fn);
      return function () {
        listeners[name] = (listeners[name] || []).filter(function (other) { return other !== fn; });
      };
    },

    status: function () {
      return status;
    },
  };

  window.HotlineToolbar = HotlineToolbar;
})();
