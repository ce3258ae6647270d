// Draw every chart on the page from its Vega-Lite definition (the same one the PDF uses).
// ast: true evaluates expressions with vega's interpreter, so the page needs no 'unsafe-eval';
// the default styles are off because they would add inline <style> the page's policy refuses.
(function () {
  function draw() {
    document.querySelectorAll("[data-spec]").forEach(function (box) {
      var source = document.getElementById(box.getAttribute("data-spec"));
      if (!source || typeof vegaEmbed === "undefined") return;
      var spec = JSON.parse(source.textContent);
      var label = box.getAttribute("aria-label");
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
