// Dispatch's staff pages: the dashboard's progress bars follow the digests and alerts going out, every few seconds
// (every 2 s, or as long as the server asks when reading them is costly).
// Without this script the page still shows them as they were when it loaded.
(function () {
  "use strict";
  var section = document.getElementById("going-out");
  if (!section || !window.fetch) {
    return;
  }
  var bars = document.getElementById("progress-bars");
  var nothing = document.getElementById("nothing-going-out");
  var wait = 2000;

  function row(item) {
    var div = document.createElement("div");
    div.className = "progress-row";
    var label = document.createElement("label");
    label.htmlFor = item.id;
    label.textContent = item.name + ": " + item.done + " of " + item.total + " finished";
    var bar = document.createElement("progress");
    bar.id = item.id;
    bar.max = item.total;
    bar.value = item.done;
    bar.textContent = item.percent + "%";
    div.appendChild(label);
    div.appendChild(bar);
    return div;
  }

  function tile(id, value) {
    var figure = document.getElementById(id);
    if (figure) {
      figure.textContent = value;
    }
  }

  // The tiles and the bars come from one reading, so they always agree.
  function show(live) {
    tile("queue-depth", live.queue);
    Object.keys(live.deliveries).forEach(function (status) {
      tile("deliveries-" + status, live.deliveries[status]);
    });
    bars.replaceChildren.apply(bars, live.goingOut.map(row));
    nothing.hidden = live.goingOut.length > 0;
    wait = live.nextReadingMillis || 2000;
  }

  function poll() {
    fetch(section.getAttribute("data-source"), {headers: {"Accept": "application/json"}, credentials: "same-origin"})
      .then(function (answer) { return answer.ok ? answer.json() : Promise.reject(answer.status); })
      .then(show)
      .catch(function () { /* signed out or offline: keep what is shown */ })
      .finally(function () { window.setTimeout(poll, wait); });
  }

  window.setTimeout(poll, wait);
})();

// "Send digests now": the run's counts, rate and time left follow the mail going out, every two seconds (or as long
// as the server asks when reading them is costly).
(function () {
  "use strict";
  var run = document.getElementById("run");
  if (!run || !window.fetch) {
    return;
  }
  var wait = 2000;
  function set(id, text) {
    document.getElementById(id).textContent = text;
  }
  function left(seconds) {
    if (seconds < 0) {
      return "\u2014";
    }
    return seconds >= 60 ? Math.floor(seconds / 60) + " min " + (seconds % 60) + " s" : seconds + " s";
  }
  function show(live) {
    set("run-done", live.sent + live.failed);
    set("run-total", live.total);
    set("run-sent", live.sent);
    set("run-waiting", live.waiting);
    set("run-failed", live.failed);
    set("run-rate", live.perSecond.toFixed(1) + " a second");
    set("run-left", live.paused && live.waiting > 0 ? "paused" : left(live.secondsLeft));
    var bar = document.getElementById("run-bar");
    bar.max = Math.max(1, live.total);
    bar.value = live.sent + live.failed;
    wait = live.nextReadingMillis || 2000;
  }
  function poll() {
    fetch(run.getAttribute("data-source"), {headers: {"Accept": "application/json"}, credentials: "same-origin"})
      .then(function (answer) { return answer.ok ? answer.json() : Promise.reject(answer.status); })
      .then(show)
      .catch(function () { /* signed out or offline: keep what is shown */ })
      .finally(function () { window.setTimeout(poll, wait); });
  }
  window.setTimeout(poll, wait);
})();
