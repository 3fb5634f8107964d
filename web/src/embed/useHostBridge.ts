// Connects a HostBridge to the parent window for as long as the component lives (none when the
// page is not framed or names no origin).
import { useEffect, useRef, useState } from 'react';
import { HostBridge, type CommandHandler } from './hostBridge';

export function useHostBridge(origin: string | null, handle: CommandHandler): HostBridge | null {
  const handler = useRef(handle);
  useEffect(() => {
    handler.current = handle;
  });
  const [bridge, setBridge] = useState<HostBridge | null>(null);
  useEffect(() => {
    if (!origin || window.parent === window) return;
    const created = new HostBridge(window.parent, origin, (cmd, args) => handler.current(cmd, args));
    created.start();
    setBridge(created);
    return () => {
      created.stop();
      setBridge(null);
    };
  }, [origin]);
  return bridge;
}
