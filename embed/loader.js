/*! paperkube embedding loader — mounts every <div class="paperkube"> on the page.
 *
 * A classic script (no module, no eval, no inline script: works under
 * `script-src 'self' 'wasm-unsafe-eval'` and from file://). scripts/build-embed.mjs fills
 * the four placeholders below and writes dist/paperkube/paperkube.js (the wasm fetched
 * beside it) and dist/paperkube/paperkube-offline.js (the wasm inside, for file://).
 *
 * - The wasm is fetched and compiled once (one memoised promise); every widget gets its own
 *   instance of it (own memory, own panic): a crash in one shows an error with a reset
 *   button in that widget only.
 * - Each widget lives in an open shadow root with the widget's CSS, so the host theme cannot
 *   reach in; it follows the host's light/dark preference.
 * - Widgets start when scrolled near the viewport and their clock stops while off-screen or
 *   while the tab is hidden.
 * See docs/embedding.md.
 */
(function () {
  'use strict';
  if (window.paperkube && window.paperkube.loader) return; // the script was included twice

  var CSS = '@CSS@';
  var WASM_FILE = '@WASM_FILE@';
  var WASM_BASE64 = '@WASM_BASE64@';
  // wasm-bindgen's `--target no-modules` glue, wrapped in a factory: each call gives fresh
  // glue state (its own `wasm`), so each widget can have its own instance of one module.
  function makeGlue() {
    /*@GLUE@*/
    return wasm_bindgen;
  }

  var me = document.currentScript;
  var here = (me && me.src) || location.href;
  // Optional: <script src=".../paperkube.js" data-service-worker="/paperkube-sw.js"> keeps
  // visited pages working offline (docs/embedding.md). Never on file://.
  var sw = me && me.getAttribute('data-service-worker');
  if (sw && 'serviceWorker' in navigator && /^https?:$/.test(location.protocol)) {
    navigator.serviceWorker.register(new URL(sw, here)).catch(function (e) {
      if (window.console) console.warn('paperkube: service worker not registered:', e);
    });
  }
  var WORDS = {
    ko: {
      loading: 'paperkube 클러스터를 불러오는 중…',
      crashed: '이 위젯에 오류가 났습니다. 다른 위젯은 계속 동작합니다.',
      reset: '초기화하고 다시 시작',
      failed: 'paperkube를 불러오지 못했습니다.',
    },
    en: {
      loading: 'Loading the paperkube cluster…',
      crashed: 'This widget hit an error. The other widgets keep working.',
      reset: 'Reset and start again',
      failed: 'paperkube could not be loaded.',
    },
  };

  function langOf(host) {
    var l = (host.getAttribute('data-lang') || document.documentElement.lang || 'ko').toLowerCase();
    return l.indexOf('en') === 0 ? 'en' : 'ko';
  }

  // ---- one compiled module, memoised (two init() calls would otherwise race) ----
  var compiled = null;
  function compile() {
    if (!compiled) {
      compiled = (WASM_BASE64.length > 20 ? compileEmbedded() : compileFetched()).catch(function (e) {
        compiled = null; // let a later widget retry
        throw e;
      });
    }
    return compiled;
  }
  function compileEmbedded() {
    var bin = atob(WASM_BASE64);
    var bytes = new Uint8Array(bin.length);
    for (var i = 0; i < bin.length; i++) bytes[i] = bin.charCodeAt(i);
    return WebAssembly.compile(bytes);
  }
  function compileFetched() {
    var url = new URL(WASM_FILE, here);
    return fetch(url).then(function (r) {
      if (!r.ok) throw new Error('HTTP ' + r.status + ' for ' + url);
      if (WebAssembly.compileStreaming && /application\/wasm/.test(r.headers.get('content-type') || '')) {
        return WebAssembly.compileStreaming(r);
      }
      return r.arrayBuffer().then(function (b) {
        return WebAssembly.compile(b);
      });
    });
  }

  // ---- styles: one constructed sheet shared by every shadow root ----
  var sheet = null;
  function adoptStyles(shadow) {
    if ('adoptedStyleSheets' in shadow && typeof CSSStyleSheet === 'function') {
      try {
        if (!sheet) {
          sheet = new CSSStyleSheet();
          sheet.replaceSync(CSS);
        }
        shadow.adoptedStyleSheets = [sheet];
        return;
      } catch (e) {
        /* fall through to a <style> element */
      }
    }
    var style = document.createElement('style');
    style.textContent = CSS;
    shadow.appendChild(style);
  }

  // ---- light / dark: the host's choice, else the reader's system preference ----
  var dark = window.matchMedia ? window.matchMedia('(prefers-color-scheme: dark)') : null;
  function themeOf(host) {
    var own = host.getAttribute('data-theme');
    if (own === 'dark' || own === 'light') return own;
    var html = document.documentElement;
    var attr = html.getAttribute('data-theme') || (document.body && document.body.getAttribute('data-theme'));
    if (attr === 'dark' || attr === 'light') return attr;
    if (html.classList.contains('dark') || (document.body && document.body.classList.contains('dark'))) return 'dark';
    var scheme = getComputedStyle(html).colorScheme || '';
    if (scheme.trim() === 'dark') return 'dark';
    if (scheme.trim() === 'light') return 'light';
    return dark && dark.matches ? 'dark' : 'light';
  }

  // ---- widgets ----
  var widgets = [];

  function active(w) {
    return w.visible && !document.hidden;
  }

  function paint(w) {
    w.frame.setAttribute('data-pk-theme', themeOf(w.host));
  }

  function claim(host) {
    if (host.hasAttribute('data-paperkube-mounted') || host.paperkube) return;
    // Claimed before any wasm runs: the widget crate's own auto-mount skips claimed hosts.
    host.setAttribute('data-paperkube-mounted', '');
    var shadow = host.shadowRoot || host.attachShadow({ mode: 'open' });
    adoptStyles(shadow);
    var frame = document.createElement('div');
    frame.className = 'pk-host';
    var h = parseInt(host.getAttribute('data-height') || '', 10);
    if (h >= 120 && h <= 4000) frame.style.minHeight = h + 'px';
    shadow.appendChild(frame);
    var w = { host: host, shadow: shadow, frame: frame, widget: null, glue: null, starting: false, visible: false, key: '' };
    host.paperkube = w;
    host.setAttribute('data-paperkube-state', 'waiting'); // for a scroll into view
    paint(w);
    placeholder(w, 'loading');
    widgets.push(w);
    if (io) io.observe(host);
    else {
      w.visible = true;
      start(w);
    }
  }

  function placeholder(w, what) {
    var p = document.createElement('p');
    p.className = 'pk-loading';
    p.setAttribute('data-paperkube-state', what);
    p.textContent = WORDS[langOf(w.host)][what];
    w.frame.replaceChildren(p);
  }

  function start(w) {
    if (w.widget || w.starting) return;
    w.starting = true;
    w.host.setAttribute('data-paperkube-state', 'loading');
    compile()
      .then(function (module) {
        var glue = makeGlue();
        return glue({ module_or_path: module }).then(function (exports) {
          w.memory = exports.memory; // this instance's own linear memory (docs: memory cost)
          return glue;
        });
      })
      .then(function (glue) {
        var root = document.createElement('div');
        root.className = 'pk-mount';
        w.frame.replaceChildren(root);
        w.glue = glue;
        try {
          w.widget = glue.mountWidget(
          w.host,
          root,
          function (message) {
            // Called from inside the panicking instance: act after it has unwound to JS.
            setTimeout(function () {
              crashed(w, message);
            }, 0);
          },
          active(w),
          );
        } catch (e) {
          // A trap while mounting (the panic hook has already reported it, if it was a panic).
          if (w.host.getAttribute('data-paperkube-state') !== 'crashed') crashed(w, String(e));
          return;
        }
        w.key = w.widget.storageKey();
        w.host.setAttribute('data-paperkube-state', 'running');
      })
      .catch(function (e) {
        w.host.setAttribute('data-paperkube-state', 'failed');
        placeholder(w, 'failed');
        if (window.console) console.error('paperkube:', e);
      })
      .then(function () {
        w.starting = false;
      });
  }

  function crashed(w, message) {
    // The instance aborted (panic = abort): drop it and everything it drew.
    w.widget = null;
    w.glue = null;
    w.memory = null;
    w.host.setAttribute('data-paperkube-state', 'crashed');
    var words = WORDS[langOf(w.host)];
    var box = document.createElement('div');
    box.className = 'pk-crash';
    box.setAttribute('role', 'alert');
    var p = document.createElement('p');
    p.textContent = words.crashed;
    var pre = document.createElement('pre');
    pre.textContent = String(message || '');
    var button = document.createElement('button');
    button.type = 'button';
    button.className = 'pk-btn';
    button.setAttribute('data-paperkube-reset', '');
    button.textContent = words.reset;
    button.addEventListener('click', function () {
      // The saved state may be what crashed it: forget it, then start a new instance.
      try {
        if (w.key) localStorage.removeItem(w.key);
      } catch (e) {
        /* storage unavailable */
      }
      placeholder(w, 'loading');
      start(w);
    });
    box.append(p, pre, button);
    w.frame.replaceChildren(box);
  }

  function update(w) {
    if (w.visible && !w.widget) start(w);
    if (w.widget) {
      try {
        w.widget.setActive(active(w));
      } catch (e) {
        /* a crashed instance: its error box is on the way */
      }
    }
  }

  var io =
    typeof IntersectionObserver === 'function'
      ? new IntersectionObserver(
          function (entries) {
            entries.forEach(function (e) {
              var w = e.target.paperkube;
              if (!w) return;
              w.visible = e.isIntersecting;
              update(w);
            });
          },
          { rootMargin: '200px 0px' },
        )
      : null;

  function saveAll() {
    widgets.forEach(function (w) {
      if (w.widget) {
        try {
          w.widget.save();
        } catch (e) {
          /* crashed */
        }
      }
    });
  }

  document.addEventListener('visibilitychange', function () {
    widgets.forEach(update);
    if (document.hidden) saveAll();
  });
  window.addEventListener('pagehide', saveAll);

  function repaint() {
    widgets.forEach(paint);
  }
  if (dark && dark.addEventListener) dark.addEventListener('change', repaint);
  if (typeof MutationObserver === 'function') {
    new MutationObserver(repaint).observe(document.documentElement, {
      attributes: true,
      attributeFilter: ['class', 'data-theme', 'style'],
    });
  }

  function scan(root) {
    var hosts = (root || document).querySelectorAll('div.paperkube');
    for (var i = 0; i < hosts.length; i++) claim(hosts[i]);
  }

  window.paperkube = {
    loader: true,
    scan: scan,
    widgets: widgets,
    /** How many wasm instances are live (one per started widget). */
    instances: function () {
      return widgets.filter(function (w) {
        return !!w.glue;
      }).length;
    },
    /** Bytes of wasm linear memory per live instance (each widget has its own). */
    memory: function () {
      return widgets
        .filter(function (w) {
          return !!w.memory;
        })
        .map(function (w) {
          return w.memory.buffer.byteLength;
        });
    },
  };

  if (document.readyState === 'loading') document.addEventListener('DOMContentLoaded', function () { scan(); });
  else scan();
})();
