// The app's three workspaces and who may use each: the console (everyone signed in), the agent
// desktop (a user with an extension whose role sets its own agent state) and the wallboard (a role
// above agent: it reads the live views and sets agents' states). An agent-only user starts on the
// desktop, everyone else on the console. A user with to-dos (todos.self) has them on the desktop,
// or, without one (a quality inspector, a department handler), on the console's to-do page.
import type { Me } from '../api/types';

type Can = (capability: string) => boolean;

export function canUseDesk(me: Me | null, can: Can): boolean {
  return !!me?.user.extension && can('agents.state.self');
}

export function canUseWall(can: Can): boolean {
  return can('live.read') && can('agents.state.write');
}

export function hasConsoleTodos(me: Me | null, can: Can): boolean {
  return can('todos.self') && !canUseDesk(me, can);
}

export function homePath(me: Me | null, can: Can): string {
  if (canUseDesk(me, can) && !can('agents.state.write')) return '/desk';
  return '/console';
}

export function capabilitiesOf(me: Me | null): Can {
  const set = new Set(me?.capabilities ?? []);
  return (capability: string) => set.has(capability);
}
