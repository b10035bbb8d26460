import { useQuery, type QueryClient } from '@tanstack/react-query';
import { api } from '../../api/client';
import { useCursorList } from '../../api/lists';
import type { Contact, Customer, CustomerFieldInfo, CustomerView, CustomField } from '../../api/types';

/**
 * Every cached customer query starts with this key, so one invalidation after a write refreshes the
 * list, the customer pages and their tabs together.
 */
export const CUSTOMERS_KEY = 'customers';

export function refreshCustomers(queryClient: QueryClient): Promise<void> {
  return queryClient.invalidateQueries({ queryKey: [CUSTOMERS_KEY] });
}

export function useCustomer(id: string | undefined) {
  return useQuery({
    queryKey: [CUSTOMERS_KEY, 'one', id],
    queryFn: ({ signal }) => api.get<Customer>(`/v1/customers/${id}`, undefined, signal),
    enabled: !!id,
  });
}

/** The fields administrators added, in their chosen order. */
export function useCustomFields() {
  const query = useQuery({
    queryKey: ['custom-fields'],
    queryFn: ({ signal }) => api.get<{ data: CustomField[] }>('/v1/custom-fields', undefined, signal),
    staleTime: 60_000,
  });
  const rows = [...(query.data?.data ?? [])].sort((a, b) => a.position - b.position);
  return { ...query, rows };
}

/** The catalogue of customer fields the server lists and exports, as the reader may see them. */
export function useCustomerFieldCatalogue() {
  const query = useQuery({
    queryKey: ['customer-fields'],
    queryFn: ({ signal }) => api.get<{ data: CustomerFieldInfo[] }>('/v1/customer-fields', undefined, signal),
    staleTime: 60_000,
  });
  return { ...query, rows: query.data?.data ?? [] };
}

export const VIEWS_KEY = ['customer-views'] as const;

export function useCustomerViews() {
  const query = useQuery({
    queryKey: VIEWS_KEY,
    queryFn: ({ signal }) => api.get<{ data: CustomerView[] }>('/v1/customer-views', undefined, signal),
  });
  return { ...query, rows: query.data?.data ?? [] };
}

/** A customer's contacts, primary first (the header card and the contacts tab share this query). */
export function useContacts(customerId: string) {
  const list = useCursorList<Contact>(CUSTOMERS_KEY, `/v1/customers/${customerId}/contacts`);
  const rows = [...list.rows].sort((a, b) => Number(b.isPrimary) - Number(a.isPrimary));
  return { ...list, rows };
}
