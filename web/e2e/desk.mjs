// The agent desktop, the wallboard and the embeddable toolbar in a real browser (headless Debian
// chromium via playwright-core), against a running `hotline serve` with a flow on NUMBER that
// sends key 1 to the queue `support`. Driven by tests/integration/test_agent_desk.py, which runs
// the phones and the caller (sipp) and checks the server's side afterwards.
//
//   1. The agent of AGENT_EXT signs in (zh-CN) and lands on /desk; /wall shows it "no permission".
//   2. The supervisor (en) opens /wall; a recorder notes every state 1001's row shows, live.
//   3. The agent goes not ready (lunch); prints "HOTLINE_STEP agent-away", upon which the python
//      test places a call to the queue that hangs up in line (nobody is ready): the wallboard counts
//      it abandoned today, live. The agent goes ready; prints "HOTLINE_STEP agent-ready", upon
//      which the python test places the call: the caller dials NUMBER and presses 1.
//   4. The pop shows the caller, key 1 and the greeting with the agent's number; the phone answers
//      (after ~3 s); talking; hold and retrieve; a consultation of CONSULT_EXT goes three-way and
//      drops it again; the transfer dialog sends the call to TRANSFER_EXT;
//      the socket dropped mid-call reconnects to the same call; the call ends at the desk
//      (transferred), wrap-up, "ready now"; a message from the wallboard reaches the desk, and
//      the wallboard sets TRANSFER_EXT's state.
//   5. The wallboard saw ready → ringing → talking → wrap-up without a reload, offered listen,
//      whisper, barge, take over and hang-up during the call, and shows support's day: 1 answered
//      (within the 20 s threshold), 1 abandoned (a short abandon, not counted against it), service
//      level 100.0 % in green; the chart of today's calls per queue is drawn.
//   5b. To-dos (CTI-4): "add to-do" on the call's pop, filled with the caller and the call, a quick
//      reminder choice, then a reminder typed a few seconds ahead; the reminder pops, pops again
//      after a reload (the hello's reminders), is snoozed (10 min later), re-armed by an edit, pops
//      and is done from the pop; the done list has it; delete after confirming.
//   6. A host page on another origin embeds the toolbar with hotline-toolbar.js, signs in inside
//      it as EMBED_USER, sends agent.not_ready over postMessage and gets the reply and the
//      agent.state event; a page of a third origin that frames the toolbar is ignored.
// Screenshots go to ARTIFACTS. Exit 0 when every check held; else 1, with screenshots.
//
// Environment: HOTLINE_URL, AGENT_USER, AGENT_PASSWORD, AGENT_EXT, SUPERVISOR_USER,
// SUPERVISOR_PASSWORD, CALLER, TRANSFER_EXT, CONSULT_EXT, EMBED_USER, EMBED_PASSWORD, HOST_URL (the host
// page's origin; it serves /host.html), FOREIGN_URL (another origin; /foreign.html), ARTIFACTS,
// CHROMIUM.
import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { chromium } from 'playwright-core';

const env = (name, fallback) => {
  const value = process.env[name] ?? fallback;
  if (value === undefined) throw new Error(`${name} is not set`);
  return value;
};

const base = env('HOTLINE_URL');
const agent = { username: env('AGENT_USER'), password: env('AGENT_PASSWORD'), ext: env('AGENT_EXT', '1001') };
const supervisor = { username: env('SUPERVISOR_USER'), password: env('SUPERVISOR_PASSWORD') };
const embedUser = { username: env('EMBED_USER'), password: env('EMBED_PASSWORD') };
const caller = env('CALLER');
const transferExt = env('TRANSFER_EXT', '1002');
const consultExt = env('CONSULT_EXT', '1003');
const hostUrl = env('HOST_URL');
const foreignUrl = env('FOREIGN_URL');
const artifacts = env('ARTIFACTS');
mkdirSync(artifacts, { recursive: true });

const TIMEOUT_MS = Number(process.env.E2E_TIMEOUT_MS ?? 20_000);
let step = 'start';

function check(condition, message) {
  if (!condition) throw new Error(message);
}

async function shot(page, name) {
  const path = join(artifacts, `${name}.png`);
  await page.screenshot({ path, fullPage: true });
  console.log(`screenshot ${path}`);
}

async function login(page, user, landing) {
  await page.goto(`${base}/login`);
  await page.locator('#login_username').fill(user.username);
  await page.locator('#login_password').fill(user.password);
  await page.getByTestId('login-submit').click();
  await page.waitForURL(landing);
}

