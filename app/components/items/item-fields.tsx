import { getInputProps, getSelectProps, getTextareaProps, type FieldMetadata } from "@conform-to/react";
import { useTranslation } from "react-i18next";
import { channel, itemArea, itemKind } from "#db/schema/enums";
import { ErrorList, Field, SelectField } from "#app/components/ui/field";

/** The form's values as the browser sends them. */
export type ItemFormShape = {
  kind: string;
  title: string;
  area: string;
  body: string;
  channel: string;
  teamId: string;
  tags: string;
  anonymous?: string;
  version?: string;
};

type FieldName = "title" | "body" | "kind" | "area" | "channel" | "teamId" | "tags";
type Fields = { [K in FieldName]: FieldMetadata<string, ItemFormShape, string[]> };

/** The edit form: every field of an item in one column. */
export function ItemFields({ fields, teams }: { fields: Fields; teams: Array<{ id: string; name: string }> }) {
  return (
    <>
      <KindAndTitleFields fields={fields} />
      <ItemDetailFields fields={fields} teams={teams} />
    </>
  );
}

/**
 * What a post needs: its kind and its title. The new-item page renders them above the
 * similar items (whose vote buttons are forms of their own), tied to its form by `form=`.
 */
export function KindAndTitleFields({
  fields,
  onTitleInput,
}: {
  fields: Fields;
  onTitleInput?: (title: string) => void;
}) {
  const { t } = useTranslation("items");
  const kindProps = getInputProps(fields.kind, { type: "radio", value: false });
  return (
    <>
      <fieldset>
        <legend className="text-sm font-medium text-slate-800">{t("form.kind")}</legend>
        <div className="mt-1 grid grid-cols-2 gap-2">
          {itemKind.enumValues.map((kind) => (
            <label
              key={kind}
              className="flex cursor-pointer flex-col rounded-lg border-2 border-slate-300 bg-white p-3 has-[:checked]:border-brand-600 has-[:checked]:bg-brand-50"
            >
              <span className="flex items-center gap-2 font-semibold">
                <input
                  type="radio"
                  name={kindProps.name}
                  form={kindProps.form}
                  value={kind}
                  defaultChecked={fields.kind.initialValue === kind}
                  className="h-5 w-5"
                />
                {t(`kind.${kind}`)}
              </span>
              <span className="text-sm text-slate-700">{t(`kindHint.${kind}`)}</span>
            </label>
          ))}
        </div>
        <ErrorList errors={fields.kind.errors} />
      </fieldset>
      <Field
        label={t("form.title")}
        hint={t("form.titleHint")}
        errors={fields.title.errors}
        inputProps={{
          ...getInputProps(fields.title, { type: "text" }),
          maxLength: 140,
          autoComplete: "off",
          onInput: onTitleInput ? (event) => onTitleInput(event.currentTarget.value) : undefined,
        }}
      />
    </>
  );
}

/** Everything else, all optional: root cause, details, channel, team, tags. */
export function ItemDetailFields({ fields, teams }: { fields: Fields; teams: Array<{ id: string; name: string }> }) {
  const { t } = useTranslation("items");
  return (
    <>
      <SelectField
        label={t("form.area")}
        hint={t("form.areaHint")}
        errors={fields.area.errors}
        selectProps={getSelectProps(fields.area)}
        options={[
          { value: "", label: t("form.areaNone") },
          ...itemArea.enumValues.map((value) => ({ value, label: t(`area.${value}`) })),
        ]}
      />
      <div>
        <label htmlFor={fields.body.id} className="block text-sm font-medium text-slate-800">
          {t("form.body")}
        </label>
        <textarea
          {...getTextareaProps(fields.body, { ariaDescribedBy: `${fields.body.id}-hint` })}
          rows={5}
          maxLength={5000}
          className="mt-1 block w-full rounded-md border-0 px-3 py-2 text-base ring-1 ring-inset ring-slate-400 focus:ring-2 focus:ring-brand-600 sm:text-sm"
        />
        <p id={`${fields.body.id}-hint`} className="mt-1 text-sm text-slate-600">
          {t("form.bodyHint")}
        </p>
        <ErrorList id={fields.body.errorId} errors={fields.body.errors} />
      </div>
      <div className="grid gap-4 sm:grid-cols-2">
        <SelectField
          label={t("form.channel")}
          errors={fields.channel.errors}
          selectProps={getSelectProps(fields.channel)}
          options={[
            { value: "", label: t("form.noChannel") },
            ...channel.enumValues.map((value) => ({ value, label: t(`channel.${value}`) })),
          ]}
        />
        <SelectField
          label={t("form.team")}
          errors={fields.teamId.errors}
          selectProps={getSelectProps(fields.teamId)}
          options={[{ value: "", label: "—" }, ...teams.map((team) => ({ value: team.id, label: team.name }))]}
        />
      </div>
      <Field
        label={t("form.tags")}
        hint={t("form.tagsHint")}
        errors={fields.tags.errors}
        inputProps={getInputProps(fields.tags, { type: "text" })}
      />
    </>
  );
}
