// How the tests start Debian's Chromium (installed by ensure-test-tools.mjs):
// headless, as root, and with no background traffic, which this kind of
// machine refuses (a browser download is never needed).
export const CHROMIUM = '/usr/bin/chromium';
export const CHROMIUM_ARGS = [
  '--headless',
  '--no-sandbox',
  '--disable-gpu',
  '--disable-quic',
  '--no-first-run',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
];