// Waits until the element's data-state is `state` (or one of them).
async function waitState(page, testId, states) {
  const wanted = Array.isArray(states) ? states : [states];
  const selector = `[data-testid="${testId}"]`;
  try {
    await page.waitForFunction(
      ([sel, want]) => want.includes(document.querySelector(sel)?.getAttribute('data-state')),
      [selector, wanted],
      { timeout: TIMEOUT_MS },
    );
  } catch (error) {
    const now = await page.locator(selector).first().getAttribute('data-state').catch(() => 'missing');
    throw new Error(`${testId} did not become ${wanted.join('|')} (it is ${now})`);
  }
}

async function menuItem(page, text) {
  await page.locator('.ant-dropdown:not(.ant-dropdown-hidden) .ant-dropdown-menu-item', { hasText: text }).first().click();
}

// The desktop's CTI socket, through playwright's WebSocket route: frames pass untouched both ways,
// and the test can drop the connection as a network would.
let deskSocket = null;

async function routeDeskSocket(desk) {
  await desk.routeWebSocket(/\/api\/v1\/ws$/, (page) => {
    const server = page.connectToServer();
    deskSocket = { page, server };
  });
}

async function agentSteps(desk) {
  await routeDeskSocket(desk);
  step = 'the agent signs in and lands on the desktop';
  await login(desk, agent, /\/desk$/);
  await desk.locator('[data-testid="cti-status"][data-status="open"]').waitFor();

  step = 'an agent sees no permission on the wallboard';
  await desk.goto(`${base}/wall`);
  await desk.getByTestId('wall-forbidden').waitFor();
  await shot(desk, '02-agent-wall-forbidden');
  await desk.goto(`${base}/desk`);
  await desk.locator('[data-testid="cti-status"][data-status="open"]').waitFor();
  await waitState(desk, 'agent-state', 'ready');
  await waitState(desk, 'call-state', 'idle');
}

async function supervisorSteps(wall) {
  step = 'the supervisor opens the wallboard';
  await login(wall, supervisor, /\/console$/);
  await wall.getByTestId('link-wall').click();
  await wall.waitForURL(/\/wall$/);
  await wall.locator('[data-testid="wallboard"][data-subscribed="true"]').waitFor();
  await waitState(wall, `wall-state-${agent.ext}`, 'ready');
  // Every state (and text) 1001's row shows from now on, and a marker a reload would lose.
  await wall.evaluate((ext) => {
    window.__noReload = true;
    window.__seen = [];
    setInterval(() => {
      const cell = document.querySelector(`[data-testid="wall-state-${ext}"]`);
      const seen = cell ? `${cell.getAttribute('data-state')}:${cell.textContent}` : 'missing';
      if (window.__seen[window.__seen.length - 1] !== seen) window.__seen.push(seen);
    }, 50);
  }, agent.ext);
}

