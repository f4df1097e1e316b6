import { EVENT_TYPES_V2, type EventTypeV2 } from '../../../src/core/events/schema-v2';
import type { EventRow, FilteringStatistics } from '../events/query';
import { categoryLabel, EVENT_TYPE_LABELS } from '../labels';
import { html, options } from './html';
import { layout, type PageContext } from './layout';
import { eventTable } from './parts';
import { PERIODS, type Period } from '../reports/periods';
import { cardTable } from './table';

/** Filtering statistics: routine blocks are counted here, not listed as concerns. */
export function filteringPage(ctx: PageContext, stats: FilteringStatistics, period: Period): string {
  const total = stats.routineByCategory.reduce((n, c) => n + c.events, 0);
  const body = html`<h1>Filtering</h1>
    <form class="filters" method="get" action="/filtering">
      <div>
        <label for="period">Period</label
        ><select id="period" name="period">
          ${options(Object.entries(PERIODS), period)}
        </select>
      </div>
      <div><button type="submit" class="button-primary">Show</button></div>
    </form>
    <p class="lede">
      ${total} blocked visit${total === 1 ? '' : 's'} in this period. Repeated and serious ones also appear as concerns for the DSL.
    </p>
    ${cardTable({
      id: 'by-category',
      caption: 'Blocked visits by category',
      columns: ['Category', 'Blocked visits', 'Devices'],
      rows: stats.routineByCategory.map((c) => ({ cells: [categoryLabel(c.category), c.events, c.devices] })),
    })}
    ${cardTable({
      id: 'by-key-stage',
      caption: 'By key stage',
      columns: ['Key stage', 'Blocked visits'],
      rows: stats.byKeyStage.map((k) => ({ cells: [k.key_stage, k.events] })),
    })}
    ${cardTable({
      id: 'top-sites',
      caption: 'Most blocked sites',
      columns: ['Site', 'Category', 'Blocked visits'],
      rows: stats.topHosts.map((h) => ({ cells: [{ content: h.host, className: 'wrap' }, categoryLabel(h.category), h.events] })),
    })}
    ${cardTable({
      id: 'by-type',
      caption: 'Everything else devices sent',
      columns: ['What', 'How many'],
      rows: stats.byType.map((t) => ({ cells: [EVENT_TYPE_LABELS[t.type as EventTypeV2] ?? t.type, t.events] })),
    })}`;
  return layout(ctx, 'Filtering', body);
}

export interface EventsFilter {
  type?: EventTypeV2 | undefined;
  from?: string | undefined;
  to?: string | undefined;
}

/** Every stored event, newest first, for looking something up and the annual filtering review (CSV). */
export function eventsPage(ctx: PageContext, events: EventRow[], filter: EventsFilter): string {
  const query = new URLSearchParams(Object.entries(filter).filter((e): e is [string, string] => typeof e[1] === 'string')).toString();
  const body = html`<h1>Events</h1>
    <form class="filters" method="get" action="/event-log">
      <div>
        <label for="f-type">What</label
        ><select id="f-type" name="type">
          ${options([['', 'Anything'], ...EVENT_TYPES_V2.map((t) => [t, EVENT_TYPE_LABELS[t]] as const)], filter.type ?? '')}
        </select>
      </div>
      <div><label for="f-from">From</label><input type="date" id="f-from" name="from" value="${filter.from ?? ''}" /></div>
      <div><label for="f-to">To</label><input type="date" id="f-to" name="to" value="${filter.to ?? ''}" /></div>
      <div><button type="submit" class="button-primary">Show</button></div>
      <div><a id="csv" href="/event-log.csv${query ? `?${query}` : ''}">Download as CSV for the filtering review</a></div>
    </form>
    ${events.length ? eventTable(`${events.length} event${events.length === 1 ? '' : 's'} (newest first, at most 500)`, events, true) : html`<p class="panel">No events match.</p>`}`;
  return layout(ctx, 'Events', body);
}
