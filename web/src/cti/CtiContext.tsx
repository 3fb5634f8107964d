// The CTI for React: one CtiClient per signed-in page, its connection status and the desk state
// (agent, calls, queues, messages, to-do reminders) built from the hello and events. `offers(cmd)` says whether the
// user may run a command (hello.commands): controls for commands the server does not offer stay
// hidden or disabled, never faked.
import { createContext, useCallback, useContext, useEffect, useMemo, useReducer, useState, type ReactNode } from 'react';
import { api } from '../api/client';
import { CtiClient, type ConnectionStatus } from './CtiClient';
import {
  addSentMessage,
  applyEvent,
  applyTodoChange,
  consultStarted,
  currentCall,
  EMPTY_DESK,
  type CallOnDesk,
  type DeskState,
} from './deskState';
import type { ConsultResult, EventFrame, TodoChanged } from './protocol';

export interface CtiState extends DeskState {
  client: CtiClient;
  status: ConnectionStatus;
  current: CallOnDesk | null;
  offers: (cmd: string) => boolean;
  command: <T = unknown>(cmd: string, args?: Record<string, unknown>) => Promise<T>;
  // This desktop changed a to-do over REST: its pop and list follow at once, without waiting for
  // the todo.changed event (which then changes nothing more).
  todoChanged: (change: TodoChanged) => void;
}

const CtiContext = createContext<CtiState | null>(null);

type Action =
  | { type: 'event'; frame: EventFrame }
  | { type: 'sent'; to: number | 'all'; text: string }
  | { type: 'todo'; change: TodoChanged }
  | { type: 'consulted'; result: ConsultResult };

function reduce(state: DeskState, action: Action): DeskState {
  if (action.type === 'event') return applyEvent(state, action.frame);
  if (action.type === 'todo') return applyTodoChange(state, action.change);
  if (action.type === 'consulted') return consultStarted(state, action.result);
  return addSentMessage(state, action.to, action.text);
}

export function CtiProvider({ children, client: given }: { children: ReactNode; client?: CtiClient }) {
  const [client] = useState(() => given ?? new CtiClient());
  const [status, setStatus] = useState<ConnectionStatus>(client.status);
  const [desk, dispatch] = useReducer(reduce, EMPTY_DESK);

  useEffect(() => {
    const offEvent = client.onEvent((frame) => dispatch({ type: 'event', frame }));
    const offStatus = client.onStatus((next) => {
      setStatus(next);
      // A socket that will not open may mean the session is over: /auth/me answers 401 then, and
      // the auth context sends the user to the login page.
      if (next === 'reconnecting' || next === 'ended') api.get('/api/v1/auth/me').catch(() => undefined);
    });
    client.start();
    return () => {
      offEvent();
      offStatus();
      client.stop();
    };
  }, [client]);

  const command = useCallback(
    async <T,>(cmd: string, args?: Record<string, unknown>): Promise<T> => {
      const result = await client.command<T>(cmd, args);
      if (cmd === 'message.send' && args) dispatch({ type: 'sent', to: args.to as number | 'all', text: String(args.text) });
      if (cmd === 'call.consult') dispatch({ type: 'consulted', result: result as ConsultResult });
      return result;
    },
    [client],
  );

  const todoChanged = useCallback((change: TodoChanged) => dispatch({ type: 'todo', change }), []);

  const value = useMemo<CtiState>(() => {
    const commands = new Set(desk.hello?.commands ?? []);
    return {
      ...desk,
      client,
      status,
      current: currentCall(desk),
      offers: (cmd: string) => commands.has(cmd),
      command,
      todoChanged,
    };
  }, [desk, client, status, command, todoChanged]);

  return <CtiContext.Provider value={value}>{children}</CtiContext.Provider>;
}

export function useCti(): CtiState {
  const state = useContext(CtiContext);
  if (!state) throw new Error('useCti outside CtiProvider');
  return state;
}
