/** The customer import screens: routes /customers/import, /customers/imports and /customers/imports/:id. */
export { ImportPage } from './import-page';
export { ImportRunPage } from './import-run-page';
export { ImportsListPage } from './imports-list-page';
export { importEn, importZhCN, importZhTW } from './messages';
