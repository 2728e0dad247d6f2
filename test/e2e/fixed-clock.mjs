// Preloaded (node --import) by the golden tests: the clock reads 2026-11-23 09:30 UTC in every run, so the
// time of day a record is stamped with (`recorded_at`, an open issue's clock) does not depend on when the tests run.
const FIXED = Date.UTC(2026, 10, 23, 9, 30);
class FixedDate extends Date {
  constructor(...args) {
    if (args.length === 0) super(FIXED);
    else super(...args);
  }
  static now() {
    return FIXED;
  }
}
globalThis.Date = FixedDate;
