import {
  getFormProps,
  getInputProps,
  getSelectProps,
  getTextareaProps,
  useForm,
  type SubmissionResult,
} from "@conform-to/react";
import { parseWithZod } from "@conform-to/zod/v4";
import { Form } from "@remix-run/react";
import { useState } from "react";
import { useTranslation } from "react-i18next";
import { Button } from "#app/components/ui/button";
import { ErrorList, Field, FormAlert, SelectField } from "#app/components/ui/field";
import { Card } from "#app/components/ui/page";
import { StatusChangeSchema } from "#app/schemas/items";
import { requirementsFor, type ItemStatus } from "#app/services/workflow";

type Props = {
  item: { status: ItemStatus; ownerId: string | null; targetDate: string | null; version: number };
  statuses: readonly ItemStatus[];
  people: Array<{ id: string; name: string }>;
  lastResult?: SubmissionResult<string[]>;
};

/** The same rules as the server: fields appear as the chosen status needs them. */
export function StatusForm({ item, statuses, people, lastResult }: Props) {
  const { t } = useTranslation("items");
  const [chosen, setChosen] = useState<ItemStatus>(statuses[0] ?? item.status);
  const [form, fields] = useForm({
    id: "status",
    lastResult,
    defaultValue: { status: statuses[0], ownerId: item.ownerId ?? "", targetDate: item.targetDate ?? "" },
    shouldValidate: "onSubmit",
    shouldRevalidate: "onInput",
    onValidate: ({ formData }) => parseWithZod(formData, { schema: StatusChangeSchema }),
  });
  const needs = requirementsFor(chosen);
  const showPromise = needs.owner || needs.targetDate || Boolean(item.targetDate);
  return (
    <Card>
      <h2 className="text-lg font-semibold text-slate-900">{t("item.statusTitle")}</h2>
      <Form method="post" className="mt-4 space-y-4" {...getFormProps(form)}>
        <input type="hidden" name="intent" value="status" />
        <input type="hidden" name="version" value={item.version} />
        <FormAlert id={form.errorId} errors={form.errors} />
        <SelectField
          label={t("item.statusLabel")}
          errors={fields.status.errors}
          selectProps={{
            ...getSelectProps(fields.status),
            onChange: (event) => setChosen(event.currentTarget.value as ItemStatus),
          }}
          options={statuses.map((status) => ({ value: status, label: t(`status.${status}`) }))}
        />
        <div className={showPromise ? "space-y-4" : "hidden"}>
          <SelectField
            label={t("item.owner")}
            errors={fields.ownerId.errors}
            selectProps={getSelectProps(fields.ownerId)}
            options={[
              { value: "", label: t("item.noOwner") },
              ...people.map((person) => ({ value: person.id, label: person.name })),
            ]}
          />
          <Field
            label={t("item.targetDate")}
            errors={fields.targetDate.errors}
            inputProps={getInputProps(fields.targetDate, { type: "date" })}
          />
        </div>
        <div className={needs.duplicateOf ? "" : "hidden"}>
          <Field
            label={t("item.duplicateOf")}
            errors={fields.duplicateOf.errors}
            inputProps={{ ...getInputProps(fields.duplicateOf, { type: "number" }), min: 1, inputMode: "numeric" }}
          />
        </div>
        <div>
          <label htmlFor={fields.note.id} className="block text-sm font-medium text-slate-800">
            {t("item.note")}
          </label>
          <textarea
            {...getTextareaProps(fields.note, { ariaDescribedBy: `${fields.note.id}-hint` })}
            rows={3}
            className="mt-1 block w-full rounded-md border-0 px-3 py-2 ring-1 ring-inset ring-slate-400 focus:ring-2 focus:ring-brand-600"
          />
          <p id={`${fields.note.id}-hint`} className="mt-1 text-sm text-slate-600">
            {t("item.noteHint")}
          </p>
          <ErrorList id={fields.note.errorId} errors={fields.note.errors} />
        </div>
        <Button>{t("item.statusSubmit")}</Button>
      </Form>
    </Card>
  );
}
