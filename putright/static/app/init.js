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

// Choosing a service fills in its usual procedure, unless the officer has already picked one themselves.
for (const service of document.querySelectorAll("select[data-default-procedures]")) {
  const defaults = JSON.parse(service.dataset.defaultProcedures);
  const procedure = service.form && service.form.querySelector(`select[name="${service.name.replace(/service_area$/, "procedure")}"]`);
  if (!procedure) continue;
  let chosenByHand = false;
  procedure.addEventListener("change", () => { chosenByHand = true; });
  service.addEventListener("change", () => {
    const usual = defaults[service.value];
    if (!chosenByHand && usual !== undefined) procedure.value = String(usual);
  });
}
