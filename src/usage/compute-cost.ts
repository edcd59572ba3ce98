// Cost of one request from the catalog's prices (USD per million tokens): cached input at its discounted price,
// cache writes at theirs, reasoning inside output.
import type { CatalogModel } from "../catalog/provider-schema.ts";
import type { IrUsage } from "../protocol/ir.ts";

export type Price = NonNullable<CatalogModel["price"]>;

export function computeCost(usage: IrUsage, price: Price | undefined): number {
  if (!price) return 0;
  const cached = usage.cachedInputTokens ?? 0;
  const cacheWrite = usage.cacheWriteTokens ?? 0;
  const uncached = Math.max(0, usage.inputTokens - cached - cacheWrite);
  const cost =
    uncached * price.input +
    cached * (price.cachedInput ?? price.input) +
    cacheWrite * (price.cacheWrite ?? price.input) +
    usage.outputTokens * price.output;
  return cost / 1_000_000;
}
