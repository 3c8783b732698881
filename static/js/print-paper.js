// Print a paper of the dossier page in one key: fetch its PDF (while the worker is still rendering
// it the server answers 503: wait and ask again), load it in a hidden same-origin frame and open the
// browser's print dialog. Buttons: [data-print-url]; the state goes to data-print-state
// (loading, waiting, printed, failed) and to the [data-print-status] next to the button.
(function () {
  "use strict";
  const WAIT_MS = 1500;
  const MAX_TRIES = 80; // two minutes

  function say(button, state, text) {
    button.dataset.printState = state;
    const status = button.parentElement.querySelector("[data-print-status]");
    if (status) status.textContent = text;
  }

  function printFrame(button, url) {
    let frame = document.getElementById("print-frame");
    if (frame) frame.remove();
    frame = document.createElement("iframe");
    frame.id = "print-frame";
    frame.className = "print-frame";
    frame.title = "In giấy tờ";
    frame.addEventListener("load", () => {
      try {
        frame.contentWindow.focus();
        // window.mocuaPrintHook: the browser tests' stand-in for the print dialog.
        (window.mocuaPrintHook || ((w) => w.print()))(frame.contentWindow);
        say(button, "printed", "Đã mở hộp thoại in.");
      } catch (e) {
        window.open(url, "_blank"); // a browser that cannot print a framed PDF: open it instead
        say(button, "printed", "Đã mở giấy tờ trong thẻ mới: bấm In (Ctrl+P).");
      }
    });
    frame.src = url;
    document.body.append(frame);
  }

  function attempt(button, url, tries) {
    fetch(url, { method: "HEAD", credentials: "same-origin" })
      .then((r) => {
        if (r.ok) {
          say(button, "loading", "Đang mở giấy tờ để in…");
          printFrame(button, url);
        } else if (r.status === 503 && tries < MAX_TRIES) {
          say(button, "waiting", "Hệ thống đang tạo giấy tờ, sẽ tự in khi xong…");
          setTimeout(() => attempt(button, url, tries + 1), WAIT_MS);
        } else {
          say(button, "failed", "Chưa in được giấy tờ này. Hãy tải lại trang.");
        }
      })
      .catch(() => say(button, "failed", "Mất kết nối với máy chủ. Hãy thử lại."));
  }

  document.querySelectorAll("[data-print-url]").forEach((button) => {
    button.addEventListener("click", () => {
      if (button.dataset.printState === "loading" || button.dataset.printState === "waiting") return;
      say(button, "loading", "Đang chuẩn bị giấy tờ…");
      attempt(button, button.dataset.printUrl, 0);
    });
  });
  const first = document.querySelector("[data-print-url][autofocus]");
  if (first) first.focus();
})();
