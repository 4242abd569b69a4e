// Keying screen and serial box. Without this script every box is still reached by Tab and
// Enter still saves from every one-line box.

// After a mistake the page puts the focus on the first box in error (autofocus); its keys are
// selected so that typing replaces them.
var wrong = document.querySelector(".govuk-input--error[autofocus], .govuk-textarea--error[autofocus]");
if (wrong) {
  wrong.focus();
  wrong.select();
}

// Enter saves from any box, long answers included (Shift+Enter: a new line).
document.querySelectorAll("form.app-keying textarea").forEach(function (box) {
  box.addEventListener("keydown", function (event) {
    if (event.key === "Enter" && !event.shiftKey && !event.isComposing) {
      event.preventDefault();
      box.form.requestSubmit();
    }
  });
});

// Tab passes over a "please specify" box unless the box beside "Other" is keyed above it, or it
// already holds words; Shift+Tab from the next box still reaches it. The same rule as
// surveyapp/paper/keying.py (tab_enters_specify), which the keystroke counts and tests follow.
function keyedNumbers(keys, oneDigit) {
  var parts = keys.trim().split(/[\s,;+/]+/).filter(Boolean);
  if (parts.length === 1 && oneDigit && /^[0-9]+$/.test(parts[0])) {
    return parts[0].split("");
  }
  return parts;
}

document.querySelectorAll("form.app-keying [data-specify-for]").forEach(function (specify) {
  var question = document.getElementById(specify.dataset.specifyFor);
  if (!question) return;
  question.addEventListener("keydown", function (event) {
    if (event.key !== "Tab" || event.shiftKey || specify.value) return;
    var keyed = keyedNumbers(question.value, specify.dataset.oneDigit === "yes");
    if (keyed.indexOf(specify.dataset.otherKey) !== -1) return;
    var boxes = Array.prototype.filter.call(specify.form.elements, function (el) {
      return el.type !== "hidden" && !el.disabled && el.tabIndex >= 0;
    });
    var next = boxes[boxes.indexOf(specify) + 1];
    if (next) {
      event.preventDefault();
      next.focus();
    }
  });
});
