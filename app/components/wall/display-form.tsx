import {
  type SubmissionResult,
  getCollectionProps,
  getFormProps,
  getInputProps,
  getSelectProps,
  useForm,
} from "@conform-to/react";
import { parseWithZod } from "@conform-to/zod/v4";
import { Form, useNavigation } from "@remix-run/react";
import { useTranslation } from "react-i18next";
import { Button } from "#app/components/ui/button";
import { ErrorList, Field, FormAlert, SelectField } from "#app/components/ui/field";
import { CreateDisplaySchema, UpdateDisplaySchema, wallPanels } from "#app/schemas/displays";

type Defaults = {
  name: string;
  location: string;
  locale: string;
  panels: string[];
  teamIds: string[];
  tags: string;
  rotationSeconds: string;
};

export const newDisplayDefaults: Defaults = {
  name: "",
  location: "",
  locale: "it",
  panels: [...wallPanels],
  teamIds: [],
  tags: "",
  rotationSeconds: "20",
};

/** The create and edit form of a wall display; works without JavaScript. */
export function DisplayForm({
  intent,
  displayId,
  defaults,
  teams,
  lastResult,
}: {
  intent: "create" | "update";
  displayId?: string;
  defaults: Defaults;
  teams: Array<{ id: string; name: string }>;
  lastResult?: SubmissionResult<string[]>;
}) {
  const { t } = useTranslation("displays");
  const navigation = useNavigation();
  const schema = intent === "create" ? CreateDisplaySchema : UpdateDisplaySchema;
  const [form, fields] = useForm({
    id: `display-${intent}`,
    lastResult,
    shouldValidate: "onSubmit",
    shouldRevalidate: "onInput",
    defaultValue: defaults,
    onValidate: ({ formData }) => parseWithZod(formData, { schema }),
  });
  const panelOptions = getCollectionProps(fields.panels, { type: "checkbox", options: [...wallPanels] });
  const teamOptions = getCollectionProps(fields.teamIds, { type: "checkbox", options: teams.map((team) => team.id) });
  const teamName = new Map(teams.map((team) => [team.id, team.name]));

  return (
    <Form method="post" className="space-y-4" {...getFormProps(form)}>
      <input type="hidden" name="intent" value={intent} />
      {displayId ? <input type="hidden" name="displayId" value={displayId} /> : null}
      <FormAlert id={form.errorId} errors={form.errors} />
      <Field
        label={t("form.name")}
        hint={t("form.nameHint")}
        errors={fields.name.errors}
        inputProps={getInputProps(fields.name, { type: "text" })}
      />
      <Field
        label={t("form.location")}
        hint={t("form.locationHint")}
        errors={fields.location.errors}
        inputProps={getInputProps(fields.location, { type: "text" })}
      />
      <SelectField
        label={t("form.locale")}
        errors={fields.locale.errors}
        selectProps={getSelectProps(fields.locale)}
        options={[
          { value: "it", label: "Italiano" },
          { value: "en", label: "English" },
        ]}
      />
      <fieldset>
        <legend className="text-sm font-medium text-slate-800">{t("form.panels")}</legend>
        <ul className="mt-2 space-y-2">
          {panelOptions.map(({ key: _key, ...props }) => (
            <li key={props.value} className="flex items-center gap-2">
              <input {...props} className="size-4 rounded border-slate-400" />
              <label htmlFor={props.id} className="text-sm text-slate-900">
                {t(`panels.${props.value}`)}
              </label>
            </li>
          ))}
        </ul>
        <ErrorList id={fields.panels.errorId} errors={fields.panels.errors} />
      </fieldset>
      {teams.length > 0 ? (
        <fieldset>
          <legend className="text-sm font-medium text-slate-800">{t("form.teams")}</legend>
          <p className="text-sm text-slate-600">{t("form.teamsHint")}</p>
          <ul className="mt-2 grid grid-cols-2 gap-2">
            {teamOptions.map(({ key: _key, ...props }) => (
              <li key={props.value} className="flex items-center gap-2">
                <input {...props} className="size-4 rounded border-slate-400" />
                <label htmlFor={props.id} className="text-sm text-slate-900">
                  {teamName.get(String(props.value)) ?? props.value}
                </label>
              </li>
            ))}
          </ul>
          <ErrorList id={fields.teamIds.errorId} errors={fields.teamIds.errors} />
        </fieldset>
      ) : null}
      <Field
        label={t("form.tags")}
        hint={t("form.tagsHint")}
        errors={fields.tags.errors}
        inputProps={getInputProps(fields.tags, { type: "text" })}
      />
      <Field
        label={t("form.rotation")}
        hint={t("form.rotationHint")}
        errors={fields.rotationSeconds.errors}
        inputProps={{ ...getInputProps(fields.rotationSeconds, { type: "number" }), min: 5, max: 600 }}
      />
      <Button disabled={navigation.state === "submitting"}>
        {intent === "create" ? t("form.create") : t("form.save")}
      </Button>
    </Form>
  );
}
