CREATE TABLE audit (
  id         INTEGER PRIMARY KEY,
  visit_id   INTEGER NOT NULL REFERENCES visit (id),
  auditor    TEXT,
  audited_at TEXT NOT NULL,
  result     TEXT NOT NULL CHECK (result IN ('confirmed', 'mismatch', 'unreachable')),
  note       TEXT
) STRICT;

CREATE TABLE calendar_override (
  date TEXT PRIMARY KEY,
  kind TEXT NOT NULL CHECK (kind IN ('workday', 'holiday')),
  name TEXT
) STRICT;

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
, next_plan_on TEXT) STRICT;

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

CREATE TABLE issue_transition (
  id          INTEGER PRIMARY KEY,
  issue_id    INTEGER NOT NULL REFERENCES issue (id),
  from_status TEXT NOT NULL,
  to_status   TEXT NOT NULL,
  at          TEXT NOT NULL,
  staff       TEXT,
  note        TEXT
) STRICT;

CREATE TABLE meta (
  key   TEXT PRIMARY KEY,
  value TEXT NOT NULL
) STRICT;

CREATE TABLE policy (
  id         INTEGER PRIMARY KEY CHECK (id = 1),
  document   TEXT NOT NULL,
  updated_on TEXT NOT NULL
) STRICT;

CREATE TABLE staff (
  id             INTEGER PRIMARY KEY,
  name           TEXT NOT NULL UNIQUE,
  role           TEXT NOT NULL DEFAULT 'clerk' CHECK (role IN ('clerk', 'supervisor')),
  daily_capacity INTEGER CHECK (daily_capacity IS NULL OR daily_capacity > 0)
, login TEXT) STRICT;

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

CREATE TABLE visit_task (
  visit_id INTEGER NOT NULL REFERENCES visit (id),
  task_id  INTEGER NOT NULL REFERENCES task (id),
  PRIMARY KEY (visit_id, task_id)
) STRICT;

CREATE INDEX audit_visit ON audit (visit_id);

CREATE INDEX contact_phone ON contact (phone);

CREATE INDEX customer_birthday ON customer (substr(birthday, -5));

CREATE INDEX customer_created ON customer (created_on);

CREATE INDEX customer_name ON customer (name);

CREATE INDEX customer_next_plan ON customer (next_plan_on) WHERE next_plan_on IS NOT NULL;

CREATE INDEX customer_owner ON customer (owner);

CREATE INDEX event_customer ON event (customer_id, occurred_on);

CREATE INDEX event_type ON event (type, occurred_on, customer_id);

CREATE INDEX issue_customer ON issue (customer_id);

CREATE INDEX issue_raised ON issue (raised_at);

CREATE INDEX issue_status ON issue (status);

CREATE INDEX issue_transition_issue ON issue_transition (issue_id);

CREATE UNIQUE INDEX staff_login ON staff (login) WHERE login IS NOT NULL;

CREATE INDEX task_done_visit ON task (done_visit_id) WHERE done_visit_id IS NOT NULL;

CREATE INDEX task_list ON task (status, list_on);

CREATE INDEX task_report ON task (due_on, status, closed_on, deadline, customer_id, assigned_to, channel);

CREATE INDEX task_rule ON task (rule, status, due_on);

CREATE INDEX visit_customer ON visit (customer_id, at);

CREATE INDEX visit_report ON visit (at, outcome, score, customer_id, staff, channel, needs);

CREATE INDEX visit_supersedes ON visit (supersedes) WHERE supersedes IS NOT NULL;

CREATE INDEX visit_task_task ON visit_task (task_id);
