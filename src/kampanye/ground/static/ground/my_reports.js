// "Laporan saya": the reports still on this phone (waiting for a signal) or refused by the
// server, read from the outbox that the report page keeps (outbox.js), above those the
// server already holds.
(function () {
  "use strict";
  var list = document.getElementById("on-phone");
  if (!list || !window.indexedDB) return;
  var req = indexedDB.open("kampanye-lapangan", 1);
  req.onupgradeneeded = function () {
    var db = req.result;
    if (!db.objectStoreNames.contains("outbox")) db.createObjectStore("outbox", {keyPath: "client_uuid"});
    if (!db.objectStoreNames.contains("rejected")) db.createObjectStore("rejected", {keyPath: "client_uuid"});
  };
  req.onsuccess = function () {
    var db = req.result, t = db.transaction(["outbox", "rejected"], "readonly");
    function add(store, state, label) {
      var r = t.objectStore(store).getAll();
      r.onsuccess = function () {
        r.result.forEach(function (item) {
          var li = document.createElement("li"), badge = document.createElement("span");
          li.className = "card"; badge.className = "state " + state; badge.textContent = label;
          li.appendChild(badge);
          li.appendChild(document.createTextNode(" " + item.area_code + " · " + (item.occurred_at || "").slice(0, 16).replace("T", " ")));
          if (item.errors) {
            var why = document.createElement("div");
            why.className = "errorlist";
            why.textContent = Object.keys(item.errors).map(function (k) { return item.errors[k].join(" "); }).join("; ");
            li.appendChild(why);
          }
          list.appendChild(li);
          list.hidden = false;
        });
      };
    }
    add("outbox", "waiting", list.dataset.waiting);
    add("rejected", "refused", list.dataset.refused);
  };
})();
