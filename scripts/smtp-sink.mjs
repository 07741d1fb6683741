// A loopback SMTP server keeping every message it receives: the tests that
// read a mail (password reset, login links, two-factor set-up) share it, the
// server's and the Desk's alike.
import { SMTPServer } from 'smtp-server';

export async function startSmtp() {
  const mails = [];
  const waiters = [];
  const server = new SMTPServer({
    authOptional: true,
    disabledCommands: ['STARTTLS'],
    onData(stream, session, done) {
      const chunks = [];
      stream.on('data', (chunk) => chunks.push(chunk));
      stream.on('end', () => {
        const to = session.envelope.rcptTo.map((rcpt) => rcpt.address).join(',');
        mails.push({ to, raw: Buffer.concat(chunks).toString('utf8') });
        waiters.splice(0).forEach((wake) => wake());
        done();
      });
    },
  });
  await new Promise((resolve) => server.listen(0, '127.0.0.1', resolve));
  const port = server.server.address().port;
  return {
    port,
    mails,
    /** The next message after `count` have arrived (delivery is awaited by the login, so this is quick). */
    async nth(count, timeoutMs = 10_000) {
      const deadline = Date.now() + timeoutMs;
      while (mails.length <= count) {
        if (Date.now() > deadline) throw new Error('no mail arrived');
        await new Promise((resolve) => {
          waiters.push(resolve);
          setTimeout(resolve, 500);
        });
      }
      return mails[count];
    },
    close: () => new Promise((resolve) => server.close(() => resolve())),
  };
}

/** Undoes quoted-printable soft breaks and `=3D`, enough to read a URI or a code out of a mail. */
export const plain = (raw) => raw.replace(/=\r?\n/g, '').replace(/=3D/g, '=');
