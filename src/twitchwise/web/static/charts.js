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
  function fit(spec, box, margin) {
    var room = box.clientWidth - margin;
    var wanted = widest(spec);
    if (wanted > 0 && room > 120 && room < wanted) scale(spec, room / wanted);
  }
  // A box narrower than this draws the chart's narrow variant, when it has one (a phone).
  var NARROW = 640;
  function variant(box) {
    var narrow = box.getAttribute("data-spec-narrow");
    return narrow && box.clientWidth < NARROW ? narrow : box.getAttribute("data-spec");
  }
  function drawOne(box) {
    var chosen = variant(box);
    var source = document.getElementById(chosen);
    if (!source || typeof vegaEmbed === "undefined") return;
    var spec = JSON.parse(source.textContent);
    var label = box.getAttribute("aria-label");
    box.setAttribute("data-drawn-as", chosen);
    box.setAttribute("data-drawn-width", String(box.clientWidth));
    // room kept for the axis labels beside the plot; a narrow variant has its names above it
    fit(spec, box, chosen === box.getAttribute("data-spec-narrow") ? 40 : 90);
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
  }
  function draw() {
    document.querySelectorAll("[data-spec]").forEach(drawOne);
  }
  // A phone turned sideways, a window made narrower: draw again what no longer fits its box.
  function redraw() {
    document.querySelectorAll("[data-spec][data-drawn-width]").forEach(function (box) {
      var was = Number(box.getAttribute("data-drawn-width"));
      var changed = variant(box) !== box.getAttribute("data-drawn-as");
      if (changed || Math.abs(box.clientWidth - was) > was * 0.1) {
        box.removeAttribute("data-drawn");
        drawOne(box);
      }
    });
  }
  var waiting = null;
  window.addEventListener("resize", function () {
    clearTimeout(waiting);
    waiting = setTimeout(redraw, 150);
  });
  if (document.readyState === "loading") document.addEventListener("DOMContentLoaded", draw);
  else draw();
})();
