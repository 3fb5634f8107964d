// The administration console in a real browser (headless Debian chromium via playwright-core),
// against a running `hotline serve` that serves the built app. Driven by
// tests/integration/test_web_console.py, which then checks the telephony the console set up.
//
// What it does, as issue 6's acceptance test asks:
//   1. a browser in zh-CN opens /console, lands on the login page, signs in as the demo admin and
//      sees Chinese menu labels; the header's switch turns them English, which survives a reload;
//   2. creates extension EXT with a known SIP password, a user with role agent on it, a queue with
//      that agent as member and a service-level threshold of 30 s, and a number targeting the
//      queue — the number's form first gets an unknown queue and must show the server's field
//      error under "target";
//   3. signs out, signs in as the new agent, lands on the agent desktop (/desk) and, following its
//      link to the console, sees none of the admin menus.
// Screenshots go to ARTIFACTS. Exit 0 when every check held; else 1, with a screenshot.
//
// Environment: HOTLINE_URL (http://127.0.0.1:PORT), ADMIN_USER, ADMIN_PASSWORD, EXT, SIP_PASSWORD,
// AGENT_USER, AGENT_PASSWORD, QUEUE, NUMBER, ARTIFACTS, CHROMIUM (default /usr/bin/chromium).
import { check, env, launchChromium, runAndExit, screenshots, TIMEOUT_MS } from './support.mjs';

const base = env('HOTLINE_URL');
const admin = { username: env('ADMIN_USER'), password: env('ADMIN_PASSWORD') };
const ext = env('EXT', '1010');
const sipPassword = env('SIP_PASSWORD');
const agent = { username: env('AGENT_USER'), password: env('AGENT_PASSWORD') };
const queueName = env('QUEUE', 'support');
const number = env('NUMBER', '4100');
const shot = screenshots();
let step = 'start';

async function menuLabels(page) {
  const menu = page.getByTestId('side-menu');
  await menu.waitFor();
  return (await menu.locator('.ant-menu-title-content').allInnerTexts()).map((s) => s.trim());
}

async function login(page, user) {
  await page.locator('#login_username').fill(user.username);
  await page.locator('#login_password').fill(user.password);
  await page.getByTestId('login-submit').click();
  await page.getByTestId('side-menu').waitFor();
}

// The open modal's form: fill an input by its Form.Item id (FORM_FIELD).
async function fill(page, id, value) {
  const input = page.locator(`#${id}`);
  await input.fill('');
  await input.fill(value);
}

// An antd Select with search: open it, type, take the first match with Enter.
async function choose(page, id, text) {
  await page.locator(`.ant-select:has(#${id}) .ant-select-selector`).click();
  const input = page.locator(`#${id}`);
  await input.fill(text);
  const option = page.locator('.ant-select-dropdown:not(.ant-select-dropdown-hidden) .ant-select-item-option').first();
  await option.waitFor();
  await input.press('Enter');
}

async function closeDropdowns(page) {
  await page.locator('.ant-modal-title').first().click();
}

async function save(page) {
  await page.locator('.ant-modal-wrap:not([style*="display: none"])').getByTestId('save').click();
}

async function waitModalClosed(page) {
  await page.locator('.ant-modal-wrap:not([style*="display: none"]) .ant-modal').first().waitFor({ state: 'hidden' });
}

async function fieldError(page, id) {
  const error = page.locator(`.ant-form-item:has(#${id}) .ant-form-item-explain-error`).first();
  await error.waitFor({ timeout: TIMEOUT_MS });
  return (await error.innerText()).trim();
}

async function openPage(page, path, heading) {
  await page.goto(`${base}/console/${path}`);
  await page.locator('.ant-card-head-title', { hasText: heading }).first().waitFor();
}

async function tableHasRow(page, text) {
  await page.locator('.ant-table-row', { hasText: text }).first().waitFor({ timeout: TIMEOUT_MS });
}

