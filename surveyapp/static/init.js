// Progressive enhancement only: every page works without this (and without the GOV.UK assets).
import { initAll } from "/govuk/govuk-frontend.min.js";
initAll();
