// The month's plan as export rows (`plan --csv`) and as a workbook sheet (`plan --xlsx`): one row model.
import type { MessageKey, Translate } from '../i18n/index.js';
import type { Sheet } from '../io/workbook-writer.js';
import { sheetOfRows, type ColumnTypes } from './sheet-of-rows.js';

export interface PlanExportTask {
  id: number;
  code: string;
  name: string;
  tier: string;
  rule: string;
  /** Already in the user's words (purposeText). */
  purpose: string;
  channel: string;
  due_on: string;
  deadline: string;
  assigned_to: string | null;
  status: string;
  closed_on: string | null;
}

export function planRows(t: Translate, tasks: readonly PlanExportTask[]): (string | number | null)[][] {
  return [
    [t('col.task'), t('col.code'), t('col.name'), t('col.tier'), t('col.rule'), t('col.purpose'), t('col.channel'), t('col.due'), t('col.deadline'), t('col.owner'), t('col.status'), t('col.closedOn')],
    ...tasks.map((r) => [r.id, r.code, r.name, r.tier, r.rule, r.purpose, t(`channel.${r.channel}` as MessageKey), r.due_on, r.deadline, r.assigned_to, t(`taskStatus.${r.status}` as MessageKey), r.closed_on]),
  ];
}

const PLAN_TYPES: ColumnTypes = { 'col.task': 'integer', 'col.due': 'date', 'col.deadline': 'date', 'col.closedOn': 'date' };

export function planSheet(t: Translate, tasks: readonly PlanExportTask[]): Sheet {
  return sheetOfRows(t, t('sheet.plan'), planRows(t, tasks), PLAN_TYPES);
}
