/* Draw the annual report's charts from the JSON the page carries (the tables stay for print and no-JS). */
(function () {
  "use strict";
  var node = document.getElementById("chart-data");
  if (!node || typeof echarts === "undefined") { return; }
  var data = JSON.parse(node.textContent);
  var box = document.getElementById("chart-receptions");
  if (box && data.receptions) {
    box.classList.add("report-chart-on");
    var chart = echarts.init(box, null, { renderer: "svg" });
    chart.setOption({
      grid: { left: 40, right: 10, top: 20, bottom: 30 },
      tooltip: { trigger: "axis" },
      xAxis: { type: "category", data: data.receptions.months },
      yAxis: { type: "value" },
      series: [{ name: data.receptions.label, type: "bar", data: data.receptions.values, itemStyle: { color: "#a61b1b" } }]
    });
    window.addEventListener("resize", function () { chart.resize(); });
  }
})();
