// Draw every chart on the page from its Vega-Lite definition (the same one the PDF uses).
// ast: true evaluates expressions with vega's interpreter, so the page needs no 'unsafe-eval';
// the default styles are off because they would add inline <style> the page's policy refuses.
(function () {
  // Numeric widths, summed across side-by-side views; {step: n} widths are left alone.
  function widest(node) {
    if (!node || typeof node !== "object") return 0;
    var own = typeof node.width === "number" ? node.width : 0;
    if (Array.isArray(node.hconcat)) {
      return Math.max(own, node.hconcat.reduce(function (sum, part) { return sum + widest(part); }, 0));
    }
    var parts = (node.vconcat || []).concat(node.layer || []);
    return parts.reduce(function (most, part) { return Math.max(most, widest(part)); }, own);
  }
  function scale(node, factor) {
    if (!node || typeof node !== "object") return;
    if (typeof node.width === "number") node.width = Math.floor(node.width * factor);
    ["hconcat", "vconcat", "layer"].forEach(function (key) {
      (node[key] || []).forEach(function (part) { scale(part, factor); });
    });
  }
  // On a narrow screen the chart shrinks to the box (room kept for axis labels) rather than
  // making the reader scroll sideways through it.
  function fit(spec, box) {
    var room = box.clientWidth - 90;
    var wanted = widest(spec);
    if (wanted > 0 && room > 120 && room < wanted) scale(spec, room / wanted);
  }
  function draw() {
    document.querySelectorAll("[data-spec]").forEach(function (box) {
      var source = document.getElementById(box.getAttribute("data-spec"));
      if (!source || typeof vegaEmbed === "undefined") return;
      var spec = JSON.parse(source.textContent);
      var label = box.getAttribute("aria-label");
      fit(spec, box);
      vegaEmbed(box, spec, {
        ast: true,
        actions: false,
        renderer: "svg",
        defaultStyle: false,
        tooltip: { disableDefaultStyle: true },
      }).then(function () {
        // vega-embed sets its own role and label; the figure's caption already describes it.
        box.setAttribute("role", "img");
        if (label) box.setAttribute("aria-label", label);
        box.setAttribute("data-drawn", "true");
        var svg = box.querySelector("svg");
        if (svg) svg.setAttribute("aria-hidden", "true");
      }).catch(function (error) {
        box.setAttribute("data-error", String(error));
      });
    });
  }
  if (document.readyState === "loading") document.addEventListener("DOMContentLoaded", draw);
  else draw();
})();
