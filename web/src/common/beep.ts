// A short, quiet beep through WebAudio, for a reminder that pops. Where the browser allows no
// sound yet (no user gesture on the page) or has no WebAudio, it stays silent.
let context: AudioContext | null = null;

export function beep(): void {
  try {
    if (typeof AudioContext === 'undefined') return;
    context ??= new AudioContext();
    if (context.state === 'suspended') context.resume().catch(() => undefined);
    const oscillator = context.createOscillator();
    const gain = context.createGain();
    const start = context.currentTime;
    oscillator.frequency.value = 880;
    gain.gain.setValueAtTime(0.08, start);
    gain.gain.exponentialRampToValueAtTime(0.0001, start + 0.25);
    oscillator.connect(gain).connect(context.destination);
    oscillator.start(start);
    oscillator.stop(start + 0.25);
  } catch {
    // no sound is better than a failing pop
  }
}
