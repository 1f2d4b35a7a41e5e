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
