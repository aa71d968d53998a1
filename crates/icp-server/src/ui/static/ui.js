// The web UI's few behaviours: upload with drag and drop and progress, the golden rule's live
// check, and polling a running job. Every request goes to this server and carries the page's
// CSRF token; whatever the server answers is put on the page as text, or as HTML the server
// escaped.
(function () {
  "use strict";
  var csrf = (document.querySelector('meta[name="csrf-token"]') || {}).content || "";

  function post(url, body, contentType) {
    return fetch(url, {
      method: "POST",
      credentials: "same-origin",
      headers: { "x-csrf-token": csrf, "content-type": contentType },
      body: body,
    });
  }

  // Upload: the chosen or dropped file is sent as the request body, with progress.
  document.querySelectorAll("form[data-upload]").forEach(function (form) {
    var input = form.querySelector('input[type="file"]');
    var zone = form.querySelector(".drop");
    var bar = form.querySelector("progress");
    var status = form.querySelector("[data-status]");
    var chosen = null;
    function choose(file) {
      chosen = file;
      if (status) status.textContent = file ? file.name : "";
    }
    input.addEventListener("change", function () { choose(input.files[0] || null); });
    if (zone) {
      ["dragenter", "dragover"].forEach(function (e) {
        zone.addEventListener(e, function (ev) { ev.preventDefault(); zone.classList.add("over"); });
      });
      ["dragleave", "drop"].forEach(function (e) {
        zone.addEventListener(e, function (ev) { ev.preventDefault(); zone.classList.remove("over"); });
      });
      zone.addEventListener("drop", function (ev) {
        if (ev.dataTransfer && ev.dataTransfer.files.length) choose(ev.dataTransfer.files[0]);
      });
    }
    form.addEventListener("submit", function (ev) {
      ev.preventDefault();
      var file = chosen || input.files[0];
      if (!file) { input.focus(); return; }
      var table = form.querySelector('[name="table"]').value;
      var url = form.getAttribute("action") + "/" + encodeURIComponent(table) +
        "?filename=" + encodeURIComponent(file.name);
      var xhr = new XMLHttpRequest();
      xhr.open("POST", url);
      xhr.setRequestHeader("x-csrf-token", csrf);
      if (bar) { bar.hidden = false; bar.value = 0; }
      xhr.upload.onprogress = function (e) {
        if (bar && e.lengthComputable) bar.value = e.loaded / e.total;
      };
      xhr.onload = function () {
        var answer = {};
        try { answer = JSON.parse(xhr.responseText); } catch (e) { answer = {}; }
        if (xhr.status >= 200 && xhr.status < 300 && answer.next) {
          window.location.assign(answer.next);
        } else if (status) {
          status.textContent = answer.message || ("HTTP " + xhr.status);
          status.setAttribute("role", "alert");
          if (bar) bar.hidden = true;
        }
      };
      xhr.onerror = function () { if (status) status.textContent = "network error"; };
      xhr.send(file);
    });
  });

  // The golden rule checked as it is typed: the server answers an escaped HTML fragment.
  document.querySelectorAll("textarea[data-check]").forEach(function (area) {
    var target = document.getElementById(area.getAttribute("data-target"));
    var timer = null;
    var asked = 0;
    area.addEventListener("input", function () {
      clearTimeout(timer);
      timer = setTimeout(function () {
        var n = ++asked;
        post(area.getAttribute("data-check"), "rule=" + encodeURIComponent(area.value),
          "application/x-www-form-urlencoded")
          .then(function (r) { return r.text(); })
          .then(function (html) { if (n === asked && target) target.innerHTML = html; });
      }, 250);
    });
  });

  // A running job: its progress fragment is fetched again each second until it is done.
  document.querySelectorAll("[data-poll]").forEach(function (box) {
    function tick() {
      fetch(box.getAttribute("data-poll"), { credentials: "same-origin" })
        .then(function (r) {
          var done = r.headers.get("x-job-done");
          return r.text().then(function (html) {
            box.innerHTML = html;
            if (done) window.location.assign(done);
            else setTimeout(tick, 1000);
          });
        })
        .catch(function () { setTimeout(tick, 2000); });
    }
    setTimeout(tick, 500);
  });
})();

