import type { KioskConfigInput } from './schema.js';
import { demoCatalog } from './demo-catalog.js';

/**
 * The embedded defaults: a demo terminal on emulated devices. A site file only states what
 * differs (see README, "Configuration").
 */
export const defaults: KioskConfigInput = {
  terminal: {
    id: 'demo-0001',
    hallId: 'demo-hall',
    hallName: {
      'zh-CN': '演示行政服务中心 24小时自助服务区',
      'zh-HK': '演示行政服務中心 24小時自助服務區',
      en: 'Demo Administrative Service Centre, 24-hour self-service area',
    },
    // The shipped terminal model: the card reader in the middle of the shelf, the QR scanner on its right.
    panel: { cardReader: 'centre', qrScanner: 'right' },
  },
  locale: { default: 'zh-CN', available: ['zh-CN', 'zh-HK', 'en'] },
  session: { idleSeconds: 90, warningSeconds: 30, elderIdleMultiplier: 2, endingSeconds: 10, doorLeftOpenSeconds: 60 },
  devices: [
    { id: 'idcard', kind: 'idcard', transport: { type: 'emulated' } },
    { id: 'receipt', kind: 'receipt-printer', transport: { type: 'emulated' } },
    { id: 'a4', kind: 'a4-printer', transport: { type: 'emulated' } },
    { id: 'locker', kind: 'locker', transport: { type: 'emulated' } },
    { id: 'scanner', kind: 'scanner', transport: { type: 'emulated' } },
    { id: 'face-camera', kind: 'camera', transport: { type: 'emulated' }, options: { role: 'face' } },
    // The document camera (高拍仪) over the A4 stage: paper materials are photographed with it (#16).
    { id: 'doc-camera', kind: 'camera', transport: { type: 'emulated' }, options: { role: 'doc' } },
  ],
  catalog: demoCatalog,
  backoffice: { url: 'http://127.0.0.1:8620/', timeoutMs: 5000 },
  host: { port: 0, chromiumPath: '/usr/bin/chromium', kiosk: true },
  privacy: {
    mask: { keepStart: 1, keepEnd: 1, char: '*' },
    retentionDays: 7,
    // The personal-information handler named on the consent screen (PIPL art. 17).
    dataHandler: { 'zh-CN': '演示行政服务中心', 'zh-HK': '演示行政服務中心', en: 'Demo Administrative Service Centre' },
  },
  sync: { pollSeconds: 30, backoffBaseMs: 1000, backoffMaxMs: 300_000, batchSize: 50, parallel: 4, auditShipSeconds: 60 },
  audit: { retentionDays: 200, checkpointEvery: 100, checkpointMinutes: 15 },
  fleet: { repository: null, trustedRoot: null, pollSeconds: 300, healthWindowSeconds: 60 },
  staff: {
    // Demo only (works on emulated devices only): badge STAFF-0001 + PIN 246810, or TOTP with the
    // secret below as staff `demo-night`. See docs/maintenance.md; a site lists its own staff.
    members: [
      {
        staffId: 'demo-night',
        name: '值班员（演示）',
        cardHash: 'demo:1383df320902e5c47a22e40bdf35d6cd8b98a56bee1c07903d279ad802662423',
        pinHash: 'scrypt$16384$8$1$tTqUgcaIflrnWT7FNs7jTQ==$qY8YHW/XKGMgDP228Y8DYdWv3IUzjDnIkR/hwczs3xk=',
        totpSecret: 'JBSWY3DPEHPK3PXPJBSWY3DPEHPK3PXP',
        demo: true,
      },
    ],
    maxAttempts: 5,
    lockoutBaseSeconds: 30,
    lockoutMaxSeconds: 3600,
    idleSeconds: 300,
    waitForCitizenSeconds: 60,
    totpWindow: 1,
    cleaningSeconds: 60,
    allowExitToOs: false,
    compartmentSizes: {},
    defaultSize: 'M',
  },
  supervision: {
    uiPingSeconds: 15,
    uiAnswerSeconds: 10,
    uiGraceSeconds: 30,
    maxReloads: 3,
    reloadWindowMinutes: 10,
    reloadBackoffBaseMs: 1000,
    reloadBackoffMaxMs: 60_000,
    minRestartGapMinutes: 10,
    maxRestarts: 3,
    restartWindowMinutes: 60,
    rebootCommand: null,
    dailyRestart: { enabled: true, start: '03:30', end: '04:30' },
    resourceSampleMinutes: 10,
  },
  logging: { level: 'info', rotateMiB: 10, keepFiles: 200 },
};
