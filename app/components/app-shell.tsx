import { Form, Link, NavLink } from "@remix-run/react";
import type { ReactNode } from "react";
import { useTranslation } from "react-i18next";
import type { UserRole } from "#db/schema/enums";
import { can, type Permission } from "#app/services/permissions";
import { LanguageSwitcher } from "./language-switcher";
import { BellIcon, BoardIcon, ChartIcon, ClustersIcon, GearIcon, InboxIcon, PersonIcon, PlusIcon } from "./ui/icons";

type ShellUser = { name: string; role: UserRole; unread: number };

const navItems: Array<{
  to: string;
  key: string;
  Icon: (props: { className?: string }) => JSX.Element;
  permission: Permission;
}> = [
  { to: "/board", key: "nav.board", Icon: BoardIcon, permission: "board:view" },
  { to: "/me", key: "me:nav.link", Icon: InboxIcon, permission: "board:view" },
  { to: "/triage", key: "nav.triage", Icon: InboxIcon, permission: "item:triage" },
  { to: "/clusters", key: "nav.clusters", Icon: ClustersIcon, permission: "clusters:view" },
  { to: "/dashboard", key: "nav.dashboard", Icon: ChartIcon, permission: "dashboard:view" },
  { to: "/admin", key: "nav.admin", Icon: GearIcon, permission: "admin:access" },
];

export function AppShell({ user, locale, children }: { user: ShellUser; locale: string; children: ReactNode }) {
  const { t } = useTranslation();
  const items = navItems.filter((item) => can(user.role, item.permission));
  // "My items" joins the phone bar only where it fits (agents); otherwise it sits in the header.
  const meInBar = items.length <= 3;
  const phoneItems = meInBar ? items : items.filter((item) => item.to !== "/me");
  return (
    <div className="flex min-h-screen flex-col">
      <a href="#main" className="skip-link">
        {t("nav.skipToContent")}
      </a>
      <header className="app-header">
        {/* One line at every width: labels never wrap, and the name gives way to an icon before anything else does. */}
        <div className="app-header-bar">
          <Link to="/board" className="text-base font-bold tracking-tight xl:text-lg">
            {t("appName")}
          </Link>
          <nav aria-label={t("nav.main")} className="hidden md:block">
            <ul className="flex gap-1">
              {items.map((item) => (
                <li key={item.to}>
                  <NavLink to={item.to} className="nav-link">
                    {t(item.key)}
                  </NavLink>
                </li>
              ))}
            </ul>
          </nav>
          <div className="ml-auto flex shrink-0 items-center gap-1 xl:gap-2">
            <Link to="/items/new" className="header-new">
              <PlusIcon className="-ml-1 mr-1 inline h-4 w-4 align-[-2px]" />
              {t("nav.new")}
            </Link>
            <Link
              to="/notifications"
              className="header-icon relative"
              aria-label={t("items:notifications.bell", { count: user.unread })}
            >
              <BellIcon />
              {user.unread > 0 ? (
                <span aria-hidden="true" className="unread-count">
                  {user.unread > 99 ? "99+" : user.unread}
                </span>
              ) : null}
            </Link>
            {meInBar ? null : (
              <Link to="/me" className="header-icon md:hidden" aria-label={t("me:nav.link")}>
                <InboxIcon />
              </Link>
            )}
            <LanguageSwitcher current={locale} tone="dark" />
            <Link to="/account" className="header-name">
              {user.name}
            </Link>
            <Link
              to="/account"
              className="header-icon hidden sm:block xl:hidden"
              aria-label={user.name}
              title={user.name}
            >
              <PersonIcon />
            </Link>
            <Form method="post" action="/logout">
              <button type="submit" className="header-sign-out">
                {t("nav.signOut")}
              </button>
            </Form>
          </div>
        </div>
      </header>
      <main id="main" className="app-main">
        {children}
      </main>
      {/* On phones the sections sit in a bar at the bottom, within reach of a thumb. */}
      <nav aria-label={t("nav.mobile")} className="app-tabs">
        <ul className="flex">
          {phoneItems.map((item) => (
            <li key={item.to} className="flex-1">
              <NavLink to={item.to} className="tab">
                <item.Icon />
                {t(item.key)}
              </NavLink>
            </li>
          ))}
          <li className="flex-1">
            <NavLink to="/items/new" className="tab tab-new">
              <PlusIcon />
              {t("nav.new")}
            </NavLink>
          </li>
          <li className="flex-1">
            <NavLink to="/account" className="tab">
              <PersonIcon />
              {t("nav.account")}
            </NavLink>
          </li>
        </ul>
      </nav>
    </div>
  );
}

/** Pages for people who are not signed in: sign-in, setup, invitations. */
export function PublicShell({ locale, children }: { locale: string; children: ReactNode }) {
  const { t } = useTranslation();
  return (
    <div className="flex min-h-screen flex-col">
      <header className="mx-auto flex w-full max-w-md items-center justify-between px-4 pt-8">
        <span className="text-xl font-bold tracking-tight text-brand-800">{t("appName")}</span>
        <LanguageSwitcher current={locale} />
      </header>
      <main id="main" className="mx-auto w-full max-w-md flex-1 px-4 py-6">
        {children}
      </main>
    </div>
  );
}