async function callSteps(desk, wall) {
  step = 'the dial pad dials what is typed (call.dial is offered to agents)';
  await shot(desk, '01-desk-idle');
  check((await desk.getByTestId('dial').getAttribute('data-offered')) === 'true', 'call.dial is not offered');
  check(await desk.getByTestId('dial').isDisabled(), 'the dial button is enabled with no number typed');

  step = 'the agent goes not ready (lunch), then ready';
  await desk.getByTestId('agent-not-ready').click();
  await menuItem(desk, '就餐');
  await waitState(desk, 'agent-state', 'not_ready');
  check((await desk.getByTestId('agent-state').innerText()).includes('就餐'), 'the not-ready reason is not shown');
  await waitState(wall, `wall-state-${agent.ext}`, 'not_ready');

  step = 'a caller hangs up in line while nobody is ready: the wallboard counts it abandoned';
  console.log('HOTLINE_STEP agent-away');
  await wall.waitForFunction(() => document.querySelector('[data-testid="wall-abandoned-support"]')?.textContent === '1',
    null, { timeout: 45_000 });
  check((await wall.getByTestId('wall-answered-support').innerText()) === '0', 'support counts an answered call already');
  check((await wall.getByTestId('wall-sl-support').innerText()) === '—', 'a short abandon alone gives a service level');

  await desk.getByTestId('agent-ready').click();
  await waitState(desk, 'agent-state', 'ready');
  console.log('HOTLINE_STEP agent-ready');

  step = 'the pop: caller, IVR key 1, the greeting with the agent number';
  const pop = desk.getByTestId('pop');
  await pop.waitFor({ timeout: 45_000 });
  await desk.locator('[data-testid="pop-caller"]', { hasText: caller }).waitFor();
  check((await desk.getByTestId('pop-keys').innerText()).trim() === '1', 'the pop does not show key 1');
  check((await desk.getByTestId('pop-queue').innerText()).trim() === 'support', 'the pop does not show the queue');
  const greeting = await desk.getByTestId('pop-greeting').innerText();
  check(greeting.includes(`您好，${agent.ext} 号客服代表为您服务`), `the greeting lacks the agent's number: ${greeting}`);
  check((await desk.getByTestId('answer-on-phone').count()) === 1, 'no "answer on your phone" while ringing');
  await shot(desk, '03-desk-pop');

  step = 'the phone answers: talking';
  await waitState(desk, 'call-state', 'talking');
  await waitState(desk, 'agent-state', 'talking');
  await shot(desk, '04-desk-talking');
  await waitState(wall, `wall-state-${agent.ext}`, 'talking');
  for (const action of ['listen', 'whisper', 'barge', 'take_over', 'force_hangup']) {
    check((await wall.getByTestId(`wall-${action}-${agent.ext}`).count()) === 1, `the wallboard offers no ${action}`);
  }
  check(!(await desk.getByTestId('call-consult').isDisabled()), 'the desk does not offer consult');

  step = 'hold and retrieve';
  await desk.getByTestId('call-hold').click();
  await waitState(desk, 'call-state', 'held');
  await shot(desk, '05-desk-held');
  await desk.getByTestId('call-retrieve').click();
  await waitState(desk, 'call-state', 'talking');

  step = `consult ${consultExt}, three-way, then drop ${consultExt}`;
  await desk.getByTestId('call-consult').click();
  await desk.getByTestId(`consult-to-${consultExt}`).click();
  await waitState(desk, 'consult-bar', 'talking');
  check((await desk.getByTestId('call-state').getAttribute('data-state')) === 'held', 'the customer is not held while consulting');
  await shot(desk, '05b-desk-consulting');
  await desk.getByTestId('consult-three-way').click();
  await waitState(desk, 'consult-bar', 'three_way');
  await desk.getByTestId('consult-cancel').click();
  await desk.getByTestId('consult-bar').waitFor({ state: 'detached' });
  await waitState(desk, 'call-state', 'talking');

  step = 'the socket drops mid-call: the desktop reconnects to the same call';
  check(deskSocket !== null, 'the desktop socket was not routed');
  const dropped = deskSocket;
  await dropped.page.close({ code: 1001, reason: 'test drops the connection' });
  await desk.locator('[data-testid="cti-status"][data-status="reconnecting"]').waitFor();
  await desk.locator('[data-testid="cti-status"][data-status="open"]').waitFor();
  check(deskSocket !== dropped, 'the desktop did not open a new socket');
  await waitState(desk, 'call-state', 'talking');
  await desk.locator('[data-testid="pop-caller"]', { hasText: caller }).waitFor();

  step = `transfer to ${transferExt} with the dialog`;
  await desk.getByTestId('call-transfer').click();
  const button = desk.getByTestId(`transfer-to-${transferExt}`);
  await button.waitFor();
  await desk.waitForTimeout(400); // the modal's zoom-in animation
  await shot(desk, '06-desk-transfer-dialog');
  await button.click();
  await desk.getByTestId('transfer-dialog').waitFor({ state: 'hidden' });
  await waitState(desk, 'call-state', 'idle');
  await desk.locator('[data-testid="pop-transferred"]', { hasText: `extension:${transferExt}` }).waitFor();
  await waitState(desk, 'agent-state', ['wrap_up', 'ready']);
  await shot(desk, '07-desk-after-transfer');
  if ((await desk.getByTestId('agent-state').getAttribute('data-state')) === 'wrap_up') {
    await desk.getByTestId('agent-ready-now').click();
    await waitState(desk, 'agent-state', 'ready');
  }

  step = 'the supervisor messages the agent from the wallboard';
  const text = `Please wrap up quickly ${Date.now()}`;
  await wall.getByTestId(`wall-message-${agent.ext}`).click();
  await wall.getByTestId('message-text-input').fill(text);
  await wall.locator('.ant-modal-footer .ant-btn-primary').click();
  await desk.locator('[data-testid="message-text"]', { hasText: text }).waitFor();

  step = `the supervisor sets ${transferExt} ready from the wallboard`;
  await wall.getByTestId(`wall-set-state-${transferExt}`).click();
  await wall.locator('.ant-dropdown:not(.ant-dropdown-hidden) .ant-dropdown-menu-item').filter({ hasText: /^Ready$/ }).click();
  await waitState(wall, `wall-state-${transferExt}`, 'ready');

  step = 'the wallboard followed 1001 live';
  await waitState(wall, `wall-state-${agent.ext}`, 'ready');
  await wall.waitForTimeout(200);
  const seen = await wall.evaluate(() => ({ noReload: window.__noReload === true, seen: window.__seen }));
  check(seen.noReload, 'the wallboard was reloaded');
  const states = seen.seen.map((entry) => entry.split(':')[0]);
  const order = ['not_ready', 'ready', 'ringing', 'talking'];
  let at = 0;
  for (const state of states) if (state === order[at]) at += 1;
  check(at === order.length, `the wallboard did not show ${order.join(' → ')}: ${seen.seen.join(' → ')}`);
  check(states.includes('wrap_up') || states.lastIndexOf('ready') > states.indexOf('talking'), `no state after talking: ${seen.seen.join(' → ')}`);
  console.log(`wallboard saw: ${seen.seen.join(' → ')}`);

  step = "the wallboard shows support's day: answered, abandoned and the service level";
  await wall.waitForFunction(() => document.querySelector('[data-testid="wall-answered-support"]')?.textContent === '1');
  check((await wall.getByTestId('wall-abandoned-support').innerText()) === '1', 'support lost its abandoned call');
  const sl = wall.getByTestId('wall-sl-support');
  const level = await sl.getAttribute('data-level');
  check(level === '1', `support's service level is ${level}, not 1 (answered in ~4 s, threshold 20 s)`);
  check((await sl.innerText()) === '100.0%', `support's service level reads ${await sl.innerText()}`);
  check((await sl.getAttribute('class')).includes('ant-tag-green'), 'a service level of 100 % is not green');
  check((await wall.getByTestId('wall-sl-sales').innerText()) === '—', 'sales has a service level without calls');

  step = "the chart of today's calls per queue is drawn";
  await wall.getByTestId('chart-today').scrollIntoViewIfNeeded();
  await wall.waitForFunction(() => {
    const canvas = document.querySelector('[data-testid="chart-today"] canvas');
    if (!canvas || canvas.width === 0 || canvas.height === 0) return false;
    const pixels = canvas.getContext('2d').getImageData(0, 0, canvas.width, canvas.height).data;
    let drawn = 0;
    for (let i = 3; i < pixels.length; i += 4) if (pixels[i] !== 0) drawn += 1;
    return drawn > 500; // axes, labels, legend and the bars
  });
  await wall.getByTestId('chart-today').screenshot({ path: join(artifacts, '08b-wallboard-chart-today.png') });
  await shot(wall, '08-wallboard');
}

