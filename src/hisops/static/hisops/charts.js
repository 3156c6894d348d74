// Dashboards: each element with data-chart="<id>" draws the chart whose ECharts option
// (and a link per bar or slice) is in the JSON script <id>. A click opens the list the bar
// counted. Charts redraw when the wall board's HTMX refresh swaps them in.
(function () {
  function draw(root) {
    root.querySelectorAll("[data-chart]").forEach((el) => {
      const source = document.getElementById(el.dataset.chart);
      if (!source || typeof echarts === "undefined") return;
      const spec = JSON.parse(source.textContent);
      const chart = echarts.getInstanceByDom(el) || echarts.init(el, null, { renderer: "canvas" });
      chart.setOption(spec.option, true);
      chart.off("click");
      if (spec.links && spec.links.length) {
        chart.on("click", (params) => {
          const url = spec.links[params.dataIndex];
          if (url) window.location.assign(url);
        });
      }
      el.dataset.drawn = "1";
    });
  }
  document.addEventListener("DOMContentLoaded", () => draw(document));
  document.addEventListener("htmx:afterSwap", (event) => draw(event.target));
  window.addEventListener("resize", () => {
    document.querySelectorAll("[data-chart]").forEach((el) => {
      const chart = typeof echarts !== "undefined" && echarts.getInstanceByDom(el);
      if (chart) chart.resize();
    });
  });
})();
