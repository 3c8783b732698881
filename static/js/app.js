// Site-wide behaviour for staff pages, loaded by base.html (no inline handlers: the
// Content-Security-Policy allows scripts from files only).
(function () {
  "use strict";
  // <select data-autosubmit>: choosing an option submits its form (the report period picker).
  document.querySelectorAll("select[data-autosubmit]").forEach((select) => {
    select.addEventListener("change", () => select.form.submit());
  });
})();
