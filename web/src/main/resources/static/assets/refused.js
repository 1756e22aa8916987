// Readers' and staff pages: a form that was refused comes back as a page whose refusal is already there when it
// loads, which screen readers often do not announce, under the same title as before. The title now says so first
// and the refusal takes the focus, so it is read at once (an accessibility audit, 7 December; WCAG 3.3.1, 4.1.3).
(function () {
  "use strict";
  var said = {de: "Fehler: ", fr: "Erreur : "};
  document.addEventListener("DOMContentLoaded", function () {
    var refusal = document.querySelector("main [role=alert]");
    if (!refusal) {
      return;
    }
    document.title = (said[document.documentElement.lang] || "Error: ") + document.title;
    refusal.setAttribute("tabindex", "-1");
    refusal.focus();
  });
})();
