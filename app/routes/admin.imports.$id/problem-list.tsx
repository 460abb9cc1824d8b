import { useTranslation } from "react-i18next";
import type { RowError } from "#app/services/tickets/imports.server";

/** A rejected row's problems, field by field. */
export function ProblemList({ problems }: { problems: RowError["problems"] }) {
  const { t } = useTranslation();
  return (
    <ul className="space-y-0.5">
      {problems.map((problem) => (
        <li key={`${problem.field}-${problem.message}`}>
          {problem.field ? (
            <span className="font-semibold">
              {t(`tickets:fields.${problem.field}`, { defaultValue: problem.field })}:{" "}
            </span>
          ) : null}
          {t(problem.message, { defaultValue: problem.message })}
        </li>
      ))}
    </ul>
  );
}
