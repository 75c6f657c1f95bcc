import { LoggerService } from '@backstage/backend-plugin-api';
import { RateCard } from '../config/rateCard';
import { ServingSplitRow, ServingSplitStore } from '../database/types';
import { addDays, toDay } from '../service/dates';
import { chargebackRows } from './chargebackRows';
import { ServingUsageSource } from './types';

/** How far back completed days are filled (the gpu-metrics backend's limit). */
export const CHARGEBACK_DAYS = 30;

/** What one run did. */
export interface ChargebackSummary {
  /** Days stored complete in this run. */
  days: string[];
  /** Days stored from an answer with errors, to be fetched again. */
  incomplete: string[];
  /** Days that could not be read at all (logged), tried again next run. */
  failed: string[];
  rows: number;
}

/**
 * Daily inference chargeback: for every completed UTC day of the last 30
 * not yet stored, reads every model server's figures of that day from the
 * gpu-metrics backend (`/serving/servers?day=`), prices and splits each
 * server's GPU cost among the teams that called it (chargebackRows) and
 * replaces the day's splits. A day whose answer had errors is stored but
 * fetched again next run; re-running a day replaces it.
 */
export class ServingChargebackJob {
  static create(options: {
    store: ServingSplitStore;
    source: ServingUsageSource;
    rateCard?: RateCard;
    logger: LoggerService;
    now?: () => Date;
  }): ServingChargebackJob {
    return new ServingChargebackJob(options);
  }

  private constructor(
    private readonly options: {
      store: ServingSplitStore;
      source: ServingUsageSource;
      rateCard?: RateCard;
      logger: LoggerService;
      now?: () => Date;
    },
  ) {}

  private now(): Date {
    return this.options.now?.() ?? new Date();
  }

  /** Fills the completed days of the last 30 that are not stored yet. */
  async run(): Promise<ChargebackSummary> {
    const summary: ChargebackSummary = {
      days: [],
      incomplete: [],
      failed: [],
      rows: 0,
    };
    if (!this.options.rateCard) {
      this.options.logger.warn(
        'No GPU rate card configured; inference chargeback is not computed',
      );
      return summary;
    }
    const yesterday = addDays(toDay(this.now().getTime()), -1);
    const first = addDays(yesterday, -(CHARGEBACK_DAYS - 1));
    const stored = new Set(
      await this.options.store.completeDays(first, yesterday),
    );
    for (let day = first; day <= yesterday; day = addDays(day, 1)) {
      if (stored.has(day)) continue;
      try {
        const { complete, rows } = await this.runDay(day);
        (complete ? summary.days : summary.incomplete).push(day);
        summary.rows += rows;
      } catch (error) {
        // One unreadable day (a backend restarting, a clock at the 30-day
        // edge) must not hold back the others.
        this.options.logger.warn('Inference chargeback of a day failed', {
          day,
          error: String(error),
        });
        summary.failed.push(day);
      }
    }
    return summary;
  }

  /** Computes and replaces one completed day's splits. */
  async runDay(day: string): Promise<{ complete: boolean; rows: number }> {
    const { rateCard, source, store, logger } = this.options;
    if (!rateCard) return { complete: false, rows: 0 };
    const fleet = await source.servers({ day });
    const rows: ServingSplitRow[] = [];
    const unpriced = [];
    for (const server of fleet.servers) {
      const result = chargebackRows(server, rateCard, day);
      rows.push(...result.rows);
      unpriced.push(...result.unpriced);
    }
    const complete = fleet.errors.length === 0;
    if (!complete) {
      logger.warn('Serving figures incomplete; the day is fetched again', {
        day,
        errors: fleet.errors.map(e => `${e.cluster}: ${e.message}`).join('; '),
      });
    }
    if (unpriced.length) {
      logger.warn('Serving GPU-hours without a rate were not charged back', {
        day,
        problems: unpriced.map(e => e.message).join('; '),
      });
    }
    await store.replaceServingDay({
      day,
      rows,
      complete,
      servers: fleet.servers.length,
      computedAt: this.now().toISOString(),
    });
    return { complete, rows: rows.length };
  }
}
