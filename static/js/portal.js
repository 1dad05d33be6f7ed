/* The portal's own scripts (no inline scripts: the CSP forbids them). */
// A form with data-confirm asks before it is sent (e.g. withdrawing a draft).
document.addEventListener("submit", function (event) {
  var form = event.target;
  if (form.dataset && form.dataset.confirm && !window.confirm(form.dataset.confirm)) {
    event.preventDefault();
  }
});
