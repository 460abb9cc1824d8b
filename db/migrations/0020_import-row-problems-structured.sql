-- Row problems become a jsonb list instead of a "field=key;field=key" string:
-- "subject=tickets:rowErrors.nul;status=tickets:rowErrors.status" →
-- [{"field":"subject","message":"tickets:rowErrors.nul"},{"field":"status","message":"tickets:rowErrors.status"}].
-- Parts split on ";" (empty ones skipped), field and key on the first "="; a part without "=" is a
-- problem of the whole row (field ""). A subquery is not allowed in ALTER … USING, hence add, fill, drop.
ALTER TABLE "ticket_import_errors" ADD COLUMN "problems" jsonb;--> statement-breakpoint
UPDATE "ticket_import_errors" SET "problems" = (
  SELECT coalesce(
    jsonb_agg(
      CASE
        WHEN strpos(part, '=') = 0 THEN jsonb_build_object('field', '', 'message', part)
        ELSE jsonb_build_object(
          'field', substr(part, 1, strpos(part, '=') - 1),
          'message', substr(part, strpos(part, '=') + 1)
        )
      END
      ORDER BY ord
    ),
    '[]'::jsonb
  )
  FROM unnest(string_to_array("message", ';')) WITH ORDINALITY AS parts(part, ord)
  WHERE part <> ''
);--> statement-breakpoint
ALTER TABLE "ticket_import_errors" ALTER COLUMN "problems" SET NOT NULL;--> statement-breakpoint
ALTER TABLE "ticket_import_errors" DROP COLUMN "message";
