export interface ReceivedMail {
  readonly to: string;
  readonly raw: string;
}

export interface SmtpSink {
  readonly port: number;
  readonly mails: ReceivedMail[];
  /** The message after the first `count` (waits for it, up to `timeoutMs`, default 10 s). */
  nth(count: number, timeoutMs?: number): Promise<ReceivedMail>;
  close(): Promise<void>;
}

/** A loopback SMTP server keeping every message it receives. */
export declare function startSmtp(): Promise<SmtpSink>;

/** Undoes quoted-printable soft breaks and `=3D`, enough to read a URI or a code out of a mail. */
export declare function plain(raw: string): string;
