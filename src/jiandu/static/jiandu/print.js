// Print pages (templates/print/base.html): the toolbar's button prints. No inline scripts (CSP).
document.addEventListener("click", function (event) {
  if (event.target.closest("[data-print]")) { window.print(); }
});
