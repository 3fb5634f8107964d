// What a desktop knows about its user, built from the hello and the events that follow it. Pure:
// no socket, no React, so it reads (and could be tested) on its own. A new hello replaces
// everything, which is how a reconnect resumes.
import type { Todo } from '../api/types';
import {
  DESTINATION_KINDS,
  type AgentView,
  type CallConsult,
  type ChatMessage,
  type ConsultResult,
  type DestinationKind,
  type EventFrame,
  type Hello,
  type PhoneCall,
  type PhoneDnd,
  type QueueFigures,
  type TodoChanged,
} from './protocol';

export interface ReceivedMessage extends ChatMessage {
  key: string;
  at: number;
  // Sent by this user: a broadcast comes back to the sender's sockets too, a direct message does
  // not and is kept locally when the server took it.
  mine: boolean;
}

export interface CallOnDesk extends PhoneCall {
  ended?: { at: number; disposition: string; cause: string; side: string | null };
  transferredTo?: string;
  parkedIn?: number;
  // The last consultation of this call failed: said for a moment, since the customer still waits
  // on hold and the agent has to take them back.
  consultFailed?: { at: number; target: string; cause: string | null } | null;
  // What this desktop's own call.consult asked for: call.consult's target alone does not tell a
  // colleague's extension from a number dialled (both are digits). Lost on a reload.
  consultAsked?: { consult_call_id: string; kind: DestinationKind } | null;
}

export interface DeskState {
  hello: Hello | null;
  agent: AgentView | null;
  // The calls at the user's phone now, oldest first.
  calls: CallOnDesk[];
  // The last call offered, kept after it ends so its pop stays readable during wrap-up.
  lastCall: CallOnDesk | null;
  queues: QueueFigures[];
  messages: ReceivedMessage[];
  // The user's phone turns direct calls away (do not disturb, PBX-7).
  dnd: boolean;
  // The to-dos whose reminder popped and that nobody has dealt with yet (done, snoozed, dismissed,
  // deleted — here or on another desktop of the user), oldest first.
  reminders: Todo[];
  // Counts the to-do changes heard — events, the desktop's own changes, a new hello (events missed
  // while the socket was down are not replayed) —: the to-do list reads itself again on each.
  todoRevision: number;
}

export const EMPTY_DESK: DeskState = {
  hello: null,
  agent: null,
  calls: [],
  lastCall: null,
  queues: [],
  messages: [],
  dnd: false,
  reminders: [],
  todoRevision: 0,
};

const MAX_MESSAGES = 200;

function fromHello(state: DeskState, hello: Hello): DeskState {
  const calls = hello.calls.map((call) => ({ ...call }));
  const byId = (id: string | undefined) => calls.find((call) => call.call_id === id);
  // The pop of a call we had before the reconnect keeps its history (the hello's calls lack it).
  const kept = state.lastCall && byId(state.lastCall.call_id);
  if (kept && state.lastCall?.recent_calls) kept.recent_calls = state.lastCall.recent_calls;
  const lastCall = (hello.call && byId(hello.call.call_id)) ?? calls[calls.length - 1] ?? state.lastCall;
  return {
    ...state,
    hello,
    agent: hello.agent,
    queues: hello.queues,
    calls,
    lastCall,
    dnd: hello.dnd ?? false,
    reminders: (hello.reminders ?? []).filter((todo) => !todo.done),
    todoRevision: state.todoRevision + 1,
  };
}

// A popped reminder stays while the to-do is open and its reminder neither dismissed (remind_at
// null) nor re-armed (a new remind_at clears reminded_at: snoozed, or moved by an edit).
export function stillReminding(todo: Todo): boolean {
  return !todo.done && todo.remind_at !== null && todo.reminded_at !== null;
}

// A to-do changed (todo.changed, or the answer to this desktop's own REST change): its pop closes
// when the user dealt with it, shows the new text otherwise; the list reads itself again.
export function applyTodoChange(state: DeskState, change: TodoChanged): DeskState {
  const todoRevision = state.todoRevision + 1;
  if ('deleted' in change) return { ...state, todoRevision, reminders: state.reminders.filter((todo) => todo.id !== change.id) };
  const changed = change.todo;
  const reminders = stillReminding(changed)
    ? state.reminders.map((todo) => (todo.id === changed.id ? changed : todo))
    : state.reminders.filter((todo) => todo.id !== changed.id);
  return { ...state, todoRevision, reminders };
}

// todo.reminder: the reminder's time came. It pops (once per to-do: a second reminder of the same
// one, re-armed and fired again, replaces the first and goes to the end).
function reminded(state: DeskState, todo: Todo): DeskState {
  const todoRevision = state.todoRevision + 1;
  if (todo.done) return { ...state, todoRevision };
  return { ...state, todoRevision, reminders: [...state.reminders.filter((open) => open.id !== todo.id), todo] };
}

function updateCall(state: DeskState, callId: string, change: (call: CallOnDesk) => CallOnDesk): DeskState {
  const calls = state.calls.map((call) => (call.call_id === callId ? change(call) : call));
  const lastCall = state.lastCall?.call_id === callId ? change(state.lastCall) : state.lastCall;
  return { ...state, calls, lastCall };
}

