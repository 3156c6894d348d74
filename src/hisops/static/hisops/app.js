// Small behaviours shared by every page. HTMX requests carry the CSRF token from <body>.
document.addEventListener("htmx:responseError", (event) => {
  const target = event.detail.target;
  if (target) {
    target.innerHTML = '<div class="alert alert-danger">' + (document.documentElement.lang === "en"
      ? "The request failed. Please try again." : "请求失败，请稍后重试。") + "</div>";
  }
});

// A search box over a list (data-filter-list="<list id>"): items whose data-words hold
// every typed word stay; headings hide when filtering; data-always items always show.
document.addEventListener("input", (event) => {
  const box = event.target.closest("[data-filter-list]");
  if (!box) return;
  const list = document.getElementById(box.dataset.filterList);
  const words = box.value.trim().toLowerCase().split(/\s+/).filter(Boolean);
  let shown = 0;
  list.querySelectorAll("[data-words]").forEach((row) => {
    const hit = words.every((w) => row.dataset.words.includes(w));
    row.classList.toggle("d-none", !hit);
    if (hit) shown += 1;
  });
  list.querySelectorAll("[data-heading]").forEach((h) => h.classList.toggle("d-none", words.length > 0));
  list.querySelector("[data-none]")?.classList.toggle("d-none", shown > 0);
});

// Behaviours marked in the markup (no inline handlers: the Content-Security-Policy allows
// scripts from this site only): submit on change, tick all, print, confirm, go back.
document.addEventListener("change", (event) => {
  if (event.target.matches("[data-submit-on-change]")) event.target.form.submit();
  const all = event.target.closest("[data-check-all]");
  if (all) {
    document.querySelectorAll(`input[name="${all.dataset.checkAll}"]`).forEach((box) => { box.checked = all.checked; });
  }
});
document.addEventListener("click", (event) => {
  const target = event.target.closest("[data-print], [data-confirm], [data-back]");
  if (!target) return;
  if (target.hasAttribute("data-print")) window.print();
  if (target.hasAttribute("data-back")) history.back();
  if (target.dataset.confirm && !window.confirm(target.dataset.confirm)) event.preventDefault();
});
