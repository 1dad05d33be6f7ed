/* Livelihood projects: planned vs completed investment (万元), drawn from the JSON the page carries;
   the tables stay for print and without JS. */
(function () {
  "use strict";
  var node = document.getElementById("projects-chart-data");
  if (!node || typeof echarts === "undefined") { return; }
  var data = JSON.parse(node.textContent);
  function draw(id, names, plan, done) {
    var box = document.getElementById(id);
    if (!box || !names.length) { return; }
    box.style.height = Math.max(240, names.length * 26) + "px";
    var chart = echarts.init(box, null, { renderer: "svg" });
    chart.setOption({
      grid: { left: 8, right: 16, top: 30, bottom: 20, containLabel: true },
      tooltip: { trigger: "axis" },
      legend: { data: [box.dataset.plan, box.dataset.done] },
      xAxis: { type: "value" },
      yAxis: { type: "category", data: names, inverse: true, axisLabel: { width: 110, overflow: "truncate" } },
      series: [
        { name: box.dataset.plan, type: "bar", data: plan.map(Number), itemStyle: { color: "#c9c9c9" } },
        { name: box.dataset.done, type: "bar", data: done.map(Number), itemStyle: { color: "#a61b1b" } }
      ]
    });
    window.addEventListener("resize", function () { chart.resize(); });
  }
  draw("chart-district", data.titles, data.plan, data.completed);
  draw("chart-towns", data.towns, data.town_plan, data.town_completed);
})();