// The template editor: each edit's check and effect on the project's data, as the server
// measures it (an escaped HTML fragment).
(function () {
  "use strict";
  var csrf = (document.querySelector('meta[name="csrf-token"]') || {}).content || "";
  document.querySelectorAll("form[data-effect]").forEach(function (form) {
    var target = document.getElementById(form.getAttribute("data-target"));
    var timer = null;
    var asked = 0;
    function measure() {
      var n = ++asked;
      fetch(form.getAttribute("data-effect"), {
        method: "POST",
        credentials: "same-origin",
        headers: { "x-csrf-token": csrf, "content-type": "application/x-www-form-urlencoded" },
        body: new URLSearchParams(new FormData(form)).toString(),
      })
        .then(function (r) { return r.text(); })
        .then(function (html) { if (n === asked && target) target.innerHTML = html; });
    }
    form.addEventListener("input", function () {
      clearTimeout(timer);
      timer = setTimeout(measure, 300);
    });
    form.addEventListener("change", function () {
      clearTimeout(timer);
      timer = setTimeout(measure, 50);
    });
  });
})();

// A lead list: sent as the body, the scored file comes back and is saved under the name the
// server gives it.
(function () {
  "use strict";
  var csrf = (document.querySelector('meta[name="csrf-token"]') || {}).content || "";
  document.querySelectorAll("form[data-score-list]").forEach(function (form) {
    var input = form.querySelector('input[type="file"]');
    var bar = form.querySelector("progress");
    var status = form.querySelector("[data-status]");
    var zone = form.querySelector(".drop");
    var chosen = null;
    input.addEventListener("change", function () { chosen = input.files[0] || null; });
    if (zone) {
      zone.addEventListener("dragover", function (ev) { ev.preventDefault(); zone.classList.add("over"); });
      zone.addEventListener("dragleave", function () { zone.classList.remove("over"); });
      zone.addEventListener("drop", function (ev) {
        ev.preventDefault();
        zone.classList.remove("over");
        if (ev.dataTransfer && ev.dataTransfer.files.length) {
          chosen = ev.dataTransfer.files[0];
          if (status) status.textContent = chosen.name;
        }
      });
    }
    form.addEventListener("submit", function (ev) {
      ev.preventDefault();
      var file = chosen || input.files[0];
      if (!file) { input.focus(); return; }
      var jsonl = /\.(jsonl|ndjson)$/i.test(file.name);
      var xhr = new XMLHttpRequest();
      xhr.open("POST", form.getAttribute("action") + "?filename=" + encodeURIComponent(file.name));
      xhr.setRequestHeader("x-csrf-token", csrf);
      xhr.setRequestHeader("content-type", jsonl ? "application/x-ndjson" : "text/csv");
      xhr.responseType = "blob";
      if (bar) { bar.hidden = false; bar.value = 0; }
      xhr.upload.onprogress = function (e) {
        if (bar && e.lengthComputable) bar.value = e.loaded / e.total;
      };
      xhr.onload = function () {
        if (bar) bar.hidden = true;
        if (xhr.status === 200) {
          var named = /filename="([^"]+)"/.exec(xhr.getResponseHeader("content-disposition") || "");
          var link = document.createElement("a");
          link.href = URL.createObjectURL(xhr.response);
          link.download = named ? named[1] : "scored.csv";
          document.body.appendChild(link);
          link.click();
          link.remove();
          if (status) status.textContent = link.download;
        } else {
          xhr.response.text().then(function (text) {
            var message = text;
            try { message = JSON.parse(text).error.message; } catch (e) { /* plain text */ }
            if (status) { status.textContent = message; status.setAttribute("role", "alert"); }
          });
        }
      };
      xhr.send(file);
    });
  });
})();
