/* Autosave of draft minutes: post the draft (without files) every 30 seconds after a
   change. The messages come translated from the script tag's data attributes.
   (form.action would be the buttons named "action", hence getAttribute.) */
(function () {
  var script = document.currentScript;
  var form = document.getElementById("minutes-form"), status = document.getElementById("autosave-status");
  if (!script || !form || !status || !window.fetch || !window.FormData) return;
  var dirty = false, url = form.getAttribute("action") || location.pathname;
  form.addEventListener("input", function () { dirty = true; });
  setInterval(function () {
    if (!dirty) return;
    dirty = false;
    var data = new FormData(form);
    data["delete"]("photos"); data["delete"]("documents"); data.set("action", "draft");
    fetch(url, {method: "POST", body: data, credentials: "same-origin", headers: {"X-Autosave": "1"}})
      .then(function (r) { return r.json(); })
      .then(function (result) {
        if (result.saved) {
          status.textContent = script.getAttribute("data-saved") + " " + result.time;
          if (url !== result.url) { url = result.url; form.setAttribute("action", url); history.replaceState(null, "", url); }
        } else { status.textContent = script.getAttribute("data-not-saved"); dirty = true; }
      })["catch"](function () { dirty = true; });
  }, 30000);
})();
