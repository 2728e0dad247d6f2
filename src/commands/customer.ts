// `huifang customer list|show|add|set|remove`: customers by hand, and a customer's profile and timeline.
import type { Context } from '../cli/context.js';
import { contactToDial } from '../domain/contact-to-dial.js';
import { nextListed } from '../domain/due-list.js';
import { purposeText, tierNames } from '../domain/policy.js';
import type { CustomerStatus } from '../domain/vocabulary.js';
import { InputError } from '../errors.js';
import { hasMessage, vocabularyLabel, type MessageKey } from '../i18n/index.js';
import {
  parseAmount,
  parseBirthday,
  parseCustomerStatus,
  parseDate,
  parsePhone,
  parseTags,
  parseTier,
  type Parsed,
} from '../io/parse-values.js';
import { toJson } from '../render/json.js';
import { renderPairs, renderTable } from '../render/table.js';
import {
  contactsOf,
  CustomerRepo,
  deleteCustomer,
  hasHistory,
  listCustomers,
  type CustomerInput,
  type CustomerRow,
} from '../store/customers.js';
import { inWriteTransaction, openStore, type Db } from '../store/db.js';
import { loadCalendar, planContext, replan } from '../store/plan-sync.js';
import { loadPolicy } from '../store/policy-store.js';
import { timelineOf } from '../store/timeline.js';
import { OptionChecker } from './option-values.js';

interface ListOptions {
  tier?: string;
  staff?: string;
  status?: string;
  search?: string;
  json?: boolean;
  reveal?: boolean;
}

const label = (ctx: Context, prefix: string, value: string | null | undefined) =>
  value ? ctx.t(`${prefix}.${value}` as MessageKey) : '';

export function customerList(ctx: Context, options: ListOptions): void {
  const db = openStore(ctx.dbPath, { readonly: true });
  try {
    const check = new OptionChecker();
    const tiers = tierNames(loadPolicy(db));
    const tier = check.value('--tier', options.tier, (t) => parseTier(t, tiers));
    const status = check.value('--status', options.status, parseCustomerStatus);
    check.done();
    const rows = listCustomers(db, { tier, owner: options.staff, status, search: options.search });
    if (options.json) {
      ctx.stdout.write(toJson(rows.map((r) => ({ ...publicCustomer(r), contact: { name: r.contact_name, phone: r.contact_phone } })), { reveal: options.reveal }));
      return;
    }
    if (rows.length === 0) {
      ctx.stdout.write(`${ctx.t('customer.noneFound')}\n`);
      return;
    }
    const t = ctx.t;
    ctx.stdout.write(
      `${renderTable(
        [
          { header: t('col.code') },
          { header: t('col.name') },
          { header: t('col.tier') },
          { header: t('col.industry') },
          { header: t('col.owner') },
          { header: t('col.contact') },
          { header: t('col.phone') },
          { header: t('col.status') },
        ],
        rows.map((r) => [
          r.code,
          r.name,
          r.tier,
          r.industry ?? '',
          r.owner ?? '',
          r.contact_name ?? '',
          r.contact_phone ?? '',
          r.status === 'active' ? label(ctx, 'status', r.status) : ctx.color.yellow(label(ctx, 'status', r.status)),
        ]),
      )}\n`,
    );
    ctx.stdout.write(`${t('customer.count', { count: rows.length })}\n`);
  } finally {
    db.close();
  }
}

/** The customer as JSON consumers see it: tags as a list, no internal ids. */
function publicCustomer(r: CustomerRow) {
  return {
    code: r.code,
    name: r.name,
    tier: r.tier,
    tier_source: r.tier_source,
    annual_purchase: r.annual_purchase,
    industry: r.industry,
    owner: r.owner,
    since: r.since,
    birthday: r.birthday,
    tags: r.tags ? r.tags.split(',') : [],
    status: r.status,
    notes: r.notes,
  };
}

function requireCustomer(db: Db, code: string, ctx: Context, policy = loadPolicy(db)): CustomerRow {
  const row = new CustomerRepo(db, policy, ctx.today).find(code);
  if (!row) throw new InputError('customer.unknown', { code });
  return row;
}

