import { Button, Flex } from 'antd';
import { useEffect, useRef } from 'react';
import { useTranslation } from 'react-i18next';

type LoadMoreProps = {
  hasNextPage: boolean;
  isFetchingNextPage: boolean;
  fetchNextPage: () => unknown;
  testId?: string;
};

/**
 * The end of an endless list: the next page comes when this comes into view (a little before), and
 * the button is there for keyboards, screen readers and browsers that do not tell.
 */
export function LoadMore({ hasNextPage, isFetchingNextPage, fetchNextPage, testId = 'load-more' }: LoadMoreProps) {
  const { t } = useTranslation();
  const ref = useRef<HTMLDivElement>(null);
  useEffect(() => {
    const element = ref.current;
    if (!element || !hasNextPage || isFetchingNextPage || typeof IntersectionObserver === 'undefined') return;
    // Recreated after every page: if the end is still in view, the next page follows at once.
    const observer = new IntersectionObserver(
      (entries) => {
        if (entries.some((entry) => entry.isIntersecting)) void fetchNextPage();
      },
      { rootMargin: '300px 0px' },
    );
    observer.observe(element);
    return () => observer.disconnect();
  }, [hasNextPage, isFetchingNextPage, fetchNextPage]);

  if (!hasNextPage) return null;
  return (
    <div ref={ref}>
      <Flex justify="center" style={{ paddingBlock: 8 }}>
        <Button onClick={() => void fetchNextPage()} loading={isFetchingNextPage} data-testid={testId}>
          {t('common.loadMore')}
        </Button>
      </Flex>
    </div>
  );
}
