import { initAll } from "../vendor/govuk/govuk-frontend.min.js";
initAll();

// MoJ Frontend components (the case page's action menus), loaded only on pages that use one.
if (document.querySelector('[data-module^="moj-"]')) {
  import("../vendor/moj/moj-frontend.mjs").then(({ initAll: initAllMoj }) => initAllMoj());
}

// A page showing work under way (an import's progress) reloads itself every few seconds until the work is done.
const refreshing = document.querySelector("[data-refresh-seconds]");
if (refreshing) {
  setTimeout(() => window.location.reload(), Number(refreshing.dataset.refreshSeconds) * 1000);
}
