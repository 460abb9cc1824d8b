import { getFormProps, getTextareaProps, useForm, type SubmissionResult } from "@conform-to/react";
import { parseWithZod } from "@conform-to/zod/v4";
import { Form } from "@remix-run/react";
import { useTranslation } from "react-i18next";
import { outcomeAnswer, type OutcomeAnswer } from "#db/schema/enums";
import { Button } from "#app/components/ui/button";
import { ErrorList, FormAlert } from "#app/components/ui/field";
import { Card } from "#app/components/ui/page";
import { OutcomeSchema } from "#app/schemas/items";

type Props = {
  isAuthor: boolean;
  outcome: { answer: OutcomeAnswer; comment: string | null } | null;
  lastResult?: SubmissionResult<string[]>;
};

/** "Did this solve it?": the author answers; everyone sees the answer. */
export function OutcomePanel({ isAuthor, outcome, lastResult }: Props) {
  const { t } = useTranslation("items");
  const [form, fields] = useForm({
    id: "outcome",
    lastResult,
    defaultValue: { answer: outcome?.answer ?? "", comment: outcome?.comment ?? "" },
    onValidate: ({ formData }) => parseWithZod(formData, { schema: OutcomeSchema }),
  });
  return (
    <Card className="border-l-4 border-emerald-600">
      {outcome ? (
        <p className="font-medium text-slate-900">
          {t("item.outcomeResult", { answer: t(`item.outcomeAnswer.${outcome.answer}`) })}
          {outcome.comment ? <span className="mt-1 block font-normal text-slate-700">“{outcome.comment}”</span> : null}
        </p>
      ) : null}
      {isAuthor ? (
        <Form method="post" className={outcome ? "mt-4 space-y-3" : "space-y-3"} {...getFormProps(form)}>
          <input type="hidden" name="intent" value="outcome" />
          <FormAlert id={form.errorId} errors={form.errors} />
          <fieldset>
            <legend className="font-semibold text-slate-900">{t("item.outcomeQuestion")}</legend>
            <div className="mt-2 flex flex-wrap gap-3">
              {outcomeAnswer.enumValues.map((answer) => (
                <label
                  key={answer}
                  className="flex items-center gap-2 rounded-md border border-slate-300 px-3 py-2 has-[:checked]:border-brand-600"
                >
                  <input
                    type="radio"
                    name={fields.answer.name}
                    value={answer}
                    defaultChecked={outcome?.answer === answer}
                  />
                  {t(`item.outcomeAnswer.${answer}`)}
                </label>
              ))}
            </div>
            <ErrorList errors={fields.answer.errors} />
          </fieldset>
          <div>
            <label htmlFor={fields.comment.id} className="block text-sm font-medium text-slate-800">
              {t("item.outcomeComment")}
            </label>
            <textarea
              {...getTextareaProps(fields.comment)}
              rows={2}
              className="mt-1 block w-full rounded-md border-0 px-3 py-2 ring-1 ring-inset ring-slate-400 focus:ring-2 focus:ring-brand-600"
            />
          </div>
          <Button>{t("item.outcomeSubmit")}</Button>
        </Form>
      ) : null}
    </Card>
  );
}
