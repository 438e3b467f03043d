// docgen's desk: the little the pages do in the browser (each works without it too).
"use strict";
document.addEventListener("DOMContentLoaded", () => {
  // The task list chosen shows its tree; unticking an item unticks what is under it.
  const choice = document.getElementById("nhiem_vu");
  if (choice) {
    const show = () => {
      for (const tree of document.querySelectorAll("fieldset.tree")) {
        tree.hidden = tree.dataset.list !== choice.value;
      }
    };
    choice.addEventListener("change", show);
    show();
    for (const box of document.querySelectorAll("fieldset.tree input[type=checkbox]")) {
      box.addEventListener("change", () => {
        const label = box.closest("label");
        const depth = Number((label.className.match(/depth-(\d+)/) || [0, 0])[1]);
        for (let next = label.nextElementSibling; next; next = next.nextElementSibling) {
          const d = Number((next.className.match(/depth-(\d+)/) || [0, 0])[1]);
          if (d <= depth) break;
          next.querySelector("input").checked = box.checked;
        }
      });
    }
  }
  // The reference search answers as one types (and on "Tìm") without leaving the form.
  const search = document.querySelector("input[data-search]");
  if (search) {
    const target = document.getElementById(search.dataset.target);
    let timer = null;
    const run = async () => {
      const url = search.dataset.search + "?q=" + encodeURIComponent(search.value);
      const answer = await fetch(url, { credentials: "same-origin" });
      if (answer.ok) {
        target.innerHTML = await answer.text();
      }
    };
    search.addEventListener("input", () => { clearTimeout(timer); timer = setTimeout(run, 250); });
    search.addEventListener("keydown", (event) => {
      if (event.key === "Enter") { event.preventDefault(); run(); }
    });
    const button = document.getElementById("nut-tim");
    if (button) {
      button.addEventListener("click", (event) => { event.preventDefault(); run(); });
    }
  }
});
