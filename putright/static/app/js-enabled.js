// GOV.UK Frontend's first step, from a file rather than inline so the Content-Security-Policy needs no exception.
document.body.className += " js-enabled" + ("noModule" in HTMLScriptElement.prototype ? " govuk-frontend-supported" : "");
