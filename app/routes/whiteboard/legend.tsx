import { useTranslation } from "react-i18next";
import { itemKind } from "#db/schema/enums";
import { paper } from "./paper";

/** What each paper colour means. */
export function Legend() {
  const { t } = useTranslation("items");
  return (
    <div className="mb-3 flex flex-wrap items-center gap-x-4 gap-y-1 text-sm text-slate-800">
      <h2 className="font-semibold">{t("whiteboard.legend")}</h2>
      <ul className="flex flex-wrap gap-x-4 gap-y-1">
        {itemKind.enumValues.map((kind) => (
          <li key={kind} className="flex items-center gap-2">
            <span aria-hidden="true" className={`inline-block h-4 w-6 rounded-sm ring-1 ${paper[kind]}`} />
            <span>
              <span className="font-semibold">{t(`kind.${kind}`)}</span>: {t(`kindHint.${kind}`)}
            </span>
          </li>
        ))}
      </ul>
    </div>
  );
}
