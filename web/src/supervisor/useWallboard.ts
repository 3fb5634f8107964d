// The wallboard's live data: once the socket is open (again after every reconnect, since a new
// socket has no subscription) it sends live.subscribe, takes the agents and queues it answers,
// then follows every agent.state and queue.update of the tenant. Waiting callers are not in the
// socket's queue figures; they are read again from GET /api/v1/live/queues every few seconds.
import { useEffect, useState } from 'react';
import { api } from '../api/client';
import type { Agent, Items } from '../api/types';
import { useAuth } from '../auth/AuthContext';
import { useCti } from '../cti/CtiContext';
import type { AgentView, EventFrame, QueueFigures } from '../cti/protocol';

const CALLERS_REFRESH_MS = 5000;

export interface Wallboard {
  agents: AgentView[];
  queues: QueueFigures[];
  names: Map<number, string>;
  subscribed: boolean;
  error: string | null;
}

export function useWallboard(): Wallboard {
  const { client, status, hello } = useCti();
  const { can } = useAuth();
  const [agents, setAgents] = useState<Map<number, AgentView>>(new Map());
  const [queues, setQueues] = useState<Map<number, QueueFigures>>(new Map());
  const [names, setNames] = useState<Map<number, string>>(new Map());
  const [subscribed, setSubscribed] = useState(false);
  const [error, setError] = useState<string | null>(null);
  const mayReadNames = can('agents.read');

  useEffect(() => {
    return client.onEvent((frame: EventFrame) => {
      if (frame.event === 'agent.state') {
        const agent = frame.data as AgentView;
        setAgents((previous) => new Map(previous).set(agent.user_id, agent));
      } else if (frame.event === 'queue.update') {
        const figures = frame.data as QueueFigures;
        setQueues((previous) => {
          const calls = previous.get(figures.id)?.calls;
          return new Map(previous).set(figures.id, { ...figures, calls: figures.waiting + figures.ringing > 0 ? calls : [] });
        });
      }
    });
  }, [client]);

  // Every hello is a new socket: subscribe on it.
  useEffect(() => {
    if (status !== 'open' || !hello) return;
    setSubscribed(false);
    client
      .command<{ agents: AgentView[]; queues: QueueFigures[] }>('live.subscribe', { agents: true, queues: true })
      .then((live) => {
        // An event that came before the reply may be newer than the snapshot: keep the newer.
        setAgents((heard) => {
          const next = new Map(live.agents.map((agent) => [agent.user_id, agent]));
          for (const [id, agent] of heard) {
            const snapshot = next.get(id);
            if (snapshot && (agent.state_since ?? 0) > (snapshot.state_since ?? 0)) next.set(id, agent);
          }
          return next;
        });
        setQueues(new Map(live.queues.map((queue) => [queue.id, queue])));
        setSubscribed(true);
        setError(null);
      })
      .catch((failure: Error) => setError(failure.message));
  }, [client, status, hello]);

  useEffect(() => {
    if (!mayReadNames) return;
    api
      .get<Items<Agent>>('/api/v1/agents')
      .then((people) => setNames(new Map(people.items.map((agent) => [agent.id, agent.display_name || agent.username]))))
      .catch(() => undefined);
  }, [mayReadNames]);

  useEffect(() => {
    if (!subscribed) return;
    const timer = setInterval(() => {
      api
        .get<Items<QueueFigures>>('/api/v1/live/queues')
        .then((live) =>
          setQueues((previous) => {
            const next = new Map(previous);
            for (const queue of live.items) next.set(queue.id, { ...(previous.get(queue.id) ?? queue), calls: queue.calls });
            return next;
          }),
        )
        .catch(() => undefined);
    }, CALLERS_REFRESH_MS);
    return () => clearInterval(timer);
  }, [subscribed]);

  const sortedAgents = [...agents.values()].sort((a, b) => a.extension.localeCompare(b.extension));
  const sortedQueues = [...queues.values()].sort((a, b) => a.name.localeCompare(b.name));
  return { agents: sortedAgents, queues: sortedQueues, names, subscribed, error };
}
