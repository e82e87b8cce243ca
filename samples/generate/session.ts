/**
 * One session: a burst of page and track calls seconds to minutes apart, following the
 * Segment e-commerce funnel (browse → Product Added → Cart Viewed → Checkout Started →
 * Coupon Applied → Order Completed), ending either in an order or an abandoned cart.
 */
import { eventGap, MAX_BROWSE_MS, MINUTE_MS, tick } from './calendar.ts';
import {
  CATEGORIES,
  COUPONS,
  pickProduct,
  QUERIES,
  type Catalog,
  type Category,
  type Product,
} from './catalog.ts';
import type { MessageWriter } from './messages.ts';
import type { UserProfile } from './profile.ts';
import { cumulative, pickKey, type Rng } from '../../engine/analysis/random.ts';

/** How the session opens and whether its outcome is forced by the experiment. */
export type Opening =
  | { readonly kind: 'organic' }
  | { readonly kind: 'notification'; readonly product: Product; readonly convert: boolean };

export interface SessionResult {
  /** Time of the session's last event. */
  readonly endMs: number;
  readonly added: boolean;
  readonly ordered: boolean;
  readonly revenue: number;
  readonly coupon: boolean;
}

interface CartLine {
  readonly product: Product;
  quantity: number;
}

const ACTIONS = ['category', 'search', 'product'] as const;
const QUANTITY = cumulative([0.86, 0.11, 0.03]);
const CHECKOUT_GAP_MS = 3 * MINUTE_MS;

/** Per-user session runner: keeps the user's order and cart counters. */
export class SessionRunner {
  private orders = 0;
  private carts = 0;
  private readonly actionTable: Float64Array;

  constructor(
    private readonly user: UserProfile,
    private readonly rng: Rng,
    private readonly writer: MessageWriter,
    private readonly catalog: Catalog,
  ) {
    const w = user.params.actionWeights;
    this.actionTable = cumulative(ACTIONS.map((a) => w[a]));
  }

  /** A category drawn from the user's personal mix. */
  category(): Category {
    return CATEGORIES[this.rng.pick(this.user.categoryMix)] ?? 'books';
  }

  /** A product of `category`; price-sensitive personas take the cheapest of a few candidates. */
  product(category: Category): Product {
    let best = pickProduct(this.rng, this.catalog, category);
    for (let i = 1; i < this.user.params.cheapestOf; i++) {
      const other = pickProduct(this.rng, this.catalog, category);
      if (other.price < best.price) best = other;
    }
    return best;
  }

  /** Writes one session starting at `startMs`. */
  run(startMs: number, opening: Opening): SessionResult {
    const { rng, writer, user } = this;
    const p = user.params;
    const cart: CartLine[] = [];
    const cartId = `c_${user.number}_${++this.carts}`;
    let t = startMs;

    const view = (product: Product): void => {
      writer.page(t, 'Product', { path: `/p/${product.id}`, category: product.category });
      t += tick(rng);
      writer.track(t, 'Product Viewed', {
        product_id: product.id,
        category: product.category,
        price: product.price,
      });
    };
    const add = (product: Product): void => {
      const quantity = rng.pick(QUANTITY) + 1;
      const line = cart.find((l) => l.product === product);
      if (line) line.quantity += quantity;
      else cart.push({ product, quantity });
      writer.track(t, 'Product Added', {
        cart_id: cartId,
        product_id: product.id,
        category: product.category,
        price: product.price,
        quantity,
      });
    };

    if (opening.kind === 'notification') view(opening.product);
    else writer.page(t, 'Home', { path: '/' });

    const actions = 1 + rng.poisson(p.actionsPerSession - 1);
    for (let i = 0; i < actions && t - startMs < MAX_BROWSE_MS; i++) {
      t += eventGap(rng);
      const action = ACTIONS[rng.pick(this.actionTable)] ?? 'product';
      const category = this.category();
      switch (action) {
        case 'category':
          writer.page(t, 'Category', { path: `/c/${category}`, category });
          break;
        case 'search': {
          const queries = QUERIES[category];
          writer.track(t, 'Products Searched', { query: queries[rng.int(queries.length)] ?? '', category });
          break;
        }
        case 'product': {
          const product = this.product(category);
          view(product);
          if (rng.chance(p.addToCartRate)) {
            t += eventGap(rng);
            add(product);
          }
          break;
        }
      }
    }

    if (opening.kind === 'notification' && opening.convert && cart.length === 0) {
      t += eventGap(rng);
      add(opening.product);
    }
    const added = cart.length > 0;
    const complete =
      added && (opening.kind === 'notification' ? opening.convert : rng.chance(p.completeGivenCart));
    if (!added) return { endMs: t, added, ordered: false, revenue: 0, coupon: false };

    const step = (): void => {
      t += Math.min(CHECKOUT_GAP_MS, eventGap(rng));
    };
    const subtotal = cents(cart.reduce((sum, l) => sum + l.product.price * l.quantity, 0));
    const items = cart.reduce((sum, l) => sum + l.quantity, 0);
    const viewCart = complete || rng.chance(0.5);
    if (viewCart) {
      step();
      writer.page(t, 'Cart', { path: '/cart' });
      t += tick(rng);
      writer.track(t, 'Cart Viewed', { cart_id: cartId, value: subtotal, items });
    }
    const orderId = `o_${user.number}_${this.orders + 1}`;
    if (complete || (viewCart && rng.chance(0.4))) {
      step();
      writer.page(t, 'Checkout', { path: '/checkout' });
      t += tick(rng);
      writer.track(t, 'Checkout Started', {
        order_id: orderId,
        cart_id: cartId,
        value: subtotal,
        currency: 'USD',
      });
    }
    if (!complete) return { endMs: t, added, ordered: false, revenue: 0, coupon: false };

    this.orders++;
    let discount = 0;
    let coupon: string | undefined;
    if (rng.chance(p.couponRate)) {
      const code = pickKey(rng, p.couponWeights);
      coupon = code;
      discount = cents(subtotal * COUPONS[code]);
      step();
      writer.track(t, 'Coupon Applied', { order_id: orderId, cart_id: cartId, coupon_id: code, discount });
    }
    const revenue = cents(subtotal - discount);
    step();
    writer.track(t, 'Order Completed', {
      order_id: orderId,
      subtotal,
      revenue,
      discount,
      ...(coupon === undefined ? {} : { coupon }),
      currency: 'USD',
      products: cart.map((l) => ({
        product_id: l.product.id,
        category: l.product.category,
        price: l.product.price,
        quantity: l.quantity,
      })),
    });
    return { endMs: t, added, ordered: true, revenue, coupon: coupon !== undefined };
  }
}

/** Rounds to cents. */
export function cents(x: number): number {
  return Math.round(x * 100) / 100;
}
