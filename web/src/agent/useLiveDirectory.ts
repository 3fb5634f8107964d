// The tenant's agents and queues as they are now (GET /api/v1/live/agents and /live/queues), for
// choosing where to transfer a call; with the agents' names when the role may read them.
import { useCallback, useEffect, useState } from 'react';
import { api } from '../api/client';
import type { Agent, Items } from '../api/types';
import { useAuth } from '../auth/AuthContext';
import type { AgentView, QueueFigures } from '../cti/protocol';

export interface LiveDirectory {
  agents: AgentView[];
  queues: QueueFigures[];
  names: Map<number, string>;
  loading: boolean;
  error: unknown;
  reload: () => void;
}

export function useLiveDirectory(active: boolean): LiveDirectory {
  const { can } = useAuth();
  const [agents, setAgents] = useState<AgentView[]>([]);
  const [queues, setQueues] = useState<QueueFigures[]>([]);
  const [names, setNames] = useState<Map<number, string>>(new Map());
  const [loading, setLoading] = useState(false);
  const [error, setError] = useState<unknown>(null);
  const mayReadNames = can('agents.read');

  const reload = useCallback(() => {
    setLoading(true);
    setError(null);
    Promise.all([
      api.get<Items<AgentView>>('/api/v1/live/agents'),
      api.get<Items<QueueFigures>>('/api/v1/live/queues'),
      mayReadNames ? api.get<Items<Agent>>('/api/v1/agents') : Promise.resolve({ items: [] as Agent[] }),
    ])
      .then(([live, liveQueues, people]) => {
        setAgents(live.items);
        setQueues(liveQueues.items);
        setNames(new Map(people.items.map((agent) => [agent.id, agent.display_name || agent.username])));
      })
      .catch(setError)
      .finally(() => setLoading(false));
  }, [mayReadNames]);

  useEffect(() => {
    if (active) reload();
  }, [active, reload]);

  return { agents, queues, names, loading, error, reload };
}
