/**
 * The shop this storefront sells for. Anonymous requests name it in X-Shop; accounts are made
 * and signed into there (a token then decides the shop on its own).
 */
export const STOREFRONT_SHOP = 'demo';
