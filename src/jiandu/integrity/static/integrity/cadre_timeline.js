// jiandu: the cadre profile's timeline (精准画像): posts and supervision events on one
// time axis, drawn with the vendored ECharts. Data: <script id="cadre-timeline-data">
// (json_script), already limited to what the viewer may see. No inline script (CSP).
(function () {
  "use strict";
  var box = document.getElementById("cadre-timeline");
  var source = document.getElementById("cadre-timeline-data");
  if (!box || !source || typeof echarts === "undefined") { return; }
  var data = JSON.parse(source.textContent);
  var lanes = data.lanes;
  var colors = ["#206bc4", "#f59f00", "#d63939", "#ae3ec9", "#2fb344", "#f76707"];
  var day = 86400000;
  function t(iso) { return new Date(iso + "T00:00:00").getTime(); }

  var ranges = data.ranges.map(function (r) {
    return { value: [r.lane, t(r.start), t(r.end) + day, r.label], current: r.current };
  });
  var points = data.points.map(function (p) {
    return {
      value: [t(p.on), p.lane, p.label], url: p.url,
      itemStyle: p.open ? { color: "#fff", borderColor: colors[p.lane], borderWidth: 2 } : { color: colors[p.lane] }
    };
  });
  var times = ranges.map(function (r) { return r.value[1]; })
    .concat(points.map(function (p) { return p.value[0]; }));
  var today = t(data.today);
  var min = times.length ? Math.min.apply(null, times) : today - 365 * day;
  var max = Math.max(today, times.length ? Math.max.apply(null, ranges.map(function (r) { return r.value[2]; }).concat([today])) : today);
  var pad = Math.max((max - min) * 0.03, 30 * day);

  function renderRange(params, api) {
    var lane = api.value(0);
    var start = api.coord([api.value(1), lane]);
    var end = api.coord([api.value(2), lane]);
    var height = api.size([0, 1])[1] * 0.45;
    var shape = echarts.graphic.clipRectByRect(
      { x: start[0], y: start[1] - height / 2, width: Math.max(end[0] - start[0], 2), height: height },
      { x: params.coordSys.x, y: params.coordSys.y, width: params.coordSys.width, height: params.coordSys.height }
    );
    if (!shape) { return null; }
    var item = ranges[params.dataIndex];
    return {
      type: "group",
      children: [
        { type: "rect", shape: shape, style: { fill: colors[lane], opacity: item.current ? 0.85 : 0.45 } },
        {
          type: "text",
          style: {
            text: shape.width > 60 ? api.value(3) : "", x: shape.x + 4, y: shape.y + shape.height / 2,
            verticalAlign: "middle", fill: "#fff", fontSize: 11, width: shape.width - 8, overflow: "truncate"
          }
        }
      ]
    };
  }

  var chart = echarts.init(box, null, { renderer: "canvas" });
  chart.setOption({
    animation: false,
    grid: { left: 96, right: 24, top: 16, bottom: 56 },
    tooltip: {
      trigger: "item",
      formatter: function (p) {
        var v = p.value;
        if (p.seriesIndex === 0) {
          return v[3] + "<br>" + new Date(v[1]).toLocaleDateString("zh-CN") + " 至 " +
            new Date(v[2] - day).toLocaleDateString("zh-CN");
        }
        return new Date(v[0]).toLocaleDateString("zh-CN") + "<br>" + v[2];
      }
    },
    xAxis: { type: "time", min: min - pad, max: max + pad, axisLabel: { formatter: "{yyyy}年" } },
    yAxis: {
      type: "category", data: lanes, inverse: true,
      axisTick: { show: false }, splitLine: { show: true, lineStyle: { type: "dashed" } }
    },
    dataZoom: [{ type: "slider", height: 18, bottom: 8 }, { type: "inside" }],
    series: [
      { type: "custom", renderItem: renderRange, encode: { x: [1, 2], y: 0 }, data: ranges },
      {
        type: "scatter", symbolSize: 12, data: points, z: 3,
        markLine: { silent: true, symbol: "none", label: { formatter: "今天", position: "start" }, lineStyle: { color: "#999" }, data: [{ xAxis: today }] }
      }
    ]
  });
  chart.on("click", function (p) {
    if (p.seriesIndex === 1 && p.data && p.data.url) { window.location.href = p.data.url; }
  });
  window.addEventListener("resize", function () { chart.resize(); });
})();
