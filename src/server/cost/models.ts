/**
 * Cost models, pure. Per request: the seed's defaults per provider, or the
 * user's figure; per instance: the hourly price of the instance the user names,
 * times the hours in an average month. The model in use always carries its
 * formula, so every figure shown can be checked by hand.
 */
import type { Provider } from '../../shared/categories';
import type { CostModel } from '../../shared/advisors';

/** The seed's per-request figures (USD). */
export const DEFAULT_PER_REQUEST: Record<Provider, number> = {
  postgres: 0.0001,
  mysql: 0.0001,
  mongodb: 0.00015,
  firebase: 0.0002,
  supabase: 0.00008,
};

/** 365.25 × 24 / 12. */
export const HOURS_PER_MONTH = 730.5;

export interface CostSettings {
  /** USD per request, overriding the provider default. */
  perRequest?: number;
  /** USD per hour of the instance (managed offerings); when set, the instance model is used. */
  instancePerHour?: number;
  /** USD per GB-month of storage, for clean-up savings (default 0.125, a typical managed-SSD list price). */
  storagePerGbMonth?: number;
  /** USD per engineer hour, for ROI times (default 100). */
  hourlyRate?: number;
}

export const DEFAULT_STORAGE_PER_GB_MONTH = 0.125;
export const DEFAULT_HOURLY_RATE = 100;

export function costModel(provider: Provider, settings: CostSettings = {}): CostModel {
  if (settings.instancePerHour !== undefined)
    return {
      source: 'settings',
      instancePerHour: settings.instancePerHour,
      formula: `monthly = ${settings.instancePerHour} USD/h × ${HOURS_PER_MONTH} h`,
    };
  const perRequest = settings.perRequest ?? DEFAULT_PER_REQUEST[provider];
  return {
    source: settings.perRequest !== undefined ? 'settings' : 'default',
    perRequest,
    formula: `monthly = requests per month × ${perRequest} USD`,
  };
}

/** The monthly cost under the model, or null when the per-request model has no measured volume. */
export function monthlyCost(model: CostModel, requestsPerMonth: number | null): number | null {
  if (model.instancePerHour !== undefined) return round2(model.instancePerHour * HOURS_PER_MONTH);
  if (model.perRequest === undefined || requestsPerMonth === null) return null;
  return round2(requestsPerMonth * model.perRequest);
}

export function round2(n: number): number {
  return Math.round(n * 100) / 100;
}
