// Preselects the reader's own time zone on the sign-up form. Without scripts the select stays on UTC, and a reader
// can always pick another zone by hand.
(function () {
  var select = document.querySelector('select[data-detect-zone]');
  if (!select || !window.Intl || !Intl.DateTimeFormat) {
    return;
  }
  var zone = Intl.DateTimeFormat().resolvedOptions().timeZone;
  for (var i = 0; i < select.options.length; i++) {
    if (select.options[i].value === zone) {
      select.value = zone;
      return;
    }
  }
})();
