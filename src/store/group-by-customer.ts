// Rows read for many customers at once, handed out per customer (set-based reads, per-customer rules).

export function groupByCustomer<T extends { customer_id: number }>(rows: readonly T[]): Map<number, T[]> {
  const byCustomer = new Map<number, T[]>();
  for (const r of rows) {
    const list = byCustomer.get(r.customer_id);
    if (list) list.push(r);
    else byCustomer.set(r.customer_id, [r]);
  }
  return byCustomer;
}
