// Small behaviours shared by every page. HTMX requests carry the CSRF token from <body>.
document.addEventListener("htmx:responseError", (event) => {
  const target = event.detail.target;
  if (target) {
    target.innerHTML = '<div class="alert alert-danger">' + (document.documentElement.lang === "en"
      ? "The request failed. Please try again." : "请求失败，请稍后重试。") + "</div>";
  }
});
