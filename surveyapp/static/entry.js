// Keying screen: Enter saves from any box, long answers included (Shift+Enter: a new line).
// Without this script Enter still saves from every one-line box.
document.querySelectorAll("form.app-keying textarea").forEach(function (box) {
  box.addEventListener("keydown", function (event) {
    if (event.key === "Enter" && !event.shiftKey && !event.isComposing) {
      event.preventDefault();
      box.form.requestSubmit();
    }
  });
});
