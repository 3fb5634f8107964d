// A tour of the console pages console.mjs does not drive, in headless chromium against a running
// `hotline serve` with the demo tenant: every page the demo admin and the platform operator see
// opens without a script error, and the main action of each works end to end — a prompt spoken by
// TTS and one uploaded, both playable; music uploaded and removed; a blacklisted number; a holiday;
// settings with toll prefixes (a bad one named under its field); a custom role; an API token shown
// once; the audit log searched and a change's before/after shown; the change-password form naming
// a wrong current password; a tenant created with seats; a backup made and downloaded; the SIP bans
// page; the lock-out message after too many wrong passwords.
//
// Environment: HOTLINE_URL, ADMIN_USER, ADMIN_PASSWORD, OPERATOR_USER, OPERATOR_PASSWORD, ARTIFACTS,
// CHROMIUM (default /usr/bin/chromium). Exit 0 when every check held.
import { check, env, launchChromium, runAndExit, screenshots, TIMEOUT_MS } from './support.mjs';

const base = env('HOTLINE_URL');
const admin = { username: env('ADMIN_USER'), password: env('ADMIN_PASSWORD') };
const operator = { username: env('OPERATOR_USER'), password: env('OPERATOR_PASSWORD') };
const shot = screenshots('tour-');
let stepName = 'start';
let stepStarted = Date.now();
const timings = [];
// The current step; setting it records how long the previous one took.
const setStep = (name) => {
  timings.push(`${stepName} ${((Date.now() - stepStarted) / 1000).toFixed(1)} s`);
  stepName = name;
  stepStarted = Date.now();
};
const pageErrors = [];

// A second of 8 kHz 16-bit mono silence with a 440 Hz tone: a WAV the server accepts.
function wav() {
  const samples = 8000;
  const buffer = Buffer.alloc(44 + samples * 2);
  buffer.write('RIFF', 0);
  buffer.writeUInt32LE(36 + samples * 2, 4);
  buffer.write('WAVEfmt ', 8);
  buffer.writeUInt32LE(16, 16);
  buffer.writeUInt16LE(1, 20);
  buffer.writeUInt16LE(1, 22);
  buffer.writeUInt32LE(8000, 24);
  buffer.writeUInt32LE(16000, 28);
  buffer.writeUInt16LE(2, 32);
  buffer.writeUInt16LE(16, 34);
  buffer.write('data', 36);
  buffer.writeUInt32LE(samples * 2, 40);
  for (let i = 0; i < samples; i++) buffer.writeInt16LE(Math.round(8000 * Math.sin((2 * Math.PI * 440 * i) / 8000)), 44 + i * 2);
  return { name: 'tone.wav', mimeType: 'audio/wav', buffer };
}

async function login(page, user) {
  await page.goto(`${base}/login`);
  await page.locator('#login_username').fill(user.username);
  await page.locator('#login_password').fill(user.password);
  await page.getByTestId('login-submit').click();
  await page.getByTestId('side-menu').waitFor();
}

async function logout(page) {
  await page.getByTestId('user-menu').click();
  await page.locator('.ant-dropdown-menu-item').last().click();
  await page.waitForURL(/\/login/);
}

const openModal = (page) => page.locator('.ant-modal-wrap:not([style*="display: none"])');

async function save(page) {
  await openModal(page).getByTestId('save').click();
}

async function modalClosed(page) {
  await openModal(page).locator('.ant-modal').first().waitFor({ state: 'hidden' });
}

async function row(page, text) {
  const found = page.locator('.ant-table-row', { hasText: text }).first();
  await found.waitFor({ timeout: TIMEOUT_MS });
  return found;
}

async function fieldError(page, id) {
  const error = page.locator(`.ant-form-item:has(#${id}) .ant-form-item-explain-error`).first();
  await error.waitFor();
  return (await error.innerText()).trim();
}

async function visitEveryMenuPage(page, who) {
  const links = await page.getByTestId('side-menu').locator('.ant-menu-item').count();
  for (let i = 0; i < links; i++) {
    const item = page.getByTestId('side-menu').locator('.ant-menu-item').nth(i);
    const label = (await item.innerText()).trim();
    setStep(`${who}: open ${label}`);
    await item.click();
    await page.locator('.ant-card').first().waitFor();
    await page.locator('.ant-spin-spinning').first().waitFor({ state: 'detached' }).catch(() => {});
    check(pageErrors.length === 0, `script errors on ${label}: ${pageErrors.join('; ')}`);
  }
}