// The signed-in user's to-dos, read over REST from inside the page (its session).
async function todoApi(page, path) {
  return page.evaluate(async (url) => {
    const response = await fetch(url, { headers: { Accept: 'application/json' } });
    return { status: response.status, body: response.status === 204 ? null : await response.json() };
  }, path);
}

// Types a time `aheadMs` from now (the page's clock and time zone), to the second, into a date-time
// field and returns it in Unix ms.
async function typeTimeAhead(page, selector, aheadMs) {
  const { text, at } = await page.evaluate((ahead) => {
    const time = new Date(Date.now() + ahead);
    time.setMilliseconds(0);
    const two = (n) => String(n).padStart(2, '0');
    const date = `${time.getFullYear()}-${two(time.getMonth() + 1)}-${two(time.getDate())}`;
    return { text: `${date} ${two(time.getHours())}:${two(time.getMinutes())}:${two(time.getSeconds())}`, at: time.getTime() };
  }, aheadMs);
  const input = page.locator(selector);
  await input.click();
  await input.fill(text);
  await input.press('Enter');
  return at;
}

async function saveTodoForm(page) {
  await page.getByTestId('todo-save').click();
  await page.getByTestId('todo-form').waitFor({ state: 'hidden' });
}

async function todoSteps(desk) {
  step = 'the pop offers "add to-do", filled with the caller and the call';
  const callId = await desk.getByTestId('pop').getAttribute('data-call-id');
  check(!!callId, 'the pop has no call id');
  await desk.getByTestId('pop-add-todo').click();
  await desk.locator('#todo_title').waitFor();
  const prefilled = await desk.locator('#todo_customer_number').inputValue();
  check(prefilled === caller, `the to-do's customer number is ${prefilled}, not the caller ${caller}`);
  check((await desk.getByTestId('todo-call-id').innerText()).includes(callId), 'the to-do form does not name the call');
  const title = `回电：账单问题 ${Date.now()}`;
  await desk.locator('#todo_title').fill(title);
  await desk.locator('#todo_notes').fill('客户说上月多扣了 30 元，核对后回电');

  step = 'a quick choice fills the reminder; then one typed a few seconds ahead';
  await desk.getByTestId('todo-quick-in1h').click();
  check((await desk.locator('#todo_remind_at').inputValue()) !== '', 'the quick choice "in 1 hour" left the reminder empty');
  const remindAt = await typeTimeAhead(desk, '#todo_remind_at', 6000);
  await desk.waitForTimeout(400); // the date picker's closing animation
  await shot(desk, '11-desk-todo-form');
  await saveTodoForm(desk);
  const open = await todoApi(desk, '/api/v1/todos?state=open&limit=200');
  check(open.status === 200, `GET /api/v1/todos: ${open.status}`);
  const todo = open.body.items.find((item) => item.title === title);
  check(todo, `the new to-do is not among the open ones: ${JSON.stringify(open.body)}`);
  check(todo.call_id === callId && todo.customer_number === caller, `the to-do's call or customer: ${JSON.stringify(todo)}`);
  check(todo.remind_at === remindAt, `remind_at ${todo.remind_at} is not the time typed (${remindAt})`);
  await desk.locator(`[data-testid="todo-customer-${todo.id}"]`, { hasText: caller }).waitFor();

  step = 'the reminder pops at its time, with the title, notes and the customer';
  const card = desk.getByTestId(`todo-reminder-${todo.id}`);
  await card.waitFor({ timeout: TIMEOUT_MS + 6000 });
  check((await card.getByTestId('todo-reminder-title').innerText()) === title, 'the reminder shows another title');
  check((await card.getByTestId('todo-reminder-customer').innerText()).includes(caller), 'the reminder lacks the customer');
  await desk.waitForTimeout(300);
  await shot(desk, '12-desk-todo-reminder');

  step = "a reload pops it again (the hello's reminders)";
  await desk.reload();
  await desk.locator('[data-testid="cti-status"][data-status="open"]').waitFor();
  await card.waitFor();

  step = 'snooze 10 min: the pop closes, the reminder is re-armed 10 minutes on';
  const snoozedFrom = Date.now();
  await card.getByTestId('todo-reminder-snooze').click();
  await card.waitFor({ state: 'detached' });
  const snoozed = (await todoApi(desk, `/api/v1/todos/${todo.id}`)).body;
  check(snoozed.reminded_at === null, `a snoozed reminder is still marked reminded: ${JSON.stringify(snoozed)}`);
  check(snoozed.remind_at >= snoozedFrom + 600_000 - 1000 && snoozed.remind_at <= Date.now() + 600_000,
    `snoozed to ${snoozed.remind_at}, not 10 min after ${snoozedFrom}`);
  await desk.locator(`[data-testid="todo-remind-${todo.id}"][data-remind-at="${snoozed.remind_at}"]`).waitFor();

  step = 'an edit re-arms it a few seconds ahead; Done on the pop';
  await desk.getByTestId(`todo-edit-${todo.id}`).click();
  await desk.locator('#todo_title').waitFor();
  check((await desk.locator('#todo_title').inputValue()) === title, 'the edit form does not show the title');
  await typeTimeAhead(desk, '#todo_remind_at', 4000);
  await saveTodoForm(desk);
  await card.waitFor({ timeout: TIMEOUT_MS + 4000 });
  await card.getByTestId('todo-reminder-done').click();
  await card.waitFor({ state: 'detached' });
  await desk.getByTestId(`todo-${todo.id}`).waitFor({ state: 'detached' });
  const done = (await todoApi(desk, `/api/v1/todos/${todo.id}`)).body;
  check(done.done === true && done.done_at !== null, `Done on the pop did not finish the to-do: ${JSON.stringify(done)}`);

  step = 'the done list has it; delete asks first';
  await desk.getByTestId('todos-view').locator('.ant-segmented-item').nth(1).click();
  await desk.locator('[data-testid="todos"][data-view="done"]').waitFor();
  await desk.locator(`[data-testid="todo-${todo.id}"][data-done="true"]`).waitFor();
  await shot(desk, '13-desk-todo-done');
  await desk.getByTestId(`todo-delete-${todo.id}`).click();
  await desk.getByTestId('todo-confirm-delete').click();
  await desk.getByTestId(`todo-${todo.id}`).waitFor({ state: 'detached' });
  check((await todoApi(desk, `/api/v1/todos/${todo.id}`)).status === 404, 'the deleted to-do is still there');
  await desk.getByTestId('todos-view').locator('.ant-segmented-item').nth(0).click();
}

