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

// Choosing a service, or what kind of contact it is, fills in the usual procedure for both (a complaint: the
// service's own; an enquiry or a service request: the one for its kind), unless the officer has picked one themselves.
for (const service of document.querySelectorAll("select[data-default-procedures]")) {
  const defaults = JSON.parse(service.dataset.defaultProcedures); // {kind: {service id: procedure id}}
  const prefix = service.name.replace(/service_area$/, "");
  const procedure = service.form && service.form.querySelector(`select[name="${prefix}procedure"]`);
  if (!procedure) continue;
  const kinds = service.form.querySelectorAll(`input[name="${prefix}kind"]`);
  let chosenByHand = false;
  procedure.addEventListener("change", () => { chosenByHand = true; });
  const fillIn = () => {
    if (chosenByHand) return;
    const checked = Array.from(kinds).find((radio) => radio.checked);
    const usual = (defaults[checked ? checked.value : "complaint"] || {})[service.value];
    procedure.value = usual === undefined ? "" : String(usual);
  };
  service.addEventListener("change", fillIn);
  for (const kind of kinds) kind.addEventListener("change", fillIn);
}
