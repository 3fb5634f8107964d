// The shapes of the API's answers the console uses, as src/http/openapi.json describes them.

export interface Items<T> {
  items: T[];
}

export interface Page<T> extends Items<T> {
  total: number;
  limit: number;
  offset: number;
}

export interface Me {
  user: {
    id: number;
    username: string;
    display_name: string;
    role: string;
    extension: string | null;
    tenant_id: number;
    tenant_name?: string | null;
  };
  capabilities: string[];
}

export interface LoginResponse {
  token: string;
  expires_at: number;
  user: { id: number; username: string; role: string; tenant_id: number };
}

export interface UserAccount {
  id: number;
  username: string;
  display_name: string;
  role: string;
  extension: string | null;
  created_at: number;
}

export interface Role {
  name: string;
  builtin: boolean;
  capabilities: string[];
}

export interface Extension {
  id: number;
  extension: string;
  display_name: string;
  enabled: boolean;
  registered: boolean;
  created_at: number;
}

export type Strategy = 'ring_all' | 'round_robin' | 'longest_idle' | 'fewest_calls' | 'least_talk_time' | 'skill_level';

export interface Queue {
  id: number;
  name: string;
  skill_id: number | null;
  min_level: number;
  strategy: Strategy;
  max_wait_ms: number;
  max_length: number;
  ring_timeout_ms: number;
  wrap_up_ms: number;
  max_misses: number;
  overflow: { kind: string; target: string } | null;
  music_class: string;
  announce_interval_ms: number;
  survey_flow: string | null;
  service_level_s: number;
  members: number[];
  created_at: number;
}

export interface Skill {
  id: number;
  name: string;
  created_at: number;
}

export interface Agent {
  id: number;
  username: string;
  display_name: string;
  role: string;
  extension: string | null;
  skills: { skill_id: number; name: string; level: number }[];
  queues: { id: number; name: string }[];
}

export interface NotReadyReason {
  id: number;
  code: string;
  name_zh: string;
  name_en: string;
  productive: boolean;
  max_minutes: number | null;
  enabled: boolean;
  sort_order: number;
  created_at: number;
}

export interface NumberRoute {
  id: number;
  pattern: string;
  target_type: string;
  target: string;
  trunk_id: number | null;
  public?: boolean;
  created_at: number;
}

export interface Trunk {
  id: number;
  name: string;
  host: string;
  port: number;
  transport: 'udp' | 'tcp';
  username: string | null;
  has_password: boolean;
  enabled: boolean;
  created_at: number;
}

export interface OutboundRoute {
  id: number;
  pattern: string;
  trunk_id: number;
  trunk_name: string | null;
  priority: number;
  strip_digits: number;
  prepend: string;
  cost_per_minute: number;
  days: string;
  from: string;
  to: string;
  caller_id: string;
  created_at: number;
}

export interface PromptFile {
  name: string;
  shared: boolean;
  duration_ms: number;
  size_bytes: number;
  modified_at: number;
  audio_url?: string;
}

export interface MusicFile {
  name: string;
  duration_ms: number;
  size_bytes: number;
  modified_at: number;
}

export interface MusicClass {
  name: string;
  shared: boolean;
  files: MusicFile[];
}

export interface CallerListEntry {
  id: number;
  kind: 'blacklist' | 'whitelist' | 'vip';
  number: string;
  priority: number;
  note: string;
  created_at: number;
}

export interface Holiday {
  id: number;
  calendar: string;
  date: string;
  name: string;
  created_at: number;
}

export interface Settings {
  tenant: string;
  sip_realm: string;
  recording_mode: 'stereo' | 'mono' | 'off';
  music_class: string;
  language: 'zh-CN' | 'en';
  international_prefixes: string;
  premium_prefixes: string;
}

export interface Backup {
  name: string;
  size_bytes: number;
  created_at: number;
  download_url: string;
}

export interface AuditEntry {
  id: number;
  tenant_id: number | null;
  at: number;
  user_id: number | null;
  username: string;
  role: string;
  remote_address: string;
  action: string;
  object_type: string;
  object_id: string;
  status: number;
  before: unknown;
  after: unknown;
  detail: string;
}

export interface SipBan {
  address: string;
  failures: number;
  banned_until: number;
}

export interface Tenant {
  id: number;
  name: string;
  sip_realm: string;
  seats: number | null;
  is_default: boolean;
  created_at: number;
}

export interface ApiToken {
  id: number;
  name: string;
  scopes: string[];
  created_at: number;
  expires_at: number | null;
  last_used_at: number | null;
}

export interface CreatedApiToken extends ApiToken {
  token: string;
}

export interface Flow {
  id: number;
  name: string;
}

export interface VoicemailBox {
  id: number;
  name: string;
}

// A to-do with an optional reminder (CTI-4, 待办事宜): always the signed-in user's own.
// Times are Unix ms; `reminded_at` is when the reminder popped (null while it is pending).
export interface Todo {
  id: number;
  title: string;
  notes: string;
  due_at: number | null;
  remind_at: number | null;
  reminded_at: number | null;
  done: boolean;
  done_at: number | null;
  call_id: string | null;
  customer_number: string | null;
  created_at: number;
  updated_at: number;
}

export type TodoListState = 'open' | 'done' | 'all';

// POST /api/v1/todos.
export interface TodoDraft {
  title: string;
  notes?: string;
  due_at?: number | null;
  remind_at?: number | null;
  call_id?: string | null;
  customer_number?: string | null;
}

// PATCH /api/v1/todos/{id}: a remind_at other than the current one re-arms the reminder.
export interface TodoPatch {
  title?: string;
  notes?: string;
  due_at?: number | null;
  remind_at?: number | null;
  done?: boolean;
}
