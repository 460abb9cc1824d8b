-- Sessions are stored under the SHA-256 (hex) of the cookie's value, no longer the value
-- itself. Existing sessions are rekeyed, so nobody is signed out by the upgrade.
UPDATE "sessions" SET "id" = encode(sha256(convert_to("id", 'UTF8')), 'hex');
