// The one numbered list of schema migrations for both stores; SQLite's `PRAGMA user_version` or PostgreSQL's schema_version table records how many ran.

export interface Migration {
  version: number;
  name: string;
  /** The step on SQLite. */
  sql: string;
  /** The same step on PostgreSQL (its types, identity columns, collation). */
  postgres: string;
}

/**
 * Never edit a migration that has shipped: add a new one. The schema snapshot test
 * (test/store/schema.test.ts) fails when the resulting schema changes unexpectedly.
 */
export const migrations: readonly Migration[] = [
  {
    version: 1,
    name: 'initial schema (SPEC §2)',
    sql: `
CREATE TABLE meta (
  key   TEXT PRIMARY KEY,
  value TEXT NOT NULL
) STRICT;

-- 回访专员 / 主管. Staff are created on first mention (an owner, a visit's clerk).
CREATE TABLE staff (
  id             INTEGER PRIMARY KEY,
  name           TEXT NOT NULL UNIQUE,
  role           TEXT NOT NULL DEFAULT 'clerk' CHECK (role IN ('clerk', 'supervisor')),
  daily_capacity INTEGER CHECK (daily_capacity IS NULL OR daily_capacity > 0)
) STRICT;

-- 回访对象. tier_source says whether the tier was given or derived from annual_purchase.
CREATE TABLE customer (
  id              INTEGER PRIMARY KEY,
  code            TEXT NOT NULL UNIQUE,
  name            TEXT NOT NULL,
  tier            TEXT NOT NULL,
  tier_source     TEXT NOT NULL CHECK (tier_source IN ('explicit', 'amount', 'default')),
  annual_purchase REAL,
  industry        TEXT,
  owner           TEXT,
  since           TEXT,
  birthday        TEXT,
  tags            TEXT NOT NULL DEFAULT '',
  status          TEXT NOT NULL DEFAULT 'active'
                  CHECK (status IN ('active', 'dormant', 'lost', 'do_not_contact')),
  notes           TEXT,
  created_on      TEXT NOT NULL
) STRICT;
CREATE INDEX customer_owner ON customer (owner);
CREATE INDEX customer_name ON customer (name);
-- Birthday greetings look customers up by month and day ('MM-DD'), whether or not the year is known.
CREATE INDEX customer_birthday ON customer (substr(birthday, -5));

-- 联系人. needs_correction is set when a call reached a wrong number (SPEC §3.4).
CREATE TABLE contact (
  id               INTEGER PRIMARY KEY,
  customer_id      INTEGER NOT NULL REFERENCES customer (id),
  name             TEXT NOT NULL,
  role             TEXT,
  phone            TEXT,
  is_primary       INTEGER NOT NULL DEFAULT 0 CHECK (is_primary IN (0, 1)),
  needs_correction INTEGER NOT NULL DEFAULT 0 CHECK (needs_correction IN (0, 1)),
  UNIQUE (customer_id, name)
) STRICT;
CREATE INDEX contact_phone ON contact (phone);

-- 事件. natural_key makes re-imports idempotent: the ref when given, else the whole row.
CREATE TABLE event (
  id            INTEGER PRIMARY KEY,
  customer_id   INTEGER NOT NULL REFERENCES customer (id),
  type          TEXT NOT NULL,
  occurred_on   TEXT NOT NULL,
  occurred_time TEXT,
  amount        REAL,
  ref           TEXT,
  note          TEXT,
  natural_key   TEXT NOT NULL UNIQUE
) STRICT;
CREATE INDEX event_customer ON event (customer_id, occurred_on);

-- 回访记录. Never edited in place: a correction is a new row whose supersedes names the old one.
CREATE TABLE visit (
  id          INTEGER PRIMARY KEY,
  customer_id INTEGER NOT NULL REFERENCES customer (id),
  contact_id  INTEGER REFERENCES contact (id),
  staff       TEXT,
  at          TEXT NOT NULL,
  channel     TEXT NOT NULL CHECK (channel IN ('phone', 'onsite', 'sms', 'wechat', 'email', 'video', 'survey')),
  outcome     TEXT NOT NULL
              CHECK (outcome IN ('reached', 'no_answer', 'busy', 'wrong_number', 'refused', 'left_message')),
  respondent  TEXT CHECK (respondent IS NULL OR respondent IN ('self', 'family', 'colleague')),
  score       INTEGER CHECK (score IS NULL OR score BETWEEN 1 AND 5),
  feedback    TEXT,
  needs       TEXT,
  signatory   TEXT,
  source      TEXT NOT NULL CHECK (source IN ('log', 'import')),
  -- 1 when the clerk named the tasks this visit served (visit_task is then the input, not derived).
  serves_explicit INTEGER NOT NULL DEFAULT 0 CHECK (serves_explicit IN (0, 1)),
  supersedes  INTEGER REFERENCES visit (id),
  natural_key TEXT UNIQUE,
  recorded_at TEXT NOT NULL,
  CHECK (outcome <> 'reached' OR score IS NOT NULL)
) STRICT;
CREATE INDEX visit_customer ON visit (customer_id, at);
CREATE INDEX visit_at ON visit (at);
-- Planning skips corrected visits: finding "is this visit superseded?" must not scan the table.
CREATE INDEX visit_supersedes ON visit (supersedes) WHERE supersedes IS NOT NULL;

-- 问题 and its SLA clocks (SPEC §3.4), fixed when the issue is raised.
CREATE TABLE issue (
  id           INTEGER PRIMARY KEY,
  customer_id  INTEGER NOT NULL REFERENCES customer (id),
  visit_id     INTEGER REFERENCES visit (id),
  category     TEXT NOT NULL
               CHECK (category IN ('product', 'service', 'delivery', 'price', 'billing', 'followup', 'other')),
  level        TEXT NOT NULL CHECK (level IN ('urgent', 'important', 'general')),
  description  TEXT NOT NULL,
  department   TEXT,
  status       TEXT NOT NULL DEFAULT 'open'
               CHECK (status IN ('open', 'responded', 'resolved', 'confirmed', 'reopened')),
  raised_at    TEXT NOT NULL,
  respond_by   TEXT NOT NULL,
  plan_by      TEXT,
  resolve_by   TEXT NOT NULL,
  responded_at TEXT,
  resolved_at  TEXT,
  confirmed_at TEXT
) STRICT;
CREATE INDEX issue_customer ON issue (customer_id);
CREATE INDEX issue_status ON issue (status);

-- Every issue transition, timestamped, with its note.
CREATE TABLE issue_transition (
  id          INTEGER PRIMARY KEY,
  issue_id    INTEGER NOT NULL REFERENCES issue (id),
  from_status TEXT NOT NULL,
  to_status   TEXT NOT NULL,
  at          TEXT NOT NULL,
  staff       TEXT,
  note        TEXT
) STRICT;
CREATE INDEX issue_transition_issue ON issue_transition (issue_id);

-- 回访计划项. source_key identifies what planned the task so planning stays idempotent.
CREATE TABLE task (
  id                INTEGER PRIMARY KEY,
  customer_id       INTEGER NOT NULL REFERENCES customer (id),
  rule              TEXT NOT NULL,
  source_key        TEXT NOT NULL,
  purpose           TEXT NOT NULL,
  channel           TEXT NOT NULL,
  due_on            TEXT NOT NULL,
  deadline          TEXT NOT NULL,
  window_opens      TEXT NOT NULL,
  assigned_to       TEXT,
  status            TEXT NOT NULL DEFAULT 'open'
                    CHECK (status IN ('open', 'done', 'cancelled', 'refused', 'unreachable', 'missed')),
  attempts          INTEGER NOT NULL DEFAULT 0,
  retry_on          TEXT,
  rescheduled_to    TEXT,
  -- The day the task shows on the call list: its due date, moved by a reschedule or a retry.
  list_on           TEXT NOT NULL,
  reschedule_reason TEXT,
  event_id          INTEGER REFERENCES event (id),
  issue_id          INTEGER REFERENCES issue (id),
  origin_visit_id   INTEGER REFERENCES visit (id),
  done_visit_id     INTEGER REFERENCES visit (id),
  closed_on         TEXT,
  close_reason      TEXT,
  UNIQUE (customer_id, rule, source_key)
) STRICT;
CREATE INDEX task_list ON task (status, list_on);
CREATE INDEX task_due ON task (due_on);
-- Reminders whose appointment has passed are found by rule without reading every open task.
CREATE INDEX task_rule ON task (rule, status, due_on);
CREATE INDEX task_customer ON task (customer_id, status);

-- Which tasks a visit fulfilled.
CREATE TABLE visit_task (
  visit_id INTEGER NOT NULL REFERENCES visit (id),
  task_id  INTEGER NOT NULL REFERENCES task (id),
  PRIMARY KEY (visit_id, task_id)
) STRICT;
CREATE INDEX visit_task_task ON visit_task (task_id);

-- 抽查 (SPEC §3.9).
CREATE TABLE audit (
  id         INTEGER PRIMARY KEY,
  visit_id   INTEGER NOT NULL REFERENCES visit (id),
  auditor    TEXT,
  audited_at TEXT NOT NULL,
  result     TEXT NOT NULL CHECK (result IN ('confirmed', 'mismatch', 'unreachable')),
  note       TEXT
) STRICT;
CREATE INDEX audit_visit ON audit (visit_id);

-- Working-day overrides: 调休 working weekends and holidays the calendar package does not know.
CREATE TABLE calendar_override (
  date TEXT PRIMARY KEY,
  kind TEXT NOT NULL CHECK (kind IN ('workday', 'holiday')),
  name TEXT
) STRICT;

-- The policy (SPEC §3) as one validated JSON document.
CREATE TABLE policy (
  id         INTEGER PRIMARY KEY CHECK (id = 1),
  document   TEXT NOT NULL,
  updated_on TEXT NOT NULL
) STRICT;
`,
    // The same schema on PostgreSQL: text compared byte by byte (COLLATE "C"), as SQLite does, so both stores sort alike.
    postgres: `
CREATE TABLE meta (
  key   text COLLATE "C" PRIMARY KEY,
  value text COLLATE "C" NOT NULL
);

-- 回访专员 / 主管. Staff are created on first mention (an owner, a visit's clerk).
CREATE TABLE staff (
  id             integer GENERATED BY DEFAULT AS IDENTITY PRIMARY KEY,
  name           text COLLATE "C" NOT NULL UNIQUE,
  role           text COLLATE "C" NOT NULL DEFAULT 'clerk' CHECK (role IN ('clerk', 'supervisor')),
  daily_capacity integer CHECK (daily_capacity IS NULL OR daily_capacity > 0)
);

-- 回访对象. tier_source says whether the tier was given or derived from annual_purchase.
CREATE TABLE customer (
  id              integer GENERATED BY DEFAULT AS IDENTITY PRIMARY KEY,
  code            text COLLATE "C" NOT NULL UNIQUE,
  name            text COLLATE "C" NOT NULL,
  tier            text COLLATE "C" NOT NULL,
  tier_source     text COLLATE "C" NOT NULL CHECK (tier_source IN ('explicit', 'amount', 'default')),
  annual_purchase double precision,
  industry        text COLLATE "C",
  owner           text COLLATE "C",
  since           text COLLATE "C",
  birthday        text COLLATE "C",
  tags            text COLLATE "C" NOT NULL DEFAULT '',
  status          text COLLATE "C" NOT NULL DEFAULT 'active'
                  CHECK (status IN ('active', 'dormant', 'lost', 'do_not_contact')),
  notes           text COLLATE "C",
  created_on      text COLLATE "C" NOT NULL
);
CREATE INDEX customer_owner ON customer (owner);
CREATE INDEX customer_name ON customer (name);
-- Birthday greetings look customers up by month and day ('MM-DD'), whether or not the year is known.
CREATE INDEX customer_birthday ON customer (right(birthday, 5));

-- 联系人. needs_correction is set when a call reached a wrong number (SPEC §3.4).
CREATE TABLE contact (
  id               integer GENERATED BY DEFAULT AS IDENTITY PRIMARY KEY,
  customer_id      integer NOT NULL REFERENCES customer (id),
  name             text COLLATE "C" NOT NULL,
  role             text COLLATE "C",
  phone            text COLLATE "C",
  is_primary       integer NOT NULL DEFAULT 0 CHECK (is_primary IN (0, 1)),
  needs_correction integer NOT NULL DEFAULT 0 CHECK (needs_correction IN (0, 1)),
  UNIQUE (customer_id, name)
);
CREATE INDEX contact_phone ON contact (phone);

-- 事件. natural_key makes re-imports idempotent: the ref when given, else the whole row.
CREATE TABLE event (
  id            integer GENERATED BY DEFAULT AS IDENTITY PRIMARY KEY,
  customer_id   integer NOT NULL REFERENCES customer (id),
  type          text COLLATE "C" NOT NULL,
  occurred_on   text COLLATE "C" NOT NULL,
  occurred_time text COLLATE "C",
  amount        double precision,
  ref           text COLLATE "C",
  note          text COLLATE "C",
  natural_key   text COLLATE "C" NOT NULL UNIQUE
);
CREATE INDEX event_customer ON event (customer_id, occurred_on);

-- 回访记录. Never edited in place: a correction is a new row whose supersedes names the old one.
CREATE TABLE visit (
  id          integer GENERATED BY DEFAULT AS IDENTITY PRIMARY KEY,
  customer_id integer NOT NULL REFERENCES customer (id),
  contact_id  integer REFERENCES contact (id),
  staff       text COLLATE "C",
  at          text COLLATE "C" NOT NULL,
  channel     text COLLATE "C" NOT NULL CHECK (channel IN ('phone', 'onsite', 'sms', 'wechat', 'email', 'video', 'survey')),
  outcome     text COLLATE "C" NOT NULL
              CHECK (outcome IN ('reached', 'no_answer', 'busy', 'wrong_number', 'refused', 'left_message')),
  respondent  text COLLATE "C" CHECK (respondent IS NULL OR respondent IN ('self', 'family', 'colleague')),
  score       integer CHECK (score IS NULL OR score BETWEEN 1 AND 5),
  feedback    text COLLATE "C",
  needs       text COLLATE "C",
  signatory   text COLLATE "C",
  source      text COLLATE "C" NOT NULL CHECK (source IN ('log', 'import')),
  -- 1 when the clerk named the tasks this visit served (visit_task is then the input, not derived).
  serves_explicit integer NOT NULL DEFAULT 0 CHECK (serves_explicit IN (0, 1)),
  supersedes  integer REFERENCES visit (id),
  natural_key text COLLATE "C" UNIQUE,
  recorded_at text COLLATE "C" NOT NULL,
  CHECK (outcome <> 'reached' OR score IS NOT NULL)
);
CREATE INDEX visit_customer ON visit (customer_id, at);
CREATE INDEX visit_at ON visit (at);
-- Planning skips corrected visits: finding "is this visit superseded?" must not scan the table.
CREATE INDEX visit_supersedes ON visit (supersedes) WHERE supersedes IS NOT NULL;

-- 问题 and its SLA clocks (SPEC §3.4), fixed when the issue is raised.
CREATE TABLE issue (
  id           integer GENERATED BY DEFAULT AS IDENTITY PRIMARY KEY,
  customer_id  integer NOT NULL REFERENCES customer (id),
  visit_id     integer REFERENCES visit (id),
  category     text COLLATE "C" NOT NULL
               CHECK (category IN ('product', 'service', 'delivery', 'price', 'billing', 'followup', 'other')),
  level        text COLLATE "C" NOT NULL CHECK (level IN ('urgent', 'important', 'general')),
  description  text COLLATE "C" NOT NULL,
  department   text COLLATE "C",
  status       text COLLATE "C" NOT NULL DEFAULT 'open'
               CHECK (status IN ('open', 'responded', 'resolved', 'confirmed', 'reopened')),
  raised_at    text COLLATE "C" NOT NULL,
  respond_by   text COLLATE "C" NOT NULL,
  plan_by      text COLLATE "C",
  resolve_by   text COLLATE "C" NOT NULL,
  responded_at text COLLATE "C",
  resolved_at  text COLLATE "C",
  confirmed_at text COLLATE "C"
);
CREATE INDEX issue_customer ON issue (customer_id);
CREATE INDEX issue_status ON issue (status);

-- Every issue transition, timestamped, with its note.
CREATE TABLE issue_transition (
  id          integer GENERATED BY DEFAULT AS IDENTITY PRIMARY KEY,
  issue_id    integer NOT NULL REFERENCES issue (id),
  from_status text COLLATE "C" NOT NULL,
  to_status   text COLLATE "C" NOT NULL,
  at          text COLLATE "C" NOT NULL,
  staff       text COLLATE "C",
  note        text COLLATE "C"
);
CREATE INDEX issue_transition_issue ON issue_transition (issue_id);

-- 回访计划项. source_key identifies what planned the task so planning stays idempotent.
CREATE TABLE task (
  id                integer GENERATED BY DEFAULT AS IDENTITY PRIMARY KEY,
  customer_id       integer NOT NULL REFERENCES customer (id),
  rule              text COLLATE "C" NOT NULL,
  source_key        text COLLATE "C" NOT NULL,
  purpose           text COLLATE "C" NOT NULL,
  channel           text COLLATE "C" NOT NULL,
  due_on            text COLLATE "C" NOT NULL,
  deadline          text COLLATE "C" NOT NULL,
  window_opens      text COLLATE "C" NOT NULL,
  assigned_to       text COLLATE "C",
  status            text COLLATE "C" NOT NULL DEFAULT 'open'
                    CHECK (status IN ('open', 'done', 'cancelled', 'refused', 'unreachable', 'missed')),
  attempts          integer NOT NULL DEFAULT 0,
  retry_on          text COLLATE "C",
  rescheduled_to    text COLLATE "C",
  -- The day the task shows on the call list: its due date, moved by a reschedule or a retry.
  list_on           text COLLATE "C" NOT NULL,
  reschedule_reason text COLLATE "C",
  event_id          integer REFERENCES event (id),
  issue_id          integer REFERENCES issue (id),
  origin_visit_id   integer REFERENCES visit (id),
  done_visit_id     integer REFERENCES visit (id),
  closed_on         text COLLATE "C",
  close_reason      text COLLATE "C",
  UNIQUE (customer_id, rule, source_key)
);
CREATE INDEX task_list ON task (status, list_on);
CREATE INDEX task_due ON task (due_on);
-- Reminders whose appointment has passed are found by rule without reading every open task.
CREATE INDEX task_rule ON task (rule, status, due_on);
CREATE INDEX task_customer ON task (customer_id, status);

-- Which tasks a visit fulfilled.
CREATE TABLE visit_task (
  visit_id integer NOT NULL REFERENCES visit (id),
  task_id  integer NOT NULL REFERENCES task (id),
  PRIMARY KEY (visit_id, task_id)
);
CREATE INDEX visit_task_task ON visit_task (task_id);

-- 抽查 (SPEC §3.9).
CREATE TABLE audit (
  id         integer GENERATED BY DEFAULT AS IDENTITY PRIMARY KEY,
  visit_id   integer NOT NULL REFERENCES visit (id),
  auditor    text COLLATE "C",
  audited_at text COLLATE "C" NOT NULL,
  result     text COLLATE "C" NOT NULL CHECK (result IN ('confirmed', 'mismatch', 'unreachable')),
  note       text COLLATE "C"
);
CREATE INDEX audit_visit ON audit (visit_id);

-- Working-day overrides: 调休 working weekends and holidays the calendar package does not know.
CREATE TABLE calendar_override (
  date text COLLATE "C" PRIMARY KEY,
  kind text COLLATE "C" NOT NULL CHECK (kind IN ('workday', 'holiday')),
  name text COLLATE "C"
);

-- The policy (SPEC §3) as one validated JSON document.
CREATE TABLE policy (
  id         integer PRIMARY KEY CHECK (id = 1),
  document   text COLLATE "C" NOT NULL,
  updated_on text COLLATE "C" NOT NULL
);
`,
  },
  {
    version: 2,
    name: 'covering indexes for the report aggregates (issue 11 §5)',
    sql: `
-- The report counts a period's tasks, calls and issues with grouped queries; these indexes hold every
-- column those queries read, so a month is one range scan of an index instead of random table pages.
CREATE INDEX task_report ON task (due_on, status, closed_on, deadline, customer_id, assigned_to, channel);
CREATE INDEX visit_report ON visit (at, outcome, score, customer_id, staff, channel, needs);
-- Orders and sales of a period: which customers' reached calls may have converted.
CREATE INDEX event_type ON event (type, occurred_on, customer_id);
CREATE INDEX issue_raised ON issue (raised_at);
`,
    // The same schema on PostgreSQL: text compared byte by byte (COLLATE "C"), as SQLite does, so both stores sort alike.
    postgres: `
-- The report counts a period's tasks, calls and issues with grouped queries; these indexes hold every
-- column those queries read, so a month is one range scan of an index instead of random table pages.
CREATE INDEX task_report ON task (due_on) INCLUDE (status, closed_on, deadline, customer_id, assigned_to, channel);
-- INCLUDE, not key columns: a long needs text would exceed a b-tree key.
CREATE INDEX visit_report ON visit (at) INCLUDE (outcome, score, customer_id, staff, channel, needs);
-- Orders and sales of a period: which customers' reached calls may have converted.
CREATE INDEX event_type ON event (type, occurred_on, customer_id);
CREATE INDEX issue_raised ON issue (raised_at);
`,
  },
  {
    version: 3,
    name: 'plan in bulk: next plan date per customer; index lookups for log (issue 11)',
    sql: `
-- The first horizon end at which time alone changes the customer's plan (the planner's
-- nextPlanDate); NULL: none. The monthly horizon move re-plans only customers with one by then.
-- Stores planned before the column existed are re-planned whole at their next horizon move.
ALTER TABLE customer ADD COLUMN next_plan_on TEXT;
UPDATE customer SET next_plan_on = '0000-01-01';
CREATE INDEX customer_next_plan ON customer (next_plan_on) WHERE next_plan_on IS NOT NULL;
-- The first-contact spread reads the customers recorded on given days.
CREATE INDEX customer_created ON customer (created_on);
-- log reads the tasks its visit did: a lookup, not a scan of every task.
CREATE INDEX task_done_visit ON task (done_visit_id) WHERE done_visit_id IS NOT NULL;
`,
    // The same schema on PostgreSQL: text compared byte by byte (COLLATE "C"), as SQLite does, so both stores sort alike.
    postgres: `
-- The first horizon end at which time alone changes the customer's plan (the planner's
-- nextPlanDate); NULL: none. The monthly horizon move re-plans only customers with one by then.
-- Stores planned before the column existed are re-planned whole at their next horizon move.
ALTER TABLE customer ADD COLUMN next_plan_on text COLLATE "C";
UPDATE customer SET next_plan_on = '0000-01-01';
CREATE INDEX customer_next_plan ON customer (next_plan_on) WHERE next_plan_on IS NOT NULL;
-- The first-contact spread reads the customers recorded on given days.
CREATE INDEX customer_created ON customer (created_on);
-- log reads the tasks its visit did: a lookup, not a scan of every task.
CREATE INDEX task_done_visit ON task (done_visit_id) WHERE done_visit_id IS NOT NULL;
`,
  },
  {
    version: 4,
    name: 'team mode: staff logins; row-level security by role on PostgreSQL (issue 14, SPEC §5–§6)',
    // A file store cannot grade access (whoever holds the file reads all of it): it only records the
    // login, so that a store copied onto a server keeps who is who.
    sql: `
-- The database login of a staff member (team mode on PostgreSQL); NULL: none.
ALTER TABLE staff ADD COLUMN login TEXT;
CREATE UNIQUE INDEX staff_login ON staff (login) WHERE login IS NOT NULL;
`,
    // Access graded by role, enforced by the server itself, so that it holds for any client (psql
    // too), not only for huifang (SPEC §5, 002 §19 普通员工仅查看本人回访记录,管理层可查看全量数据):
    // - The store owner (the login that ran init) owns the tables: row-level security does not
    //   apply to it (no FORCE), and it alone may import, change the policy, the calendar or staff.
    // - Two group roles (NOLOGIN) per store, huifang_<database>_clerk and _supervisor: their names
    //   carry the database's because roles are cluster-wide, and two stores on one server (a
    //   department's and a test one) must not share a clerk's grants. 'huifang staff set NAME
    //   --role R --login L' makes login L a member of the one for R.
    // - A clerk's login reads and writes only the customers whose owner is her staff name
    //   (staff.login = current_user) and their contacts, events, tasks, visits, issues, issue
    //   transitions and audits; a supervisor's sees and writes all of them. Both read meta, staff,
    //   the policy and the calendar; only a supervisor may also write meta (the monthly horizon
    //   move, which must see every customer).
    // Row-level security is on from this migration: until the roles exist no one but the owner
    // reads a row. The roles, their grants and their policies are made by huifang_setup_group_roles
    // at the first 'staff set --login', not here: init then needs no CREATEROLE, and stores without
    // team members (every test database) leave nothing behind in the cluster.
    postgres: `
ALTER TABLE staff ADD COLUMN login text COLLATE "C";
CREATE UNIQUE INDEX staff_login ON staff (login) WHERE login IS NOT NULL;

ALTER TABLE customer ENABLE ROW LEVEL SECURITY;
ALTER TABLE contact ENABLE ROW LEVEL SECURITY;
ALTER TABLE event ENABLE ROW LEVEL SECURITY;
ALTER TABLE task ENABLE ROW LEVEL SECURITY;
ALTER TABLE visit ENABLE ROW LEVEL SECURITY;
ALTER TABLE visit_task ENABLE ROW LEVEL SECURITY;
ALTER TABLE issue ENABLE ROW LEVEL SECURITY;
ALTER TABLE issue_transition ENABLE ROW LEVEL SECURITY;
ALTER TABLE audit ENABLE ROW LEVEL SECURITY;

-- The functions name their tables with the store's schema and search pg_temp last: a clerk's own
-- temporary table called staff cannot stand in for the real one.
DO $migration$
DECLARE
  s text := current_schema();
  -- 'huifang_<database>', or a digest of a database name too long for a role name (63 bytes).
  base text := CASE WHEN octet_length(current_database()) <= 40 THEN 'huifang_' || current_database()
                    ELSE 'huifang_' || left(md5(current_database()), 16) END;
BEGIN
  -- The store's group role of a kind, 'clerk' or 'supervisor' (fixed when the store was made).
  EXECUTE format($f$
    CREATE FUNCTION %1$I.huifang_group_role(kind text) RETURNS text
    LANGUAGE sql IMMUTABLE SET search_path = pg_catalog, pg_temp
    AS $body$ SELECT %2$L || '_' || kind $body$
  $f$, s, base);

  -- The staff name of the session's login; NULL for a login on no staff row (which then sees nothing).
  -- Policies call it as a scalar subquery, evaluated once per statement, not once per row.
  EXECUTE format($f$
    CREATE FUNCTION %1$I.huifang_staff_name() RETURNS text
    LANGUAGE sql STABLE SET search_path = pg_catalog, pg_temp
    AS $body$ SELECT name FROM %1$I.staff WHERE login = current_user $body$
  $f$, s);

  -- Create the group roles when missing (false, and nothing done, when this login may not:
  -- no CREATEROLE), grant them their tables, and give them their policies. Run by every 'staff
  -- set --login': idempotent, and policies are created only once (CREATE POLICY locks its table
  -- against every reader). A later migration that adds a table adds it here.
  EXECUTE format($f$
    CREATE FUNCTION %1$I.huifang_setup_group_roles() RETURNS boolean
    LANGUAGE plpgsql SET search_path = pg_catalog, pg_temp
    AS $body$
    DECLARE
      s text := %2$L;
      clerk text := %1$I.huifang_group_role('clerk');
      supervisor text := %1$I.huifang_group_role('supervisor');
      r text;
      t text;
      mine text;
      -- A clerk's rows: her customers, and what belongs to them. A record of a record (a visit's
      -- task links, an issue's transitions, an audit) is hers when its parent is: the parent's own
      -- policy applies inside. Correlated EXISTS lets the planner choose per statement between one
      -- index lookup a row (log, customer show) and one hashed list of her customers (report, due).
      own_customer text := format('EXISTS (SELECT 1 FROM %%1$I.customer c WHERE c.id = %%%%1$I.customer_id AND c.owner = (SELECT %%1$I.huifang_staff_name()))', s);
      rules text[][] := ARRAY[
        ARRAY['customer', format('owner = (SELECT %%I.huifang_staff_name())', s), ''],
        ARRAY['contact', own_customer, ''],
        ARRAY['event', own_customer, ''],
        ARRAY['task', own_customer, ''],
        ARRAY['visit', own_customer, ''],
        ARRAY['issue', own_customer, ''],
        ARRAY['visit_task', format('EXISTS (SELECT 1 FROM %%1$I.visit v WHERE v.id = visit_task.visit_id)', s),
              format(' AND EXISTS (SELECT 1 FROM %%1$I.task t WHERE t.id = visit_task.task_id)', s)],
        ARRAY['issue_transition', format('EXISTS (SELECT 1 FROM %%1$I.issue i WHERE i.id = issue_transition.issue_id)', s), ''],
        ARRAY['audit', format('EXISTS (SELECT 1 FROM %%1$I.visit v WHERE v.id = audit.visit_id)', s), '']
      ];
    BEGIN
      FOREACH r IN ARRAY ARRAY[clerk, supervisor] LOOP
        IF NOT EXISTS (SELECT 1 FROM pg_roles WHERE rolname = r) THEN
          IF NOT EXISTS (SELECT 1 FROM pg_roles WHERE rolname = current_user AND (rolsuper OR rolcreaterole)) THEN
            RETURN false;
          END IF;
          EXECUTE format('CREATE ROLE %%I NOLOGIN', r);
        END IF;
        EXECUTE format('GRANT CONNECT ON DATABASE %%I TO %%I', current_database(), r);
        EXECUTE format('GRANT USAGE ON SCHEMA %%I TO %%I', s, r);
        -- Read by every command (the plan horizon, the calendar, who is a supervisor); written by the owner.
        EXECUTE format('GRANT SELECT ON %%1$I.schema_version, %%1$I.meta, %%1$I.staff, %%1$I.policy, %%1$I.calendar_override TO %%2$I', s, r);
        -- Customers' records: which rows, the policies below say.
        EXECUTE format('GRANT SELECT, INSERT, UPDATE ON %%1$I.customer, %%1$I.contact, %%1$I.event, %%1$I.task, %%1$I.visit,'
          ' %%1$I.visit_task, %%1$I.issue, %%1$I.issue_transition, %%1$I.audit TO %%2$I', s, r);
        -- Re-planning a customer removes the untouched tasks it no longer wants, and their derived links.
        EXECUTE format('GRANT DELETE ON %%1$I.task, %%1$I.visit_task TO %%2$I', s, r);
      END LOOP;
      -- The monthly horizon move marks its progress in meta: only a login that sees every customer.
      EXECUTE format('GRANT INSERT, UPDATE ON %%I.meta TO %%I', s, supervisor);
      -- A clerk's policies add subplans whose estimated cost crosses jit_above_cost: JIT-compiling
      -- each statement then costs 0.3-0.8 s (measured: due's task read 20 ms without, 775 ms with),
      -- for queries that run in milliseconds. Off for every session of this database when this
      -- login may say so (it owns the database): other clients too (psql), not only huifang's sessions.
      IF EXISTS (SELECT 1 FROM pg_database WHERE datname = current_database() AND pg_has_role(current_user, datdba, 'USAGE')) THEN
        EXECUTE format('ALTER DATABASE %%I SET jit = off', current_database());
      END IF;
      FOR i IN 1 .. array_length(rules, 1) LOOP
        t := rules[i][1];
        IF NOT EXISTS (SELECT 1 FROM pg_policies WHERE schemaname = s AND tablename = t AND policyname = 'clerk_own') THEN
          mine := format(rules[i][2], t);
          EXECUTE format('CREATE POLICY clerk_own ON %%I.%%I TO %%I USING (%%s) WITH CHECK (%%s%%s)', s, t, clerk, mine, mine, rules[i][3]);
        END IF;
        IF NOT EXISTS (SELECT 1 FROM pg_policies WHERE schemaname = s AND tablename = t AND policyname = 'supervisor_all') THEN
          EXECUTE format('CREATE POLICY supervisor_all ON %%I.%%I TO %%I USING (true) WITH CHECK (true)', s, t, supervisor);
        END IF;
      END LOOP;
      RETURN true;
    END
    $body$
  $f$, s, s);
  -- Only the owner sets team mode up (a clerk calling it could do nothing, but need not try).
  EXECUTE format('REVOKE EXECUTE ON FUNCTION %I.huifang_setup_group_roles() FROM PUBLIC', s);
END
$migration$;
`,
  },
  {
    version: 5,
    name: 'drop three indexes that others already cover (issue 11)',
    // Every row written updates each index of its table: an import of 100k new customers writes 112k
    // tasks, and raw SQLite inserts of those rows took 2.32 s with task_due and task_customer and
    // 1.76 s without them. None serves a query the others do not: task_report begins with due_on, the
    // unique (customer_id, rule, source_key) index with customer_id (a customer has a handful of
    // tasks, so filtering them by status after the lookup costs nothing), and visit_report with at.
    sql: `
DROP INDEX task_due;
DROP INDEX task_customer;
DROP INDEX visit_at;
`,
    postgres: `
DROP INDEX task_due;
DROP INDEX task_customer;
DROP INDEX visit_at;
`,
  },
];

export const latestVersion = migrations.length;
