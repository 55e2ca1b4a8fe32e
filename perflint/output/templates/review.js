/* The review page's behaviour: sorting and filtering the summary, jumping from a
   finding to its place in the text, and the details of a mark on click or Enter.
   Plain DOM, no library, nothing loaded: the page works from a USB stick. */
(function () {
  "use strict";

  var table = document.getElementById("summary-table");
  var tbody = table.tBodies[0];
  var popover = document.getElementById("popover");
  var popoverBody = popover.querySelector(".popover-body");
  var opener = null;

  // -- sorting: a header button sorts by its column, again to reverse; blanks stay last
  Array.prototype.forEach.call(table.querySelectorAll("thead button[data-col]"), function (button) {
    button.addEventListener("click", function () { sortBy(button); });
  });

  function sortBy(button) {
    var header = button.parentNode;
    var column = Number(button.getAttribute("data-col"));
    var numeric = button.getAttribute("data-numeric") === "1";
    var ascending = header.getAttribute("aria-sort") !== "ascending";
    Array.prototype.forEach.call(table.querySelectorAll("thead th[aria-sort]"), function (other) {
      other.removeAttribute("aria-sort");
    });
    header.setAttribute("aria-sort", ascending ? "ascending" : "descending");
    var rows = Array.prototype.slice.call(tbody.rows);
    rows.sort(function (a, b) {
      var x = a.cells[column].getAttribute("data-v");
      var y = b.cells[column].getAttribute("data-v");
      if (x === "" || y === "") {
        return x === y ? 0 : (x === "" ? 1 : -1);
      }
      var order = numeric ? Number(x) - Number(y) : x.localeCompare(y, document.documentElement.lang);
      return ascending ? order : -order;
    });
    rows.forEach(function (row) { tbody.appendChild(row); });
  }

  // -- filtering: rows and their reports are shown when they match every choice
  var filters = document.getElementById("filters");
  var shown = document.getElementById("shown");
  var noneShown = document.getElementById("none-shown");

  function value(id) {
    return document.getElementById(id).value;
  }

  function hasWord(list, word) {
    return (" " + list + " ").indexOf(" " + word + " ") >= 0;
  }

  function applyFilters() {
    var severity = value("f-severity");
    var rule = value("f-rule");
    var template = value("f-template");
    var result = value("f-result");
    var query = value("f-search").trim().toLowerCase();
    var count = 0;
    Array.prototype.forEach.call(tbody.rows, function (row) {
      var severities = row.getAttribute("data-sevs");
      var matches =
        (!severity || (severity === "none" ? severities === "" && row.getAttribute("data-result") !== "not-checked" : hasWord(severities, severity))) &&
        (!rule || hasWord(row.getAttribute("data-rules"), rule)) &&
        (!template || row.getAttribute("data-template") === template) &&
        (!result || row.getAttribute("data-result") === result) &&
        (!query || row.getAttribute("data-search").indexOf(query) >= 0);
      row.hidden = !matches;
      var report = document.getElementById(row.getAttribute("data-report"));
      if (report) {
        report.hidden = !matches;
      }
      if (matches) {
        count += 1;
      }
    });
    shown.textContent = shown.getAttribute("data-template").replace("{shown}", count).replace("{total}", tbody.rows.length);
    noneShown.hidden = count > 0;
  }

  filters.addEventListener("input", applyFilters);
  filters.addEventListener("change", applyFilters);
  filters.addEventListener("submit", function (event) { event.preventDefault(); });
  filters.addEventListener("reset", function () { window.setTimeout(applyFilters, 0); });

  // -- the rules chart: a bar filters the summary by its rule
  Array.prototype.forEach.call(document.querySelectorAll("#chart-rules .bar[data-rule]"), function (bar) {
    function choose() {
      document.getElementById("f-rule").value = bar.getAttribute("data-rule");
      applyFilters();
      document.getElementById("summary").focus();
      document.getElementById("summary").scrollIntoView();
    }
    bar.addEventListener("click", choose);
    bar.addEventListener("keydown", function (event) {
      if (event.key === "Enter" || event.key === " ") {
        event.preventDefault();
        choose();
      }
    });
  });

  // -- from a finding to its place in the text
  function markOf(anchor) {
    var node = anchor.nextElementSibling;
    while (node && node.classList.contains("anchor")) {
      node = node.nextElementSibling;
    }
    return node && node.tagName === "MARK" ? node : null;
  }

  function flash(element) {
    element.classList.remove("flash");
    void element.offsetWidth; // restart the animation
    element.classList.add("flash");
  }

  function reveal(id) {
    var anchor = document.getElementById(id);
    var mark = anchor && markOf(anchor);
    if (!mark) {
      return false;
    }
    var report = mark.closest(".report");
    if (report && report.hidden) {
      report.hidden = false;
    }
    mark.scrollIntoView({ block: "center" });
    mark.focus({ preventScroll: true });
    flash(mark);
    openPopover(mark);
    return true;
  }

  Array.prototype.forEach.call(document.querySelectorAll(".finding a.jump"), function (link) {
    link.addEventListener("click", function (event) {
      var id = link.getAttribute("href").slice(1);
      if (reveal(id)) {
        event.preventDefault();
        if (window.history && window.history.replaceState) {
          window.history.replaceState(null, "", "#" + id);
        }
      }
    });
  });

  // -- the details of a mark: every finding covering it, as its list shows them
  function openPopover(mark) {
    var report = mark.closest(".report");
    popoverBody.textContent = "";
    mark.getAttribute("data-f").split(" ").forEach(function (index) {
      var item = document.getElementById(report.id + "-f" + index + "-i");
      if (!item) {
        return;
      }
      var copy = document.createElement("div");
      copy.className = "item " + item.className.replace("finding", "").trim();
      var head = item.querySelector(".jump").cloneNode(true);
      var headBox = document.createElement("div");
      headBox.className = "item-head";
      while (head.firstChild) {
        headBox.appendChild(head.firstChild);
      }
      copy.appendChild(headBox);
      var detail = item.querySelector(".detail").cloneNode(true);
      detail.removeAttribute("id");
      copy.appendChild(detail);
      popoverBody.appendChild(copy);
    });
    popover.hidden = false;
    var box = mark.getBoundingClientRect();
    var width = popover.offsetWidth;
    var left = Math.min(Math.max(8, box.left), document.documentElement.clientWidth - width - 8);
    popover.style.left = (left + window.scrollX) + "px";
    popover.style.top = (box.bottom + window.scrollY + 6) + "px";
    opener = mark;
  }

  function closePopover() {
    if (popover.hidden) {
      return;
    }
    popover.hidden = true;
    if (opener) {
      opener.focus({ preventScroll: true });
    }
    opener = null;
  }

  document.addEventListener("click", function (event) {
    var mark = event.target.closest && event.target.closest("mark.m");
    if (mark) {
      openPopover(mark);
      return;
    }
    if (event.target.closest && event.target.closest("a.jump")) {
      return; // a finding's link opened it
    }
    if (!popover.hidden && !popover.contains(event.target)) {
      closePopover();
    }
  });
  document.addEventListener("keydown", function (event) {
    if (event.key === "Escape") {
      closePopover();
      return;
    }
    var mark = event.target.closest && event.target.closest("mark.m");
    if (mark && (event.key === "Enter" || event.key === " ")) {
      event.preventDefault();
      openPopover(mark);
      popover.querySelector(".close").focus({ preventScroll: true });
    }
  });
  popover.querySelector(".close").addEventListener("click", closePopover);

  // a link to a finding (#r3-f5) opens at its place
  if (window.location.hash.length > 1) {
    var target = window.location.hash.slice(1);
    if (/^r\d+-f\d+$/.test(target)) {
      reveal(target);
    }
  }
})();
