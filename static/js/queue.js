// The ticket page: "In phiếu" opens the browser's print dialog (the print stylesheet keeps the
// ticket only). No inline handlers: the Content-Security-Policy allows scripts from files only.
(function () {
  "use strict";
  document.querySelectorAll("[data-print]").forEach((button) => {
    button.addEventListener("click", () => window.print());
  });
})();
