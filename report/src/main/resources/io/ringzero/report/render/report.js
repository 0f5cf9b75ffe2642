// Draws the report's charts with the inlined uPlot. Run data arrives only through the JSON block
// (JSON.parse, never eval or innerHTML), and uPlot writes labels with textContent.
(function () {
  "use strict";
  var data = JSON.parse(document.getElementById("ringzero-data").textContent);
  var palette = ["#2f6fde", "#e8710a", "#1e8e3e", "#d93025", "#9334e6", "#12a4af", "#c5221f", "#795548", "#7f8c8d"];
  var drawn = 0;

  function markDrawn(el) {
    if (el.getAttribute("data-rendered") === "1") return;
    el.setAttribute("data-rendered", "1");
    drawn++;
    document.body.setAttribute("data-charts-rendered", String(drawn));
  }

  function si(v) {
    var a = Math.abs(v);
    if (a >= 1e9) return (v / 1e9).toFixed(1) + "G";
    if (a >= 1e6) return (v / 1e6).toFixed(1) + "M";
    if (a >= 1e3) return (v / 1e3).toFixed(1) + "k";
    return String(Math.round(v * 10) / 10);
  }

  function bytes(v) {
    var units = ["B", "KiB", "MiB", "GiB", "TiB"], i = 0;
    while (Math.abs(v) >= 1024 && i < units.length - 1) { v /= 1024; i++; }
    return (i === 0 ? Math.round(v) : v.toFixed(1)) + " " + units[i];
  }

  function width(el) { return Math.max(320, el.clientWidth - 4); }

  function timeline(el, tl) {
    if (!tl.t.length) return;
    var xs = [0].concat(tl.t);
    var series = [{ label: "t (s)" }], cols = [xs];
    tl.series.forEach(function (s, i) {
      series.push({
        label: s.name, stroke: palette[i % palette.length], width: 1.6,
        paths: uPlot.paths.stepped({ align: -1 }), points: { show: false },
        value: function (u, v) { return v == null ? "-" : si(v) + "/s"; }
      });
      cols.push([s.rates.length ? s.rates[0] : null].concat(s.rates));
    });
    new uPlot({
      width: width(el), height: 280, series: series,
      scales: { x: { time: false } },
      axes: [
        { label: "seconds since agent start", values: function (u, v) { return v.map(function (x) { return x + " s"; }); } },
        { label: "syscalls per second", size: 64, values: function (u, v) { return v.map(si); } }
      ],
      hooks: { draw: [function () { markDrawn(el); }] }
    }, cols, el);
  }

  function kinds(el, k) {
    if (!k.names.length) return;
    var n = k.names.length, xs = k.names.map(function (_, i) { return i; });
    new uPlot({
      width: width(el), height: 300,
      series: [
        { label: "syscall", value: function (u, i) { return i == null ? "-" : k.names[i]; } },
        { label: "calls", scale: "calls", fill: "rgba(47,111,222,0.75)", stroke: "#2f6fde", width: 1,
          paths: uPlot.paths.bars({ size: [0.38, 60], align: -1 }), points: { show: false },
          value: function (u, v) { return v == null ? "-" : si(v); } },
        { label: "bytes", scale: "bytes", fill: "rgba(232,113,10,0.75)", stroke: "#e8710a", width: 1,
          paths: uPlot.paths.bars({ size: [0.38, 60], align: 1 }), points: { show: false },
          value: function (u, v) { return v == null ? "-" : bytes(v); } }
      ],
      scales: {
        x: { time: false, range: function () { return [-0.5, n - 0.5]; } },
        calls: { range: function (u, lo, hi) { return [0, Math.max(1, hi) * 1.08]; } },
        bytes: { range: function (u, lo, hi) { return [0, Math.max(1, hi) * 1.08]; } }
      },
      axes: [
        { splits: function () { return xs; }, values: function (u, v) { return v.map(function (i) { var s = k.names[i]; return s === undefined ? "" : s.length > 22 ? s.slice(0, 21) + "\u2026" : s; }); },
          rotate: n > 6 ? -30 : 0, size: n > 6 ? 80 : 40, gap: 6 },
        { scale: "calls", label: "calls", size: 64, values: function (u, v) { return v.map(si); } },
        { scale: "bytes", label: "bytes", side: 1, size: 72, grid: { show: false }, values: function (u, v) { return v.map(bytes); } }
      ],
      hooks: { draw: [function () { markDrawn(el); }] }
    }, [xs, k.calls, k.bytes], el);
  }

  data.views.forEach(function (v) {
    var t = document.getElementById("timeline-" + v.id);
    var b = document.getElementById("kinds-" + v.id);
    if (t) timeline(t, v.timeline);
    if (b) kinds(b, v.kinds);
  });
  document.body.setAttribute("data-charts-expected", String(data.expected));
})();
