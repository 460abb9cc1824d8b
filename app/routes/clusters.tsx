import type { LoaderFunctionArgs } from "@remix-run/node";
import { useTranslation } from "react-i18next";
import { requirePermission } from "#app/auth/require.server";
import { EmptyState, PageHeader } from "#app/components/ui/page";

export async function loader({ request }: LoaderFunctionArgs) {
  await requirePermission(request, "clusters:view");
  return null;
}

export default function ClustersPage() {
  const { t } = useTranslation();
  return (
    <>
      <PageHeader title={t("pages.clusters.title")} description={t("pages.clusters.description")} />
      <EmptyState title={t("pages.clusters.emptyTitle")}>{t("pages.clusters.emptyBody")}</EmptyState>
    </>
  );
}
