// The service level as the wallboard shows it (SUP-2): a percentage with one decimal, coloured
// against the usual targets — green from 80 %, orange from 60 %, red below — judged on the figure
// shown, so that "80.0 %" is never orange. None before a call of the day has an outcome.
export const SL_TARGET_PERCENT = 80;
export const SL_WARNING_PERCENT = 60;

export type ServiceLevelColor = 'green' | 'orange' | 'red' | 'default';

export function serviceLevelPercent(level: number | null | undefined): number | null {
  if (level === null || level === undefined || !Number.isFinite(level)) return null;
  return Math.round(level * 1000) / 10;
}

export function serviceLevelColor(level: number | null | undefined): ServiceLevelColor {
  const percent = serviceLevelPercent(level);
  if (percent === null) return 'default';
  if (percent >= SL_TARGET_PERCENT) return 'green';
  if (percent >= SL_WARNING_PERCENT) return 'orange';
  return 'red';
}

export function formatServiceLevel(level: number | null | undefined): string {
  const percent = serviceLevelPercent(level);
  return percent === null ? '—' : `${percent.toFixed(1)}%`;
}
