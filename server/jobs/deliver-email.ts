import nodemailer from 'nodemailer';

/** One e-mail as the worker sends it. */
export interface OutgoingEmail {
  to: string;
  subject: string;
  text: string;
  /** Derived from the outbox row, so a message sent twice (a lease that ran out mid-send) is recognisably the same. */
  messageId: string;
}

/** Sends e-mail; `close` ends its connections. */
export interface Mailer {
  send(message: OutgoingEmail): Promise<void>;
  close(): void;
}

/**
 * An SMTP mailer from a connection URL (`smtp://user:pass@host:587`, `smtps://…:465`), with a small
 * pool of connections and timeouts well inside a worker's lease on its rows.
 */
export function createSmtpMailer(smtpUrl: string, from: string): Mailer {
  const transport = nodemailer.createTransport({
    url: smtpUrl,
    pool: true,
    maxConnections: 4,
    connectionTimeout: 10_000,
    greetingTimeout: 10_000,
    socketTimeout: 30_000,
  });
  return {
    async send(message) {
      await transport.sendMail({ from, to: message.to, subject: message.subject, text: message.text, messageId: message.messageId });
    },
    close() {
      transport.close();
    },
  };
}

/** Whether sending failed for good: the server refused the message (5xx), so the same message would be refused again. */
export function isPermanentMailError(error: unknown): boolean {
  return typeof error === 'object' && error !== null && (error as { permanent?: unknown }).permanent === true;
}
