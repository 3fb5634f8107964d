// The CTI WebSocket's frames (GET /api/v1/ws), as docs/cti.md describes them: the hello, the
// events and the replies to commands. Times inside `data` are Unix milliseconds.
import type { Todo } from '../api/types';

export type AgentStateName = 'logged_out' | 'ready' | 'not_ready' | 'ringing' | 'talking' | 'wrap_up';
export type WorkMode = 'normal' | 'outbound_only' | 'supervisor' | 'end_of_shift';
export const WORK_MODES: WorkMode[] = ['normal', 'outbound_only', 'supervisor', 'end_of_shift'];

// An agent as GET /api/v1/live/agents, the hello and agent.state show it.
export interface AgentView {
  user_id: number;
  extension: string;
  phone_registered: boolean;
  state: AgentStateName;
  reason: string;
  reason_name_zh: string | null;
  reason_name_en: string | null;
  state_since: number | null;
  work_mode: WorkMode;
  queues: number[];
  call_id: string | null;
  caller: string | null;
  call_data: Record<string, string>;
  wrap_up_until: number | null;
  not_ready_after_call: string | null;
  calls_answered_today: number;
  talk_time_today_ms: number;
  consecutive_misses: number;
}

export interface AgentCounts {
  logged_in: number;
  ready: number;
  ringing: number;
  talking: number;
  wrap_up: number;
  not_ready: number;
}

// A queue waiting caller, only in GET /api/v1/live/queues (the socket's figures leave them out).
export interface QueuedCall {
  call_id: string;
  caller: string;
  priority: number;
  entered_at: number;
  waited_ms: number;
  position: number | null;
  ringing: string[];
  waiting_for: string | null;
  data: Record<string, string>;
}

export interface QueueFigures {
  id: number;
  name: string;
  waiting: number;
  ringing: number;
  longest_wait_ms: number;
  agents: AgentCounts;
  average_wait_ms: number | null;
  average_handle_ms: number | null;
  // Today's calls, since the local midnight (docs/acd.md, Today's figures).
  service_level_s: number;
  offered_today: number;
  answered_today: number;
  answered_within_sl_today: number;
  abandoned_today: number;
  abandoned_within_sl_today: number;
  overflowed_today: number;
  // answered within service_level_s ÷ (answered + abandoned after it + overflowed), 0–1; null
  // before any call of the day has an outcome.
  service_level_today: number | null;
  calls?: QueuedCall[];
}

export interface RecentCall {
  id: string;
  direction: string;
  caller: string;
  callee: string;
  started_at: number;
  answered_at: number | null;
  ended_at: number | null;
  talk_ms: number | null;
  disposition: string;
}

// Business data a desktop sends along with call.transfer or call.consult (form fields, a ticket
// draft: any JSON object up to 16 KiB); the desktop offered the call next gets it as `data`.
export type BusinessData = Record<string, unknown>;

// Where call.transfer and call.consult send a call (PBX-3): exactly one of a colleague's
// extension, a queue's name, or a number the user's phone could dial (an IVR flow's or a queue's
// number, a ring group, an outside number with its prefix), which the server routes as that phone
// would and checks against the user's toll permissions.
export type Destination = { extension: string } | { queue: string } | { number: string };
export type DestinationKind = 'extension' | 'queue' | 'number';
export const DESTINATION_KINDS: DestinationKind[] = ['extension', 'queue', 'number'];

// How a consultation (call.consult) goes, as the consulting agent's call.consult events say:
// ringing until someone answers (the extension's phone, the queue's agent, the far party; a flow
// talks at once), failed and ended mean it is over.
export type ConsultState = 'ringing' | 'talking' | 'three_way' | 'transferred' | 'failed' | 'ended';

// The consultation a call of the consulting agent is in: the hello's `consulting`, kept up to date
// from call.consult.
export interface Consulting {
  state: ConsultState;
  // The extension or number consulted, or `queue:NAME` / `flow:NAME` for a service.
  target: string;
  consult_call_id: string;
  // Who the agent brought into its conference before this consultation (targets, oldest first).
  conference?: string[];
}

// On a consultation call offered to the consulted agent: whose customer it is about.
export interface ConsultOrigin {
  call_id: string;
  by: string;
  customer: string;
}

