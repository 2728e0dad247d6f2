// The closed vocabularies of the data model (SPEC §2, INTERFACE.md "Values").

export const CHANNELS = ['phone', 'onsite', 'sms', 'wechat', 'email', 'video', 'survey'] as const;
export type Channel = (typeof CHANNELS)[number];

export const OUTCOMES = ['reached', 'no_answer', 'busy', 'wrong_number', 'refused', 'left_message'] as const;
export type Outcome = (typeof OUTCOMES)[number];

export const RESPONDENTS = ['self', 'family', 'colleague'] as const;
export type Respondent = (typeof RESPONDENTS)[number];

export const CUSTOMER_STATUSES = ['active', 'dormant', 'lost', 'do_not_contact'] as const;
export type CustomerStatus = (typeof CUSTOMER_STATUSES)[number];

export const ISSUE_LEVELS = ['urgent', 'important', 'general'] as const;
export type IssueLevel = (typeof ISSUE_LEVELS)[number];

export const ISSUE_CATEGORIES = ['product', 'service', 'delivery', 'price', 'billing', 'followup', 'other'] as const;
export type IssueCategory = (typeof ISSUE_CATEGORIES)[number];

/** Event types the default policy knows; users may record others (a custom type is any word). */
export const KNOWN_EVENT_TYPES = [
  'sale',
  'delivery',
  'order',
  'complaint',
  'complaint_resolved',
  'repair_done',
  'discharge',
  'appointment',
  'life_event',
  'expansion',
  'upgrade',
] as const;

export const HOLIDAY_KINDS = ['workday', 'holiday'] as const;
export type HolidayKind = (typeof HOLIDAY_KINDS)[number];

/** Statuses whose customers are never planned or called (SPEC §3.0). */
export const UNCONTACTABLE_STATUSES: readonly CustomerStatus[] = ['lost', 'do_not_contact'];
