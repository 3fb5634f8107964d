// Desktop notifications (the browser's Notification) for what needs the user while the page's tab
// is hidden: a to-do reminder that pops, a call offered. Off until the user turns them on with
// NotificationSwitch — the browser asks its permission then, on that click, never on load — and
// remembered in localStorage. Shown only while the page is hidden (a visible page has its pops and
// beep); clicking one brings the window to the front.

const STORAGE_KEY = 'hotline.desktop_notifications';

export type NotificationAccess = NotificationPermission | 'unsupported';

export function notificationAccess(): NotificationAccess {
  return typeof Notification === 'undefined' ? 'unsupported' : Notification.permission;
}

export function notificationsWanted(): boolean {
  try {
    return localStorage.getItem(STORAGE_KEY) === 'on';
  } catch {
    return false;
  }
}

export function setNotificationsWanted(wanted: boolean): void {
  try {
    if (wanted) localStorage.setItem(STORAGE_KEY, 'on');
    else localStorage.removeItem(STORAGE_KEY);
  } catch {
    // not remembered: off at the next load
  }
}

// Asks the browser, which only shows its prompt during a user gesture: call it from a click.
export async function askNotificationAccess(): Promise<NotificationAccess> {
  if (typeof Notification === 'undefined') return 'unsupported';
  if (Notification.permission !== 'default') return Notification.permission;
  return Notification.requestPermission();
}

export interface DesktopNotice {
  title: string;
  body?: string;
  // One notice per tag: a second with the same tag replaces the first.
  tag: string;
}

// Shows `notice` when the user wants notifications, the browser allows them and the page is
// hidden; says whether it did.
export function notifyWhileHidden(notice: DesktopNotice): boolean {
  if (typeof document === 'undefined' || document.visibilityState !== 'hidden') return false;
  if (!notificationsWanted() || notificationAccess() !== 'granted') return false;
  try {
    const shown = new Notification(notice.title, { body: notice.body, tag: notice.tag });
    shown.onclick = () => {
      window.focus();
      shown.close();
    };
    return true;
  } catch {
    // Some browsers only notify through a service worker: none then.
    return false;
  }
}
