// Progressive help on the readers' forms; without scripts the forms work the same, with a little less help.
(function () {
  // Preselects the reader's own time zone on the sign-up form. Without scripts the select stays on UTC, and a reader
  // can always pick another zone by hand. Browsers report some zones by old names the list gives by their current
  // ones (Chromium: Asia/Calcutta for Asia/Kolkata); the server lists those it maps.
  var select = document.querySelector('select[data-detect-zone]');
  if (select && window.Intl && Intl.DateTimeFormat) {
    var zone = Intl.DateTimeFormat().resolvedOptions().timeZone;
    var oldNames = JSON.parse(select.getAttribute('data-old-names') || '{}');
    zone = oldNames[zone] || zone;
    for (var i = 0; i < select.options.length; i++) {
      if (select.options[i].value === zone) {
        select.value = zone;
        break;
      }
    }
  }

  // Says, as the reader types other tags, which of them no story of the last month carries, and which known tag a
  // typed one probably means ("#US Migration" is us-migration, which is not #USMigration), in the page's language:
  // the sentences are the note's data, written by the server. Keys as the server makes them: no leading #, blanks
  // inside become -, any case, İ as i, accents joined to their letters (NFC).
  var typed = document.getElementById('moreTags');
  var note = document.getElementById('moreTags-note');
  if (!typed || !note) {
    return;
  }
  var key = function (tag) {
    return tag.trim().replace(/^#/, '').trim().replace(/\s+/g, '-').toLowerCase().replace(/i\u0307/g, 'i')
      .normalize('NFC');
  };
  var known = {};
  var squeezed = {};
  var remember = function (label) {
    known[key(label)] = label;
    squeezed[key(label).replace(/-/g, '')] = label;
  };
  document.querySelectorAll('#known-tags option').forEach(function (option) {
    remember(option.value);
  });
  // Old names of tags merged into others: the server files a reader's choice of one under the tag it went into.
  var merged = {};
  document.querySelectorAll('#merged-tags option').forEach(function (option) {
    merged[option.value] = option.dataset.into;
  });
  var explain = function () {
    var unknown = [];
    var meant = [];
    typed.value.split(',').forEach(function (tag) {
      var k = key(tag);
      if (!k || known[k]) {
        return;
      }
      var written = tag.trim().replace(/^#/, '');
      var near = squeezed[k.replace(/-/g, '')];
      if (merged[k]) {
        meant.push(note.dataset.merged.replace('{typed}', written).split('{into}').join(merged[k]));
      } else if (near) {
        meant.push(note.dataset.meant.replace('{typed}', written).split('{near}').join(near));
      } else {
        unknown.push('#' + written);
      }
    });
    var said = meant.slice();
    if (unknown.length) {
      said.push((unknown.length === 1 ? note.dataset.unknownOne : note.dataset.unknownMany)
          .replace('{tags}', unknown.join(', ')));
    }
    note.textContent = said.join(' ');
  };
  typed.addEventListener('input', explain);
  typed.addEventListener('change', explain);

  // Suggests known tags that start as the tag being typed does (the last one after a comma), from GET /api/tags:
  // every tag Dispatch knows, not only the month's. A tag it suggests has stories when its count says so.
  var list = document.getElementById('known-tags');
  if (!list || !window.fetch) {
    return;
  }
  var asked = '';
  var suggest = function () {
    var parts = typed.value.split(',');
    var last = key(parts[parts.length - 1]);
    if (last.length < 2 || last === asked) {
      return;
    }
    asked = last;
    fetch('/api/tags?size=10&q=' + encodeURIComponent(last), {headers: {'Accept': 'application/json'}})
      .then(function (answer) { return answer.ok ? answer.json() : {items: []}; })
      .then(function (page) {
        var before = parts.slice(0, -1).map(function (part) { return part.trim(); }).filter(Boolean);
        page.items.forEach(function (tag) {
          if (tag.stories > 0) {
            remember(tag.label);
          }
          var value = before.concat([tag.label]).join(', ');
          if (!list.querySelector('option[value="' + CSS.escape(value) + '"]')) {
            var option = document.createElement('option');
            option.value = value;
            option.label = '#' + tag.label + ' (' + (tag.stories > 0 ? tag.stories : note.dataset.noStories) + ')';
            list.appendChild(option);
          }
        });
        explain();
      })
      .catch(function () { /* Suggestions are help, not a need: the form works without them. */ });
  };
  typed.addEventListener('input', suggest);
})();
