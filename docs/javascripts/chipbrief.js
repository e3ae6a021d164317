/* chipbrief: sortable, filterable tables and the versus picker. Pages work without it. */
(function () {
  "use strict";

  function setUpTables() {
    document.querySelectorAll("table[data-cb-sortable]").forEach(function (table) {
      if (!table.dataset.cbSorted && window.Tablesort) {
        table.dataset.cbSorted = "1";
        new window.Tablesort(table);
      }
    });
    document.querySelectorAll("[data-cb-filter-for]").forEach(function (form) {
      var table = document.getElementById(form.dataset.cbFilterFor);
      if (!table || form.dataset.cbReady) return;
      form.dataset.cbReady = "1";
      form.hidden = false;
      var selects = form.querySelectorAll("select[data-cb-column]");
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
      selects.forEach(function (select) { select.addEventListener("change", apply); });
      apply();
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

  function setUpTimeline() {
    var select = document.getElementById("cb-timeline-company");
    if (!select || select.dataset.cbReady) return;
    select.dataset.cbReady = "1";
    select.closest("form").hidden = false;
    select.addEventListener("change", function () {
      document.querySelectorAll("[data-cb-companies]").forEach(function (entry) {
        var companies = entry.dataset.cbCompanies.split(" ");
        entry.hidden = Boolean(select.value) && companies.indexOf(select.value) === -1;
      });
    });
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

  function setUp() { setUpTables(); setUpVersus(); setUpTimeline(); setUpExportDate(); }
  if (window.document$ && window.document$.subscribe) { window.document$.subscribe(setUp); }
  else if (document.readyState === "loading") { document.addEventListener("DOMContentLoaded", setUp); }
  else { setUp(); }
})();
