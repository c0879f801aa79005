// The field-report outbox: every report gets a UUID on the phone and waits in IndexedDB
// until the server has answered for it. The server stores each UUID once, so sending a
// report again (a retry after a lost answer) is harmless: it answers "duplicate".
(function () {
  "use strict";
  var app = document.getElementById("report-app");
  var form = document.getElementById("report-form");
  if (!app || !form) return;
  var SYNC_URL = app.dataset.syncUrl;
  var DB_NAME = "kampanye-lapangan", STORE = "outbox", BATCH = 50;
  // today's count comes from the server, so it survives a reload
  var syncing = false, sent = parseInt(app.dataset.sent || "0", 10), location = null, single = false;

  function uuid4() {
    if (window.crypto && crypto.randomUUID) return crypto.randomUUID();
    var b = crypto.getRandomValues(new Uint8Array(16));
    b[6] = (b[6] & 0x0f) | 0x40; b[8] = (b[8] & 0x3f) | 0x80;
    var h = Array.prototype.map.call(b, function (x) { return (x + 256).toString(16).slice(1); }).join("");
    return h.slice(0, 8) + "-" + h.slice(8, 12) + "-" + h.slice(12, 16) + "-" + h.slice(16, 20) + "-" + h.slice(20);
  }

  function openDb() {
    return new Promise(function (resolve, reject) {
      var req = indexedDB.open(DB_NAME, 1);
      req.onupgradeneeded = function () {
        var db = req.result;
        if (!db.objectStoreNames.contains(STORE)) db.createObjectStore(STORE, {keyPath: "client_uuid"});
        if (!db.objectStoreNames.contains("rejected")) db.createObjectStore("rejected", {keyPath: "client_uuid"});
      };
      req.onsuccess = function () { resolve(req.result); };
      req.onerror = function () { reject(req.error); };
    });
  }

  function tx(store, mode, fn) {
    return openDb().then(function (db) {
      return new Promise(function (resolve, reject) {
        var t = db.transaction(store, mode), s = t.objectStore(store), out;
        out = fn(s);
        t.oncomplete = function () { resolve(out && out.result !== undefined ? out.result : out); };
        t.onerror = function () { reject(t.error); };
      });
    });
  }

  function all() { return tx(STORE, "readonly", function (s) { return s.getAll(); }); }
  function put(item) { return tx(STORE, "readwrite", function (s) { s.put(item); }); }
  function drop(ids) { return tx(STORE, "readwrite", function (s) { ids.forEach(function (id) { s.delete(id); }); }); }
  function reject(items) { return tx("rejected", "readwrite", function (s) { items.forEach(function (i) { s.put(i); }); }); }

  function csrf() {
    var m = document.cookie.match(/(?:^|; )csrftoken=([^;]+)/);
    return m ? decodeURIComponent(m[1]) : app.dataset.csrf;
  }

  function show() {
    var online = navigator.onLine;
    var state = document.getElementById("net-state");
    state.textContent = online ? state.dataset.online : state.dataset.offline;
    document.getElementById("outbox-status").classList.toggle("offline", !online);
    return all().then(function (items) {
      document.getElementById("outbox-count").textContent = String(items.length);
      document.getElementById("sent-count").textContent = String(sent);
      return items;
    });
  }

  function sync() {
    if (syncing || !navigator.onLine) return Promise.resolve();
    syncing = true;
    return all().then(function (items) {
      if (!items.length) return null;
      var batch = items.slice(0, single ? 1 : BATCH);
      return fetch(SYNC_URL, {
        method: "POST", credentials: "same-origin",
        headers: {"Content-Type": "application/json", "X-CSRFToken": csrf()},
        body: JSON.stringify({reports: batch})
      }).then(function (response) {
        if (response.status === 422) { // a malformed report: find it one by one, set it aside
          if (batch.length > 1) { single = true; return "more"; }
          single = false;
          return reject(batch).then(function () { return drop([batch[0].client_uuid]); })
            .then(function () { return items.length > 1 ? "more" : null; });
        }
        if (!response.ok) throw new Error("HTTP " + response.status);
        return response.json().then(function (body) {
          var done = [], refused = [], byId = {};
          batch.forEach(function (i) { byId[i.client_uuid] = i; });
          body.results.forEach(function (r) {
            done.push(r.client_uuid);
            if (r.status === "accepted") sent += 1;
            if (r.status === "rejected") refused.push(Object.assign({}, byId[r.client_uuid], {errors: r.errors}));
          });
          listRejected(refused);
          return reject(refused).then(function () { return drop(done); })
            .then(function () { return items.length > batch.length ? "more" : null; });
        });
      });
    }).catch(function () { return null; /* no signal or server busy: try again later */ })
      .then(function (more) { syncing = false; show(); if (more) return sync(); });
  }

  function listRejected(items) {
    var ul = document.getElementById("rejected");
    items.forEach(function (i) {
      var li = document.createElement("li");
      li.textContent = i.area_code + " · " + Object.keys(i.errors).map(function (k) { return k + ": " + i.errors[k].join(" "); }).join("; ");
      ul.appendChild(li);
    });
  }

  // a workspace on its own date (core.clock) dates a report on that day, at the WIB hour
  function occurredAt() {
    var asOf = app.dataset.asOf;
    if (!asOf) return new Date().toISOString();
    var wib = new Date(Date.now() + 7 * 3600 * 1000).toISOString().slice(11, 19);
    return asOf + "T" + wib + "+07:00";
  }

  function value(name) { var el = form.elements[name]; return el ? el.value : ""; }
  function checked(name) {
    return Array.prototype.filter.call(form.querySelectorAll("input[name='" + name + "']"), function (el) { return el.checked; })
      .map(function (el) { return el.value; });
  }

  function readPhoto() {
    var input = document.getElementById("photo");
    if (!input || !input.files || !input.files[0]) return Promise.resolve("");
    return new Promise(function (resolve) {
      var r = new FileReader();
      r.onload = function () { resolve(String(r.result)); };
      r.onerror = function () { resolve(""); };
      r.readAsDataURL(input.files[0]);
    });
  }

  form.addEventListener("submit", function (event) {
    event.preventDefault();
    var response = checked("response")[0] || "";
    if (!response || !value("area_code")) { form.reportValidity(); return; }
    readPhoto().then(function (photo) {
      var item = {
        client_uuid: uuid4(),
        occurred_at: occurredAt(),
        area_code: value("area_code"),
        response: response,
        households: parseInt(value("households") || "1", 10),
        themes: checked("themes"),
        note: value("note"),
        photo_base64: photo
      };
      if (location) { item.latitude = location[0]; item.longitude = location[1]; }
      if (value("aspiration_kind")) {
        item.aspiration = {kind: value("aspiration_kind"), category: value("aspiration_category") || "other",
                           text: value("aspiration_text")};
      }
      return put(item);
    }).then(function () {
      form.reset(); location = null; document.getElementById("location").textContent = "";
      return show();
    }).then(sync);
  });

  var locate = document.getElementById("locate");
  if (locate && navigator.geolocation) {
    locate.addEventListener("click", function () {
      navigator.geolocation.getCurrentPosition(function (p) {
        location = [p.coords.latitude, p.coords.longitude];
        document.getElementById("location").textContent = location[0].toFixed(5) + ", " + location[1].toFixed(5);
      });
    });
  }

  window.addEventListener("online", function () { show(); sync(); });
  window.addEventListener("offline", show);
  setInterval(function () { if (navigator.onLine) sync(); }, 5000);
  if ("serviceWorker" in navigator && app.dataset.swUrl) {
    navigator.serviceWorker.register(app.dataset.swUrl, {scope: "/darat/"}).catch(function () {});
  }
  show().then(sync);
})();
