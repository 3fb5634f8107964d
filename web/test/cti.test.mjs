// The CTI client's pure parts without a browser or a server: the desk state built from the hello
// and events (src/cti/deskState.ts), the parking lot (src/cti/parkingLot.ts), the socket client's ids, replies and reconnects against a fake
// WebSocket (src/cti/CtiClient.ts), the embedded toolbar's origin checks (src/embed/hostBridge.ts)
// and its own session token (src/api/sessionToken.ts: Bearer on REST, the WebSocket's subprotocol).
// The TypeScript is bundled in memory by load_ts.mjs. Run: npm test (in web/)
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { loadTs, requireBundler } from './load_ts.mjs';

requireBundler('the CTI units');

const { applyEvent, addSentMessage, currentCall, otherParty, EMPTY_DESK } = await loadTs('cti/deskState.ts');
const { applyParkUpdate, bySlot } = await loadTs('cti/parkingLot.ts');
const { CtiClient } = await loadTs('cti/CtiClient.ts');
const { allowedOrigin, HostBridge } = await loadTs('embed/hostBridge.ts');

const at = '2026-03-01T08:30:00.250Z';
const frame = (event, data) => ({ event, at, data });
const agentView = (state, extra = {}) => ({ user_id: 7, extension: '1001', state, reason: '', queues: [1], ...extra });
const hello = (extra = {}) => ({
  protocol: 1,
  user: { id: 7, username: 'agent1', display_name: 'Agent', role: 'agent', extension: '1001', tenant_id: 1 },
  capabilities: [],
  commands: ['agent.ready', 'call.hold'],
  not_ready_reasons: [],
  agent: agentView('ready'),
  queues: [{ id: 1, name: 'support', waiting: 0 }],
  call: null,
  calls: [],
  ...extra,
});
const offered = { call_id: 'c1', extension: '1001', caller: '0612345678', dialled: '4000', queue: 'support',
  ivr: { flow: 'menu', path: 'menu>support', keys: '1' }, variables: {}, customer: null, recent_calls: [{ id: 'old' }] };

function play(...frames) {
  return frames.reduce((state, f) => applyEvent(state, f), EMPTY_DESK);
}

test('a call goes from offered to talking, held, transferred and ended, and its pop stays', () => {
  let state = play(frame('hello', hello()), frame('call.offered', offered));
  assert.equal(currentCall(state).state, 'ringing');
  assert.equal(state.lastCall.ivr.keys, '1');
  state = applyEvent(state, frame('call.answered', { call_id: 'c1' }));
  assert.equal(currentCall(state).state, 'talking');
  assert.equal(currentCall(state).answered_at, Date.parse(at));
  state = applyEvent(state, frame('call.held', { call_id: 'c1', by: 'user' }));
  assert.equal(currentCall(state).held, true);
  state = applyEvent(state, frame('call.retrieved', { call_id: 'c1', by: 'user' }));
  assert.equal(currentCall(state).held, false);
  state = applyEvent(state, frame('call.transferred', { call_id: 'c1', to: 'extension:1002' }));
  state = applyEvent(state, frame('call.ended', { call_id: 'c1', disposition: 'answered', cause: 'BYE', side: 'callee' }));
  assert.equal(currentCall(state), null);
  assert.equal(state.lastCall.transferredTo, 'extension:1002');
  assert.equal(state.lastCall.ended.cause, 'BYE');
});

test("a reconnect's hello replaces the state and keeps the pop's history of the same call", () => {
  const before = play(frame('hello', hello()), frame('call.offered', offered), frame('call.answered', { call_id: 'c1' }));
  const { recent_calls: _, ...inHello } = offered;
  const again = applyEvent(before, frame('hello', hello({
    agent: agentView('talking'),
    call: { ...inHello, state: 'talking', held: true },
    calls: [{ ...inHello, state: 'talking', held: true }],
  })));
  assert.equal(again.agent.state, 'talking');
  assert.equal(currentCall(again).held, true);
  assert.deepEqual(again.lastCall.recent_calls, [{ id: 'old' }]);
});

const consult = (state, cause = null) =>
  frame('call.consult', { call_id: 'c1', extension: '1001', state, target: '1002', consult_call_id: 'k1', cause });
const talkingCall = () => play(frame('hello', hello()), frame('call.offered', offered), frame('call.answered', { call_id: 'c1' }));

