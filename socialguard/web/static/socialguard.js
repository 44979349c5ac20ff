/* Progressive enhancement only: the pages work without it.
   After htmx swaps in a verdict or a form problem, move keyboard and screen-reader
   focus to it, as a full page load would bring the reader to the top. */
document.addEventListener("htmx:afterSettle", function () {
  var target = document.getElementById("problem") || document.getElementById("result");
  if (target) {
    target.focus();
  }
});
