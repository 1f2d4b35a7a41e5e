// jiandu: the leader dashboard (stats:dashboard), drawn with the vendored ECharts.
// Data: <script id="dashboard-data"> (json_script), computed by stats.dashboard within
// the viewer's scope. Every element carries the URL of the ledger filtered to exactly the
// records it counts (Cell.url()); a click opens it. No inline script (CSP).
(function () {
  "use strict";
  var source = document.getElementById("dashboard-data");
  if (!source || typeof echarts === "undefined") { return; }
  var data = JSON.parse(source.textContent);
  var charts = data.charts;
  var red = "#d63939", blue = "#206bc4", grey = "#a7aebb";
  var palette = [blue, "#f59f00", "#ae3ec9", red, "#2fb344", "#f76707"];
  var narrow = function () { return window.innerWidth < 576; };
  var drawn = [];

  function point(p, extra) {
    if (p === null || p === undefined) { return null; }
    var out = { value: p.value, url: p.url };
    if (extra) { for (var k in extra) { out[k] = extra[k]; } }
    return out;
  }
  function points(list) { return list.map(function (p) { return point(p); }); }
  function legend() { return { top: 0, type: "scroll" }; }
  function grid(extra) {
    var g = { left: 8, right: 16, top: 36, bottom: 8, containLabel: true };
    if (extra) { for (var k in extra) { g[k] = extra[k]; } }
    return g;
  }
  function shortName(name) { return name.length > 8 && narrow() ? name.slice(0, 7) + "…" : name; }

  var builders = {
    monthly: function (box) {
      var f = charts.monthly.figures[Number(box.getAttribute("data-index"))];
      return {
        color: [blue, grey],
        tooltip: { trigger: "axis" },
        legend: legend(),
        grid: grid(),
        xAxis: { type: "category", data: charts.monthly.months },
        yAxis: { type: "value", minInterval: 1 },
        series: f.series.map(function (s) {
          return { name: s.name, type: "bar", data: points(s.data) };
        })
      };
    },
    filed_by_unit: function () {
      var items = charts.filed_by_unit.items.slice().reverse();
      return {
        tooltip: {
          trigger: "item",
          formatter: function (p) {
            var i = items[p.dataIndex];
            var note = i.below ? (i.zero ? "（零立案）" : "（低于" + i.threshold + "件）") : "";
            return i.unit + "：" + i.value + "件" + note;
          }
        },
        grid: grid({ top: 8 }),
        xAxis: { type: "value", minInterval: 1 },
        yAxis: {
          type: "category",
          data: items.map(function (i) { return shortName(i.unit); }),
          axisLabel: { interval: 0 },
          triggerEvent: true
        },
        axisUrls: items.map(function (i) { return i.url; }),
        series: [{
          type: "bar",
          name: charts.filed_by_unit.label,
          barMinHeight: 6,
          label: {
            show: true, position: "right",
            formatter: function (p) { var i = items[p.dataIndex]; return i.below ? (i.zero ? "零立案" : i.value + " 未达标") : i.value; }
          },
          data: items.map(function (i) {
            return {
              value: i.value, url: i.url,
              // a zero bar keeps a thin stub (barMinHeight) so that it can be clicked
              itemStyle: { color: i.below ? red : blue },
              label: { color: i.below ? red : undefined }
            };
          })
        }]
      };
    },
    four_forms: function () {
      var c = charts.four_forms;
      return {
        color: palette,
        tooltip: { trigger: "axis" },
        legend: legend(),
        grid: grid({ bottom: 8 }),
        xAxis: {
          type: "category", data: c.periods,
          // "2026年第一季度" on two lines: "2026年" / "一季度"
          axisLabel: { interval: 0, formatter: function (v) { return v.replace("年第", "年\n"); } }
        },
        yAxis: { type: "value", minInterval: 1 },
        series: c.series.map(function (s) {
          return { name: s.name, type: "bar", stack: "forms", data: points(s.data) };
        })
      };
    },
    dispositions: function () {
      var c = charts.dispositions;
      return {
        color: palette,
        tooltip: { trigger: "item", formatter: "{b}：{c}件（{d}%）" },
        legend: { bottom: 0, type: "scroll" },
        series: [{
          type: "pie", radius: ["35%", "65%"], center: ["50%", "45%"],
          label: { formatter: "{b}\n{c}件" },
          data: c.items.map(function (i) { return { name: i.name, value: i.value, url: i.url }; })
        }]
      };
    },
    overdue: function () {
      var c = charts.overdue;
      return {
        color: [red, "#f76707", "#f59f00", "#ae3ec9"],
        tooltip: { trigger: "axis", axisPointer: { type: "shadow" } },
        legend: legend(),
        grid: grid(),
        xAxis: { type: "value", minInterval: 1 },
        yAxis: { type: "category", data: c.units.map(shortName), inverse: true, axisLabel: { interval: 0 } },
        series: c.series.map(function (s) {
          return { name: s.name, type: "bar", stack: "overdue", data: points(s.data) };
        })
      };
    },
    completion: function () {
      var c = charts.completion;
      var series = [];
      c.series.forEach(function (s, n) {
        var color = palette[n * 2 % palette.length];
        series.push({ name: s.name + "应完成", type: "bar", itemStyle: { color: color, opacity: 0.35 }, data: points(s.due) });
        series.push({
          name: s.name + "已完成", type: "bar", itemStyle: { color: color },
          label: {
            show: !narrow(), position: "top",
            formatter: function (p) { var r = s.rate[p.dataIndex]; return r === null ? "" : r + "%"; }
          },
          data: points(s.done)
        });
      });
      return {
        tooltip: { trigger: "axis", axisPointer: { type: "shadow" } },
        legend: legend(),
        grid: grid({ bottom: 8 }),
        xAxis: { type: "category", data: c.units.map(shortName), axisLabel: { interval: 0, rotate: 30 } },
        yAxis: { type: "value", minInterval: 1 },
        series: series
      };
    }
  };

  Array.prototype.forEach.call(document.querySelectorAll("[data-chart]"), function (box) {
    var build = builders[box.getAttribute("data-chart")];
    if (!build) { return; }
    var chart = echarts.init(box, null, { renderer: "canvas" });
    var option = build(box);
    // A unit's name on a category axis opens the same records as its bar.
    var axisUrls = option.axisUrls || [];
    delete option.axisUrls;
    chart.setOption(Object.assign({ animation: false, textStyle: { fontFamily: "inherit" } }, option));
    chart.on("click", function (p) {
      if (p.data && p.data.url) { window.location.href = p.data.url; return; }
      if (p.componentType === "yAxis" || p.componentType === "xAxis") {
        var names = option[p.componentType].data || [];
        var url = axisUrls[names.indexOf(p.value)];
        if (url) { window.location.href = url; }
      }
    });
    drawn.push(chart);
  });
  var resize = function () { drawn.forEach(function (c) { c.resize(); }); };
  if (typeof ResizeObserver !== "undefined") {
    var ro = new ResizeObserver(resize);
    Array.prototype.forEach.call(document.querySelectorAll("[data-chart]"), function (b) { ro.observe(b); });
  } else {
    window.addEventListener("resize", resize);
  }
}());