test('a consultation rings, talks, goes three-way and hands the call over', () => {
  let state = applyEvent(talkingCall(), consult('ringing'));
  assert.deepEqual(currentCall(state).consulting, { state: 'ringing', target: '1002', consult_call_id: 'k1', conference: [] });
  assert.equal(currentCall(state).held, true, 'the customer waits on hold while the target rings');
  state = applyEvent(state, consult('talking'));
  assert.equal(currentCall(state).consulting.state, 'talking');
  state = applyEvent(state, consult('three_way'));
  state = applyEvent(state, frame('call.retrieved', { call_id: 'c1', by: 'user' }));
  assert.equal(currentCall(state).consulting.state, 'three_way');
  assert.equal(currentCall(state).held, false);
  state = applyEvent(state, consult('transferred'));
  assert.equal(currentCall(state).consulting.state, 'transferred');
  state = applyEvent(state, frame('call.transferred', { call_id: 'c1', to: 'extension:1002' }));
  state = applyEvent(state, frame('call.ended', { call_id: 'c1', disposition: 'answered', cause: 'transferred', side: 'system' }));
  assert.equal(currentCall(state), null);
  assert.equal(state.lastCall.consulting.state, 'transferred');
  assert.equal(state.lastCall.transferredTo, 'extension:1002');
});

test('a failed consultation is over, says why, and leaves the customer on hold', () => {
  let state = applyEvent(talkingCall(), consult('ringing'));
  state = applyEvent(state, consult('failed', 'busy'));
  const call = currentCall(state);
  assert.equal(call.consulting, null);
  assert.deepEqual(call.consultFailed, { at: Date.parse(at), target: '1002', cause: 'busy' });
  assert.equal(call.held, true);
  state = applyEvent(state, consult('ringing'));
  assert.equal(currentCall(state).consultFailed, null, 'a new consultation clears the old notice');
  state = applyEvent(state, consult('ended'));
  assert.equal(currentCall(state).consulting, null);
  assert.equal(currentCall(state).consultFailed, null);
});

test('after a three-way the target may hang up: the agent and the customer talk on', () => {
  const state = [consult('ringing'), consult('talking'), consult('three_way'),
    frame('call.retrieved', { call_id: 'c1', by: 'user' }), consult('ended')].reduce(applyEvent, talkingCall());
  assert.equal(currentCall(state).consulting, null);
  assert.equal(currentCall(state).held, false);
  assert.equal(currentCall(state).state, 'talking');
});

test('consulting again from a three-way call grows the conference, and a failure goes back to it', () => {
  const again = (state, target, conference) =>
    frame('call.consult', { call_id: 'c1', extension: '1001', state, target, consult_call_id: `k-${target}`, conference, cause: null });
  let state = [consult('ringing'), consult('talking'), consult('three_way'),
    frame('call.retrieved', { call_id: 'c1', by: 'user' }), again('ringing', '1004', ['1002'])].reduce(applyEvent, talkingCall());
  assert.deepEqual(currentCall(state).consulting, { state: 'ringing', target: '1004', consult_call_id: 'k-1004', conference: ['1002'] });
  state = [again('failed', '1004', ['1002']), frame('call.retrieved', { call_id: 'c1', by: 'user' }),
    again('three_way', '1002', [])].reduce(applyEvent, state);
  assert.deepEqual(currentCall(state).consulting, { state: 'three_way', target: '1002', consult_call_id: 'k-1002', conference: [] });
  assert.equal(currentCall(state).held, false, 'back in the conference, not on hold');
});

test('a consultation of a call not on the desk changes nothing', () => {
  const before = talkingCall();
  const after = applyEvent(before, frame('call.consult', { call_id: 'other', extension: '1001', state: 'ringing',
    target: '1002', consult_call_id: 'k1', cause: null }));
  assert.deepEqual(after.calls, before.calls);
});

test("a reconnect's hello resumes the consultation in progress", () => {
  const { recent_calls: _, ...inHello } = offered;
  const consulting = { state: 'talking', target: '1002', consult_call_id: 'k1' };
  let state = applyEvent(applyEvent(talkingCall(), consult('ringing')), frame('hello', hello({
    agent: agentView('talking'),
    call: { ...inHello, state: 'talking', held: true, consulting },
    calls: [{ ...inHello, state: 'talking', held: true, consulting }],
  })));
  assert.deepEqual(currentCall(state).consulting, consulting);
  state = applyEvent(state, consult('three_way'));
  assert.equal(currentCall(state).consulting.state, 'three_way');
});

test('the other party of a call the phone dials is the number dialled, of one it takes the caller', () => {
  assert.equal(otherParty(offered), offered.caller);
  const dialling = { ...offered, caller: '1001', dialled: '90612345678', outgoing: true };
  assert.equal(otherParty(dialling), '90612345678');
});

