// The tenant's parked calls for the desk: read with calls.parked whenever the socket (re)opens —
// events missed while it was down are not replayed — and followed by park.update in between.
import { useEffect, useRef, useState } from 'react';
import { useCti } from '../cti/CtiContext';
import { applyParkUpdate, bySlot } from '../cti/parkingLot';
import type { ParkedCall, ParkUpdate } from '../cti/protocol';

export function useParkingLot(active: boolean): { lot: ParkedCall[]; loading: boolean } {
  const { client, command, status } = useCti();
  const [lot, setLot] = useState<ParkedCall[]>([]);
  const [loading, setLoading] = useState(false);
  // The updates heard while the read is under way: the answer may predate them.
  const heardDuringRead = useRef<ParkUpdate[] | null>(null);

  useEffect(
    () =>
      client.onEvent((frame) => {
        if (frame.event !== 'park.update') return;
        const update = frame.data as ParkUpdate;
        heardDuringRead.current?.push(update);
        setLot((current) => applyParkUpdate(current, update));
      }),
    [client],
  );

  useEffect(() => {
    if (!active || status !== 'open') return;
    let stale = false;
    const heard: ParkUpdate[] = [];
    heardDuringRead.current = heard;
    setLoading(true);
    command<{ items: ParkedCall[] }>('calls.parked')
      .then((answer) => {
        if (!stale) setLot(heard.reduce((current, update) => applyParkUpdate(current, update), bySlot(answer.items)));
      })
      .catch(() => undefined)
      .finally(() => {
        if (stale) return;
        heardDuringRead.current = null;
        setLoading(false);
      });
    return () => {
      stale = true;
      if (heardDuringRead.current === heard) heardDuringRead.current = null;
    };
  }, [active, status, command]);

  return { lot, loading };
}
