// jiandu: small page behaviour. No inline scripts are allowed by the CSP.
document.addEventListener("htmx:configRequest", function (event) {
  const token = document.querySelector('meta[name="csrf-token"]');
  if (token) { event.detail.headers["X-CSRFToken"] = token.content; }
});
// Submit a filter form when one of its selects changes.
document.addEventListener("change", function (event) {
  const el = event.target;
  if (el.matches("form.filters select")) { el.form.requestSubmit(); }
});
// A form that asks before it submits (data-confirm="…"): e.g. issuing a bulletin freezes it.
document.addEventListener("submit", function (event) {
  const message = event.target.dataset && event.target.dataset.confirm;
  if (message && !window.confirm(message)) { event.preventDefault(); }
});
// A step form that came back refused (its fields marked .has-error) is opened and shown.
document.addEventListener("DOMContentLoaded", function () {
  const refused = document.querySelector(".has-error, [data-testid='form-error'], [data-testid='form-error-summary']");
  if (!refused) { return; }
  for (let el = refused.parentElement; el; el = el.parentElement) {
    if (el.tagName === "DETAILS") { el.open = true; }
  }
  refused.scrollIntoView({ block: "center" });
});

// A box that scrolls (a wide table) takes the keyboard focus, so that it can be scrolled
// without a mouse (WCAG 2.1.1); also in what htmx swaps in.
function focusableScrollBoxes(root) {
  const boxes = Array.from(root.querySelectorAll(".table-responsive, .overflow-auto"));
  if (root.matches && root.matches(".table-responsive, .overflow-auto")) { boxes.push(root); }
  boxes.forEach(function (box) {
    if (!box.hasAttribute("tabindex")) { box.tabIndex = 0; }
  });
}
focusableScrollBoxes(document);
document.addEventListener("htmx:load", function (event) { focusableScrollBoxes(event.detail.elt); });