async function run(page) {
  step = 'login page in Chinese';
  await page.goto(`${base}/console`);
  await page.waitForURL(/\/login\?next=/);
  await page.getByTestId('login-card').waitFor();
  check((await page.getByTestId('login-submit').innerText()).replace(/\s/g, '') === '登录', 'the login button is not 登录');
  await shot(page, '01-login-zh');

  step = 'admin signs in: Chinese menu';
  await login(page, admin);
  await page.waitForURL(/\/console$/);
  let labels = await menuLabels(page);
  for (const label of ['概览', '用户', '角色', '分机', '队列', '号码', '中继', '审计日志']) {
    check(labels.includes(label), `the zh-CN menu lacks ${label}: ${labels.join(', ')}`);
  }
  check(!labels.includes('Users'), 'the zh-CN menu shows English labels');
  await shot(page, '02-console-zh');
  await page.getByTestId('side-menu').getByText('分机', { exact: true }).click();
  await page.locator('.ant-card-head-title', { hasText: '分机' }).waitFor();
  await tableHasRow(page, '1001');
  await shot(page, '02b-extensions-zh');

  step = 'switch to English, kept across a reload';
  await page.getByTestId('language-switch').getByText('English').click();
  await page.getByTestId('side-menu').getByText('Users', { exact: true }).waitFor();
  labels = await menuLabels(page);
  for (const label of ['Overview', 'Users', 'Roles', 'Extensions', 'Queues', 'Numbers', 'Trunks', 'Audit log']) {
    check(labels.includes(label), `the en menu lacks ${label}: ${labels.join(', ')}`);
  }
  check(!labels.includes('用户'), 'the en menu still shows Chinese labels');
  await page.reload();
  await page.getByTestId('side-menu').getByText('Users', { exact: true }).waitFor();
  check((await page.evaluate(() => localStorage.getItem('hotline.language'))) === 'en', 'the language was not remembered');
  await shot(page, '03-console-en');

  step = `extension ${ext}`;
  await openPage(page, 'extensions', 'Extensions');
  await page.getByTestId('create-extension').click();
  await fill(page, 'extension-form_extension', ext);
  await fill(page, 'extension-form_display_name', `Agent ${ext}`);
  await fill(page, 'extension-form_password', sipPassword);
  await save(page);
  const shown = page.getByTestId('sip-password');
  await shown.waitFor();
  check((await shown.innerText()).includes(sipPassword), 'the SIP password is not shown once after creating');
  await shot(page, '04-extension-password');
  await page.locator('.ant-modal-confirm-btns button').click();
  await tableHasRow(page, `Agent ${ext}`);

  step = `user ${agent.username}, role agent, extension ${ext}`;
  await openPage(page, 'users', 'Users');
  await page.getByTestId('create-user').click();
  await fill(page, 'user-form_username', agent.username);
  await fill(page, 'user-form_display_name', `Agent ${ext}`);
  await choose(page, 'user-form_role', 'agent');
  await choose(page, 'user-form_extension', ext);
  await fill(page, 'user-form_password', agent.password);
  await closeDropdowns(page);
  await save(page);
  await waitModalClosed(page);
  await tableHasRow(page, agent.username);

  step = `queue ${queueName} with ${ext} as member`;
  await openPage(page, 'queues', 'Queues');
  await page.getByTestId('create-queue').click();
  await fill(page, 'queue-form_name', queueName);
  await choose(page, 'queue-form_members', ext);
  await closeDropdowns(page);
  await fill(page, 'queue-form_wrap_up_ms', '1');
  await fill(page, 'queue-form_service_level_s', '30');
  await save(page);
  await waitModalClosed(page);
  await tableHasRow(page, queueName);
  await shot(page, '05-queues');

  step = `number ${number}: a bad target shows the server's field error, then the queue`;
  await openPage(page, 'numbers', 'Numbers');
  await page.getByTestId('create-number').click();
  await fill(page, 'number-form_pattern', number);
  await fill(page, 'number-form_target', 'no-such-queue');
  await closeDropdowns(page);
  await save(page);
  const error = await fieldError(page, 'number-form_target');
  check(error.includes('no-such-queue') || error.toLowerCase().includes('queue'), `unexpected field error: ${error}`);
  await shot(page, '06-number-field-error');
  await fill(page, 'number-form_target', queueName);
  await closeDropdowns(page);
  await save(page);
  await waitModalClosed(page);
  await tableHasRow(page, number);

  step = 'admin signs out';
  await page.getByTestId('user-menu').click();
  await page.locator('.ant-dropdown-menu-item', { hasText: 'Sign out' }).click();
  await page.waitForURL(/\/login/);

  step = `agent ${agent.username} signs in: lands on the agent desktop, no admin menus in the console`;
  await page.locator('#login_username').fill(agent.username);
  await page.locator('#login_password').fill(agent.password);
  await page.getByTestId('login-submit').click();
  await page.waitForURL(/\/desk$/);
  await page.getByTestId('desk-toolbar').waitFor();
  await shot(page, '07a-agent-desk');
  await page.getByTestId('link-console').click();
  await page.waitForURL(/\/console$/);
  labels = await menuLabels(page);
  for (const label of ['Users', 'Roles', 'Extensions', 'Queues', 'Numbers', 'Trunks', 'Outbound routes', 'Settings', 'Audit log', 'Tenants', 'Backups', 'SIP bans']) {
    check(!labels.includes(label), `the agent sees ${label}: ${labels.join(', ')}`);
  }
  check(labels.includes('Overview'), `the agent's menu lacks Overview: ${labels.join(', ')}`);
  await shot(page, '07-agent-console');
  await page.goto(`${base}/console/users`);
  await page.waitForURL(/\/console$/);
}

const browser = await launchChromium(['--lang=zh-CN']);
const context = await browser.newContext({ locale: 'zh-CN', viewport: { width: 1440, height: 900 } });
const page = await context.newPage();
page.setDefaultTimeout(TIMEOUT_MS);
page.on('pageerror', (error) => console.log(`page error: ${error.message}`));
await runAndExit('console e2e', () => run(page), { step: () => step, pages: () => [page], browsers: () => [browser], shot });