test('an offered call keeps its business data and what consultation it is', () => {
  const state = play(frame('hello', hello()), frame('call.offered', {
    ...offered, call_id: 'k1', caller: '1001', data: { note: 'wants a refund' },
    consult: { call_id: 'c1', by: '1001', customer: '0612345678' },
  }));
  assert.deepEqual(state.lastCall.data, { note: 'wants a refund' });
  assert.deepEqual(state.lastCall.consult, { call_id: 'c1', by: '1001', customer: '0612345678' });
});

test('a parked call says its slot on the pop', () => {
  const state = [frame('call.parked', { call_id: 'c1', extension: '1001', slot: 3 }),
    frame('call.ended', { call_id: 'c1', disposition: 'answered', cause: 'parked', side: 'system' })].reduce(applyEvent, talkingCall());
  assert.equal(state.lastCall.parkedIn, 3);
});

const parkedCall = (slot, call_id, extra = {}) => ({ slot, call_id, caller: '061234567' + slot, parked_by: '1001',
  parked_by_user: 'ann', parked_at: 1, ring_back_at: 120001, retrieving_by: null, ...extra });

test('the parking lot follows park.update: parked, retrieving, left, in slot order, twice the same', () => {
  let lot = bySlot([parkedCall(2, 'p2'), parkedCall(1, 'p1')]);
  assert.deepEqual(lot.map((call) => call.slot), [1, 2]);
  const retrieving = { ...parkedCall(1, 'p1', { retrieving_by: '1003' }), state: 'retrieving', cause: null };
  lot = applyParkUpdate(applyParkUpdate(lot, retrieving), retrieving);
  assert.deepEqual(lot.map((call) => [call.slot, call.retrieving_by]), [[1, '1003'], [2, null]]);
  assert.equal('state' in lot[0], false);
  lot = applyParkUpdate(lot, { ...parkedCall(1, 'p1'), state: 'left', cause: 'retrieved by 1003' });
  lot = applyParkUpdate(lot, { ...parkedCall(1, 'p3'), state: 'parked', cause: null });
  lot = applyParkUpdate(lot, { ...parkedCall(1, 'p1'), state: 'left', cause: 'retrieved by 1003' });
  assert.deepEqual(lot.map((call) => [call.slot, call.call_id]), [[1, 'p3'], [2, 'p2']]);
});

test('do not disturb comes with the hello and follows phone.dnd', () => {
  let state = applyEvent(EMPTY_DESK, frame('hello', hello()));
  assert.equal(state.dnd, false, 'a server that says nothing means off');
  state = applyEvent(state, frame('hello', hello({ dnd: true })));
  assert.equal(state.dnd, true);
  state = applyEvent(state, frame('phone.dnd', { extension: '1001', dnd: false }));
  assert.equal(state.dnd, false);
});

test("another agent's state (a wallboard hears every agent) leaves the desk's agent alone", () => {
  const state = play(frame('hello', hello()), frame('agent.state', agentView('not_ready', { user_id: 8 })));
  assert.equal(state.agent.state, 'ready');
  assert.equal(applyEvent(state, frame('agent.state', agentView('not_ready'))).agent.state, 'not_ready');
});

test('queue figures update only the queues of the hello', () => {
  const state = play(frame('hello', hello()), frame('queue.update', { id: 1, name: 'support', waiting: 3 }),
    frame('queue.update', { id: 2, name: 'sales', waiting: 5 }));
  assert.deepEqual(state.queues.map((q) => [q.id, q.waiting]), [[1, 3]]);
});

test('messages: a broadcast comes back as an event, a direct one is kept when sent', () => {
  let state = play(frame('hello', hello()));
  state = addSentMessage(state, 'all', 'hi all');
  assert.equal(state.messages.length, 0);
  state = applyEvent(state, frame('message', { from: { user_id: 7, username: 'agent1' }, to: 'all', text: 'hi all' }));
  state = addSentMessage(state, 9, 'hi you');
  assert.deepEqual(state.messages.map((m) => [m.text, m.mine]), [['hi all', true], ['hi you', true]]);
});

test('allowedOrigin takes exactly an http(s) origin', () => {
  assert.equal(allowedOrigin('?origin=https%3A%2F%2Fcrm.example.com'), 'https://crm.example.com');
  assert.equal(allowedOrigin('?origin=http://127.0.0.1:8000'), 'http://127.0.0.1:8000');
  assert.equal(allowedOrigin('?origin=https://crm.example.com/app'), null);
  assert.equal(allowedOrigin('?origin=javascript:alert(1)'), null);
  assert.equal(allowedOrigin('?origin=null'), null);
  assert.equal(allowedOrigin(''), null);
});

