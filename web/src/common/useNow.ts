import { useEffect, useState } from 'react';

// The current time in Unix ms, re-rendering every `intervalMs`: for times in state that tick.
export function useNow(intervalMs = 1000): number {
  const [now, setNow] = useState(() => Date.now());
  useEffect(() => {
    const timer = setInterval(() => setNow(Date.now()), intervalMs);
    return () => clearInterval(timer);
  }, [intervalMs]);
  return now;
}