export function customerShow(ctx: Context, code: string, options: { json?: boolean; reveal?: boolean }): void {
  const db = openStore(ctx.dbPath, { readonly: true });
  try {
    const policy = loadPolicy(db);
    const c = requireCustomer(db, code, ctx, policy);
    const contacts = contactsOf(db, c.id);
    const timeline = timelineOf(db, c.id);
    const calendar = loadCalendar(db);
    const listed = nextListed(timeline.openTasks.map((k) => k.list_on), contacts, ctx.today, calendar);
    const waitsForNumber = contactToDial(contacts).kind === 'correct';
    if (options.json) {
      ctx.stdout.write(
        toJson({
          customer: publicCustomer(c),
          contacts: contacts.map(({ id: _id, customer_id: _c, ...rest }) => ({
            ...rest,
            is_primary: rest.is_primary === 1,
            needs_correction: rest.needs_correction === 1,
          })),
          events: timeline.events.map(({ customer_id: _c, natural_key: _k, ...e }) => e),
          visits: timeline.visits.map(({ customer_id: _c, natural_key: _k, ...v }) => v),
          issues: timeline.issues,
          // Tasks keep the Chinese purpose they were planned with; output says it in the user's language.
          open_tasks: timeline.openTasks.map((k) => ({ ...k, purpose: purposeText(policy, k.rule, ctx.lang, k.purpose) })),
          next_listed: listed,
          number_to_correct: waitsForNumber,
        }, { reveal: options.reveal }),
      );
      return;
    }
    const t = ctx.t;
    const { bold, dim } = ctx.color;
    ctx.stdout.write(`${bold(`${c.code}  ${c.name}`)}\n`);
    ctx.stdout.write(
      `${renderPairs([
        [t('col.tier'), `${c.tier}${c.tier_source === 'amount' ? dim(` (${t('customer.tierFromAmount')})`) : ''}`],
        [t('col.annualPurchase'), c.annual_purchase === null ? '' : c.annual_purchase.toLocaleString('zh-CN')],
        [t('col.industry'), c.industry ?? ''],
        [t('col.owner'), c.owner ?? ''],
        [t('col.since'), c.since ?? ''],
        [t('col.birthday'), c.birthday ?? ''],
        [t('col.tags'), c.tags.split(',').filter(Boolean).map((x) => vocabularyLabel(t, 'tag', x)).join(t('list.separator'))],
        [t('col.status'), label(ctx, 'status', c.status)],
        [t('col.notes'), c.notes ?? ''],
      ])}\n`,
    );
    if (contacts.length) {
      ctx.stdout.write(`\n${bold(t('customer.contacts'))}\n`);
      ctx.stdout.write(
        `${renderTable(
          [{ header: t('col.contact') }, { header: t('col.role') }, { header: t('col.phone') }, { header: '' }],
          contacts.map((k) => [
            k.name,
            k.role ?? '',
            k.needs_correction ? ctx.color.red(`${k.phone ?? ''} ${t('customer.wrongNumber')}`) : (k.phone ?? ''),
            k.is_primary ? t('customer.primary') : '',
          ]),
        )}\n`,
      );
    }
    const entries: [string, string, string][] = [
      ...timeline.events.map((e): [string, string, string] => [
        `${e.occurred_on}${e.occurred_time ? ` ${e.occurred_time}` : ''}`,
        hasMessage(`eventType.${e.type}`) ? label(ctx, 'eventType', e.type) : e.type,
        [e.ref, e.amount !== null ? `¥${e.amount.toLocaleString('zh-CN')}` : null, e.note].filter(Boolean).join('  '),
      ]),
      ...timeline.visits.map((v): [string, string, string] => {
        // Visit numbers are what `log --amend VISIT` takes; a corrected record is marked, not hidden.
        const what = `${t('customer.visit')} #${v.id} · ${label(ctx, 'channel', v.channel)}`;
        const detail = [
          label(ctx, 'outcome', v.outcome),
          v.score !== null ? t('customer.score', { score: v.score }) : null,
          v.staff,
          v.feedback,
          v.supersedes ? t('customer.supersedes', { id: v.supersedes }) : null,
          v.superseded_by ? t('customer.supersededBy', { id: v.superseded_by }) : null,
        ]
          .filter(Boolean)
          .join('  ');
        return [v.at, v.superseded_by ? dim(what) : what, v.superseded_by ? dim(detail) : detail];
      }),
      ...timeline.issues.map((i): [string, string, string] => [
        i.raised_at,
        `${t('customer.issue')} #${i.id}`,
        `${label(ctx, 'level', i.level)} · ${label(ctx, 'issueStatus', i.status)}  ${i.description}`,
      ]),
    ];
    entries.sort((a, b) => a[0].localeCompare(b[0]));
    ctx.stdout.write(`\n${bold(t('customer.timeline'))}\n`);
    ctx.stdout.write(
      entries.length
        ? `${renderTable([{ header: t('col.date') }, { header: t('col.what') }, { header: t('col.detail') }], entries)}\n`
        : `${dim(t('customer.noHistory'))}\n`,
    );
    ctx.stdout.write(`\n${bold(t('customer.openTasks'))}\n`);
    ctx.stdout.write(
      timeline.openTasks.length
        ? `${renderTable(
            [
              { header: '#' },
              { header: t('col.purpose') },
              { header: t('col.channel') },
              { header: t('col.due') },
              { header: t('col.deadline') },
              { header: t('col.listedOn') },
            ],
            timeline.openTasks.map((k) => [
              String(k.id),
              purposeText(policy, k.rule, ctx.lang, k.purpose),
              label(ctx, 'channel', k.channel),
              k.due_on,
              k.deadline,
              k.list_on,
            ]),
          )}\n`
        : `${dim(t('customer.noOpenTasks'))}\n`,
    );
    if (waitsForNumber) ctx.stdout.write(`${ctx.color.magenta(t('customer.waitsForNumber', { code: c.code }))}\n`);
    else if (listed) ctx.stdout.write(`${t('customer.nextListed', { date: listed })}\n`);
  } finally {
    db.close();
  }
}