async function embedSteps(page) {
  step = 'a host page embeds the toolbar and signs in inside it';
  await page.goto(`${hostUrl}/host.html`);
  const frame = page.frameLocator('#toolbar iframe');
  await frame.getByTestId('embed-login-submit').waitFor();
  await page.waitForFunction(() => window.hostLog.some((entry) => entry.status === 'signed_out'));
  await frame.getByTestId('embed-username').fill(embedUser.username);
  await frame.getByTestId('embed-password').fill(embedUser.password);
  await frame.getByTestId('embed-login-submit').click();
  await frame.locator('[data-testid="embed-toolbar"][data-status="open"]').waitFor();
  await page.waitForFunction(() => window.hostLog.some((entry) => entry.status === 'open'));

  step = 'the host sends agent.not_ready over postMessage: reply and agent.state come back';
  await page.evaluate(() => window.sendNotReady('lunch'));
  await page.waitForFunction(() => window.hostResult.reply !== null && window.hostResult.stateEvent !== null, null, {
    timeout: TIMEOUT_MS,
  });
  const result = await page.evaluate(() => window.hostResult);
  check(result.reply.ok === true, `the reply is not ok: ${JSON.stringify(result.reply)}`);
  check(result.reply.result.state === 'not_ready', `the reply's agent is not not_ready: ${JSON.stringify(result.reply)}`);
  check(result.stateEvent.state === 'not_ready' && result.stateEvent.reason === 'lunch', `agent.state: ${JSON.stringify(result.stateEvent)}`);
  await frame.locator('[data-testid="agent-state"][data-state="not_ready"]').waitFor();
  await page.evaluate(() => window.sendBadCommand());
  await page.waitForFunction(() => window.hostResult.badReply !== null);
  const bad = await page.evaluate(() => window.hostResult.badReply);
  check(bad.ok === false && bad.error.field === 'reason', `a bad reason was not refused naming reason: ${JSON.stringify(bad)}`);
  await shot(page, '09-embed-host');

  step = 'a page of an origin the server does not allow cannot frame the toolbar';
  await page.goto(`${foreignUrl}/foreign.html`);
  await page.waitForTimeout(1500);
  const foreignFrame = page.frameLocator('iframe');
  check((await foreignFrame.locator('[data-testid="embed-toolbar"]').count()) === 0,
    'the browser showed the toolbar inside a page of an origin not in --embed-origin');
  await page.evaluate(() => window.sendReady());
  await page.waitForTimeout(1000);
  const foreign = await page.evaluate(() => window.foreignLog);
  check(foreign.length === 0, `the toolbar answered a foreign origin: ${JSON.stringify(foreign)}`);
  await shot(page, '10-embed-foreign-ignored');
}

