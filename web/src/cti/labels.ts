// How agent states and reasons read in the UI: the state's colour and label, a not-ready reason's
// name in the user's language (from the tenant's reasons, else the event's own names, else the code).
import type { TFunction } from 'i18next';
import type { AgentStateName, AgentView, NotReadyReason } from './protocol';

export const STATE_COLORS: Record<AgentStateName, string> = {
  logged_out: 'default',
  ready: 'green',
  not_ready: 'orange',
  ringing: 'gold',
  talking: 'blue',
  wrap_up: 'purple',
};

export const STATE_CHART_COLORS: Record<AgentStateName, string> = {
  logged_out: '#bfbfbf',
  ready: '#52c41a',
  not_ready: '#fa8c16',
  ringing: '#fadb14',
  talking: '#1677ff',
  wrap_up: '#722ed1',
};

export const AGENT_STATES: AgentStateName[] = ['ready', 'ringing', 'talking', 'wrap_up', 'not_ready', 'logged_out'];

export function reasonName(
  code: string | null | undefined,
  reasons: NotReadyReason[],
  zh: boolean,
  agent?: Pick<AgentView, 'reason_name_zh' | 'reason_name_en'>,
): string {
  if (!code) return '';
  const known = reasons.find((reason) => reason.code === code);
  if (known) return zh ? known.name_zh : known.name_en;
  const named = zh ? agent?.reason_name_zh : agent?.reason_name_en;
  return named ?? code;
}

// "Not ready · Lunch": the state, and the reason when the agent is not ready.
export function stateLabel(t: TFunction, agent: AgentView, reasons: NotReadyReason[], zh: boolean): string {
  const state = t(`cti.state.${agent.state}`);
  if (agent.state !== 'not_ready') return state;
  const reason = reasonName(agent.reason, reasons, zh, agent);
  return reason ? `${state} · ${reason}` : state;
}
