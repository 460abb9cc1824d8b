import { useTranslation } from "react-i18next";
import { buttonClass } from "#app/components/ui/button";
import { Card } from "#app/components/ui/page";

/** Why a sign-in with the company account did not go through, and what to do next. */
export function SsoProblem({ reason }: { reason: string }) {
  const { t } = useTranslation();
  return (
    <Card>
      <h1 className="text-2xl font-bold text-slate-900">{t(`auth:sso.problems.${reason}.title`)}</h1>
      <p className="mt-2 text-slate-700" role="alert">
        {t(`auth:sso.problems.${reason}.text`)}
      </p>
      <div className="mt-6 flex flex-wrap gap-3">
        {/* A full page load: the flow starts on the server and leaves for the provider. */}
        <a href="/auth/oidc" className={buttonClass("primary")}>
          {t("auth:sso.tryAgain")}
        </a>
        <a href="/login" className={buttonClass("secondary")}>
          {t("auth:sso.toLogin")}
        </a>
      </div>
    </Card>
  );
}
