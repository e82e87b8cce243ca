/** The fictional shop: categories, products, coupons, and the world its users live in. */
import { cumulative, type Rng } from '../../engine/analysis/random.ts';

export const CATEGORIES = ['electronics', 'fashion', 'home', 'books', 'sports', 'beauty'] as const;
export type Category = (typeof CATEGORIES)[number];

export const DEVICES = ['mobile', 'desktop', 'tablet'] as const;
export type DeviceType = (typeof DEVICES)[number];

export const PLANS = ['free', 'plus', 'premium'] as const;
export type Plan = (typeof PLANS)[number];

export const GENDERS = ['female', 'male', 'other'] as const;
export type Gender = (typeof GENDERS)[number];

export interface Product {
  readonly id: string;
  readonly category: Category;
  /** Unit price in USD, cents-rounded. */
  readonly price: number;
}

/** Price distribution per category: log-normal median and spread, clamped to [min, max]. */
const PRICE: Record<Category, { median: number; sigma: number; min: number; max: number }> = {
  electronics: { median: 70, sigma: 0.6, min: 15, max: 280 },
  fashion: { median: 38, sigma: 0.5, min: 9, max: 160 },
  home: { median: 32, sigma: 0.6, min: 6, max: 200 },
  books: { median: 16, sigma: 0.35, min: 5, max: 45 },
  sports: { median: 40, sigma: 0.55, min: 8, max: 190 },
  beauty: { median: 22, sigma: 0.45, min: 5, max: 90 },
};

export const PRODUCTS_PER_CATEGORY = 60;

/** Search terms typed by users, per category. */
export const QUERIES: Record<Category, readonly string[]> = {
  electronics: ['headphones', 'usb c cable', 'smart watch', 'bluetooth speaker', 'laptop stand', 'charger'],
  fashion: ['sneakers', 'summer dress', 'denim jacket', 'linen shirt', 'sunglasses', 'backpack'],
  home: ['desk lamp', 'throw pillow', 'coffee grinder', 'storage box', 'bed sheets', 'plant pot'],
  books: ['thriller', 'cookbook', 'fantasy series', 'biography', 'graphic novel', 'self help'],
  sports: ['yoga mat', 'running shoes', 'dumbbells', 'water bottle', 'bike light', 'tennis balls'],
  beauty: ['sunscreen', 'face serum', 'shampoo', 'lip balm', 'perfume', 'hand cream'],
};

/** Coupon codes and the share of the subtotal each one takes off. */
export const COUPONS = { SAVE10: 0.1, SAVE20: 0.2, FLASH30: 0.3, WELCOME15: 0.15 } as const;
export type CouponCode = keyof typeof COUPONS;

/** Country of residence: weight and the locale its users' devices report. */
export const COUNTRIES = {
  US: { weight: 30, locale: 'en-US' },
  GB: { weight: 10, locale: 'en-GB' },
  DE: { weight: 10, locale: 'de-DE' },
  FR: { weight: 8, locale: 'fr-FR' },
  ES: { weight: 6, locale: 'es-ES' },
  IT: { weight: 5, locale: 'it-IT' },
  NL: { weight: 4, locale: 'nl-NL' },
  SE: { weight: 3, locale: 'sv-SE' },
  CA: { weight: 6, locale: 'en-CA' },
  AU: { weight: 4, locale: 'en-AU' },
  BR: { weight: 6, locale: 'pt-BR' },
  IN: { weight: 5, locale: 'en-IN' },
  JP: { weight: 3, locale: 'ja-JP' },
} as const;
export type Country = keyof typeof COUNTRIES;

/** Operating systems by device type, with weights. */
export const OPERATING_SYSTEMS: Record<DeviceType, Readonly<Record<string, number>>> = {
  mobile: { iOS: 55, Android: 45 },
  desktop: { Windows: 60, macOS: 32, Linux: 8 },
  tablet: { iPadOS: 65, Android: 35 },
};

/** The products of one category with a Zipf-like popularity table (rank r has weight 1/(r+2)). */
export interface Shelf {
  readonly products: readonly Product[];
  readonly popularity: Float64Array;
}

export interface Catalog {
  readonly shelves: Readonly<Record<Category, Shelf>>;
  readonly size: number;
}

/** Builds the product catalog: {@link PRODUCTS_PER_CATEGORY} products per category, seeded prices. */
export function buildCatalog(rng: Rng): Catalog {
  const shelves = {} as Record<Category, Shelf>;
  let n = 0;
  for (const category of CATEGORIES) {
    const p = PRICE[category];
    const products: Product[] = [];
    for (let i = 0; i < PRODUCTS_PER_CATEGORY; i++) {
      n++;
      const raw = p.median * Math.exp(p.sigma * rng.normal());
      const price = Math.round(Math.min(p.max, Math.max(p.min, raw)) * 100) / 100 - 0.01;
      products.push({
        id: `p_${String(n).padStart(4, '0')}`,
        category,
        price: Math.round(price * 100) / 100,
      });
    }
    const weights = products.map((_, rank) => 1 / (rank + 2));
    shelves[category] = { products, popularity: cumulative(weights) };
  }
  return { shelves, size: n };
}

/** Draws a product of a category by popularity. */
export function pickProduct(rng: Rng, catalog: Catalog, category: Category): Product {
  const shelf = catalog.shelves[category];
  return shelf.products[rng.pick(shelf.popularity)] as Product;
}
