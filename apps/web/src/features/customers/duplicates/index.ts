/** The duplicates screens: route /customers/duplicates (with the merge history as a tab) and, optionally, /customers/merges. */
export { DuplicatesPage } from './duplicates-page';
export { MergesPage } from './merge-history';
export { duplicatesEn, duplicatesZhCN, duplicatesZhTW } from './messages';