function fakeWindows() {
  const posted = [];
  const listeners = [];
  const host = { postMessage: (message, origin) => posted.push({ message, origin }) };
  const self = {
    addEventListener: (_, fn) => listeners.push(fn),
    removeEventListener: (_, fn) => listeners.splice(listeners.indexOf(fn), 1),
  };
  const deliver = (event) => listeners.forEach((fn) => fn(event));
  return { host, self, posted, deliver };
}

const tick = () => new Promise((resolve) => setTimeout(resolve, 0));

test('the toolbar answers only its host window with the allowed origin, and posts only to it', async () => {
  const { host, self, posted, deliver } = fakeWindows();
  const calls = [];
  const bridge = new HostBridge(host, 'https://crm.example.com', async (cmd, args) => {
    calls.push([cmd, args]);
    if (args?.reason === 'bad') throw Object.assign(new Error('reason: bad'), { status: 400, code: 'invalid_argument', field: 'reason' });
    return { state: 'not_ready' };
  }, self);
  bridge.start();
  const command = { type: 'hotline:command', id: 1, cmd: 'agent.not_ready', args: { reason: 'lunch' } };
  deliver({ origin: 'https://evil.example.com', source: host, data: command });
  deliver({ origin: 'https://crm.example.com', source: {}, data: command });
  deliver({ origin: 'https://crm.example.com', source: host, data: { ...command, args: [] } });
  await tick();
  assert.equal(calls.length, 0);
  assert.equal(posted.length, 0);

  deliver({ origin: 'https://crm.example.com', source: host, data: command });
  deliver({ origin: 'https://crm.example.com', source: host, data: { ...command, id: 'b', args: { reason: 'bad' } } });
  await tick();
  assert.deepEqual(calls, [['agent.not_ready', { reason: 'lunch' }], ['agent.not_ready', { reason: 'bad' }]]);
  assert.deepEqual(posted[0], { message: { type: 'hotline:reply', id: 1, ok: true, result: { state: 'not_ready' } }, origin: 'https://crm.example.com' });
  assert.deepEqual(posted[1].message.error, { status: 400, code: 'invalid_argument', field: 'reason', message: 'reason: bad' });
  bridge.postEvent('agent.state', { state: 'ready' });
  assert.deepEqual(posted[2], { message: { type: 'hotline:event', event: 'agent.state', data: { state: 'ready' } }, origin: 'https://crm.example.com' });
  bridge.stop();
});

// A WebSocket stand-in: the test opens it, delivers frames and closes it.
class FakeSocket {
  static OPEN = 1;
  static all = [];
  constructor(url, protocols) {
    this.url = url;
    this.protocols = protocols;
    this.readyState = 0;
    this.sent = [];
    FakeSocket.all.push(this);
  }
  send(text) {
    this.sent.push(JSON.parse(text));
  }
  close() {
    this.readyState = 3;
  }
  open() {
    this.readyState = FakeSocket.OPEN;
  }
  receive(frameObject) {
    this.onmessage?.({ data: JSON.stringify(frameObject) });
  }
  drop(code) {
    this.readyState = 3;
    this.onclose?.({ code });
  }
}

test('commands get ids and their replies; a dropped socket reconnects; 1008 ends it', async () => {
  globalThis.WebSocket = FakeSocket;
  FakeSocket.all = [];
  const client = new CtiClient({ url: 'ws://hotline/api/v1/ws', firstRetryMs: 10, maxRetryMs: 20 });
  const statuses = [];
  client.onStatus((status) => statuses.push(status));
  client.start();
  const first = FakeSocket.all[0];
  first.open();
  await assert.rejects(client.command('ping'), /not connected/);
  first.receive(frame('hello', hello()));
  assert.equal(client.status, 'open');

  const ready = client.command('agent.ready');
  const hold = client.command('call.hold', { call_id: 'c1' });
  assert.deepEqual(first.sent, [{ id: 'c1', cmd: 'agent.ready' }, { id: 'c2', cmd: 'call.hold', args: { call_id: 'c1' } }]);
  first.receive({ id: 'c2', ok: false, error: { status: 409, code: 'conflict', field: null, message: 'the phone holds it' } });
  first.receive({ id: 'c1', ok: true, result: { state: 'ready' } });
  assert.deepEqual(await ready, { state: 'ready' });
  await assert.rejects(hold, (error) => error.status === 409 && error.message === 'the phone holds it');

  const lost = client.command('agent.ready');
  first.drop(1006);
  await assert.rejects(lost, /lost/);
  assert.equal(client.status, 'reconnecting');
  await new Promise((resolve) => setTimeout(resolve, 40));
  assert.equal(FakeSocket.all.length, 2, 'no new socket after the drop');
  const second = FakeSocket.all[1];
  second.open();
  second.receive(frame('hello', hello()));
  assert.equal(client.status, 'open');

  second.drop(1008);
  assert.equal(client.status, 'ended');
  await new Promise((resolve) => setTimeout(resolve, 40));
  assert.equal(FakeSocket.all.length, 2, 'it reconnected after the session ended');
  assert.deepEqual(statuses, ['open', 'reconnecting', 'open', 'ended']);
  client.stop();
});

