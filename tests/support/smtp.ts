import type { AddressInfo } from "node:net";
import { simpleParser, type ParsedMail } from "mailparser";
import { SMTPServer } from "smtp-server";

export type ReceivedMail = ParsedMail & { envelopeTo: string[] };

export type TestSmtpServer = {
  /** smtp://127.0.0.1:PORT of the running server. */
  url: string;
  messages: ReceivedMail[];
  /** Addresses refused for good at RCPT TO (550), like a mailbox that does not exist. */
  refused: Set<string>;
  close: () => Promise<void>;
};

/** A real SMTP server on a random loopback port that keeps every message it accepts. */
export async function startTestSmtpServer(): Promise<TestSmtpServer> {
  const messages: ReceivedMail[] = [];
  const refused = new Set<string>();
  const server = new SMTPServer({
    authOptional: true,
    disabledCommands: ["STARTTLS"],
    logger: false,
    onRcptTo(address, _session, callback) {
      if (!refused.has(address.address)) return callback();
      callback(Object.assign(new Error("No such mailbox"), { responseCode: 550 }));
    },
    onData(stream, session, callback) {
      simpleParser(stream).then(
        (mail) => {
          messages.push(Object.assign(mail, { envelopeTo: session.envelope.rcptTo.map((rcpt) => rcpt.address) }));
          callback();
        },
        (error: Error) => callback(error),
      );
    },
  });
  await new Promise<void>((resolve, reject) => {
    server.once("error", reject);
    server.listen(0, "127.0.0.1", () => resolve());
  });
  const { port } = server.server.address() as AddressInfo;
  return {
    url: `smtp://127.0.0.1:${port}`,
    messages,
    refused,
    close: () => new Promise<void>((resolve) => server.close(() => resolve())),
  };
}

/** Everything a reader could see in a message: headers, subject and both bodies. */
export function visibleText(mail: ParsedMail): string {
  const headers = [...mail.headers.entries()].map(([key, value]) => `${key}: ${JSON.stringify(value)}`).join("\n");
  return [headers, mail.subject ?? "", mail.text ?? "", typeof mail.html === "string" ? mail.html : ""].join("\n");
}
