import type { LoaderFunctionArgs } from "@remix-run/node";
import { NavLink, Outlet } from "@remix-run/react";
import { useTranslation } from "react-i18next";
import { requirePermission } from "#app/auth/require.server";

export async function loader({ request }: LoaderFunctionArgs) {
  await requirePermission(request, "admin:access");
  return null;
}

const sections = [
  { to: "/admin/users", key: "admin:nav.users" },
  { to: "/admin/teams", key: "admin:nav.teams" },
  { to: "/admin/api-keys", key: "api:nav" },
  { to: "/admin/imports", key: "tickets:nav" },
  { to: "/admin/displays", key: "displays:nav" },
  { to: "/admin/sso", key: "admin:nav.sso" },
  { to: "/admin/audit", key: "admin:nav.audit" },
];

export default function AdminLayout() {
  const { t } = useTranslation();
  return (
    <div>
      <nav aria-label={t("admin:nav.label")} className="mb-6 border-b border-slate-300">
        <ul className="-mb-px flex gap-4 overflow-x-auto">
          {sections.map((section) => (
            <li key={section.to}>
              <NavLink
                to={section.to}
                className={({ isActive }) =>
                  `inline-block whitespace-nowrap border-b-2 px-1 pb-2 text-sm font-semibold ${isActive ? "border-brand-600 text-brand-700" : "border-transparent text-slate-700 hover:text-slate-900"}`
                }
              >
                {t(section.key)}
              </NavLink>
            </li>
          ))}
        </ul>
      </nav>
      <Outlet />
    </div>
  );
}