async function adminTour(page) {
  setStep('admin signs in');
  await login(page, admin);
  await visitEveryMenuPage(page, 'admin');

  setStep('prompt by text-to-speech');
  await page.goto(`${base}/console/prompts`);
  await page.getByTestId('tts-prompt').click();
  await page.locator('#prompt-form_name').fill('hello.wav');
  await page.locator('#prompt-form_text').fill('您好，欢迎致电。');
  await save(page);
  await modalClosed(page);
  const spoken = await row(page, 'hello.wav');
  const src = await spoken.getByTestId('prompt-audio').getAttribute('src');
  check(src, 'no <audio> for the TTS prompt');
  const audio = await page.request.get(`${base}${src}`);
  check(audio.status() === 200 && audio.headers()['content-type'].startsWith('audio/wav'), `GET ${src}: ${audio.status()}`);

  setStep('prompt uploaded');
  await page.getByTestId('upload-prompt').click();
  await openModal(page).locator('input[type=file]').setInputFiles(wav());
  await page.locator('#prompt-form_name').fill('tone.wav');
  await save(page);
  await modalClosed(page);
  await row(page, 'tone.wav');
  await shot(page, 'prompts');

  setStep('music on hold uploaded and removed');
  await page.goto(`${base}/console/moh`);
  await page.getByTestId('upload-music').click();
  await page.locator('#moh-form_class').fill('jazz');
  await openModal(page).locator('input[type=file]').setInputFiles(wav());
  await save(page);
  await modalClosed(page);
  await row(page, 'jazz');
  const track = await row(page, 'tone.wav');
  await track.getByRole('button', { name: 'Delete' }).click();
  await page.locator('.ant-popover:not(.ant-popover-hidden)').getByTestId('confirm-delete').click();
  await page.locator('.ant-table-row', { hasText: 'tone.wav' }).waitFor({ state: 'detached' });

  setStep('blacklist');
  await page.goto(`${base}/console/caller-lists`);
  await page.getByTestId('create-caller-list').click();
  await page.locator('#caller-list-form_number').fill('01099990000');
  await page.locator('#caller-list-form_note').fill('spam');
  await save(page);
  await modalClosed(page);
  const listed = await row(page, '01099990000');
  await listed.getByTestId('delete').click();
  await page.locator('.ant-popover:not(.ant-popover-hidden)').getByTestId('confirm-delete').click();
  await page.locator('.ant-table-row', { hasText: '01099990000' }).waitFor({ state: 'detached' });

  setStep('holiday');
  await page.goto(`${base}/console/holidays`);
  await page.getByTestId('create-holiday').click();
  await page.locator('#holiday-form_date').fill('2026-10-01');
  await page.locator('#holiday-form_date').press('Enter');
  await page.locator('#holiday-form_name').fill('国庆节');
  await save(page);
  await modalClosed(page);
  await row(page, '2026-10-01');

  setStep('settings: toll prefixes');
  await page.goto(`${base}/console/settings`);
  await page.locator('#settings-form_international_prefixes').fill('00,abc');
  await page.getByTestId('save-settings').click();
  const prefixError = await fieldError(page, 'settings-form_international_prefixes');
  check(prefixError.includes('digits'), `unexpected prefix error: ${prefixError}`);
  await page.locator('#settings-form_international_prefixes').fill('00,+');
  await page.locator('#settings-form_premium_prefixes').fill('1900,168');
  await page.getByTestId('save-settings').click();
  await page.locator('.ant-message-success').waitFor();
  const settings = await (await page.request.get(`${base}/api/v1/settings`)).json();
  check(settings.premium_prefixes === '1900,168', `premium prefixes not saved: ${JSON.stringify(settings)}`);

  setStep('custom role');
  await page.goto(`${base}/console/roles`);
  await page.getByTestId('create-role').click();
  await page.locator('#role-form_name').fill('night_shift');
  await openModal(page).locator('label', { hasText: 'calls.read' }).first().click();
  await save(page);
  await modalClosed(page);
  await row(page, 'night_shift');
  await shot(page, 'roles');

  setStep('API token shown once');
  await page.goto(`${base}/console/tokens`);
  await page.getByTestId('create-token').click();
  await page.locator('#token-form_name').fill('crm');
  await openModal(page).locator('label', { hasText: 'calls.read' }).first().click();
  await save(page);
  const secret = (await page.getByTestId('token-secret').innerText()).trim();
  check(/^hlt_[0-9a-f]{64}$/.test(secret), `not a token: ${secret}`);
  await page.locator('.ant-modal-confirm-btns button').click();
  await row(page, 'crm');

  setStep('audit log: a change with before and after');
  await page.goto(`${base}/console/audit`);
  await page.locator('#audit-filters_object_type').fill('settings');
  await page.getByTestId('audit-search').click();
  const change = await row(page, 'PUT /api/v1/settings');
  await change.locator('.ant-table-row-expand-icon').click();
  const diff = page.getByTestId('audit-diff').first();
  await diff.waitFor();
  check((await diff.innerText()).includes('premium_prefixes'), 'the settings change shows no premium_prefixes');
  await shot(page, 'audit');

  setStep('change password: a wrong current one is named');
  await page.getByTestId('user-menu').click();
  await page.locator('.ant-dropdown-menu-item').first().click();
  await page.locator('#password-form_current_password').fill('not-the-password');
  await page.locator('#password-form_new_password').fill('a-new-password-1');
  await page.locator('#password-form_confirm').fill('a-new-password-1');
  await openModal(page).getByTestId('save-password').click();
  await fieldError(page, 'password-form_current_password');
  await openModal(page).locator('.ant-modal-close').click();
  await logout(page);
}

