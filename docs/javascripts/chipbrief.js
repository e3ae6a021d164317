/* chipbrief: sortable, filterable tables and the versus picker. Pages work without it. */
(function () {
  "use strict";

  function setUpTables() {
    document.querySelectorAll("table[data-cb-sortable]").forEach(function (table) {
      if (!table.dataset.cbSorted && window.Tablesort) {
        table.dataset.cbSorted = "1";
        new window.Tablesort(table);
        table.addEventListener("afterSort", function () { blanksLast(table); });
      }
    });
    document.querySelectorAll("[data-cb-filter-for]").forEach(function (form) {
      var table = document.getElementById(form.dataset.cbFilterFor);
      if (!table || form.dataset.cbReady) return;
      form.dataset.cbReady = "1";
      form.hidden = false;
      var selects = form.querySelectorAll("select[data-cb-column]");
      var params = new URLSearchParams(window.location.search);
      selects.forEach(function (select) {
        var wanted = params.get(select.dataset.cbColumn);
        if (wanted && select.querySelector('option[value="' + CSS.escape(wanted) + '"]')) select.value = wanted;
      });
      function remember() {
        var url = new URL(window.location.href);
        selects.forEach(function (select) {
          if (select.value) url.searchParams.set(select.dataset.cbColumn, select.value);
          else url.searchParams.delete(select.dataset.cbColumn);
        });
        window.history.replaceState(window.history.state, "", url);
      }
      function apply() {
        var shown = 0;
        table.querySelectorAll("tbody tr").forEach(function (row) {
          var keep = Array.prototype.every.call(selects, function (select) {
            return !select.value || row.dataset[select.dataset.cbColumn] === select.value;
          });
          row.hidden = !keep;
          if (keep) shown += 1;
        });
        var count = form.querySelector("[data-cb-count]");
        if (count) count.textContent = shown + " shown";
      }
      selects.forEach(function (select) {
        select.addEventListener("change", function () { apply(); remember(); });
      });
      apply();
    });
  }

  /* A cell with no figure ("—", or empty) goes to the foot of the table whichever way it is sorted. */
  function isBlank(cell) {
    var text = cell ? cell.textContent.trim() : "";
    return text === "" || text === "\u2014";
  }

  function blanksLast(table) {
    var heads = table.tHead ? Array.prototype.slice.call(table.tHead.rows[0].cells) : [];
    var index = heads.findIndex(function (th) { return th.hasAttribute("aria-sort"); });
    if (index < 0) return;
    Array.prototype.forEach.call(table.tBodies, function (body) {
      Array.prototype.slice.call(body.rows)
        .filter(function (row) { return isBlank(row.cells[index]); })
        .forEach(function (row) { body.appendChild(row); });
    });
  }

  /* Which columns a table shows, chosen with check boxes and kept in the URL (?cols=a,b; all when absent). */
  function setUpColumns() {
    document.querySelectorAll("[data-cb-columns-for]").forEach(function (box) {
      var table = document.getElementById(box.dataset.cbColumnsFor);
      if (!table || box.dataset.cbReady) return;
      box.dataset.cbReady = "1";
      box.hidden = false;
      if (window.matchMedia("(min-width: 76.25em)").matches) box.open = true;  // closed on a phone: it is long
      var heads = Array.prototype.slice.call(table.tHead.rows[0].cells);
      var inputs = Array.prototype.slice.call(box.querySelectorAll("input[type=checkbox]"));
      var params = new URLSearchParams(window.location.search);
      if (params.has("cols")) {
        var wanted = params.get("cols").split(",");
        inputs.forEach(function (input) { input.checked = wanted.indexOf(input.value) !== -1; });
      }
      function apply(remember) {
        var off = {};
        inputs.forEach(function (input) { if (!input.checked) off[input.value] = true; });
        var count = box.querySelector("[data-cb-columns-count]");
        var shown = inputs.filter(function (input) { return input.checked; }).length;
        if (count) count.textContent = cueWords(table, "count", { shown: shown + 1, total: inputs.length + 1 });
        heads.forEach(function (th, index) {
          var hide = Boolean(th.dataset.cbCol && off[th.dataset.cbCol]);
          Array.prototype.forEach.call(table.rows, function (row) {
            var cell = row.cells[index];
            if (cell) cell.toggleAttribute("data-cb-off", hide);
          });
        });
        if (remember) {
          var url = new URL(window.location.href);
          var chosen = inputs.filter(function (input) { return input.checked; });
          if (chosen.length === inputs.length) url.searchParams.delete("cols");
          else url.searchParams.set("cols", chosen.map(function (input) { return input.value; }).join(","));
          window.history.replaceState(window.history.state, "", url);
        }
        updateScrollCues();
      }
      inputs.forEach(function (input) { input.addEventListener("change", function () { apply(true); }); });
      apply(false);
    });
  }

  /* The page's words for a table's cue and count (data-cb-cue-* on its wrapper, from the catalogue), English if none:
     %(name)s marks a number filled in here. */
  var CUE_WORDS = {
    view: "%(shown)s of %(total)s columns in view: scroll the table sideways",
    more: " for %(more)s more \u2192",
    left: "\u2190 Scroll left",
    right: "Scroll right \u2192",
    count: "(%(shown)s of %(total)s shown)"
  };

  function cueWords(element, key, numbers) {
    var holder = element.closest("[data-cb-cue-" + key + "]");
    var text = holder ? holder.getAttribute("data-cb-cue-" + key) : CUE_WORDS[key];
    return text.replace(/%\((\w+)\)s/g, function (all, name) { return name in (numbers || {}) ? numbers[name] : all; });
  }

  /* Scroll cue: above a table wider than its column, how many columns are out of view, with buttons. */
  function scrollers() {
    return document.querySelectorAll(".md-typeset .cb-wide .md-typeset__scrollwrap, .md-typeset .cb-table-wrap");
  }

  function hiddenColumns(scroller) {
    var table = scroller.querySelector("table");
    var row = table && table.rows[0];
    if (!row) return { left: 0, right: 0, total: 0 };
    var box = scroller.getBoundingClientRect();
    var sticky = row.cells[0] ? row.cells[0].getBoundingClientRect().right : box.left;
    var left = 0, right = 0, total = 0;
    Array.prototype.forEach.call(row.cells, function (cell, index) {
      if (cell.hasAttribute("data-cb-off")) return;
      total += 1;
      if (index === 0) return;
      var r = cell.getBoundingClientRect();
      if (r.right > box.right + 1) right += 1;
      else if (r.left < sticky - 1) left += 1;
    });
    return { left: left, right: right, total: total };
  }

  function updateCue(scroller) {
    var cue = scroller.previousElementSibling;
    if (!cue || !cue.classList.contains("cb-scroll-cue")) return;
    var cols = hiddenColumns(scroller);
    var overflow = [];
    if (cols.left) overflow.push("left");
    if (cols.right) overflow.push("right");
    cue.hidden = overflow.length === 0;
    if (overflow.length) scroller.setAttribute("data-cb-overflow", overflow.join(" "));
    else scroller.removeAttribute("data-cb-overflow");
    var shown = cols.total - cols.left - cols.right;
    cue.querySelector(".cb-scroll-cue__text").textContent =
      cueWords(scroller, "view", { shown: shown, total: cols.total }) +
      (cols.right ? cueWords(scroller, "more", { more: cols.right }) : "");
    cue.querySelector("[data-cb-scroll=left]").disabled = !cols.left;
    cue.querySelector("[data-cb-scroll=right]").disabled = !cols.right;
  }

  function updateScrollCues() { scrollers().forEach(updateCue); }

  function setUpScrollCues() {
    scrollers().forEach(function (scroller) {
      if (scroller.dataset.cbCue) return;
      scroller.dataset.cbCue = "1";
      var cue = document.createElement("div");
      cue.className = "cb-scroll-cue";
      cue.hidden = true;
      var text = document.createElement("span");
      text.className = "cb-scroll-cue__text";
      text.setAttribute("aria-live", "polite");
      var buttons = document.createElement("span");
      [["left", cueWords(scroller, "left")], ["right", cueWords(scroller, "right")]].forEach(function (pair) {
        var button = document.createElement("button");
        button.type = "button";
        button.dataset.cbScroll = pair[0];
        button.textContent = pair[1];
        button.addEventListener("click", function () {
          var step = Math.max(scroller.clientWidth * 0.7, 120) * (pair[0] === "left" ? -1 : 1);
          scroller.scrollBy({ left: step, behavior: "auto" });
        });
        buttons.appendChild(button);
        buttons.appendChild(document.createTextNode(" "));
      });
      cue.appendChild(text);
      cue.appendChild(buttons);
      scroller.parentNode.insertBefore(cue, scroller);
      scroller.addEventListener("scroll", function () { updateCue(scroller); }, { passive: true });
      updateCue(scroller);
    });
  }

  function setUpVersus() {
    var root = document.getElementById("cb-versus");
    if (!root || root.dataset.cbReady) return;
    root.dataset.cbReady = "1";
    root.hidden = false;
    var data = JSON.parse(document.getElementById("cb-versus-data").textContent);
    var left = root.querySelector("select[name=a]");
    var right = root.querySelector("select[name=b]");
    var params = new URLSearchParams(window.location.search);
    if (params.get("a")) left.value = params.get("a");
    if (params.get("b")) right.value = params.get("b");
    function render() {
      var a = data.chips[left.value], b = data.chips[right.value];
      var body = root.querySelector("tbody");
      body.textContent = "";
      data.rows.forEach(function (row) {
        var tr = document.createElement("tr");
        var th = document.createElement("th");
        th.scope = "row";
        th.textContent = row.label;
        tr.appendChild(th);
        [a, b].forEach(function (chip) {
          var td = document.createElement("td");
          td.innerHTML = (chip && chip[row.key]) || "—";
          tr.appendChild(td);
        });
        body.appendChild(tr);
      });
      root.querySelector("[data-cb-a]").textContent = a ? a.name : "";
      root.querySelector("[data-cb-b]").textContent = b ? b.name : "";
      var url = new URL(window.location.href);
      url.searchParams.set("a", left.value);
      url.searchParams.set("b", right.value);
      window.history.replaceState(null, "", url);
    }
    left.addEventListener("change", render);
    right.addEventListener("change", render);
    render();
  }

  /* Timeline: filters by kind, company, chip and year, kept in the URL (?kind=&company=&chip=&year=),
     so a filtered view can be bookmarked and shared; a year left without entries hides with its heading,
     and so do their links in the table of contents. */
  var TIMELINE_FILTERS = { kind: "cbKind", company: "cbCompanies", chip: "cbChips", year: "cbYear" };

  function setUpTimeline() {
    var form = document.getElementById("cb-timeline-filters");
    if (!form || form.dataset.cbReady) return;
    form.dataset.cbReady = "1";
    form.hidden = false;
    var entries = document.querySelectorAll(".cb-entry");
    var years = document.querySelectorAll(".cb-year");
    var count = form.querySelector("[data-cb-count]");
    var params = new URLSearchParams(window.location.search);
    Object.keys(TIMELINE_FILTERS).forEach(function (name) {
      var select = form.elements[name];
      var wanted = params.get(name);
      if (select && wanted && select.querySelector('option[value="' + CSS.escape(wanted) + '"]')) select.value = wanted;
    });
    function hideInToc(id, hidden) {  /* the table of contents is in the page twice (sidebar, and drawer on phones) */
      document.querySelectorAll('.md-nav--secondary a[href="#' + CSS.escape(id) + '"]').forEach(function (link) {
        link.closest("li").hidden = hidden;
      });
    }
    function apply() {
      var shown = 0;
      entries.forEach(function (entry) {
        var keep = Object.keys(TIMELINE_FILTERS).every(function (name) {
          var value = form.elements[name].value;
          return !value || (entry.dataset[TIMELINE_FILTERS[name]] || "").split(" ").indexOf(value) !== -1;
        });
        entry.hidden = !keep;
        var heading = entry.querySelector("h3[id]");
        if (heading) hideInToc(heading.id, !keep);
        if (keep) shown += 1;
      });
      years.forEach(function (year) {
        var empty = !year.querySelector(".cb-entry:not([hidden])");
        year.hidden = empty;
        var heading = year.querySelector("h2[id]");
        if (heading) hideInToc(heading.id, empty);
      });
      if (count) count.textContent = shown + " / " + entries.length;
      var url = new URL(window.location.href);
      Object.keys(TIMELINE_FILTERS).forEach(function (name) {
        if (form.elements[name].value) url.searchParams.set(name, form.elements[name].value);
        else url.searchParams.delete(name);
      });
      window.history.replaceState(null, "", url);
    }
    form.addEventListener("change", apply);
    form.addEventListener("submit", function (event) { event.preventDefault(); });
    apply();
  }

  /* Footnotes: following a citation mark puts the keyboard focus on the source it points to (the next
     Tab reaches that source's links), and its back link returns focus to the mark, not to the page's
     top. The browser's Back button after a footnote returns focus to the mark too. */
  var lastMark = null;

  function focusTarget() {
    var id = decodeURIComponent(window.location.hash.slice(1));
    var target = id && document.getElementById(id);
    if (!target) {
      if (lastMark && document.contains(lastMark)) lastMark.focus({ preventScroll: true });
      return;
    }
    var link = target.matches("sup") ? target.querySelector("a") : null;
    if (link) { link.focus({ preventScroll: true }); return; }
    if (!target.closest(".footnote")) return;
    if (!target.hasAttribute("tabindex")) target.setAttribute("tabindex", "-1");
    target.focus({ preventScroll: true });
  }

  function setUpFootnotes() {
    if (document.documentElement.dataset.cbFootnotes) return;
    document.documentElement.dataset.cbFootnotes = "1";
    document.addEventListener("click", function (event) {
      var link = event.target.closest && event.target.closest("a.footnote-ref, a.footnote-backref");
      if (!link) return;
      if (link.classList.contains("footnote-ref")) lastMark = link;
      if (link.getAttribute("href") === window.location.hash) setTimeout(focusTarget);
    });
    window.addEventListener("hashchange", focusTarget);
  }

  /* Export-control panel: the periods are computed at build time; the date only picks which one shows. */
  function setUpExportDate() {
    document.querySelectorAll("form[data-cb-ec-date]").forEach(function (form) {
      if (form.dataset.cbReady) return;
      form.dataset.cbReady = "1";
      form.hidden = false;
      var input = form.querySelector("input[type=date]");
      var none = form.querySelector("[data-cb-ec-none]");
      var periods = form.parentNode.querySelectorAll(".cb-ec-period");
      function show() {
        var day = input.value, shown = 0;
        periods.forEach(function (period) {
          var until = period.dataset.cbUntil;
          var on = Boolean(day) && period.dataset.cbFrom <= day && (!until || day < until);
          period.hidden = !on;
          if (on) shown += 1;
        });
        if (none) none.hidden = shown > 0 || !day;
      }
      input.addEventListener("change", show);
      input.addEventListener("input", show);
    });
  }

  function setUp() {
    setUpTables(); setUpScrollCues(); setUpColumns(); setUpVersus(); setUpTimeline(); setUpExportDate(); setUpFootnotes();
  }
  window.addEventListener("resize", updateScrollCues);
  if (window.document$ && window.document$.subscribe) { window.document$.subscribe(setUp); }
  else if (document.readyState === "loading") { document.addEventListener("DOMContentLoaded", setUp); }
  else { setUp(); }
})();
