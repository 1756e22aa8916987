// Dispatch's staff pages: the dashboard's progress bars follow the digests and alerts going out, every few seconds
// (every 2 s, or as long as the server asks when reading them is costly).
// Without this script the page still shows them as they were when it loaded.
//
// The figures change quietly: a screen reader is told only when something starts, finishes or pauses, not the same
// counts every two seconds (an accessibility audit, 7 December), and a button stops the updates (WCAG 2.2.2).

// Polls `source` every few seconds and hands each reading to `show`, until the `switchId` button stops it.
function dispatchFollow(source, switchId, show) {
  "use strict";
  var wait = 2000;
  var running = true;
  var timer = null;
  var button = document.getElementById(switchId);
  function poll() {
    fetch(source, {headers: {"Accept": "application/json"}, credentials: "same-origin"})
      .then(function (answer) { return answer.ok ? answer.json() : Promise.reject(answer.status); })
      .then(function (live) {
        if (running) {
          show(live);
          wait = live.nextReadingMillis || 2000;
        }
      })
      .catch(function () { /* signed out or offline: keep what is shown */ })
      .finally(function () { timer = running ? window.setTimeout(poll, wait) : null; });
  }
  if (button) {
    button.hidden = false;
    button.addEventListener("click", function () {
      running = !running;
      button.setAttribute("aria-pressed", String(!running));
      button.textContent = running ? "Stop live updates" : "Resume live updates";
      if (running && timer === null) {
        poll();
      }
    });
  }
  timer = window.setTimeout(poll, wait);
}

// The pause's notice (and the page's "Pause all sending", where it has one) as a reading has it, so that a pause or a
// resume made on another page or node shows here too. True when that changed what the page showed.
function dispatchShowPause(paused) {
  "use strict";
  var notice = document.getElementById("paused-notice");
  if (!notice || notice.hidden === !paused) {
    return false;
  }
  notice.hidden = !paused;
  var pause = document.getElementById("pause-form");
  if (pause) {
    pause.hidden = !!paused;
  }
  if (paused) {
    document.getElementById("paused-since").textContent = paused.since;
    document.getElementById("paused-by").textContent = paused.by;
  }
  return true;
}

(function () {
  "use strict";
  var section = document.getElementById("going-out");
  if (!section || !window.fetch) {
    return;
  }
  var bars = document.getElementById("progress-bars");
  var nothing = document.getElementById("nothing-going-out");
  var said = document.getElementById("going-out-said");
  var going = {};
  Array.prototype.forEach.call(bars.querySelectorAll("progress"), function (bar) {
    going[bar.id] = bar.getAttribute("data-name");
  });

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
    bar.setAttribute("data-name", item.name);
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

  // What started and what finished since the last reading, in one sentence; nothing when that is nothing.
  function changes(items) {
    var now = {};
    var told = [];
    items.forEach(function (item) {
      now[item.id] = item.name;
      if (!(item.id in going)) {
        told.push(item.name + ": going out, " + item.total + " in all.");
      }
    });
    Object.keys(going).forEach(function (id) {
      if (!(id in now)) {
        told.push(going[id] + ": finished.");
      }
    });
    going = now;
    return told.join(" ");
  }

  // The tiles and the bars come from one reading, so they always agree.
  dispatchFollow(section.getAttribute("data-source"), "going-out-live", function (live) {
    tile("queue-depth", live.queue);
    Object.keys(live.deliveries).forEach(function (status) {
      tile("deliveries-" + status, live.deliveries[status]);
    });
    bars.replaceChildren.apply(bars, live.goingOut.map(row));
    nothing.hidden = live.goingOut.length > 0;
    var told = changes(live.goingOut);
    if (dispatchShowPause(live.paused)) {
      told = (told ? told + " " : "") + (live.paused ? "Sending is paused." : "Sending has resumed.");
    }
    if (told) {
      said.textContent = told;
    }
  });
})();

// "Send digests now": the run's counts, rate and time left follow the mail going out, every two seconds (or as long
// as the server asks when reading them is costly).
(function () {
  "use strict";
  var run = document.getElementById("run");
  if (!run || !window.fetch) {
    return;
  }
  var said = document.getElementById("run-said");
  // As the page was when it loaded, which says it already.
  var state = document.getElementById("run-waiting").textContent.trim() === "0" ? "finished"
    : document.getElementById("run-left").textContent.trim() === "paused" ? "paused" : "sending";
  function set(id, text) {
    document.getElementById(id).textContent = text;
  }
  function left(seconds) {
    if (seconds < 0) {
      return "\u2014";
    }
    return seconds >= 60 ? Math.floor(seconds / 60) + " min " + (seconds % 60) + " s" : seconds + " s";
  }
  dispatchFollow(run.getAttribute("data-source"), "run-live", function (live) {
    dispatchShowPause(live.paused);
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
    var now = live.waiting === 0 ? "finished" : live.paused ? "paused" : "sending";
    if (now !== state) {
      said.textContent = now === "finished"
        ? "The run has finished: " + live.sent + " sent, " + live.failed + " failed."
        : now === "paused" ? "Sending is paused: " + live.waiting + (live.waiting === 1 ? " digest waits." : " digests wait.")
        : "Sending again.";
    }
    state = now;
  });
})();
