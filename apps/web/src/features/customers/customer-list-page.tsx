import { ImportOutlined, MergeCellsOutlined, PlusOutlined, SearchOutlined } from '@ant-design/icons';
import { Button, Flex, Input, Typography } from 'antd';
import { useMemo, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Link } from 'react-router';
import { useCursorList } from '../../api/lists';
import type { Customer } from '../../api/types';
import { useDebouncedValue } from '../../components/use-debounced-value';
import { AdminPage } from '../admin/admin-page';
import { can, useMe } from '../identity/session';
import { BulkActions } from './bulk-actions';
import { ColumnChooser, defaultColumns } from './column-chooser';
import { CustomerFilterPanel } from './customer-filter-panel';
import { hasFilters, useChosenColumns, useCustomerListState } from './customer-list-state';
import { CUSTOMERS_KEY, useCustomerFieldCatalogue, useCustomFields } from './customer-queries';
import { CustomerTable } from './customer-table';
import { CustomersEmpty } from './customers-empty';
import { ExportMenu } from './export-menu';
import { SavedViews, type ViewDefinition } from './saved-views';

/** How long the list waits after the last key before asking the server. */
const TYPING_PAUSE_MS = 200;

export function CustomerListPage() {
  const { t } = useTranslation();
  const me = useMe();
  const { filters, sort, setFilters, setSort, replaceAll } = useCustomerListState();
  const customFields = useCustomFields();
  const catalogue = useCustomerFieldCatalogue();
  const [chosenColumns, chooseColumns] = useChosenColumns();
  const known = new Set(catalogue.rows.map((f) => f.key));
  // A remembered column the server no longer offers (a deleted custom field) is left out.
  const columns = (chosenColumns ?? defaultColumns(catalogue.rows)).filter((key) => !catalogue.rows.length || known.has(key));

  // What the customers must match: the filters, with the search as the server should see it.
  const matchFilters = useMemo(() => {
    const { q: typed, ...rest } = filters;
    const q = typed?.trim();
    return q ? { ...rest, q } : rest;
  }, [filters]);
  const searching = 'q' in matchFilters;
  // With a search the server ranks by relevance and ignores the sort.
  const query = useMemo(() => ({ ...matchFilters, sort: searching ? undefined : (sort ?? undefined) }), [matchFilters, sort, searching]);
  const list = useCursorList<Customer>(CUSTOMERS_KEY, '/v1/customers', useDebouncedValue(query, TYPING_PAUSE_MS));

  const [selected, setSelected] = useState<string[]>([]);
  const [allMatching, setAllMatching] = useState(false);
  // A selection belongs to the list it was made on: other filters, other customers.
  const filterKey = JSON.stringify(filters);
  const [selectionFilterKey, setSelectionFilterKey] = useState(filterKey);
  if (selectionFilterKey !== filterKey) {
    setSelectionFilterKey(filterKey);
    setSelected([]);
    setAllMatching(false);
  }
  const clearSelection = () => {
    setSelected([]);
    setAllMatching(false);
  };

  const current: ViewDefinition = { filters: matchFilters, sort, columns };
  const applyView = (definition: ViewDefinition) => {
    replaceAll(definition.filters, definition.sort);
    chooseColumns(definition.columns.length ? definition.columns : null);
  };

  const isEmptyBase = !hasFilters(filters) && !list.isPending && !list.error && list.rows.length === 0;
  const selectable = can(me, 'customers.update') || can(me, 'customers.delete') || can(me, 'customers.export');

  return (
    <AdminPage
      title={t('customers.title')}
      actions={
        <>
          {can(me, 'customers.import') ? (
            <Link to="/customers/import">
              <Button icon={<ImportOutlined />} data-testid="customers-import">
                {t('customers.import')}
              </Button>
            </Link>
          ) : null}
          {can(me, 'customers.merge') ? (
            <Link to="/customers/duplicates">
              <Button icon={<MergeCellsOutlined />} data-testid="customers-duplicates">
                {t('customers.duplicates')}
              </Button>
            </Link>
          ) : null}
          {can(me, 'customers.create') ? (
            <Link to="/customers/new">
              <Button type="primary" icon={<PlusOutlined />} data-testid="customer-new">
                {t('customers.new')}
              </Button>
            </Link>
          ) : null}
        </>
      }
    >
      {isEmptyBase ? (
        <CustomersEmpty />
      ) : (
        <>
          <Flex gap={8} wrap align="center" style={{ marginBottom: 8 }}>
            <Input
              allowClear
              prefix={<SearchOutlined />}
              value={filters.q ?? ''}
              onChange={(e) => setFilters({ q: e.target.value || undefined })}
              placeholder={t('customers.searchPlaceholder')}
              aria-label={t('customers.searchPlaceholder')}
              style={{ flex: '1 1 240px', maxWidth: 480 }}
              data-testid="customers-search"
            />
            <Flex gap={8} wrap>
              <SavedViews current={current} onApply={applyView} />
              <ColumnChooser catalogue={catalogue.rows} customFields={customFields.rows} columns={columns} onChange={chooseColumns} />
              {can(me, 'customers.export') ? (
                <ExportMenu columns={['name', ...columns]} filters={matchFilters} testId="customers-export" />
              ) : null}
            </Flex>
          </Flex>
          <CustomerFilterPanel
            filters={filters}
            setFilters={setFilters}
            customFields={customFields.rows}
            onClear={() => replaceAll(filters.q ? { q: filters.q } : {}, sort)}
          />
          {searching ? (
            <Typography.Paragraph type="secondary" style={{ marginTop: -4 }} data-testid="customers-relevance">
              {t('customers.rankedByRelevance')}
            </Typography.Paragraph>
          ) : null}
          {selected.length > 0 || allMatching ? (
            <BulkActions
              target={{ ids: selected, allMatching }}
              filters={matchFilters}
              columns={['name', ...columns]}
              onSelectAllMatching={() => setAllMatching(true)}
              onClear={clearSelection}
            />
          ) : null}
          <CustomerTable
            source={list}
            columns={columns}
            catalogue={catalogue.rows}
            customFields={customFields.rows}
            sort={sort}
            onSort={setSort}
            sortable={!searching}
            selected={selected}
            onSelect={setSelected}
            allMatching={allMatching}
            selectable={selectable}
          />
        </>
      )}
    </AdminPage>
  );
}
