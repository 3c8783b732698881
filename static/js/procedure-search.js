// Type-ahead for the intake screen: filters the office's procedures, ignoring diacritics.
// Arrow keys move, Enter chooses; choosing opens the intake form for that procedure.
(function () {
  "use strict";
  const input = document.getElementById("procedure-search");
  const list = document.getElementById("procedure-results");
  if (!input || !list) return;
  const fold = (s) => s.replace(/đ/g, "d").replace(/Đ/g, "D").normalize("NFD")
    .replace(/[\u0300-\u036f]/g, "").toLowerCase();
  let all = [];
  let shown = [];
  let active = 0;

  function render() {
    const words = fold(input.value).split(/\s+/).filter(Boolean);
    shown = all.filter((p) => words.every((w) => p.key.includes(w))).slice(0, 12);
    active = Math.min(active, Math.max(shown.length - 1, 0));
    list.replaceChildren(...shown.map((p, i) => {
      const a = document.createElement("a");
      a.href = "?thu_tuc=" + encodeURIComponent(p.code);
      a.className = "list-group-item list-group-item-action" + (i === active ? " active" : "");
      a.setAttribute("role", "option");
      const code = document.createElement("span");
      code.className = "small opacity-75 me-2";
      code.textContent = p.code.slice(0, 8);
      a.append(code, document.createTextNode(p.name));
      return a;
    }));
    if (!shown.length && input.value.trim()) {
      const li = document.createElement("div");
      li.className = "list-group-item text-secondary";
      li.textContent = "Không có thủ tục phù hợp.";
      list.replaceChildren(li);
    }
  }

  input.addEventListener("input", () => { active = 0; render(); });
  input.addEventListener("keydown", (e) => {
    if (e.key === "ArrowDown") { active = Math.min(active + 1, shown.length - 1); render(); e.preventDefault(); }
    else if (e.key === "ArrowUp") { active = Math.max(active - 1, 0); render(); e.preventDefault(); }
    else if (e.key === "Enter" && shown[active]) {
      e.preventDefault();
      window.location.search = "?thu_tuc=" + encodeURIComponent(shown[active].code);
    }
  });
  fetch(input.dataset.source, { credentials: "same-origin" })
    .then((r) => r.json())
    .then((data) => { all = data.procedures; render(); });
})();
