// Type-ahead for the intake screen. The server ranks (models_catalog.text.rank_procedures: code,
// whole words, word starts, diacritics ignored, then Vietnamese order), the same ranking as every
// search box and the API; this script only asks as you type and moves the choice.
// Arrow keys move, Enter chooses; choosing opens the intake form for that procedure.
(function () {
  "use strict";
  const input = document.getElementById("procedure-search");
  const list = document.getElementById("procedure-results");
  if (!input || !list) return;
  let shown = [];
  let active = 0;
  let asked = 0;
  let timer = null;
  let enterPending = false; // Enter pressed before the answer to the last keystroke came

  function choose(p) {
    window.location.search = "?thu_tuc=" + encodeURIComponent(p.code);
  }

  function render() {
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

  function ask() {
    const mine = ++asked;
    const query = input.value;
    const url = input.dataset.source + "?q=" + encodeURIComponent(query);
    fetch(url, { credentials: "same-origin" })
      .then((r) => r.json())
      .then((data) => {
        if (mine !== asked || query !== input.value) return; // a later keystroke asks again
        shown = data.procedures;
        list.dataset.query = query;
        render();
        if (enterPending && shown[0]) { enterPending = false; choose(shown[0]); }
      });
  }

  input.addEventListener("input", () => {
    active = 0;
    clearTimeout(timer);
    timer = setTimeout(ask, 120);
  });
  input.addEventListener("keydown", (e) => {
    if (e.key === "ArrowDown") { active = Math.min(active + 1, shown.length - 1); render(); e.preventDefault(); }
    else if (e.key === "ArrowUp") { active = Math.max(active - 1, 0); render(); e.preventDefault(); }
    else if (e.key === "Enter") {
      e.preventDefault();
      if (list.dataset.query === input.value) {
        if (shown[active]) choose(shown[active]);
      } else {
        enterPending = true;
        clearTimeout(timer);
        ask();
      }
    }
  });
  shown = Array.from(list.querySelectorAll("a")).map((a) => ({
    code: new URLSearchParams(a.search).get("thu_tuc"), name: a.lastChild.textContent,
  }));
  list.dataset.query = input.value;
  ask();
})();
