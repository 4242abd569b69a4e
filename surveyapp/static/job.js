// The progress page of a job: its status line is read again every two seconds (and announced
// politely to screen readers); when the job is ready or has stopped, the page is reloaded to
// show the download or the reason. Without JavaScript, "Check again" does the same.
(function () {
  "use strict";
  var box = document.getElementById("job-progress");
  var line = document.getElementById("job-message");
  if (!box || !line) { return; }
  var url = box.getAttribute("data-status-url");
  function check() {
    fetch(url, { headers: { Accept: "application/json" }, credentials: "same-origin" })
      .then(function (r) { return r.ok ? r.json() : null; })
      .then(function (s) {
        if (!s) { return; }
        if (s.state === "done" || s.state === "failed" || s.stale) { window.location.reload(); return; }
        var text = s.state === "queued" ? "Waiting to start." :
          (s.message || "Working") + (s.total ? ": step " + s.done + " of " + s.total : "") + ".";
        if (line.textContent.trim() !== text) { line.textContent = text; }
        window.setTimeout(check, 2000);
      })
      .catch(function () { window.setTimeout(check, 5000); });
  }
  window.setTimeout(check, 1000);
})();
