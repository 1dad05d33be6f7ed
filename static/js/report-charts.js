/* Draw the annual report's charts (ECharts, SVG) from the JSON the page carries. Each chart sits
   over a table of the same data: the table stays for print, for screen readers and without
   JavaScript; a "show table" button brings it back on screen. */
(function () {
  "use strict";
  var node = document.getElementById("chart-data");
  if (!node || typeof echarts === "undefined") { return; }
  var COLORS = ["#a61b1b", "#d98c2b", "#3b6ea5", "#5a8f3c"];
  var drawn = [];

  function option(c) {
    var horizontal = c.type === "hbar";
    var category = {
      type: "category", data: c.categories, inverse: horizontal,
      axisLabel: horizontal ? { width: 120, overflow: "truncate" } : { interval: 0, rotate: c.categories.length > 6 ? 45 : 0 }
    };
    var counts = c.series.every(function (s) { return s.values.every(function (v) { return v % 1 === 0; }); });
    var value = horizontal
      ? { type: "value", name: c.unit, nameLocation: "middle", nameGap: 26, max: c.unit === "%" ? 100 : null,
          minInterval: counts ? 1 : 0 }
      : { type: "value", name: c.unit, minInterval: counts ? 1 : 0 };
    return {
      color: COLORS,
      grid: { left: 8, right: 40, top: c.series.length > 1 ? 36 : 24, bottom: horizontal ? 28 : 8, containLabel: true },
      tooltip: { trigger: "axis", axisPointer: { type: "shadow" } },
      legend: c.series.length > 1 ? { top: 0 } : { show: false },
      xAxis: horizontal ? value : category,
      yAxis: horizontal ? category : value,
      series: c.series.map(function (s) {
        return { name: s.name, type: "bar", data: s.values, barMaxWidth: 28,
                 label: { show: horizontal, position: "right", fontSize: 11 } };
      })
    };
  }

  JSON.parse(node.textContent).forEach(function (c) {
    var box = document.getElementById(c.id);
    if (!box) { return; }
    var block = box.closest(".report-chart-block");
    if (c.type === "hbar") {  // room for every bar, however many units or projects
      box.style.height = Math.max(200, c.categories.length * (16 + 16 * c.series.length) + 90) + "px";
    } else {
      box.style.height = "260px";
    }
    box.hidden = false;
    var chart = echarts.init(box, null, { renderer: "svg" });
    chart.setOption(option(c));
    drawn.push(chart);
    block.classList.add("report-drawn");
    var toggle = block.querySelector(".report-table-toggle");
    if (toggle) {
      toggle.hidden = false;
      toggle.addEventListener("click", function () {
        var open = block.classList.toggle("report-table-open");
        toggle.setAttribute("aria-expanded", open ? "true" : "false");
        toggle.textContent = open ? toggle.getAttribute("data-hide") : toggle.getAttribute("data-show");
      });
    }
  });
  window.addEventListener("resize", function () { drawn.forEach(function (chart) { chart.resize(); }); });
})();
