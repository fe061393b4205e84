// The roles as the pages name them, and where each one starts: constants and helpers only, so
// public pages (login) can use them without starting the logged-in page shell (shell.js).

export const ROLE_LABELS = { registrant: "成果登记人", unit_admin: "单位管理员", office: "登记机构",
                             recommender: "推荐单位", sysadmin: "系统管理员" };

/** Each role's first page (its work list). */
export const HOME = { registrant: "/achievements", unit_admin: "/unit/review", recommender: "/recommender/review",
                      office: "/office/review", sysadmin: "/admin/accounts" };

/** The first page of a person with these grants: their first role's work list, else 个人信息维护. */
export function homeOf(grants) {
  for (const role of ["registrant", "unit_admin", "recommender", "office", "sysadmin"]) {
    if (grants.some((g) => g.role === role)) return HOME[role];
  }
  return "/profile";
}

/** The role the current page is for (its menu), else the person's first role. */
export function pageRole(grants) {
  const current = document.querySelector(".menu a[aria-current=page]");
  const role = current && current.closest("[data-role]") && current.closest("[data-role]").dataset.role;
  if (role && grants.some((g) => g.role === role)) return role;
  return grants.length ? grants[0].role : null;
}
