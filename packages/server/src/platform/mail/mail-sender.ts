import type { Transporter } from 'nodemailer';
import type { SiteConfig } from '../../core/config/site-config.js';

/** One outgoing message. Attachments with a `cid` can be shown inline by the HTML part. */
export interface OutgoingMail {
  readonly to: string;
  readonly subject: string;
  readonly text: string;
  readonly html?: string;
  readonly attachments?: ReadonlyArray<{
    readonly filename: string;
    readonly content: Buffer;
    readonly cid?: string;
  }>;
}

/** Sends e-mail; the auth feature's codes and setup mails go through it. */
export interface MailSender {
  send(mail: OutgoingMail): Promise<void>;
}

/** Sends text messages (two-factor SMS codes). There is no default: a deployment plugs its gateway in. */
export interface SmsSender {
  send(to: string, message: string): Promise<void>;
}

/**
 * An SMTP sender from Frappe's site-config mail keys (`mail_server`,
 * `mail_port`, `use_ssl`, `use_tls`, `mail_login`, `mail_password`,
 * `auto_email_id`), or null when no `mail_server` is set. nodemailer is
 * imported on first send, so sites that never mail never load it.
 */
export function smtpSenderFromConfig(config: SiteConfig): MailSender | null {
  const host = typeof config['mail_server'] === 'string' ? config['mail_server'] : '';
  if (host === '') return null;
  const secure = config['use_ssl'] === true || config['use_ssl'] === 1;
  const port = Number(config['mail_port']) || (secure ? 465 : 25);
  const login = typeof config['mail_login'] === 'string' ? config['mail_login'] : '';
  const password = typeof config['mail_password'] === 'string' ? config['mail_password'] : '';
  const from =
    typeof config['auto_email_id'] === 'string' && config['auto_email_id'] !== ''
      ? config['auto_email_id']
      : login || `notifications@${host}`;
  let transport: Promise<Transporter> | undefined;
  return {
    async send(mail) {
      transport ??= import('nodemailer').then((nodemailer) =>
        nodemailer.createTransport({
          host,
          port,
          secure,
          requireTLS: config['use_tls'] === true || config['use_tls'] === 1,
          ...(login === '' ? {} : { auth: { user: login, pass: password } }),
        }),
      );
      await (
        await transport
      ).sendMail({
        from,
        to: mail.to,
        subject: mail.subject,
        text: mail.text,
        ...(mail.html === undefined ? {} : { html: mail.html }),
        ...(mail.attachments === undefined ? {} : { attachments: [...mail.attachments] }),
      });
    },
  };
}
