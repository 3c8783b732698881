// The intake's preview ("Nếu tiếp nhận bây giờ"): the server computes it with the intake's own
// functions (dossiers.preview); this script only posts the form again when the documents, the
// papers written in or the verification box change, and every minute (the cutoff comes closer).
(function () {
  "use strict";
  const form = document.getElementById("intake-form");
  const panel = () => document.getElementById("intake-preview");
  if (!form || !panel() || !form.dataset.preview) return;
  let timer = null;
  let asked = 0;

  function refresh() {
    const mine = ++asked;
    fetch(form.dataset.preview, { method: "POST", body: new FormData(form), credentials: "same-origin" })
      .then((r) => r.text())
      .then((html) => {
        if (mine !== asked) return;
        const fresh = new DOMParser().parseFromString(html, "text/html").getElementById("intake-preview");
        if (fresh) panel().replaceWith(fresh);
      });
  }

  function soon() {
    clearTimeout(timer);
    timer = setTimeout(refresh, 150);
  }

  form.addEventListener("change", (e) => {
    const name = e.target.name || "";
    if (name.startsWith("doc_") || name === "needs_verification" || name === "missing_other") soon();
  });
  form.addEventListener("input", (e) => { if (e.target.name === "missing_other") soon(); });
  setInterval(refresh, 60000);
})();
