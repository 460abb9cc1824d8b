import { describe, expect, it } from "vitest";
import { EnvError, parseEnv } from "#app/utils/env.server";

function message(source: Record<string, string>): string {
  try {
    parseEnv(source);
  } catch (error) {
    if (error instanceof EnvError) return error.message;
    throw error;
  }
  throw new Error("expected parseEnv to throw an EnvError");
}

describe("email settings in the environment", () => {
  it("leaves email off and has a default sender", () => {
    const env = parseEnv({});
    expect(env.SMTP_URL).toBeUndefined();
    expect(env.MAIL_FROM).toBe("Floorboard <floorboard@localhost>");
    expect(parseEnv({ SMTP_URL: "" }).SMTP_URL).toBeUndefined();
  });

  it.each([
    "smtp://mail.example.it:587",
    "smtps://user:p%40ss@mail.example.it:465",
    "smtp://127.0.0.1:2525/?pool=true",
  ])("accepts SMTP_URL=%s", (url) => {
    expect(parseEnv({ SMTP_URL: url }).SMTP_URL).toBe(url);
  });

  it.each(["http://mail.example.it", "mail.example.it:25", "smtp://", "smtp:///nohost"])(
    "refuses SMTP_URL=%s",
    (url) => {
      expect(message({ SMTP_URL: url })).toMatch(/^\s*SMTP_URL: must be an smtp:\/\/ or smtps:\/\/ URL/m);
    },
  );

  it("never prints the SMTP password in the error", () => {
    const text = message({ SMTP_URL: "http://mailer:s3cret-pw@mail.example.it" });
    expect(text).not.toContain("s3cret-pw");
    expect(text).toContain("mailer:***@mail.example.it");
  });

  it("accepts a sender with or without a name, and refuses one without an address", () => {
    expect(parseEnv({ MAIL_FROM: "noreply@example.it" }).MAIL_FROM).toBe("noreply@example.it");
    expect(parseEnv({ MAIL_FROM: "Floorboard Assistenza <noreply@example.it>" }).MAIL_FROM).toBe(
      "Floorboard Assistenza <noreply@example.it>",
    );
    expect(message({ MAIL_FROM: "Floorboard" })).toMatch(/^\s*MAIL_FROM: /m);
  });
});