interface FieldOptions {
  name?: string;
  tier?: string;
  annualPurchase?: string;
  industry?: string;
  owner?: string;
  since?: string;
  birthday?: string;
  tags?: string;
  contact?: string;
  phone?: string;
  notes?: string;
  status?: string;
  json?: boolean;
}

/** Turn command options into a customer input, checking every value (all problems at once). */
function inputFromOptions(code: string, o: FieldOptions, tiers: string[], ctx: Context): CustomerInput {
  const check = new OptionChecker();
  // An empty code was stored, and no command can name that customer afterwards.
  if (code.trim() === '') check.problems.push({ column: '<code>', key: 'import.required' });
  const since = check.value('--since', o.since, parseDate);
  if (since && since > ctx.today) check.problems.push({ column: '--since', key: 'value.future', params: { value: since } });
  const input: CustomerInput = {
    code,
    name: o.name,
    tier: check.value('--tier', o.tier, (t) => parseTier(t, tiers)),
    annual_purchase: check.value('--annual-purchase', o.annualPurchase, parseAmount),
    industry: o.industry,
    owner: o.owner,
    since,
    birthday: check.value('--birthday', o.birthday, parseBirthday),
    tags: o.tags !== undefined ? parseTags(o.tags) : undefined,
    status: check.value('--status', o.status, parseCustomerStatus as (t: string) => Parsed<CustomerStatus>),
    notes: o.notes,
  };
  const phone = check.value('--phone', o.phone, parsePhone);
  if (o.contact !== undefined || phone !== undefined) input.contact = { name: o.contact ?? null, phone: phone ?? null };
  if (o.name !== undefined && o.name.trim() === '') check.problems.push({ column: '--name', key: 'import.required' });
  check.done();
  return input;
}

function writeCustomer(ctx: Context, code: string, options: FieldOptions, mustExist: boolean): void {
  const db = openStore(ctx.dbPath);
  try {
    const policy = loadPolicy(db);
    const repo = new CustomerRepo(db, policy, ctx.today);
    const input = inputFromOptions(code, options, tierNames(policy), ctx);
    const outcome = inWriteTransaction(db, () => {
      const existing = repo.find(code);
      if (mustExist && !existing) throw new InputError('customer.unknown', { code });
      if (!mustExist && existing) throw new InputError('customer.exists', { code });
      const written = repo.upsert(input);
      // A new tier, status or start date changes what is planned (a lost customer's calls are cancelled).
      replan(db, [written.id], planContext(db, ctx.today, policy));
      return written.outcome;
    });
    const row = repo.find(code) as CustomerRow;
    if (options.json) {
      ctx.stdout.write(toJson({ outcome, customer: publicCustomer(row) }));
      return;
    }
    const key = outcome === 'inserted' ? 'customer.added' : outcome === 'updated' ? 'customer.updated' : 'customer.unchanged';
    ctx.stdout.write(`${ctx.t(key, { code: row.code, name: row.name, tier: row.tier })}\n`);
  } finally {
    db.close();
  }
}

export function customerAdd(ctx: Context, code: string, options: FieldOptions): void {
  writeCustomer(ctx, code, options, false);
}

export function customerSet(ctx: Context, code: string, options: FieldOptions): void {
  writeCustomer(ctx, code, options, true);
}

/** Only a customer with no history may be deleted; others are marked lost or do_not_contact (SPEC §5). */
export function customerRemove(ctx: Context, code: string): void {
  const db = openStore(ctx.dbPath);
  try {
    const removed = inWriteTransaction(db, () => {
      const c = requireCustomer(db, code, ctx);
      if (hasHistory(db, c.id)) throw new InputError('customer.hasHistory', { code: c.code });
      deleteCustomer(db, c.id);
      return c.code;
    });
    ctx.stdout.write(`${ctx.t('customer.removed', { code: removed })}\n`);
  } finally {
    db.close();
  }
}