// A call.consult event on the consulting agent's call. A consultation starts by holding the
// customer; the hold outlives a failed one, and only call.retrieved (three-way, cancel) ends it.
function consulted(call: CallOnDesk, consult: CallConsult, at: number): CallOnDesk {
  const { state, target, consult_call_id, conference = [], cause } = consult;
  const over = state === 'failed' || state === 'ended';
  return {
    ...call,
    consulting: over ? null : { state, target, consult_call_id, conference },
    consultFailed: state === 'failed' ? { at, target, cause } : null,
    held: state === 'ringing' ? true : call.held,
  };
}

// The desktop's call.consult was taken (its reply, which may come before or after the first
// call.consult event): which kind of destination it asked for.
export function consultStarted(state: DeskState, result: ConsultResult): DeskState {
  const kind = DESTINATION_KINDS.find((key) => typeof result[key] === 'string');
  if (!kind) return state;
  const consultAsked = { consult_call_id: result.consult_call_id, kind };
  return updateCall(state, result.call_id, (call) => ({ ...call, consultAsked }));
}

export function applyEvent(state: DeskState, frame: EventFrame): DeskState {
  const at = Date.parse(frame.at) || Date.now();
  switch (frame.event) {
    case 'hello':
      return fromHello(state, frame.data as Hello);
    case 'phone.dnd':
      return { ...state, dnd: (frame.data as PhoneDnd).dnd };
    case 'agent.state': {
      const agent = frame.data as AgentView;
      // A wallboard's socket hears every agent; the desktop's own is the user's.
      if (!state.hello || agent.user_id !== state.hello.user.id) return state;
      return { ...state, agent };
    }
    case 'call.offered': {
      const offered = { ...(frame.data as PhoneCall), state: 'ringing' as const, held: false };
      const calls = [...state.calls.filter((call) => call.call_id !== offered.call_id), offered];
      return { ...state, calls, lastCall: offered };
    }
    case 'call.answered': {
      const { call_id } = frame.data as { call_id: string };
      return updateCall(state, call_id, (call) => ({ ...call, state: 'talking', answered_at: at }));
    }
    case 'call.held':
    case 'call.retrieved': {
      const { call_id } = frame.data as { call_id: string };
      const held = frame.event === 'call.held';
      return updateCall(state, call_id, (call) => ({ ...call, held }));
    }
    case 'call.transferred': {
      const { call_id, to } = frame.data as { call_id: string; to: string };
      return updateCall(state, call_id, (call) => ({ ...call, transferredTo: to }));
    }
    case 'call.parked': {
      const { call_id, slot } = frame.data as { call_id: string; slot: number };
      return updateCall(state, call_id, (call) => ({ ...call, parkedIn: slot }));
    }
    case 'call.consult':
      return updateCall(state, (frame.data as CallConsult).call_id, (call) => consulted(call, frame.data as CallConsult, at));
    case 'call.ended': {
      const { call_id, disposition, cause, side } = frame.data as {
        call_id: string;
        disposition: string;
        cause: string;
        side: string | null;
      };
      const ended = updateCall(state, call_id, (call) => ({ ...call, held: false, ended: { at, disposition, cause, side } }));
      return { ...ended, calls: ended.calls.filter((call) => call.call_id !== call_id) };
    }
    case 'queue.update': {
      const figures = frame.data as QueueFigures;
      if (!state.queues.some((queue) => queue.id === figures.id)) return state;
      return { ...state, queues: state.queues.map((queue) => (queue.id === figures.id ? figures : queue)) };
    }
    case 'message': {
      const data = frame.data as ChatMessage;
      const mine = data.from.user_id === state.hello?.user.id;
      const message: ReceivedMessage = { ...data, at, mine, key: `${at}-${state.messages.length}` };
      return { ...state, messages: [...state.messages, message].slice(-MAX_MESSAGES) };
    }
    case 'todo.reminder':
      return reminded(state, frame.data as Todo);
    case 'todo.changed':
      return applyTodoChange(state, frame.data as TodoChanged);
    default:
      return state;
  }
}

export function addSentMessage(state: DeskState, to: number | 'all', text: string): DeskState {
  const user = state.hello?.user;
  if (!user || to === 'all') return state; // the broadcast's own copy arrives as an event
  const at = Date.now();
  const message: ReceivedMessage = {
    from: { user_id: user.id, username: user.username },
    to,
    text,
    at,
    mine: true,
    key: `${at}-${state.messages.length}`,
  };
  return { ...state, messages: [...state.messages, message].slice(-MAX_MESSAGES) };
}

// Who the user talks with: the number dialled on a call the phone placed, else the caller.
export function otherParty(call: PhoneCall): string {
  return call.outgoing ? call.dialled : call.caller;
}

// The call the controls act on: the one talking, else the newest ringing.
export function currentCall(state: DeskState): CallOnDesk | null {
  return state.calls.find((call) => call.state === 'talking') ?? state.calls[state.calls.length - 1] ?? null;
}
