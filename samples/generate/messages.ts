/**
 * Writes Segment-spec messages (track / page / identify) as NDJSON lines into a string buffer.
 * The per-user parts of a line (ids, context) are serialised once per user, not per event.
 */

/** Event counts and time range of everything written, for truth.json. */
export interface MessageCounts {
  readonly track: Map<string, number>;
  readonly page: Map<string, number>;
  identify: number;
  total: number;
  firstMs: number;
  lastMs: number;
}

export class MessageWriter {
  /** Lines written since the last {@link take}. */
  private buffer = '';
  private idPrefix = '';
  private userPart = '';
  private contextPart = '';
  private seq = 0;
  private readonly clock = new IsoClock();
  readonly counts: MessageCounts = {
    track: new Map(),
    page: new Map(),
    identify: 0,
    total: 0,
    firstMs: Number.POSITIVE_INFINITY,
    lastMs: Number.NEGATIVE_INFINITY,
  };

  /** Switches to a new user; `context` is the Segment `context` object of all their messages. */
  beginUser(userNumber: number, userId: string, anonymousId: string, context: object): void {
    this.idPrefix = `m_${String(userNumber).padStart(6, '0')}_`;
    this.userPart = `"userId":${JSON.stringify(userId)},"anonymousId":${JSON.stringify(anonymousId)},"timestamp":"`;
    this.contextPart = `,"context":${JSON.stringify(context)}}\n`;
    this.seq = 0;
  }

  /** A `track` call. */
  track(ms: number, event: string, properties: object): void {
    this.line('track', ms, `"event":"${event}","properties":${JSON.stringify(properties)}`);
    bump(this.counts.track, event);
  }

  /** A `page` call. */
  page(ms: number, name: string, properties: object): void {
    this.line('page', ms, `"name":"${name}","properties":${JSON.stringify(properties)}`);
    bump(this.counts.page, name);
  }

  /** An `identify` call (no `properties`, as in the spec). */
  identify(ms: number, traits: object): void {
    this.line('identify', ms, `"traits":${JSON.stringify(traits)}`);
    this.counts.identify++;
  }

  /** Characters buffered so far. */
  get pending(): number {
    return this.buffer.length;
  }

  /** Returns and clears the buffered lines. */
  take(): string {
    const out = this.buffer;
    this.buffer = '';
    return out;
  }

  private line(type: string, ms: number, body: string): void {
    const id = this.idPrefix + (this.seq++).toString(36).padStart(4, '0');
    this.buffer += `{"type":"${type}","messageId":"${id}",${this.userPart}${this.clock.iso(ms)}",${body}${this.contextPart}`;
    const c = this.counts;
    c.total++;
    if (ms < c.firstMs) c.firstMs = ms;
    if (ms > c.lastMs) c.lastMs = ms;
  }
}

const DAY_MS = 86_400_000;
const PAD2 = Array.from({ length: 60 }, (_, i) => String(i).padStart(2, '0'));
const PAD3 = Array.from({ length: 1000 }, (_, i) => String(i).padStart(3, '0'));

/**
 * `Date.prototype.toISOString()` for non-negative epoch milliseconds without allocating a Date
 * per call: the `YYYY-MM-DDT` prefix is cached per day and the time of day is assembled from tables.
 */
export class IsoClock {
  private day = Number.NaN;
  private prefix = '';

  iso(ms: number): string {
    const day = Math.floor(ms / DAY_MS);
    if (day !== this.day) {
      this.day = day;
      this.prefix = new Date(day * DAY_MS).toISOString().slice(0, 11);
    }
    let rest = ms - day * DAY_MS;
    const h = Math.floor(rest / 3_600_000);
    rest -= h * 3_600_000;
    const m = Math.floor(rest / 60_000);
    rest -= m * 60_000;
    const sec = Math.floor(rest / 1000);
    return `${this.prefix}${PAD2[h]}:${PAD2[m]}:${PAD2[sec]}.${PAD3[rest - sec * 1000]}Z`;
  }
}

function bump(map: Map<string, number>, key: string): void {
  map.set(key, (map.get(key) ?? 0) + 1);
}
