// The report index: rows from data/reports.js (window.OGI_REPORTS, one compact array per report), filtered
// by region, year, status and rule, sorted by a header click, shown 100 at a time.
(function () {
  "use strict";
  var cols = window.OGI_COLUMNS, data = window.OGI_REPORTS || [], PAGE = 100;
  var at = {}; cols.forEach(function (c, i) { at[c] = i; });
  var state = {sort: "agency_name", asc: true, page: 0};
  var $ = function (id) { return document.getElementById(id); };
  function region(r) { return r[at.province_name] || "—"; }
  function fill(select, values) {
    values.sort().forEach(function (v) {
      var o = document.createElement("option"); o.value = v; o.textContent = v; select.appendChild(o);
    });
  }
  function distinct(fn) { var s = {}; data.forEach(function (r) { [].concat(fn(r)).forEach(function (v) { if (v !== null && v !== undefined) s[v] = 1; }); }); return Object.keys(s); }
  fill($("f-region"), distinct(region));
  fill($("f-year"), distinct(function (r) { return r[at.report_year]; }));
  fill($("f-status"), distinct(function (r) { return r[at.status]; }));
  fill($("f-rule"), distinct(function (r) { return (r[at.rules_failed] || []).concat(r[at.rules_not_assessable] || []); }));
  function matches(r) {
    var f = {region: $("f-region").value, year: $("f-year").value, status: $("f-status").value, rule: $("f-rule").value,
             text: $("f-text").value.trim()};
    if (f.region && region(r) !== f.region) return false;
    if (f.year && String(r[at.report_year]) !== f.year) return false;
    if (f.status && r[at.status] !== f.status) return false;
    if (f.rule && (r[at.rules_failed] || []).concat(r[at.rules_not_assessable] || []).indexOf(f.rule) < 0) return false;
    if (f.text && (r[at.agency_name] || r[at.source_file] || "").indexOf(f.text) < 0) return false;
    return true;
  }
  function cell(tr, text, href) {
    var td = document.createElement("td");
    if (href) { var a = document.createElement("a"); a.href = href; a.textContent = text; td.appendChild(a); }
    else td.textContent = text;
    tr.appendChild(td);
  }
  function render() {
    var rows = data.filter(matches), k = at[state.sort], dir = state.asc ? 1 : -1;
    rows.sort(function (a, b) { var x = a[k], y = b[k]; if (x === y) return 0; if (x === null) return 1; if (y === null) return -1; return (x < y ? -1 : 1) * dir; });
    var pages = Math.max(1, Math.ceil(rows.length / PAGE));
    state.page = Math.min(state.page, pages - 1);
    var body = document.querySelector("#reports tbody"); body.innerHTML = "";
    rows.slice(state.page * PAGE, (state.page + 1) * PAGE).forEach(function (r) {
      var tr = document.createElement("tr");
      cell(tr, r[at.agency_name] || r[at.source_file], "reports/" + r[at.report_id] + ".html");
      cell(tr, [r[at.province_name], r[at.city_name], r[at.county_name]].filter(Boolean).join(" ") || "—");
      cell(tr, r[at.report_year] === null ? "" : String(r[at.report_year]));
      cell(tr, r[at.status]);
      cell(tr, r[at.n_failed] + ((r[at.rules_failed] || []).length ? " (" + r[at.rules_failed].join(", ") + ")" : ""));
      cell(tr, r[at.n_not_assessable] + ((r[at.rules_not_assessable] || []).length ? " (" + r[at.rules_not_assessable].join(", ") + ")" : ""));
      if (r[at.n_failed] > 0) tr.className = "failed";
      body.appendChild(tr);
    });
    $("count").textContent = rows.length + " / " + data.length;
    $("page").textContent = (state.page + 1) + " / " + pages;
  }
  ["f-region", "f-year", "f-status", "f-rule"].forEach(function (id) { $(id).addEventListener("change", function () { state.page = 0; render(); }); });
  $("f-text").addEventListener("input", function () { state.page = 0; render(); });
  $("prev").addEventListener("click", function () { state.page = Math.max(0, state.page - 1); render(); });
  $("next").addEventListener("click", function () { state.page += 1; render(); });
  document.querySelectorAll("#reports th[data-sort]").forEach(function (th) {
    th.addEventListener("click", function () {
      var key = th.getAttribute("data-sort");
      state.asc = state.sort === key ? !state.asc : true; state.sort = key; render();
    });
  });
  render();
})();