const browser = await chromium.launch({
  executablePath: process.env.CHROMIUM ?? '/usr/bin/chromium',
  headless: true,
  args: ['--no-sandbox', '--disable-dev-shm-usage'],
});
let failed = false;
const pages = [];
const started = Date.now();
try {
  const newPage = async (locale) => {
    const context = await browser.newContext({ locale, viewport: { width: 1440, height: 900 } });
    const page = await context.newPage();
    page.setDefaultTimeout(TIMEOUT_MS);
    page.on('pageerror', (error) => console.log(`page error (${locale}): ${error.message}`));
    pages.push(page);
    return page;
  };
  const desk = await newPage('zh-CN');
  const wall = await newPage('en-US');
  await agentSteps(desk);
  await supervisorSteps(wall);
  await callSteps(desk, wall);
  await todoSteps(desk);
  await embedSteps(await newPage('en-US'));
  console.log(`desk e2e: ok in ${((Date.now() - started) / 1000).toFixed(1)} s`);
} catch (error) {
  failed = true;
  console.error(`desk e2e FAILED at "${step}": ${error.stack ?? error}`);
  for (const [i, page] of pages.entries()) {
    try {
      await shot(page, `failure-${i}`);
    } catch {
      // the page may be gone
    }
  }
} finally {
  await browser.close();
}
process.exit(failed ? 1 : 0);
