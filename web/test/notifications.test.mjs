// Desktop notifications (src/common/desktopNotifications.ts) without a browser: shown only while
// the page is hidden, the user turned them on and the browser allows them; the permission asked
// only when the user turns them on; a click brings the window to the front. The browser's
// Notification, document, localStorage and window are stand-ins. Run: npm test (in web/)
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { loadTs, requireBundler } from './load_ts.mjs';

requireBundler('the desktop notification units');

const notices = await loadTs('common/desktopNotifications.ts');

class FakeNotification {
  static permission = 'default';
  static shown = [];
  static asked = 0;
  static async requestPermission() {
    FakeNotification.asked += 1;
    FakeNotification.permission = FakeNotification.answer;
    return FakeNotification.answer;
  }
  constructor(title, options) {
    Object.assign(this, { title, ...options, closed: false });
    FakeNotification.shown.push(this);
  }
  close() {
    this.closed = true;
  }
}

function browser({ permission = 'granted', answer = 'granted', visibility = 'hidden' } = {}) {
  const stored = new Map();
  FakeNotification.permission = permission;
  FakeNotification.answer = answer;
  FakeNotification.shown = [];
  FakeNotification.asked = 0;
  globalThis.Notification = FakeNotification;
  globalThis.document = { visibilityState: visibility };
  globalThis.localStorage = {
    getItem: (key) => stored.get(key) ?? null,
    setItem: (key, value) => stored.set(key, String(value)),
    removeItem: (key) => stored.delete(key),
  };
  globalThis.window = { focused: 0, focus() { this.focused += 1; } };
}

const notice = { title: 'To-do reminder', body: 'call back', tag: 'todo-1' };

test('nothing is shown until the user turns notifications on, nor while the page is visible', () => {
  browser();
  assert.equal(notices.notifyWhileHidden(notice), false, 'shown without being turned on');
  notices.setNotificationsWanted(true);
  assert.equal(notices.notificationsWanted(), true);
  document.visibilityState = 'visible';
  assert.equal(notices.notifyWhileHidden(notice), false, 'shown on a visible page');
  document.visibilityState = 'hidden';
  assert.equal(notices.notifyWhileHidden(notice), true);
  assert.deepEqual(FakeNotification.shown.map((n) => [n.title, n.body, n.tag]), [['To-do reminder', 'call back', 'todo-1']]);
  notices.setNotificationsWanted(false);
  assert.equal(notices.notifyWhileHidden(notice), false, 'shown after being turned off');
});

test('a click on one brings the window to the front and closes it', () => {
  browser();
  notices.setNotificationsWanted(true);
  notices.notifyWhileHidden(notice);
  const [shown] = FakeNotification.shown;
  shown.onclick();
  assert.equal(window.focused, 1);
  assert.equal(shown.closed, true);
});

test('the permission is asked only while undecided; a browser that refuses shows nothing', async () => {
  browser({ permission: 'default', answer: 'denied' });
  assert.equal(notices.notificationAccess(), 'default');
  assert.equal(await notices.askNotificationAccess(), 'denied');
  assert.equal(await notices.askNotificationAccess(), 'denied');
  assert.equal(FakeNotification.asked, 1, 'asked again after the user decided');
  notices.setNotificationsWanted(true);
  assert.equal(notices.notifyWhileHidden(notice), false, 'shown without the permission');
});

test('a browser without notifications says so and shows nothing', async () => {
  browser();
  delete globalThis.Notification;
  notices.setNotificationsWanted(true);
  assert.equal(notices.notificationAccess(), 'unsupported');
  assert.equal(await notices.askNotificationAccess(), 'unsupported');
  assert.equal(notices.notifyWhileHidden(notice), false);
});
