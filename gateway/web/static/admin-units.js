// The units a unit admin manages, as the page's #unit select (shown only when there are several;
// #no-unit shown when there are none). Resolves with the select, or null.
import { api } from "./api.js";
import { $ } from "./ui.js";

export async function unitChooser(person, onChange) {
  const units = person.grants.filter((g) => g.role === "unit_admin").map((g) => g.unit_id);
  if (!units.length) { $("no-unit").hidden = false; return null; }
  const select = $("unit");
  for (const id of units) {
    const unit = await api("GET", `/units/${id}`);
    select.append(new Option(unit.ok ? unit.data.name : `单位 ${id}`, String(id)));
  }
  $("unit-row").hidden = units.length < 2;
  select.addEventListener("change", () => onChange(select.value));
  onChange(select.value);
  return select;
}
