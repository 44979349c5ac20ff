/* Progressive enhancement only: the pages work without it.
   After htmx swaps in a verdict or a form problem, move keyboard and screen-reader
   focus to it, as a full page load would bring the reader to the top. */
document.addEventListener("htmx:afterSettle", function () {
  var target = document.getElementById("problem") || document.getElementById("result");
  if (target) {
    target.focus();
  }
});

/* ---- Check page on a phone: bring the verdict headline into view and focus ----
   The form posts to /check#result-heading, so without JavaScript the browser scrolls
   to the headline; here focus follows, on a full page load and after an htmx swap
   (registered after the handler above, so the headline wins when there is no problem). */
(function () {
  function focusVerdictHeadline() {
    var headline = document.getElementById("result-heading");
    if (headline && !document.getElementById("problem")) {
      headline.focus();
    }
  }
  focusVerdictHeadline();  /* deferred script: the document has been parsed */
  document.addEventListener("htmx:afterSettle", focusVerdictHeadline);
})();

/* ---- Fixes: a copy button next to each fixed text ----
   The buttons are hidden without JavaScript (the fixed text stays selectable); here
   they are shown, and a click copies the text and says so in the button's status. */
(function () {
  function showCopyButtons() {
    var buttons = document.querySelectorAll("button.copy-fix[hidden]");
    for (var i = 0; i < buttons.length; i++) {
      buttons[i].hidden = false;
    }
  }
  function say(button, message) {
    var status = document.getElementById(button.getAttribute("data-status"));
    if (status) {
      status.textContent = message;
    }
  }
  function copyBySelection(button, source) {
    var selection = window.getSelection();
    selection.removeAllRanges();
    var range = document.createRange();
    range.selectNodeContents(source);
    selection.addRange(range);
    var copied = false;
    try {
      copied = document.execCommand("copy");
    } catch (err) {
      copied = false;
    }
    say(button, copied ? "Copied the fixed text." :
      "The fixed text is selected: press Ctrl+C (or Cmd+C) to copy it.");
  }
  document.addEventListener("click", function (event) {
    var button = event.target.closest ? event.target.closest("button.copy-fix") : null;
    if (!button) {
      return;
    }
    var source = document.getElementById(button.getAttribute("data-copy"));
    if (!source) {
      return;
    }
    say(button, "");
    if (navigator.clipboard && navigator.clipboard.writeText) {
      navigator.clipboard.writeText(source.textContent).then(function () {
        say(button, "Copied the fixed text.");
      }, function () {
        copyBySelection(button, source);
      });
    } else {
      copyBySelection(button, source);
    }
  });
  showCopyButtons();  /* deferred script: the document has been parsed */
  document.addEventListener("htmx:afterSettle", showCopyButtons);
})();
