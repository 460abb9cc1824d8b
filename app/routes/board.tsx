import type { LoaderFunctionArgs } from "@remix-run/node";
import { useTranslation } from "react-i18next";
import { requirePermission } from "#app/auth/require.server";
import { EmptyState, PageHeader } from "#app/components/ui/page";

export async function loader({ request }: LoaderFunctionArgs) {
  await requirePermission(request, "board:view");
  return null;
}

export default function BoardPage() {
  const { t } = useTranslation();
  return (
    <>
      <PageHeader title={t("pages.board.title")} description={t("pages.board.description")} />
      <EmptyState title={t("pages.board.emptyTitle")}>{t("pages.board.emptyBody")}</EmptyState>
    </>
  );
}
