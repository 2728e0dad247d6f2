// "Now" as the app layer receives it: read once at the edge (--today, the clock), never inside a use case.
import type { IsoDate } from '../domain/dates.js';

export interface Clock {
  today: IsoDate;
  /** 'YYYY-MM-DD HH:mm' */
  now: string;
  /** Who is working (--user / HUIFANG_USER): the staff a write is recorded under. */
  user?: string | null;
}
