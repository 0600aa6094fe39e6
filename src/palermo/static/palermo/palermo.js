// Progressive enhancement only: every page works without this file.
// The CSP allows scripts from our own origin only, so behaviour is wired here, never inline.
document.documentElement.classList.add("js");

document.addEventListener("DOMContentLoaded", () => {
  // Print buttons (recovery codes) are hidden in the HTML because they need JavaScript.
  for (const button of document.querySelectorAll("button[data-print]")) {
    button.hidden = false;
    button.addEventListener("click", () => window.print());
  }
  // Move focus to an error summary so keyboard and screen-reader users land on it.
  const summary = document.querySelector(".form-errors");
  if (summary) {
    summary.setAttribute("tabindex", "-1");
    summary.focus();
  }
});
