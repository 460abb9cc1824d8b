-- Import failures become typed objects instead of "code:detail" strings:
-- "missing_columns:Subject|Status" → {"code":"missing_columns","columns":["Subject","Status"]},
-- "unclosed_quote:1502" → {"code":"unclosed_quote","line":1502},
-- "unsupported_encoding:utf-16le" → {"code":"unsupported_encoding","encoding":"utf-16le"},
-- "empty_file" and "import_failed" → {"code":…}; anything else → {"code":"import_failed"}.
ALTER TABLE "ticket_imports" ALTER COLUMN "error" SET DATA TYPE jsonb USING (
  CASE
    WHEN "error" IS NULL THEN NULL
    WHEN "error" LIKE 'missing\_columns:%' THEN jsonb_build_object(
      'code', 'missing_columns',
      'columns', to_jsonb(string_to_array(substr("error", length('missing_columns:') + 1), '|'))
    )
    WHEN "error" ~ '^unclosed_quote:[1-9][0-9]{0,8}$' THEN jsonb_build_object(
      'code', 'unclosed_quote',
      'line', substr("error", length('unclosed_quote:') + 1)::integer
    )
    WHEN "error" ~ '^unsupported_encoding:.+$' THEN jsonb_build_object(
      'code', 'unsupported_encoding',
      'encoding', substr("error", length('unsupported_encoding:') + 1)
    )
    WHEN "error" IN ('empty_file', 'import_failed') THEN jsonb_build_object('code', "error")
    ELSE jsonb_build_object('code', 'import_failed')
  END
);