test('a client holding a session token offers it as a subprotocol at every connect; without one, none', () => {
  globalThis.WebSocket = FakeSocket;
  FakeSocket.all = [];
  let token = 'ab12';
  const framed = new CtiClient({ url: 'ws://hotline/api/v1/ws', token: () => token, firstRetryMs: 1, maxRetryMs: 1 });
  framed.start();
  assert.deepEqual(FakeSocket.all[0].protocols, ['hotline', 'hotline.bearer.ab12']);
  framed.stop();
  token = null;
  framed.start();
  assert.equal(FakeSocket.all[1].protocols, undefined);
  framed.stop();
});

// The embedded toolbar's session: client.ts and sessionToken.ts bundled together, as the app has them.
async function withFetch(answers, run) {
  const seen = [];
  const saved = globalThis.fetch;
  globalThis.fetch = async (path, init) => {
    seen.push({ path, authorization: init.headers.Authorization });
    const { status, body } = answers.shift();
    return new Response(body === undefined ? '' : JSON.stringify(body), { status });
  };
  try {
    await run(seen);
  } finally {
    globalThis.fetch = saved;
  }
}

test('a page that keeps its own token sends it as Bearer and drops it on a 401; other pages hold none', async () => {
  const session = await loadTs('api/client.ts', 'api/sessionToken.ts');
  session.holdSessionToken('t1');
  assert.equal(session.sessionToken(), null, 'a page on the cookie held a token');

  session.keepOwnToken();
  session.holdSessionToken('t1');
  let ended = 0;
  session.setUnauthenticatedListener(() => (ended += 1));
  await withFetch([{ status: 200, body: { user: {} } }, { status: 401, body: { error: { code: 'unauthenticated' } } }], async (seen) => {
    await session.api.get('/api/v1/auth/me');
    await assert.rejects(session.api.get('/api/v1/todos'), (error) => error.status === 401);
    assert.deepEqual(seen.map((request) => request.authorization), ['Bearer t1', 'Bearer t1']);
  });
  assert.equal(session.sessionToken(), null, 'the token outlived a 401');
  assert.equal(ended, 1);

  await withFetch([{ status: 401 }], async (seen) => {
    await assert.rejects(session.api.post('/api/v1/auth/login', {}, { quiet401: true }));
    assert.equal(seen[0].authorization, undefined, 'a request without a token carried one');
  });
  session.holdSessionToken('t2');
  session.dropSessionToken();
  assert.equal(session.sessionToken(), null);
});

test("a token the host page hands over in the fragment is held and cleared from the URL; the host hears each change", async () => {
  const session = await loadTs('api/client.ts', 'api/sessionToken.ts');
  const replaced = [];
  const page = {
    location: { hash: '#session=h1', pathname: '/embed/toolbar', search: '?origin=https%3A%2F%2Fcrm.example.com&keep_session=1' },
    history: { state: null, replaceState: (_state, _title, url) => replaced.push(url) },
  };
  const heard = [];
  const off = session.onTokenChange((token) => heard.push(token));
  session.keepOwnToken(page);
  assert.equal(session.sessionToken(), 'h1');
  assert.deepEqual(replaced, ['/embed/toolbar?origin=https%3A%2F%2Fcrm.example.com&keep_session=1'], 'the token stayed in the URL');
  session.holdSessionToken('h2');
  session.dropSessionToken();
  session.dropSessionToken();
  assert.deepEqual(heard, ['h1', 'h2', null], 'a second drop of nothing is not news');
  off();
  session.holdSessionToken('h3');
  assert.equal(heard.length, 3, 'a removed listener still heard');

  const fresh = await loadTs('api/client.ts', 'api/sessionToken.ts');
  fresh.keepOwnToken({ location: { hash: '', pathname: '/embed/toolbar', search: '' }, history: page.history });
  assert.equal(fresh.sessionToken(), null, 'no fragment, no storage: no token');
  assert.equal(replaced.length, 1, 'a URL without a token was rewritten');
});
