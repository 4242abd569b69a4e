// Review page: code from the keyboard. 1-9 tick or untick the first nine themes, p/m/n set the
// sentiment, x marks "says nothing to code", Enter saves and goes on. Without this script
// every control still works with Tab, Space and the Save button.
(function () {
  var form = document.querySelector("form.app-review");
  if (!form) return;
  var boxes = form.querySelectorAll(".app-theme-list input[type=checkbox]");
  var sentiments = { p: "positive", m: "mixed", n: "negative" };
  document.addEventListener("keydown", function (event) {
    if (event.ctrlKey || event.metaKey || event.altKey) return;
    var target = event.target;
    // Keys are for the page and this form only: never while typing, in a list, or on a
    // control outside the form (Enter on "Sign out" signs out).
    var onPage = !target || target === document.body || form.contains(target);
    var typing = target && (target.isContentEditable || target.tagName === "TEXTAREA" ||
      target.tagName === "SELECT" || (target.tagName === "INPUT" &&
      target.type !== "checkbox" && target.type !== "radio"));
    if (!onPage || typing) return;
    if (event.key >= "1" && event.key <= "9") {
      var box = boxes[Number(event.key) - 1];
      if (box) { box.checked = !box.checked; box.focus(); event.preventDefault(); }
    } else if (sentiments[event.key]) {
      var radio = form.querySelector("input[name=sentiment][value=" + sentiments[event.key] + "]");
      if (radio) { radio.checked = true; radio.focus(); event.preventDefault(); }
    } else if (event.key === "x") {
      var none = form.querySelector("#not_applicable");
      if (none) { none.checked = !none.checked; event.preventDefault(); }
    } else if (event.key === "Enter" && !(target && target.tagName === "A")) {
      event.preventDefault();
      form.requestSubmit();
    }
  });
})();