// A call at the user's phone: call.offered's data, plus what the hello adds for calls in progress.
export interface PhoneCall {
  call_id: string;
  extension: string;
  caller: string;
  dialled: string;
  direction: string;
  // The user's phone placed the call (dialled on its keypad, or click-to-dial): the other party is
  // `dialled`, and the pop's last calls are that number's.
  outgoing?: boolean;
  queue: string | null;
  ivr: { flow: string | null; path: string | null; keys: string | null };
  variables: Record<string, string>;
  customer: Record<string, unknown> | null;
  recent_calls?: RecentCall[];
  offered_at: number;
  data?: BusinessData | null;
  consult?: ConsultOrigin | null;
  state?: 'ringing' | 'talking';
  held?: boolean;
  answered_at?: number | null;
  consulting?: Consulting | null;
}

export interface NotReadyReason {
  code: string;
  name_zh: string;
  name_en: string;
}

export interface HelloUser {
  id: number;
  username: string;
  display_name: string;
  role: string;
  extension: string | null;
  tenant_id: number;
}

export interface Hello {
  protocol: number;
  user: HelloUser;
  capabilities: string[];
  commands: string[];
  not_ready_reasons: NotReadyReason[];
  // The user's phone is in do-not-disturb (phone.dnd); older servers leave it out.
  dnd?: boolean;
  agent: AgentView | null;
  queues: QueueFigures[];
  call: PhoneCall | null;
  calls: PhoneCall[];
  // The user's open to-dos whose reminder fired and was neither dismissed nor done, oldest reminder
  // first (at most 20): the desktop pops them at connect. Servers without to-dos leave it out.
  reminders?: Todo[];
}

// phone.dnd: do-not-disturb turned on or off from one of the user's sockets.
export interface PhoneDnd {
  extension: string;
  dnd: boolean;
}

export interface CallRef {
  call_id: string;
  extension: string;
}

export interface CallEnded extends CallRef {
  disposition: string;
  cause: string;
  side: 'caller' | 'callee' | 'system' | null;
}

export interface CallConsult extends CallRef {
  state: ConsultState;
  target: string;
  consult_call_id: string;
  conference?: string[];
  cause: string | null;
}

// A call of the tenant's parking lot, as calls.parked lists it.
export interface ParkedCall {
  slot: number;
  call_id: string;
  caller: string;
  parked_by: string;
  parked_by_user: string;
  parked_at: number;
  ring_back_at: number;
  retrieving_by: string | null;
}

export interface ParkUpdate extends ParkedCall {
  state: 'parked' | 'retrieving' | 'left';
  cause: string | null;
}

// todo.changed: after any REST change of one of the user's to-dos, to all the user's sockets.
export type TodoChanged = { todo: Todo } | { id: number; deleted: true };

export interface ChatMessage {
  from: { user_id: number; username: string };
  to: number | 'all';
  text: string;
}

// Every event the server sends, by name.
export interface EventData {
  hello: Hello;
  'agent.state': AgentView;
  'call.offered': PhoneCall;
  'call.answered': CallRef;
  'call.held': CallRef & { by: string };
  'call.retrieved': CallRef & { by: string };
  'call.transferred': CallRef & { to: string };
  'call.parked': CallRef & { slot: number };
  'call.consult': CallConsult;
  'call.ended': CallEnded;
  'queue.update': QueueFigures;
  'park.update': ParkUpdate;
  'phone.dnd': PhoneDnd;
  message: ChatMessage;
  // A reminder's time came: the to-do, with reminded_at set.
  'todo.reminder': Todo;
  'todo.changed': TodoChanged;
}

export type EventName = keyof EventData;

export interface EventFrame<N extends EventName = EventName> {
  event: N;
  at: string;
  data: EventData[N];
}

// What call.consult answers: the consultation call's id and the destination's key as it was
// asked for ({"queue": "support"}).
export type ConsultResult = { call_id: string; consult_call_id: string } & Partial<Record<DestinationKind, string>>;

// What call.park answers.

export interface ParkResult {
  call_id: string;
  slot: number;
}

// A command's error: the REST API's error with its HTTP status added.
export interface CommandErrorBody {
  status: number;
  code: string;
  field: string | null;
  message: string;
}

export interface ReplyFrame {
  id: string | number | null;
  ok: boolean;
  result?: unknown;
  error?: CommandErrorBody;
  errors?: { field: string; message: string }[];
}

export class CommandError extends Error {
  readonly status: number;
  readonly code: string;
  readonly field: string | null;

  constructor(body: CommandErrorBody) {
    super(body.message);
    this.status = body.status;
    this.code = body.code;
    this.field = body.field;
  }
}
