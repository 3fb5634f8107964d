// The tenant's parking lot as a desktop follows it: read once with calls.parked, then changed by
// each park.update. Pure, like deskState.ts. Applying an update twice changes nothing, so updates
// that arrive while the read is under way can be applied again to what it returns.
import type { ParkedCall, ParkUpdate } from './protocol';

export function bySlot(lot: ParkedCall[]): ParkedCall[] {
  return [...lot].sort((a, b) => a.slot - b.slot);
}

export function applyParkUpdate(lot: ParkedCall[], update: ParkUpdate): ParkedCall[] {
  // A call that left is looked up by its id: its slot may hold the next call already.
  if (update.state === 'left') return lot.filter((call) => call.call_id !== update.call_id);
  const { state: _state, cause: _cause, ...parked } = update;
  const others = lot.filter((call) => call.slot !== parked.slot && call.call_id !== parked.call_id);
  return bySlot([...others, parked]);
}
