// After htmx replaces an element whose button had the focus (e.g. "Mark as read"),
// put the focus on the new element marked data-focus-after-swap, so that keyboard
// users stay where they were instead of at the top of the page.
document.addEventListener("htmx:afterSettle", function () {
  var target = document.querySelector("[data-focus-after-swap]");
  if (target) {
    target.removeAttribute("data-focus-after-swap");
    target.focus();
  }
});
