// wikilint audit: filters and sorts what the page already shows; the page is complete without it.
(function () {
  "use strict";
  var panel = document.getElementById("filters");
  if (!panel) { return; }
  var rule = document.getElementById("filter-rule");
  var severity = document.getElementById("filter-severity");
  var path = document.getElementById("filter-path");
  var text = document.getElementById("filter-text");
  var status = document.getElementById("filter-status");
  var findings = Array.prototype.slice.call(document.querySelectorAll("#findings li.finding"));
  var documents = Array.prototype.slice.call(document.querySelectorAll("#findings article.document"));

  function apply() {
    var code = rule.value, level = severity.value;
    var part = path.value.toLowerCase(), words = text.value.toLowerCase();
    var shown = 0;
    findings.forEach(function (item) {
      var keep = (!code || item.getAttribute("data-code") === code) &&
        (!level || item.getAttribute("data-severity") === level) &&
        (!part || item.getAttribute("data-path").toLowerCase().indexOf(part) >= 0) &&
        (!words || item.textContent.toLowerCase().indexOf(words) >= 0);
      item.hidden = !keep;
      if (keep) { shown += 1; }
    });
    documents.forEach(function (article) {
      article.hidden = !article.querySelector("li.finding:not([hidden])");
    });
    status.textContent = shown + " of " + findings.length + " listed findings shown";
  }

  [rule, severity].forEach(function (control) { control.addEventListener("change", apply); });
  [path, text].forEach(function (control) { control.addEventListener("input", apply); });
  Array.prototype.forEach.call(document.querySelectorAll("a[data-filter-rule]"), function (link) {
    link.addEventListener("click", function () {
      rule.value = link.getAttribute("data-filter-rule");
      severity.value = "";
      apply();
    });
  });
  panel.hidden = false;
  apply();

  // Sortable tables: a click on a header with data-sort orders the rows by that column
  // (numbers by their data-value), a second click reverses.
  Array.prototype.forEach.call(document.querySelectorAll("table.sortable"), function (table) {
    var body = table.tBodies[0];
    Array.prototype.forEach.call(table.querySelectorAll("th[data-sort]"), function (header, column) {
      var index = Array.prototype.indexOf.call(header.parentNode.children, header);
      var ascending = false;
      header.addEventListener("click", function () {
        ascending = !ascending;
        var numeric = header.getAttribute("data-sort") === "number";
        var rows = Array.prototype.slice.call(body.rows);
        rows.sort(function (a, b) {
          var x = a.cells[index], y = b.cells[index];
          var order = numeric
            ? Number(x.getAttribute("data-value")) - Number(y.getAttribute("data-value"))
            : x.textContent.localeCompare(y.textContent);
          return ascending ? order : -order;
        });
        rows.forEach(function (row) { body.appendChild(row); });
      });
    });
  });
}());
