/**
 * A staff action's outcome as data (`{ action, outcome, detail }`), recorded (audit chain + the
 * shift's action list) as it is returned. Actions never throw for a device's answer.
 */
import type { DetailValue } from '../../data/audit/audit-log.js';

export interface ActionResult {
  action: string;
  outcome: string;
  detail: string;
}

export type ActionDetail = Record<string, DetailValue>;

/** Records one staff action (the maintenance service: audit as `staff:<id>`, the shift's list, the log). */
export type RecordAction = (action: string, outcome: string, detail: ActionDetail) => void;

/** `k=v` pairs of the fields that are set, for the UI. */
export function describeDetail(detail: ActionDetail): string {
  return Object.entries(detail)
    .filter(([, v]) => v !== null)
    .map(([k, v]) => `${k}=${String(v)}`)
    .join(' ');
}

/** Records an action and returns it as the UI shows it. */
export function actionDone(record: RecordAction, action: string, outcome: string, detail: ActionDetail): ActionResult {
  record(action, outcome, detail);
  return { action, outcome, detail: describeDetail(detail) };
}
