// jiandu public reporting portal (/jubao/). No inline scripts are allowed by the CSP:
// everything the portal pages do in the browser is in this file.
//
// - named / anonymous: shows the reporter's fields only for a named report, and
//   disables them otherwise so that nothing typed there is sent;
// - proof of work: finds a counter such that SHA-256(challenge + counter) starts with
//   the required number of zero bits (jiandu.intake.antiabuse.challenge_verify). It
//   starts when the page loads, so it is usually done before the reporter has finished
//   writing. The search runs in plain JavaScript (works on plain HTTP too, where Web
//   Crypto is missing); Web Crypto, where present, checks the answer;
// - small checks: characters typed, number and size of the attachments.
(function () {
  "use strict";

  // --- SHA-256 ----------------------------------------------------------------------
  var K = new Int32Array([
    0x428a2f98, 0x71374491, 0xb5c0fbcf, 0xe9b5dba5, 0x3956c25b, 0x59f111f1, 0x923f82a4, 0xab1c5ed5,
    0xd807aa98, 0x12835b01, 0x243185be, 0x550c7dc3, 0x72be5d74, 0x80deb1fe, 0x9bdc06a7, 0xc19bf174,
    0xe49b69c1, 0xefbe4786, 0x0fc19dc6, 0x240ca1cc, 0x2de92c6f, 0x4a7484aa, 0x5cb0a9dc, 0x76f988da,
    0x983e5152, 0xa831c66d, 0xb00327c8, 0xbf597fc7, 0xc6e00bf3, 0xd5a79147, 0x06ca6351, 0x14292967,
    0x27b70a85, 0x2e1b2138, 0x4d2c6dfc, 0x53380d13, 0x650a7354, 0x766a0abb, 0x81c2c92e, 0x92722c85,
    0xa2bfe8a1, 0xa81a664b, 0xc24b8b70, 0xc76c51a3, 0xd192e819, 0xd6990624, 0xf40e3585, 0x106aa070,
    0x19a4c116, 0x1e376c08, 0x2748774c, 0x34b0bcb5, 0x391c0cb3, 0x4ed8aa4a, 0x5b9cca4f, 0x682e6ff3,
    0x748f82ee, 0x78a5636f, 0x84c87814, 0x8cc70208, 0x90befffa, 0xa4506ceb, 0xbef9a3f7, 0xc67178f2
  ]);
  var INIT = [0x6a09e667, 0xbb67ae85, 0x3c6ef372, 0xa54ff53a, 0x510e527f, 0x9b05688c, 0x1f83d9ab, 0x5be0cd19];
  var W = new Int32Array(64);

  // One 64-byte block of `bytes` at `off` into the eight state words `h` (in place).
  function compress(h, bytes, off) {
    var i, x, y;
    for (i = 0; i < 16; i++, off += 4) {
      W[i] = (bytes[off] << 24) | (bytes[off + 1] << 16) | (bytes[off + 2] << 8) | bytes[off + 3];
    }
    for (i = 16; i < 64; i++) {
      x = W[i - 15];
      y = W[i - 2];
      W[i] = (W[i - 16] + (((x >>> 7) | (x << 25)) ^ ((x >>> 18) | (x << 14)) ^ (x >>> 3)) +
        W[i - 7] + (((y >>> 17) | (y << 15)) ^ ((y >>> 19) | (y << 13)) ^ (y >>> 10))) | 0;
    }
    var a = h[0], b = h[1], c = h[2], d = h[3], e = h[4], f = h[5], g = h[6], k = h[7], t1, t2;
    for (i = 0; i < 64; i++) {
      t1 = (k + (((e >>> 6) | (e << 26)) ^ ((e >>> 11) | (e << 21)) ^ ((e >>> 25) | (e << 7))) +
        ((e & f) ^ (~e & g)) + K[i] + W[i]) | 0;
      t2 = ((((a >>> 2) | (a << 30)) ^ ((a >>> 13) | (a << 19)) ^ ((a >>> 22) | (a << 10))) +
        ((a & b) ^ (a & c) ^ (b & c))) | 0;
      k = g; g = f; f = e; e = (d + t1) | 0; d = c; c = b; b = a; a = (t1 + t2) | 0;
    }
    h[0] = (h[0] + a) | 0; h[1] = (h[1] + b) | 0; h[2] = (h[2] + c) | 0; h[3] = (h[3] + d) | 0;
    h[4] = (h[4] + e) | 0; h[5] = (h[5] + f) | 0; h[6] = (h[6] + g) | 0; h[7] = (h[7] + k) | 0;
  }

  // Pads `block` (message bytes 0..used-1 already in place) and compresses it into `h`.
  function finish(h, block, used, totalLen) {
    var blocks = used + 9 <= 64 ? 1 : 2;
    var end = blocks * 64;
    block[used] = 0x80;
    for (var i = used + 1; i < end - 8; i++) block[i] = 0;
    var bits = totalLen * 8;
    var high = Math.floor(bits / 4294967296);
    block[end - 8] = high >>> 24; block[end - 7] = high >>> 16; block[end - 6] = high >>> 8; block[end - 5] = high;
    block[end - 4] = bits >>> 24; block[end - 3] = bits >>> 16; block[end - 2] = bits >>> 8; block[end - 1] = bits;
    compress(h, block, 0);
    if (blocks === 2) compress(h, block, 64);
  }

  function sha256(msg) {
    var h = new Int32Array(INIT);
    var full = msg.length - (msg.length % 64);
    for (var off = 0; off < full; off += 64) compress(h, msg, off);
    var block = new Uint8Array(128);
    block.set(msg.subarray(full));
    finish(h, block, msg.length - full, msg.length);
    var out = new Uint8Array(32);
    for (var i = 0; i < 8; i++) {
      out[i * 4] = h[i] >>> 24; out[i * 4 + 1] = h[i] >>> 16; out[i * 4 + 2] = h[i] >>> 8; out[i * 4 + 3] = h[i];
    }
    return out;
  }

  function zeroBits(bytes) {
    var n = 0;
    for (var i = 0; i < bytes.length; i++) {
      if (bytes[i] === 0) { n += 8; continue; }
      return n + Math.clz32(bytes[i]) - 24;
    }
    return n;
  }

  var encoder = new TextEncoder();

  // The search: SHA-256(token + counter) for counter = 0, 1, 2 … The token's whole
  // 64-byte blocks are hashed once (the "midstate"); each try hashes only the tail and
  // the counter's digits, with no allocation. Measured in Chromium it is several times
  // faster than one crypto.subtle.digest call per try, whose cost is mostly the
  // promise; Web Crypto, where present, confirms the answer (see `solve`).
  function searcher(token, bits) {
    var msg = encoder.encode(token);
    var full = msg.length - (msg.length % 64);
    var mid = new Int32Array(INIT);
    for (var off = 0; off < full; off += 64) compress(mid, msg, off);
    var tail = msg.subarray(full);
    var block = new Uint8Array(128);
    var h = new Int32Array(8);
    var counter = 0;
    function leading(h) {
      var n = 0;
      for (var i = 0; i < 8; i++) {
        if (h[i] === 0) { n += 32; continue; }
        return n + Math.clz32(h[i]);
      }
      return n;
    }
    // Runs until `deadline` (ms); returns the counter found, or -1 to be called again.
    return function (deadline) {
      for (;;) {
        for (var j = 0; j < 2000; j++, counter++) {
          var digits = String(counter);
          block.set(tail);
          for (var d = 0; d < digits.length; d++) block[tail.length + d] = digits.charCodeAt(d);
          h.set(mid);
          finish(h, block, tail.length + digits.length, msg.length + digits.length);
          if (leading(h) >= bits) return counter;
        }
        if (Date.now() >= deadline) return -1;
      }
    };
  }

  // In slices of about 40 ms, yielding to the page between them.
  function solvePlain(token, bits) {
    var step = searcher(token, bits);
    return new Promise(function (resolve) {
      function slice() {
        var found = step(Date.now() + 40);
        if (found >= 0) resolve(found);
        else setTimeout(slice, 0);
      }
      slice();
    });
  }

  // Web Crypto only (one digest per try, in batches): the fallback if the plain search
  // ever disagreed with the browser's own SHA-256.
  function solveSubtle(token, bits) {
    var BATCH = 1024;
    function round(start) {
      var jobs = [];
      for (var c = start; c < start + BATCH; c++) {
        jobs.push(crypto.subtle.digest("SHA-256", encoder.encode(token + c)));
      }
      return Promise.all(jobs).then(function (digests) {
        for (var i = 0; i < digests.length; i++) {
          if (zeroBits(new Uint8Array(digests[i])) >= bits) return start + i;
        }
        return round(start + BATCH);
      });
    }
    return round(0);
  }

  function solve(token, bits) {
    var subtle = window.crypto && window.crypto.subtle && window.isSecureContext ? window.crypto.subtle : null;
    return solvePlain(token, bits).then(function (n) {
      if (!subtle) return n;
      return subtle.digest("SHA-256", encoder.encode(token + n)).then(function (digest) {
        return zeroBits(new Uint8Array(digest)) >= bits ? n : solveSubtle(token, bits);
      }, function () { return n; });
    });
  }

  window.jianduPortal = { sha256: sha256, zeroBits: zeroBits, solve: solve, searcher: searcher };

  // --- named / anonymous ------------------------------------------------------------
  function setupNamedToggle(form) {
    var radios = form.querySelectorAll("input[data-named-toggle]");
    var box = form.querySelector("[data-named-fields]");
    if (!radios.length || !box) return;
    var inputs = box.querySelectorAll("input");
    var required = [form.querySelector("#id_reporter_name"), form.querySelector("#id_reporter_phone")];
    function update() {
      var checked = form.querySelector("input[data-named-toggle]:checked");
      var named = !!checked && checked.value === "1";
      box.classList.toggle("d-none", !named);
      inputs.forEach(function (el) { el.disabled = !named; });
      required.forEach(function (el) { if (el) el.required = named; });
    }
    radios.forEach(function (r) { r.addEventListener("change", update); });
    update();
  }

  // --- proof of work ----------------------------------------------------------------
  function setupPow(form) {
    var challenge = form.querySelector("[data-pow-challenge]");
    var counter = form.querySelector("[data-pow-counter]");
    var status = form.querySelector("[data-pow-status]");
    var button = form.querySelector("[data-submit-button]");
    if (!challenge || !counter) return;
    var label = button ? button.textContent : "";
    var loadedAt = Date.now();
    var job = null;
    var submitting = false;

    function show(text, tone) {
      if (!status) return;
      status.textContent = text;
      status.className = tone;
    }
    function start() {
      var token = challenge.value;
      var bits = parseInt(challenge.getAttribute("data-bits"), 10) || 18;
      counter.value = "";
      show("正在进行安全验证……", "text-secondary");
      job = solve(token, bits).then(function (n) {
        if (challenge.value === token) {
          counter.value = String(n);
          show("✓ 安全验证已完成", "text-success");
        }
        return n;
      });
      return job;
    }
    // A challenge lives 30 minutes: after 25, take a fresh one from this same page.
    function refresh() {
      return fetch(window.location.pathname, { credentials: "same-origin", cache: "no-store" })
        .then(function (response) { return response.text(); })
        .then(function (html) {
          var fresh = new DOMParser().parseFromString(html, "text/html").querySelector("[data-pow-challenge]");
          if (!fresh) throw new Error("no challenge");
          challenge.value = fresh.value;
          challenge.setAttribute("data-bits", fresh.getAttribute("data-bits"));
          loadedAt = Date.now();
          return start();
        });
    }
    function busy(on) {
      submitting = on;
      if (!button) return;
      button.disabled = on;
      button.textContent = on ? "正在提交，请稍候……" : label;
    }
    form.addEventListener("submit", function (event) {
      if (submitting) { event.preventDefault(); return; }
      var stale = Date.now() - loadedAt > 25 * 60 * 1000;
      if (counter.value && !stale) { busy(true); return; }
      event.preventDefault();
      busy(true);
      (stale ? refresh() : job).then(function () { form.submit(); }).catch(function () {
        busy(false);
        show("安全验证失败，请刷新页面后重试。", "text-danger");
      });
    });
    // Coming back with the browser's back button: the form can be sent again.
    window.addEventListener("pageshow", function () { busy(false); });
    start();
  }

  // --- small checks -----------------------------------------------------------------
  function setupCounter(textarea) {
    var target = document.getElementById(textarea.getAttribute("data-char-counter"));
    if (!target) return;
    var template = target.getAttribute("data-template") || "{n}";
    function update() {
      target.textContent = template.replace("{n}", String(textarea.value.length));
      target.classList.remove("d-none");
    }
    textarea.addEventListener("input", update);
    update();
  }

  function setupFiles(input) {
    var error = input.form && input.form.querySelector("[data-file-error]");
    var maxFiles = parseInt(input.getAttribute("data-max-files"), 10);
    var maxFile = parseInt(input.getAttribute("data-max-file-bytes"), 10);
    var maxTotal = parseInt(input.getAttribute("data-max-total-bytes"), 10);
    var mb = function (n) { return Math.round(n / 1048576) + "MB"; };
    input.addEventListener("change", function () {
      var files = Array.prototype.slice.call(input.files || []);
      var message = "";
      var total = 0;
      if (files.length > maxFiles) message = "附件最多" + maxFiles + "个。";
      files.forEach(function (f) {
        total += f.size;
        if (!message && f.size > maxFile) message = "附件“" + f.name + "”超过" + mb(maxFile) + "。";
      });
      if (!message && total > maxTotal) message = "附件合计不能超过" + mb(maxTotal) + "。";
      input.setCustomValidity(message);
      input.classList.toggle("is-invalid", !!message);
      if (error) error.textContent = message;
    });
  }

  document.addEventListener("DOMContentLoaded", function () {
    document.querySelectorAll("form[data-portal-form]").forEach(function (form) {
      setupNamedToggle(form);
      setupPow(form);
    });
    document.querySelectorAll("textarea[data-char-counter]").forEach(setupCounter);
    document.querySelectorAll("input[type=file][data-max-files]").forEach(setupFiles);
  });
})();
