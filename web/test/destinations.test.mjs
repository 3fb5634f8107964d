// Where the desktop sends a call (PBX-3) without a browser or a server: src/agent/destinations.ts
// — the kind of a destination, whom a consultation is with (call.consult's target, and what the
// desktop asked for, kept by src/cti/deskState.ts whichever of the reply and the first event comes
// first), when the bar says "waiting for an answer", and the title a refusal gets for the field
// the server named (each one in both languages). The TypeScript is bundled in memory by
// load_ts.mjs. Run: npm test (in web/)
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { test } from 'node:test';
import { loadTs, requireBundler } from './load_ts.mjs';

requireBundler('the hand-over destination units');

const { destinationKind, consultTarget, consultTargetOf, waitsForAnswer, handOverErrorKey } =
  await loadTs('agent/destinations.ts');
const { applyEvent, consultStarted, currentCall, EMPTY_DESK } = await loadTs('cti/deskState.ts');

const TEXTS = Object.fromEntries(['zh-CN', 'en'].map((language) => [
  language, JSON.parse(readFileSync(new URL(`../src/i18n/${language}.json`, import.meta.url), 'utf8')),
]));
const text = (language, key) => key.split('.').reduce((table, part) => table?.[part], TEXTS[language]);

const at = '2026-03-01T08:30:00.250Z';
const frame = (event, data) => ({ event, at, data });
const hello = {
  protocol: 1,
  user: { id: 7, username: 'agent1', display_name: 'Agent', role: 'agent', extension: '1001', tenant_id: 1 },
  capabilities: [], commands: [], not_ready_reasons: [], agent: null, queues: [], call: null, calls: [],
};
const offered = { call_id: 'c1', extension: '1001', caller: '0612345678', dialled: '4000', queue: 'support',
  ivr: { flow: null, path: null, keys: null }, variables: {}, customer: null };
const talking = () => [frame('hello', hello), frame('call.offered', offered), frame('call.answered', { call_id: 'c1' })]
  .reduce(applyEvent, EMPTY_DESK);
const consult = (state, target, id = 'k1') =>
  frame('call.consult', { call_id: 'c1', extension: '1001', state, target, consult_call_id: id, cause: null });

test('a destination is of the kind of its one key', () => {
  assert.equal(destinationKind({ extension: '1003' }), 'extension');
  assert.equal(destinationKind({ queue: 'support' }), 'queue');
  assert.equal(destinationKind({ number: '90612345678' }), 'number');
});

test("call.consult's target: a service by its prefix, digits a colleague's phone unless a number was asked for", () => {
  assert.deepEqual(consultTarget('queue:support'), { kind: 'queue', name: 'support' });
  assert.deepEqual(consultTarget('flow:main menu'), { kind: 'flow', name: 'main menu' });
  assert.deepEqual(consultTarget('conference:room 7'), { kind: 'service', name: 'conference:room 7' });
  assert.deepEqual(consultTarget('1003'), { kind: 'extension', name: '1003' });
  assert.deepEqual(consultTarget('90612345678', 'number'), { kind: 'number', name: '90612345678' });
  assert.deepEqual(consultTarget('queue:support', 'number'), { kind: 'queue', name: 'support' },
    "a queue's number consulted is the queue");
});

test('a queue, a number or a flow waits for an answer where a colleague\'s phone rings', () => {
  assert.equal(waitsForAnswer({ kind: 'extension', name: '1003' }), false);
  for (const kind of ['number', 'queue', 'flow', 'service']) assert.equal(waitsForAnswer({ kind, name: 'x' }), true, kind);
});

test('what the desktop asked for names the consultation, whether the reply or the first event comes first', () => {
  const reply = { call_id: 'c1', consult_call_id: 'k1', number: '90612345678' };
  const eventFirst = consultStarted(applyEvent(talking(), consult('ringing', '90612345678')), reply);
  const replyFirst = applyEvent(consultStarted(talking(), reply), consult('ringing', '90612345678'));
  for (const state of [eventFirst, replyFirst]) {
    assert.deepEqual(consultTargetOf(currentCall(state)), { kind: 'number', name: '90612345678' });
    const answered = applyEvent(state, consult('talking', '90612345678'));
    assert.equal(consultTargetOf(currentCall(answered)).kind, 'number', 'it stays a number once answered');
  }
});

test('an earlier consultation asked for is not taken for the next one; no consultation, no target', () => {
  let state = consultStarted(talking(), { call_id: 'c1', consult_call_id: 'k1', number: '1003' });
  state = applyEvent(state, consult('ringing', '1003', 'k2'));
  assert.deepEqual(consultTargetOf(currentCall(state)), { kind: 'extension', name: '1003' });
  assert.equal(consultTargetOf(currentCall(talking())), null);
  const other = consultStarted(talking(), { call_id: 'other', consult_call_id: 'k1', queue: 'support' });
  assert.deepEqual(other.calls, talking().calls, 'a reply about a call not on the desk changes nothing');
});

test('a refusal is titled by what its field means, in both languages; others by their status', () => {
  const cases = [
    [404, 'number', 'numberGoesNowhere'], [403, 'number', 'numberNotAllowed'], [409, 'number', 'numberIsFeatureCode'],
    [404, 'extension', 'noSuchExtension'], [409, 'extension', 'extensionUnavailable'], [404, 'queue', 'noSuchQueue'],
    [400, 'queue', 'oneDestination'], [400, 'data', 'noteTooLarge'],
  ];
  for (const [status, field, name] of cases) {
    const key = handOverErrorKey({ status, field });
    assert.equal(key, `desk.handOverErrors.${name}`, `${status} ${field}`);
    for (const language of ['zh-CN', 'en']) assert.equal(typeof text(language, key), 'string', `${key} in ${language}`);
  }
  assert.equal(text('en', handOverErrorKey({ status: 403, field: 'number' })), 'You may not dial this number');
  assert.equal(handOverErrorKey({ status: 409, field: null }), null, 'a call with a consultation already');
  assert.equal(handOverErrorKey({ status: 404, field: 'call_id' }), null);
});
