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