async function operatorTour(page) {
  setStep('operator signs in');
  await login(page, operator);
  await visitEveryMenuPage(page, 'operator');

  setStep('tenant with seats');
  await page.goto(`${base}/console/tenants`);
  await page.getByTestId('create-tenant').click();
  await page.locator('#tenant-form_name').fill('acme');
  await page.locator('#tenant-form_sip_realm').fill('acme.example.com');
  await page.locator('#tenant-form_seats').fill('5');
  await page.locator('#tenant-form_admin_username').fill('acme-admin');
  await page.locator('#tenant-form_admin_password').fill('acme-admin-pw');
  await save(page);
  await modalClosed(page);
  const tenant = await row(page, 'acme.example.com');
  await tenant.getByTestId('edit').click();
  await page.locator('#tenant-form_seats').fill('7');
  await save(page);
  await modalClosed(page);
  await page.locator('.ant-table-row', { hasText: 'acme.example.com' }).filter({ hasText: '7' }).waitFor();

  setStep('backup made and downloaded');
  await page.goto(`${base}/console/backups`);
  await page.getByTestId('create-backup').click();
  const backup = await row(page, 'hotline-');
  const href = await backup.locator('a').first().getAttribute('href');
  const file = await page.request.get(`${base}${href}`);
  check(file.status() === 200 && (await file.body()).subarray(0, 15).toString() === 'SQLite format 3', `GET ${href}: ${file.status()}`);
  await shot(page, 'backups');

  setStep('SIP bans');
  await page.goto(`${base}/console/sip-bans`);
  await page.locator('.ant-empty-description, .ant-table-placeholder').first().waitFor();
  await logout(page);
}

async function lockOut(page) {
  setStep('lock-out message');
  await page.goto(`${base}/login`);
  for (let i = 0; i < 8; i++) {
    await page.locator('#login_username').fill('ghost');
    await page.locator('#login_password').fill(`wrong-${i}`);
    await page.getByTestId('login-submit').click();
    const error = page.getByTestId('login-error');
    await error.waitFor();
    await page.waitForFunction(() => !document.querySelector('[data-testid=login-submit].ant-btn-loading'));
    const text = await error.innerText();
    if (/locked|锁定/.test(text)) {
      check(/\d+ s|\d+ 秒/.test(text), `the lock-out message has no wait: ${text}`);
      await shot(page, 'locked');
      return;
    }
  }
  throw new Error('eight wrong passwords did not lock the account');
}

const browser = await launchChromium();
const context = await browser.newContext({ locale: 'en-US', viewport: { width: 1440, height: 900 } });
const page = await context.newPage();
page.setDefaultTimeout(TIMEOUT_MS);
page.on('pageerror', (error) => pageErrors.push(error.message));
const steps = async () => {
  await adminTour(page);
  await operatorTour(page);
  await lockOut(page);
  setStep('end');
  console.log(`steps: ${timings.join(', ')}`);
};
await runAndExit('console tour', steps, { step: () => stepName, pages: () => [page], browsers: () => [browser], shot });
