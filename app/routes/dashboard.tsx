import type { LoaderFunctionArgs } from "@remix-run/node";
import { useTranslation } from "react-i18next";
import { requirePermission } from "#app/auth/require.server";
import { EmptyState, PageHeader } from "#app/components/ui/page";

export async function loader({ request }: LoaderFunctionArgs) {
  await requirePermission(request, "dashboard:view");
  return null;
}

export default function DashboardPage() {
  const { t } = useTranslation();
  return (
    <>
      <PageHeader title={t("pages.dashboard.title")} description={t("pages.dashboard.description")} />
      <EmptyState title={t("pages.dashboard.emptyTitle")}>{t("pages.dashboard.emptyBody")}</EmptyState>
    </>
  );
}
