// Every staff page: a form sent twice by a double click did its work twice (two webhooks, one of whose secrets was
// never shown) or told the sender that their own first click had already done it. Once a form is posted, a second
// submission waits for the page it leads to. Without this script the server still refuses what must not happen twice.
(function () {
  "use strict";
  document.addEventListener("submit", function (event) {
    var form = event.target;
    if (form.method.toLowerCase() !== "post") {
      return;
    }
    if (form.dataset.sent) {
      event.preventDefault();
      return;
    }
    form.dataset.sent = "yes";
  });
  // Back from the next page, a browser may show this one as it was left: sent, and out of date (a reader shown
  // active after their suspension). Read it again instead.
  window.addEventListener("pageshow", function (event) {
    if (event.persisted) {
      window.location.reload();
    }
  });
  // On a phone the sections' menu is one row that scrolls sideways (staff.css): the page's own section is brought
  // into it, rather than left out of sight at its end.
  document.addEventListener("DOMContentLoaded", function () {
    var current = document.querySelector(".bar nav a.on");
    var menu = current && current.parentElement;
    if (menu && menu.scrollWidth > menu.clientWidth) {
      menu.scrollLeft += current.getBoundingClientRect().left - menu.getBoundingClientRect().left
          - (menu.clientWidth - current.offsetWidth) / 2;
    }
  });
})();
