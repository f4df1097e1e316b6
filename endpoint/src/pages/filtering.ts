import { EVENT_TYPES_V2, type EventTypeV2 } from '../../../src/core/events/schema-v2';
import type { EventRow, FilteringStatistics } from '../events/query';
import { categoryLabel, EVENT_TYPE_LABELS } from '../labels';
import { html, options } from './html';
import { layout, type PageContext } from './layout';
import { eventTable } from './parts';

export const PERIODS = { today: 'Today', '7': 'Last 7 days', '30': 'Last 30 days', '365': 'Last 12 months' } as const;
export type Period = keyof typeof PERIODS;

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
    <table class="cards" id="by-category">
      <caption>
        Blocked visits by category
      </caption>
      <thead>
        <tr>
          <th scope="col">Category</th>
          <th scope="col">Blocked visits</th>
          <th scope="col">Devices</th>
        </tr>
      </thead>
      <tbody>
        ${stats.routineByCategory.map(
          (c) =>
            html`<tr>
              <td data-label="Category">${categoryLabel(c.category)}</td>
              <td data-label="Blocked visits">${c.events}</td>
              <td data-label="Devices">${c.devices}</td>
            </tr>`,
        )}
      </tbody>
    </table>
    <h2>By key stage</h2>
    <table class="cards" id="by-key-stage">
      <thead>
        <tr>
          <th scope="col">Key stage</th>
          <th scope="col">Blocked visits</th>
        </tr>
      </thead>
      <tbody>
        ${stats.byKeyStage.map(
          (k) =>
            html`<tr>
              <td data-label="Key stage">${k.key_stage}</td>
              <td data-label="Blocked visits">${k.events}</td>
            </tr>`,
        )}
      </tbody>
    </table>
    <h2>Most blocked sites</h2>
    <table class="cards" id="top-sites">
      <thead>
        <tr>
          <th scope="col">Site</th>
          <th scope="col">Category</th>
          <th scope="col">Blocked visits</th>
        </tr>
      </thead>
      <tbody>
        ${stats.topHosts.map(
          (h) =>
            html`<tr>
              <td data-label="Site" class="wrap">${h.host}</td>
              <td data-label="Category">${categoryLabel(h.category)}</td>
              <td data-label="Blocked visits">${h.events}</td>
            </tr>`,
        )}
      </tbody>
    </table>
    <h2>Everything else devices sent</h2>
    <table class="cards" id="by-type">
      <thead>
        <tr>
          <th scope="col">What</th>
          <th scope="col">How many</th>
        </tr>
      </thead>
      <tbody>
        ${stats.byType.map(
          (t) =>
            html`<tr>
              <td data-label="What">${EVENT_TYPE_LABELS[t.type as EventTypeV2] ?? t.type}</td>
              <td data-label="How many">${t.events}</td>
            </tr>`,
        )}
      </tbody>
    </table>`;
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
