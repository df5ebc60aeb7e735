// The job page: ask for progress every second instead of reloading every few seconds, and
// reload once the job has finished (to show its result). Without this script the page
// reloads itself (a <noscript> meta refresh).
(function () {
  "use strict";
  var box = document.querySelector("[data-poll]");
  if (!box || !window.fetch) { return; }
  var bar = box.querySelector("progress");
  var state = box.querySelector("[data-job-state]");
  var text = box.querySelector("[data-job-text]");
  function poll() {
    fetch(box.getAttribute("data-poll"), { headers: { Accept: "application/json" }, credentials: "same-origin" })
      .then(function (response) { return response.ok ? response.json() : null; })
      .then(function (job) {
        if (!job) { window.setTimeout(poll, 5000); return; }
        if (job.finished) { window.location.reload(); return; }
        if (job.percent !== null) { bar.value = job.percent; bar.textContent = job.percent + "%"; }
        state.textContent = job.state_label;
        state.className = "state state-" + job.state;
        text.textContent = job.text;
        window.setTimeout(poll, 1000);
      })
      .catch(function () { window.setTimeout(poll, 5000); });
  }
  window.setTimeout(poll, 1000);
})();
